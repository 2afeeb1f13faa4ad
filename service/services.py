"""What every use case needs: a unit-of-work factory, the clock, the catalogue, the window cache,
where files come from and where charts are drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.catalogue import Catalogue, load_catalogue
from service.catalogues import CatalogueCache
from service.charts import ChartPool
from service.files import Files, NoFiles
from service.windows import WindowCache
from storage.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Services:
    uow: Callable[[], UnitOfWork]
    clock: Callable[[], datetime] = utc_now
    catalogue: Catalogue = field(default_factory=load_catalogue)
    windows: WindowCache = field(default_factory=WindowCache)
    catalogues: CatalogueCache = field(default_factory=CatalogueCache)
    files: Files = field(default_factory=NoFiles)  # where documents to import come from
    charts: ChartPool = field(default_factory=ChartPool)  # where charts are drawn (a thread)
