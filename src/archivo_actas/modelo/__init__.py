"""Capa modelo: qué es un acta, el registro, sus reglas y sus índices; no importa ninguna otra capa."""
