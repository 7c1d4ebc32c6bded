"""Everything a build adds to the site through MkDocs, made once from the Build: pages, redirects, originals, JSON-LD
(the data files are written apart: exports.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..datos.export import Exporter
from ..modelo import wording
from ..modelo.build import Build
from ..modelo.layout import ORIGINALS_DIR
from ..modelo.problems import Problem
from .environment import RenderedPage
from .markdown_text import SITE_HEADINGS, HeadingStyle
from .pages import error_page, site_pages
from .preview import digest, preview_pages


@dataclass(frozen=True)
class SitePlan:
    """What the hook hands to the site generator; without a build, the problems that prevented one."""

    build: Build | None
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    home: RenderedPage = RenderedPage("")
    files: dict[str, str] = field(default_factory=dict)
    originals: dict[str, Path] = field(default_factory=dict)
    jsonld: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    preview: bool = False

    @property
    def error_page(self) -> str:
        """The page shown in place of every page while the archive has problems."""
        return error_page(self.problems)

    def in_writing_order(self) -> list[tuple[str, RenderedPage]]:
        """The generated pages as the site generator is to write them: the acta pages last, so that every other page
        is indexed for search while those are written (pagefind.py)."""
        actas = {wording.acta_source(a.slug) for a in self.build.archive.actas} if self.build else set()
        return sorted(self.pages.items(), key=lambda item: item[0] in actas)

    def digests(self) -> dict[str, str]:
        """Each generated page, file and original by its path in the sources, with a digest of what it is made from
        (an original is copied when it is newer than its copy: its digest only says it is there)."""
        found = {src: digest(page.markdown, *page.blocks, page.converted.html if page.converted else "",
                             self.jsonld.get(src, ""))
                 for src, page in self.pages.items()}
        found.update((path, digest(content)) for path, content in self.files.items())
        found.update((path, digest(str(original))) for path, original in self.originals.items())
        return found


def plan_site(build: Build, preview: bool = False, headings: HeadingStyle = SITE_HEADINGS) -> SitePlan:
    """The plan of a valid archive's site: generated pages (redirects as files), originals, JSON-LD; the data files
    are written apart, by exports.py. A preview (mkdocs serve) renders again only the pages whose inputs changed
    since the last preview."""
    made = preview_pages(build, headings) if preview else site_pages(build, headings=headings)
    exporter = Exporter(build)
    archive = build.archive
    return SitePlan(
        build=build,
        pages=made.pages,
        home=made.home,
        files=dict(made.redirects),
        originals={wording.original_url(a.source.file): archive.root / ORIGINALS_DIR / a.source.file
                   for a in archive.actas},
        jsonld={wording.acta_source(a.slug): exporter.jsonld(a) for a in archive.actas},
        preview=preview,
    )


def failed_plan(problems) -> SitePlan:
    """The plan while the archive has problems: no pages of its own, only the problems to show."""
    return SitePlan(build=None, problems=tuple(problems))

