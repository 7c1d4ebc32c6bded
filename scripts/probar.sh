#!/usr/bin/env bash
# Instala lo necesario y ejecuta toda la batería de pruebas (incluye mkdocs build --strict), en paralelo.
# Con --rapido: solo la revisión rápida (validar, construir site/ y revisar sus invariantes), en menos de un minuto.
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
if [ "${1:-}" = "--rapido" ]; then
  shift
  exec bash scripts/revision_rapida.sh "$@"
fi
exec python -m pytest -n "${PRUEBAS_EN_PARALELO:-2}" --dist loadgroup "$@"
