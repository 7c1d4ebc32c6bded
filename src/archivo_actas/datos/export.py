"""The archive as open data: Popolo-shaped JSON, CSV, a JSON Schema, an Atom feed, an iCalendar file, JSON-LD."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..modelo import dates, wording
from ..modelo.acta_file import ACTA
from ..modelo.archive import Archive
from ..modelo.build import Build
from ..modelo.indexes import AcuerdoEntry, Indexes
from ..modelo.model import Acta
from ..modelo.registry import Registry
from ..modelo.vocabulary import DATE_CERTAINTY, GROUPS, SECTORS
from ..modelo.wording import MESA_NAME, acuerdo_anchor, deadline_text, newest_first, responsible_name, tabla_summary
from . import interventions
from .fields import CSV_HEADER, DATA_DIR, MESA_ID

TIMEZONE = ZoneInfo("America/Santiago")
FEED_ENTRIES = 20
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell):
    """A text cell a spreadsheet would run as a formula starts with an apostrophe (OWASP's CSV injection advice)."""
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Exporter:
    """Every data file of one build; the build's base_url is the site's address ('' serves from the root)."""

    build: Build

    @property
    def archive(self) -> Archive:
        return self.build.archive

    @property
    def registry(self) -> Registry:
        return self.build.registry

    @property
    def indexes(self) -> Indexes:
        return self.build.indexes

    @property
    def today(self) -> dt.date:
        return self.build.today

    def url(self, path: str) -> str:
        return f"{self.build.base_url.rstrip('/')}/{path}"

    # Times.

    @staticmethod
    def _moment(acta: Acta, time: dt.time | None) -> str | None:
        if time is None:
            return None
        return dt.datetime.combine(acta.date, time, TIMEZONE).isoformat()

    def start(self, acta: Acta) -> str:
        return self._moment(acta, acta.start) or acta.date.isoformat()

    # JSON.

    def event(self, acta: Acta) -> dict:
        return {
            "id": acta.slug,
            "name": acta.title,
            "classification": "reunión",
            "start_date": self.start(acta),
            "end_date": self._moment(acta, acta.end),
            "fecha_certeza": acta.date_certainty,
            "location": acta.place,
            "organization_id": MESA_ID,
            "url": self.url(wording.acta_url(acta.slug)),
            "tabla": list(acta.tabla),
            "acuerdos": [acuerdo_anchor(acta.slug, a.number) for a in acta.acuerdos],
            "redactada_por": [a.person for a in acta.authors],
            "documento_original": {"archivo": acta.source.file, "sha256": acta.source.sha256,
                                   "url": self.url(wording.original_url(acta.source.file))},
            "encabezado": acta.front_matter,
        }

    def memberships(self) -> list[dict]:
        return [
            {
                "id": f"{acta.slug}/{a.group}/{a.position}",
                "event_id": acta.slug,
                "person_id": a.person,
                "organization_id": a.institution,
                "role": a.cargo,
                "on_behalf_of": a.on_behalf_of,
                "label": GROUPS[a.group],
                "grupo": a.group,
                "start_date": acta.date.isoformat(),
                "end_date": acta.date.isoformat(),
                "note": a.note,
            }
            for acta in self.archive.actas for a in acta.attendees
        ]

    def actas_json(self) -> str:
        return _json({
            "descripcion": f"Reuniones de la {MESA_NAME} (eventos) y sus asistencias (membresías), "
                           "en el vocabulario Popolo.",
            "esquema_del_encabezado": self.url(f"{DATA_DIR}/esquema-acta.json"),
            "events": [self.event(acta) for acta in self.archive.actas],
            "memberships": self.memberships(),
        })

    def _responsables(self, entry: AcuerdoEntry) -> list[dict]:
        when = entry.acta.date
        out = []
        for r in entry.acuerdo.responsibles or ():
            members = [{"person_id": m.person, "organization_id": m.institution,
                        "nombre": responsible_name(self.registry, m, when)} for m in r.members]
            out.append({"person_id": r.person, "organization_id": r.institution, "texto": r.text,
                        "integrantes": members, "nombre": responsible_name(self.registry, r, when)})
        return out

    def acuerdo(self, entry: AcuerdoEntry) -> dict:
        a = entry.acuerdo
        deadline = a.deadline
        return {
            "id": entry.anchor,
            "event_id": entry.acta.slug,
            "numero": a.number,
            "texto": a.text,
            "responsables": self._responsables(entry),
            "plazo": None if deadline is None else {"tipo": deadline.kind,
                                                    "fecha": deadline.date.isoformat() if deadline.date else None},
            "estado": a.status,
            "estado_nota": a.status_note,
            "seguimiento": self.indexes.acuerdo(a.follows).anchor if a.follows else None,
            "nota": a.note,
            "url": self.url(wording.acuerdo_url(entry.anchor)),
        }

    def acuerdos_json(self) -> str:
        return _json({"descripcion": f"Acuerdos de la {MESA_NAME}.",
                      "acuerdos": [self.acuerdo(e) for e in self.indexes.acuerdos]})

    def acuerdos_csv(self) -> str:
        """One row per acuerdo; UTF-8 with BOM so that spreadsheets show the accents; no cell is run as a formula."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_HEADER)
        for entry in self.indexes.acuerdos:
            record = self.acuerdo(entry)
            responsables = record["responsables"]
            writer.writerow([spreadsheet_safe(cell) for cell in (
                entry.acta.date.isoformat(), record["numero"], record["texto"],
                "; ".join(filter(None, (r["person_id"] or r["organization_id"] or "" for r in responsables))),
                "; ".join(r["nombre"] for r in responsables),
                deadline_text(entry.acuerdo.deadline),
                record["plazo"]["fecha"] if record["plazo"] and record["plazo"]["fecha"] else "",
                record["estado"], record["url"],
            )])
        return "\ufeff" + buffer.getvalue()

    def personas_json(self) -> str:
        persons = [
            {"id": e.person.id, "name": e.person.name, "other_names": [{"name": n} for n in e.person.aliases],
             "url": self.url(wording.person_url(e.slug)), "note": e.person.note}
            for e in self.indexes.people.values()
        ]
        return _json({"descripcion": "Personas del registro del archivo, en el vocabulario Popolo.",
                      "persons": persons})

    def instituciones_json(self) -> str:
        organizations = []
        for e in self.indexes.institutions.values():
            inst = e.institution
            other = [{"name": n.name, "start_date": n.since.isoformat() if n.since else None,
                      "end_date": n.until.isoformat() if n.until else None,
                      "note": n.note or (f"sigla {n.acronym}" if n.acronym else None)}
                     for n in inst.history if n.name != inst.name]
            other += [{"name": alias, "start_date": None, "end_date": None, "note": "alias"} for alias in inst.aliases]
            organizations.append({
                "id": inst.id, "name": inst.name, "abbreviation": inst.acronym, "classification": SECTORS[inst.sector],
                "parent_id": inst.parent, "other_names": other, "url": self.url(wording.institution_url(e.slug)),
                "note": inst.note,
            })
        return _json({"descripcion": "Instituciones del registro del archivo, en el vocabulario Popolo.",
                      "organizations": organizations})

    def esquema_acta_json(self) -> str:
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.url(f"{DATA_DIR}/esquema-acta.json"),
            "title": "Encabezado de un acta del Archivo de Actas de la Mesa de Gobierno Abierto",
            "description": ("Estructura del encabezado YAML de actas/AAAA-MM-DD.md, con los valores como texto. "
                            "El validador del archivo exige además que las personas e instituciones existan en el "
                            "registro, que el término sea posterior al inicio y que el nombre del archivo coincida "
                            "con la fecha."),
            **ACTA.json_schema(),
        }
        return _json(schema)

    # Feeds.

    def feed_xml(self) -> str:
        """Atom: the latest actas, newest first, each with its tabla as summary."""
        from feedgen.feed import FeedGenerator

        newest = newest_first(self.archive.actas)[:FEED_ENTRIES]
        feed = FeedGenerator()
        feed.id(self.url(""))
        feed.title(f"Actas de la {MESA_NAME}")
        feed.subtitle("Nuevas actas del archivo público de la Mesa de Gobierno Abierto de Chile.")
        feed.link(href=self.url(""), rel="alternate")
        feed.link(href=self.url("feed.xml"), rel="self")
        feed.language("es")
        feed.updated(self._noon(newest[0]) if newest else dt.datetime.combine(self.today, dt.time(0), dt.timezone.utc))
        for acta in newest:
            entry = feed.add_entry(order="append")
            entry.id(self.url(wording.acta_url(acta.slug)))
            entry.title(f"Acta del {dates.long_date(acta.date)}: {acta.title}")
            entry.link(href=self.url(wording.acta_url(acta.slug)))
            entry.updated(self._noon(acta))
            entry.published(self._noon(acta))
            entry.summary(tabla_summary(acta.tabla))
        return feed.atom_str(pretty=True).decode("utf-8")

    def _noon(self, acta: Acta) -> dt.datetime:
        return dt.datetime.combine(acta.date, acta.start or dt.time(12), TIMEZONE)

    def reuniones_ics(self) -> str:
        """RFC 5545: every meeting (announced ones too) and every acuerdo with a concrete plazo."""
        from icalendar import Calendar, Event

        stamp = dt.datetime.combine(self.today, dt.time(0), dt.timezone.utc)
        calendar = Calendar()
        calendar.add("prodid", "-//Mesa de Gobierno Abierto//Archivo de Actas//ES")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", f"Reuniones y plazos de la {MESA_NAME}")
        calendar.add("x-wr-timezone", "America/Santiago")
        for acta in self.archive.actas:
            event = Event()
            event.add("uid", f"acta-{acta.slug}@{MESA_ID}")
            event.add("dtstamp", stamp)
            event.add("summary", acta.title)
            if acta.start:
                event.add("dtstart", dt.datetime.combine(acta.date, acta.start, TIMEZONE))
                if acta.end:
                    event.add("dtend", dt.datetime.combine(acta.date, acta.end, TIMEZONE))
            else:
                event.add("dtstart", acta.date)
            if acta.place:
                event.add("location", acta.place)
            event.add("url", self.url(wording.acta_url(acta.slug)))
            description = tabla_summary(acta.tabla)
            if acta.date_certainty != "exacta":
                description = f"Fecha incierta: {acta.date_note or DATE_CERTAINTY[acta.date_certainty]} " + description
            event.add("description", description)
            event.add("categories", ["Reunión"])
            calendar.add_component(event)
        for announced in self.indexes.announced:
            event = Event()
            event.add("uid", f"anunciada-{announced.date.isoformat()}@{MESA_ID}")
            event.add("dtstamp", stamp)
            event.add("summary", f"Reunión de la {MESA_NAME} (anunciada; sin acta en el archivo)")
            event.add("dtstart", announced.date)
            event.add("url", self.url(wording.acta_url(announced.announced_in.slug)))
            event.add("description", f"Anunciada en el acta del {dates.long_date(announced.announced_in.date)}.")
            event.add("categories", ["Reunión anunciada"])
            calendar.add_component(event)
        for entry in self.indexes.acuerdos:
            deadline = entry.acuerdo.deadline
            if not (deadline and deadline.date):
                continue
            record = self.acuerdo(entry)
            event = Event()
            event.add("uid", f"acuerdo-{entry.anchor}@{MESA_ID}")
            event.add("dtstamp", stamp)
            event.add("summary", f"Plazo: {entry.acuerdo.text.splitlines()[0]}")
            event.add("dtstart", deadline.date)
            event.add("url", record["url"])
            responsables = "; ".join(r["nombre"] for r in record["responsables"]) or "no consta"
            event.add("description", f"{deadline_text(deadline)}. Responsable: {responsables}. "
                                     f"Acuerdo N° {entry.acuerdo.number} del acta del "
                                     f"{dates.long_date(entry.acta.date)}.")
            event.add("categories", ["Plazo de acuerdo"])
            calendar.add_component(event)
        calendar.add_missing_timezones()
        return calendar.to_ical().decode("utf-8")

    def jsonld(self, acta: Acta) -> str:
        """schema.org Event for the head of the acta's page; safe inside <script>."""
        attendees = []
        for a in acta.attendees:
            if a.person:
                attendees.append({"@type": "Person", "name": self.registry.people[a.person].name})
            else:
                name = self.registry.institutions[a.institution].label(acta.date)
                attendees.append({"@type": "Organization", "name": name})
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": acta.title,
            "startDate": self.start(acta),
            "endDate": self._moment(acta, acta.end),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": acta.place} if acta.place else None,
            "organizer": {"@type": "Organization", "name": MESA_NAME},
            "attendee": attendees,
            "description": tabla_summary(acta.tabla),
            "url": self.url(wording.acta_url(acta.slug)),
        }
        text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def files(self) -> dict[str, str]:
        """Every data file, by its path in the site."""
        return dict(self.each_file())

    def each_file(self) -> Iterator[tuple[str, str]]:
        """Every data file with its path in the site, made one after another (a writer keeps one at a time)."""
        yield f"{DATA_DIR}/actas.json", self.actas_json()
        yield f"{DATA_DIR}/acuerdos.json", self.acuerdos_json()
        yield f"{DATA_DIR}/acuerdos.csv", self.acuerdos_csv()
        yield f"{DATA_DIR}/personas.json", self.personas_json()
        yield f"{DATA_DIR}/instituciones.json", self.instituciones_json()
        yield f"{DATA_DIR}/esquema-acta.json", self.esquema_acta_json()
        yield from interventions.files(self.build, self.url, _json, spreadsheet_safe).items()
        yield "feed.xml", self.feed_xml()
        yield "reuniones.ics", self.reuniones_ics()
