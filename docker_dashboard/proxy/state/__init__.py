"""The proxy's state: who owns which image, and the long tasks.

Kept in a SQL database through SQLAlchemy Core (database.py, schema.py),
its shape changed only by alembic migrations (migrations/): SQLite under
DD_PROXY_STATE by default, MariaDB/MySQL or PostgreSQL (DD_DATABASE_URL)
when several proxy processes share one record.
"""
from docker_dashboard.proxy.state.ownership import Ownership  # noqa: F401
from docker_dashboard.proxy.state.ownership import PUBLIC_OWNER  # noqa: F401
from docker_dashboard.proxy.state.ownership import normal_ref  # noqa: F401
