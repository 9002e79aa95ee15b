"""Service-level tests (no test client); the page tests are in
tests/integration/test_edi.py.

Equality information: recorded by the person, with consent, readable by them alone, audited by
field name only, downloadable and deletable, and gone from statistics once deleted.
"""

from datetime import date

from sqlalchemy import select

from talent.edi import queries as edi_queries
from talent.edi import services as edi_services
from talent.extensions import db
from tests.factories import create_edi_profile, create_person
from tests.integration.test_edi import answers_form, events, stored  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_age_bands_worked_out_in_sql_match_a_birthday_count(db_session):
    today = date(2026, 11, 22)
    born = {
        "a day short of 25": date(2001, 11, 23),
        "25 today": date(2001, 11, 22),
        "64": date(1962, 1, 1),
        "65 today": date(1961, 11, 22),
        "leap day baby": date(2000, 2, 29),
    }
    people = {label: create_person() for label in born}
    for label, birthday in born.items():
        create_edi_profile(people[label], date_of_birth=birthday)
    withheld = create_person()
    create_edi_profile(withheld, date_of_birth_withheld=True)
    population = edi_queries.statistics_population(today).subquery()
    bands = dict(db.session.execute(select(population.c.person_id, population.c.age_band)).all())
    assert {label: bands[people[label].id] for label in born} == {
        "a day short of 25": "16 to 24",
        "25 today": "25 to 34",
        "64": "55 to 64",
        "65 today": "65 and over",
        "leap day baby": "25 to 34",
    }
    assert all(bands[people[label].id] == edi_services.age_band(born[label], today) for label in born)
    assert bands[withheld.id] == "prefer_not_to_say"
