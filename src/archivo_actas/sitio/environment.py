"""The Jinja environment of the site's pages, and the page a render returns: Markdown plus finished HTML blocks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from ..modelo import dates, wording
from ..modelo.vocabulary import DATE_CERTAINTY, GROUPS, NEXT_MEETING_WORDS, SECTORS, SOURCE_KINDS, STATUSES
from .markdown_text import HEADINGS, SITE_HEADINGS, Converted, HeadingStyle, PageHeadings, md

BLOCK = '<div data-archivo-bloque="{}"></div>'
_BLOCK = re.compile(r'<div data-archivo-bloque="(\d+)"></div>')
# The list a page's 'bloque' filter appends to: a fresh one is passed to every render.
BLOCKS = "_bloques"


@dataclass(frozen=True)
class RenderedPage:
    """A generated page: its Markdown, and the finished HTML blocks that Markdown must not touch, in marker order;
    converted, when the archive converted the Markdown itself (the site generator takes that HTML as it is)."""

    markdown: str
    blocks: tuple[str, ...] = ()
    converted: Converted | None = None

    def complete(self) -> str:
        """The page with each HTML block where its marker stands (after its front matter, the HTML of a page written
        as HTML): what a reader gets, as one text."""
        return fill_blocks(self.markdown, self.blocks) + (self.converted.html if self.converted else "")


def fill_blocks(text: str, blocks: tuple[str, ...] | list[str]) -> str:
    """Put each finished HTML block where its marker stands."""
    return _BLOCK.sub(lambda m: blocks[int(m[1])], text) if blocks else text


def _meta(value: str) -> Markup:
    """A page title or description for the front matter: the theme prints these without escaping them."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def _lines(value: str) -> Markup:
    """Escape a multi-line text and keep its line breaks."""
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


@pass_context
def _set_aside(context, html: str) -> Markup:
    """Set a finished HTML block aside: Markdown has nothing to do in it, and parsing it costs most of a build."""
    blocks = context[BLOCKS]
    blocks.append(str(html).strip())
    return Markup(BLOCK.format(len(blocks) - 1) + "\n")


class Compiled(BytecodeCache):
    """Compiled templates, kept from one environment to the next in this process (Jinja compiles again a template
    whose source changed); one for each kind of environment, whose settings the compiled code depends on."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# Every page environment of this process: the same settings, so the same compiled code (a preview, a build after
# another, and the tests make many).
COMPILED = Compiled()


def make_environment(package: str = "archivo_actas.sitio", headings: HeadingStyle = SITE_HEADINGS) -> Environment:
    """Jinja environment over a package's templates/: autoescaped HTML, strict about undefined names, Spanish dates."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )
    env.filters.update(md=md, lines=_lines, meta=_meta, bloque=_set_aside,
                       long_date=dates.long_date, weekday_date=dates.weekday_date, hour=dates.hour)
    env.globals.update(
        groups=GROUPS, statuses=STATUSES, source_kinds=SOURCE_KINDS, sectors=SECTORS,
        date_certainty=DATE_CERTAINTY, next_meeting_words=NEXT_MEETING_WORDS, wording=wording,
        heading=headings.heading,
    )
    return env


def render_page(env: Environment, template: str, src_uri: str, **values) -> RenderedPage:
    """One page from its template; 'here' is its own address, which every relative link starts from."""
    blocks: list[str] = []
    text = env.get_template(template).render(here=wording.page_url(src_uri), **{BLOCKS: blocks}, **values)
    return RenderedPage(text, tuple(blocks))


_FRONT_MATTER_END = "\n---\n"


def split_html_page(text: str) -> tuple[str, str]:
    """A page written in HTML after its front matter: (the front matter, the HTML)."""
    end = text.index(_FRONT_MATTER_END, 3) + len(_FRONT_MATTER_END)
    return text[:end], text[end:].strip("\n")


def render_html_page(env: Environment, template: str, src_uri: str, **values) -> RenderedPage:
    """A page whose template writes HTML after its front matter: nothing is left to convert; its headings (made
    with 'heading') are its table of contents."""
    headings = PageHeadings()
    values = {"here": wording.page_url(src_uri), BLOCKS: [], HEADINGS: headings, **values}
    found = env.get_template(template)
    # A template the preview remembers keeps the split of its last page (preview.py): an unchanged page is not copied.
    render_split = getattr(found, "render_split", None)
    front, html = render_split(**values) if render_split else split_html_page(found.render(**values))
    return RenderedPage(front, (), Converted(html, headings.toc()))
