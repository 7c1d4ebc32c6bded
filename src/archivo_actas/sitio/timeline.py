"""Where each meeting sits on the drawn timeline: a line from the first year to the last, with a tick per year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..modelo import dates, wording
from ..modelo.build import Build

WIDTH, MARGIN = 760, 20


@dataclass(frozen=True)
class TimelinePoint:
    """A meeting on the drawn timeline: x in the SVG, and whether it has an acta."""

    x: float
    date: dt.date
    label: str
    url: str | None


@dataclass(frozen=True)
class Timeline:
    """The points, the year ticks (year, x) and the drawing's width."""

    points: tuple[TimelinePoint, ...]
    ticks: tuple[tuple[int, float], ...]
    width: int = WIDTH


def timeline(build: Build) -> Timeline:
    """Meetings and announced meetings placed on a line from the first to the last year; and the year ticks."""
    events = [(a.date, dates.long_date(a.date), wording.acta_url(a.slug)) for a in build.archive.actas]
    events += [(n.date, f"{dates.long_date(n.date)} (anunciada, sin acta)", None) for n in build.indexes.announced]
    if not events:
        return Timeline((), ())
    first, last = min(e[0] for e in events).year, max(e[0] for e in events).year + 1
    start, span = dt.date(first, 1, 1), (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days

    def x(day: dt.date) -> float:
        return round(MARGIN + (WIDTH - 2 * MARGIN) * (day - start).days / span, 1)

    ordered = sorted(events, key=lambda e: (e[0], e[2] is None))
    points = tuple(TimelinePoint(x(d), d, label, url) for d, label, url in ordered)
    return Timeline(points, tuple((year, x(dt.date(year, 1, 1))) for year in range(first, last + 1)))
