"""Open data: every export parses, counts equal the archive's, actas.json reproduces each acta,
the schema agrees with the validator."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time

import feedparser
import jsonschema
import pytest
import yaml
from icalendar import Calendar
from test_entradas import CORPUS
from test_validacion import GOOD_CASES

from archivo_actas.datos.export import Exporter
from archivo_actas.datos.fields import CSV_HEADER, FIELDS, INTERVENTIONS_HEADER
from archivo_actas.modelo import yamlnodes
from archivo_actas.modelo.acta_file import ACTA, read_acta, split_front_matter
from archivo_actas.modelo.archive import ORIGINALS_DIR
from archivo_actas.modelo.build import Build
from archivo_actas.modelo.problems import ProblemList
from conftest import FIXED, ROOT, fixed_archive

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def archive():
    return fixed_archive()


@pytest.fixture(scope="module")
def exporter(archive):
    return Exporter(Build.of(archive, TODAY, "https://mesa.example.cl/actas/"))


@pytest.fixture(scope="module")
def files(exporter):
    return exporter.files()


def test_json_exports_parse_and_count(archive, files):
    actas = json.loads(files["datos/actas.json"])
    assert [e["id"] for e in actas["events"]] == [a.slug for a in archive.actas]
    attendances = sum(len(a.attendees) for a in archive.actas)
    assert len(actas["memberships"]) == attendances == 49
    assert len({m["id"] for m in actas["memberships"]}) == attendances
    acuerdos = json.loads(files["datos/acuerdos.json"])["acuerdos"]
    assert [a["id"] for a in acuerdos] == [f"{a.slug}-{n.number}" for a in archive.actas for n in a.acuerdos]
    assert len(acuerdos) == 20
    assert len(json.loads(files["datos/personas.json"])["persons"]) == len(archive.registry.people) == 20
    organizations = json.loads(files["datos/instituciones.json"])["organizations"]
    assert len(organizations) == len(archive.registry.institutions) == 22


def test_popolo_shapes(archive, files):
    actas = json.loads(files["datos/actas.json"])
    event = next(e for e in actas["events"] if e["id"] == "2019-01-23")
    assert (event["start_date"], event["end_date"], event["location"]) == ("2019-01-23T15:00:00-03:00",
                                                                           "2019-01-23T17:00:00-03:00", "CEPAL")
    sazo = next(m for m in actas["memberships"] if m["event_id"] == "2019-01-23" and m["person_id"] == "galvarino-sazo")
    assert sazo["on_behalf_of"] == "Subsecretario General de la Presidencia" and sazo["organization_id"] == "minsegpres"
    unnamed = [m for m in actas["memberships"] if m["event_id"] == "2016-01-27"]
    assert all(m["person_id"] is None for m in unnamed) and len(unnamed) == 19
    commission = next(o for o in json.loads(files["datos/instituciones.json"])["organizations"]
                      if o["id"] == "comision-integridad-publica-transparencia")
    assert [(n["name"], n["start_date"], n["end_date"]) for n in commission["other_names"][:3]] == [
        ("Comisión Defensora Ciudadana y Transparencia", "2016-01-27", "2016-01-27"),
        ("Comisión de Probidad y Transparencia", "2018-06-13", "2018-11-07"),
        ("Comisión de Integridad y Transparencia", "2019-01-23", "2019-01-23"),
    ]
    claudia = next(p for p in json.loads(files["datos/personas.json"])["persons"] if p["id"] == "claudia-montero")
    assert claudia["other_names"] == [{"name": "Claudia Montero"}, {"name": "CMM"}]


def test_csv_opens_with_the_documented_header(archive, files):
    rows = list(csv.reader(io.StringIO(files["datos/acuerdos.csv"].encode("utf-8").decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 21
    fourth = next(r for r in rows[1:] if r[0] == "2018-11-07" and r[1] == "4")
    assert fourth[2:] == ["Asistir a los servicios a completar la plantilla de compromisos",
                          "comision-integridad-publica-transparencia", "Comisión de Probidad y Transparencia",
                          "Hasta el 22 de noviembre de 2018", "2018-11-22", "sin_registro",
                          "https://mesa.example.cl/actas/acuerdos/#2018-11-07-4"]
    assert files["datos/acuerdos.csv"].startswith("\ufeff")


def test_actas_json_reproduces_each_front_matter(archive, files, tmp_path):
    """Each event's encabezado, written back as an acta with the same narrative, reads as the same acta."""
    events = {e["id"]: e for e in json.loads(files["datos/actas.json"])["events"]}
    for acta in archive.actas:
        text = (FIXED / acta.path).read_text(encoding="utf-8")
        original = yaml.safe_load(split_front_matter(text, ProblemList(acta.path))[0])
        as_text = json.loads(json.dumps(original, default=lambda v: v.isoformat()))
        assert events[acta.slug]["encabezado"] == as_text
        rebuilt = tmp_path / f"{acta.slug}.md"
        header = yaml.safe_dump(events[acta.slug]["encabezado"], allow_unicode=True, sort_keys=False)
        rebuilt.write_text("---\n" + header + "---\n\n" + acta.body, encoding="utf-8")
        again, problems, _sha = read_acta(rebuilt, acta.path, archive.registry, FIXED / ORIGINALS_DIR)
        assert problems == []
        assert again == acta


def test_feed_parses_with_the_latest_actas(archive, files):
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Actas de la Mesa de Gobierno Abierto"
    assert [e.link for e in feed.entries] == [f"https://mesa.example.cl/actas/actas/{a.slug}/"
                                              for a in reversed(archive.actas)]
    assert feed.entries[0].title == "Acta del 28 de marzo de 2022: Reunión Mesa de Gobierno Abierto"
    assert feed.entries[0].summary.startswith("Tabla: 1) Presentación oficial")
    assert feed.entries[0].updated_parsed[:3] == (2022, 3, 28)


def test_calendar_has_every_meeting_and_dated_plazo(archive, files):
    calendar = Calendar.from_ical(files["reuniones.ics"])
    events = calendar.walk("VEVENT")
    meetings = [e for e in events if str(e["uid"]).startswith("acta-")]
    announced = [e for e in events if str(e["uid"]).startswith("anunciada-")]
    plazos = [e for e in events if str(e["uid"]).startswith("acuerdo-")]
    assert len(meetings) == len(archive.actas) == 5
    assert [e.decoded("dtstart") for e in announced] == [dt.date(2018, 11, 19)]
    assert sorted(str(e["uid"]) for e in plazos) == [f"acuerdo-2018-11-07-{n}@mesa-de-gobierno-abierto"
                                                     for n in (1, 2, 3, 4)]
    january = next(e for e in meetings if str(e["uid"]) == "acta-2019-01-23@mesa-de-gobierno-abierto")
    start = january.decoded("dtstart")
    assert (start.isoformat(), str(start.tzinfo)) == ("2019-01-23T15:00:00-03:00", "America/Santiago")
    assert str(january["location"]) == "CEPAL"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "America/Santiago"


def test_json_ld_names_the_right_date(archive, exporter):
    data = json.loads(exporter.jsonld(archive.acta("2018-11-07")))
    assert (data["@type"], data["startDate"], data["location"]["name"]) == (
        "Event", "2018-11-07T15:00:00-03:00", "Edificio Bicentenario, Teatinos 92, piso 9")
    assert len(data["attendee"]) == 8
    uncertain = json.loads(exporter.jsonld(archive.acta("2016-01-27")))
    assert uncertain["attendee"][0] == {"@type": "Organization", "name": "Servicio Nacional del Consumidor (SERNAC)"}


def test_every_exported_field_is_documented(archive, files):
    documented = {section: {key for key, _meaning in fields} for section, fields in FIELDS.items()}
    actas = json.loads(files["datos/actas.json"])
    assert set(actas["events"][0]) == documented["actas.json → events[]"]
    assert set(actas["memberships"][0]) == documented["actas.json → memberships[]"]
    assert set(json.loads(files["datos/acuerdos.json"])["acuerdos"][0]) == documented["acuerdos.json → acuerdos[]"]
    assert set(CSV_HEADER) == documented["acuerdos.csv"]
    assert set(json.loads(files["datos/personas.json"])["persons"][0]) == documented["personas.json → persons[]"]
    organization = json.loads(files["datos/instituciones.json"])["organizations"][0]
    assert set(organization) == documented["instituciones.json → organizations[]"]
    said = json.loads(files["datos/intervenciones.json"])["intervenciones"][0]
    assert set(said) == documented["intervenciones.json → intervenciones[] e intervenciones.csv"]
    assert set(INTERVENTIONS_HEADER) == set(said)


# The JSON Schema and the validator: one is generated from the other's declarations; the fixtures prove they agree.
SCHEMA = ACTA.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def front_matter(text: str):
    parts = split_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n"), ProblemList("x"))
    return yamlnodes.plain(yamlnodes.load(parts[0], ProblemList("x")))


def test_published_schema_is_the_validators(files):
    published = json.loads(files["datos/esquema-acta.json"])
    assert published["properties"] == SCHEMA["properties"]
    jsonschema.Draft202012Validator.check_schema(published)


def corpus_acta(kind: str, name: str) -> str:
    return (CORPUS / kind / name / "actas" / "2019-01-23.md").read_text(encoding="utf-8-sig")


ODD_BUT_GOOD = ["bom_y_crlf", "nombres_nfd", "barras_y_saltos_en_acuerdos"]


LIVE_ACTAS = sorted((ROOT / "actas").glob("*.md"))


@pytest.mark.parametrize("content", list(GOOD_CASES.values()) + [corpus_acta("buenas", n) for n in ODD_BUT_GOOD]
                         + [p.read_text(encoding="utf-8") for p in LIVE_ACTAS],
                         ids=list(GOOD_CASES) + ODD_BUT_GOOD + [p.stem for p in LIVE_ACTAS])
def test_what_the_validator_accepts_the_schema_accepts(content):
    assert list(VALIDATOR.iter_errors(front_matter(content))) == []


# Mistakes of structure, which the schema expresses; registry, calendar-order and file checks are the validator's alone.
STRUCTURAL = ["clave_desconocida", "claves_obligatorias_faltantes", "tipos_equivocados_arriba",
              "tipos_equivocados_adentro", "fecha_imposible", "fecha_mes_13", "fecha_formato", "hora_imposible",
              "minuto_imposible", "hora_formato", "valor_vacio", "asistente_sin_nadie", "plazo_invalido",
              "plazo_imposible", "responsable_vacio", "estado_desconocido", "seguimiento_mal_escrito",
              "fuente_con_ruta", "fuente_absoluta", "html_en_cada_campo", "javascript_en_cada_campo",
              "data_en_cada_campo", "salto_de_linea_en_nombres"]


@pytest.mark.parametrize("name", STRUCTURAL)
def test_structural_mistakes_are_rejected_by_both(name):
    assert list(VALIDATOR.iter_errors(front_matter(corpus_acta("malas", name)))) != []


def test_built_site_links_feeds_and_embeds_json_ld(fixed_site, files):
    tmp_path = fixed_site
    for name in files:
        assert (tmp_path / name).is_file(), name
    for page in ("index.html", "actas/2019-01-23/index.html", "datos/index.html",
                 "personas/claudia-montero/index.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="[./]*feed.xml"', html), page
        assert re.search(r'<link rel="alternate" type="text/calendar" [^>]*href="[./]*reuniones.ics"', html), page
    acta = (tmp_path / "actas" / "2019-01-23" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', acta, re.S)[1])
    assert data["startDate"] == "2019-01-23T15:00:00-03:00"
    datos = (tmp_path / "datos" / "index.html").read_text(encoding="utf-8")
    for name in ("actas.json", "acuerdos.csv", "esquema-acta.json", "feed.xml", "reuniones.ics"):
        assert name in datos


def test_the_worker_writes_every_data_file(exporter, files, tmp_path):
    """The data files come from a process of their own while MkDocs writes the pages: the same bytes."""
    from archivo_actas.sitio.exports import ExportWorker

    worker = ExportWorker(exporter.build, tmp_path)
    # Started as soon as the archive is read, it writes only once MkDocs has emptied the site folder.
    time.sleep(1)
    assert list(tmp_path.iterdir()) == []
    worker.site_cleaned()
    worker.finish()
    written = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {path: content.encode("utf-8") for path, content in files.items()}


def test_a_failed_worker_stops_the_build(exporter, tmp_path, monkeypatch):
    from archivo_actas.sitio import exports

    def fails(files, site_dir):
        raise OSError("disco lleno")

    monkeypatch.setattr(exports, "_write", fails)
    with pytest.raises(RuntimeError, match=r"^la escritura de los datos abiertos falló \(código 1\)$"):
        exports.ExportWorker(exporter.build, tmp_path).finish()
