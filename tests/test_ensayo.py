"""A contribution rehearsed end to end, and the homonym who must not take a published address.

The rehearsal works in a `git clone` of HEAD, as a contributor's fork would: what is not committed is not there.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archivo_actas.modelo.archive import load_archive
from conftest import GOOD, ROOT, fixed_actas, make_project, mkdocs, run, validator, with_original

pytestmark = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"),
                                reason="git no está instalado")

NEWCOMER = "Rocío Ensayo Fernández"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Ensayo", "-c", "user.email=ensayo@example.org", *args], cwd=repo,
                   check=True, capture_output=True, text=True)


def in_clone(clone: Path, args: list[str]) -> subprocess.CompletedProcess:
    """A command in the clone, running the clone's own package and scripts, with the test environment's tools."""
    env_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return run(args, clone, PYTHONPATH=str(clone / "src"), PATH=env_path)


def free_date(actas: Path) -> dt.date:
    """The first day from 10 May 2023 on with no acta yet."""
    day = dt.date(2023, 5, 10)
    while any(actas.glob(f"{day.isoformat()}*.md")):
        day += dt.timedelta(days=1)
    return day


def complete(text: str, person: str) -> str:
    """What the contributor writes after the scaffold: the tabla, two acuerdos and the narrative."""
    text = text.replace("tabla: []", "tabla:\n  - Revisión del cronograma del Plan de Acción.\n  - Varios.")
    text = text.replace("acuerdos: []", f"""acuerdos:
  - texto: Enviar a la Mesa el cronograma revisado.
    responsable:
      - persona: {person}
        institucion: cepal
    plazo: a la brevedad
  - texto: Convocar a la sociedad civil a la consulta pública del ensayo.
    responsable:
      - institucion: comision-integridad-publica-transparencia
    plazo:
      hasta: 2023-06-30""")
    return text + "\nSe revisa el cronograma y se acuerda convocar a la consulta pública del ensayo.\n"


def test_a_contribution_with_a_new_person_passes_the_pull_request_check(tmp_path):
    clone = tmp_path / "clon"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True)
    day = free_date(clone / "actas")
    person = load_archive(clone).registry.free_id("persona", "rocio-ensayo-fernandez")
    original = tmp_path / f"acta-{day.isoformat()}.txt"
    original.write_text(f"Acta de la reunión del {day.isoformat()}\nAsistentes: {NEWCOMER} (CEPAL)\n", encoding="utf-8")
    scaffold = [sys.executable, "scripts/nueva_acta.py", "--fecha", day.isoformat(), "--fuente", str(original),
                "--lugar", "CEPAL", "--inicio", "15:00", "--termino", "16:30",
                "--asistente", f"grupo=miembros,persona={person},institucion=cepal,cargo=representante",
                "--asistente", "grupo=secretaria_actas,persona=claudia-montero,"
                "institucion=comision-integridad-publica-transparencia"]

    # The person is new: nothing is written, and the message gives the registry entry to paste.
    refused = in_clone(clone, scaffold)
    assert refused.returncode == 1 and not (clone / "actas" / f"{day.isoformat()}.md").exists()
    lines = refused.stderr.splitlines()
    entry = "\n".join(lines[lines.index(f"- id: {person}"):][:2]).replace(
        '"TODO: nombre completo, como lo escribe el original"', NEWCOMER)
    with (clone / "actas" / "registro" / "personas.yml").open("a", encoding="utf-8") as registry:
        registry.write(f"\n{entry}\n")
    written = in_clone(clone, scaffold)
    assert written.returncode == 0, written.stdout + written.stderr
    acta = clone / "actas" / f"{day.isoformat()}.md"
    acta.write_text(complete(acta.read_text(encoding="utf-8"), person), encoding="utf-8")
    git(clone, "add", "actas")
    git(clone, "commit", "--quiet", "-m", f"Acta del {day.isoformat()}")

    # What the pull request's check runs for an acta: validate, build with --strict, the live archive's invariants.
    check = in_clone(clone, ["bash", "scripts/revision_rapida.sh"])
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    assert " passed" in check.stdout and " failed" not in check.stdout

    site, slug = clone / "site", day.isoformat()
    read = lambda path: (site / path).read_text(encoding="utf-8")  # noqa: E731
    assert NEWCOMER in read(f"actas/{slug}/index.html")
    assert f"actas/{slug}/" in read(f"personas/{person}/index.html")
    assert NEWCOMER in read(f"personas/{person}/index.html")
    for index in ("actas/index.html", "cronologia/index.html", "personas/index.html", "index.html"):
        assert f"actas/{slug}/" in read(index) or f"personas/{person}/" in read(index), index
    assert f"personas/{person}/" in read("personas/index.html")
    tracker = read("acuerdos/index.html")
    assert f'<tr id="{slug}-1"' in tracker and f'<tr id="{slug}-2"' in tracker
    data = json.loads(read("datos/acuerdos.json"))["acuerdos"]
    assert {f"{slug}-1", f"{slug}-2"} <= {a["id"] for a in data}
    events = json.loads(read("datos/actas.json"))
    assert slug in [e["id"] for e in events["events"]]
    assert [m["person_id"] for m in events["memberships"] if m["event_id"] == slug] == [person, "claudia-montero"]
    assert person in [p["id"] for p in json.loads(read("datos/personas.json"))["persons"]]
    assert f"actas/{slug}/" in read("feed.xml") and f"acta-{slug}@" in read("reuniones.ics")
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8")
                 for p in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert any(f'"url":"/actas/{slug}/"' in f and "consulta pública del ensayo" in f for f in fragments)
    assert any(f'"url":"/actas/{slug}/"' in f and '"id":"acuerdo-2","text":"Acuerdo N° 2"' in f for f in fragments)


HOMONYM = "\n- id: claudia-montero-2\n  nombre: Claudia Montero Meza\n  homonimo_de: claudia-montero\n"


def test_a_homonym_leaves_the_first_persons_address_alone(tmp_path):
    root = make_project(tmp_path / "p", fixed_actas(), with_site=True)
    with (root / "actas" / "registro" / "personas.yml").open("a", encoding="utf-8") as registry:
        registry.write(HOMONYM)
    acta = with_original(GOOD, "2023-05-10", root).replace("persona: claudia-montero", "persona: claudia-montero-2")
    (root / "actas" / "2023-05-10.md").write_text(acta, encoding="utf-8")
    assert [str(p) for p in load_archive(root).problems] == []
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site" / "personas"
    first = (site / "claudia-montero" / "index.html").read_text(encoding="utf-8")
    second = (site / "claudia-montero-2" / "index.html").read_text(encoding="utf-8")
    assert "actas/2018-11-07/" in first and "actas/2023-05-10/" not in first
    assert "actas/2023-05-10/" in second and "actas/2018-11-07/" not in second
    redirect = (site / "claudia-montero-meza" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../personas/claudia-montero/"' in redirect


def test_a_newcomer_cannot_take_a_published_address(tmp_path):
    root = make_project(tmp_path / "p")
    with (root / "actas" / "registro" / "personas.yml").open("a", encoding="utf-8") as registry:
        registry.write("\n- id: claudia-montero-meza\n  nombre: Claudia Montero-Meza\n")
    lines = (root / "actas" / "registro" / "personas.yml").read_text(encoding="utf-8").splitlines()
    line = lines.index("- id: claudia-montero-meza") + 1
    result = validator(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"actas/registro/personas.yml:{line}: id: 'claudia-montero-meza' "
        "es una dirección anterior de 'claudia-montero' "
        "(línea 20), que sigue llevando a su página; elija otro, p. ej. 'claudia-montero-meza-2'"]
