"""A draft acta from the raw text of minutes in the Mesa's tradition; what it cannot decide it marks TODO."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

import yaml
from slugify import slugify

from .registry import Registry
from .schema import PENDING
from .text import fold, nfc
from .vocabulary import MONTHS


# Section headings, recognised on a folded line with its numbering ("III.", "2.", "a)") and markup removed.
SECTIONS = {
    "asistentes": r"asistentes|participantes",
    "tabla": r"tabla|temario|orden del dia",
    "desarrollo": r"desarrollo|discusion",
    "acuerdos": r"acuerdos(?: y compromisos)?|compromisos",
    "proxima": r"proxima reunion",
    "antecedentes": r"antecedentes",
}
GROUP_HEADINGS = (("miembros", r"miembros"), ("secretaria_actas", r"secretari[ao]s? de actas?"), ("otros", r"otros(?: asistentes)?|invitados"))
_NUMBERING = re.compile(r"^(?:[ivxlc]+\.|\d+\.(?:-)?|[a-z]\)|[a-z]\.)\s*", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|__|[*_`]")
_BULLET = re.compile(r"^\s*(?:[-*•·]|e(?=\s+[A-ZÁÉÍÓÚÑ]))\s+")
_ITEM_NUMBER = re.compile(r"^(?:\*\*)?(?:\d+|[a-z])(?:\.-|\.|\))(?:\*\*)?\s+", re.IGNORECASE)
_HTML = re.compile(r"<[^>]+>")
# How the name of an institution begins, for institutions not yet in the registry.
_INSTITUTION_WORDS = (r"Fundaci[oó]n|Ministerio|Subsecretar[ií]a|Comisi[oó]n|Consejo|Red|Asociaci[oó]n|Universidad|Servicio|"
                      r"Divisi[oó]n|Unidad|Programa|Corporaci[oó]n|Instituto|Centro|Observatorio|Contralor[ií]a|Defensor[ií]a|"
                      r"Laboratorio|Municipalidad|Gobierno Regional|Banco|Organizaci[oó]n|Agencia|Direcci[oó]n|C[aá]mara|Senado")
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


@dataclass
class Draft:
    """What the importer understood of a source, field by field, in the acta's own terms."""

    fecha: dt.date | None = None
    fecha_certeza: str = "exacta"
    fecha_nota: str | None = None
    titulo: str | None = None
    inicio: str | None = None
    termino: str | None = None
    lugar: str | None = None
    asistentes: dict[str, list[dict]] = field(default_factory=dict)
    tabla: list[str] = field(default_factory=list)
    acuerdos: list[dict] = field(default_factory=list)
    proxima: dict | None = None
    redactada_por: list[dict] = field(default_factory=list)
    cuerpo: str = ""
    tipo: str = "texto"
    new_people: dict[str, str] = field(default_factory=dict)
    new_institutions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


class Resolver:
    """Names as written → registry ids, through names, aliases, siglas and old names, accents and case aside."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.people = {fold(n): p.id for p in registry.people.values() for n in p.all_names}
        self.institutions = {fold(n): i.id for i in registry.institutions.values() for n in i.all_names}
        # Longest names first, so 'Comisión de Integridad Pública y Transparencia' wins over 'Comisión de Integridad'.
        self._mentions = sorted(self.institutions, key=len, reverse=True)

    def person(self, name: str) -> str | None:
        key = fold(name)
        if key in self.people:
            return self.people[key]
        # A longer form of a known name ('Claudia Montero Meza' for 'Claudia Montero') is the same person.
        longer = [pid for known, pid in self.people.items() if len(known) > 3 and (key.startswith(known + " ") or known.startswith(key + " "))]
        return longer[0] if len(set(longer)) == 1 else None

    def institution(self, name: str) -> str | None:
        key = fold(name).strip(" .,;:()")
        if key in self.institutions:
            return self.institutions[key]
        close = difflib.get_close_matches(key, list(self.institutions), n=1, cutoff=0.88)
        return self.institutions[close[0]] if close else None

    def first_mention(self, text: str) -> tuple[str, int, int] | None:
        """The institution named earliest in text: (id, start, end) in the folded text."""
        folded = fold(text)
        best = None
        for known in self._mentions:
            if len(known) < 3:
                continue
            for match in re.finditer(r"(?<![\w])" + re.escape(known) + r"(?![\w])", folded):
                if best is None or match.start() < best[1] or (match.start() == best[1] and match.end() > best[2]):
                    best = (self.institutions[known], match.start(), match.end())
                break
        return best


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


class Importer:
    """Reads one source; each step fills a field of the draft or leaves a TODO."""

    def __init__(self, registry: Registry):
        self.resolver = Resolver(registry)
        self.registry = registry

    def run(self, text: str) -> Draft:
        lines = text.split("\n")
        draft = Draft()
        preamble, sections = _sections(lines)
        header = preamble + sections.get("antecedentes", [])
        draft.tipo = "ocr" if self._looks_like_ocr(text) else "texto"
        self._title(draft, lines)
        self._date(draft, header, lines)
        self._times(draft, header + lines)
        draft.lugar = _labelled(header, "lugar")
        if draft.lugar:
            draft.lugar = draft.lugar.rstrip(". ")
            institution = self.resolver.institution(draft.lugar)
            if institution and fold(draft.lugar) == fold(self.registry.institutions[institution].acronym or ""):
                draft.lugar = self.registry.institutions[institution].acronym
        if "asistentes" in sections:
            self._attendees(draft, sections["asistentes"])
        else:
            self._institution_list(draft, preamble)
        if "tabla" in sections:
            draft.tabla = _items(sections["tabla"])
        narrative = sections.get("desarrollo", [])
        if "acuerdos" in sections:
            self._acuerdos_table(draft, sections["acuerdos"])
        else:
            narrative = self._acuerdos_bullets(draft, narrative)
        if not draft.tabla:
            draft.tabla = self._tabla_before_narrative(lines)
        self._next_meeting(draft, sections.get("proxima"), lines)
        self._authors(draft, lines)
        draft.cuerpo = self._narrative(narrative, "Discusión" if any(_heading(l) == "desarrollo" and "discus" in fold(l) for l in lines) else "Desarrollo")
        return draft

    @staticmethod
    def _looks_like_ocr(text: str) -> bool:
        """OCR of Spanish loses accents: '-cion' words outnumber '-ción' ones (reunion, accion, difusion)."""
        plain = len(re.findall(r"\w+cion(?:es)?\b", text))
        accented = len(re.findall(r"\w+ción\b", text))
        return plain >= 3 and plain > accented

    def _title(self, draft: Draft, lines: list[str]) -> None:
        """The first line that is not a labelled field; an all-capitals title in sentence case, siglas kept."""
        siglas = {fold(i.acronym) for i in self.registry.institutions.values() if i.acronym}
        for line in lines:
            text = _clean(line)
            if text and not re.match(r"^(fecha|hora|lugar)\b", fold(text)):
                if text.isupper():
                    words = [w if fold(w.strip("()")) in siglas else w.lower() for w in text.split()]
                    text = " ".join(words)
                    text = text[0].upper() + text[1:]
                draft.titulo = text
                return

    def _date(self, draft: Draft, header: list[str], lines: list[str]) -> None:
        value = _labelled(header, "fecha")
        if value and parse_date(value):
            draft.fecha = parse_date(value)
            return
        # Minutes without a 'Fecha:' line often give only when they were drafted ('Fecha elaboración').
        for i, line in enumerate(lines):
            if "elaboracion" in fold(line):
                for near in lines[i:i + 4]:
                    if parse_date(near):
                        draft.fecha = parse_date(near)
                        draft.fecha_certeza = "elaboracion"
                        draft.fecha_nota = (f"La fuente solo indica la fecha de elaboración del acta "
                                            f"({draft.fecha:%d-%m-%Y}); no dice qué día se realizó la reunión.")
                        return
        for line in lines:
            if parse_date(line):
                draft.fecha = parse_date(line)
                draft.fecha_certeza = "estimada"
                draft.fecha_nota = f"{PENDING}: la fuente no rotula la fecha; se tomó la primera que aparece."
                return

    @staticmethod
    def _times(draft: Draft, lines: list[str]) -> None:
        text = "\n".join(fold(_clean(l)) for l in lines)
        span = re.search(rf"horarios?\s*[:|]?\s*{_TIME}\s*(?:a|-|–|hasta)\s*{_TIME}", text)
        if span:
            draft.inicio, draft.termino = _time(span[1], span[2]), _time(span[3], span[4])
            return
        start = re.search(rf"(?:hora\s+)?inicio\s*[:|]?\s*(?:\n\s*)?{_TIME}", text)
        end = re.search(rf"(?:hora\s+)?(?:termino|fin|cierre)\s*[:|]?\s*(?:\n\s*)?{_TIME}", text)
        draft.inicio = _time(start[1], start[2]) if start else None
        draft.termino = _time(end[1], end[2]) if end else None

    def _person_entry(self, text: str) -> dict:
        """'Name, cargo de la Institución.' → persona / cargo / institucion / en_representacion_de."""
        text = text.strip().rstrip(".")
        name, _, rest = text.partition(",")
        entry: dict = {}
        person = self.resolver.person(name)
        if person is None:
            person = self.registry.free_id("persona", slugify(name)) if slugify(name) else PENDING
            self.draft.new_people[person] = name.strip()
        entry["persona"] = person
        rest = rest.strip()
        behalf = re.match(r"^en representaci[oó]n (?:del|de la|de los|de las|de)\s+(.+)$", rest, re.IGNORECASE)
        if behalf:
            entry["en_representacion_de"] = behalf[1].strip()
            return entry
        mention = self.resolver.first_mention(rest)
        if mention:
            institution, start, _end = mention
            cargo = re.sub(r"\s+(?:de la|del|de los|de las|de)\s*$", "", rest[:start].strip(), flags=re.IGNORECASE).strip(" ,")
            if cargo:
                entry["cargo"] = cargo
            entry["institucion"] = institution
        elif rest:
            unknown = _NEW_INSTITUTION.search(rest)
            if unknown:
                name = unknown[1].strip()
                institution = self.registry.free_id("institucion", slugify(name))
                self.draft.new_institutions[institution] = name
                cargo = rest[:unknown.start()].strip(" ,")
                if cargo:
                    entry["cargo"] = cargo
                entry["institucion"] = institution
            else:
                entry["cargo"] = rest
        return entry

    def _attendees(self, draft: Draft, lines: list[str]) -> None:
        self.draft = draft
        group = "sin_grupo"
        for raw in lines:
            line = _clean(raw)
            if not line:
                continue
            heading = fold(_NUMBERING.sub("", line)).rstrip(":. ")
            matched = None if _BULLET.match(raw) or len(heading) > 40 else next(
                (g for g, pattern in GROUP_HEADINGS if re.match(rf"(?:{pattern})\b", heading)), None)
            if matched:
                group = matched
                continue
            if _BULLET.match(raw) or _ITEM_NUMBER.match(line):
                item = _ITEM_NUMBER.sub("", _BULLET.sub("", raw).strip())
                item = _ITEM_NUMBER.sub("", _clean(item))
                draft.asistentes.setdefault(group, []).append(self._person_entry(item))

    def _institution_list(self, draft: Draft, lines: list[str]) -> None:
        """Attendance given only as institutions, one a line, some broken across two lines (OCR of a form)."""
        pending = ""
        for raw in lines:
            line = _clean(raw).strip("| ")
            if not line or _BULLET.match(raw):
                pending = ""
                continue
            candidate = f"{pending} {line}".strip() if pending else line
            found = self._institution_line(candidate)
            if found:
                draft.asistentes.setdefault("sin_grupo", []).append({"institucion": found})
                pending = ""
            elif pending:
                pending = line if self._could_start(line) else ""
            else:
                pending = line if self._could_start(line) else ""

    def _institution_line(self, text: str) -> str | None:
        """A whole line that names an institution (possibly with its parent after ', ' or ' - ')."""
        for part in (text, re.split(r"\s*(?:,| - )\s*", text)[0]):
            found = self.resolver.institution(part)
            if found:
                return found
        parts = re.split(r"\s*(?:,| - )\s*", text)
        if len(parts) > 1:
            found = self.resolver.institution(parts[-1])
            if found and fold(parts[-1]) != fold(text):
                return found if len(parts[0]) < 4 else None
        return None

    def _could_start(self, line: str) -> bool:
        """The line begins like an institution's name (its first two words begin a known name)."""
        words = " ".join(fold(line).split()[:2])
        return len(words) > 3 and any(known.startswith(words) for known in self.resolver.institutions)

    def _responsables(self, text: str, draft: Draft) -> list[dict] | None:
        text = text.strip().rstrip(".")
        if not text:
            return None
        institution = self.resolver.institution(text)
        if institution:
            return [{"institucion": institution}]
        person = self.resolver.person(text)
        if person:
            return [{"persona": person}]
        mention = self.resolver.first_mention(text)
        if mention:
            return [{"texto": text, "institucion": mention[0]}]
        # A short form ('Comisión') of exactly one institution present at the meeting.
        present = {a.get("institucion") for group in draft.asistentes.values() for a in group
                   if a.get("institucion") in self.registry.institutions}
        starts = {i for i in present if any(fold(n).startswith(fold(text) + " ") for n in self.registry.institutions[i].all_names)}
        if len(starts) == 1:
            return [{"institucion": starts.pop()}]
        return [{"texto": text}]

    @staticmethod
    def _deadline(text: str):
        folded = fold(text).strip(" .")
        if not folded:
            return None
        if "brevedad" in folded:
            return "a la brevedad"
        if "por definir" in folded:
            return "por definir"
        date = parse_date(text)
        if date and folded.startswith("hasta"):
            return {"hasta": date}
        if date:
            return date
        return f"{PENDING}: {text.strip()}"

    def _acuerdos_table(self, draft: Draft, lines: list[str]) -> None:
        """A table with tab-separated cells; a row with an empty last cell continues the row above."""
        rows: list[list[str]] = []
        for raw in lines:
            if "\t" not in raw:
                if raw.strip() and rows and not re.search(r"responsable", fold(raw)):
                    rows[-1][0] += " " + raw.strip()
                continue
            cells = [c.strip() for c in raw.split("\t")]
            cells += [""] * (3 - len(cells))
            if any("responsable" in fold(c) for c in cells[1:2]):
                continue
            if rows and not cells[-1]:
                for i, cell in enumerate(cells[:3]):
                    if cell:
                        rows[-1][i] = f"{rows[-1][i]} {cell}".strip()
                continue
            rows.append(cells[:3])
        for text, responsable, plazo in rows:
            draft.acuerdos.append({
                "texto": self._plain(text),
                "responsable": self._responsables(responsable, draft),
                "plazo": self._deadline(plazo),
            })

    @staticmethod
    def _plain(text: str) -> str:
        """Text from a cell: HTML list markup becomes lines, other tags go, inline 'a. … b. …' become lines."""
        text = re.sub(r"<\s*(?:ol|ul|li|br|p)\b[^>]*>", "\n", text, flags=re.IGNORECASE)
        text = _HTML.sub(" ", text)
        text = re.sub(r"\s+(?=[a-h]\.\s+[A-ZÁÉÍÓÚÑ])", "\n", text)
        return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())

    def _acuerdos_bullets(self, draft: Draft, narrative: list[str]) -> list[str]:
        """Without an agreements section, the bullet paragraphs that close the discussion are the agreements;
        only short lines (a form's footer: prepared by, page number) may follow them."""
        paragraphs: list[tuple[int, int]] = []
        start = None
        for i, line in enumerate(narrative + [""]):
            if line.strip() and start is None:
                start = i
            elif not line.strip() and start is not None:
                paragraphs.append((start, i))
                start = None
        last = len(paragraphs)
        while last and all(len(l.strip()) < 70 for l in narrative[paragraphs[last - 1][0]:paragraphs[last - 1][1]]) \
                and not _BULLET.match(narrative[paragraphs[last - 1][0]]):
            last -= 1
        first = last
        while first and _BULLET.match(narrative[paragraphs[first - 1][0]]):
            first -= 1
        if first == last:
            return narrative
        for a, b in paragraphs[first:last]:
            item = " ".join(l.strip() for l in narrative[a:b])
            item = _BULLET.sub("", item).strip()
            owner = re.search(r"\(a cargo de ([^)]+)\)", item)
            responsables = None
            if owner:
                responsables = []
                for part in re.split(r"\s+y\s+|,\s*", owner[1]):
                    person = self.resolver.person(part)
                    responsables.append({"persona": person} if person else {"texto": part.strip()})
            draft.acuerdos.append({"texto": item, "responsable": responsables, "plazo": None})
        return narrative[:paragraphs[first][0]]

    @staticmethod
    def _tabla_before_narrative(lines: list[str]) -> list[str]:
        """Without a 'Tabla' heading, the last bullet list before the discussion is the agenda."""
        stop = next((i for i, l in enumerate(lines) if _heading(l) == "desarrollo"), len(lines))
        blocks: list[list[str]] = []
        current: list[str] = []
        for line in lines[:stop]:
            if _BULLET.match(line):
                current.append(line)
            elif line.strip() and current and line.strip()[0].islower():
                current.append(line)
            elif line.strip():
                if current:
                    blocks.append(current)
                current = []
        if current:
            blocks.append(current)
        return _items(blocks[-1]) if blocks else []

    def _next_meeting(self, draft: Draft, lines: list[str] | None, all_lines: list[str]) -> None:
        if lines is not None:
            text = " ".join(_clean(l) for l in lines if l.strip())
            text = re.sub(r"\s+[A-ZÁÉÍÓÚÑ]{2,4}$", "", text)  # initials that sign the minutes
            if not text:
                return
            date = parse_date(text)
            draft.proxima = {"fecha": date if date else "por definir", "nota": text}
            return
        for i, line in enumerate(all_lines):
            if "proxima reunion" in fold(line):
                near = " ".join(all_lines[max(0, i - 2):i + 3])
                if "por definir" in fold(near):
                    draft.proxima = {"fecha": "por definir", "nota": "Fecha por definir."}
                elif parse_date(near):
                    draft.proxima = {"fecha": parse_date(near), "nota": None}
                return

    def _authors(self, draft: Draft, lines: list[str]) -> None:
        """Initials that sign the minutes: alone on the last line, or after 'Preparada por' in a form."""
        candidates = []
        text = [_clean(l) for l in lines if l.strip()]
        if text and re.fullmatch(r"[A-ZÁÉÍÓÚÑ]{2,4}", text[-1]):
            candidates.append(text[-1])
        for i, line in enumerate(lines):
            if re.search(r"\b(preparad[ao]|elaborad[ao]|redactad[ao])\b", fold(line)):
                for near in lines[i:i + 4]:
                    found = re.match(r"^\s*([A-ZÁÉÍÓÚÑ]{2,4})\s", near + " ")
                    if found and found[1] not in ("HORA", "FIN"):
                        candidates.append(found[1])
                        break
        for initials in dict.fromkeys(candidates):
            person = self.resolver.person(initials)
            draft.redactada_por.append({"persona": person or f"{PENDING}-{initials}", "firma": initials})

    @staticmethod
    def _narrative(lines: list[str], heading: str) -> str:
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
            if len(lines_) == 1 and re.match(r"^\d+\.\s+\S", para.strip()) and len(para) < 160 and para.strip().endswith("."):
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
                    if out and out[-1] and not out[-1].startswith(("- ", "    ")) and not re.match(r"^\d+\. ", out[-1]) and not out[-1].startswith("#"):
                        out[-1] += " " + stripped
                    else:
                        out.append(stripped)
            out.append("")
        return "\n".join(out).rstrip() + "\n"


class _DraftDumper(yaml.SafeDumper):
    """YAML for a person to read: multi-line texts as blocks, no line wrapping."""


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DraftDumper.add_representer(str, _str)


def draft_text(draft: Draft, archivo: str, sha256: str) -> str:
    """The draft as an acta file; TODO where a person must decide, proposals for the registry as comments."""
    data: dict = {"fecha": draft.fecha if draft.fecha else PENDING}
    if draft.fecha_certeza != "exacta":
        data["fecha_certeza"] = draft.fecha_certeza
        data["fecha_nota"] = draft.fecha_nota
    data["titulo"] = draft.titulo or PENDING
    data["inicio"] = draft.inicio
    data["termino"] = draft.termino
    data["lugar"] = draft.lugar
    data["asistentes"] = draft.asistentes or {"miembros": [{"persona": PENDING, "institucion": PENDING}]}
    data["tabla"] = draft.tabla
    data["acuerdos"] = draft.acuerdos
    if draft.proxima:
        data["proxima_reunion"] = {k: v for k, v in draft.proxima.items() if v is not None}
    data["redactada_por"] = draft.redactada_por
    notes = [f"{PENDING}: revise y corrija los errores de OCR del texto, y describa aquí lo que corrigió."] if draft.tipo == "ocr" else []
    data["fuente"] = {"archivo": archivo, "sha256": sha256, "tipo": draft.tipo, "notas": notes}
    header = ["# Borrador generado por scripts/importar_acta.py: revise cada dato contra el original.",
              "# Lo marcado TODO debe completarlo una persona; el validador no acepta el acta mientras quede alguno."]
    if draft.new_people:
        header.append("# Personas que no están en el registro: agréguelas a actas/registro/personas.yml, por ejemplo:")
        header += [f"#   - id: {pid}\n#     nombre: {name}" for pid, name in sorted(draft.new_people.items())]
    if draft.new_institutions:
        header.append("# Instituciones que no están en el registro: agréguelas a actas/registro/instituciones.yml, por ejemplo:")
        header += [f"#   - id: {iid}\n#     nombre: {name}\n#     sector: TODO" for iid, name in sorted(draft.new_institutions.items())]
    front = yaml.dump(data, Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return "---\n" + "\n".join(header) + "\n" + front + "---\n\n" + draft.cuerpo


# Field-by-field comparison of a draft with the curated acta of the same source.

def _norm(value) -> str:
    """Compare texts without case, accents, punctuation or spacing."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(str(value))).split())


def _deadline_key(deadline) -> str | None:
    """A plazo as comparable text, from the model (Deadline) or from a draft (str, date, {'hasta': date})."""
    if deadline is None:
        return None
    if isinstance(deadline, dict):
        return f"hasta {deadline['hasta'].isoformat()}"
    if isinstance(deadline, dt.date):
        return f"fecha {deadline.isoformat()}"
    if isinstance(deadline, str):
        return deadline
    return f"{deadline.kind} {deadline.date.isoformat()}" if deadline.date else deadline.kind


def _responsables_key(items) -> frozenset:
    """Who answers for an acuerdo, as a set of (person, institution, words)."""
    if not items:
        return frozenset()
    keys = set()
    for r in items:
        get = r.get if isinstance(r, dict) else lambda k, r=r: {"persona": r.person, "institucion": r.institution, "texto": r.text}[k]
        keys.add((get("persona"), get("institucion"), _norm(get("texto")) if get("texto") else None))
    return frozenset(keys)


FIELDS = ("fecha", "inicio", "termino", "lugar", "asistentes.persona", "asistentes.institucion",
          "tabla", "acuerdos.texto", "acuerdos.responsable", "acuerdos.plazo")


def compare(draft: Draft, acta) -> dict[str, tuple[int, int]]:
    """(correct, compared) per field; lists are compared position by position, the longer length counting."""
    score: dict[str, tuple[int, int]] = {}

    def one(name, ok):
        score[name] = (int(bool(ok)), 1)

    def many(name, ours, theirs, same):
        total = max(len(ours), len(theirs))
        score[name] = (sum(1 for a, b in zip(ours, theirs, strict=False) if same(a, b)), total)

    one("fecha", draft.fecha == acta.date)
    one("inicio", draft.inicio == (acta.start.strftime("%H:%M") if acta.start else None))
    one("termino", draft.termino == (acta.end.strftime("%H:%M") if acta.end else None))
    one("lugar", _norm(draft.lugar or "") == _norm(acta.place or ""))
    ours = [a for group in ("miembros", "secretaria_actas", "otros", "sin_grupo") for a in draft.asistentes.get(group, [])]
    theirs = list(acta.attendees)
    many("asistentes.persona", ours, theirs, lambda a, b: a.get("persona") == b.person)
    many("asistentes.institucion", ours, theirs, lambda a, b: a.get("institucion") == b.institution)
    many("tabla", draft.tabla, list(acta.tabla), lambda a, b: _norm(a) == _norm(b))
    many("acuerdos.texto", draft.acuerdos, list(acta.acuerdos), lambda a, b: _norm(a["texto"]) == _norm(b.text))
    many("acuerdos.responsable", draft.acuerdos, list(acta.acuerdos),
         lambda a, b: _responsables_key(a["responsable"]) == _responsables_key(b.responsibles))
    many("acuerdos.plazo", draft.acuerdos, list(acta.acuerdos), lambda a, b: _deadline_key(a["plazo"]) == _deadline_key(b.deadline))
    return score
