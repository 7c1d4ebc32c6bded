"""The contribution machinery: GitHub workflows valid against their schema, the pre-commit hooks for real, the guide's
examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXED, FIXTURES, ROOT, another_meeting, make_project, run

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent  # the environment's bin/ (not resolved: it is a venv)
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def load_workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The 'on' mapping (PyYAML reads the key 'on' as the boolean True)."""
    on = workflow.get(True, workflow.get("on"))
    return {on: None} if isinstance(on, str) else on


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_index(all_steps: list[dict], predicate) -> int:
    matches = [i for i, step in enumerate(all_steps) if predicate(step)]
    assert matches, "falta el paso"
    return matches[0]


def runs(fragment: str):
    return lambda step: fragment in step.get("run", "")


def uses(action: str):
    return lambda step: step.get("uses", "").split("@")[0] == action


# (a) The workflows validate against GitHub's schema, offline.

def test_exactly_the_two_workflows():
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["pr.yml", "publicar.yml"]


@pytest.mark.parametrize("name", ["pr.yml", "publicar.yml"])
def test_workflow_validates_against_github_schema(name):
    result = run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                  str(WORKFLOWS / name)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_schema_check_can_fail(tmp_path):
    broken = tmp_path / "roto.yml"
    workflow = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - nombre: x\n"
    broken.write_text(workflow, encoding="utf-8")
    result = run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
                 ROOT)
    assert result.returncode != 0


# (b) What each workflow does.

def test_pr_workflow_validates_tests_builds_and_uploads_a_preview():
    workflow = load_workflow("pr.yml")
    assert set(triggers(workflow)) == {"pull_request", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "pull_request.number" in workflow["concurrency"]["group"]
    all_steps = steps(workflow)
    assert all(step.get("name") for step in all_steps)
    python = all_steps[step_index(all_steps, uses("actions/setup-python"))]
    assert python["uses"] == "actions/setup-python@v5" and python["with"]["python-version"] == "3.11"
    assert all_steps[step_index(all_steps, uses("actions/checkout"))]["uses"] == "actions/checkout@v4"

    chromium = step_index(all_steps, runs("chromium"))
    tests = step_index(all_steps, lambda s: s.get("run", "").strip() == "bash .ci/run")
    build = step_index(all_steps, runs("bash scripts/construir.sh --strict"))
    upload = step_index(all_steps, uses("actions/upload-artifact"))
    summary = step_index(all_steps, runs("scripts/resumen_revision.py"))
    assert chromium < tests < build < upload < summary
    assert all_steps[summary]["if"] == "always()" and "$GITHUB_STEP_SUMMARY" in all_steps[summary]["run"]
    assert all_steps[summary]["env"]["VISTA"] == "${{ steps.vista.outputs.artifact-url }}"
    assert all_steps[upload]["id"] == "vista" and all_steps[tests]["id"] == "pruebas"
    assert all_steps[step_index(all_steps, uses("actions/checkout"))]["with"]["fetch-depth"] == 0

    # The browser tests fail in CI without chromium/chromium-browser on PATH: the step must put one there.
    script = all_steps[chromium]["run"]
    assert "/usr/local/bin/chromium" in script and "apt-get install" in script and "exit 1" in script
    assert all_steps[upload]["uses"] == "actions/upload-artifact@v4"
    assert all_steps[upload]["with"]["name"] == "sitio-previsualizacion"
    assert all_steps[upload]["with"]["path"].rstrip("/") == "site"
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1"


def test_pages_workflow_validates_builds_and_deploys_with_the_official_actions():
    workflow = load_workflow("publicar.yml")
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    all_steps = steps(workflow)
    # Each acta page shows its change history from git: the checkout brings all of it.
    assert all_steps[step_index(all_steps, uses("actions/checkout"))]["with"]["fetch-depth"] == 0
    configure = step_index(all_steps, uses("actions/configure-pages"))
    validate = step_index(all_steps, runs("scripts/validar_actas.py"))
    epoch = step_index(all_steps, runs("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"))
    build = step_index(all_steps, runs("mkdocs build --strict"))
    upload = step_index(all_steps, uses("actions/upload-pages-artifact"))
    deploy = step_index(all_steps, uses("actions/deploy-pages"))
    assert configure < build and validate < build and epoch < build < upload < deploy
    assert all_steps[configure]["uses"] == "actions/configure-pages@v5"
    assert all_steps[configure]["id"] == "pages"
    assert all_steps[build]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert all_steps[upload]["uses"] == "actions/upload-pages-artifact@v3"
    assert all_steps[upload]["with"]["path"] == "site"
    assert all_steps[deploy]["uses"] == "actions/deploy-pages@v4" and all_steps[deploy]["id"] == "deployment"
    deploys = uses("actions/deploy-pages")
    deploy_job = next(job for job in workflow["jobs"].values() if any(deploys(s) for s in job["steps"]))
    assert deploy_job["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert re.search(r"^site_url: !ENV SITE_URL\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


# (c) The pre-commit hook, in a real git repository.

def test_hook_only_looks_at_actas_and_the_registry():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in config["repos"][0]["hooks"] if h["id"] == "validar-actas")
    assert config["repos"][0]["repo"] == "local"
    assert hook["id"] == "validar-actas" and hook["language"] == "system" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for path in ("actas/2019-01-23.md", "actas/2019-01-23-2.md", "actas/registro/personas.yml",
                 "actas/registro/instituciones.yaml"):
        assert files.search(path), path
    for path in ("actas/originales/000_c3cf505589993715.txt", "docs/index.md", "README.md", "mkdocs.yml"):
        assert not files.search(path), path


def test_style_hook_runs_the_configured_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in config["repos"][0]["hooks"] if h["id"] == "ruff")
    assert hook["entry"] == "ruff check" and hook["types"] == ["python"] and hook["language"] == "system"
    assert "[tool.ruff]" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return subprocess.run([str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif(shutil.which("git") is None, reason="git no está instalado")
def test_pre_commit_hook_passes_a_valid_acta_and_stops_a_broken_one(tmp_path):
    assert (BIN / "pre-commit").exists(), "pre-commit no está instalado en el entorno (requirements.lock)"
    repo = tmp_path / "repo"
    (repo / "actas").mkdir(parents=True)
    (repo / "scripts").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    shutil.copy(ROOT / "scripts" / "validar_actas.py", repo / "scripts" / "validar_actas.py")
    shutil.copytree(FIXED / "actas" / "registro", repo / "actas" / "registro")
    shutil.copytree(FIXED / "actas" / "originales", repo / "actas" / "originales")
    acta = repo / "actas" / "2019-01-23.md"
    shutil.copy(FIXTURES / "buena.md", acta)
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Prueba")
    git(repo, "config", "user.email", "prueba@example.org")
    git(repo, "add", ".")

    result = pre_commit(repo, tmp_path / "pre-commit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validar actas y registro" in result.stdout and "Passed" in result.stdout

    text = acta.read_text(encoding="utf-8")
    assert "fecha: 2019-01-23" in text
    acta.write_text(text.replace("fecha: 2019-01-23", "fecha: 2019-02-30", 1), encoding="utf-8")
    git(repo, "add", ".")
    result = pre_commit(repo, tmp_path / "pre-commit")
    assert result.returncode != 0
    assert "Failed" in result.stdout
    assert "actas/2019-01-23.md:2: fecha: la fecha '2019-02-30' no existe en el calendario" in result.stdout


# The guide's example messages are what the validator really prints for the breakages it describes.

def guide_examples() -> list[str]:
    blocks = re.findall(r"```text\n(.*?)```", GUIDE, re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("actas/")]


def test_guide_examples_are_real_validator_messages(project):
    real = (FIXED / "actas" / "2019-01-23.md").read_text(encoding="utf-8")
    several = real
    for old, new in (("fecha: 2019-01-23", "fecha: 2019-02-30"), ('termino: "17:00"', 'termino: "14:00"'),
                     ("lugar: CEPAL", "lugra: CEPAL"), ("institucion: cepal", "institucion: Cepal"),
                     ("persona: paula-cortes", "persona: paula-cortez"),
                     ("    plazo: a la brevedad", "    plazo: pronto")):
        assert old in several
        several = several.replace(old, new, 1)
    pending = real.replace("lugar: CEPAL", "lugar: TODO", 1)
    checksum = re.sub(r"sha256: [0-9a-f]{64}", "sha256: " + "0" * 64, real, count=1)
    printed = set()
    for variant in (several, pending, checksum):
        base = project({"2019-01-23.md": variant})
        result = run([sys.executable, str(ROOT / "scripts" / "validar_actas.py"), "actas/2019-01-23.md"], base)
        assert result.returncode == 1
        printed |= set(result.stdout.splitlines())
    examples = guide_examples()
    assert len(examples) >= 8
    assert [line for line in examples if line not in printed] == []


def test_pr_summary_names_each_changed_acta_with_its_verdict(tmp_path):
    """What a reviewer reads on the run's page: the changed actas, the validator on each, and the preview's link."""
    repo = tmp_path / "repo"
    make_project(repo, {"2019-01-23.md": (FIXTURES / "buena.md").read_text(encoding="utf-8")})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Prueba")
    git(repo, "config", "user.email", "prueba@example.org")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    good = another_meeting("2019-02-01")
    (repo / "actas" / "2019-02-01.md").write_text(good, encoding="utf-8")
    bad = good.replace("fecha: 2019-02-01", "fecha: 2019-03-01").replace("institucion: cepal", "institucion: cepall")
    (repo / "actas" / "2019-03-01.md").write_text(bad, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "dos actas")
    result = run([sys.executable, str(ROOT / "scripts" / "resumen_revision.py"), "--base", "main~1",
                  "--pruebas", "failure", "--vista", "https://example.org/artefacto/1"], repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "**Pruebas:** fallaron." in lines
    assert "| `actas/2019-02-01.md` | acta | ✅ sin problemas |" in lines
    assert "| `actas/2019-03-01.md` | acta | ❌ 1 problema(s) |" in lines, result.stdout
    assert ("actas/2019-03-01.md:11: asistentes.miembros[1].institucion: 'cepall' no está en el registro; "
            "¿quiso decir 'cepal'?") in lines
    assert lines[-1] == ("**Vista previa del sitio:** [descargar «sitio-previsualizacion»]"
                         "(https://example.org/artefacto/1) (un .zip; ábralo y abra `index.html`).")
