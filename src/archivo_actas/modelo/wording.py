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
    """'Person, Institution', 'Words, Institution', 'Institution' or 'Person', as plain text; a group's words are
    followed by who is in it ('Subgrupo…, integrado por: A, B y C')."""
    names = {"persona": lambda: registry.people[responsible.person].name, "texto": lambda: responsible.text,
             "institucion": lambda: registry.institutions[responsible.institution].label(when)}
    own = ", ".join(names[kind]() for kind, _id in responsible_parts(responsible))
    if not responsible.members:
        return own
    return f"{own}{MEMBERS_INTRO}{spanish_list([responsible_name(registry, m, when) for m in responsible.members])}"


MEMBERS_INTRO = ", integrado por: "


def spanish_list(items: list[str]) -> str:
    """'A', 'A y B', 'A, B y C'."""
    return " y ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def attendee_role(attendee) -> str:
    """An attendee's role as the acta gives it: the cargo, then on whose behalf ('en representación de: …')."""
    parts = [attendee.cargo] if attendee.cargo else []
    if attendee.on_behalf_of:
        parts.append(f"en representación de: {attendee.on_behalf_of}")
    return "; ".join(parts)


def current_name_note(registry, institution_id: str, when: dt.date) -> str | None:
    """'hoy: <current name>' when the institution had another name on that date; else None."""
    label = registry.institutions[institution_id].label
    return f"hoy: {label(None)}" if label(when) != label(None) else None


MESA_NAME = "Mesa de Gobierno Abierto"
# How an acta's heading says its date, by how certain the date is (vocabulary.DATE_CERTAINTY).
HEADING_DATE = {"exacta": "del {}", "elaboracion": "con acta fechada el {}", "estimada": "de alrededor del {}"}


def acta_heading(acta: Acta) -> str:
    """'Reunión del 7 de noviembre de 2018 — Mesa de Gobierno Abierto': no two actas share it (a second meeting of a
    day says so)."""
    when = HEADING_DATE[acta.date_certainty].format(dates.long_date(acta.date))
    _year, _month, _day, *nth = acta.slug.split("-")
    order = f" (reunión {nth[0]} del día)" if nth else ""
    return f"Reunión {when}{order} — {MESA_NAME}"


def chronological(actas: Iterable[Acta]) -> list[Acta]:
    """Actas from the first meeting on; meetings of one day by their file's suffix."""
    return sorted(actas, key=lambda a: (a.date, a.slug))


def tabla_summary(tabla: Iterable[str]) -> str:
    """'Tabla: 1) First point. 2) Second point.'"""
    return "Tabla: " + " ".join(f"{i}) {item}" for i, item in enumerate(tabla, start=1))


def acta_counts(acta: Acta) -> str:
    """How many attend and how many acuerdos, as the lists of meetings say it: '2 asistentes, 1 acuerdo'."""
    attendees, acuerdos = len(acta.attendees), len(acta.acuerdos)
    return (f"{attendees} {'asistente' if attendees == 1 else 'asistentes'}, "
            f"{acuerdos} {'acuerdo' if acuerdos == 1 else 'acuerdos'}")


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


def acta_source(slug: str) -> str:
    """The generated Markdown source of an acta's page: 'actas/AAAA-MM-DD.md'."""
    return f"actas/{slug}.md"


def intervention_url(slug: str, anchor: str) -> str:
    """An intervention in its acta's page: 'actas/AAAA-MM-DD/#intervencion-N'."""
    return f"{acta_url(slug)}#{anchor}"


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
# Pages that changed address: old address → (new address, the page's name). The old one keeps working.
MOVED_PAGES = {"rendimiento/": ("contribuir/rendimiento/", "Rendimiento")}


def acuerdo_url(anchor: str) -> str:
    """An acuerdo's place in the tracker: 'acuerdos/#AAAA-MM-DD-N'."""
    return f"{ACUERDOS_URL}#{anchor}"


def responsible_filter(kind: str, responsible_id: str) -> str:
    """The tracker's filter value for a responsable: 'p:<id>' for a person, 'i:<id>' for an institution."""
    return f"{kind[0]}:{responsible_id}"


def responsible_filter_url(kind: str, responsible_id: str) -> str:
    """The tracker showing only one responsable's acuerdos."""
    return f"{ACUERDOS_URL}?responsable={responsible_filter(kind, responsible_id)}"
