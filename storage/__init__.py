"""Persistence: SQLAlchemy 2 schema, Alembic migrations and queries returning core dataclasses."""
