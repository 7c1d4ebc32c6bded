"""A validation problem, printed as 'ruta:línea: campo: mensaje'."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a file: 1-based line, field (or 'archivo', 'encabezado', 'yaml', 'cuerpo'), Spanish message."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ProblemList(list):
    """Problems of one file, with the file's path and line offset already known."""

    def __init__(self, path: str, line_offset: int = 0):
        super().__init__()
        self.path = path
        self.line_offset = line_offset

    def add(self, line: int | None, field: str, message: str) -> None:
        """Record a problem at a line of the YAML text; None (the whole file) is reported at line 1."""
        self.append(Problem(self.path, (line + self.line_offset) if line else 1, field, message))
