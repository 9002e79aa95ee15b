"""Service-level tests (no test client); the page tests are in
tests/integration/test_ods_import.py.

The ODS import on the real etr files: every English trust with its region, nothing else.
"""

from datetime import date

from sqlalchemy import func, select

from talent.extensions import db
from talent.orgs import services as org_services
from talent.orgs.models import Organisation, OrganisationType
from tests.integration.test_ods_import import ETR_2025, ETR_2026, GRID, ROOT, TODAY, english_rows, load, loaded_regions  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_2025_file_loads_every_english_trust_with_its_region_and_reports_wales(db_session):
    report = load(ETR_2025)
    assert report.inserted == 207
    assert report.errors == []
    assert [(problem.row, problem.field) for problem in report.skipped] == [
        (111, "national grouping"),
        (127, "national grouping"),
        (206, "national grouping"),
    ]
    assert loaded_regions() == english_rows(ETR_2025)


def test_2026_after_2025_updates_in_place_and_a_second_run_changes_nothing(db_session):
    load(ETR_2025)
    report = load(ETR_2026)
    assert report.errors == []
    assert len(report.skipped) == 3  # Welsh rows with an empty national grouping
    assert loaded_regions() == english_rows(ETR_2025) | english_rows(ETR_2026)
    again = load(ETR_2026)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, report.loaded)


def test_closed_trusts_are_kept_but_not_active(db_session):
    load(ETR_2026)
    nightingale = db.session.scalar(select(Organisation).where(Organisation.ods_code == "R0C"))
    assert nightingale.closed_on == date(2020, 3, 26)
    assert nightingale.is_active is False


def test_types_postcodes_and_grid_references_come_from_the_file(db_session):
    load(ETR_2025)
    manchester = db.session.scalar(select(Organisation).where(Organisation.ods_code == "R0A"))
    assert manchester.org_type is OrganisationType.FOUNDATION_TRUST
    assert manchester.display_name == "Manchester University NHS Foundation Trust"
    assert manchester.postcode == "M13 9WL"
    assert manchester.region.name == "North West"
    with_grid = db.session.scalar(select(func.count()).where(Organisation.easting.is_not(None)))
    assert with_grid > 150


def test_bad_rows_are_reported_by_row_and_field_and_good_rows_still_load(db_session):
    good = ["RZZ1", "GOOD TEST NHS TRUST", "Y56", "QMJ", "", "", "", "LONDON", "", "NW1 0PE", "20200101", ""]
    rows = [
        good,
        ["RZZ2", "SHORT ROW NHS TRUST", "Y56"],
        ["RZZ3", "OLD REGION NHS TRUST", "Y55", "Q77", "", "", "", "", "", "WR4 9RW", "20110701", ""],
        ["RZZ4", "BAD DATE NHS TRUST", "Y60", "Q77", "", "", "", "", "", "", "2011-07-01", ""],
        ["RZZ5", "BAD CLOSE NHS TRUST", "Y60", "Q77", "", "", "", "", "", "", "20110701", "20239999"],
        ["", "NO CODE NHS TRUST", "Y60", "Q77", "", "", "", "", "", "", "20110701", ""],
        ["RZZ1", "DUPLICATE NHS TRUST", "Y56", "QMJ", "", "", "", "", "", "", "20200101", ""],
        ["7A1", "WELSH HEALTH BOARD", "W00", "", "", "", "", "", "", "", "20090101", ""],
    ]
    report = org_services.import_ods(rows, today=TODAY, skip_bad_rows=True)
    assert [(p.row, p.field) for p in report.errors] == [
        (2, "row"),
        (3, "national grouping"),
        (4, "open date"),
        (5, "close date"),
        (6, "organisation code"),
        (7, "organisation code"),
    ]
    assert "Y55" in report.errors[1].reason
    assert [(p.row, p.field) for p in report.skipped] == [(8, "national grouping")]
    assert db.session.scalar(select(Organisation.name).where(Organisation.ods_code == "RZZ1")) == "GOOD TEST NHS TRUST"
    assert report.inserted == 1
