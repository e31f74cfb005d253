"""Alembic's scripts for the state database, run by database.open_database.

A package (versions/ too) so that an installed wheel carries them. A new
revision is a new file in versions/ whose down_revision is the newest one,
with schema.py changed to the same shape (tests/unit/proxy/
test_state_migrations.py checks that they agree).
"""
