#!/usr/bin/env bash
# Instala lo necesario y ejecuta toda la batería de pruebas (incluye mkdocs build --strict).
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
exec python -m pytest "$@"
