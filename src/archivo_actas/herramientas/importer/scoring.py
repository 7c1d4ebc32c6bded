"""Field-by-field comparison of a draft with the curated acta of the same source."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ...modelo.text import fold
from .draft import Draft
from .passages import points, sentence_at
from .text import parse_date  # noqa: F401


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
        get = r.get if isinstance(r, dict) else (
            lambda k, r=r: {"persona": r.person, "institucion": r.institution, "texto": r.text}[k])
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
    ours = [a for group in ("miembros", "secretaria_actas", "otros", "sin_grupo")
            for a in draft.asistentes.get(group, [])]
    theirs = list(acta.attendees)
    many("asistentes.persona", ours, theirs, lambda a, b: a.get("persona") == b.person)
    many("asistentes.institucion", ours, theirs, lambda a, b: a.get("institucion") == b.institution)
    many("tabla", draft.tabla, list(acta.tabla), lambda a, b: _norm(a) == _norm(b))
    many("acuerdos.texto", draft.acuerdos, list(acta.acuerdos), lambda a, b: _norm(a["texto"]) == _norm(b.text))
    many("acuerdos.responsable", draft.acuerdos, list(acta.acuerdos),
         lambda a, b: _responsables_key(a["responsable"]) == _responsables_key(b.responsibles))
    many("acuerdos.plazo", draft.acuerdos, list(acta.acuerdos),
         lambda a, b: _deadline_key(a["plazo"]) == _deadline_key(b.deadline))
    return score


def _alike(one: str, other: str) -> bool:
    """The same sentence: equal once normalised, or 90 % alike (an OCR draft keeps the source's misspellings)."""
    return one == other or difflib.SequenceMatcher(None, one, other).ratio() >= 0.9


def compare_interventions(draft: Draft, acta) -> tuple[int, int, int]:
    """(correct, proposed, curated) attributions of one acta. A proposed attribution is correct when a curated one
    of the same acta, not matched before, starts in the same sentence (the sentence that holds 'desde', compared
    without case, accents, punctuation or spacing) and names exactly the same speakers, as a set of persons and
    institutions; where either passage ends does not count. Precision is correct / proposed, recall correct /
    curated; the role phrases the draft leaves for review are not proposals."""
    found = points(acta.narrative)
    curated = [(_norm(sentence_at(found, i.fragment, i.start) or ""),
                frozenset((s.person, s.institution) for s in i.speakers)) for i in acta.interventions]
    proposed = [(_norm(p.sentence), frozenset((s.get("persona"), s.get("institucion")) for s in p.entry["quienes"]))
                for p in draft.intervenciones if p.entry]
    matched: set[int] = set()
    for sentence, speakers in proposed:
        match = next((k for k, (other, who) in enumerate(curated)
                      if k not in matched and who == speakers and _alike(sentence, other)), None)
        if match is not None:
            matched.add(match)
    return len(matched), len(proposed), len(curated)
