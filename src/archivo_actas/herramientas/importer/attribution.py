"""Who said what, proposed: passages of the narrative attributed from their role phrases to that meeting's attendees.

A passage starts at the sentence whose subject is a role phrase («La representante de CEPAL destacó…», «Desde la
Comisión…», «La Comisión se compromete…») and runs over the sentences that follow, up to another speaker, a
collective subject («Los integrantes de la Mesa…»), an impersonal one («Se propone…», «También se destaca…») or the
end of its point. After an impersonal sentence, one that begins with a verb of saying («En tal sentido, consultó…»)
starts a new passage of the same speaker; an item that closes with ':' gives its speaker to the list under it.
A role phrase that does not name exactly one attendee, or one met mid-sentence, is left for a person to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from ...modelo import body
from ...modelo.interventions import Declared, locate
from ...modelo.model import Attendee, Responsible
from ...modelo.problems import ProblemList
from ...modelo.registry import Registry
from .draft import Draft, Resolver
from .passages import Point, first_words, last_words, points, sentences
from .roles import LEAD, SPEECH_VERBS, Role, Roles, fold_keep

# A sentence that goes on with the same subject, unnamed.
_GOES_ON = re.compile(r"(?:tambien|ademas|asimismo|adicionalmente|igualmente|del mismo modo|de igual (?:modo|forma|"
                      r"manera))\b")
# What opens a sentence before its verb: a connector, then maybe a phrase up to a comma («En cuanto a …, señala»).
_CONNECTOR = re.compile(rf"(?:(?:{LEAD.pattern}|para esto|por ello|sin embargo|por tal motivo|a su vez|igualmente)"
                        r"\s*)?")
_INTRO = re.compile(r"(?:[^,.]{1,80},\s*)?")
_UNREAD = "no se pudo leer a quién nombra: ¿sujeto compuesto, aposición o complemento?"
_MIDDLE = "aparece a mitad de oración: revise de quién es la oración o qué parte de ella"


@dataclass(frozen=True)
class Proposal:
    """An attribution the importer proposes ('entry'), or a role phrase it leaves for a person ('reason')."""

    place: tuple[int, int]
    role: str
    entry: dict | None = None
    reason: str | None = None
    sentence: str = ""


@dataclass
class _Open:
    """A passage being read: who, as which role (None when the text does not name them), which sentences."""

    speakers: tuple[dict, ...]
    role: Role | None
    first: int
    last: int


def _classify(text: str, roles: Roles) -> tuple[str, Role | None, list[Role]]:
    """(kind, the subject's role phrase, role phrases met mid-sentence before a verb of saying). The kind is
    'speaker', 'collective', 'impersonal', 'resumes' (begins with a verb of saying), 'goes_on' or 'neutral'."""
    folded = fold_keep(text)
    subject, middle = None, []
    for role in roles.read(text):
        prefix = folded[:role.start].strip()
        at_start = not prefix or LEAD.fullmatch(prefix)
        if subject is None and (at_start or (prefix.endswith(",") and role.verb)):
            subject = role
        elif role.kind == "cargo" and role.follows in SPEECH_VERBS:
            middle.append(role)
    subject = subject or roles.bare(text)
    if subject is not None:
        return ("collective" if subject.kind == "colectivo" else "speaker"), subject, middle
    connector = _CONNECTOR.match(folded).end()
    openings = [folded[at:].split() for at in (connector, _INTRO.match(folded, connector).end())]
    if any(words[:1] == ["se"] and words[1:2] and words[1] in SPEECH_VERBS for words in openings) or \
            folded.startswith("se "):
        return "impersonal", None, middle
    if any(words and words[0].strip(",.;:") in SPEECH_VERBS for words in openings):
        return "resumes", None, middle
    return ("goes_on" if _GOES_ON.match(folded) else "neutral"), None, middle


def _voice(speakers: tuple[dict, ...], roles: Roles) -> set[str | None]:
    """The institutions speakers speak for at this meeting."""
    return {s.get("institucion") or next((a.institution for a in roles.present if a.person == s["persona"]), None)
            for s in speakers}


def _same_voice(current: tuple[dict, ...], new: tuple[dict, ...], roles: Roles) -> bool:
    """The same speakers, or their own institution («Desde CEPAL…» while CEPAL's representative speaks)."""
    if {tuple(s.items()) for s in current} == {tuple(s.items()) for s in new}:
        return True
    return len(new) == 1 and "institucion" in new[0] and _voice(current, roles) == {new[0]["institucion"]}


def _passage(n: int, point: Point, spans: list, passage: _Open, fragments: dict[int, str]) -> Proposal | None:
    """The entry for a passage: unique first words, last words when it ends before its point."""
    if passage.last < passage.first:
        return None
    start, first_end = spans[passage.first]
    end = spans[passage.last][1]
    role = passage.role.words if passage.role else ""
    named = role or " ".join(point.text[start:first_end].split()[:4])  # how a TODO names it
    through_role = len(point.text[start:start + passage.role.end].split()) + 1 if passage.role else 0
    desde = first_words(point, start, first_end, max(4, min(through_role, 8)), fragments)
    if desde is None:
        return Proposal((n, start), named, reason="no hay palabras únicas con que empiece el pasaje")
    entry = {"desde": desde}
    if end < len(point.text.rstrip()):
        hasta = last_words(point, start, end, fragments)
        if hasta is None:
            return Proposal((n, start), named, reason="no hay palabras con que cerrar el pasaje")
        entry["hasta"] = hasta
    if role:
        entry["como"] = role
    entry["quienes"] = [dict(s) for s in passage.speakers]
    return Proposal((n, start), role, entry, sentence=point.text[start:first_end])


def _speaker(subject: Role, current: _Open | None, roles: Roles) -> tuple[str, tuple[dict, ...], str | None]:
    """(kind, speakers, reason) of a sentence whose subject is a role phrase."""
    if not (subject.verb or subject.kind == "desde"):
        return "speaker", (), _UNREAD
    speakers, reason = roles.resolve(subject)
    if reason and current and subject.kind == "desde" and _voice(current.speakers, roles) & roles.possible(subject):
        return "goes_on", (), None  # «desde la Comisión» while someone of the Comisión speaks
    return "speaker", speakers, reason


def _point(n: int, point: Point, roles: Roles, fragments: dict[int, str],
           inherited: tuple[dict, ...] = ()) -> tuple[list[Proposal], tuple[dict, ...]]:
    """Proposals and role phrases to review in one point, and who is still speaking at its end."""
    spans = sentences(point.text)
    found: list[Proposal | None] = []
    current = _Open(inherited, None, 0, -1) if inherited else None
    paused: tuple[dict, ...] = ()
    for i, (start, end) in enumerate(spans):
        kind, subject, middle = _classify(point.text[start:end], roles)
        speakers, reason = (), None
        if kind == "speaker":
            kind, speakers, reason = _speaker(subject, current, roles)
        if reason:
            found.append(Proposal((n, start + subject.start), subject.words, reason=reason))
        if kind == "speaker" and not reason and current and _same_voice(current.speakers, speakers, roles):
            current.last = i
        elif kind == "speaker" or kind in ("collective", "impersonal"):
            paused = current.speakers if current and kind == "impersonal" else ()
            found.append(_passage(n, point, spans, current, fragments) if current else None)
            current = _Open(speakers, subject, i, i) if kind == "speaker" and not reason else None
        elif current:
            current.last = i
        elif kind == "resumes" and paused:
            current, paused = _Open(paused, None, i, i), ()
        voice = current.speakers if current and current.last == i else ()
        found += [Proposal((n, start + r.start), r.words, reason=_MIDDLE) for r in middle
                  if not (voice and _same_voice(voice, roles.resolve(r)[0], roles))]
    still = current.speakers if current and current.last == len(spans) - 1 else ()
    found.append(_passage(n, point, spans, current, fragments) if current else None)
    return [p for p in found if p is not None], still


def _verified(proposals: list[Proposal], parts: tuple, roles: Roles) -> list[Proposal]:
    """Each proposed entry as the validator reads it; one it would refuse is left for review instead."""
    entries = [p for p in proposals if p.entry]
    acta = SimpleNamespace(narrative=parts, attendees=tuple(Attendee(person=a.person, institution=a.institution)
                                                            for a in roles.present))
    declared = tuple(Declared(p.entry["desde"], tuple(Responsible(person=s.get("persona"),
                                                                  institution=s.get("institucion"))
                                                      for s in p.entry["quienes"]),
                              p.entry.get("hasta"), p.entry.get("como")) for p in entries)
    problems = ProblemList("borrador")
    locate(acta, declared, list(range(1, len(entries) + 1)), problems)
    refused = {entries[problem.line - 1].place: problem.message for problem in problems}
    return sorted((Proposal(p.place, p.role, reason=refused[p.place]) if p.entry and p.place in refused else p
                   for p in proposals), key=lambda p: p.place)


def propose(draft: Draft, resolver: Resolver, registry: Registry) -> list[Proposal]:
    """Every attribution the narrative's role phrases support, and every role phrase left for a person."""
    parts, problems = body.check(draft.cuerpo, 1, "borrador")
    if problems:
        return []
    roles = Roles(resolver, registry, draft)
    fragments = {i: part.html for i, part in enumerate(parts) if isinstance(part, body.Fragment)}
    found: list[Proposal] = []
    inherited: dict[int, tuple[dict, ...]] = {}
    every = points(parts)
    for n, point in enumerate(every):
        proposals, still = _point(n, point, roles, fragments, inherited.get(n, ()))
        found += proposals
        if still and point.list_end and point.text.rstrip().endswith(":"):
            inherited.update({m: still for m, item in enumerate(every) if item.fragment == point.fragment
                              and point.html_end <= item.html_start < point.list_end})
    return _verified(found, parts, roles)
