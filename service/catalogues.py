"""A per-process cache of each active user's catalogue (the shipped one plus their own
exercises), trusted only while the user's exercises revision is the one it was built at."""

from __future__ import annotations

from collections import OrderedDict

from core.catalogue import Catalogue

DEFAULT_USERS = 256  # catalogues kept per process; one costs a few KB next to the shared one


class CatalogueCache:
    """Each active user's catalogue with the revision it was built at (LRU, per process)."""

    def __init__(self, max_users: int = DEFAULT_USERS) -> None:
        self._max = max_users
        self._catalogues: OrderedDict[int, tuple[int, Catalogue]] = OrderedDict()

    def get(self, user_id: int, revision: int) -> Catalogue | None:
        found = self._catalogues.get(user_id)
        if found is None or found[0] != revision:
            return None
        self._catalogues.move_to_end(user_id)
        return found[1]

    def put(self, user_id: int, revision: int, catalogue: Catalogue) -> None:
        self._catalogues[user_id] = (revision, catalogue)
        self._catalogues.move_to_end(user_id)
        while len(self._catalogues) > self._max:
            self._catalogues.popitem(last=False)
