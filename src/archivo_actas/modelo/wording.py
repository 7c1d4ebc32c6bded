"""What readers read, written once: addresses and links, plazos, responsables, tabla summary, acuerdo anchors, order."""

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


# Addresses of pages (directory URLs: 'actas/AAAA-MM-DD/') and relative links between them.
def page_url(src_uri: str) -> str:
    """'index.md' → '', 'actas/index.md' → 'actas/', 'actas/2019-01-23.md' → 'actas/2019-01-23/'."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def href(here: str, target: str) -> str:
    """A relative link from the page at URL here to the site-root URL target (a '?query' and '#anchor' may follow)."""
    path = target.split("#", 1)[0]
    if "#" in target and "?" not in target and path == here:
        return target[len(path):]
    return "../" * here.count("/") + target if (here or target) else "./"


def acta_url(slug: str) -> str:
    return f"actas/{slug}/"


def original_url(file: str) -> str:
    """The original document of an acta, as the archive keeps it: 'actas/originales/<archivo>'."""
    return f"{ACTAS_URL}originales/{file}"


def person_url(slug: str) -> str:
    return f"personas/{slug}/"


def institution_url(slug: str) -> str:
    return f"instituciones/{slug}/"


ACTAS_URL = "actas/"
PEOPLE_URL = "personas/"
INSTITUTIONS_URL = "instituciones/"
TIMELINE_URL = "cronologia/"
ACUERDOS_URL = "acuerdos/"


def acuerdo_url(anchor: str) -> str:
    """An acuerdo's place in the tracker: 'acuerdos/#AAAA-MM-DD-N'."""
    return f"{ACUERDOS_URL}#{anchor}"


def responsible_filter(kind: str, responsible_id: str) -> str:
    """The tracker's filter value for a responsable: 'p:<id>' for a person, 'i:<id>' for an institution."""
    return f"{kind[0]}:{responsible_id}"


def responsible_filter_url(kind: str, responsible_id: str) -> str:
    """The tracker showing only one responsable's acuerdos."""
    return f"{ACUERDOS_URL}?responsable={responsible_filter(kind, responsible_id)}"
