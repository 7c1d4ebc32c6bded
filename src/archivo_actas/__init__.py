"""Modelo, registro, validación e índices del archivo de actas; no importa MkDocs."""
