#!/usr/bin/env bash
# Instala lo necesario y construye el sitio en site/. Con "servir", lo sirve en http://127.0.0.1:8000/.
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
if [ "${1:-}" = "servir" ]; then
  shift
  # --dirty: al guardar un acta se reescriben solo las páginas que cambiaron (unos 2 s con 1.000 actas).
  exec mkdocs serve --dirty "$@"
fi
exec mkdocs build "$@"
