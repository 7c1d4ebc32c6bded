"""The narrative's points (paragraphs and list items) as plain text mapped onto their HTML, their sentences, and
the unique first and last words that name a passage in 'intervenciones'."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ...modelo.body import Fragment

# As the validator reads them (modelo/interventions.py): a point starts at <p> or <li> and ends at the first
# closing tag or nested list.
_POINT_START = re.compile(r"<(?:p|li)>")
_POINT_END = re.compile(r"</p>|</li>|<ul\b|<ol\b")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A sentence ends at . ! ? (and closing quotes) before a capital; not after these abbreviations, nor after a single
# letter (an initial, or a list's «a.»).
_SENTENCE_END = re.compile(r"[.!?…][\"»”’)\]]*\s+(?=[\"«“(¿¡]?[A-ZÁÉÍÓÚÑ0-9])")
_ABBREVIATIONS = frozenset({"sr", "sra", "srta", "dr", "dra", "lic", "ing", "art", "n", "nº", "núm", "prof", "sres"})
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Point:
    """A paragraph or list item: its plain text, and for each character where it lies in its fragment's HTML."""

    fragment: int
    html_start: int
    html_end: int
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    list_end: int | None = None  # where the list nested under it ends, if one follows it


def _plain(source: str, start: int, end: int) -> tuple[str, list[int], list[int]]:
    """Text of source[start:end] without tags, entities decoded; each character's start and end offsets."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = start
    while at < end:
        if source[at] == "<":
            close = source.find(">", at)
            at = end if close < 0 else close + 1
            continue
        entity = _ENTITY.match(source, at) if source[at] == "&" else None
        span = entity.end() if entity else at + 1
        for char in html.unescape(source[at:span]):
            chars.append(char)
            starts.append(at)
            ends.append(span)
        at = span
    return "".join(chars), starts, ends


def _list_end(source: str, start: int) -> int:
    """The end of the list that opens at start, lists nested in it included."""
    depth = 0
    for tag in re.finditer(r"<(/?)(?:ul|ol)\b[^>]*>", source[start:]):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return start + tag.end()
    return len(source)


def points(parts) -> list[Point]:
    """Every point of a narrative (body.Heading and body.Fragment parts), in reading order."""
    found = []
    for index, part in enumerate(parts):
        if not isinstance(part, Fragment):
            continue
        for start in _POINT_START.finditer(part.html):
            end = _POINT_END.search(part.html, start.end())
            stop = end.start() if end else len(part.html)
            if _POINT_START.search(part.html, start.end(), stop):
                continue  # an item of a loose list: its paragraph is the point
            text, starts, ends = _plain(part.html, start.end(), stop)
            nested = _list_end(part.html, stop) if end and end[0].startswith(("<ul", "<ol")) else None
            found.append(Point(index, start.end(), stop, text, tuple(starts), tuple(ends), nested))
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a point's text, surrounding spaces left out."""
    spans = []
    start = len(text) - len(text.lstrip())
    for match in _SENTENCE_END.finditer(text):
        before = re.search(r"(\w+)[.]$", text[start:match.start() + 1])
        if before and (len(before[1]) == 1 or before[1].lower() in _ABBREVIATIONS):
            continue
        end = match.end() - (len(match[0]) - len(match[0].rstrip()))
        spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _exact(point: Point, source: str, start: int, end: int) -> str | None:
    """point.text[start:end] if the HTML spells it exactly (no tag inside, one line), else None."""
    phrase = point.text[start:end]
    if end <= start or "\n" in phrase or "  " in phrase:
        return None
    if source[point.starts[start]:point.ends[end - 1]] != html.escape(phrase, quote=False):
        return None
    return phrase


def first_words(point: Point, start: int, stop: int, at_least: int, fragments: dict[int, str]) -> str | None:
    """The fewest words (at least at_least) from start, before stop, that occur once in the whole narrative."""
    source = fragments[point.fragment]
    words = list(_WORD.finditer(point.text, start, stop))
    for count in range(max(1, min(at_least, len(words))), len(words) + 1):
        phrase = _exact(point, source, start, words[count - 1].end())
        if phrase is None:
            continue
        needle = re.escape(html.escape(phrase, quote=False))
        if sum(len(re.findall(needle, text)) for text in fragments.values()) == 1:
            return phrase
    return None


def last_words(point: Point, start: int, end: int, fragments: dict[int, str]) -> str | None:
    """The fewest last words (at least three) before end whose first occurrence after start ends there."""
    source = fragments[point.fragment]
    words = list(_WORD.finditer(point.text, start, end))
    for count in range(max(1, min(3, len(words))), len(words) + 1):
        first = words[-count].start()
        phrase = _exact(point, source, first, end)
        if phrase and source.find(html.escape(phrase, quote=False), point.starts[start],
                                  point.html_end) == point.starts[first]:
            return phrase
    return None


def sentence_at(found: list[Point], fragment: int, offset: int) -> str | None:
    """The sentence holding a fragment's HTML offset, as plain text."""
    for point in found:
        if point.fragment == fragment and point.html_start <= offset <= point.html_end:
            at = next((i for i, where in enumerate(point.starts) if where >= offset), len(point.text))
            for start, end in sentences(point.text):
                if at < end:
                    return point.text[start:end]
    return None
