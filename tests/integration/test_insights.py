"""The insights service on real data: counted in SQL, scoped by the policy, nothing under the
minimum shown, deleted or withdrawn answers gone from the next count."""

from datetime import date

from sqlalchemy import literal, select

from talent.auth.models import Role
from talent.auth.policy import ListScope
from talent.edi import queries as edi_queries
from talent.edi import services as edi_services
from talent.edi.models import EthnicGroup
from talent.extensions import db
from talent.insights import services as insight_services
from talent.insights.models import WorkforceCount
from talent.insights.queries import workforce_population
from talent.people import services as people_services
from talent.people.models import Band
from talent.people.queries import get_current_post
from tests.factories import create_account, create_edi_profile, create_organisation, create_person


def staff(trust, count: int, band: str, ethnicity: EthnicGroup) -> list:
    people = [create_person(organisation=trust, band=band) for _ in range(count)]
    for person in people:
        create_edi_profile(person, ethnicity=ethnicity)
    return people


def cells(page) -> dict[tuple[str, str], str]:
    table = page.select_one("main table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    result = {}
    for row in table.select("tbody tr"):
        label = row.select_one("th").get_text(strip=True)
        for header, cell in zip(headers, row.select("td"), strict=True):
            result[(label, header)] = cell.get_text(" ", strip=True)
    return result


def test_hr_sees_their_trust_with_small_numbers_withheld(pages, db_session):
    trust, elsewhere = create_organisation(), create_organisation()
    staff(trust, 30, "5", EthnicGroup.WHITE_BRITISH)
    staff(trust, 12, "5", EthnicGroup.ASIAN_INDIAN)
    staff(trust, 3, "8c", EthnicGroup.BLACK_AFRICAN)
    staff(trust, 20, "8c", EthnicGroup.WHITE_OTHER)
    staff(elsewhere, 40, "8c", EthnicGroup.BLACK_AFRICAN)
    hr = create_account(person=create_person(organisation=trust, band="7"), roles=[(Role.HR_ADMIN, trust)])
    pages.sign_in(hr)
    assert "Not counted yet" in pages.get("insights.workforce_profile").get_text(" ", strip=True)
    # The factories write rows directly, as the nightly count finds them.
    insight_services.recount_workforce()
    page = pages.get("insights.workforce_profile")
    assert "Counted at" in page.get_text(" ", strip=True)
    shown = cells(page)
    assert shown[("Bands 5 to 7", "White")] == "30"
    assert shown[("Bands 5 to 7", "Black and minority ethnic")] == "10"  # 12, rounded
    assert shown[("Bands 8c to 9 and VSM", "Black and minority ethnic")] == "* (withheld)"
    assert shown[("Bands 8c to 9 and VSM", "White")] == "20"
    assert shown[("All bands", "Total")] == "65"  # 63 in this trust (the HR admin is not stated), rounded
    published = [text for text in shown.values() if not text.startswith("*")]
    assert all(int(text.replace(",", "")) >= 10 and int(text.replace(",", "")) % 5 == 0 for text in published)
    # The three Black staff at 8c are not the only figure withheld in their row or column, so
    # the published totals cannot give them away.
    withheld = {key for key, text in shown.items() if text.startswith("*")}
    assert len({key for key in withheld if key[0] == "Bands 8c to 9 and VSM"}) >= 2
    assert len({key for key in withheld if key[1] == "Black and minority ethnic"}) >= 2


def test_deleted_and_withdrawn_answers_leave_the_next_count(app, db_session):
    trust = create_organisation()
    people = staff(trust, 11, "6", EthnicGroup.BLACK_CARIBBEAN)
    staff(trust, 20, "6", EthnicGroup.WHITE_BRITISH)

    def black_staff():
        table = insight_services.count_by(edi_queries.statistics_population(date.today()), column="ethnic_group")
        return table.cell("all", "black")

    assert black_staff().value == 10  # 11, rounded
    edi_services.delete_profile(people[0], actor=None)
    assert black_staff().value == 10  # exactly 10
    edi_services.withdraw_consent(people[1], actor=None)
    assert black_staff().suppressed  # 9


def seniority_by_ethnicity():
    """One trust's staff, 20 of 50 white staff and 10 of 40 BME staff at band 8c, as a
    population with their answers and whether they are senior."""
    trust = create_organisation()
    staff(trust, 20, "8c", EthnicGroup.WHITE_BRITISH)
    staff(trust, 30, "6", EthnicGroup.WHITE_BRITISH)
    staff(trust, 10, "8c", EthnicGroup.ASIAN_PAKISTANI)
    staff(trust, 30, "6", EthnicGroup.ASIAN_PAKISTANI)
    population = workforce_population(ListScope(organisation_ids=frozenset({trust.id})), date.today()).subquery()
    return select(
        population.c.wres_group,
        population.c.disability,
        population.c.sex,
        (population.c.band_group == literal("Bands 8c to 9 and VSM")).label("senior"),
    )


def test_relative_likelihood_is_counted_in_sql(app, db_session):
    senior = seniority_by_ethnicity()
    result = insight_services.compare(senior, group="wres_group", outcome="senior", reference="white", comparison="bme")
    # White staff: 20 of 50 senior (0.4); BME staff: 10 of 40 (0.25); 0.4 / 0.25 = 1.6.
    assert result.value == 1.6
    assert (result.comparison.numerator.value, result.comparison.denominator.value) == (10, 40)


def test_the_summary_follows_changes_to_answers_and_posts_without_waiting_for_the_night(pages, db_session):
    """The workforce profile reads its summary, which the services that change answers and
    posts recount for the organisations concerned as they write."""
    trust = create_organisation()
    people = staff(trust, 12, "6", EthnicGroup.BLACK_CARIBBEAN)
    staff(trust, 20, "6", EthnicGroup.WHITE_BRITISH)
    insight_services.recount_workforce()
    pages.sign_in(create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]))

    def bme_at_bands_5_to_7():
        return cells(pages.get("insights.workforce_profile"))[("Bands 5 to 7", "Black and minority ethnic")]

    assert bme_at_bands_5_to_7() == "10"  # 12, rounded
    edi_services.withdraw_consent(people[0], actor=None)
    edi_services.delete_profile(people[1], actor=None)
    assert bme_at_bands_5_to_7() == "10"  # exactly 10
    edi_services.withdraw_consent(people[2], actor=None)
    assert bme_at_bands_5_to_7() == "* (withheld)"  # 9
    moved = get_current_post(people[3].id, date.today())
    people_services.update_post(
        moved, expected_version=moved.version, title="Ward manager", band=Band.AFC_8A, end_date=None
    )
    counted = db.session.scalar(
        select(WorkforceCount.headcount).where(
            WorkforceCount.organisation_id == trust.id,
            WorkforceCount.characteristic == "wres_group",
            WorkforceCount.band_group == "Bands 8a and 8b",
            WorkforceCount.answer == "bme",
        )
    )
    assert counted == 1


def test_recounting_an_organisation_reads_its_posts_once_whatever_the_characteristics(db_session, count_queries):
    """A post change or an equality answer recounts the organisation in its request: one grouped
    read of its posts (and a delete and an insert), not one read per characteristic."""
    trust = create_organisation()
    staff(trust, 12, "6", EthnicGroup.BLACK_CARIBBEAN)
    staff(trust, 20, "6", EthnicGroup.WHITE_BRITISH)
    with count_queries() as counter:
        insight_services.recount_workforce([trust.id])
    assert counter.count <= 3
    counted = dict(
        db.session.execute(
            select(WorkforceCount.answer, WorkforceCount.headcount).where(
                WorkforceCount.organisation_id == trust.id, WorkforceCount.characteristic == "wres_group"
            )
        ).all()
    )
    assert counted == {"bme": 12, "white": 20}


def test_comparing_by_several_characteristics_reads_the_population_once(app, db_session, count_queries):
    """The challenged posts page compares England's pool members by ethnicity, disability and
    sex: one grouped read of the population for all three, each answer as compare() gives it."""
    senior = seniority_by_ethnicity()
    pairs = {"wres_group": ("white", "bme"), "disability": ("no", "yes"), "sex": ("male", "female")}
    with count_queries() as counter:
        results = insight_services.compare_each(senior, groups=pairs, outcome="senior")
    assert counter.count == 1
    assert results["wres_group"].value == 1.6
    for key, (reference, comparison) in pairs.items():
        assert results[key] == insight_services.compare(
            senior, group=key, outcome="senior", reference=reference, comparison=comparison
        )
