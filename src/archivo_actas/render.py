"""Pages of the site as Markdown, from the archive, through Jinja templates; no MkDocs here."""

from __future__ import annotations

import itertools
from functools import cached_property

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import dates
from .archive import Archive
from .markdown_text import md
from .model import Acta, Deadline, Responsible
from .vocabulary import DATE_CERTAINTY, DEADLINE_WORDS, GROUPS, NEXT_MEETING_WORDS, SOURCE_KINDS, STATUSES

SITE_DESCRIPTION = "Archivo público de las actas de la Mesa de Gobierno Abierto de Chile"


def _lines(value: str) -> Markup:
    """Escape a multi-line text and keep its line breaks."""
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


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
    env.filters.update(md=md, lines=_lines, long_date=dates.long_date, weekday_date=dates.weekday_date, hour=dates.hour)
    env.globals.update(
        groups=GROUPS, statuses=STATUSES, source_kinds=SOURCE_KINDS,
        date_certainty=DATE_CERTAINTY, next_meeting_words=NEXT_MEETING_WORDS,
    )
    return env


class SiteRenderer:
    """Renders every generated page of one archive."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.registry = archive.registry

    @cached_property
    def env(self) -> Environment:
        env = make_environment()
        env.globals.update(
            person_name=self.person_name, institution_name=self.institution_name,
            responsible=self.responsible, deadline=self.deadline,
        )
        return env

    def person_name(self, person_id: str) -> str:
        """The canonical name of a registry person."""
        return self.registry.people[person_id].name

    def institution_name(self, institution_id: str, when) -> str:
        """The institution's name in use on a date, with its acronym."""
        name = self.registry.institutions[institution_id].name_at(when)
        return f"{name.name} ({name.acronym})" if name.acronym else name.name

    def responsible(self, responsible: Responsible, when) -> str:
        """'Person, Institution', 'Words, Institution', 'Institution' or 'Person'."""
        names = [n for n in (responsible.person and self.person_name(responsible.person), responsible.text) if n]
        if not responsible.institution:
            return ", ".join(names)
        institution = self.institution_name(responsible.institution, when)
        return ", ".join([*names, institution])

    @staticmethod
    def deadline(deadline: Deadline | None) -> str:
        """'9 de noviembre de 2018', 'Hasta el 22 de noviembre de 2018', 'A la brevedad' or 'No consta'."""
        if deadline is None:
            return "No consta"
        if deadline.kind == "fecha":
            return dates.long_date(deadline.date)
        if deadline.kind == "hasta":
            return f"Hasta el {dates.long_date(deadline.date)}"
        return DEADLINE_WORDS[deadline.kind]

    def acta_page(self, acta: Acta) -> str:
        """The page of one acta: what the front matter says, then the narrative, then provenance."""
        summary = "; ".join(acta.tabla)
        return self.env.get_template("acta.md.j2").render(
            acta=acta,
            page_title=f"Acta del {dates.long_date(acta.date)}: {acta.title}",
            description=f"Acta de la reunión del {dates.long_date(acta.date)}. Tabla: {summary}"[:300],
        )

    def actas_index(self) -> str:
        """The list of every acta, newest first, by year."""
        newest_first = sorted(self.archive.actas, key=lambda a: (a.date, a.slug), reverse=True)
        by_year = [(year, list(group)) for year, group in itertools.groupby(newest_first, key=lambda a: a.date.year)]
        return self.env.get_template("actas_indice.md.j2").render(
            actas=newest_first, by_year=by_year,
            uncertain=any(a.date_certainty != "exacta" for a in newest_first),
            description=SITE_DESCRIPTION,
        )

    def pages(self) -> dict[str, str]:
        """Every generated page, by its path in the site's sources, in sorted order."""
        pages = {f"actas/{acta.slug}.md": self.acta_page(acta) for acta in self.archive.actas}
        pages["actas/index.md"] = self.actas_index()
        return dict(sorted(pages.items()))


def site_pages(archive: Archive) -> dict[str, str]:
    """Every generated Markdown page of the archive, by source path."""
    return SiteRenderer(archive).pages()
