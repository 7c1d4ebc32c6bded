"""The page «Rendimiento» that scripts/benchmark.py writes: the results by N, each target met or not, the plot."""

from __future__ import annotations

import json
from pathlib import Path

from .benchmark import machine

# Where the causes and next steps are written by hand after each run; a dotfile, so MkDocs neither renders nor
# publishes it (exclude_docs ignores '.*'), and the page includes it as it is.
ANALYSIS_FILE = ".analisis.md"
NO_ANALYSIS = """## Causas y próximos pasos

Falta el análisis de esta corrida: se escribe a mano en `docs/contribuir/rendimiento/.analisis.md` después de cada
medición (para cada meta no cumplida, su causa y el próximo paso) y `scripts/benchmark.py` lo copia aquí.
"""
# The three queries of a first search: key, how the page names it, the target at 5.000 in KB.
QUERIES = (("rara", "una palabra rara", 250), ("nombre", "el nombre completo de una persona", 400),
           ("frase", "una frase común", 800))
PARTS = (("programa", "Programa"), ("metadatos", "Metadatos"), ("filtros", "Filtros"), ("indice", "Índice"),
         ("fragmentos", "Fragmentos"), ("otros", "Otros"))
# How the page names the processes of a build, by their name in /proc.
PROCESSES = {"python": "mkdocs", "pagefind": "Pagefind"}


def es(value: float, decimals: int = 0) -> str:
    """A number as written in Spanish: 1.234,5."""
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def kb(value: int | None) -> str:
    """Bytes as KB written in Spanish, or a dash when not measured."""
    return "—" if value is None else f"{es(value / 1024)} KB"


def mb(peaks: dict[str, int], name: str) -> str:
    """A process's peak memory as MB written in Spanish, or a dash when that process did not run."""
    return f"{es(peaks[name] / 1024)} MB" if name in peaks else "—"


def plot(results: list[dict]) -> str:
    """An SVG of build time against N: the floor and the full build."""
    width, height, margin = 640, 320, 56
    ns = [r["n"] for r in results]
    top = max(max(r["piso_s"], r["completa_s"]) for r in results) * 1.1
    x = lambda n: margin + (width - 2 * margin) * (n - min(ns)) / max(1, max(ns) - min(ns))  # noqa: E731
    y = lambda s: height - margin + 10 - (height - 2 * margin) * s / top  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="Tiempo de construcción según el número de actas">',
             '<title>Tiempo de construcción según el número de actas</title>',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<line x1="{margin}" y1="{y(0)}" x2="{width - margin}" y2="{y(0)}" stroke="#555"/>',
             f'<line x1="{margin}" y1="{y(0)}" x2="{margin}" y2="{y(top)}" stroke="#555"/>']
    for tick in range(0, int(top) + 1, max(1, int(top) // 5)):
        parts.append(f'<text x="{margin - 8}" y="{y(tick) + 4}" font-size="11" text-anchor="end">{tick} s</text>')
    for n in ns:
        parts.append(f'<text x="{x(n)}" y="{y(0) + 18}" font-size="11" text-anchor="middle">{es(n)}</text>')
    for key, color, label, offset in (("piso_s", "#888", "Piso (Material simple y Pagefind)", 0),
                                      ("completa_s", "#3f51b5", "Archivo completo", 16)):
        points = " ".join(f"{x(r['n']):.1f},{y(r[key]):.1f}" for r in results)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        parts += [f'<circle cx="{x(r["n"]):.1f}" cy="{y(r[key]):.1f}" r="4" fill="{color}"/>' for r in results]
        parts.append(f'<text x="{margin + 10}" y="{margin - 20 + offset}" font-size="12" fill="{color}">'
                     f'■ {label}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 8}" font-size="12" text-anchor="middle">Actas</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _rate(rate: float | None) -> str:
    """Actas per second, or a dash when a run did not measure it."""
    return "—" if rate is None else f"{es(rate)} actas/s"


def result_rows(results: list[dict]) -> list[str]:
    """The build table, one row per N, as Markdown lines."""
    rows = ["| N | Repeticiones | Piso: mkdocs + Pagefind | Piso | Completa | Completa / piso | "
            "Páginas piso / completa | Sitio completo | Índice de Pagefind (piso / completa) | Validador | "
            "Lectura para construir |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {es(r['n'])} | {r['repeticiones']} | "
                    f"{es(r['piso_mkdocs_s'], 1)} + {es(r['piso_pagefind_s'], 1)} s | {es(r['piso_s'], 1)} s | "
                    f"{es(r['completa_s'], 1)} s | {es(r['completa_s'] / r['piso_s'], 2)} | "
                    f"{es(r['piso_paginas'])} / {es(r['completa_paginas'])} | {es(r['completa_bytes'] / 2**20)} MB | "
                    f"{kb(r['piso_indice'])} / {kb(r['completa_indice'])} | {es(r['validador_actas_s'])} actas/s | "
                    f"{_rate(r.get('lectura_actas_s'))} |")
    return rows


def memory_rows(results: list[dict]) -> list[str]:
    """The memory table: the peak of each kind of process, floor and full build, one row per N."""
    rows = ["| N | Piso: mkdocs | Piso: Pagefind | Completa: mkdocs | Completa: Pagefind |", "|---|---|---|---|---|"]
    for r in results:
        floor, full = r["piso_memoria_kb"], r["completa_memoria_kb"]
        rows.append(f"| {es(r['n'])} | {mb(floor, 'python')} | {mb(floor, 'pagefind')} | {mb(full, 'python')} | "
                    f"{mb(full, 'pagefind')} |")
    return rows


def query_rows(results: list[dict]) -> list[str]:
    """The search table: the served bytes of each first query by part, one row per N and query."""
    labels = " | ".join(label for _key, label in PARTS)
    rows = [f"| N | Consulta | Resultados mostrados | {labels} | Total | Búsqueda antes de «/» |",
            "|---|---|---|" + "---|" * len(PARTS) + "---|---|"]
    for r in results:
        for key, _label, _goal in QUERIES:
            query = r["consultas"].get(key)
            if query:
                parts = " | ".join(kb(query["bytes"][part]) for part, _label in PARTS)
                rows.append(f"| {es(r['n'])} | «{query['texto']}» | {es(query['resultados'])} | {parts} | "
                            f"**{kb(query['bytes']['total'])}** | {kb(query.get('al_abrir'))} |")
    return rows


def _verdict(label: str, goal: str, value: str | None, met: bool | None) -> str:
    """One target as a list item: its measured value and whether it is met, or that this run did not measure it."""
    if value is None:
        return f"- {label} (meta {goal}): sin medir en esta corrida."
    return f"- {label}: **{value}** (meta {goal}): {'cumple' if met else 'no cumple'}."


def _biggest(peaks: dict[str, int]) -> tuple[str, float]:
    """(how the page names it, MB) of the process with the largest peak."""
    name = max(peaks, key=peaks.get)
    return PROCESSES.get(name, name), peaks[name] / 1024


def target_checks(results: list[dict], serve: dict) -> list[str]:
    """Each target with the measured value and whether it is met, or that this run did not measure it."""
    by_n = {r["n"]: r for r in results}
    small, large = by_n.get(1000), by_n.get(5000)
    ratio = small and small["completa_s"] / small["piso_s"]
    checks = [_verdict("Completa / piso a 1.000", "≤ 1,5", small and es(ratio, 2), small and ratio <= 1.5)]
    growth = small and large and large["completa_s"] / small["completa_s"]
    checks.append(_verdict("T(5.000) / T(1.000) de la construcción completa", "≤ 5,5", growth and es(growth, 2),
                           growth and growth <= 5.5))
    for n, goal in ((1000, 250), (5000, 1024)):
        found = by_n.get(n) and _biggest(by_n[n]["completa_memoria_kb"])
        checks.append(_verdict(f"Memoria máxima de un proceso a {es(n)}", f"≤ {es(goal)} MB",
                               found and f"{es(found[1])} MB ({found[0]})", found and found[1] <= goal))
    for key, label, goal in QUERIES:
        query = large and large["consultas"].get(key)
        total = query and query["bytes"]["total"]
        text = f", «{query['texto']}»" if query else ""
        checks.append(_verdict(f"Primera consulta a 5.000, {label}{text}", f"≤ {goal} KB", query and kb(total),
                               query and total <= goal * 1024))
    at = serve.get("n")
    checks.append(_verdict("`mkdocs serve --dirty` a 1.000, hasta que la edición se ve en el acta y en la cronología "
                           "(mediana de ediciones seguidas)",
                           "≤ 3 s", at == 1000 and f"{es(serve['segundos'], 1)} s" or None,
                           at == 1000 and serve["segundos"] <= 3))
    rate = small and small["validador_actas_s"]
    checks.append(_verdict("Validador (`scripts/validar_actas.py`) a 1.000, en frío", "≥ 1.000 actas/s",
                           small and f"{es(rate)} actas/s", small and rate >= 1000))
    return checks


def _served(serve: dict) -> str:
    """The serve latency as a sentence."""
    if not serve:
        return "`mkdocs serve`: sin medir en esta corrida."
    each = ", ".join(f"{es(v, 1)} s" for v in serve.get("ediciones", [serve["segundos"]]))
    return (f"`mkdocs serve --dirty` a {es(serve['n'])} actas: la edición de un acta se ve en su página y en la "
            f"cronología en {es(serve['segundos'], 1)} s (mediana de {len(serve.get('ediciones', [1]))} ediciones "
            f"seguidas: {each}).")


def write_page(results: list[dict], serve: dict, output: Path, when: str, analysis: str | None = None) -> None:
    """docs/contribuir/rendimiento/index.md (for maintainers, outside the navigation), its plot and raw results; the
    hand-written analysis (causes and next steps) is included as it is."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "tiempos.svg").write_text(plot(results), encoding="utf-8")
    (output / "resultados.json").write_text(json.dumps({"fecha": when, "maquina": machine(), "resultados": results,
                                                        "servir": serve}, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    lines = "\n".join
    page = f"""---
title: Rendimiento
buscar: false
---

# Rendimiento

Esta página es para quien mantiene el archivo: cuánto tarda en construirse, cuánta memoria usa y cuánto
descarga una búsqueda a medida que el archivo crece, contra qué se compara y qué metas no se cumplen
todavía. No está en el menú del sitio; la enlazan [Contribuir](../index.md) y [Arquitectura](../arquitectura.md).

Medición de `scripts/benchmark.py` del {when}, en: {machine()}.

## Metas

{lines(target_checks(results, serve))}

{(analysis or NO_ANALYSIS).strip()}

## Resultados

{METHOD}

![Tiempo de construcción según el número de actas](tiempos.svg)

{lines(result_rows(results))}

Memoria máxima de un proceso (el mayor de los procesos de ese tipo, no la suma):

{lines(memory_rows(results))}

Bytes de la primera búsqueda, como los envía un servidor que comprime (el total cuenta desde que se pulsa «/»; la
última columna es lo que la portada pide de la búsqueda antes, al abrirse):

{lines(query_rows(results)) if any(r["consultas"] for r in results) else "Sin medir: falta Chromium."}

{_served(serve)}

{PROSE}"""
    (output / "index.md").write_text(page, encoding="utf-8")


METHOD = """Para cada número de actas se construyen, alternadas, dos versiones del mismo archivo sintético
(`scripts/generar_corpus.py`, actas de 8 a 15 KB): el **piso**, las actas como páginas simples de Material
(sin hooks, sin páginas generadas, sin complemento de búsqueda y fuera de la navegación) y después el CLI de
Pagefind sobre esas páginas de acta (`pagefind --site site --glob "actas/**/*.html"`); y la **construcción
completa** del archivo: páginas de acta generadas, índices de personas, instituciones, cronología y acuerdos,
datos abiertos e índice de búsqueda de Pagefind. El tiempo del piso es la suma de los dos pasos; los tiempos
son la mediana de las repeticiones.

La memoria es el pico de memoria residente de cada proceso: mkdocs y cada Pagefind que se lanza, leídos cada
50 ms junto con el pico que lleva el propio kernel (VmHWM). El validador se mide en frío: cada repetición en
un proceso nuevo, porque `load_archive` no vuelve a leer en un mismo proceso las actas que ya leyó. El
**validador** es lo que corre `scripts/validar_actas.py` (`check_archive`: cada proceso devuelve solo lo que miran
los controles entre actas); la **lectura para construir** es `load_archive`, que además trae cada acta completa al
proceso de la construcción.

La búsqueda se mide en Chromium sobre el sitio completo: se abre la portada, se pulsa «/» y se escribe la
consulta; se cuenta lo que el navegador pide desde ese momento hasta que se ven los resultados. Los archivos
del índice de Pagefind (`.pf_meta`, `.pf_filter`, `.pf_index`, `.pf_fragment`) y su WebAssembly ya vienen
comprimidos con gzip y cuentan por su tamaño; los scripts, los estilos y el JSON cuentan comprimidos con gzip
(nivel 6), como los envía un servidor. Las tres consultas, sin tildes como se escriben en el buscador: una
palabra rara (la comuna que menos actas nombran: cada acta sintética nombra una comuna de Chile, unas
mucho más que otras), el nombre completo de la persona que asiste a más actas y «consulta publica», que
está en casi todas las actas."""

PROSE = """## Cómo se construye

- **Validación.** Cada acta se lee y se valida, y su narración se convierte con Markdown y se limpia con
  una lista de lo permitido (nh3); un archivo grande se valida en paralelo, un proceso por núcleo. El texto
  donde ningún patrón en línea de Markdown puede empezar no se recorre con cada patrón.
- **Páginas.** Además de las actas, el archivo genera las páginas de personas, instituciones, cronología,
  seguimiento de acuerdos y datos (unas 330 más a 1.000 actas). Su HTML se inserta terminado al escribir
  cada página: MkDocs solo convierte los títulos, y no guarda el contenido de una página ya escrita.
- **Datos abiertos.** Los escribe un proceso aparte mientras MkDocs escribe las páginas.
- **Búsqueda.** Pagefind indexa el sitio por partes mientras MkDocs lo escribe: primero las páginas que no
  son actas (MkDocs escribe las actas al final), luego las actas por meses consecutivos en partes de hasta
  200 páginas, dos procesos de Pagefind a la vez (Pagefind tarda más que MkDocs en escribirlas). El
  archivo lee cada parte apenas llega y las une en un solo índice (`sitio/pagefind_format.py`), que escribe
  archivo por archivo mientras lo arma, sin que el recolector de basura recorra sus millones de listas
  (a 5.000 actas, 14 s en vez de 27). Las palabras se unen en dos procesos, cortadas en una palabra fija
  («m»): a 5.000 actas, 6,8 s en vez de 12,1. Así una parte de actas no pasa de unos 120 MB en Pagefind (la de las
  demás páginas es la mayor), y el índice es el mismo cualquiera sea el corte. Cada acuerdo es una sección
  del resultado de su acta, no un resultado aparte. Las palabras se guardan en trozos de unas 4.000
  posiciones y una palabra muy común nunca comparte trozo con otras, así que una palabra rara baja pocos KB;
  el historial, la suma SHA-256 y las actas vecinas no se indexan.
- **`mkdocs serve`**: la vista previa no genera la búsqueda, los datos abiertos ni la comprobación de
  integridad (`mkdocs build` sí), no vuelve a leer las actas que no cambiaron (las reconoce por su
  contenido) y solo vuelve a generar las páginas cuyos datos cambiaron. Con `mkdocs serve --dirty`
  (lo que usa `bash scripts/construir.sh servir`), MkDocs además reescribe solo las páginas cuyo contenido
  cambió. La medición abre el acta y la cronología en Chromium y cuenta hasta que ambas, recargadas por
  MkDocs, muestran la edición.

Para repetir la medición: `.venv/bin/python scripts/benchmark.py --actas 100,1000,5000`. Los datos
de esta corrida están en [resultados.json](resultados.json); el análisis de causas y próximos pasos se
escribe a mano en `.analisis.md`, junto a esta página.
"""
