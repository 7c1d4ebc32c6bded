"""Who said what: interventions of the narrative attributed to the attendees who made them.

The narrative stays exactly as transcribed. Each entry of the front matter's 'intervenciones' names a passage of it by
its first words ('desde') and, if it ends before its point does, its last words ('hasta'); 'quienes' are the attendees
(persons, or an institution when the text says «Desde la Comisión…») and 'como' the words the acta uses for them.
A passage lies inside one point (a paragraph or an item of a list) and never crosses another passage.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .body import Fragment
from .model import Acta, Responsible
from .problems import ProblemList
from .schema import Field, ListOf, Ref, Struct, Text

# A point of the narrative: a paragraph, or an item of a list, of the cleaned HTML.
_POINT_END = re.compile(r"</p>|</li>|<ul>|<ol>")
_POINT_START = re.compile(r"<p>|<li>")
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|h\d|blockquote|pre|table|hr)\b")
_TAG = re.compile(r"<[^>]+>")
# Inline tags a passage may hold whole (void ones, like <br> and <img>, neither open nor close anything).
_INLINE = re.compile(r"<(/?)(a|em|strong|code)\b[^>]*>")
ANCHOR = "intervencion-{}"


@dataclass(frozen=True)
class Declared:
    """An entry of 'intervenciones' as written, before it is found in the narrative."""

    start: str
    speakers: tuple[Responsible, ...]
    end: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Intervention:
    """A passage of the narrative and who made it; start and end are offsets in its fragment's HTML."""

    number: int
    speakers: tuple[Responsible, ...]
    role: str | None
    fragment: int
    start: int
    end: int
    html: str

    @property
    def anchor(self) -> str:
        return ANCHOR.format(self.number)

    @property
    def text(self) -> str:
        """The passage as plain text, as the acta writes it."""
        return html.unescape(_TAG.sub("", self.html))


SPEAKER = Struct(
    (
        Field("persona", Ref("persona"), attr="person"),
        Field("institucion", Ref("institucion"), attr="institution"),
    ),
    build=Responsible,
    needs_one_of=("persona", "institucion"),
)

DECLARED = Struct(
    (
        Field("desde", Text(), required=True, attr="start",
              doc="las primeras palabras del pasaje, tal como están en la narración (únicas en el acta)"),
        Field("hasta", Text(), attr="end",
              doc="sus últimas palabras, si termina antes que su punto (párrafo o elemento de lista)"),
        Field("como", Text(), attr="role", doc="cómo nombra el acta a quien habla, p. ej. «La Secretaria Ejecutiva»"),
        Field("quienes", ListOf(SPEAKER, min_items=1), required=True, attr="speakers",
              doc="asistentes que hicieron la intervención: persona, o institución si el acta solo la nombra a ella"),
    ),
    build=Declared,
)


def _point_bounds(text: str, at: int) -> tuple[int, int]:
    """The start and end of the point (paragraph or list item) around offset at; the line break before a list
    nested in the item is not part of it."""
    starts = [m.end() for m in _POINT_START.finditer(text, 0, at)]
    end = _POINT_END.search(text, at)
    end = end.start() if end else len(text)
    return (starts[-1] if starts else 0), at + len(text[at:end].rstrip())


def _in_text(text: str, start: int, end: int) -> bool:
    """The span [start, end) of the cleaned HTML is text, not part of a tag (its '<' and '>' are escaped in text)."""
    return all(text.rfind("<", 0, at) <= text.rfind(">", 0, at) for at in (start, end))


def _occurrences(text: str, phrase: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where phrase stands in the text of the cleaned HTML: a match inside a tag (a link's address) does not count."""
    pattern = re.compile(re.escape(phrase))
    return [m.start() for m in pattern.finditer(text, start, len(text) if end is None else end)
            if _in_text(text, m.start(), m.end())]


def _balanced(text: str) -> bool:
    """Every inline tag the passage opens, it closes, and it closes none it did not open (it wraps as one span)."""
    depth: list[str] = []
    for closing, name in _INLINE.findall(text):
        if not closing:
            depth.append(name)
        elif not depth or depth.pop() != name:
            return False
    return not depth


def _find(declared: Declared, fragments: list[tuple[int, str]], where: str,
          problems: ProblemList, line: int) -> tuple[int, int, int] | None:
    """(fragment, start, end) of a declared passage, or None with the problem at its line."""
    phrase = html.escape(declared.start.strip(), quote=False)
    found = [(i, at) for i, text in fragments for at in _occurrences(text, phrase)]
    if len(found) != 1:
        problems.add(line, f"{where}.desde", f"la frase «{declared.start}» " + (
            "no está en la narración: cópiela tal como está escrita" if not found else
            f"está {len(found)} veces en la narración: agregue palabras hasta que sea única"))
        return None
    index, start = found[0]
    text = dict(fragments)[index]
    point_start, point_end = _point_bounds(text, start)
    end = point_end
    if declared.end:
        last = html.escape(declared.end.strip(), quote=False)
        ats = _occurrences(text, last, start, point_end)
        at = ats[0] if ats else -1
        if at < 0:
            problems.add(line, f"{where}.hasta", f"la frase «{declared.end}» no está después de 'desde' en el mismo "
                         "punto (párrafo o elemento de lista)")
            return None
        end = at + len(last)
    if _BLOCK.search(text, start, end) or start < point_start:
        problems.add(line, f"{where}.desde", "el pasaje cruza el límite de un párrafo o elemento de lista")
        return None
    if not _balanced(text[start:end]):
        problems.add(line, f"{where}.hasta" if declared.end else f"{where}.desde", "el pasaje empieza o termina "
                     "dentro de un texto con formato (cursiva, negrita, enlace): ajuste 'desde' o 'hasta'")
        return None
    return index, start, end


def _attended(acta: Acta, speaker: Responsible) -> bool:
    """A speaker attended that meeting: the person, or the institution (by itself or through a representative)."""
    if speaker.person:
        return any(a.person == speaker.person for a in acta.attendees)
    return any(a.institution == speaker.institution for a in acta.attendees)


def locate(acta: Acta, declared: tuple[Declared, ...], lines: list[int], problems: ProblemList) -> tuple:
    """Every declared intervention found in the narrative and checked against the attendance; numbered in reading
    order. Each problem is reported at the line of its entry."""
    fragments = [(i, part.html) for i, part in enumerate(acta.narrative) if isinstance(part, Fragment)]
    located = []
    for n, (entry, line) in enumerate(zip(declared, lines, strict=True)):
        where = f"intervenciones[{n + 1}]"
        for m, speaker in enumerate(entry.speakers, start=1):
            if not _attended(acta, speaker):
                key, value = ("persona", speaker.person) if speaker.person else ("institucion", speaker.institution)
                problems.add(line, f"{where}.quienes[{m}].{key}", f"'{value}' no asistió a esta reunión: una "
                             "intervención es de alguien que está en 'asistentes'")
        place = _find(entry, fragments, where, problems, line)
        if place:
            located.append((place, entry, where, line))
    located.sort(key=lambda item: item[0])
    for (a, b) in zip(located, located[1:], strict=False):
        if a[0][0] == b[0][0] and b[0][1] < a[0][2]:
            problems.add(b[3], f"{b[2]}.desde", f"el pasaje se superpone con el de {a[2]}: ajuste 'hasta'")
    html_of = dict(fragments)
    return tuple(Intervention(number, entry.speakers, entry.role, index, start, end, html_of[index][start:end])
                 for number, ((index, start, end), entry, _where, _line) in enumerate(located, start=1))
