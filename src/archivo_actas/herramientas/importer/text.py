"""Reading a source's text: encodings, headings and sections, dates, times and list items."""

from __future__ import annotations

import datetime as dt
import re

from ...modelo.text import fold, nfc
from ...modelo.vocabulary import MONTHS

# Section headings, recognised on a folded line with its numbering ("III.", "2.", "a)") and markup removed.
SECTIONS = {
    "asistentes": r"asistentes|participantes",
    "tabla": r"tabla|temario|orden del dia",
    "desarrollo": r"desarrollo|discusion",
    "acuerdos": r"acuerdos(?: y compromisos)?|compromisos",
    "proxima": r"proxima reunion",
    "antecedentes": r"antecedentes",
}
GROUP_HEADINGS = (("miembros", r"miembros"), ("secretaria_actas", r"secretari[ao]s? de actas?"),
                  ("otros", r"otros(?: asistentes)?|invitados"))
_NUMBERING = re.compile(r"^(?:[ivxlc]+\.|\d+\.(?:-)?|[a-z]\)|[a-z]\.)\s*", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|__|[*_`]")
_BULLET = re.compile(r"^\s*(?:[-*•·]|e(?=\s+[A-ZÁÉÍÓÚÑ]))\s+")
_ITEM_NUMBER = re.compile(r"^(?:\*\*)?(?:\d+|[a-z])(?:\.-|\.|\))(?:\*\*)?\s+", re.IGNORECASE)
_HTML = re.compile(r"<[^>]+>")
# How the name of an institution begins, for institutions not yet in the registry.
_INSTITUTION_WORDS = (r"Fundaci[oó]n|Ministerio|Subsecretar[ií]a|Comisi[oó]n|Consejo|Red|Asociaci[oó]n|Universidad|"
                      r"Servicio|Divisi[oó]n|Unidad|Programa|Corporaci[oó]n|Instituto|Centro|Observatorio|"
                      r"Contralor[ií]a|Defensor[ií]a|Laboratorio|Municipalidad|Gobierno Regional|Banco|"
                      r"Organizaci[oó]n|Agencia|Direcci[oó]n|C[aá]mara|Senado")
_NEW_INSTITUTION = re.compile(rf"(?:\bde la|\bdel|\bde los|\bde las|\bde)\s+((?:{_INSTITUTION_WORDS})\b[^,;]*)$")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_DATE_WORDS = re.compile(r"\b(\d{1,2}) de (" + "|".join(MONTHS) + r") de (\d{4})\b")
_TIME = r"(\d{1,2})[.:](\d{2})"


def read_source(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else Latin-1; LF line endings."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _clean(line: str) -> str:
    """A line without markup and surrounding spaces."""
    return _MARKUP.sub("", line).strip()


def _heading(line: str) -> str | None:
    """The section a heading line opens, if it is one."""
    text = fold(_NUMBERING.sub("", _clean(line).lstrip("- "))).rstrip(":. ")
    for name, pattern in SECTIONS.items():
        if re.fullmatch(pattern, text):
            return name
    return None


def parse_date(text: str) -> dt.date | None:
    """The first date in text: 23.01.2019, 28-03-2022, 7/11/2018 or '(miércoles) 7 de noviembre de 2018'."""
    folded = fold(text)
    candidates = []
    for match in _DATE_NUMERIC.finditer(folded):
        candidates.append((match.start(), int(match[3]), int(match[2]), int(match[1])))
    for match in _DATE_WORDS.finditer(folded):
        candidates.append((match.start(), int(match[3]), MONTHS.index(match[2]) + 1, int(match[1])))
    for _start, year, month, day in sorted(candidates):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _time(hours: str, minutes: str) -> str | None:
    h, m = int(hours), int(minutes)
    return f"{h:02d}:{m:02d}" if h < 24 and m < 60 else None


def _sections(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The lines before the first heading, and each section's lines (later repeats of a heading are appended)."""
    preamble: list[str] = []
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        name = _heading(line) if len(line) < 60 else None
        if name:
            current = name
            sections.setdefault(name, [])
            # 'Fecha: …' style content after the heading on the same line is not expected; the heading is dropped.
            continue
        (sections[current] if current else preamble).append(line)
    return preamble, sections


def _labelled(lines: list[str], label: str) -> str | None:
    """The value of a 'Label: value' (or 'Label | value') line."""
    for line in lines:
        text = _clean(line)
        if re.match(rf"^{label}\s*[:|]", fold(text)):
            return re.split(r"[:|]", text, maxsplit=1)[1].strip() or None
    return None


def _items(lines: list[str]) -> list[str]:
    """List items (bullets or numbers), continuation lines joined."""
    items: list[str] = []
    for raw in lines:
        line = _clean(raw) if raw.strip() else ""
        if not line:
            continue
        bullet = _BULLET.match(raw) or _ITEM_NUMBER.match(line)
        text = _ITEM_NUMBER.sub("", _BULLET.sub("", raw).strip()).strip()
        text = _ITEM_NUMBER.sub("", _clean(text)).strip()
        if bullet or not items:
            items.append(text)
        else:
            items[-1] += " " + text
    return [i for i in items if i]


def narrative_markdown(lines: list[str], heading: str) -> str:
    """Clean Markdown: numbered sub-headings, lists, paragraphs rejoined across page breaks, no HTML."""
    out: list[str] = [f"## {heading}", ""]
    paragraphs: list[str] = []
    block: list[str] = []
    for raw in lines + [""]:
        if raw.strip():
            block.append(raw.rstrip())
        elif block:
            paragraphs.append("\n".join(block))
            block = []
    merged: list[str] = []
    for para in paragraphs:
        first = para.lstrip()[:1]
        if merged and first.islower() and not merged[-1].rstrip().endswith((".", ":", "!", "?")):
            merged[-1] += " " + para.strip()
        else:
            merged.append(para)
    for para in merged:
        para = _HTML.sub("", para)
        if re.match(r"^\d+\.\s+\S", para.strip()) and len(para) < 200 and para.strip().endswith("."):
            para = " ".join(para.split())  # a numbered heading wrapped over two lines
        lines_ = para.split("\n")
        if (len(lines_) == 1 and re.match(r"^\d+\.\s+\S", para.strip()) and len(para) < 160
                and para.strip().endswith(".")):
            out += [f"### {para.strip().rstrip('.')}", ""]
            continue
        if len(lines_) == 1 and para.strip().endswith(":") and len(para) < 40:
            out += [f"#### {para.strip().rstrip(':')}", ""]
            continue
        for line in lines_:
            stripped = line.strip()
            item = re.match(r"^-\s*(\d+)\.-?\s+(.*)$", stripped)
            if item:
                out.append(f"{item[1]}. {item[2]}")
            elif re.match(r"^-\s+[a-z]\.\s", stripped):
                out.append("    " + stripped)
            elif _BULLET.match(line):
                out.append("- " + _BULLET.sub("", line).strip())
            else:
                if (out and out[-1] and not out[-1].startswith(("- ", "    ")) and not re.match(r"^\d+\. ", out[-1])
                        and not out[-1].startswith("#")):
                    out[-1] += " " + stripped
                else:
                    out.append(stripped)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
