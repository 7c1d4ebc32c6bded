"""A pull request's summary for reviewers: the actas changed, the validator's verdict on each, where the preview is."""

from __future__ import annotations

from pathlib import Path

from ..modelo.archive import check_archive
from ..modelo.layout import ACTAS_DIR, ORIGINALS_DIR, REGISTRY_DIR

VERDICTS = {"success": "pasaron", "failure": "fallaron", "cancelled": "se cancelaron", "skipped": "no se ejecutaron"}


def _kind(path: str) -> str | None:
    """What a changed file is to a reviewer: an acta, the registry, an original, or nothing of the archive."""
    if path.startswith(f"{REGISTRY_DIR}/"):
        return "registro"
    if path.startswith(f"{ORIGINALS_DIR}/"):
        return "original"
    if path.startswith(f"{ACTAS_DIR}/") and path.endswith(".md") and path.count("/") == 1:
        return "acta"
    return None


def review_summary(root: Path, changed: list[str], tests: str | None, preview: str | None) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY; changed are paths relative to root, deleted ones included."""
    lines = ["## Revisión de la solicitud de cambio", ""]
    if tests:
        lines += [f"**Pruebas:** {VERDICTS.get(tests, tests)}.", ""]
    mine = sorted(p for p in changed if _kind(p))
    present = [root / p for p in mine if (root / p).is_file()]
    archive = check_archive(root, only=present)
    by_path: dict[str, list[str]] = {}
    for problem in archive.problems:
        by_path.setdefault(problem.path, []).append(str(problem))
    if not mine:
        lines.append("Esta solicitud no cambia actas, el registro ni los originales.")
    else:
        lines += ["| Archivo | Qué es | Validador |", "|---|---|---|"]
        for path in mine:
            if not (root / path).is_file():
                verdict = "borrado"
            elif path in by_path:
                verdict = f"❌ {len(by_path[path])} problema(s)"
            else:
                verdict = "✅ sin problemas"
            lines.append(f"| `{path}` | {_kind(path)} | {verdict} |")
    problems = [line for path in mine for line in by_path.get(path, [])]
    if problems:
        lines += ["", "Problemas (corrija cada línea indicada; "
                      "`python scripts/validar_actas.py` muestra la misma lista):", "", "```text", *problems, "```"]
    lines += ["", "**Vista previa del sitio:** " + (f"[descargar «sitio-previsualizacion»]({preview}) (un .zip; "
              "ábralo y abra `index.html`)." if preview else "no se generó (vea el paso que falló).")]
    return "\n".join(lines) + "\n"
