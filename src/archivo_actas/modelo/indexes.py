"""Indexes across actas, built in one pass: who attended what, who answers for which acuerdo."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from .archive import Archive
from .interventions import Intervention
from .model import Acta, Acuerdo, Attendee
from .registry import Institution, Person
from .vocabulary import DEFAULT_STATUS
from .wording import acuerdo_anchor

# Statuses after which an acuerdo is no longer open.
CLOSED_STATUSES = frozenset({"cumplido", "incumplido", "descartado"})


@dataclass(frozen=True)
class Attendance:
    """One attendee line of one acta."""

    acta: Acta
    attendee: Attendee


@dataclass(frozen=True)
class AcuerdoEntry:
    """An acuerdo with its acta; anchor is its citable id in the tracker: 'AAAA-MM-DD-N'."""

    acta: Acta
    acuerdo: Acuerdo

    @property
    def anchor(self) -> str:
        return acuerdo_anchor(self.acta.slug, self.acuerdo.number)

    @property
    def reference(self) -> str:
        """The form 'seguimiento' uses: 'AAAA-MM-DD#N'."""
        return f"{self.acta.slug}#{self.acuerdo.number}"

    @property
    def is_open(self) -> bool:
        return self.acuerdo.status not in CLOSED_STATUSES

    def overdue(self, today: dt.date) -> bool:
        """Its concrete plazo has passed and no fulfilment is recorded; not a claim that it failed."""
        deadline = self.acuerdo.deadline
        return bool(deadline and deadline.date and deadline.date < today
                    and self.acuerdo.status in (DEFAULT_STATUS, "en_curso"))


@dataclass(frozen=True)
class Said:
    """An intervention with its acta: what one speaker said at one meeting."""

    acta: Acta
    intervention: Intervention

    @property
    def anchor(self) -> str:
        return self.intervention.anchor


@dataclass(frozen=True)
class PersonEntry:
    """A person's page: meetings attended, acuerdos answered for, minutes drafted."""

    person: Person
    slug: str
    attendances: tuple[Attendance, ...]
    acuerdos: tuple[AcuerdoEntry, ...]
    drafted: tuple[Acta, ...]
    said: tuple[Said, ...] = ()

    @property
    def dates(self) -> list[dt.date]:
        """Every date the person appears on, sorted."""
        return sorted({a.acta.date for a in self.attendances} | {e.acta.date for e in self.acuerdos}
                      | {a.date for a in self.drafted})

    @property
    def meetings(self) -> int:
        return len({a.acta.slug for a in self.attendances})


@dataclass(frozen=True)
class InstitutionEntry:
    """An institution's page: meetings where it was represented, with whom, and its acuerdos."""

    institution: Institution
    slug: str
    attendances: tuple[Attendance, ...]
    acuerdos: tuple[AcuerdoEntry, ...]
    children: tuple[str, ...]
    said: tuple[Said, ...] = ()

    @property
    def by_meeting(self) -> list[tuple[Acta, tuple[Attendee, ...]]]:
        """Each meeting with its representatives there, oldest first."""
        grouped: dict[str, list[Attendance]] = defaultdict(list)
        for attendance in self.attendances:
            grouped[attendance.acta.slug].append(attendance)
        return [(group[0].acta, tuple(a.attendee for a in group)) for _slug, group in sorted(grouped.items())]

    @property
    def meetings(self) -> int:
        return len({a.acta.slug for a in self.attendances})

    @property
    def took_part(self) -> bool:
        """Represented at a meeting or responsible for an acuerdo; otherwise only in the registry (e.g. a parent)."""
        return bool(self.attendances or self.acuerdos)


@dataclass(frozen=True)
class Announced:
    """A next meeting announced in an acta, with no acta of its own in the archive."""

    date: dt.date
    announced_in: Acta


@dataclass(frozen=True)
class Indexes:
    """Every index of the archive."""

    people: dict[str, PersonEntry]
    institutions: dict[str, InstitutionEntry]
    acuerdos: tuple[AcuerdoEntry, ...]
    announced: tuple[Announced, ...]

    def acuerdo(self, reference: str) -> AcuerdoEntry | None:
        """The acuerdo named 'AAAA-MM-DD#N'."""
        return self._by_reference.get(reference)

    @cached_property
    def _by_reference(self) -> dict[str, AcuerdoEntry]:
        return {entry.reference: entry for entry in self.acuerdos}

    @cached_property
    def followed_by(self) -> dict[str, tuple[AcuerdoEntry, ...]]:
        """For each acuerdo reference, the later acuerdos that follow it up."""
        followers: dict[str, list[AcuerdoEntry]] = defaultdict(list)
        for entry in self.acuerdos:
            if entry.acuerdo.follows:
                followers[entry.acuerdo.follows].append(entry)
        return {ref: tuple(entries) for ref, entries in followers.items()}


def build_indexes(archive: Archive) -> Indexes:
    """One pass over the actas fills every index."""
    registry = archive.registry
    attended: dict[str, list[Attendance]] = defaultdict(list)
    represented: dict[str, list[Attendance]] = defaultdict(list)
    person_acuerdos: dict[str, list[AcuerdoEntry]] = defaultdict(list)
    institution_acuerdos: dict[str, list[AcuerdoEntry]] = defaultdict(list)
    drafted: dict[str, list[Acta]] = defaultdict(list)
    said: dict[str, list[Said]] = defaultdict(list)
    acuerdos: list[AcuerdoEntry] = []
    dates = {acta.date for acta in archive.actas}
    announced: dict[dt.date, Acta] = {}
    for acta in archive.actas:
        for attendee in acta.attendees:
            attendance = Attendance(acta, attendee)
            if attendee.person:
                attended[attendee.person].append(attendance)
            if attendee.institution:
                represented[attendee.institution].append(attendance)
        for acuerdo in acta.acuerdos:
            entry = AcuerdoEntry(acta, acuerdo)
            acuerdos.append(entry)
            responsibles = acuerdo.answerable
            for person in dict.fromkeys(r.person for r in responsibles if r.person):
                person_acuerdos[person].append(entry)
            for institution in dict.fromkeys(r.institution for r in responsibles if r.institution):
                institution_acuerdos[institution].append(entry)
        for author in acta.authors:
            drafted[author.person].append(acta)
        for intervention in acta.interventions:
            for speaker in intervention.speakers:
                said[speaker.person or f"institucion:{speaker.institution}"].append(Said(acta, intervention))
        if acta.next_meeting and acta.next_meeting.date and acta.next_meeting.date not in dates:
            announced.setdefault(acta.next_meeting.date, acta)
    children: dict[str, list[str]] = defaultdict(list)
    for id_, institution in registry.institutions.items():
        if institution.parent:
            children[institution.parent].append(id_)
    people = {
        id_: PersonEntry(person, id_, tuple(attended[id_]), tuple(person_acuerdos[id_]), tuple(drafted[id_]),
                         tuple(said[id_]))
        for id_, person in sorted(registry.people.items())
    }
    institutions = {
        id_: InstitutionEntry(institution, id_, tuple(represented[id_]), tuple(institution_acuerdos[id_]),
                              tuple(sorted(children[id_])), tuple(said[f"institucion:{id_}"]))
        for id_, institution in sorted(registry.institutions.items())
    }
    return Indexes(
        people=people,
        institutions=institutions,
        acuerdos=tuple(acuerdos),
        announced=tuple(Announced(date, acta) for date, acta in sorted(announced.items())),
    )
