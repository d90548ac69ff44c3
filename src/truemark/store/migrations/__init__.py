"""Alembic migrations of the truemark database, shipped inside the package."""
