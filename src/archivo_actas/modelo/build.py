"""One build's facts as a value: the archive, its indexes, the day deciding overdue plazos and the site's address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .archive import Archive
from .history import History, Repository
from .indexes import Indexes, build_indexes
from .registry import Registry


@dataclass(frozen=True)
class Build:
    """What every page and export of one build is made from; made once, never changed."""

    archive: Archive
    indexes: Indexes
    today: dt.date
    base_url: str = ""
    history: History = History(unavailable="no se leyó el historial")
    repository: Repository = Repository()

    @classmethod
    def of(cls, archive: Archive, today: dt.date, base_url: str = "", history: History | None = None,
           repository: Repository | None = None) -> Build:
        """The build of a valid archive: its indexes are made here, in one pass."""
        return cls(archive, build_indexes(archive), today, base_url, history or cls.history,
                   repository or Repository())

    @property
    def registry(self) -> Registry:
        return self.archive.registry
