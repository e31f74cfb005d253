"""Alembic's environment: run by database.open_database, never from a
command line, on the connection (and transaction) it passes in."""
from alembic import context

from docker_dashboard.proxy.state import schema

if context.is_offline_mode():
    raise RuntimeError("The proxy's migrations run online only, when the "
                       "proxy opens its database")

context.configure(connection=context.config.attributes["connection"],
                  target_metadata=schema.metadata,
                  # SQLite cannot ALTER most things: later revisions
                  # rebuild its tables (op.batch_alter_table).
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
