"""The registry: aliases, name history, and the problems it reports."""

from __future__ import annotations

import datetime as dt

import pytest

from archivo_actas.modelo.registry import load_registry
from conftest import FIXED, ROOT


@pytest.fixture(scope="module")
def registry():
    """The frozen registry: the names below are facts about it."""
    registry, problems = load_registry(FIXED / "actas" / "registro", "actas/registro")
    assert problems == []
    return registry


@pytest.mark.vivo
def test_real_registry_is_clean():
    _registry_, problems = load_registry(ROOT / "actas" / "registro", "actas/registro")
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("written,expected", [
    ("Claudia Montero", "claudia-montero"),
    ("Claudia Montero Meza", "claudia-montero"),
    ("CMM", "claudia-montero"),
    ("FSL", "francisco-sanchez-lay"),
    ("Alvaro Ramirez", "alvaro-ramirez-alujas"),
    ("Valeria Lubbert", "valeria-lubbert"),
])
def test_people_found_by_alias_without_accents(registry, written, expected):
    assert registry.suggest("persona", written) == expected


@pytest.mark.parametrize("written,expected", [
    ("Cepal ", "cepal"),
    ("PNUD", "pnud"),
    ("Programa de las Naciones Unidad para el Desarrollo", "pnud"),
    ("Comision de Probidad y Transparencia", "comision-integridad-publica-transparencia"),
    ("CDCyT", "comision-integridad-publica-transparencia"),
    ("DOS-MSGG", "division-organizaciones-sociales"),
    ("LabGob", "laboratorio-de-gobierno"),
    ("Segpres", "minsegpres"),
])
def test_institutions_found_by_name_sigla_or_old_name(registry, written, expected):
    assert registry.suggest("institucion", written) == expected


@pytest.mark.parametrize("when,name", [
    ("2016-01-27", "Comisión Defensora Ciudadana y Transparencia"),
    ("2017-06-01", "Comisión Defensora Ciudadana y Transparencia"),
    ("2018-06-13", "Comisión de Probidad y Transparencia"),
    ("2019-01-23", "Comisión de Integridad y Transparencia"),
    ("2020-05-05", "Comisión de Integridad y Transparencia"),
    ("2022-03-28", "Comisión de Integridad Pública y Transparencia"),
    ("2010-01-01", "Comisión Defensora Ciudadana y Transparencia"),
])
def test_commission_name_on_a_date(registry, when, name):
    commission = registry.institutions["comision-integridad-publica-transparencia"]
    assert commission.name_at(dt.date.fromisoformat(when)).name == name


def _registry(tmp_path, people: str, institutions: str):
    (tmp_path / "personas.yml").write_text(people, encoding="utf-8")
    (tmp_path / "instituciones.yml").write_text(institutions, encoding="utf-8")
    return load_registry(tmp_path, "actas/registro")


INSTITUTION = ("- id: cepal\n  nombre: Comisión Económica para América Latina y el Caribe\n"
               "  sigla: CEPAL\n  sector: organismo_internacional\n")


@pytest.mark.parametrize("people,institutions,expected", [
    ("- id: ana\n  nombre: Ana Pérez\n- id: ana\n  nombre: Ana Soto\n", INSTITUTION,
     ["actas/registro/personas.yml:3: id: identificador repetido 'ana' (ya usado en la línea 1)"]),
    ("- id: ana\n  nombre: Ana Pérez\n  alias: [AP]\n- id: alberto\n  nombre: Alberto Paz\n  alias: [ap]\n",
     INSTITUTION,
     ["actas/registro/personas.yml:4: alias: el nombre o alias 'ap' ya pertenece a 'ana' (línea 1); "
      "un alias debe identificar a una sola entrada "
      "(si es otra persona con el mismo nombre, agregue 'homonimo_de: ana')"]),
    ("- id: ana\n  nombre: Ana Pérez\n- id: ana-2\n  nombre: Ana Perez\n  homonimo_de: ana\n", INSTITUTION, []),
    ("- id: ana\n  nombre: Ana Pérez\n- id: ana-2\n  nombre: Ana Perez\n  homonimo_de: anita\n", INSTITUTION,
     ["actas/registro/personas.yml:3: alias: el nombre o alias 'ana perez' ya pertenece a 'ana' (línea 1); "
      "un alias debe identificar a una sola entrada "
      "(si es otra persona con el mismo nombre, agregue 'homonimo_de: ana')",
      "actas/registro/personas.yml:3: homonimo_de: 'anita' no es otra persona del registro"]),
    ("- id: ana\n  nombre: Ana Pérez\n  direcciones_anteriores: [ana-perez]\n"
     "- id: ana-perez\n  nombre: Ana Pérez Soto\n", INSTITUTION,
     ["actas/registro/personas.yml:4: id: 'ana-perez' es una dirección anterior de 'ana' (línea 1), "
      "que sigue llevando a su página; elija otro, p. ej. 'ana-perez-2'"]),
    ("- id: ana\n  nombre: Ana Pérez\n  direcciones_anteriores: [ap]\n"
     "- id: alberto\n  nombre: Alberto Paz\n  direcciones_anteriores: [ap, ana]\n",
     INSTITUTION,
     ["actas/registro/personas.yml:1: id: 'ana' es una dirección anterior de 'alberto' (línea 4), "
      "que sigue llevando a su página; elija otro, p. ej. 'ana-2'",
      "actas/registro/personas.yml:4: direcciones_anteriores: 'ap' ya es una dirección anterior de 'ana' (línea 1): "
      "una dirección publicada no cambia de dueño"]),
    ("- id: index\n  nombre: Ana\n", INSTITUTION,
     ["actas/registro/personas.yml:1: id: 'index' está reservado para la página índice; elija otro identificador"]),
    ("- id: Ana Pérez\n  nombre: Ana Pérez\n", INSTITUTION,
     ["actas/registro/personas.yml:1: [1].id: se esperaba un identificador "
      "(minúsculas sin tildes, números y guiones, p. ej. 'claudia-montero'), no 'Ana Pérez'"]),
    ("- id: ana\n  nombre: Ana\n  apodo: x\n", INSTITUTION,
     ["actas/registro/personas.yml:3: [1].apodo: clave desconocida; admitidas: id, nombre, alias, nota, "
      "direcciones_anteriores, homonimo_de"]),
    ("id: ana\n", INSTITUTION,
     ["actas/registro/personas.yml:1: registro: el registro debe ser una lista de entradas, "
      "cada una empezando con '- id: …'"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION + "  depende_de: onu\n",
     ["actas/registro/instituciones.yml:1: depende_de: 'onu' no está en el registro de instituciones"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION.replace("organismo_internacional", "internacional"),
     ["actas/registro/instituciones.yml:4: [1].sector: valor no admitido 'internacional'; "
      "¿quiso decir 'organismo_internacional'? "
      "(admitidos: gobierno, organismo_autonomo, sociedad_civil, academia, organismo_internacional)"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION + "  nombres:\n    - nombre: CEPAL antigua\n      desde: 1990-01-01\n",
     ["actas/registro/instituciones.yml:1: [1].nombres: el último nombre de la historia ('CEPAL antigua') "
      "debe ser el nombre actual ('Comisión Económica para América Latina y el Caribe')"]),
    ("- id: ana\n  nombre: Ana\n",
     INSTITUTION + "  nombres:\n    - nombre: B\n      desde: 2000-01-01\n"
     "    - nombre: Comisión Económica para América Latina y el Caribe\n      desde: 1990-01-01\n",
     ["actas/registro/instituciones.yml:1: [1].nombres: los nombres deben ir del más antiguo al más reciente"]),
])
def test_registry_problems(tmp_path, people, institutions, expected):
    _registry_, problems = _registry(tmp_path, people, institutions)
    assert [str(p) for p in problems] == expected


def test_a_newcomer_never_gets_a_published_address(registry):
    assert registry.free_id("persona", "claudia-montero-meza") == "claudia-montero-meza-2"
    assert registry.free_id("persona", "claudia-montero") == "claudia-montero-2"
    assert registry.free_id("persona", "rocio-fernandez") == "rocio-fernandez"
    assert registry.free_id("institucion", "index") == "index-2"


def test_a_name_two_homonyms_share_resolves_to_neither(tmp_path):
    registry, problems = _registry(tmp_path, "- id: ana\n  nombre: Ana Pérez\n"
                                   "- id: ana-2\n  nombre: Ana Pérez\n  homonimo_de: ana\n"
                                   "- id: luis\n  nombre: Luis Soto\n", INSTITUTION)
    assert problems == []
    assert registry.suggest("persona", "Ana Pérez") is None
    assert registry.suggest("persona", "Luis Soto") == "luis"
