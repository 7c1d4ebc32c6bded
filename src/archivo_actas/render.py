"""Pages of the site as Markdown, from the archive and its indexes, through Jinja templates; no MkDocs here."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass
from functools import cached_property

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import dates, urls
from .archive import Archive
from .export import FIELDS
from .indexes import AcuerdoEntry, Indexes, build_indexes
from .markdown_text import md
from .model import Acta, Responsible
from .text import fold
from .vocabulary import DATE_CERTAINTY, GROUPS, NEXT_MEETING_WORDS, SECTORS, SOURCE_KINDS, STATUSES
from .wording import acuerdo_anchor, deadline_text, newest_first, responsible_parts

SITE_DESCRIPTION = "Archivo público de las actas de la Mesa de Gobierno Abierto de Chile"
LATEST = 5


def _meta(value: str) -> Markup:
    """A page title or description for the front matter: the theme prints these without escaping them."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def _lines(value: str) -> Markup:
    """Escape a multi-line text and keep its line breaks."""
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


BLOCK = '<div data-archivo-bloque="{}"></div>'
_BLOCK = re.compile(r'<div data-archivo-bloque="(\d+)"></div>')


def fill_blocks(text: str, blocks: list[str]) -> str:
    """Put each finished HTML block where its marker stands."""
    return _BLOCK.sub(lambda m: blocks[int(m[1])], text) if blocks else text


def make_environment() -> Environment:
    """Jinja environment: autoescaped HTML, strict about undefined names, Spanish date filters."""
    env = Environment(
        loader=PackageLoader("archivo_actas", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md, lines=_lines, meta=_meta, long_date=dates.long_date, weekday_date=dates.weekday_date, hour=dates.hour)
    env.globals.update(
        groups=GROUPS, statuses=STATUSES, source_kinds=SOURCE_KINDS, sectors=SECTORS,
        date_certainty=DATE_CERTAINTY, next_meeting_words=NEXT_MEETING_WORDS, urls=urls,
    )
    return env


@dataclass(frozen=True)
class TimelinePoint:
    """A meeting on the drawn timeline: x in the SVG, and whether it has an acta."""

    x: float
    date: dt.date
    label: str
    url: str | None


class SiteRenderer:
    """Renders every generated page of one archive; today decides which plazos have passed."""

    def __init__(self, archive: Archive, today: dt.date):
        self.archive = archive
        self.registry = archive.registry
        self.today = today
        self.blocks: dict[str, list[str]] = {}
        self._blocks: list[str] = []

    @cached_property
    def indexes(self) -> Indexes:
        return build_indexes(self.archive)

    @cached_property
    def env(self) -> Environment:
        env = make_environment()
        env.filters["bloque"] = self._stash
        env.globals.update(
            person_name=self.person_name, institution_name=self.institution_name, deadline=deadline_text,
            link=self.link, person_link=self.person_link, institution_link=self.institution_link,
            acta_link=self.acta_link, responsible=self.responsible, acuerdo_link=self.acuerdo_link, acuerdo_anchor=acuerdo_anchor,
            today=self.today,
        )
        return env

    # Names and links. Each link is relative to the page being rendered ('here' in the template).

    def person_name(self, person_id: str) -> str:
        return self.registry.people[person_id].name

    def institution_name(self, institution_id: str, when: dt.date | None = None) -> str:
        """The institution's name in use on a date (its current name without one), with its acronym."""
        return self.registry.institutions[institution_id].label(when)

    @pass_context
    def link(self, context, target: str, text: str) -> Markup:
        return Markup(f'<a href="{escape(urls.href(context["here"], target))}">{escape(text)}</a>')

    @pass_context
    def person_link(self, context, person_id: str) -> Markup:
        entry = self.indexes.people[person_id]
        return self.link(context, urls.person_url(entry.slug), entry.person.name)

    @pass_context
    def institution_link(self, context, institution_id: str, when: dt.date | None = None) -> Markup:
        entry = self.indexes.institutions[institution_id]
        return self.link(context, urls.institution_url(entry.slug), self.institution_name(institution_id, when))

    @pass_context
    def acta_link(self, context, acta: Acta, text: str | None = None) -> Markup:
        return self.link(context, urls.acta_url(acta.slug), text or dates.long_date(acta.date))

    @pass_context
    def acuerdo_link(self, context, entry: AcuerdoEntry, text: str | None = None) -> Markup:
        label = text or f"{dates.long_date(entry.acta.date)}, N° {entry.acuerdo.number}"
        return self.link(context, f"{urls.ACUERDOS_URL}#{entry.anchor}", label)

    @pass_context
    def responsible(self, context, responsible: Responsible, when: dt.date) -> Markup:
        """The responsable as wording.responsible_name says it, with the person and the institution linked."""
        shown = {"persona": lambda: self.person_link(context, responsible.person), "texto": lambda: escape(responsible.text),
                 "institucion": lambda: self.institution_link(context, responsible.institution, when)}
        return Markup(", ").join(shown[kind]() for kind, _id in responsible_parts(responsible))

    # Pages.

    def render(self, template: str, src_uri: str, **values) -> str:
        """A page's Markdown; its HTML blocks, set aside by the 'bloque' filter, go to self.blocks[src_uri]."""
        self._blocks = self.blocks.setdefault(src_uri, [])
        return self.env.get_template(template).render(here=urls.page_url(src_uri), **values)

    def _stash(self, html: str) -> Markup:
        """Set a finished HTML block aside: Markdown has nothing to do in it, and parsing it costs most of a build."""
        self._blocks.append(str(html).strip())
        return Markup(BLOCK.format(len(self._blocks) - 1) + "\n")

    def page_blocks(self, src_uri: str) -> list[str]:
        """The HTML blocks of a generated page, in marker order."""
        return self.blocks.get(src_uri, [])

    def acta_page(self, acta: Acta) -> str:
        """The page of one acta: what the front matter says, then the narrative, then provenance."""
        return self.render(
            "acta.md.j2", f"actas/{acta.slug}.md", acta=acta,
            page_title=f"Acta del {dates.long_date(acta.date)}: {acta.title}",
            description=f"Acta de la reunión del {dates.long_date(acta.date)}. Tabla: {'; '.join(acta.tabla)}"[:300],
        )

    def newest_first(self) -> list[Acta]:
        return newest_first(self.archive.actas)

    def actas_index(self) -> str:
        """The list of every acta, newest first, by year."""
        newest = self.newest_first()
        by_year = [(year, list(group)) for year, group in itertools.groupby(newest, key=lambda a: a.date.year)]
        return self.render("actas_indice.md.j2", "actas/index.md", actas=newest, by_year=by_year,
                           uncertain=any(a.date_certainty != "exacta" for a in newest), description=SITE_DESCRIPTION)

    def people_index(self) -> str:
        entries = sorted(self.indexes.people.values(), key=lambda e: (fold(e.person.name), e.person.id))
        return self.render("personas.md.j2", "personas/index.md", entries=entries)

    def person_page(self, entry) -> str:
        return self.render("persona.md.j2", f"personas/{entry.slug}.md", entry=entry)

    def institutions_index(self) -> str:
        entries = sorted(self.indexes.institutions.values(), key=lambda e: (fold(e.institution.name), e.institution.id))
        return self.render("instituciones.md.j2", "instituciones/index.md", entries=entries)

    def institution_page(self, entry) -> str:
        parent = self.indexes.institutions.get(entry.institution.parent) if entry.institution.parent else None
        return self.render("institucion.md.j2", f"instituciones/{entry.slug}.md", entry=entry, parent=parent)

    def timeline_points(self) -> tuple[list[TimelinePoint], list[int], int]:
        """Meetings and announced meetings placed on a line from the first to the last year; and the year ticks."""
        width, margin = 760, 20
        events = [(a.date, dates.long_date(a.date), urls.acta_url(a.slug)) for a in self.archive.actas]
        events += [(n.date, f"{dates.long_date(n.date)} (anunciada, sin acta)", None) for n in self.indexes.announced]
        if not events:
            return [], [], width
        first, last = min(e[0] for e in events).year, max(e[0] for e in events).year + 1
        start, span = dt.date(first, 1, 1), (dt.date(last, 1, 1) - dt.date(first, 1, 1)).days

        def x(day: dt.date) -> float:
            return round(margin + (width - 2 * margin) * (day - start).days / span, 1)

        points = [TimelinePoint(x(d), d, label, url) for d, label, url in sorted(events, key=lambda e: (e[0], e[2] is None))]
        ticks = [(year, x(dt.date(year, 1, 1))) for year in range(first, last + 1)]
        return points, ticks, width

    def timeline(self) -> str:
        """Every meeting by year, announced meetings without an acta, and a timeline drawn as SVG."""
        points, ticks, width = self.timeline_points()
        items = [("acta", a.date, a) for a in self.archive.actas] + [("anunciada", n.date, n) for n in self.indexes.announced]
        items.sort(key=lambda i: (i[1], i[0]), reverse=True)
        by_year = [(year, list(group)) for year, group in itertools.groupby(items, key=lambda i: i[1].year)]
        return self.render("cronologia.md.j2", "cronologia/index.md", by_year=by_year, points=points, ticks=ticks, width=width,
                           announced=self.indexes.announced)

    def acuerdos_page(self) -> str:
        """Every acuerdo in one tracker, newest acta first, with filters and citable anchors."""
        entries = sorted(self.indexes.acuerdos, key=lambda e: (e.acta.date, e.acta.slug, -e.acuerdo.number), reverse=True)
        responsables: dict[str, str] = {}
        for entry in entries:
            for r in entry.acuerdo.responsibles or ():
                if r.person:
                    responsables[f"p:{r.person}"] = self.person_name(r.person)
                if r.institution:
                    responsables[f"i:{r.institution}"] = self.institution_name(r.institution)
        return self.render(
            "acuerdos.md.j2", "acuerdos/index.md", entries=entries,
            responsables=sorted(responsables.items(), key=lambda kv: fold(kv[1])),
            years=sorted({e.acta.date.year for e in entries}, reverse=True),
            statuses_present=[s for s in STATUSES if any(e.acuerdo.status == s for e in entries)],
            overdue=sum(e.overdue(self.today) for e in entries),
            indexes=self.indexes,
        )

    def home_summary(self) -> str:
        """The part of the home page drawn from the archive: counts, latest meetings, open acuerdos."""
        open_entries = [e for e in self.indexes.acuerdos if e.is_open]
        latest_open = sorted(open_entries, key=lambda e: (e.acta.date, e.acta.slug, -e.acuerdo.number), reverse=True)[:LATEST]
        return self.render(
            "inicio.md.j2", "index.md", latest=self.newest_first()[:LATEST], open_count=len(open_entries), latest_open=latest_open,
            counts={"actas": len(self.archive.actas),
                    "personas": sum(1 for e in self.indexes.people.values() if e.dates),
                    "instituciones": sum(1 for e in self.indexes.institutions.values() if e.attendances or e.acuerdos),
                    "acuerdos": len(self.indexes.acuerdos)},
        )

    def data_page(self, fields: dict) -> str:
        """The /datos/ page: downloads with their counts, and every field of every export."""
        counts = {"actas": len(self.archive.actas), "acuerdos": len(self.indexes.acuerdos),
                  "asistencias": sum(len(a.attendees) for a in self.archive.actas),
                  "personas": len(self.registry.people), "instituciones": len(self.registry.institutions)}
        return self.render("datos.md.j2", "datos/index.md", fields=fields, counts=counts)

    def complete_pages(self) -> dict[str, str]:
        """Every generated page with its HTML blocks in place: what a reader gets, as one Markdown text."""
        return {src: fill_blocks(text, self.page_blocks(src)) for src, text in self.pages().items()}

    def pages(self) -> dict[str, str]:
        """Every generated page, by its path in the site's sources, in sorted order."""
        pages = {f"actas/{acta.slug}.md": self.acta_page(acta) for acta in self.archive.actas}
        pages["actas/index.md"] = self.actas_index()
        pages["personas/index.md"] = self.people_index()
        pages.update({f"personas/{e.slug}.md": self.person_page(e) for e in self.indexes.people.values()})
        pages["instituciones/index.md"] = self.institutions_index()
        pages.update({f"instituciones/{e.slug}.md": self.institution_page(e) for e in self.indexes.institutions.values()})
        pages["cronologia/index.md"] = self.timeline()
        pages["acuerdos/index.md"] = self.acuerdos_page()
        pages["datos/index.md"] = self.data_page(FIELDS)
        return dict(sorted(pages.items()))

    def redirects(self) -> dict[str, str]:
        """An HTML page at every previous address of a person or institution, sending the reader to its page."""
        moved = [(urls.person_url(old), urls.person_url(e.slug), e.person.name)
                 for e in self.indexes.people.values() for old in e.person.previous_ids]
        moved += [(urls.institution_url(old), urls.institution_url(e.slug), e.institution.name)
                  for e in self.indexes.institutions.values() for old in e.institution.previous_ids]
        template = self.env.get_template("redireccion.html.j2")
        return {f"{here}index.html": template.render(name=name, target=urls.href(here, target))
                for here, target, name in sorted(moved)}


def site_pages(archive: Archive, today: dt.date) -> dict[str, str]:
    """Every generated page of the archive, complete (HTML blocks in place), by source path."""
    return SiteRenderer(archive, today).complete_pages()


def error_page(problems) -> str:
    """The page 'mkdocs serve' shows while the archive has problems: each one, and that saving a fix updates the page."""
    return make_environment().get_template("errores.md.j2").render(problems=[str(p) for p in problems])
