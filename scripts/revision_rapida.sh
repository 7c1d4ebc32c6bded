#!/usr/bin/env bash
# Revisión rápida del archivo vivo, lo que una solicitud de cambio con actas nuevas debe pasar:
# valida actas y registro, construye site/ con --strict y revisa sus invariantes (pruebas marcadas «vivo»).
# Usa el python y el mkdocs del PATH; scripts/probar.sh --rapido la llama después de preparar .venv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NO_MKDOCS_2_WARNING=1
python scripts/validar_actas.py
python -m mkdocs build --strict --quiet
exec python -m pytest tests -m vivo --sitio site -p no:cacheprovider -q "$@"
