"""Role phrases of the narrative («La representante de CEPAL», «Desde la Comisión…») read and matched against the
attendance of that meeting: exactly one attendee per name, or the phrase is left for a person to review."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...modelo.registry import Registry
from ...modelo.schema import PENDING
from ...modelo.text import fold
from .draft import Draft, Resolver

# Cargo words (folded), longest first: the canonical form names them in the messages.
ROLE_NOUNS = (
    ("secretario ejecutivo", r"secretari[oa]s? ejecutiv[oa]s?"),
    ("director ejecutivo", r"director(?:a|es|as)? ejecutiv[oa]s?"),
    ("representante", r"representantes?"),
    ("subsecretario", r"subsecretari[oa]s?"),
    ("coordinador", r"coordinador(?:a|es|as)?"),
    ("consultor", r"consultor(?:a|es|as)?"),
    ("asesor", r"asesor(?:a|es|as)?"),
    ("director", r"director(?:a|es|as)?"),
    ("jefe", r"jef[ea]s?"),
    ("ministro", r"ministr[oa]s?"),
    ("presidente", r"president[ea]s?"),
    ("encargado", r"encargad[oa]s?"),
)
# How the narrative names a sector instead of an institution («la academia», «la sociedad civil»).
SECTOR_PHRASES = {
    "academia": ("academia", "sector academico", "mundo academico"),
    "sociedad_civil": ("sociedad civil", "organizaciones de la sociedad civil", "organizaciones de sociedad civil"),
}
_SECTOR_IN_CARGO = {"academia": r"\bacademi", "sociedad_civil": r"\bsociedad civil\b"}
# The Mesa as a whole: a collective subject, never one attendee.
_MESA = ("mesa", "mesa de gobierno abierto", "mesa de trabajo")
_SUBJECT = re.compile(
    r"\b(?:(?P<article>el|la|los|las)\s+(?P<noun>" + "|".join(p for _k, p in ROLE_NOUNS) + r")\b"
    r"|(?P<collective>(?:los|las|todos los|todas las)\s+(?:integrantes|miembros|participantes|asistentes)\b)"
    r"|(?P<desde>desde\s+))")
_JOIN = re.compile(r"(?:\s*,\s*|\s+[ye]\s+)(?:(?:de|del)\s+)?")
_OF = re.compile(r"\s+(?:de|del)\s+")
_ARTICLE = re.compile(r"(?:(?:el|la|los|las)\s+)?")
_CAPITALISED = re.compile(r"[A-ZÁÉÍÓÚÑ][\w-]*(?:(?:\s+(?:de|del|la|las|los|el|y|e|para|en))*\s+[A-ZÁÉÍÓÚÑ][\w-]*)*")
# What may stand before the subject of a sentence without a comma («Por su parte la representante…»).
LEAD = re.compile(r"(?:por su parte|a continuacion|ademas|asimismo|luego|finalmente|posteriormente|tambien|"
                   r"del mismo modo|por otra parte|por ultimo|en seguida|acto seguido|adicionalmente|de tal modo|"
                   r"en tal sentido|para finalizar)\s*,?")
# Verbs that say what someone said, in the third person: present and preterite.
_AR = ("coment señal indic opin consider explic mencion agreg destac recalc subray enfatiz reiter plante manifest "
       "afirm aclar precis pregunt consult valor expres inform observ solicit resalt present comunic relat apunt "
       "acot detall celebr invit reafirm remarc tom esper cuestion acord revis analiz")
_ER = "insist anad respond reconoc agradec ofrec compart establec discut"
_IRREGULAR = ("expone exponen expuso expusieron propone proponen propuso propusieron sostiene sostienen sostuvo "
              "sugiere sugieren sugirio advierte advierten advirtio pide piden pidio concluye concluyen concluyo "
              "dice dicen dijo dijeron quiere quieren quiso cree creen piensa piensan hace hacen hizo da dan dio "
              "recuerda recuerdan recordo acuerda acuerdan")
SPEECH_VERBS = frozenset(fold(verb) for verb in (
    [stem + end for stem in _AR.split() for end in ("a", "an", "o", "aron")]
    + [stem + end for stem in _ER.split() for end in ("e", "en", "io", "ieron")] + _IRREGULAR.split()))
# Words that cannot follow a subject as its verb: an enumeration or a complement goes on.
_NOT_VERBS = frozenset("y e o u ni de del la el los las que quien quienes en con a al para por como sobre entre sin "
                       "su sus un una junto".split())


def fold_keep(text: str) -> str:
    """fold() that keeps every character in its place: offsets in the folded text are offsets in the text."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1].casefold()
        out.append(base if len(base) == 1 else char)
    return "".join(out)


@dataclass(frozen=True)
class Name:
    """A name the narrative uses for whom it attributes to: an institution id, a sector, or the Mesa."""

    kind: str
    value: str | None
    text: str


@dataclass(frozen=True)
class Role:
    """A role phrase as written, where it is in its sentence, and the names it is made of."""

    words: str
    start: int
    end: int
    kind: str  # 'cargo', 'desde' or 'colectivo'
    noun: str | None = None
    plural: bool = False
    names: tuple[Name, ...] = ()
    unknown: str | None = None
    verb: bool = False
    follows: str = ""  # the next word, folded
    written: str = ""  # the cargo words as written, folded («secretaria ejecutiva»)


@dataclass(frozen=True)
class Present:
    """One attendee of the meeting, as the draft lists them."""

    person: str | None
    institution: str | None
    cargo: str

    @property
    def speaker(self) -> dict:
        return {"persona": self.person} if self.person else {"institucion": self.institution}


class Roles:
    """Reads role phrases and resolves them against one draft's attendance."""

    def __init__(self, resolver: Resolver, registry: Registry, draft: Draft):
        self.registry = registry
        table: dict[str, Name] = {}
        for name, iid in resolver.institutions.items():
            table[name] = Name("institucion", iid, name)
        for iid, name in draft.new_institutions.items():
            table[fold(name)] = Name("institucion", iid, name)
        for sector, phrases in SECTOR_PHRASES.items():
            table.update({phrase: Name("sector", sector, phrase) for phrase in phrases})
        table.update({phrase: Name("mesa", None, phrase) for phrase in _MESA})
        self.table = table
        known = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
        self._names = re.compile(rf"(?:{known})(?!\w)")
        self.present = [Present(a.get("persona"), a.get("institucion"), fold(str(a.get("cargo") or "")))
                        for group in draft.asistentes.values() for a in group
                        if PENDING not in (str(a.get("persona")), str(a.get("institucion")))]
        self.present = [a for a in self.present if a.person or a.institution]

    def _name_at(self, folded: str, text: str, at: int) -> Name | None:
        """The longest known name at offset at; a one-word name (a sigla) only when written with a capital."""
        match = self._names.match(folded, at)
        if not match or (self.table[match[0]].kind == "institucion" and " " not in match[0]
                             and not text[at].isupper()):
            return None
        return Name(self.table[match[0]].kind, self.table[match[0]].value, text[at:match.end()])

    def _names_from(self, folded: str, text: str, at: int) -> tuple[list[Name], int]:
        """Names joined by ',' or 'y' from offset at (after 'de'): the names and where they end."""
        names: list[Name] = []
        while True:
            start = _ARTICLE.match(folded, at).end()
            name = self._name_at(folded, text, start)
            if name is None:
                return names, at
            names.append(name)
            at = start + len(name.text)
            join = _JOIN.match(folded, at)
            if not join or self._name_at(folded, text, _ARTICLE.match(folded, join.end()).end()) is None:
                return names, at
            at = join.end()

    def _extent(self, match: re.Match, folded: str, text: str) -> tuple[list[Name], str | None, int] | None:
        """The names after a role noun or «Desde» (those it could read, or the unknown words), and where they end;
        None when «desde» opens no name («desde su perspectiva»)."""
        of = _OF.match(folded, match.end()) if match["noun"] else None
        if not (match["desde"] or of):
            return [], None, match.end()
        start = match.end() if match["desde"] else of.end()
        names, end = self._names_from(folded, text, start)
        if names:
            return names, None, end
        article = _ARTICLE.match(folded, start).end()
        unknown = _CAPITALISED.match(text, article)
        if match["desde"] and not unknown:
            return None
        return [], (unknown[0] if unknown else ""), (unknown.end() if unknown else article)

    def read(self, text: str) -> list[Role]:
        """Every role phrase of a sentence, in order."""
        folded = fold_keep(text)
        found = []
        for match in _SUBJECT.finditer(folded):
            extent = self._extent(match, folded, text)
            if extent is None:
                continue
            names, unknown, end = extent
            after = re.match(r"\s*,?\s*(\w+)", text[end:])
            verb = bool(after and after[1][0].islower() and fold(after[1]) not in _NOT_VERBS)
            kind = "colectivo" if match["collective"] or any(n.kind == "mesa" for n in names) else (
                "desde" if match["desde"] else "cargo")
            noun = next((k for k, p in ROLE_NOUNS if match["noun"] and re.fullmatch(p, match["noun"])), None)
            found.append(Role(" ".join(text[match.start():end].split()), match.start(), end, kind, noun,
                              match["article"] in ("los", "las"), tuple(names), unknown or None, verb,
                              fold(after[1]) if after else "", match["noun"] or ""))
        return found

    def bare(self, text: str) -> Role | None:
        """An institution as the subject that says or commits («LabGob se puede comprometer», «La Comisión se
        compromete»); not one that only will do something («Segpres enviará…»)."""
        folded = fold_keep(text)
        lead = re.match(rf"(?:{LEAD.pattern}\s*)?", folded).end()
        at = _ARTICLE.match(folded, lead).end()
        name = self._name_at(folded, text, at)
        if name is not None and name.kind != "institucion":
            return None
        short = None if name else _CAPITALISED.match(text, at) if at > lead else None
        if name is None and (short is None or not self._starting(short[0])):
            return None  # «La Semana de Gobierno Abierto…»: not an institution at the meeting
        end = at + len(name.text) if name else short.end()
        verb = re.match(r"\s+(se\s+(?:pueden?\s+)?comprom|\w+)", folded[end:])
        if not verb or not (verb[1].endswith("comprom") or verb[1] in SPEECH_VERBS):
            return None
        return Role(" ".join(text[lead:end].split()), lead, end, "desde", names=(name,) if name else (),
                    unknown=short[0] if short else None, verb=True)

    def _matching(self, name: Name) -> list[Present]:
        if name.kind == "institucion":
            return [a for a in self.present if a.institution == name.value]
        return [a for a in self.present
                if (a.institution in self.registry.institutions
                    and self.registry.institutions[a.institution].sector == name.value)
                or re.search(_SECTOR_IN_CARGO[name.value], a.cargo)]

    def _short_form(self, words: str) -> tuple[str | None, str | None]:
        """A short name («la Comisión») of exactly one institution at the meeting: (id, None) or (None, reason).
        Of several, one without a sigla: an institution that has one goes by it («CEPAL», not «la Comisión»)."""
        starts = sorted(self._starting(words))
        plain = [i for i in starts if not self.registry.institutions[i].acronym]
        if len(starts) == 1 or len(plain) == 1:
            return (starts if len(starts) == 1 else plain)[0], None
        if starts:
            return None, f"«{words}» puede ser {' o '.join(starts)}"
        return None, f"«{words}» no es una institución del registro presente en esta reunión"

    def _starting(self, words: str) -> set[str]:
        """Institutions at the meeting with a name that is, or begins with, these words."""
        key = fold(words)
        return {a.institution for a in self.present if a.institution in self.registry.institutions
                and any(fold(n) == key or fold(n).startswith(key + " ")
                        for n in self.registry.institutions[a.institution].all_names)}

    def resolve(self, role: Role) -> tuple[tuple[dict, ...], str | None]:
        """Who the role names at this meeting, or () and why it cannot say for sure."""
        names = list(role.names)
        if role.unknown:
            found, reason = self._short_form(role.unknown)
            if reason:
                return (), reason
            names = [Name("institucion", found, role.unknown)]
        if role.kind == "desde":
            return self._institutions(names)
        if role.noun is None:
            return (), "no se reconoce el cargo"
        return self._people(role, names)

    def possible(self, role: Role) -> set[str]:
        """Every institution at the meeting that a role's names could be."""
        if role.unknown:
            return self._starting(role.unknown)
        return {a.institution for name in role.names if name.kind != "mesa" for a in self._matching(name)
                if a.institution}

    def _institutions(self, names: list[Name]) -> tuple[tuple[dict, ...], str | None]:
        speakers = []
        for name in names:
            found = sorted({a.institution for a in self._matching(name) if a.institution})
            if len(found) != 1:
                return (), _why(name.text, found)
            speakers.append({"institucion": found[0]})
        return _unique(speakers), None

    def _people(self, role: Role, names: list[Name]) -> tuple[tuple[dict, ...], str | None]:
        """People by cargo («La Secretaria Ejecutiva»), by institution or sector («el representante de PNUD»);
        a role names a person, so an attendance that lists only the institution does not say who."""
        # One person's cargo as written, gender included: «El Secretario Ejecutivo» is not the «Secretaria Ejecutiva».
        pattern = dict(ROLE_NOUNS)[role.noun] if role.plural or role.noun == "representante" else re.escape(
            role.written)
        if role.noun == "representante" and not names:
            return (), "no dice de qué institución"
        groups = [names[i:i + 1] for i in range(len(names))] if role.noun == "representante" else [names]
        speakers: list[dict] = []
        for group in groups:
            everyone = [a for name in group for a in self._matching(name)] if group else list(self.present)
            pool = [a for a in everyone if a.person]
            by_cargo = [a for a in pool if re.search(rf"\b{pattern}\b", a.cargo)]
            if role.noun != "representante" or (len(_unique([a.speaker for a in pool])) > 1 and by_cargo):
                pool = by_cargo
            found = _unique([a.speaker for a in pool])
            if not found:
                return (), _nobody(role, group, everyone)
            if len(found) > 1 and not role.plural:
                return (), _why(" y ".join(n.text for n in group) or role.words, [_label(s) for s in found])
            speakers += found
        return _unique(speakers), None


def _nobody(role: Role, group: list[Name], everyone: list[Present]) -> str:
    """Why no attendee holds a role: none of that institution, only the institution listed, or not that cargo."""
    words = " y ".join(n.text for n in group)
    if group and not everyone:
        return f"ningún asistente de esta reunión es de «{words}»"
    if group and not any(a.person for a in everyone):
        return f"la asistencia solo nombra a «{words}», no a la persona"
    where = f" de «{words}»" if group else ""
    return f"ningún asistente{where} figura como {role.written or role.noun} en esta reunión"


def _unique(speakers: list[dict]) -> tuple[dict, ...]:
    return tuple(dict(items) for items in dict.fromkeys(tuple(s.items()) for s in speakers))


def _label(speaker: dict) -> str:
    return speaker.get("persona") or speaker["institucion"]


def _why(words: str, found: list[str]) -> str:
    if not found:
        return f"ningún asistente de esta reunión es de «{words}»"
    return f"«{words}» puede ser {' o '.join(found)}"
