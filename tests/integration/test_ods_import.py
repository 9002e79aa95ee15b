"""The ODS import on the real etr files: every English trust with its region, nothing else."""

import csv
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from talent.extensions import db
from talent.orgs import services as org_services
from talent.orgs.models import Organisation, Region

ROOT = Path(__file__).resolve().parents[2]
ETR_2025 = ROOT / "tests" / "data" / "ods" / "etr-2025.csv"
ETR_2026 = ROOT / "data" / "ods" / "etr-2026.csv"
GRID = ROOT / "data" / "ods" / "trust-hq-postcodes-bng.csv"
TODAY = date(2026, 11, 22)


def english_rows(path: Path) -> dict[str, str]:
    """ODS code -> region code for the rows in an England region, read straight from the file."""
    with path.open(newline="") as handle:
        return {row[0]: row[2] for row in csv.reader(handle) if row[2] not in ("", "W00")}


def load(path: Path):
    rows = org_services.read_ods_file(path)
    return org_services.import_ods(rows, grid=org_services.read_grid_references(GRID), today=TODAY)


def loaded_regions() -> dict[str, str]:
    query = select(Organisation.ods_code, Region.code).join(Organisation.region)
    return dict(db.session.execute(query).all())


def test_the_command_shows_progress_reports_problems_and_fails_on_errors(app, db_session, tmp_path):
    bad = tmp_path / "etr.csv"
    bad.write_text('"RZZ9","SHORT"\n')
    result = CliRunner().invoke(app.cli, ["orgs", "import-ods", str(bad)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "row 1: row: has 2 fields" in result.output
    assert "0 added, 0 updated, 0 unchanged, 0 skipped, 1 with errors" in result.output
