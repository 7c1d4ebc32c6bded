"""The registry of people and institutions, with aliases and an institution's name history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import yamlnodes
from .files import read_text
from .layout import INSTITUTIONS_FILE, PEOPLE_FILE
from .problems import Problem, ProblemList
from .schema import INVALID, Choice, Context, Date, Field, Identifier, ListOf, Struct, Text, usable
from .text import closest, fold, foreign_letter
from .vocabulary import SECTORS

# Ids are page addresses (/personas/<id>/): 'index' is the list page's own.
RESERVED_IDS = frozenset({"index"})


@dataclass(frozen=True)
class Person:
    """A person; aliases include other spellings and the initials they sign with."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    note: str | None = None
    previous_ids: tuple[str, ...] = ()
    homonym_of: str | None = None
    line: int = 0

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name and alias the person is known by."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class InstitutionName:
    """One name an institution had, with the dates it was in use when known."""

    name: str
    acronym: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Institution:
    """An institution; history lists its names oldest first, the last being the current name."""

    id: str
    name: str
    sector: str
    acronym: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    history: tuple[InstitutionName, ...] = ()
    note: str | None = None
    previous_ids: tuple[str, ...] = ()
    line: int = 0

    def name_at(self, when: dt.date) -> InstitutionName:
        """The name in use on a date: the latest history entry that started on or before it."""
        if not self.history:
            return InstitutionName(self.name, self.acronym)
        current = self.history[0]
        for entry in self.history:
            if entry.since is not None and entry.since <= when:
                current = entry
        return current

    def label(self, when: dt.date | None = None) -> str:
        """'Name (ACRONYM)' as in use on a date; the current name without one."""
        name = self.name_at(when) if when else InstitutionName(self.name, self.acronym)
        return f"{name.name} ({name.acronym})" if name.acronym else name.name

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name, acronym and alias it is known by."""
        names = [self.name, *(self.acronym or "").split(), *self.aliases]
        for entry in self.history:
            names.append(entry.name)
            if entry.acronym:
                names.append(entry.acronym)
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class Name(Text):
    """A person's or institution's name: Latin letters only, so no look-alike from another alphabet passes for it."""

    def convert(self, node, path, ctx):
        value = super().convert(node, path, ctx)
        letter = foreign_letter(value) if value is not INVALID else None
        if letter:
            ctx.problems.add(node.line, path, f"'{value}' tiene una letra de otro alfabeto ({letter}) que se confunde "
                             "con una latina: escríbalo solo con letras latinas")
            return INVALID
        return value


def _check_interval(values: dict, node, path: str, ctx: Context):
    """A name's 'hasta' is not before its 'desde'."""
    since, until = values.get("since"), values.get("until")
    if usable(values, "since", "until") and since and until and until < since:
        ctx.problems.add(node.line, f"{path}.hasta", f"'hasta' ({until}) es anterior a 'desde' ({since})")
        return False
    return None


def _check_history(values: dict, node, path: str, ctx: Context):
    """The last name in the history is the current name, and names are in date order."""
    if not usable(values, "name", "history"):
        return None
    history = values.get("history") or ()
    if history and history[-1].name != values["name"]:
        ctx.problems.add(node.line, f"{path}.nombres", f"el último nombre de la historia ('{history[-1].name}') "
                         f"debe ser el nombre actual ('{values['name']}')")
        return False
    dates = [h.since for h in history if h.since]
    if dates != sorted(dates):
        ctx.problems.add(node.line, f"{path}.nombres", "los nombres deben ir del más antiguo al más reciente")
        return False
    return None


PERSON = Struct(
    (
        Field("id", Identifier(), required=True, doc="identificador único"),
        Field("nombre", Name(), required=True, attr="name", doc="nombre canónico"),
        Field("alias", ListOf(Name()), default=(), attr="aliases", doc="otras grafías e iniciales"),
        Field("nota", Text(multiline=True), attr="note"),
        Field("direcciones_anteriores", ListOf(Identifier()), default=(), attr="previous_ids",
              doc="direcciones ya publicadas de su página, que redirigen a la actual"),
        Field("homonimo_de", Identifier(), attr="homonym_of", doc="otra persona del registro con el mismo nombre"),
    ),
    build=Person,
)

INSTITUTION_NAME = Struct(
    (
        Field("nombre", Name(), required=True, attr="name"),
        Field("sigla", Name(), attr="acronym"),
        Field("desde", Date(), attr="since"),
        Field("hasta", Date(), attr="until"),
        Field("nota", Text(multiline=True), attr="note"),
    ),
    build=InstitutionName,
    check=_check_interval,
)

INSTITUTION = Struct(
    (
        Field("id", Identifier(), required=True, doc="identificador único"),
        Field("nombre", Name(), required=True, attr="name", doc="nombre actual"),
        Field("sigla", Name(), attr="acronym"),
        Field("sector", Choice(tuple(SECTORS)), required=True),
        Field("depende_de", Identifier(), attr="parent"),
        Field("alias", ListOf(Name()), default=(), attr="aliases"),
        Field("nombres", ListOf(INSTITUTION_NAME), default=(), attr="history", doc="historia de nombres"),
        Field("nota", Text(multiline=True), attr="note"),
        Field("direcciones_anteriores", ListOf(Identifier()), default=(), attr="previous_ids",
              doc="direcciones ya publicadas de su página, que redirigen a la actual"),
    ),
    build=Institution,
    check=_check_history,
)


@dataclass(frozen=True)
class Registry:
    """People and institutions by id, with a folded index of every name for suggestions."""

    people: dict[str, Person]
    institutions: dict[str, Institution]
    # (target, id) of entries left out for their own problems, or (target, "*") when a whole file could not be
    # read, with the file that has them.
    broken: dict[tuple[str, str], str] = field(default_factory=dict)

    def has(self, target: str, id_: str) -> bool:
        """True when id_ names a person ('persona') or institution ('institucion')."""
        return id_ in (self.people if target == "persona" else self.institutions)

    def broken_file(self, target: str, id_: str) -> str | None:
        """The registry file to fix first when id_ may be there but its entry or file has problems."""
        return self.broken.get((target, id_)) or self.broken.get((target, "*"))

    def free_id(self, target: str, wanted: str) -> str:
        """wanted, or wanted-2, -3…: an id that no entry holds or held (a published address never changes owner)."""
        entries = self.people.values() if target == "persona" else self.institutions.values()
        taken = set(RESERVED_IDS) | {id_ for entry in entries for id_ in (entry.id, *entry.previous_ids)}
        candidate, n = wanted, 2
        while candidate in taken:
            candidate, n = f"{wanted}-{n}", n + 1
        return candidate

    def suggest(self, target: str, value: str) -> str | None:
        """The id nearest to value among ids, names and aliases."""
        entries = self.people.values() if target == "persona" else self.institutions.values()
        owners: dict[str, set[str]] = {}
        for entry in entries:
            for name in (*entry.all_names, entry.id):
                owners.setdefault(fold(name), set()).add(entry.id)
        # A name two homonyms share points at neither: guessing would misattribute.
        index = {name: next(iter(ids)) for name, ids in owners.items() if len(ids) == 1}
        return closest(value, index, cutoff=0.6)


def _read_list(path: Path, display: str, kind: Struct, registry_problems: list[Problem]) -> tuple[list, set[str]]:
    """Read one registry file, a YAML list of entries: (entries with their lines, ids left out or '*' for all)."""
    problems = ProblemList(display)
    text = read_text(path, problems)
    entries, broken = [], set()
    node = yamlnodes.load(text, problems) if text is not None else None
    if node is not None and not isinstance(node, yamlnodes.Sequence):
        problems.add(node.line, "registro",
                     "el registro debe ser una lista de entradas, cada una empezando con '- id: …'")
    if not isinstance(node, yamlnodes.Sequence):
        broken.add("*")
    else:
        ctx = Context(problems)
        for i, item in enumerate(node.items, start=1):
            value = kind.convert(item, f"[{i}]", ctx)
            if value is not INVALID:
                entries.append((value, item.line))
            elif isinstance(item, yamlnodes.Mapping) and isinstance(item.get("id"), yamlnodes.Scalar):
                broken.add(item.get("id").value)
    registry_problems.extend(problems)
    return entries, broken


def _check_addresses(display: str, entries: list) -> list[Problem]:
    """Ids and previous addresses share one namespace, and a published address keeps its owner: an id that was
    another entry's address is refused, not the address."""
    problems: list[Problem] = []
    previous: dict[str, tuple[str, int]] = {}
    for entry, line in entries:
        for old in entry.previous_ids:
            owner = previous.setdefault(old, (entry.id, line))
            if owner[0] != entry.id:
                problems.append(Problem(display, line, "direcciones_anteriores",
                                        f"'{old}' ya es una dirección anterior de '{owner[0]}' (línea {owner[1]}): "
                                        "una dirección publicada no cambia de dueño"))
    ids: dict[str, int] = {}
    for entry, line in entries:
        owner = previous.get(entry.id)
        if entry.id in RESERVED_IDS:
            problems.append(Problem(display, line, "id",
                                    f"'{entry.id}' está reservado para la página índice; elija otro identificador"))
        elif entry.id in ids:
            problems.append(Problem(display, line, "id",
                                    f"identificador repetido '{entry.id}' (ya usado en la línea {ids[entry.id]})"))
        elif owner and owner[0] != entry.id:
            problems.append(Problem(display, line, "id", f"'{entry.id}' es una dirección anterior de '{owner[0]}' "
                                    f"(línea {owner[1]}), que sigue llevando a su página; elija otro, p. ej. "
                                    f"'{entry.id}-2'"))
        ids.setdefault(entry.id, line)
    return problems


def _homonyms(declared: set, one: str, other: str) -> bool:
    """Whether either of two people says it is the other's homonym."""
    return (one, other) in declared or (other, one) in declared


def _check_names(display: str, entries: list) -> list[Problem]:
    """Every name and alias names one entry only, unless the two entries are declared homonyms."""
    problems: list[Problem] = []
    declared = {(e.id, e.homonym_of) for e, _line in entries if getattr(e, "homonym_of", None)}
    claimed: dict[str, tuple[str, int]] = {}
    for entry, line in entries:
        for name in dict.fromkeys(fold(n) for n in entry.all_names):
            owner = claimed.get(name)
            if owner and owner[0] != entry.id and not _homonyms(declared, entry.id, owner[0]):
                hint = (f" (si es otra persona con el mismo nombre, agregue 'homonimo_de: {owner[0]}')"
                        if hasattr(entry, "homonym_of") else "")
                problems.append(Problem(display, line, "alias", f"el nombre o alias '{name}' ya pertenece a "
                                        f"'{owner[0]}' (línea {owner[1]}); "
                                        f"un alias debe identificar a una sola entrada{hint}"))
            elif not owner:
                claimed[name] = (entry.id, line)
    problems.extend(_check_lookalikes(display, entries, declared))
    return problems


# Latin letters and digits that look alike in a name (after folding), as in Unicode TR 39's confusables: 'CIaudia'
# (capital i) passes for 'Claudia'.
_LOOKALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"))


def skeleton(name: str) -> str:
    """What a name looks like: folded, each look-alike replaced by one representative."""
    folded = fold(name)
    for lookalike, representative in _LOOKALIKES:
        folded = folded.replace(lookalike, representative)
    return folded


def _check_lookalikes(display: str, entries: list, declared: set) -> list[Problem]:
    """A name that only looks like another entry's name is refused (unless the two are declared homonyms)."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, str, int]] = {}
    for entry, line in entries:
        for name in entry.all_names:
            if len(name) < 6:
                continue
            owner = seen.setdefault(skeleton(name), (entry.id, name, line))
            if owner[0] != entry.id and fold(owner[1]) != fold(name) and not _homonyms(declared, entry.id, owner[0]):
                other = f"si es otra persona, agregue 'homonimo_de: {owner[0]}'" if hasattr(entry, "homonym_of") else \
                    "si es otra institución, escriba su nombre completo"
                problems.append(Problem(display, line, "nombre", f"'{name}' se confunde a la vista con '{owner[1]}' "
                                        f"de '{owner[0]}' (línea {owner[2]}): {other}; "
                                        "si no, corríjalo como en el original"))
    return problems


def _cross_check(people, institutions, people_display, inst_display) -> list[Problem]:
    """Ids and addresses are unique, every alias names one entry only, parents and homonyms exist."""
    problems: list[Problem] = []
    for display, entries in ((people_display, people), (inst_display, institutions)):
        problems.extend(_check_addresses(display, entries))
        problems.extend(_check_names(display, entries))
    ids = {entry.id for entry, _line in institutions}
    for entry, line in institutions:
        if entry.parent and entry.parent not in ids:
            problems.append(Problem(inst_display, line, "depende_de",
                                    f"'{entry.parent}' no está en el registro de instituciones"))
        if entry.parent == entry.id:
            problems.append(Problem(inst_display, line, "depende_de", "una institución no puede depender de sí misma"))
    parents = {entry.id: entry.parent for entry, _line in institutions}
    for entry, line in institutions:
        chain, current = [entry.id], parents.get(entry.id)
        while current and current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == entry.id and len(chain) > 1:
            problems.append(Problem(inst_display, line, "depende_de",
                                    f"dependencia circular: {' → '.join(chain + [entry.id])}; "
                                    "una institución no puede depender, ni indirectamente, de sí misma"))
    people_ids = {entry.id for entry, _line in people}
    for entry, line in people:
        if entry.homonym_of and (entry.homonym_of not in people_ids or entry.homonym_of == entry.id):
            problems.append(Problem(people_display, line, "homonimo_de",
                                    f"'{entry.homonym_of}' no es otra persona del registro"))
    return problems


def load_registry(directory: Path, display_dir: str) -> tuple[Registry, list[Problem]]:
    """Read and check the registry; entries with problems are left out, the problems returned."""
    problems: list[Problem] = []
    people_display = f"{display_dir}/{PEOPLE_FILE}"
    inst_display = f"{display_dir}/{INSTITUTIONS_FILE}"
    people, broken_people = _read_list(directory / PEOPLE_FILE, people_display, PERSON, problems)
    institutions, broken_institutions = _read_list(directory / INSTITUTIONS_FILE, inst_display, INSTITUTION, problems)
    people = [(replace(p, line=line), line) for p, line in people]
    institutions = [(replace(i, line=line), line) for i, line in institutions]
    problems.extend(_cross_check(people, institutions, people_display, inst_display))
    problems.sort(key=lambda p: (p.path != people_display, p.line))
    registry = Registry(
        people={p.id: p for p, _line in people},
        institutions={i.id: i for i, _line in institutions},
        broken={**{("persona", i): people_display for i in broken_people},
                **{("institucion", i): inst_display for i in broken_institutions}},
    )
    return registry, problems
