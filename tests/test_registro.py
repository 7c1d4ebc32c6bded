"""The registry: aliases, name history, and the problems it reports."""

from __future__ import annotations

import datetime as dt

import pytest

from archivo_actas.registry import load_registry
from conftest import ROOT

REGISTRY, PROBLEMS = load_registry(ROOT / "actas" / "registro", "actas/registro")


def test_real_registry_is_clean():
    assert [str(p) for p in PROBLEMS] == []


@pytest.mark.parametrize("written,expected", [
    ("Claudia Montero", "claudia-montero"),
    ("Claudia Montero Meza", "claudia-montero"),
    ("CMM", "claudia-montero"),
    ("FSL", "francisco-sanchez-lay"),
    ("Alvaro Ramirez", "alvaro-ramirez-alujas"),
    ("Valeria Lubbert", "valeria-lubbert"),
])
def test_people_found_by_alias_without_accents(written, expected):
    assert REGISTRY.suggest("persona", written) == expected


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
def test_institutions_found_by_name_sigla_or_old_name(written, expected):
    assert REGISTRY.suggest("institucion", written) == expected


@pytest.mark.parametrize("when,name", [
    ("2016-01-27", "Comisión Defensora Ciudadana y Transparencia"),
    ("2017-06-01", "Comisión Defensora Ciudadana y Transparencia"),
    ("2018-06-13", "Comisión de Probidad y Transparencia"),
    ("2019-01-23", "Comisión de Integridad y Transparencia"),
    ("2020-05-05", "Comisión de Integridad y Transparencia"),
    ("2022-03-28", "Comisión de Integridad Pública y Transparencia"),
    ("2010-01-01", "Comisión Defensora Ciudadana y Transparencia"),
])
def test_commission_name_on_a_date(when, name):
    commission = REGISTRY.institutions["comision-integridad-publica-transparencia"]
    assert commission.name_at(dt.date.fromisoformat(when)).name == name


def _registry(tmp_path, people: str, institutions: str):
    (tmp_path / "personas.yml").write_text(people, encoding="utf-8")
    (tmp_path / "instituciones.yml").write_text(institutions, encoding="utf-8")
    return load_registry(tmp_path, "actas/registro")


INSTITUTION = "- id: cepal\n  nombre: Comisión Económica para América Latina y el Caribe\n  sigla: CEPAL\n  sector: organismo_internacional\n"


@pytest.mark.parametrize("people,institutions,expected", [
    ("- id: ana\n  nombre: Ana Pérez\n- id: ana\n  nombre: Ana Soto\n", INSTITUTION,
     ["actas/registro/personas.yml:3: id: identificador repetido 'ana' (ya usado en la línea 1)"]),
    ("- id: ana\n  nombre: Ana Pérez\n  alias: [AP]\n- id: alberto\n  nombre: Alberto Paz\n  alias: [ap]\n", INSTITUTION,
     ["actas/registro/personas.yml:4: alias: el nombre o alias 'ap' ya pertenece a 'ana' (línea 1); un alias debe identificar a una sola entrada"]),
    ("- id: Ana Pérez\n  nombre: Ana Pérez\n", INSTITUTION,
     ["actas/registro/personas.yml:1: [1].id: se esperaba un identificador (minúsculas sin tildes, números y guiones, p. ej. 'claudia-montero'), no 'Ana Pérez'"]),
    ("- id: ana\n  nombre: Ana\n  apodo: x\n", INSTITUTION,
     ["actas/registro/personas.yml:3: [1].apodo: clave desconocida; admitidas: id, nombre, alias, nota"]),
    ("id: ana\n", INSTITUTION,
     ["actas/registro/personas.yml:1: registro: el registro debe ser una lista de entradas, cada una empezando con '- id: …'"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION + "  depende_de: onu\n",
     ["actas/registro/instituciones.yml:1: depende_de: 'onu' no está en el registro de instituciones"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION.replace("organismo_internacional", "internacional"),
     ["actas/registro/instituciones.yml:4: [1].sector: valor no admitido 'internacional'; ¿quiso decir 'organismo_internacional'? "
      "(admitidos: gobierno, organismo_autonomo, sociedad_civil, academia, organismo_internacional)"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION + "  nombres:\n    - nombre: CEPAL antigua\n      desde: 1990-01-01\n",
     ["actas/registro/instituciones.yml:1: [1].nombres: el último nombre de la historia ('CEPAL antigua') debe ser el nombre actual "
      "('Comisión Económica para América Latina y el Caribe')"]),
    ("- id: ana\n  nombre: Ana\n", INSTITUTION + "  nombres:\n    - nombre: B\n      desde: 2000-01-01\n    - nombre: Comisión Económica para América Latina y el Caribe\n      desde: 1990-01-01\n",
     ["actas/registro/instituciones.yml:1: [1].nombres: los nombres deben ir del más antiguo al más reciente"]),
])
def test_registry_problems(tmp_path, people, institutions, expected):
    _registry_, problems = _registry(tmp_path, people, institutions)
    assert [str(p) for p in problems] == expected
