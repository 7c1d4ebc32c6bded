"""The timeline: every meeting by year, newest first, held (with an acta) or only announced, and the empty years."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..modelo.build import Build
from ..modelo.indexes import Announced
from ..modelo.model import Acta


@dataclass(frozen=True)
class Meeting:
    """A meeting on the timeline: held, with its acta, or announced in another acta and without one of its own."""

    date: dt.date
    acta: Acta | None = None
    announced: Announced | None = None


@dataclass(frozen=True)
class TimelineYear:
    """A year with meetings, newest first, and the years without any meeting just before it (oldest first)."""

    year: int
    meetings: tuple[Meeting, ...]
    empty_before: tuple[int, ...] = ()


def timeline(build: Build) -> tuple[TimelineYear, ...]:
    """Every acta and every announced meeting, newest first, grouped by year; a year lists the empty years before it."""
    meetings = [Meeting(a.date, acta=a) for a in build.archive.actas]
    meetings += [Meeting(n.date, announced=n) for n in build.indexes.announced]
    meetings.sort(key=lambda m: (m.date, m.acta.slug if m.acta else ""), reverse=True)
    groups = [(year, tuple(group)) for year, group in itertools.groupby(meetings, key=lambda m: m.date.year)]
    older = [year for year, _ in groups[1:]]
    return tuple(TimelineYear(year, group, tuple(range(older[i] + 1, year)) if i < len(older) else ())
                 for i, (year, group) in enumerate(groups))
