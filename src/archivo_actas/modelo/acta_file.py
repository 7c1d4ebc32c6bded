"""Reading one acta file: front matter split, the acta schema (the public contract), body checks."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

from . import body as narrative
from . import interventions, yamlnodes
from .acta_kinds import AcuerdoRefKind, DeadlineKind, NextDateKind, PatternKind
from .files import read_file
from .model import Acta, Acuerdo, Attendee, Author, NextMeeting, Responsible, Source
from .originals import check_original
from .problems import Problem, ProblemList
from .schema import (
    INVALID,
    PENDING,
    Choice,
    Context,
    Date,
    Field,
    ListOf,
    Ref,
    Struct,
    Text,
    Time,
    usable,
)
from .vocabulary import (
    DATE_CERTAINTY,
    DEFAULT_STATUS,
    GROUPS,
    SOURCE_KINDS,
    STATUSES,
)

FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
ORIGINAL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _needs_person_or_institution(values, node, path, ctx):
    """An attendee names a registry person, an institution, or both."""
    if usable(values, "person", "institution") and values.get("person") is None and values.get("institution") is None:
        ctx.problems.add(node.line, path, "indique 'persona', 'institucion' o ambas "
                         "(si la fuente solo da la institución, basta 'institucion')")
        return False
    return None


def _needs_someone(values, node, path, ctx):
    """A responsable names a person, an institution or, failing both, the source's words in 'texto'; members belong
    to a group that 'texto' names."""
    keys = ("person", "institution", "text")
    if usable(values, *keys) and not any(values.get(k) for k in keys):
        ctx.problems.add(node.line, path, "indique 'persona', 'institucion' o 'texto'")
        return False
    if usable(values, "text", "members") and values.get("members") and not values.get("text"):
        ctx.problems.add(node.line, f"{path}.integrantes", "'integrantes' va con 'texto', el nombre del grupo que "
                         "integran (p. ej. texto: Subgrupo conformado al efecto)")
        return False
    return None


def _status_needs_evidence(values, node, path, ctx):
    """A status other than the default says where it is recorded."""
    if (usable(values, "status", "status_note") and values.get("status", DEFAULT_STATUS) != DEFAULT_STATUS
            and not values.get("status_note")):
        ctx.problems.add(node.line, f"{path}.estado_nota", f"el estado '{values['status']}' requiere 'estado_nota' "
                         "que diga dónde consta (p. ej. el acta que lo registra)")
        return False
    return None


def _group_attendees(**groups) -> tuple[Attendee, ...]:
    """Flatten the groups into attendees that know their group and position."""
    return tuple(
        Attendee(**fields, group=group, position=i)
        for group in GROUPS
        for i, fields in enumerate(groups.get(group) or (), start=1)
    )


def _number_acuerdos(items) -> tuple[Acuerdo, ...]:
    """Number acuerdos by their position, from 1."""
    return tuple(Acuerdo(**fields, number=i) for i, fields in enumerate(items, start=1))


class NumberedAcuerdos(ListOf):
    """The acuerdos list, numbered."""

    def convert(self, node, path, ctx):
        items = super().convert(node, path, ctx)
        return INVALID if items is INVALID else _number_acuerdos(items)


ATTENDEE = Struct(
    (
        Field("persona", Ref("persona"), attr="person", doc="identificador de la persona en el registro"),
        Field("cargo", Text(), doc="cargo tal como lo escribe la fuente"),
        Field("institucion", Ref("institucion"), attr="institution",
              doc="identificador de la institución en el registro"),
        Field("en_representacion_de", Text(), attr="on_behalf_of", doc="a quién representa, si la fuente lo dice"),
        Field("nota", Text(multiline=True), attr="note", doc="aclaración editorial"),
    ),
    build=dict,  # an Attendee once its group and position are known
    check=_needs_person_or_institution,
    needs_one_of=("persona", "institucion"),
)

ATTENDEES = Struct(tuple(Field(group, ListOf(ATTENDEE), doc=label) for group, label in GROUPS.items()),
                   build=_group_attendees)

MEMBER = Struct(
    (
        Field("persona", Ref("persona"), attr="person"),
        Field("institucion", Ref("institucion"), attr="institution"),
    ),
    build=Responsible,
    check=_needs_person_or_institution,
    needs_one_of=("persona", "institucion"),
)

RESPONSIBLE = Struct(
    (
        Field("persona", Ref("persona"), attr="person"),
        Field("institucion", Ref("institucion"), attr="institution"),
        Field("texto", Text(), attr="text", doc="las palabras de la fuente cuando no es una entrada del registro"),
        Field("integrantes", ListOf(MEMBER, min_items=1), default=(), attr="members",
              doc="quiénes integran el grupo que nombra 'texto', si la fuente lo dice (personas o instituciones)"),
    ),
    build=Responsible,
    check=_needs_someone,
    needs_one_of=("persona", "institucion", "texto"),
)

ACUERDO = Struct(
    (
        Field("texto", Text(multiline=True), required=True, attr="text",
              doc="el acuerdo tal como lo escribe la fuente"),
        Field("responsable", ListOf(RESPONSIBLE, min_items=1), required=True, nullable=True, attr="responsibles",
              doc="lista de responsables; vacío (~) si la fuente no lo indica"),
        Field("plazo", DeadlineKind(), required=True, nullable=True, attr="deadline",
              doc="plazo; vacío (~) si la fuente no lo indica"),
        Field("estado", Choice(tuple(STATUSES)), default=DEFAULT_STATUS, attr="status"),
        Field("estado_nota", Text(multiline=True), attr="status_note", doc="dónde consta el estado"),
        Field("seguimiento", AcuerdoRefKind(), attr="follows", doc="acuerdo anterior al que da seguimiento"),
        Field("nota", Text(multiline=True), attr="note", doc="aclaración editorial"),
    ),
    build=dict,  # an Acuerdo once its number is known
    check=_status_needs_evidence,
)

NEXT_MEETING = Struct(
    (
        Field("fecha", NextDateKind(), required=True, doc="fecha o 'por definir'"),
        Field("nota", Text(multiline=True), doc="lo que dice la fuente"),
    ),
    build=lambda fecha, nota: NextMeeting(date=None if isinstance(fecha, str) else fecha,
                                          words=fecha if isinstance(fecha, str) else None, note=nota),
)

AUTHOR = Struct(
    (
        Field("persona", Ref("persona"), required=True, attr="person"),
        Field("firma", Text(), attr="signature", doc="iniciales con que firma la fuente"),
    ),
    build=Author,
)

SOURCE = Struct(
    (
        Field("archivo", PatternKind(ORIGINAL_NAME,
                                     "el nombre de un archivo de actas/originales/, sin carpetas ni '..'"),
              required=True, attr="file"),
        Field("sha256", PatternKind(SHA256, "una suma SHA-256 (64 caracteres hexadecimales en minúscula)"),
              required=True),
        Field("tipo", Choice(tuple(SOURCE_KINDS)), required=True, attr="kind"),
        Field("notas", ListOf(Text(multiline=True)), default=(), attr="notes",
              doc="notas de edición visibles en la página"),
    ),
    build=Source,
)


def _acta_rules(values, node, path, ctx):
    """termino comes after inicio; an uncertain date says why."""
    ok = None
    start, end = values.get("start"), values.get("end")
    if usable(values, "start", "end") and start and end and end <= start:
        line = node.line_of("termino") or node.line
        ctx.problems.add(line, "termino",
                         f"la hora de término ({end:%H:%M}) debe ser posterior a la de inicio ({start:%H:%M})")
        ok = False
    if (usable(values, "date_certainty", "date_note") and values.get("date_certainty", "exacta") != "exacta"
            and not values.get("date_note")):
        ctx.problems.add(node.line, "fecha_nota",
                         "si 'fecha_certeza' no es 'exacta', explique en 'fecha_nota' qué dice la fuente")
        ok = False
    if usable(values, "attendees") and "attendees" in values and not values["attendees"]:
        ctx.problems.add(node.line, "asistentes", "el acta debe registrar al menos un asistente")
        ok = False
    return ok


ACTA = Struct(
    (
        Field("fecha", Date(), required=True, attr="date", doc="fecha de la reunión, AAAA-MM-DD"),
        Field("fecha_certeza", Choice(tuple(DATE_CERTAINTY)), default="exacta", attr="date_certainty"),
        Field("fecha_nota", Text(multiline=True), attr="date_note"),
        Field("titulo", Text(), required=True, attr="title"),
        Field("inicio", Time(), required=True, nullable=True, attr="start",
              doc="hora de inicio HH:MM; ~ si no consta"),
        Field("termino", Time(), required=True, nullable=True, attr="end",
              doc="hora de término HH:MM; ~ si no consta"),
        Field("lugar", Text(), required=True, nullable=True, attr="place", doc="lugar; ~ si no consta"),
        Field("asistentes", ATTENDEES, required=True, attr="attendees"),
        Field("tabla", ListOf(Text(multiline=True)), required=True, doc="puntos de la tabla"),
        Field("acuerdos", NumberedAcuerdos(ACUERDO), required=True, doc="acuerdos; [] si no hubo"),
        Field("proxima_reunion", NEXT_MEETING, attr="next_meeting"),
        Field("redactada_por", ListOf(AUTHOR), required=True, attr="authors",
              doc="quién redactó el acta; [] si no consta"),
        Field("fuente", SOURCE, required=True, attr="source"),
        Field("temas", ListOf(Text()), default=(), attr="topics"),
        Field("intervenciones", ListOf(interventions.DECLARED), default=(), attr="declared",
              doc="quién dijo qué: pasajes de la narración y los asistentes que los dijeron"),
    ),
    check=_acta_rules,
)

def check_body(body: str, first_line: int, problems: ProblemList, parts: bool = True,
               invisible: bool | None = None) -> tuple:
    """The narrative: what the allowlist would change is refused at its line, and so is a TODO; returns its parts
    (none without parts). invisible, when known, says whether the narrative may hold an invisible character."""
    # Most narratives have neither: their lines are not looked at one by one.
    marked = PENDING in body or (yamlnodes.has_invisible(body, tabs=True) if invisible is None else invisible)
    for number, line in enumerate(body.split("\n") if marked else (), start=first_line):
        if PENDING in line:
            problems.append(Problem(problems.path, number, "cuerpo",
                                    "dato pendiente (TODO): complete o revise este texto y quite la marca"))
        found = yamlnodes.INVISIBLE.search(line.replace("\t", " "))
        if found:
            problems.append(Problem(problems.path, number, "cuerpo", yamlnodes.invisible_message(found[0])))
    split, found = narrative.check(body, first_line, problems.path, parts)
    problems.extend(found)
    return split


# The line that closes the header: '---' (or YAML's '...') and nothing else but spaces. It is looked for with the line
# break before it, which the search can skip to (a '^' would be tried at every character).
_HEADER_END = re.compile(r"\n(?:---|\.\.\.)[^\S\n]*(?=\n|\Z)")


def split_front_matter(text: str, problems: ProblemList) -> tuple[str, str, int] | None:
    """Return (YAML text, body, first body line); the YAML starts on line 2 of the file."""
    first = text.find("\n")
    if (text if first < 0 else text[:first]).strip() != "---":
        problems.add(None, "encabezado", "falta el encabezado YAML: la primera línea del acta debe ser '---' "
                     "(vea docs/contribuir/modelo.md)")
        return None
    end = _HEADER_END.search(text, first) if first >= 0 else None
    if end is None:
        problems.add(1, "encabezado",
                     "el encabezado YAML no se cierra: agregue una línea '---' después de la última clave")
        return None
    after = text.find("\n", end.end())
    body = "" if after < 0 else text[after + 1:]
    return text[first + 1:max(first + 1, end.start())], body, text.count("\n", 0, end.start()) + 3


_KEY_LINE = re.compile(r"^([a-z_]+):(?:\s|$)", re.M)
_ACTA_KEYS = frozenset(f.key for f in ACTA.fields)


def _check_header_end(body: str, first_line: int, problems: ProblemList) -> None:
    """A key of the acta right after the closing '---' means a '---' too many cut the header short."""
    blank = len(body) - len(body.lstrip())
    start = body.rfind("\n", 0, blank) + 1
    match = _KEY_LINE.match(body, start)
    if match and match[1] in _ACTA_KEYS:
        problems.append(Problem(problems.path, first_line + body.count("\n", 0, start), "encabezado",
                                f"la clave '{match[1]}' quedó fuera del encabezado, que se cerró "
                                f"en la línea {first_line - 1} con '---': quite ese '---' de más"))


def _check_file_name(path: Path, date, line: int, problems: ProblemList) -> None:
    """The file is named after its fecha, with '-2', '-3'… for later meetings the same day."""
    slug, day = path.stem, date.isoformat()
    match = FILE_NAME.match(slug)
    if match and match[1] == day and (match[2] is None or int(match[2]) >= 2):
        return
    if (path.parent / f"{day}.md").exists():
        free = next(f"{day}-{n}.md" for n in itertools.count(2) if not (path.parent / f"{day}-{n}.md").exists())
        advice = (f"ya existe actas/{day}.md: si es otra reunión del mismo día, renómbrelo a '{free}'; "
                  "si es la misma, borre este archivo")
    else:
        advice = f"renómbrelo a '{day}.md' (o '{day}-2.md' si es la segunda reunión del día)"
    problems.append(Problem(problems.path, line, "fecha",
                            f"el nombre del archivo '{slug}.md' no coincide con la fecha {day}: {advice}"))


def read_acta(path: Path, display: str, registry, originals: Path,
              publish: bool = True) -> tuple[Acta | None, list[Problem], str | None]:
    """Read, validate and build one acta (None with every problem when it is not valid), with the SHA-256 of the bytes
    that were validated (None when they could not be read); without publish, the acta leaves out what only the site
    uses: its front matter as written, its narrative in parts (unless interventions point into it), and the SHA-256
    (which only the build's cache keys on)."""
    problems = ProblemList(display)
    read = read_file(path, problems)
    if read is None:
        return None, list(problems), None
    text, data = read
    # The whole file is looked at once for invisible characters: only where there may be one are values and lines
    # looked at one by one (also in a file with a BOM or CR line ends, where they find nothing).
    found = _check_acta(path, text, problems, registry, originals, publish, yamlnodes.has_invisible_utf8(data))
    return (*found, hashlib.sha256(data).hexdigest() if publish else None)


def _check_acta(path: Path, text: str, problems: ProblemList, registry, originals: Path, publish: bool = True,
                invisible: bool | None = None):
    """Validate and build one acta from its text; problems knows the file as the messages name it, and invisible
    (when known) whether the text may hold an invisible character."""
    display = problems.path
    parts = split_front_matter(text, problems)
    if parts is None:
        return None, list(problems)
    yaml_text, body, body_line = parts
    problems.line_offset = 1
    _check_header_end(body, body_line, problems)
    node = yamlnodes.load(yaml_text, problems, invisible)
    located = isinstance(node, yamlnodes.Mapping) and node.get("intervenciones") is not None
    parts = check_body(body, body_line, problems, publish or located, invisible)
    if node is None:
        if not problems:
            problems.add(None, "encabezado", "el encabezado YAML está vacío: cree el acta con scripts/nueva_acta.py "
                         "(vea CONTRIBUTING.md)")
        return None, sorted(problems, key=lambda p: p.line)
    values = ACTA.convert(node, "", Context(problems, registry))
    if isinstance(node, yamlnodes.Mapping):
        date = values["date"] if values is not INVALID else None
        if date is None and isinstance(node.get("fecha"), yamlnodes.Scalar):
            date = Date().convert(node.get("fecha"), "fecha", Context(ProblemList(display)))
            date = None if date is INVALID else date
        if date is not None:
            _check_file_name(path, date, node.line_of("fecha") + problems.line_offset, problems)
        if values is not INVALID:
            check_original(values["source"], originals, node.get("fuente"), problems)
    if problems or values is INVALID:
        return None, sorted(problems, key=lambda p: (p.line, p.field))
    declared = values.pop("declared")
    acta = Acta(slug=path.stem, path=display, body=body.strip("\n") + "\n", narrative=parts,
                header=json.dumps(yamlnodes.plain(node), ensure_ascii=False) if publish else "{}",
                lines=_field_lines(node, problems.line_offset), **values)
    if declared:
        lines = [item.line for item in node.get("intervenciones").items]
        acta = replace(acta, interventions=interventions.locate(acta, declared, lines, problems))
    if problems:
        return None, sorted(problems, key=lambda p: (p.line, p.field))
    return acta, []


def _field_lines(node: yamlnodes.Mapping, offset: int) -> dict[str, int]:
    """The file line of each field that the checks across actas name: fecha, fuente.archivo, acuerdos[N].seguimiento."""
    lines = {"fecha": node.line_of("fecha")}
    source, acuerdos = node.get("fuente"), node.get("acuerdos")
    if isinstance(source, yamlnodes.Mapping):
        lines["fuente.archivo"] = source.line_of("archivo")
    for number, item in enumerate(acuerdos.items if isinstance(acuerdos, yamlnodes.Sequence) else (), start=1):
        if isinstance(item, yamlnodes.Mapping):
            lines[f"acuerdos[{number}].seguimiento"] = item.line_of("seguimiento")
    return {field: line + offset for field, line in lines.items() if line is not None}
