"""Storage errors the service layer may react to (no SQLAlchemy types leak out)."""


class DuplicateError(Exception):
    """A unique key (e.g. the same chat message logged twice) was already taken."""
