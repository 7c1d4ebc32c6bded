"""The validator on fixtures: good actas pass, each kind of mistake gets its Spanish message with line and field."""

from __future__ import annotations

import unicodedata

import pytest

from archivo_actas.modelo import archive as archive_module
from archivo_actas.modelo.archive import check_archive, load_archive
from conftest import FIXTURES, GOOD, another_meeting, validator

NAME = "actas/2019-01-23.md"


def edit(old: str, new: str) -> str:
    """GOOD with one replacement, which must apply."""
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)



GOOD_CASES = {
    "buena": GOOD,
    "lugar_y_horas_no_constan": edit('inicio: "15:00"\ntermino: "17:00"\nlugar: CEPAL',
                                     "inicio: ~\ntermino: ~\nlugar: ~"),
    "responsable_y_plazo_no_constan": edit("    responsable:\n"
                                           "      - institucion: comision-integridad-publica-transparencia\n"
                                           "    plazo: a la brevedad",
                                           "    responsable: ~\n    plazo: ~"),
    "proxima_reunion_por_definir": edit("redactada_por:", "proxima_reunion:\n  fecha: por definir\nredactada_por:"),
    "proxima_reunion_con_fecha": edit("redactada_por:",
                                      "proxima_reunion:\n  fecha: 2019-03-01\n  nota: Se fija.\nredactada_por:"),
    "fecha_de_elaboracion": edit("titulo:",
                                 "fecha_certeza: elaboracion\n"
                                 "fecha_nota: Solo consta la fecha de elaboración.\ntitulo:"),
    "estado_con_evidencia": edit("    plazo: a la brevedad",
                                 "    plazo: a la brevedad\n    estado: cumplido\n"
                                 "    estado_nota: Lo informa el acta siguiente."),
    "sin_acuerdos_ni_autor": edit("redactada_por:\n  - persona: claudia-montero\n    firma: CMM",
                                  "redactada_por: []").replace(
        GOOD[GOOD.index("acuerdos:"):GOOD.index("redactada_por:")], "acuerdos: []\n"),
    "comparaciones_no_son_html": edit("  - Planificación 2019.", "  - 'Metas: 3 < 5 y 5 > 3; «<» sin etiqueta'"),
    "codigo_con_html_en_el_cuerpo": GOOD + "\nEl correo usa `<br>` y:\n\n```\n<ol><li>x</li></ol>\n```\n\n<https://www.cepal.org>\n",
}


@pytest.mark.parametrize("content", GOOD_CASES.values(), ids=GOOD_CASES.keys())
def test_good_actas_validate(project, content):
    root = project({"2019-01-23.md": content})
    archive = load_archive(root)
    assert [str(p) for p in archive.problems] == []
    assert [a.slug for a in archive.actas] == ["2019-01-23"]


def test_nfd_and_nfc_texts_are_read_alike(project):
    nfc = load_archive(project({"2019-01-23.md": GOOD})).actas[0]
    nfd = load_archive(project({"2019-01-23.md": unicodedata.normalize("NFD", GOOD)})).actas[0]
    assert nfd.title == nfc.title == "Reunión de prueba"
    assert nfd.tabla == nfc.tabla


# Every bad input, and BOM/CRLF and NFD texts, are in the corpus tests/entradas/ (tests/test_entradas.py).


def test_file_name_must_match_fecha(project):
    root = project({"2019-01-24.md": GOOD})
    assert [str(p) for p in load_archive(root).problems] == [
        "actas/2019-01-24.md:2: fecha: el nombre del archivo '2019-01-24.md' no coincide con la fecha 2019-01-23: "
        "renómbrelo a '2019-01-23.md' (o '2019-01-23-2.md' si es la segunda reunión del día)"
    ]


def test_second_meeting_of_a_day_needs_the_first(project):
    second = another_meeting("2019-01-23")
    assert load_archive(project({"2019-01-23.md": GOOD, "2019-01-23-2.md": second})).problems == ()
    problems = [str(p) for p in load_archive(project({"2019-01-23-2.md": second})).problems]
    assert problems == ["actas/2019-01-23-2.md:2: fecha: lleva sufijo pero no existe actas/2019-01-23.md: "
                        "la primera reunión del día va sin sufijo"]


def test_one_original_per_acta(project):
    later = GOOD.replace("fecha: 2019-01-23", "fecha: 2019-01-30")
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": GOOD, "2019-01-30.md": later})).problems]
    assert problems == ["actas/2019-01-30.md:34: fuente.archivo: el original 000_c3cf505589993715.txt "
                        "ya es la fuente de actas/2019-01-23.md"]


@pytest.mark.parametrize("reference,expected", [
    ("2019-01-23#2", None),
    ("2019-01-23#9",
     "actas/2019-02-01.md:24: acuerdos[1].seguimiento: el acta 2019-01-23 no tiene acuerdo N° 9 (tiene 2)"),
    ("2018-01-01#1", "actas/2019-02-01.md:24: acuerdos[1].seguimiento: no existe el acta actas/2018-01-01.md"),
])
def test_seguimiento_points_to_an_earlier_acuerdo(project, reference, expected):
    later = another_meeting("2019-02-01", f"\n    seguimiento: {reference}")
    archive = load_archive(project({"2019-01-23.md": GOOD, "2019-02-01.md": later}))
    assert [str(p) for p in archive.problems] == ([expected] if expected else [])


def test_seguimiento_cannot_point_forward(project):
    earlier = GOOD.replace("    plazo: a la brevedad", "    plazo: a la brevedad\n    seguimiento: 2019-02-01#1", 1)
    later = another_meeting("2019-02-01")
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": earlier, "2019-02-01.md": later})).problems]
    assert problems == ["actas/2019-01-23.md:24: acuerdos[1].seguimiento: "
                        "solo se puede dar seguimiento a un acuerdo de un acta anterior"]


def test_everything_wrong_acta_gets_every_message(project):
    """One acta with many mistakes: the validator lists them all, in line order, exactly."""
    content = (FIXTURES / "todo_mal.md").read_text(encoding="utf-8")
    expected = (FIXTURES / "todo_mal.esperado").read_text(encoding="utf-8").splitlines()
    root = project({"2019-01-24.md": content})
    result = validator(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert result.stderr.strip() == (f"{len(expected)} problema(s) en 1 archivo(s). "
                                     "Corrija cada línea indicada y vuelva a validar.")


def test_validator_with_paths_reports_only_those(project):
    root = project({"2019-01-23.md": GOOD, "2019-01-24.md": GOOD})
    assert validator(root, "actas/2019-01-23.md").returncode == 0
    result = validator(root, "actas/2019-01-24.md")
    assert result.returncode == 1
    assert result.stdout.startswith("actas/2019-01-24.md:2: fecha: el nombre del archivo")


def test_validator_checks_a_file_outside_actas(project, tmp_path):
    root = project({})
    draft = tmp_path / "borrador.md"
    draft.write_text(GOOD.replace("lugar: CEPAL", "lugar: CEPAL\nlugra: x"), encoding="utf-8")
    result = validator(root, str(draft))
    assert result.returncode == 1
    assert f"{draft}:7: lugra: clave desconocida; ¿quiso decir 'lugar'?" in result.stdout


def test_validator_reports_a_missing_path(project):
    result = validator(project({}), "actas/no-existe.md")
    assert result.returncode == 1
    assert result.stdout.strip() == "actas/no-existe.md:1: archivo: no existe; revise la ruta"


def test_a_narrative_too_deep_leaves_the_next_one_unharmed():
    """An endless list is refused before it is cleaned (the allowlist slows down with depth); the next one reads."""
    from archivo_actas.modelo.body import Fragment, check

    parts, problems = check("## D\n\n" + "- " * 2000 + "x\n", 40, "actas/a.md")
    assert parts == () and problems[0].message.startswith("el texto anida demasiadas")
    assert check("## D\n\nHola.\n", 40, "actas/b.md")[0][1] == Fragment("<p>Hola.</p>")


CROSS_CASES = {
    "sin_primera_reunion": {"2019-01-23-2.md": another_meeting("2019-01-23")},
    "original_repetido": {"2019-01-23.md": GOOD,
                          "2019-01-30.md": GOOD.replace("fecha: 2019-01-23", "fecha: 2019-01-30")},
    "seguimiento_inexistente": {"2019-01-23.md": GOOD,
                                "2019-02-01.md": another_meeting("2019-02-01", "\n    seguimiento: 2019-01-23#9")},
    "seguimiento_hacia_adelante": {
        "2019-01-23.md": edit("    plazo: a la brevedad", "    plazo: a la brevedad\n    seguimiento: 2019-02-01#1"),
        "2019-02-01.md": another_meeting("2019-02-01")},
    "todo_mal": {"2019-01-24.md": (FIXTURES / "todo_mal.md").read_text(encoding="utf-8"), "2019-01-23.md": GOOD},
}


@pytest.mark.parametrize("parallel", [False, True], ids=["un_proceso", "varios_procesos"])
@pytest.mark.parametrize("files", CROSS_CASES.values(), ids=CROSS_CASES.keys())
def test_the_validator_finds_what_the_build_reads(project, monkeypatch, files, parallel):
    """check_archive (scripts/validar_actas.py) gives exactly load_archive's problems, read by one or many processes."""
    if parallel:
        monkeypatch.setattr(archive_module, "PARALLEL_FROM", 1)
        monkeypatch.setattr(archive_module.os, "cpu_count", lambda: 2)
    root = project(files)
    checked, archive = check_archive(root), load_archive(root)
    assert checked.problems == archive.problems and checked.problems
    assert checked.valid == len(archive.actas)
