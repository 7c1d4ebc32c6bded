"""The narrative (modelo/body.py): CommonMark as GitHub previews it, each problem at its line, parts to publish."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pyromark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivo_actas.modelo.body import MESSAGES, OPTIONS, Fragment, Heading, _Reader, check, clean
from archivo_actas.modelo.vocabulary import MAX_NESTING

RAW = MESSAGES["html"]
LINK = MESSAGES["enlace"].format("", "javascript")
FENCE = MESSAGES["cerco"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Uno.\n\n```py\nx = 1\n```\n", [(3, MESSAGES["lenguaje"].format("", "```py"))]),
    ("Uno.\n\n```\nsin cerrar\n", [(3, FENCE.format("", "```"))]),
    ("Uno.\n\n~~~\nmezclado\n```\n", [(3, FENCE.format("", "~~~"))]),
    ("> ```\n> x\n\nFuera.\n", [(1, FENCE.format("", "```"))]),
    ("Uno <b>dos</b>.\n", [(1, RAW.format("", "b"))]),
    ("Uno.\n\n<div>\n<p>dos</p>\n</div>\n", [(3, RAW.format("", "div"))]),
    ("Uno.\n\n<!-- nota -->\n", [(3, MESSAGES["comentario"])]),
    ("[a](javascript:alert(1))\n", [(1, LINK)]),
    ("Ver [a][r].\n\n[r]: javascript:alert(1)\n", [(3, LINK)]),
    ("[r]: javascript:alert(1)\n", [(1, LINK)]),
    ("![logo][r]\n\n[r]: https://example.org/x.png\n", [(1, MESSAGES["imagen"].format("", "https://example.org/x.png"))]),
    ("<javascript:alert(1)>\n", [(1, LINK)]),
    ("# Título\n", [(1, MESSAGES["titulo1"].format("", "Título"))]),
    ("Uno.\n\n## Historial de cambios\n", [(3, MESSAGES["seccion"].format("", "Historial de cambios"))]),
    ("> " * (MAX_NESTING + 1) + "x\n", [(1, MESSAGES["anidado"])]),
    ("Uno.\n\n## Proce.dencia\n", [(3, MESSAGES["seccion"].format("", "Proce.dencia"))]),
    ("## Acuer.do 1\n", [(1, MESSAGES["seccion"].format("", "Acuer.do 1"))]),
    ("## Pro&shy;cedencia\n", [(1, MESSAGES["seccion"].format("", "Pro\xadcedencia"))]),
    ("```\nx\n    ```\n", [(1, FENCE.format("", "```"))]),
    ("```\n## Acuerdos\n> ```\n", [(1, FENCE.format("", "```"))]),
    ("|a" * 100 + "|\n" + "|-" * 100 + "|\n" + "a\n" * 60,
     [(1, MESSAGES["tabla"].format("", "6.100"))]),
], ids=["lenguaje", "cerco-abierto", "cercos-mezclados", "cerco-en-cita", "html-en-linea", "bloque-html", "comentario",
        "enlace", "referencia", "referencia-sin-uso", "imagen-por-referencia", "enlace-automatico", "titulo-1",
        "seccion-generada", "anidado", "seccion-con-punto", "ancla-de-acuerdo-con-punto", "seccion-con-guion-invisible",
        "cierre-con-sangria", "cierre-tras-cita", "tabla-enorme"])
def test_each_problem_at_its_line(text, expected):
    parts, problems = check(text, 40, "actas/x.md")
    assert parts == ()
    assert [(p.line - 40 + 1, p.message) for p in problems] == expected
    assert {(p.path, p.field) for p in problems} == {("actas/x.md", "cuerpo")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Uno.\n\n## Dos *tres* `4`\n\nCinco.\n",
     (Fragment("<p>Uno.</p>"), Heading(2, "Dos tres 4"), Fragment("<p>Cinco.</p>"))),
    ("| a | b |\n|:--|--:|\n| 1 | 2 |\n",
     (Fragment('<table><thead><tr><th style="text-align:left">a</th><th style="text-align:right">b</th></tr></thead>'
               '<tbody>\n<tr><td style="text-align:left">1</td><td style="text-align:right">2</td></tr>\n'
               '</tbody></table>'),)),
    ("~~tachado~~ y \"comillas\" & <menor\n", (Fragment('<p><del>tachado</del> y "comillas" &amp; &lt;menor</p>'),)),
    ("> ## Citado\n\n- uno\n  - dos\n", (Fragment("<blockquote>\n<h2>Citado</h2>\n</blockquote>\n<ul>\n<li>uno\n<ul>\n"
                                                  "<li>dos</li>\n</ul>\n</li>\n</ul>"),)),
    ("Línea  \ncon salto.\n\n![foto](img/a.png \"t\")\n",
     (Fragment('<p>Línea<br>\ncon salto.</p>\n<p><img src="img/a.png" alt="foto" title="t"></p>'),)),
    ("```\n<script>x</script>\n```\n", (Fragment("<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>"),)),
    ("## Orden del día* ##\n\nUno.\n", (Heading(2, "Orden del día*"), Fragment("<p>Uno.</p>"))),
    ("> ```\n> x\n> ```\n\nFuera.\n", (Fragment("<blockquote>\n<pre><code>x\n</code></pre>\n</blockquote>\n"
                                               "<p>Fuera.</p>"),)),
    ("[r] de [otro][r].\n\n[r]: https://example.org \"T\"\n",
     (Fragment('<p><a href="https://example.org" title="T">r</a> de <a href="https://example.org" title="T">otro</a>'
               '.</p>'),)),
], ids=["titulos", "tabla-alineada", "tachado-y-escapes", "titulo-anidado", "salto-e-imagen", "codigo",
        "asterisco-suelto-en-titulo", "codigo-en-cita", "referencias"])
def test_what_is_published(text, expected):
    assert check(text, 1, "actas/x.md") == (expected, [])


class _TopHeadings(HTMLParser):
    """The reference reading of a fragment's top-level headings, by an HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.headings, self.open = 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img"):
            return
        if self.depth == 0 and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.open = [int(tag[1]), ""]
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1
        if self.depth == 0 and self.open:
            self.headings.append((self.open[0], " ".join(self.open[1].split())))
            self.open = None

    def handle_data(self, data):
        if self.open:
            self.open[1] += data


PIECES = ["## ", "### ", "x", "Acta", "\n", "\n\n", "- ", "1. ", "> ", "*", "**", "`", "~~", "|", "---", "\\", "&amp;",
          "&", '"', "á", "  \n", "[a](b)", "![i](i.png)", "    ", "```\n", "<", ">", "Tabla", " ##", "_",
          "| a |\n|---|\n", "Proce.dencia"]


@settings(max_examples=int(os.environ.get("EJEMPLOS_PROPIEDADES", "300")), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_parts_are_the_cleaned_html_cut_at_its_top_level_headings(text):
    """Published parts are clean, and their headings are the cleaned HTML's top-level ones, as an HTML parser reads
    them (the parts are cut where the Markdown parser's events say, not by reading the HTML again)."""
    parts, problems = check(text, 1, "actas/x.md")
    if problems:
        return
    reference = _TopHeadings()
    reference.feed(clean(pyromark.html(text, options=OPTIONS)))
    assert reference.headings == [(p.level, p.text) for p in parts if isinstance(p, Heading)]
    assert all(clean(p.html) == p.html for p in parts if isinstance(p, Fragment))


_MARKDOWN_PIECES = st.sampled_from(["## Título\n", "# Uno\n", "## Asistentes\n", "texto ", "*", "**", "\n", "\n\n",
                                    "> ", "- ", "1. ", "    ", "```\n", "```py\n", "~~~\n", "| a | b |\n",
                                    "|---|---|\n", "[a](http://x)", "[a](javascript:x)", "![i](img.png)",
                                    "![i](http://x/i.png)", "<b>", "<!-- c -->", "[r]: ftp://x\n", "[r]", "`c`"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, max_size=14))
def test_reading_without_places_first_finds_what_reading_with_them_finds(pieces):
    """The quick pass (events without their places) ends in the same offenses and headings as a pass with places."""
    text = "".join(pieces)
    quick = _Reader(text).read()
    placed = _Reader(text)._walk(pyromark.events_with_range(text, options=OPTIONS))
    assert (quick.offenses, quick.headings) == (placed.offenses, placed.headings)
