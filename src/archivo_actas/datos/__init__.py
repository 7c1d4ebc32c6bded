"""Capa datos: el archivo como datos abiertos (JSON, CSV, Atom, iCalendar, JSON-LD); importa solo el modelo."""
