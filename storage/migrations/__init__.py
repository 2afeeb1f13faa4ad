"""Alembic migrations of the ToFailure schema."""
