#!/usr/bin/env python3
"""Valida las actas y el registro: python scripts/validar_actas.py [RUTAS…]."""

import sys

from archivo_actas.herramientas.cli import validate

if __name__ == "__main__":
    sys.exit(validate())
