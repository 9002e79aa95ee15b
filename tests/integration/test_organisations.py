"""Organisations: the list with filters, segments, and the configurable challenged rule."""

from sqlalchemy import select

from talent.auth.models import Role
from talent.extensions import db
from talent.orgs import services as org_services
from talent.orgs.models import OversightSegment
from tests.factories import create_account, create_organisation, create_person, get_region
from tests.pages import csrf_token, error_summary


def test_the_challenged_rule_follows_configuration(app, db_session):
    organisation = create_organisation(segment=3, in_recovery_support=True)
    app.config.update(CHALLENGED_MIN_SEGMENT=3, CHALLENGED_INCLUDES_RECOVERY_SUPPORT=False)
    try:
        assert org_services.is_challenged(organisation)
        app.config["CHALLENGED_MIN_SEGMENT"] = 4
        assert not org_services.is_challenged(organisation)
    finally:
        app.config.update(CHALLENGED_MIN_SEGMENT=4, CHALLENGED_INCLUDES_RECOVERY_SUPPORT=True)


def test_the_list_filters_by_region_and_challenged(pages, db_session):
    london = create_organisation(name="ZZ LONDON TEST NHS TRUST", region_code="Y56", segment=5)
    create_organisation(name="ZZ NORTH WEST TEST NHS TRUST", region_code="Y62", segment=4)
    create_organisation(name="ZZ CALM LONDON NHS TRUST", region_code="Y56", segment=1)
    pages.sign_in(create_account(person=create_person()))
    page = pages.get("orgs.list_organisations", region=get_region("Y56").id, challenged="yes", q="zz")
    names = [link.get_text(strip=True) for link in page.select("tbody a")]
    assert names == [london.display_name]


def test_a_talent_lead_records_a_segment_and_sees_it_in_the_history(pages, db_session):
    organisation = create_organisation(region_code="Y62")
    lead = create_account(person=create_person(), roles=[(Role.TALENT_LEAD, get_region("Y62"))])
    pages.sign_in(lead)
    response = pages.post(
        "orgs.record_segment",
        {
            "segment": "4",
            "effective_from[day]": "1",
            "effective_from[month]": "10",
            "effective_from[year]": "2026",
            "framework_version": "NOF 2026/27",
        },
        organisation_id=organisation.id,
    )
    page = pages.get("orgs.view_organisation", organisation_id=organisation.id)
    assert "This is a challenged organisation" in page.text
    assert "1 October 2026" in page.text
    assert response.headers["Location"].endswith(f"/organisations/{organisation.id}")


def test_a_duplicate_segment_is_refused_with_a_message_and_not_saved(pages, db_session):
    organisation = create_organisation(region_code="Y62", segment=2)
    pages.sign_in(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    form = pages.get("orgs.record_segment", organisation_id=organisation.id)
    data = {
        "segment": "5",
        "effective_from[day]": "1",
        "effective_from[month]": "7",
        "effective_from[year]": "2025",
        "framework_version": "NOF 2025/26",
        "csrf_token": csrf_token(form),
    }
    response = pages.client.post(pages.url("orgs.record_segment", organisation_id=organisation.id), data=data)
    from tests.pages import check_page

    assert error_summary(check_page(response)) == [
        "This organisation already has a segment from that date under that framework"
    ]
    segments = db.session.scalars(
        select(OversightSegment.segment).where(OversightSegment.organisation_id == organisation.id)
    ).all()
    assert segments == [2]


def test_missing_answers_are_listed_in_the_error_summary(pages, db_session):
    organisation = create_organisation(region_code="Y62")
    pages.sign_in(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    page = pages.post(
        "orgs.record_segment", {"framework_version": ""}, _expected_status=200, organisation_id=organisation.id
    )
    assert error_summary(page) == [
        "Select the oversight segment",
        "Enter the date the segment applies from",
        "Enter the oversight framework version",
    ]


def test_text_people_enter_is_escaped_in_design_system_fields(pages, db_session):
    organisation = create_organisation(region_code="Y62")
    pages.sign_in(create_account(person=create_person(), roles=[(Role.SYSTEM_ADMIN, None)]))
    page = pages.post(
        "orgs.record_segment",
        {"framework_version": '"><script>alert(1)</script>'},
        _expected_status=200,
        organisation_id=organisation.id,
    )
    assert page.find("script", string="alert(1)") is None


def test_recovery_support_can_be_switched_from_the_command_line(app, db_session):
    from click.testing import CliRunner

    organisation = create_organisation(ods_code="RZR", segment=2)
    result = CliRunner().invoke(app.cli, ["orgs", "recovery-support", "rzr", "on"], catch_exceptions=False)
    assert "Recovery Support Programme on" in result.output
    db.session.refresh(organisation)
    assert org_services.is_challenged(organisation)
