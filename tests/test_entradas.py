"""The corpus of bad and hostile inputs (tests/entradas/):
the validator and mkdocs build give each case's exact messages."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from archivo_actas.herramientas.cli import validate
from conftest import forked_mkdocs, make_project, mkdocs, validator

CORPUS = Path(__file__).resolve().parent / "entradas"
BAD = sorted((CORPUS / "malas").iterdir())
ODD_BUT_GOOD = sorted((CORPUS / "buenas").iterdir())
CASES = BAD + ODD_BUT_GOOD
ERROR_LINE = re.compile(r"^ERROR\s+-\s+(.*)$")


def expected(case: Path) -> tuple[int, list[str]]:
    """esperado.txt: 'código: N', then the validator's exact lines."""
    first, *lines = (case / "esperado.txt").read_text(encoding="utf-8").splitlines()
    return int(first.removeprefix("código: ")), lines


def install(case: Path, root: Path) -> Path:
    """A throwaway project with the real registry and originals plus the case's actas/ (.gz files expanded)."""
    make_project(root, with_site=True)
    for source in sorted((case / "actas").rglob("*")):
        if source.is_file():
            target = root / "actas" / source.relative_to(case / "actas")
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix == ".gz":
                target.with_suffix("").write_bytes(gzip.decompress(source.read_bytes()))
            else:
                shutil.copyfile(source, target)
    return root


def test_the_corpus_covers_what_the_issue_lists():
    names = {case.name for case in CASES}
    for name in ("yaml_tabulador", "yaml_comillas_sin_cerrar", "yaml_sangria", "yaml_clave_repetida",
                 "yaml_ancla_y_alias", "yaml_mil_millones_de_risas", "yaml_etiqueta_python_object", "sin_encabezado",
                 "encabezado_sin_cerrar", "archivo_vacio", "archivo_de_20_mb", "latin1", "bom_y_crlf", "nombres_nfd",
                 "tipos_equivocados_arriba", "tipos_equivocados_adentro", "fecha_imposible", "hora_imposible",
                 "misma_fecha_sin_sufijo", "persona_desconocida", "institucion_casi", "nombre_distinto_de_la_fecha",
                 "fuente_con_ruta", "html_en_el_cuerpo", "script_en_el_cuerpo", "enlace_javascript", "enlace_data",
                 "html_en_cada_campo", "javascript_en_cada_campo", "data_en_cada_campo", "salto_de_linea_en_nombres",
                 "barras_y_saltos_en_acuerdos", "registro_nombres_hostiles", "registro_yaml_hostil",
                 # Hostile contributions, by class: body, links, images, headings, YAML values, originals, registry.
                 "cuerpo_etiqueta_partida", "cuerpo_cerco_sin_cerrar", "cuerpo_cercos_mezclados",
                 "enlace_con_tabulador_y_salto", "referencia_javascript_disfrazada", "imagen_de_otro_sitio",
                 "titulos_de_secciones_generadas", "cuerpo_anidado_sin_fin", "comentario_html", "estilo_en_el_cuerpo",
                 "cuerpo_invisible", "yaml_caracter_de_control", "yaml_escapes_de_control", "yaml_vuelco_de_texto",
                 "yaml_anidado_sin_fin", "fecha_fuera_de_rango", "original_html", "original_pdf_falso",
                 "registro_letra_cirilica", "registro_ids_hostiles", "registro_dependencia_circular",
                 "registro_intervalo_invertido", "registro_nombre_parecido", "atributos_como_texto",
                 "formulas_en_acuerdos"):
        assert name in names
    assert all(expected(case)[0] == 1 and expected(case)[1] for case in BAD)
    assert all(expected(case) == (0, []) for case in ODD_BUT_GOOD)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validator_gives_the_exact_messages(case, tmp_path, monkeypatch, capsys):
    """scripts/validar_actas.py's own function, run in the test's process (the builds below run the real commands)."""
    code, lines = expected(case)
    monkeypatch.chdir(install(case, tmp_path / "p"))
    assert validate([]) == code
    out, err = capsys.readouterr()
    assert out.splitlines() == lines
    if code:
        files = len({line.split(":", 1)[0] for line in lines})
        assert err.strip() == (f"{len(lines)} problema(s) en {files} archivo(s). "
                               "Corrija cada línea indicada y vuelva a validar.")


def test_the_validator_command_gives_the_same_messages(tmp_path):
    case = CORPUS / "malas" / "persona_desconocida"
    result = validator(install(case, tmp_path / "p"))
    assert (result.returncode, result.stdout.splitlines()) == expected(case)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """mkdocs build of every case, two at a time: {case name: result}."""
    base = tmp_path_factory.mktemp("entradas")
    roots = [install(case, base / case.name) for case in CASES]
    return dict(zip([case.name for case in CASES], forked_mkdocs(roots, "build", "--strict"), strict=True))


@pytest.mark.xdist_group("entradas-sitio")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mkdocs_build_stops_with_the_same_messages(case, builds):
    code, lines = expected(case)
    result = builds[case.name]
    assert "Traceback" not in result.stderr
    if code == 0:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    errors = [m[1] for m in map(ERROR_LINE.match, result.stderr.splitlines()) if m]
    assert errors[:-1] == lines
    assert errors[-1].startswith(f"{len(lines)} problema(s) en las actas o el registro.")
    assert "Aborted with a BuildError!" in result.stdout


def test_a_20_mb_file_is_refused_unread(tmp_path):
    """Past the size limit the file is not read: its invalid bytes get no message of their own."""
    root = install(CORPUS / "malas" / "archivo_de_20_mb", tmp_path / "p")
    assert (root / "actas" / "2019-01-23.md").stat().st_size == 20 * 1024 * 1024
    assert expected(CORPUS / "malas" / "archivo_de_20_mb")[1] == [
        "actas/2019-01-23.md:1: archivo: pesa 20.971.520 bytes y el máximo es 1.000.000: un acta es texto; "
        "deje los anexos fuera del archivo"]


def test_odd_but_good_inputs_reach_the_site(tmp_path):
    """NFD names land on the NFC person page; a '|' or a line break in an acuerdo stays inside its table cell."""
    root = tmp_path / "p"
    install(CORPUS / "buenas" / "barras_y_saltos_en_acuerdos", root)
    assert mkdocs(root, "build", "--strict").returncode == 0
    tracker = (root / "site" / "acuerdos" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="2019-01-23-(\d+)".*?</tr>', tracker, re.S)
    assert rows == ["1", "2"]
    first = re.search(r'<tr id="2019-01-23-1".*?</tr>', tracker, re.S)[0]
    assert "Enviar correo | con barra | a los servicios." in first and "|---|---|" in first
    assert first.count("<td") == len(re.findall(r"<th[ >]", tracker.split("<tbody")[0].rsplit("<thead", 1)[-1]))
    nfd = tmp_path / "nfd"
    install(CORPUS / "buenas" / "nombres_nfd", nfd)
    assert mkdocs(nfd, "build", "--strict").returncode == 0
    page = (nfd / "site" / "personas" / "alejandra-naser" / "index.html").read_text(encoding="utf-8")
    assert "actas/2019-01-23/" in page and "Reunión de prueba" in page

