"""An acta's change history and where the archive's files live online, as values (git is read by the site layer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DEFAULT_BRANCH = "main"
# How sitio.history asks git for the log: one record per commit (hash, strict ISO date, subject), then its files.
RECORD, FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    """One commit that changed an acta's file."""

    commit: str
    date: dt.date
    message: str


@dataclass(frozen=True)
class History:
    """The changes of every acta file, newest first, by path ('actas/2019-01-23.md'); unavailable says why not."""

    changes: dict[str, tuple[Change, ...]] = field(default_factory=dict)
    unavailable: str | None = None

    def of(self, path: str) -> tuple[Change, ...]:
        return self.changes.get(path, ())


@dataclass(frozen=True)
class Repository:
    """Where the archive's files are online: a GitHub repository and the branch the site is built from."""

    url: str | None = None
    branch: str = DEFAULT_BRANCH

    def file_url(self, path: str) -> str | None:
        return f"{self.url}/blob/{self.branch}/{path}" if self.url else None

    def edit_url(self, path: str) -> str | None:
        return f"{self.url}/edit/{self.branch}/{path}" if self.url else None

    def commit_url(self, commit: str) -> str | None:
        return f"{self.url}/commit/{commit}" if self.url else None


def parse_log(text: str) -> dict[str, tuple[Change, ...]]:
    """The output of 'git log --name-only' in _FORMAT, as the changes of each file, newest first."""
    changes: dict[str, list[Change]] = {}
    for record in text.split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit, date, message = header.split(FIELD, 2)
        change = Change(commit, dt.datetime.fromisoformat(date).date(), message)
        for name in filter(None, (line.strip() for line in names.split("\n"))):
            changes.setdefault(name, []).append(change)
    return {name: tuple(found) for name, found in sorted(changes.items())}
