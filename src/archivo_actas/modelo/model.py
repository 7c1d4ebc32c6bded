"""The acta and its parts, as read from a validated front matter."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .vocabulary import DEFAULT_STATUS, GROUPS


@dataclass(frozen=True)
class Attendee:
    """One line of the attendance list: a registry person, an institution, or both."""

    person: str | None = None
    cargo: str | None = None
    institution: str | None = None
    on_behalf_of: str | None = None
    note: str | None = None
    group: str = ""
    position: int = 0


@dataclass(frozen=True)
class Responsible:
    """Who answers for an acuerdo: a registry person and/or institution, or the source's own words."""

    person: str | None = None
    institution: str | None = None
    text: str | None = None
    members: tuple[Responsible, ...] = ()

    def named(self) -> tuple[Responsible, ...]:
        """The responsable, then the members of the group its words name (a subgroup and who is in it)."""
        return (self, *self.members)


@dataclass(frozen=True)
class Deadline:
    """A plazo: on a date ('fecha'), by a date ('hasta'), or in words ('a la brevedad', 'por definir')."""

    kind: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Acuerdo:
    """An agreement; number is its 1-based position in the acta."""

    text: str
    responsibles: tuple[Responsible, ...] | None
    deadline: Deadline | None = None
    status: str = DEFAULT_STATUS
    status_note: str | None = None
    follows: str | None = None
    note: str | None = None
    number: int = 0

    @property
    def answerable(self) -> tuple[Responsible, ...]:
        """Everyone who answers for it: each responsable and the members of a group a responsable names."""
        return tuple(named for r in self.responsibles or () for named in r.named())


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting as the acta announces it: a date, or 'por definir', with the source's words."""

    date: dt.date | None = None
    words: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Author:
    """Who drafted the minutes, and the initials the source signs with."""

    person: str
    signature: str | None = None


@dataclass(frozen=True)
class Source:
    """The original document kept in actas/originales/, with its checksum and curation notes."""

    file: str
    sha256: str
    kind: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acta:
    """One meeting's minutes; slug is the file name without '.md' and the page's URL segment."""

    slug: str
    path: str
    date: dt.date
    title: str
    start: dt.time | None
    end: dt.time | None
    place: str | None
    attendees: tuple[Attendee, ...]
    tabla: tuple[str, ...]
    acuerdos: tuple[Acuerdo, ...]
    authors: tuple[Author, ...]
    source: Source
    body: str
    date_certainty: str = "exacta"
    date_note: str | None = None
    next_meeting: NextMeeting | None = None
    topics: tuple[str, ...] = ()
    narrative: tuple = ()  # the body, cleaned: body.Heading and body.Fragment parts
    interventions: tuple = ()  # interventions.Intervention, in reading order
    # The front matter as written (scalars as strings, null as null), in JSON: one text is light to pass between
    # processes and to keep.
    header: str = field(default="{}", compare=False, repr=False)
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # field path -> line of the file

    @property
    def front_matter(self) -> dict:
        """The front matter as written: scalars as strings, null as None."""
        return json.loads(self.header)

    @property
    def attendees_by_group(self) -> dict[str, tuple[Attendee, ...]]:
        """Attendees grouped as in the source, groups in vocabulary order."""
        return {g: tuple(a for a in self.attendees if a.group == g) for g in GROUPS
                if any(a.group == g for a in self.attendees)}
