"""What every use case needs: a unit-of-work factory, the clock and the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.catalogue import Catalogue, load_catalogue
from service.catalogues import CatalogueCache
from service.files import Files, NoFiles
from service.windows import WindowCache
from storage.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Services:
    uow: Callable[[], UnitOfWork]
    clock: Callable[[], datetime] = utc_now
    catalogue: Catalogue | None = None
    windows: WindowCache = field(default_factory=WindowCache)
    catalogues: CatalogueCache = field(default_factory=CatalogueCache)
    files: Files = field(default_factory=NoFiles)  # where documents to import come from

    @property
    def exercises(self) -> Catalogue:
        return self.catalogue or load_catalogue()


@dataclass(frozen=True, slots=True)
class IncomingText:
    """A chat message reduced to what the use cases need (from Telegram or the terminal)."""

    user_id: int
    chat_id: int
    message_id: int
    text: str
    sent_at: datetime
    first_name: str | None = None
