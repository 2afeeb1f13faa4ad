"""The durable inbox: updates stay pending until marked done; a re-delivered batch is kept once."""

from __future__ import annotations

from service import inbox
from service.services import Services


async def test_inbox_keeps_unfinished_updates(svc: Services) -> None:
    await inbox.store(svc, [(10, {"update_id": 10}), (11, {"update_id": 11})])
    await inbox.store(svc, [(11, {"update_id": 11})])  # the same batch again
    await inbox.store(svc, [], done=[10])  # marks ride along with the next write
    assert await inbox.pending(svc) == [(11, {"update_id": 11})]
