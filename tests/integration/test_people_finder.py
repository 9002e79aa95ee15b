"""The people finder on the people page: two people with the same name are told apart by post,
band and organisation, and nobody outside the searcher's scope is found."""

from bs4 import BeautifulSoup

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


def test_the_people_list_pages_by_surname_and_counts_no_further_than_its_cap(pages, db_session, monkeypatch):
    trust = create_organisation()
    for number in range(55):
        create_person(organisation=trust, given_name="Ola", family_name=f"Person{number:02d}")
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))
    first = pages.get("people.list_people")
    assert "56 people, in surname order" in first.get_text(" ", strip=True)
    names = [row[0] for row in found_rows(first)]
    assert len(names) == 50
    assert names == sorted(names, key=lambda name: name.split()[-1])
    following = pages.client.get(first.find("a", string="Next people")["href"])
    second = found_rows(BeautifulSoup(following.get_data(as_text=True), "html.parser"))
    assert len(second) == 6
    assert not set(names) & {row[0] for row in second}
    assert "First page" in following.get_data(as_text=True)
    assert "Next people" not in following.get_data(as_text=True)
    monkeypatch.setattr("talent.people.views.PEOPLE_COUNT_CAP", 20)
    assert "More than 20 people" in pages.get("people.list_people").get_text(" ", strip=True)
    assert pages.client.get("/people?after=not-a-cursor").status_code == 400
    # A cursor is URL-safe and bounded before it is ever decoded.
    assert pages.client.get("/people?after=a.b").status_code == 400
    assert pages.client.get("/people?after=" + "a" * 401).status_code == 400
