"""The package's layers: no import cycles, and each layer imports only the layers below it (modelo < datos < sitio <
herramientas); the model and its validation import nothing from the site, the data or the tools."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "archivo_actas"
# Each layer, and the layers it may import besides itself.
LAYERS = {
    "modelo": set(),
    "datos": {"modelo"},
    "sitio": {"modelo", "datos"},
    "herramientas": {"modelo", "datos", "sitio"},
}


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


def layer(module: str) -> str:
    return module.split(".")[0]


def test_every_module_is_in_a_layer():
    graph = imports()
    assert {layer(m) for m in graph} == set(LAYERS) | {""}, sorted({layer(m) for m in graph})
    assert [m for m in graph if "." not in m and m not in LAYERS and m != ""] == []


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_a_layer_imports_only_the_layers_below_it(name):
    graph = imports()
    for module, targets in sorted(graph.items()):
        if layer(module) == name:
            wrong = sorted(t for t in targets if layer(t) not in LAYERS[name] | {name})
            assert wrong == [], (f"{module} importa {wrong}: "
                                 f"{name} solo puede importar {sorted(LAYERS[name]) or 'nada más'}")


def test_the_model_imports_nothing_from_site_data_or_tools():
    graph = imports()
    model = [m for m in graph if layer(m) == "modelo"]
    assert len(model) > 10
    for module in model:
        assert {layer(t) for t in graph[module]} <= {"modelo"}, module


def test_the_domain_package_never_imports_mkdocs():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [n for n in names if n.split(".")[0] in ("mkdocs", "material", "properdocs")], path.name
