from datetime import UTC, date, datetime

import pytest

from talent.dates import nhs_date, nhs_datetime, parse_ods_date
from talent.orgs.names import display_name
from talent.people.models import Band


def test_dates_are_written_the_nhs_way():
    assert nhs_date(date(2026, 11, 22)) == "22 November 2026"
    assert nhs_date(date(2026, 3, 1)) == "1 March 2026"
    assert nhs_date(None) == ""


def test_times_are_shown_in_uk_time_with_am_and_pm():
    # 14:05 UTC in summer is 3:05pm in London.
    assert nhs_datetime(datetime(2026, 7, 1, 14, 5, tzinfo=UTC)) == "1 July 2026 at 3:05pm"
    assert nhs_datetime(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == "1 December 2026 at 12am"


def test_ods_dates_must_be_yyyymmdd():
    assert parse_ods_date("20241101") == date(2024, 11, 1)
    for bad in ("2024-11-01", "20241301", "2024110"):
        with pytest.raises(ValueError, match=bad):
            parse_ods_date(bad)


@pytest.mark.parametrize(
    ("ods", "shown"),
    [
        ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "Manchester University NHS Foundation Trust"),
        ("KING'S COLLEGE HOSPITAL NHS FOUNDATION TRUST", "King's College Hospital NHS Foundation Trust"),
        ("STOKE-ON-TRENT NHS TRUST", "Stoke-on-Trent NHS Trust"),
        ("THE ROYAL WOLVERHAMPTON NHS TRUST", "The Royal Wolverhampton NHS Trust"),
        ("GUY'S AND ST THOMAS' NHS FOUNDATION TRUST", "Guy's and St Thomas' NHS Foundation Trust"),
    ],
)
def test_ods_names_are_shown_in_normal_case(ods, shown):
    assert display_name(ods) == shown


def test_bands_parse_the_ways_esr_writes_them_and_rank_by_seniority():
    assert Band.parse("Band 8a") is Band.AFC_8A
    assert Band.parse("AfC 8C") is Band.AFC_8C
    assert Band.parse("VSM") is Band.VSM
    assert Band.AFC_8C.rank > Band.AFC_8B.rank > Band.AFC_7.rank
    with pytest.raises(ValueError, match="not a band"):
        Band.parse("10")
