"""What readers read, written once: plazos, responsables, the tabla summary, acuerdo anchors, newest-first order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from . import dates
from .model import Acta, Deadline, Responsible
from .vocabulary import DEADLINE_WORDS


def deadline_text(deadline: Deadline | None) -> str:
    """'9 de noviembre de 2018', 'Hasta el 22 de noviembre de 2018', 'A la brevedad' or 'No consta'."""
    if deadline is None:
        return "No consta"
    if deadline.kind == "fecha":
        return dates.long_date(deadline.date)
    if deadline.kind == "hasta":
        return f"Hasta el {dates.long_date(deadline.date)}"
    return DEADLINE_WORDS[deadline.kind]


def responsible_parts(responsible: Responsible) -> list[tuple[str, str | None]]:
    """A responsable as (kind, id) pairs in reading order: the person, the source's words, the institution."""
    parts: list[tuple[str, str | None]] = []
    if responsible.person:
        parts.append(("persona", responsible.person))
    if responsible.text:
        parts.append(("texto", None))
    if responsible.institution:
        parts.append(("institucion", responsible.institution))
    return parts


def responsible_name(registry, responsible: Responsible, when: dt.date) -> str:
    """'Person, Institution', 'Words, Institution', 'Institution' or 'Person', as plain text."""
    names = {"persona": lambda: registry.people[responsible.person].name, "texto": lambda: responsible.text,
             "institucion": lambda: registry.institutions[responsible.institution].label(when)}
    return ", ".join(names[kind]() for kind, _id in responsible_parts(responsible))


def tabla_summary(tabla: Iterable[str]) -> str:
    """'Tabla: 1) First point. 2) Second point.'"""
    return "Tabla: " + " ".join(f"{i}) {item}" for i, item in enumerate(tabla, start=1))


def acuerdo_anchor(slug: str, number: int) -> str:
    """The acuerdo's anchor and id everywhere: 'AAAA-MM-DD-N' (on /acuerdos/, in the data, in search)."""
    return f"{slug}-{number}"


def newest_first(actas: Iterable[Acta]) -> list[Acta]:
    """Actas from the latest meeting back; meetings of one day by their file's suffix, the last first."""
    return sorted(actas, key=lambda a: (a.date, a.slug), reverse=True)
