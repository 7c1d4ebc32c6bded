"""The validator on fixtures: good actas pass, each kind of mistake gets its Spanish message with line and field."""

from __future__ import annotations

import unicodedata
import pytest

from archivo_actas.archive import load_archive
from conftest import FIXTURES, GOOD, another_meeting, validator

NAME = "actas/2019-01-23.md"


def edit(old: str, new: str) -> str:
    """GOOD with one replacement, which must apply."""
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)



GOOD_CASES = {
    "buena": GOOD,
    "bom_y_crlf": "\ufeff" + GOOD.replace("\n", "\r\n"),
    "nombres_nfd": unicodedata.normalize("NFD", GOOD),
    "lugar_y_horas_no_constan": edit('inicio: "15:00"\ntermino: "17:00"\nlugar: CEPAL', "inicio: ~\ntermino: ~\nlugar: ~"),
    "responsable_y_plazo_no_constan": edit("    responsable:\n      - institucion: comision-integridad-publica-transparencia\n    plazo: a la brevedad",
                                           "    responsable: ~\n    plazo: ~"),
    "proxima_reunion_por_definir": edit("redactada_por:", "proxima_reunion:\n  fecha: por definir\nredactada_por:"),
    "proxima_reunion_con_fecha": edit("redactada_por:", "proxima_reunion:\n  fecha: 2019-03-01\n  nota: Se fija.\nredactada_por:"),
    "fecha_de_elaboracion": edit("titulo:", "fecha_certeza: elaboracion\nfecha_nota: Solo consta la fecha de elaboración.\ntitulo:"),
    "estado_con_evidencia": edit("    plazo: a la brevedad", "    plazo: a la brevedad\n    estado: cumplido\n    estado_nota: Lo informa el acta siguiente."),
    "sin_acuerdos_ni_autor": edit("redactada_por:\n  - persona: claudia-montero\n    firma: CMM", "redactada_por: []").replace(
        GOOD[GOOD.index("acuerdos:"):GOOD.index("redactada_por:")], "acuerdos: []\n"),
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


BAD_CASES = {
    "sin_encabezado": ("## Desarrollo\n", [f"{NAME}: falta el encabezado YAML: la primera línea del acta debe ser '---'"]),
    "encabezado_sin_cerrar": (GOOD.replace("\n---\n\n## Desarrollo", "\n\n## Desarrollo"), [f"{NAME}:1: el encabezado YAML no se cierra"]),
    "encabezado_vacio": ("---\n---\n\n## Desarrollo\n", [f"{NAME}: el encabezado YAML está vacío"]),
    "archivo_vacio": ("", [f"{NAME}: el archivo está vacío"]),
    "tabulador": (edit("tabla:\n  - Planificación", "tabla:\n\t- Planificación"), [f"{NAME}:18: error de sintaxis YAML: hay un tabulador"]),
    "comillas_sin_cerrar": (edit('inicio: "15:00"', 'inicio: "15:00'), [f"{NAME}:4: error de sintaxis YAML: comillas sin cerrar"]),
    "sangria": (edit("    - persona: galvarino-sazo", "   - persona: galvarino-sazo"), [f"{NAME}:12: error de sintaxis YAML: sangría incorrecta"]),
    "dos_puntos": (edit("titulo: Reunión de prueba", "titulo: Reunión: prueba"), [f"{NAME}:3: error de sintaxis YAML: ':' inesperado"]),
    "clave_repetida": (edit("lugar: CEPAL", "lugar: CEPAL\nlugar: Otra"), [f"{NAME}:7: lugar: clave repetida (ya aparece en la línea 6)"]),
    "clave_desconocida": (edit("fecha: 2019-01-23", "fecha: 2019-01-23\nfehca: 2019-01-23"), [f"{NAME}:3: fehca: clave desconocida; ¿quiso decir 'fecha'?"]),
    "falta_clave": (edit("titulo: Reunión de prueba\n", ""), [f"{NAME}:2: titulo: falta la clave obligatoria 'titulo'"]),
    "tipo_lista": (edit("tabla:\n  - Planificación 2019.", "tabla: Planificación 2019."), [f"{NAME}:17: tabla: se esperaba una lista"]),
    "tipo_texto": (edit("lugar: CEPAL", "lugar: [CEPAL, PNUD]"), [f"{NAME}:6: lugar: se esperaba un texto, no una lista"]),
    "tipo_mapa": (edit("  miembros:", "  miembros: todos\n  otros:"), [f"{NAME}:8: asistentes.miembros: se esperaba una lista"]),
    "fecha_imposible": (edit("fecha: 2019-01-23", "fecha: 2019-02-30"), [f"{NAME}:2: fecha: la fecha '2019-02-30' no existe en el calendario"]),
    "fecha_formato": (edit("fecha: 2019-01-23", "fecha: 23.01.2019"), [f"{NAME}:2: fecha: se esperaba una fecha AAAA-MM-DD, no '23.01.2019'"]),
    "hora_imposible": (edit('inicio: "15:00"', 'inicio: "25:00"'), [f"{NAME}:4: inicio: la hora '25:00' no existe"]),
    "hora_formato": (edit('inicio: "15:00"', "inicio: 15.00"), [f"{NAME}:4: inicio: se esperaba una hora HH:MM (p. ej. '15:00'), no '15.00'"]),
    "termino_antes_de_inicio": (edit('termino: "17:00"', 'termino: "14:30"'), [f"{NAME}:5: termino: la hora de término (14:30) debe ser posterior a la de inicio (15:00)"]),
    "vacio_no_admitido": (edit("titulo: Reunión de prueba", "titulo:"), [f"{NAME}:3: titulo: no puede quedar vacío"]),
    "persona_desconocida": (edit("    - persona: alejandra-naser", "    - persona: alejandra-nasser"),
                            [f"{NAME}:9: asistentes.miembros[1].persona: 'alejandra-nasser' no está en el registro; ¿quiso decir 'alejandra-naser'?"]),
    "persona_por_alias": (edit("    - persona: alejandra-naser", "    - persona: CMM"),
                          [f"{NAME}:9: asistentes.miembros[1].persona: 'CMM' no está en el registro; ¿quiso decir 'claudia-montero'?"]),
    "institucion_casi": (edit("      institucion: cepal", "      institucion: 'Cepal '"),
                         [f"{NAME}:11: asistentes.miembros[1].institucion: 'Cepal ' no está en el registro; ¿quiso decir 'cepal'?"]),
    "institucion_sin_parecido": (edit("      institucion: cepal", "      institucion: zzzz"),
                                 [f"{NAME}:11: asistentes.miembros[1].institucion: 'zzzz' no está en el registro; agréguelo al registro"]),
    "asistente_sin_nadie": (edit("    - institucion: sernac", "    - cargo: asesora"), [f"{NAME}:16: asistentes.sin_grupo[1]: indique 'persona', 'institucion' o ambas"]),
    "sin_asistentes": (edit(GOOD[GOOD.index("asistentes:"):GOOD.index("tabla:")], "asistentes: {}\n"), [f"{NAME}:2: asistentes: el acta debe registrar al menos un asistente"]),
    "plazo_invalido": (edit("    plazo: a la brevedad", "    plazo: pronto"), [f"{NAME}:23: acuerdos[1].plazo: se esperaba una fecha AAAA-MM-DD, 'a la brevedad', 'por definir' o 'hasta: AAAA-MM-DD', no 'pronto'"]),
    "plazo_imposible": (edit("      hasta: 2019-02-01", "      hasta: 2019-02-31"), [f"{NAME}:29: acuerdos[2].plazo.hasta: la fecha '2019-02-31' no existe en el calendario"]),
    "responsable_vacio": (edit("    responsable:\n      - institucion: comision-integridad-publica-transparencia\n", "    responsable: []\n"),
                          [f"{NAME}:21: acuerdos[1].responsable: debe tener al menos 1 elemento(s)"]),
    "estado_desconocido": (edit("    plazo: a la brevedad", "    plazo: a la brevedad\n    estado: cumplida\n    estado_nota: x"),
                           [f"{NAME}:24: acuerdos[1].estado: valor no admitido 'cumplida'; ¿quiso decir 'cumplido'?"]),
    "estado_sin_evidencia": (edit("    plazo: a la brevedad", "    plazo: a la brevedad\n    estado: cumplido"),
                             [f"{NAME}:20: acuerdos[1].estado_nota: el estado 'cumplido' requiere 'estado_nota'"]),
    "seguimiento_mal_escrito": (edit("    plazo: a la brevedad", "    plazo: a la brevedad\n    seguimiento: acuerdo 3"),
                                [f"{NAME}:24: acuerdos[1].seguimiento: se esperaba una referencia 'AAAA-MM-DD#N'"]),
    "fecha_incierta_sin_nota": (edit("titulo:", "fecha_certeza: elaboracion\ntitulo:"), [f"{NAME}:2: fecha_nota: si 'fecha_certeza' no es 'exacta', explique en 'fecha_nota'"]),
    "fuente_con_ruta": (edit("  archivo: 000_c3cf505589993715.txt", "  archivo: ../../etc/passwd"),
                        [f"{NAME}:34: fuente.archivo: se esperaba el nombre de un archivo de actas/originales/, sin carpetas ni '..'"]),
    "fuente_inexistente": (edit("  archivo: 000_c3cf505589993715.txt", "  archivo: 999_no_existe.txt"), [f"{NAME}:34: fuente.archivo: no existe actas/originales/999_no_existe.txt"]),
    "fuente_suma_distinta": (edit("  sha256: 013c48c9", "  sha256: 113c48c9"), [f"{NAME}:35: fuente.sha256: no coincide con el archivo (013c48c9"]),
    "html_en_el_cuerpo": (GOOD + "\n<ol><li>uno</li></ol>\n", [f"{NAME}:43: cuerpo: no se admite HTML en el acta"]),
    "script_en_el_cuerpo": (GOOD + "\n<script>alert(1)</script>\n", [f"{NAME}:43: cuerpo: no se admite HTML en el acta"]),
    "enlace_javascript": (GOOD + "\n[clic](javascript:alert(1))\n", [f"{NAME}:43: cuerpo: enlace no admitido"]),
    "enlace_data": (GOOD + "\n[x]: data:text/html;base64,PHNjcmlwdD4=\n", [f"{NAME}:43: cuerpo: enlace no admitido"]),
    "titulo_nivel_1": (GOOD + "\n# Otro título\n", [f"{NAME}:43: cuerpo: use '##' o niveles menores"]),
    "html_en_un_campo": (edit("titulo: Reunión de prueba", "titulo: Reunión <b>de</b> prueba"), [f"{NAME}:3: titulo: no se admite HTML"]),
    "javascript_en_un_campo": (edit("  - Planificación 2019.", "  - 'javascript:alert(1)'"), [f"{NAME}:18: tabla[1]: no se admiten direcciones 'javascript:'"]),
    "ancla_y_alias": (edit("lugar: CEPAL", "lugar: &l CEPAL\ntemas: [*l]"), [f"{NAME}:6: ancla de YAML '&l' no admitida", f"{NAME}:7: alias de YAML '*l' no admitido"]),
    "etiqueta_python": (edit("lugar: CEPAL", "lugar: !!python/object/apply:os.system [ls]"), [f"{NAME}:6: etiqueta de YAML '!!python/object/apply:os.system' no admitida"]),
    "latin1": (GOOD.encode("latin-1"), [f"{NAME}:3: el archivo no está en UTF-8 (byte 35: 0xf3)"]),
    "demasiado_grande": (GOOD + "x" * 1_000_001, [f"{NAME}: el archivo pesa "]),
}


@pytest.mark.parametrize("content,expected", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_bad_actas_get_their_message(project, content, expected):
    root = project({"2019-01-23.md": content})
    problems = [str(p) for p in load_archive(root).problems]
    assert len(problems) == len(expected), problems
    for line, prefix in zip(problems, expected, strict=True):
        assert line.startswith(prefix), (line, prefix)


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
    assert problems == ["actas/2019-01-23-2.md: fecha: lleva sufijo pero no existe actas/2019-01-23.md: la primera reunión del día va sin sufijo"]


def test_one_original_per_acta(project):
    later = GOOD.replace("fecha: 2019-01-23", "fecha: 2019-01-30")
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": GOOD, "2019-01-30.md": later})).problems]
    assert problems == ["actas/2019-01-30.md: fuente.archivo: el original 000_c3cf505589993715.txt ya es la fuente de actas/2019-01-23.md"]


@pytest.mark.parametrize("reference,expected", [
    ("2019-01-23#2", None),
    ("2019-01-23#9", "actas/2019-02-01.md: acuerdos[1].seguimiento: el acta 2019-01-23 no tiene acuerdo N° 9 (tiene 2)"),
    ("2018-01-01#1", "actas/2019-02-01.md: acuerdos[1].seguimiento: no existe el acta actas/2018-01-01.md"),
])
def test_seguimiento_points_to_an_earlier_acuerdo(project, reference, expected):
    later = another_meeting("2019-02-01", f"\n    seguimiento: {reference}")
    archive = load_archive(project({"2019-01-23.md": GOOD, "2019-02-01.md": later}))
    assert [str(p) for p in archive.problems] == ([expected] if expected else [])


def test_seguimiento_cannot_point_forward(project):
    earlier = GOOD.replace("    plazo: a la brevedad", "    plazo: a la brevedad\n    seguimiento: 2019-02-01#1", 1)
    later = another_meeting("2019-02-01")
    problems = [str(p) for p in load_archive(project({"2019-01-23.md": earlier, "2019-02-01.md": later})).problems]
    assert problems == ["actas/2019-01-23.md: acuerdos[1].seguimiento: solo se puede dar seguimiento a un acuerdo de un acta anterior"]


def test_everything_wrong_acta_gets_every_message(project):
    """One acta with many mistakes: the validator lists them all, in line order, exactly."""
    content = (FIXTURES / "todo_mal.md").read_text(encoding="utf-8")
    expected = (FIXTURES / "todo_mal.esperado").read_text(encoding="utf-8").splitlines()
    root = project({"2019-01-24.md": content})
    result = validator(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert result.stderr.strip() == f"{len(expected)} problema(s) en 1 archivo(s). Corrija cada línea indicada y vuelva a validar."


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
    assert result.stdout.strip() == "actas/no-existe.md: no existe"
