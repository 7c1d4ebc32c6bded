"""The draft written as an acta: YAML front matter for a person to complete, and the narrative."""

from __future__ import annotations

import yaml

from ...modelo.schema import PENDING
from .draft import Draft


class _DraftDumper(yaml.SafeDumper):
    """YAML for a person to read: multi-line texts as blocks, no line wrapping."""


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DraftDumper.add_representer(str, _str)


_REVIEW = ("# Intervenciones: el importador las propone a partir de los cargos que nombra el desarrollo y de la",
           "# asistencia. Revise cada una contra el original: una atribución equivocada pone palabras en boca de",
           "# otra persona. Cada «TODO revisar» es una frase que no se atrevió a atribuir: atribúyala aquí o borre",
           "# el comentario (el validador no lee comentarios).")
_PROPOSED = "# Propuesta del importador: revise a quién se atribuye"


def _interventions(draft: Draft) -> str:
    """The 'intervenciones' block: each proposal marked for review, each doubtful role phrase as a TODO comment."""
    if not draft.intervenciones:
        return ""
    lines = list(_REVIEW)
    entries = []
    for proposal in draft.intervenciones:
        if proposal.entry is None:
            entries.append("  # " + " ".join(f"{PENDING} revisar: «{proposal.role}» ({proposal.reason})".split()))
            continue
        entry = yaml.dump([proposal.entry], Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=False)
        entries += [f"  {_PROPOSED}"] + ["  " + line for line in entry.rstrip("\n").split("\n")]
    if any(p.entry for p in draft.intervenciones):
        return "\n".join(lines + ["intervenciones:"] + entries) + "\n"
    return "\n".join(lines + [line.strip() for line in entries] + ["intervenciones: []"]) + "\n"


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
    notes = ([f"{PENDING}: revise y corrija los errores de OCR del texto, y describa aquí lo que corrigió."]
             if draft.tipo == "ocr" else [])
    data["fuente"] = {"archivo": archivo, "sha256": sha256, "tipo": draft.tipo, "notas": notes}
    header = ["# Borrador generado por scripts/importar_acta.py: revise cada dato contra el original.",
              "# Lo marcado TODO debe completarlo una persona; el validador no acepta el acta mientras quede alguno."]
    if draft.new_people:
        header.append("# Personas que no están en el registro: agréguelas a actas/registro/personas.yml, por ejemplo:")
        header += [f"#   - id: {pid}\n#     nombre: {name}" for pid, name in sorted(draft.new_people.items())]
    if draft.new_institutions:
        header.append("# Instituciones que no están en el registro: "
                      "agréguelas a actas/registro/instituciones.yml, por ejemplo:")
        header += [f"#   - id: {iid}\n#     nombre: {name}\n#     sector: TODO"
                   for iid, name in sorted(draft.new_institutions.items())]
    front = yaml.dump(data, Dumper=_DraftDumper, allow_unicode=True, sort_keys=False, width=10_000,
                      default_flow_style=False)
    return "---\n" + "\n".join(header) + "\n" + front + _interventions(draft) + "---\n\n" + draft.cuerpo
