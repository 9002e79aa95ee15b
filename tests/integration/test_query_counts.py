"""Pages issue the same number of SQL statements whatever the size of the data (no N+1)."""

from datetime import date

import pytest

from talent.auth.models import Role
from talent.edi.models import EthnicGroup
from tests.factories import create_account, create_edi_profile, create_organisation, create_person, get_region

PAGES = [
    ("home.show_home", {}),
    ("people.list_people", {}),
    ("orgs.list_organisations", {}),
    ("auth.list_accounts", {}),
    ("insights.workforce_profile", {}),
    ("insights.workforce_profile", {"characteristic": "age_band"}),
]


def grow(trust, manager, count: int) -> None:
    for _ in range(count):
        create_organisation(region_code="Y62", segment=4)
        colleague = create_person(organisation=trust, manager=manager)
        create_edi_profile(colleague, ethnicity=EthnicGroup.BLACK_AFRICAN, date_of_birth=date(1980, 5, 1))
        create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])


@pytest.mark.parametrize(("endpoint", "values"), PAGES)
def test_queries_do_not_grow_with_the_data(pages, db_session, count_queries, endpoint, values):
    trust = create_organisation(region_code="Y62", segment=2)
    region = get_region("Y62")
    me = create_person(organisation=trust, band="8a")
    roles = [(role, trust) for role in (Role.HR_ADMIN, Role.BOARD_SECRETARY)]
    roles += [(Role.TALENT_LEAD, region), (Role.SYSTEM_ADMIN, None), (Role.NED_TEAM, None)]
    roles += [(Role.PROGRAMME_ADMIN, None), (Role.NED_PANEL, None)]
    pages.sign_in(create_account(person=me, roles=roles))
    counts = []
    for extra in (2, 20):
        grow(trust, me, extra)
        with count_queries() as counter:
            pages.get(endpoint, **values)
        counts.append(counter.count)
    assert counts[0] > 0
    assert counts[0] == counts[1], f"{endpoint}: {counts[0]} queries with less data, {counts[1]} with more"


def test_the_demo_banner_flag_is_asked_once_per_process_not_on_every_page(
    app, pages, db_session, count_queries, monkeypatch
):
    from talent import templating

    # The app is shared by the whole session: the setting goes back afterwards.
    monkeypatch.setitem(app.config, "DEMO_FLAG_SECONDS", 3600)
    pages.sign_in(create_account(person=create_person()))
    templating._demo_flag.clear()  # as a fresh worker
    counts = []
    for _ in range(2):
        with count_queries() as counter:
            pages.get("home.show_home")
        counts.append(counter.count)
    assert counts[1] == counts[0] - 1
