"""The people finder on the people page: two people with the same name are told apart by post,
band and organisation, and nobody outside the searcher's scope is found."""

from talent.auth.models import Role
from tests.factories import create_account, create_organisation, create_person


def found_rows(page) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")][:4]
        for row in page.select("table[role=table] tbody tr")
    ]


def test_hr_finds_people_by_name_post_and_band_within_their_organisation(pages, db_session):
    trust = create_organisation(name="Leeds Teaching Hospitals NHS Trust")
    elsewhere = create_organisation(name="Leeds and York Partnership NHS Foundation Trust")
    create_person(organisation=trust, given_name="Amir", family_name="Khan", band="6", title="Physiotherapist")
    create_person(organisation=trust, given_name="Amir", family_name="Khan", band="8a", title="Matron")
    create_person(organisation=elsewhere, given_name="Amir", family_name="Khan", band="7", title="Psychologist")
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))

    both = found_rows(pages.get("people.list_people", q="amir khan"))
    assert sorted(both) == [
        ["Amir Khan", "Matron", "Band 8a", "Leeds Teaching Hospitals NHS Trust"],
        ["Amir Khan", "Physiotherapist", "Band 6", "Leeds Teaching Hospitals NHS Trust"],
    ]  # the psychologist in the other trust is outside HR's scope
    assert found_rows(pages.get("people.list_people", q="khan band 8a")) == [
        ["Amir Khan", "Matron", "Band 8a", "Leeds Teaching Hospitals NHS Trust"]
    ]
    assert found_rows(pages.get("people.list_people", q="physio")) == [
        ["Amir Khan", "Physiotherapist", "Band 6", "Leeds Teaching Hospitals NHS Trust"]
    ]


def test_the_finder_asks_the_same_number_of_queries_for_3_and_30_matches(pages, db_session, count_queries):
    trust = create_organisation()
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    counts = []
    for more in (3, 27):
        for _ in range(more):
            create_person(organisation=trust, title="Ward sister", band="7")
        with count_queries() as counter:
            page = pages.get("people.list_people", q="ward sister")
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert "Only the first 20 are shown" in page.get_text(" ", strip=True)
