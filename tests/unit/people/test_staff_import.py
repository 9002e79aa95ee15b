"""Service-level tests (no test client); the page tests are in
tests/integration/test_staff_import.py.

The ESR-style staff import: people, posts and managers, with a per-row error report.
"""

from sqlalchemy import select

from talent.extensions import db
from talent.people import services as people_services
from talent.people.models import Band, Person, Post
from talent.people.queries import get_current_post
from tests.factories import create_organisation
from tests.integration.test_staff_import import HEADER, TODAY, run, staff_csv  # noqa: F401 (fixtures and helpers shared with the page tests)


def test_people_posts_and_reporting_lines_load_and_a_second_run_changes_nothing(db_session):
    trust = create_organisation(ods_code="RZA")
    text = staff_csv(
        "RZA",
        # The nurse comes before their manager: managers are linked after everyone is loaded.
        "1001,Amara,Okafor,amara.okafor@nhs.net,{org},Staff nurse,5,1002",
        "1002,Grace,Hall,grace.hall@nhs.net,{org},Ward manager,Band 7,",
    )
    report = run(text)
    assert (report.inserted, report.updated, report.unchanged, report.errors) == (2, 0, 0, [])
    nurse = db.session.scalar(select(Person).where(Person.employee_number == "1001"))
    post = get_current_post(nurse.id, TODAY)
    assert (post.title, post.band, post.organisation_id) == ("Staff nurse", Band.AFC_5, trust.id)
    assert post.reports_to.holder.given_name == "Grace"
    again = run(text)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)


def test_a_changed_row_updates_the_person_and_their_post_in_place(db_session):
    create_organisation(ods_code="RZB")
    run(staff_csv("RZB", "2001,Ravi,Shah,ravi.shah@nhs.net,{org},Physiotherapist,6,"))
    report = run(staff_csv("RZB", "2001,Ravi,Shah,ravi.shah@nhs.net,{org},Senior physiotherapist,7,"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 0)
    posts = db.session.scalars(select(Post).join(Post.holder).where(Person.employee_number == "2001")).all()
    assert [(p.title, p.band) for p in posts] == [("Senior physiotherapist", Band.AFC_7)]


def test_bad_rows_are_reported_with_row_field_and_reason_and_good_rows_still_load(db_session):
    create_organisation(ods_code="RZC")
    report = run(
        staff_csv(
            "RZC",
            "3001,Mei,Chen,mei.chen@nhs.net,{org},Radiographer,6,",
            "3002,No,Band,no.band@nhs.net,{org},Porter,11,",
            "3003,Bad,Email,not-an-email,{org},Porter,2,",
            "3004,Unknown,Trust,u.t@nhs.net,XXX,Porter,2,",
            "3001,Twice,Listed,twice@nhs.net,{org},Porter,2,",
            "3006,Own,Manager,own@nhs.net,{org},Porter,2,3006",
            "3007,Ghost,Manager,ghost@nhs.net,{org},Porter,2,9999",
            "3008,Short,Row",
            "3009,,Blank,blank@nhs.net,{org},Porter,2,",
        ),
        skip_bad_rows=True,
    )
    assert [(p.row, p.field) for p in report.errors] == [
        (3, "band"),
        (4, "email"),
        (5, "organisation_code"),
        (6, "employee_number"),
        (7, "manager_employee_number"),
        (8, "manager_employee_number"),
        (9, "row"),
        (10, "given_name"),
    ]
    assert "'9999' is not a known employee" in report.errors[5].reason
    assert report.inserted == 1
    loaded = db.session.scalars(select(Person.employee_number).where(Person.employee_number.like("300%"))).all()
    assert loaded == ["3001"]


def test_an_email_that_belongs_to_someone_else_is_refused(db_session):
    create_organisation(ods_code="RZD")
    run(staff_csv("RZD", "4001,Joy,Mensah,joy.mensah@nhs.net,{org},Midwife,6,"))
    report = run(staff_csv("RZD", "4002,Joy,Mensah,joy.mensah@nhs.net,{org},Midwife,6,"))
    assert [(p.row, p.field, p.reason) for p in report.errors] == [
        (2, "email", "'joy.mensah@nhs.net' already belongs to another person")
    ]


def test_a_missing_column_is_reported_and_nothing_loads(db_session):
    report = people_services.import_staff(["employee_number", "email"], [["1", "a@nhs.net"]], today=TODAY)
    assert [(p.row, p.field) for p in report.errors] == [(1, "header")]
    assert "given_name" in report.errors[0].reason


def test_a_directorate_column_sets_it_and_a_file_without_one_leaves_it(db_session):
    create_organisation(ods_code="RZD")
    with_directorate = HEADER + ",directorate\n" + "4001,Ola,Ade,ola.ade@nhs.net,RZD,Theatre nurse,5,,Surgery"
    assert run(with_directorate).inserted == 1
    post = db.session.scalar(select(Post).join(Post.holder).where(Person.employee_number == "4001"))
    assert post.directorate == "Surgery"
    report = run(staff_csv("RZD", "4001,Ola,Ade,ola.ade@nhs.net,{org},Theatre nurse,5,"))
    assert report.unchanged == 1
    assert post.directorate == "Surgery"
    moved = HEADER + ",directorate\n" + "4001,Ola,Ade,ola.ade@nhs.net,RZD,Theatre nurse,5,,Theatres and anaesthetics"
    assert run(moved).updated == 1
    db.session.refresh(post)
    assert post.directorate == "Theatres and anaesthetics"
    too_long = HEADER + ",directorate\n" + f"4002,Kit,Lee,kit.lee@nhs.net,RZD,Nurse,5,,{'x' * 121}"
    assert [(e.field, e.reason) for e in run(too_long).errors] == [("directorate", "is longer than 120 characters")]


def test_a_file_loads_in_batches_smaller_than_it_with_managers_in_later_batches(app, db_session):
    """Rows are staged and merged a batch at a time; reporting lines still reach managers whose
    rows come batches later, and a second run finds nothing to change."""
    create_organisation(ods_code="RZF")
    configured, app.config["IMPORT_BATCH_SIZE"] = app.config["IMPORT_BATCH_SIZE"], 2
    try:
        rows = [f"{6000 + n},Staff,Member{n},member{n}@nhs.net,{{org}},Healthcare assistant,3,6007" for n in range(7)]
        text = staff_csv("RZF", *rows, "6007,Lead,Nurse,lead.nurse@nhs.net,{org},Ward manager,7,")
        report = run(text)
        assert (report.inserted, report.updated, report.unchanged, report.errors) == (8, 0, 0, [])
        lead = db.session.scalar(select(Person).where(Person.employee_number == "6007"))
        posts = db.session.scalars(
            select(Post).join(Person, Post.person_id == Person.id).where(Person.employee_number.like("600%"))
        ).all()
        lead_post = get_current_post(lead.id, TODAY)
        managers = {post.reports_to_post_id for post in posts if post.id != lead_post.id}
        assert managers == {lead_post.id}
        again = run(text)
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, 8)
    finally:
        app.config["IMPORT_BATCH_SIZE"] = configured


def test_an_imported_change_moves_the_version_on_so_an_open_hr_form_is_told(db_session):
    create_organisation(ods_code="RZG")
    run(staff_csv("RZG", "7001,Ola,Ade,ola.ade@nhs.net,{org},Porter,2,"))
    person = db.session.scalar(select(Person).where(Person.employee_number == "7001"))
    post = get_current_post(person.id, TODAY)
    versions = (person.version, post.version)
    report = run(staff_csv("RZG", "7001,Ola,Adeyemi,ola.ade@nhs.net,{org},Senior porter,3,"))
    assert report.updated == 1
    db.session.refresh(person)
    db.session.refresh(post)
    assert (person.family_name, post.title, post.band) == ("Adeyemi", "Senior porter", Band.AFC_3)
    assert (person.version, post.version) == (versions[0] + 1, versions[1] + 1)


def test_reporting_lines_prefer_the_managers_post_in_the_same_organisation_whatever_the_file_order(db_session):
    """Staff report to their manager's current post in their own organisation, else to the
    manager's latest current post; a chain listed bottom first still links every level, and an
    existing person's new manager moves their post's version on."""
    for code in ("RZH", "RZI", "RZJ"):
        create_organisation(ods_code=code)
    row = "{number},Given,Name{number},person{number}@nhs.net,{org},{title},{band},{manager}".format
    run(
        "\n".join(
            [
                HEADER,
                row(number=8001, org="RZI", title="Director", band="9", manager=""),
                row(number=8020, org="RZI", title="Nurse", band="5", manager="8001"),
            ]
        )
    )
    nurse = db.session.scalar(select(Person).where(Person.employee_number == "8020"))
    version = get_current_post(nurse.id, TODAY).version
    second = "\n".join(
        [
            HEADER,
            row(number=8010, org="RZH", title="Healthcare assistant", band="3", manager="8011"),
            row(number=8011, org="RZH", title="Nurse", band="5", manager="8012"),
            row(number=8012, org="RZH", title="Ward manager", band="7", manager="8003"),
            row(number=8002, org="RZI", title="Analyst", band="6", manager="8001"),
            row(number=8003, org="RZH", title="Deputy director", band="7", manager="8001"),
            row(number=8001, org="RZH", title="Director", band="9", manager=""),
            row(number=8004, org="RZJ", title="Manager", band="7", manager="8001"),
            row(number=8020, org="RZI", title="Nurse", band="5", manager="8003"),
        ]
    )
    report = run(second)
    assert (report.inserted, report.updated, report.unchanged, report.errors) == (6, 2, 0, [])

    def post_of(number: str, code: str) -> Post:
        return db.session.scalar(
            select(Post)
            .join(Person, Person.id == Post.person_id)
            .where(Person.employee_number == number, Post.organisation.has(ods_code=code))
        )

    director_rzi, director_rzh = post_of("8001", "RZI"), post_of("8001", "RZH")
    assert post_of("8002", "RZI").reports_to_post_id == director_rzi.id
    assert post_of("8003", "RZH").reports_to_post_id == director_rzh.id
    # No post of the director's in RZJ: their latest current post.
    assert post_of("8004", "RZJ").reports_to_post_id == director_rzh.id
    assert post_of("8012", "RZH").reports_to_post_id == post_of("8003", "RZH").id
    assert post_of("8011", "RZH").reports_to_post_id == post_of("8012", "RZH").id
    assert post_of("8010", "RZH").reports_to_post_id == post_of("8011", "RZH").id
    moved = post_of("8020", "RZI")
    assert moved.reports_to_post_id == post_of("8003", "RZH").id
    assert moved.version == version + 1
    again = run(second)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 8)
