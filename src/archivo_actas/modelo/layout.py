"""Where an archive's files live, relative to the project root, and the registry entry a newcomer needs."""

from __future__ import annotations

from .vocabulary import SECTORS

ACTAS_DIR = "actas"
REGISTRY_DIR = "actas/registro"
ORIGINALS_DIR = "actas/originales"
PEOPLE_FILE = "personas.yml"
INSTITUTIONS_FILE = "instituciones.yml"
REGISTRY_FILES = {"persona": f"{REGISTRY_DIR}/{PEOPLE_FILE}", "institucion": f"{REGISTRY_DIR}/{INSTITUTIONS_FILE}"}


NAME_TO_COMPLETE = '"TODO: nombre completo, como lo escribe el original"'


def registry_entry(target: str, id_: str, name: str | None = None) -> str:
    """The YAML entry to paste at the end of the registry file for a new person ('persona') or institution."""
    lines = [f"- id: {id_}", f"  nombre: {name or NAME_TO_COMPLETE}"]
    if target == "institucion":
        lines.append(f"  sector: TODO  # uno de: {', '.join(SECTORS)}")
    return "\n".join(lines)
