"""The importer: each step reads one part of a source into the draft, or leaves a TODO."""

from __future__ import annotations

import re

from slugify import slugify

from ...modelo.registry import Registry
from ...modelo.schema import PENDING
from ...modelo.text import fold
from .attribution import propose
from .draft import Draft, Resolver
from .text import (
    _BULLET,
    _HTML,
    _ITEM_NUMBER,
    _NEW_INSTITUTION,
    _NUMBERING,
    _TIME,
    GROUP_HEADINGS,
    _clean,
    _heading,
    _items,
    _labelled,
    _sections,
    _time,
    narrative_markdown,
    parse_date,
)


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
        discussion = any(_heading(line) == "desarrollo" and "discus" in fold(line) for line in lines)
        draft.cuerpo = narrative_markdown(narrative, "Discusión" if discussion else "Desarrollo")
        draft.intervenciones = propose(draft, self.resolver, self.registry)
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
        text = "\n".join(fold(_clean(line)) for line in lines)
        span = re.search(rf"horarios?\s*[:|]?\s*{_TIME}\s*(?:a|-|–|hasta)\s*{_TIME}", text)
        if span:
            draft.inicio, draft.termino = _time(span[1], span[2]), _time(span[3], span[4])
            return
        start = re.search(rf"(?:hora\s+)?inicio\s*[:|]?\s*(?:\n\s*)?{_TIME}", text)
        end = re.search(rf"(?:hora\s+)?(?:termino|fin|cierre)\s*[:|]?\s*(?:\n\s*)?{_TIME}", text)
        draft.inicio = _time(start[1], start[2]) if start else None
        draft.termino = _time(end[1], end[2]) if end else None

    def _person_entry(self, draft: Draft, text: str) -> dict:
        """'Name, cargo de la Institución.' → persona / cargo / institucion / en_representacion_de."""
        text = text.strip().rstrip(".")
        name, _, rest = text.partition(",")
        entry: dict = {}
        person = self.resolver.person(name)
        if person is None:
            person = self.registry.free_id("persona", slugify(name)) if slugify(name) else PENDING
            draft.new_people[person] = name.strip()
        entry["persona"] = person
        rest = rest.strip()
        behalf = re.match(r"^en representaci[oó]n (?:del|de la|de los|de las|de)\s+(.+)$", rest, re.IGNORECASE)
        if behalf:
            entry["en_representacion_de"] = behalf[1].strip()
            return entry
        mention = self.resolver.first_mention(rest)
        if mention:
            institution, start, _end = mention
            cargo = re.sub(r"\s+(?:de la|del|de los|de las|de)\s*$", "", rest[:start].strip(),
                           flags=re.IGNORECASE).strip(" ,")
            if cargo:
                entry["cargo"] = cargo
            entry["institucion"] = institution
        elif rest:
            unknown = _NEW_INSTITUTION.search(rest)
            if unknown:
                name = unknown[1].strip()
                institution = self.registry.free_id("institucion", slugify(name))
                draft.new_institutions[institution] = name
                cargo = rest[:unknown.start()].strip(" ,")
                if cargo:
                    entry["cargo"] = cargo
                entry["institucion"] = institution
            else:
                entry["cargo"] = rest
        return entry

    def _attendees(self, draft: Draft, lines: list[str]) -> None:
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
                draft.asistentes.setdefault(group, []).append(self._person_entry(draft, item))

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
        starts = {i for i in present
                  if any(fold(n).startswith(fold(text) + " ") for n in self.registry.institutions[i].all_names)}
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
        while last and all(len(line.strip()) < 70
                           for line in narrative[paragraphs[last - 1][0]:paragraphs[last - 1][1]]) \
                and not _BULLET.match(narrative[paragraphs[last - 1][0]]):
            last -= 1
        first = last
        while first and _BULLET.match(narrative[paragraphs[first - 1][0]]):
            first -= 1
        if first == last:
            return narrative
        for a, b in paragraphs[first:last]:
            item = " ".join(line.strip() for line in narrative[a:b])
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
        stop = next((i for i, line in enumerate(lines) if _heading(line) == "desarrollo"), len(lines))
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
            text = " ".join(_clean(line) for line in lines if line.strip())
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
        text = [_clean(line) for line in lines if line.strip()]
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
