"""The package's layers: no import cycles, and the model and its validation import nothing from the site, the data or the tools."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "archivo_actas"
# The model and its validation: what an acta, the registry and their checks are.
MODEL = {"model", "problems", "files", "layout", "vocabulary", "text", "dates", "yamlnodes", "schema", "body", "acta_file",
         "registry", "archive", "indexes", "wording", "urls", "markdown_text"}


def imports() -> dict[str, set[str]]:
    """Each module of the package ('render', 'importer.reader'…) and the package modules it imports."""
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = parts[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = list(package[:len(package) - node.level + 1])
                targets = [node.module] if node.module else [alias.name for alias in node.names]
                found |= {".".join(base + t.split(".")) for t in targets}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("archivo_actas."):
                found.add(node.module.removeprefix("archivo_actas."))
        known = {".".join(p.relative_to(PACKAGE).with_suffix("").parts) for p in PACKAGE.rglob("*.py")}
        known = {k.removesuffix(".__init__") for k in known}
        graph[name] = {next((k for k in sorted(known, key=len, reverse=True) if f == k or f.startswith(k + ".")), f)
                       for f in found} - {name}
    return graph


def test_no_import_cycles():
    graph = imports()
    state: dict[str, str] = {}

    def visit(module, trail):
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            assert state.get(target) != "open", " → ".join(trail + [module, target])
            if target not in state:
                visit(target, trail + [module])
        state[module] = "done"

    for module in graph:
        if module not in state:
            visit(module, [])


def test_the_model_imports_nothing_from_site_data_or_tools():
    graph = imports()
    assert MODEL <= set(graph)
    for module in sorted(MODEL):
        assert graph[module] <= MODEL, (module, sorted(graph[module] - MODEL))


def test_the_domain_package_never_imports_mkdocs():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [n for n in names if n.split(".")[0] in ("mkdocs", "material", "properdocs")], path.name
