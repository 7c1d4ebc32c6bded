"""Every generated page of one build, as plain values: Markdown from the Jinja templates, with its HTML blocks aside."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from jinja2 import Environment

from ..datos.fields import FIELDS
from ..modelo import dates, wording
from ..modelo.build import Build
from ..modelo.model import Acta
from ..modelo.text import fold
from ..modelo.vocabulary import STATUSES
from .environment import RenderedPage, make_environment, render_html_page, render_page
from .links import Links
from .markdown_text import SITE_HEADINGS, HeadingStyle
from .parallel import can_fork, shared
from .timeline import timeline

SITE_DESCRIPTION = "Archivo público de las actas de la Mesa de Gobierno Abierto de Chile"
LATEST = 5
# From this many actas, a forked process renders acta pages while this one renders the rest (then joins it).
PARALLEL_FROM = 200
# Acta pages taken at a time by either process: small enough that both finish together.
CHUNK = 25


@dataclass(frozen=True)
class SitePages:
    """What the archive adds to the site: its pages by source path, the home page's summary, and redirect pages."""

    pages: dict[str, RenderedPage]
    home: RenderedPage
    redirects: dict[str, str]

    def complete(self) -> dict[str, str]:
        """Every generated page with its HTML blocks in place: what a reader gets, as one text each."""
        return {src: page.complete() for src, page in self.pages.items()}


def page_environment(build: Build, headings: HeadingStyle = SITE_HEADINGS) -> Environment:
    """The templates' environment with the names and links of this build, and the site's style of headings."""
    env = make_environment(headings=headings)
    env.globals.update(Links(build).globals())
    return env


def acta_page(env: Environment, build: Build, acta: Acta, previous: Acta | None,
              following: Acta | None) -> RenderedPage:
    """The page of one acta, in HTML: what the front matter says, the narrative, provenance, and the actas before and
    after."""
    heading = wording.acta_heading(acta)
    return render_html_page(
        env, "acta.html.j2", wording.acta_source(acta.slug), acta=acta, indexes=build.indexes,
        heading_text=heading, page_title=heading, previous=previous, following=following,
        history=build.history, repository=build.repository,
        description=f"Acta de la reunión del {dates.long_date(acta.date)}. Tabla: {'; '.join(acta.tabla)}"[:300],
    )


def neighbours(build: Build) -> list[tuple[Acta | None, Acta, Acta | None]]:
    """Each acta in chronological order, with the meetings before and after it."""
    ordered = wording.chronological(build.archive.actas)
    return list(zip([None, *ordered[:-1]], ordered, [*ordered[1:], None], strict=True))


def acta_pages(env: Environment, build: Build,
               around: list[tuple[Acta | None, Acta, Acta | None]]) -> dict[str, RenderedPage]:
    """The page of each acta in around (a part of neighbours(build)), linked to the meetings before and after it."""
    return {wording.acta_source(acta.slug): acta_page(env, build, acta, previous, following)
            for previous, acta, following in around}


def actas_index(env: Environment, build: Build) -> RenderedPage:
    """The list of every acta, newest first, by year."""
    newest = wording.newest_first(build.archive.actas)
    by_year = [(year, list(group)) for year, group in itertools.groupby(newest, key=lambda a: a.date.year)]
    return render_page(env, "actas_indice.md.j2", "actas/index.md", actas=newest, by_year=by_year,
                       uncertain=any(a.date_certainty != "exacta" for a in newest), description=SITE_DESCRIPTION)


def people_pages(env: Environment, build: Build) -> dict[str, RenderedPage]:
    """The list of people, alphabetical without accents, and one page per person (in HTML)."""
    entries = sorted(build.indexes.people.values(), key=lambda e: (fold(e.person.name), e.person.id))
    pages = {"personas/index.md": render_page(env, "personas.md.j2", "personas/index.md", entries=entries)}
    for entry in entries:
        src = f"personas/{entry.slug}.md"
        pages[src] = render_html_page(env, "persona.html.j2", src, entry=entry)
    return pages


def institution_pages(env: Environment, build: Build) -> dict[str, RenderedPage]:
    """The list of institutions, alphabetical without accents, and one page per institution (in HTML, with its
    parent)."""
    institutions = build.indexes.institutions
    entries = sorted(institutions.values(), key=lambda e: (fold(e.institution.name), e.institution.id))
    index = "instituciones/index.md"
    listed = [e for e in entries if e.took_part]
    registry_only = [e for e in entries if not e.took_part]
    pages = {index: render_page(env, "instituciones.md.j2", index, entries=listed, registry_only=registry_only)}
    for entry in entries:
        src = f"instituciones/{entry.slug}.md"
        parent = institutions.get(entry.institution.parent) if entry.institution.parent else None
        pages[src] = render_html_page(env, "institucion.html.j2", src, entry=entry, parent=parent)
    return pages


def timeline_page(env: Environment, build: Build) -> RenderedPage:
    """Every meeting on one line by year, newest first: actas and announced meetings without an acta."""
    return render_page(env, "cronologia.md.j2", "cronologia/index.md", years=timeline(build),
                       held=len(build.archive.actas), announced=len(build.indexes.announced))


def acuerdos_page(env: Environment, build: Build) -> RenderedPage:
    """Every acuerdo in one tracker, newest acta first, with filters and citable anchors."""
    entries = sorted(build.indexes.acuerdos, key=lambda e: (e.acta.date, e.acta.slug, -e.acuerdo.number), reverse=True)
    registry = build.registry
    responsables: dict[str, str] = {}
    for entry in entries:
        for r in entry.acuerdo.answerable:
            if r.person:
                responsables[wording.responsible_filter("persona", r.person)] = registry.people[r.person].name
            if r.institution:
                responsables[wording.responsible_filter("institucion", r.institution)] = \
                    registry.institutions[r.institution].label(None)
    return render_page(
        env, "acuerdos.md.j2", "acuerdos/index.md", entries=entries,
        responsables=sorted(responsables.items(), key=lambda kv: fold(kv[1])),
        years=sorted({e.acta.date.year for e in entries}, reverse=True),
        statuses_present=[s for s in STATUSES if any(e.acuerdo.status == s for e in entries)],
        overdue=sum(e.overdue(build.today) for e in entries),
        indexes=build.indexes,
    )


def home_summary(env: Environment, build: Build) -> RenderedPage:
    """The part of the home page drawn from the archive: counts, latest meetings, open acuerdos."""
    indexes = build.indexes
    open_entries = [e for e in indexes.acuerdos if e.is_open]
    latest_open = sorted(open_entries, key=lambda e: (e.acta.date, e.acta.slug, -e.acuerdo.number), reverse=True)
    counts = {"actas": len(build.archive.actas),
              "personas": sum(1 for e in indexes.people.values() if e.dates),
              "instituciones": sum(1 for e in indexes.institutions.values() if e.took_part),
              "acuerdos": len(indexes.acuerdos)}
    return render_page(env, "inicio.md.j2", "index.md", latest=wording.newest_first(build.archive.actas)[:LATEST],
                       open_count=len(open_entries), latest_open=latest_open[:LATEST], counts=counts)


def data_page(env: Environment, build: Build) -> RenderedPage:
    """The /datos/ page: downloads with their counts, and every field of every export."""
    registry = build.registry
    counts = {"actas": len(build.archive.actas), "acuerdos": len(build.indexes.acuerdos),
              "asistencias": sum(len(a.attendees) for a in build.archive.actas),
              "personas": len(registry.people), "instituciones": len(registry.institutions),
              "intervenciones": sum(len(i.speakers) for a in build.archive.actas for i in a.interventions)}
    return render_page(env, "datos.md.j2", "datos/index.md", fields=FIELDS, counts=counts)


def redirects(env: Environment, build: Build) -> dict[str, str]:
    """An HTML page at every previous address of a person, an institution or a page, sending the reader to it."""
    indexes = build.indexes
    moved = [(old, new, name) for old, (new, name) in wording.MOVED_PAGES.items()]
    moved += [(wording.person_url(old), wording.person_url(e.slug), e.person.name)
             for e in indexes.people.values() for old in e.person.previous_ids]
    moved += [(wording.institution_url(old), wording.institution_url(e.slug), e.institution.name)
              for e in indexes.institutions.values() for old in e.institution.previous_ids]
    template = env.get_template("redireccion.html.j2")
    return {f"{here}index.html": template.render(name=name, target=wording.href(here, target))
            for here, target, name in sorted(moved)}


def site_pages(build: Build, env: Environment | None = None, headings: HeadingStyle = SITE_HEADINGS) -> SitePages:
    """Every generated page of the build, by its path in the site's sources, in sorted order; env, when given, is a
    page_environment(build) the caller adapted (the preview's, which remembers renders). The pages of actas, people
    and institutions are written in HTML, with headings in the site's style (mkdocs.yml's toc settings): the site
    generator converts nothing in them."""
    apart = env is None and len(build.archive.actas) >= PARALLEL_FROM and can_fork()
    env = env or page_environment(build, headings)

    around = neighbours(build)

    def chunk(number: int) -> dict[str, RenderedPage]:
        return acta_pages(env, build, around[number * CHUNK:(number + 1) * CHUNK])

    chunks = -(-len(around) // CHUNK)
    with shared(chunks, chunk) if apart else _here(chunks, chunk) as actas:
        pages = {"actas/index.md": actas_index(env, build)}
        pages.update(people_pages(env, build))
        pages.update(institution_pages(env, build))
        pages["cronologia/index.md"] = timeline_page(env, build)
        pages["acuerdos/index.md"] = acuerdos_page(env, build)
        pages["datos/index.md"] = data_page(env, build)
        home, moved = home_summary(env, build), redirects(env, build)
        pages.update(actas())
    return SitePages(dict(sorted(pages.items())), home, moved)


@contextmanager
def _here(chunks: int, chunk: Callable[[int], dict]):
    """Every chunk, done in this process when asked for."""
    yield lambda: {src: page for number in range(chunks) for src, page in chunk(number).items()}


def error_page(problems) -> str:
    """The page 'mkdocs serve' shows while the archive has problems: each one, and that saving a fix updates it."""
    return make_environment().get_template("errores.md.j2").render(problems=[str(p) for p in problems])
