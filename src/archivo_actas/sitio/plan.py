"""Everything a build adds to the site, made once from the Build: pages, data, originals, JSON-LD, index records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..datos.export import Exporter
from ..modelo import wording
from ..modelo.build import Build
from ..modelo.layout import ORIGINALS_DIR
from ..modelo.problems import Problem
from .environment import RenderedPage
from .pages import error_page, site_pages
from .search import Record, acuerdo_records


@dataclass(frozen=True)
class SitePlan:
    """What the hook hands to the site generator; without a build, the problems that prevented one."""

    build: Build | None
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    home: RenderedPage = RenderedPage("")
    files: dict[str, str] = field(default_factory=dict)
    originals: dict[str, Path] = field(default_factory=dict)
    jsonld: dict[str, str] = field(default_factory=dict)
    records: tuple[Record, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def error_page(self) -> str:
        """The page shown in place of every page while the archive has problems."""
        return error_page(self.problems)


def plan_site(build: Build) -> SitePlan:
    """The plan of a valid archive's site: generated pages (redirects and data files as files), originals, JSON-LD."""
    made = site_pages(build)
    exporter = Exporter(build)
    archive = build.archive
    return SitePlan(
        build=build,
        pages=made.pages,
        home=made.home,
        files={**made.redirects, **exporter.files()},
        originals={wording.original_url(a.source.file): archive.root / ORIGINALS_DIR / a.source.file
                   for a in archive.actas},
        jsonld={f"actas/{a.slug}.md": exporter.jsonld(a) for a in archive.actas},
        records=tuple(acuerdo_records(build)),
    )


def failed_plan(problems) -> SitePlan:
    """The plan while the archive has problems: no pages of its own, only the problems to show."""
    return SitePlan(build=None, problems=tuple(problems))
