"""The live archive (actas/), checked by invariants only: it grows with every pull request, so nothing here counts.

It validates, builds with --strict, loses nothing, and every acta, attendance, acuerdo, person and institution
is where a reader looks for it: its page, every index, the open data, the feeds and search. This module is the
quick check (`bash scripts/probar.sh --rapido`) and runs inside the rehearsed contribution.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re

import pytest
from icalendar import Calendar

from archivo_actas.datos.export import FEED_ENTRIES
from archivo_actas.modelo.build import Build
from archivo_actas.sitio.integrity import lost
from conftest import archive_fixtures, live_archive

pytestmark = pytest.mark.vivo


archive, indexes = archive_fixtures(live_archive)


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def linked(html: str, folder: str) -> set[str]:
    """The ids of the pages under folder/ that a built page links to."""
    return set(re.findall(rf'href="(?:\.\./)*{folder}/([a-z0-9-]+)/"', html))


def test_the_archive_validates(archive):
    assert [str(p) for p in archive.problems] == []
    assert archive.actas


def test_the_build_loses_nothing(archive, indexes, live_site):
    assert lost(Build(archive, indexes, dt.date.today()), live_site) == []


def test_every_acta_has_its_page_and_is_in_every_index(archive, live_site):
    slugs = {a.slug for a in archive.actas}
    for acta in archive.actas:
        assert "data-pagefind-body" in page(live_site, f"actas/{acta.slug}")
    assert re.findall(r'href="(?:\.\./actas/)?(\d{4}-\d{2}-\d{2}(?:-\d+)?)/"', page(live_site, "actas")) == \
        [a.slug for a in sorted(archive.actas, key=lambda a: (a.date, a.slug), reverse=True)]
    assert linked(page(live_site, "cronologia"), "actas") == slugs


def test_every_person_and_institution_has_its_page_at_its_id(archive, indexes, live_site):
    assert linked(page(live_site, "personas"), "personas") == set(archive.registry.people)
    assert linked(page(live_site, "instituciones"), "instituciones") >= set(archive.registry.institutions)
    for id_, entry in indexes.people.items():
        assert entry.person.name in page(live_site, f"personas/{id_}")
        assert linked(page(live_site, f"personas/{id_}"), "actas") >= {a.acta.slug for a in entry.attendances}
    for id_, entry in indexes.institutions.items():
        assert entry.institution.name in page(live_site, f"instituciones/{id_}")


def test_previous_addresses_still_lead_to_the_page(archive, live_site):
    for folder, entries in (("personas", archive.registry.people), ("instituciones", archive.registry.institutions)):
        for id_, entry in entries.items():
            for old in entry.previous_ids:
                assert f'url=../../{folder}/{id_}/"' in page(live_site, f"{folder}/{old}")


def test_every_acuerdo_is_in_the_tracker_and_the_data(indexes, live_site):
    anchors = {e.anchor for e in indexes.acuerdos}
    assert set(re.findall(r'<tr id="(\d{4}-\d{2}-\d{2}(?:-\d+)?-\d+)"', page(live_site, "acuerdos"))) == anchors
    data = json.loads((live_site / "datos" / "acuerdos.json").read_text(encoding="utf-8"))["acuerdos"]
    assert {a["id"] for a in data} == anchors and len(data) == len(anchors)
    rows = list(csv.DictReader(io.StringIO((live_site / "datos" / "acuerdos.csv").read_text(encoding="utf-8-sig"))))
    assert {r["url"].rsplit("#", 1)[1] for r in rows} == anchors and len(rows) == len(anchors)


def test_open_data_has_every_acta_attendance_person_and_institution(archive, live_site):
    datos = live_site / "datos"
    actas = json.loads((datos / "actas.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in actas["events"]] == [a.slug for a in archive.actas]
    assert len(actas["memberships"]) == sum(len(a.attendees) for a in archive.actas)
    people = json.loads((datos / "personas.json").read_text(encoding="utf-8"))["persons"]
    assert sorted(p["id"] for p in people) == sorted(archive.registry.people)
    organizations = json.loads((datos / "instituciones.json").read_text(encoding="utf-8"))["organizations"]
    assert sorted(o["id"] for o in organizations) == sorted(archive.registry.institutions)


def test_feed_and_calendar_have_the_meetings(archive, live_site):
    feed = (live_site / "feed.xml").read_text(encoding="utf-8")
    newest = sorted(archive.actas, key=lambda a: (a.date, a.slug), reverse=True)[:FEED_ENTRIES]
    assert re.findall(r"<link href=\"[^\"]*actas/([^/\"]+)/\"", feed) == [a.slug for a in newest]
    calendar = Calendar.from_ical((live_site / "reuniones.ics").read_bytes())
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    assert {f"acta-{a.slug}@mesa-de-gobierno-abierto" for a in archive.actas} <= uids


def search_urls(site) -> set[str]:
    """Every URL in the Pagefind index, a page's and each of its sections' (a heading with an id), without the
    site's base path."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        page = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        for url in [page["url"], *(f"{page['url']}#{a['id']}" for a in page["anchors"] if a["element"][0] == "h")]:
            urls.add(re.sub(r"^.*?/(?=(?:actas|acuerdos|personas|instituciones)/)", "", url))
    return urls


def test_search_finds_every_acta_and_acuerdo(archive, live_site):
    """Every acta is a result, and each of its acuerdos a section of that result, at the acuerdo's anchor."""
    urls = search_urls(live_site)
    assert {f"actas/{a.slug}/" for a in archive.actas} <= urls
    assert {f"actas/{a.slug}/#acuerdo-{n.number}" for a in archive.actas for n in a.acuerdos} <= urls
