"""The draft the importer fills, and the registry lookups it makes by name, sigla or old name."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from ...modelo.registry import Registry
from ...modelo.text import fold


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
    intervenciones: list = field(default_factory=list)  # attribution.Proposal, in reading order


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
        longer = [pid for known, pid in self.people.items()
                  if len(known) > 3 and (key.startswith(known + " ") or known.startswith(key + " "))]
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
