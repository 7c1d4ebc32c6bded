"""What makes 'mkdocs serve' fast: the pages rendered again only when their inputs changed, and the generated files
written again only when their content changed, remembered in this process from one preview build to the next."""

from __future__ import annotations

import gc
import hashlib
import os
from pathlib import Path

from ..modelo.build import Build
from . import pages as made
from .environment import BLOCKS, Compiled, split_html_page
from .markdown_text import HEADINGS, SITE_HEADINGS, HeadingStyle

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _acuerdos(entries) -> tuple:
    """Acuerdos as a page that lists them reads them: each with its acta's file name and date, not the rest of it."""
    return tuple((e.acta.slug, e.acta.date, e.acuerdo) if e else None for e in entries)


def _institution(entry, values) -> tuple:
    """An institution's page, of each acta it lists, reads the file name and date, and who attended as what: not the
    title, the tabla or the narrative."""
    return (entry.institution, entry.slug, entry.children,
            tuple((a.acta.slug, a.acta.date, a.attendee) for a in entry.attendances), _acuerdos(entry.acuerdos),
            tuple((s.acta.slug, s.acta.date, s.intervention) for s in entry.said))


# What a page reads of a value, when it is less than all of it: an acta's page, of the indexes, the acuerdos it follows
# up; the tracker, of each acuerdo's acta, its file name and date; an institution's page, see _institution, and of the
# institution it depends on, only which one it is. tests/test_servir.py checks that a preview equals a full render
# after every field of an acta changes.
READS = {
    "institucion.html.j2": {"entry": _institution,
                            "parent": lambda parent, values: parent.institution.id if parent else None},
    "acta.html.j2": {"indexes": lambda indexes, values: _acuerdos(indexes.acuerdo(a.follows)
                                                                 for a in values["acta"].acuerdos if a.follows)},
    "acuerdos.md.j2": {"entries": lambda entries, values: _acuerdos(entries),
                       "indexes": lambda indexes, values: _acuerdos(indexes.acuerdos)},
}


def digest(*parts: str) -> str:
    """One SHA-256 of several texts."""
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return hashed.hexdigest()


def fingerprint(paths: list[str | Path]) -> str:
    """A digest of the name, size and time of every file at or under paths."""
    found = []
    for path in map(Path, paths):
        for here, dirs, files in os.walk(path) if path.is_dir() else [(path.parent, [], [path.name])]:
            dirs.sort()
            for name in sorted(files):
                try:
                    info = os.stat(os.path.join(here, name))
                except OSError:
                    continue
                found.append(f"{os.path.join(here, name)}\0{info.st_size}\0{info.st_mtime_ns}")
    return digest(*found)


class Renders:
    """The pages the last preview of each archive rendered, each with the values it was rendered from: one whose values
    are equal now is not rendered again. Anything every page may read (registry, day, history, repository, address,
    templates) is compared once per build, and when it changed everything is rendered again."""

    KEPT = 4

    def __init__(self) -> None:
        self._archives: dict[Path, tuple[tuple, dict]] = {}

    @staticmethod
    def made_with(build: Build) -> tuple:
        return (build.registry, build.today, build.base_url, build.history, build.repository, fingerprint([TEMPLATES]))

    def before(self, build: Build) -> dict:
        """What the last preview of this archive rendered, when it was made with the same everything-else."""
        made_with, renders = self._archives.pop(build.archive.root, ((), {}))
        return renders if made_with == self.made_with(build) else {}

    def kept(self) -> bool:
        """Whether a preview was rendered in this process."""
        return bool(self._archives)

    def remember(self, build: Build, renders: dict) -> None:
        self._archives[build.archive.root] = (self.made_with(build), renders)
        while len(self._archives) > self.KEPT:
            del self._archives[next(iter(self._archives))]


renders = Renders()


# The theme's templates (MkDocs makes a new environment for every build): see the hook's on_env.
compiled_theme = Compiled()


def _inputs(build: Build, name: str, values: dict) -> tuple:
    """What a page is rendered from, as values to compare: what Renders compares once per build is left out."""
    shown = []
    for key, value in sorted(values.items()):
        kept_once = (build.history, build.repository, build.registry)
        if key in ("here", BLOCKS, HEADINGS) or any(value is v for v in kept_once):
            continue
        reads = READS.get(name, {}).get(key)
        shown.append((key, type(value), reads(value, values) if reads else value))
    return tuple(shown)


class _Remembered:
    """A template whose render gives back the last text when the page's inputs are equal to last time's."""

    def __init__(self, template, name: str, build: Build, before: dict, now: dict) -> None:
        self._template, self._name, self._build, self._before, self._now = template, name, build, before, now

    def __getattr__(self, attribute):
        return getattr(self._template, attribute)

    def render(self, **values) -> str:
        if "here" not in values or BLOCKS not in values:
            return self._template.render(**values)
        key = (self._name, values["here"])
        inputs = _inputs(self._build, self._name, values)
        kept = self._before.get(key)
        headings = values.get(HEADINGS)
        if kept is not None and kept[0] == inputs:
            values[BLOCKS].extend(kept[2])
            if headings is not None:
                headings.tokens.extend(kept[3])
            self._now[key] = kept
            return kept[1]
        start = len(values[BLOCKS])
        text = self._template.render(**values)
        self._now[key] = (inputs, text, tuple(values[BLOCKS][start:]), tuple(headings.tokens) if headings else (),
                          None)
        return text

    def render_split(self, **values) -> tuple[str, str]:
        """As render, for a page written in HTML: its front matter and its HTML, split once while it is unchanged."""
        text = self.render(**values)
        key = (self._name, values["here"])
        kept = self._now.get(key)
        if kept is None:
            return split_html_page(text)
        if kept[4] is None:
            kept = self._now[key] = (*kept[:4], split_html_page(text))
        return kept[4]


def preview_pages(build: Build, headings: HeadingStyle = SITE_HEADINGS) -> made.SitePages:
    """What site_pages(build) gives, rendering again only the pages whose inputs differ from the last preview of the
    same archive."""
    env = made.page_environment(build, headings)
    before, now = renders.before(build), {}
    get_template = env.get_template

    def remembered(name, parent=None, globals=None):
        template = get_template(name, parent, globals)
        # A template imported by another is rendered as part of it.
        return template if parent is not None else _Remembered(template, name, build, before, now)

    env.get_template = remembered
    site = made.site_pages(build, env)
    renders.remember(build, now)
    return site


class Written:
    """What the last finished build wrote into each site folder of this process: a fingerprint of what every page is
    made with besides its content, and each generated file's digest. 'mkdocs serve --dirty' rewrites only the
    generated files whose digest changed."""

    KEPT = 4

    def __init__(self) -> None:
        self._sites: dict[str, tuple[str, dict[str, str]]] = {}

    @staticmethod
    def fingerprint(paths: list[str]) -> str:
        """The files every page's HTML is made with besides its content: the configuration, the theme, the
        hand-written pages whose titles every page's navigation shows."""
        return fingerprint(paths)

    def compare(self, site_dir: str, made_with: str, digests: dict[str, str]) -> tuple[set[str], set[str]]:
        """The generated files whose content differs from what the last finished build into site_dir wrote (all of
        them after none, or one made with another configuration or theme), and those it wrote that are gone. Until
        this build finishes the folder is unknown: a build that fails halfway leaves the next one to write all."""
        made_with_before, before = self._sites.pop(site_dir, ("", {}))
        gone = set(before) - set(digests)
        if made_with_before != made_with:
            return set(digests), gone
        return {path for path, digest_ in digests.items() if before.get(path) != digest_}, gone

    def remember(self, site_dir: str, made_with: str, digests: dict[str, str]) -> None:
        """Record what a finished build wrote into site_dir."""
        self._sites[site_dir] = (made_with, digests)
        while len(self._sites) > self.KEPT:
            del self._sites[next(iter(self._sites))]

    def forget(self, site_dir: str) -> None:
        """What site_dir holds is unknown (a build showing problems wrote over its pages): the next build writes all."""
        self._sites.pop(site_dir, None)


written = Written()


def settle() -> None:
    """Once a preview build has finished in this process, what lives as long as the server (the actas read, the pages
    rendered, the modules) is left out of the garbage collector's full passes, after one last full pass: each later
    build pays only for its own objects. Called as a build starts, when the last build's objects are garbage."""
    if renders.kept() and gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()
