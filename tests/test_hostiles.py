"""A hostile but valid archive, built for real: its site has nothing active that a clean build lacks.

Every HTML file of site/ is parsed: no event-handler attribute, no script URL (after entity decoding and with controls
dropped), nothing loaded from another site, no script that the clean build does not have, no original that a
browser would run.
"""

from __future__ import annotations

import csv
import functools
import io
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivo_actas.modelo import yamlnodes
from archivo_actas.modelo.acta_file import _check_header_end, split_front_matter
from archivo_actas.modelo.body import Fragment, check, clean, scheme
from archivo_actas.modelo.problems import ProblemList
from archivo_actas.modelo.vocabulary import MAX_YAML_DEPTH
from conftest import FIXED, GOOD, build, fixed_actas, make_project, with_original

# Its module fixtures are costly: one worker runs the whole module (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("hostiles")

ACTIVE_SCHEMES = {"javascript", "vbscript", "data"}
LOADS = {("script", "src"), ("img", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"), ("link", "href"),
         ("source", "src"), ("video", "src"), ("audio", "src"), ("image", "href"), ("use", "href")}
EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}


class Audit(HTMLParser):
    """What a page could run or load: handlers, script URLs, third-party loads, and its executable inline scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.scripts: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster") \
                    and scheme(value) in ACTIVE_SCHEMES:
                self.findings.append(f"<{tag} {name}='{value[:40]}'>")
            if (tag, name) in LOADS and (scheme(value) is not None or value.strip().startswith("//")) and \
                    not (tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate")):
                self.findings.append(f"<{tag} {name}='{value[:60]}'> carga algo de otro sitio")
        if tag == "script" and dict(attrs).get("type", "") in EXECUTABLE and not dict(attrs).get("src"):
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(self._script.strip())
            self._script = None


def audit(site: Path) -> tuple[list[str], set[str]]:
    """(findings as 'page: what', executable inline scripts) over every HTML file of a built site."""
    findings, scripts = [], set()
    for page in sorted(site.rglob("*.html")):
        parser = Audit()
        parser.feed(page.read_text(encoding="utf-8"))
        findings += [f"{page.relative_to(site)}: {f}" for f in parser.findings]
        scripts |= set(parser.scripts)
    return findings, scripts


def corpus(name: str) -> str:
    path = Path(__file__).parent / "entradas" / "buenas" / name / "actas" / "2019-01-23.md"
    return path.read_text(encoding="utf-8")


HOSTILE_VALUES = {
    "titulo: Reunión de prueba": "titulo: 'Reunión \"x\" onfocus=\"alert(2)\" & otros'",
    "lugar: CEPAL": "lugar: 'Sala 3 | \"b\" onerror=alert(4) > x'",
    "      cargo: representante": "      cargo: '\" autofocus onfocus=\"alert(3)'",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The frozen archive plus actas that try every class of attack a valid acta can still carry."""
    root = make_project(tmp_path_factory.mktemp("hostil") / "p", fixed_actas(), with_site=True)
    text = GOOD
    for old, new in HOSTILE_VALUES.items():
        text = text.replace(old, new)
    actas = {"2023-05-10": corpus("atributos_como_texto"), "2023-05-11": corpus("formulas_en_acuerdos"),
             "2023-05-12": text,
             "2023-05-13": GOOD + ("\n[informe](../../datos/) [correo](mailto:mesa@example.org) "
                                   "![plano](../originales/plano.png)\n")}
    for day, content in actas.items():
        (root / "actas" / f"{day}.md").write_text(with_original(content, day, root), encoding="utf-8")
    return build(root, root / "site")


def test_a_hostile_but_valid_archive_publishes_nothing_active(hostile_site, fixed_site):
    findings, scripts = audit(hostile_site)
    clean_findings, clean_scripts = audit(fixed_site)
    assert clean_findings == []
    assert findings == []
    assert scripts <= clean_scripts
    assert sorted(p.suffix for p in (hostile_site / "actas" / "originales").iterdir()) == [".txt"] * 9


def test_attribute_lists_stay_text(hostile_site):
    page = (hostile_site / "actas" / "2023-05-10" / "index.html").read_text(encoding="utf-8")
    assert 'atributos.\n{: onclick="alert(1)" style="position:fixed" }</p>' in page
    assert page.count('id="acuerdo-1"') == 1


def test_spreadsheets_get_no_formula(hostile_site):
    rows = list(csv.DictReader(io.StringIO((hostile_site / "datos" / "acuerdos.csv").read_text(encoding="utf-8-sig"))))
    texts = {r["texto"] for r in rows if r["acta_fecha"] == "2023-05-11"}
    assert texts == {"'=HYPERLINK(\"https://example.org\",\"clic\")", "'@SUMA(1;2) y -1+1"}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())


def test_originals_of_other_types_never_reach_the_site(tmp_path):
    """A file in actas/originales/ that no acta names as its source (an .html here) is never published."""
    root = make_project(tmp_path / "p", {"2019-01-23.md": GOOD}, with_site=True)
    (root / "actas" / "originales" / "pagina.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    assert not (FIXED / "actas" / "originales" / "pagina.html").exists()
    build(root, root / "site")
    assert not (root / "site" / "actas" / "originales" / "pagina.html").exists()


# A property over the narrative: whatever a contributor types, it is refused or it publishes nothing active.
PIECES = ["<", ">", "/", "script", "img", "a href=", "svg", " onerror=", " onclick=", "style=", '"', "'", "javascript:",
          "&#106;", "&#x6A;", "&colon;", "data:", "vbscript:", "http://x.cl", "//x.cl", "[a](", "[r]", "[r]: ", ")",
          "![i](", "<http://x>", "\n", "\n\n", "```", "~~~", "    ", "- ", "1. ", "> ", "## ", "# ", "{: onclick=x }",
          "`", "*", "|", "---", "\t", "x", "Acuerdo 1", "Procedencia", "<!--", "-->", "&amp;", "&"]


@settings(max_examples=int(os.environ.get("EJEMPLOS_PROPIEDADES", "300")), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_narrative_is_refused_or_published_inert(text):
    parts, problems = check("## Desarrollo\n\n" + text + "\n", 40, "actas/x.md")
    assert all(p.path == "actas/x.md" and p.line >= 40 and p.field == "cuerpo" and "\n" not in p.message
               for p in problems)
    if problems:
        assert parts == ()
        return
    published = "".join(part.html for part in parts if isinstance(part, Fragment))
    parser = Audit()
    parser.feed(published)
    assert parser.findings == [] and parser.scripts == []
    assert clean(published) == published


@functools.cache
def _site_converters():
    """Python-Markdown as the site's pages use it (mkdocs.yml), with and without the shortcut."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    without = [e for e in config.markdown_extensions if e != "archivo_actas.sitio.markdown_text"]
    assert len(without) == len(config.markdown_extensions) - 1
    return tuple(markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
                 for extensions in (config.markdown_extensions, without))


def _both(text: str) -> tuple[str, str]:
    """The HTML (or the error) of a site page with and without the shortcut."""

    def render(md) -> str:
        try:
            return md.reset().convert(text)
        except RecursionError:
            return "RecursionError"

    return tuple(render(md) for md in _site_converters())


MORE_PIECES = PIECES + ["  \n", "\\", "_x_", "**", "[", "]", "!", " ", "á"]


@settings(max_examples=int(os.environ.get("EJEMPLOS_PROPIEDADES", "300")), deadline=None)
@given(st.lists(st.sampled_from(MORE_PIECES), max_size=40).map("".join))
def test_skipping_plain_text_changes_no_rendering(text):
    """Text where no inline pattern can begin skips them (half the time of a narrative): the HTML is the same."""
    fast, slow = _both(text)
    assert fast == slow


HEADING_PIECES = MORE_PIECES + ["&", "#", "{: #x }", "—", "(1)", "|", "  ", "_"]


@settings(max_examples=int(os.environ.get("EJEMPLOS_PROPIEDADES", "300")), deadline=None)
@given(st.integers(1, 6), st.lists(st.sampled_from(HEADING_PIECES), min_size=1, max_size=12).map("".join)
       .filter(lambda t: t.strip() and not set(t) & set("'\"~")))
def test_a_heading_written_in_html_is_the_one_the_sites_markdown_writes(level, text):
    """The pages written in HTML (actas, people, institutions) make each heading as the site's Markdown makes it from
    the same text: the same HTML, id, permalink and table of contents. (Quotes and '~' are the exception: see below.)"""
    from archivo_actas.sitio.environment import make_environment
    from archivo_actas.sitio.markdown_text import HEADINGS, PageHeadings, md

    site, _without = _site_converters()
    made = PageHeadings()
    html = make_environment().from_string("{{ heading(level, text) }}").render(level=level, text=text,
                                                                               **{HEADINGS: made})
    assert html == site.reset().convert("#" * level + " " + md(text))
    assert list(made.toc()) == site.toc_tokens


def test_a_heading_with_quotes_or_tildes_reads_as_written():
    """Markdown, given the escaped text, named a heading with quotes '&amp;#34;' in the table of contents (a reader saw
    '&#34;') and took '34' into its id, and showed '~' as '\\~'; written in HTML, a heading shows both as written and
    its id leaves them out."""
    from archivo_actas.sitio.environment import make_environment
    from archivo_actas.sitio.markdown_text import HEADINGS, PageHeadings

    made = PageHeadings()
    template = make_environment().from_string("{{ heading(2, text) }}")
    html = template.render(text='Plan "Chile" l\'x ~2', **{HEADINGS: made})
    assert html.startswith('<h2 id="plan-chile-lx-2">Plan &#34;Chile&#34; l&#39;x ~2<a class="headerlink"')
    assert [(t["id"], t["name"]) for t in made.toc()] == [("plan-chile-lx-2", "Plan &#34;Chile&#34; l&#39;x ~2")]


def test_skipping_plain_text_changes_no_real_page():
    """Every hand-written page, narrative of the archive, of the frozen archive and of the input corpus renders the
    same with the shortcut."""
    root = Path(__file__).resolve().parent
    paths = [*(root.parent / "actas").glob("*.md"), *(FIXED / "actas").glob("*.md"), *(root / "entradas").rglob("*.md"),
             *(root.parent / "docs").rglob("*.md")]
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        fast, slow = _both(text.split("\n---\n", 1)[-1])
        assert fast == slow, path


def test_the_shortcut_knows_every_inline_pattern():
    """The shortcut knows where each inline pattern can begin: the site's (mkdocs.yml) are the
    ones it names; an extension that adds another must say where it begins (markdown_text._INLINE_START)."""
    from archivo_actas.sitio.markdown_text import INLINE_PATTERNS

    site, _without = _site_converters()
    assert "texto_simple" in [item.name for item in site.treeprocessors._priority]
    assert {item.name for item in site.inlinePatterns._priority} == INLINE_PATTERNS


def _nests_too_deep(text: str) -> bool:
    """The rule, line by line: a line's indentation and dashes (two characters a level) plus its brackets."""
    return any((len(line) - len(line.lstrip(" -"))) // 2 + line.count("[") + line.count("{") > MAX_YAML_DEPTH
               for line in text.split("\n"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" -[{a:\n", max_size=120), st.integers(0, 40))
def test_the_quick_look_for_deep_yaml_misses_no_deep_line(text, indent):
    """The one-expression look for a deep lead gives the same answer as reading every line."""
    text = " " * indent + text
    assert yamlnodes._could_be_deep(text) == _nests_too_deep(text)


# Every character class the look treats apart: printable ASCII, tab, line break, each range of INVISIBLE and its
# neighbours, Latin letters, multi-byte punctuation and surrogates.
_TEXT_CHARS = st.one_of(st.sampled_from("a \t\n\r~\x7f\x80\x9f\xa0\xad\xaeñ—«\u061c\u115f\u200b\u2028\u202e"
                                        "\u2066\u3164\ufeff\uffa0\ufffd\ufffe\ud800\udc00\ud83d\ude00\U0001f600"),
                        st.characters())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TEXT_CHARS, max_size=60), st.booleans())
def test_the_quick_look_for_invisible_characters_finds_what_the_pattern_finds(text, tabs):
    """Looking only past printable ASCII finds an invisible character exactly when searching the whole text does."""
    expected = yamlnodes.INVISIBLE.search(text.replace("\t", " ") if tabs else text) is not None
    assert yamlnodes.has_invisible(text, tabs) == expected


def _split_line_by_line(text: str) -> tuple[str, str, int] | None:
    """The header rule, line by line: '---' on line 1, closed by the next line that is '---' or '...' (spaces after
    allowed)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


_HEADER_LINES = st.sampled_from(["---", "...", "--- ", "---\t", " ---", "----", "fecha: 2020-01-01", "titulo: x",
                                 "- a", "texto", "", " ", "\x0c", "\u2028", "\x1c"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_HEADER_LINES, max_size=8), st.booleans())
def test_the_header_is_split_as_read_line_by_line(lines, final_break):
    """Looking for the closing '---' with one expression finds the same header, body and first body line as reading
    every line; a key of the acta on the first written line of the body is reported at its line."""
    text = "\n".join(lines) + ("\n" if final_break else "")
    expected = _split_line_by_line(text)
    assert split_front_matter(text, ProblemList("x")) == expected
    if expected is not None:
        problems = ProblemList("x")
        _check_header_end(expected[1], expected[2], problems)
        first = next(((n, line) for n, line in enumerate(expected[1].split("\n"), start=expected[2])
                      if line.strip()), None)
        keys = {"fecha", "titulo"}
        stray = first is not None and first[1].split(":")[0] in keys and first[1].startswith(tuple(keys))
        assert [p.line for p in problems] == ([first[0]] if stray else [])
