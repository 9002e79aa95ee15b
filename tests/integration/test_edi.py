"""Equality information: recorded by the person, with consent, readable by them alone, audited
by field name only, downloadable and deletable, and gone from statistics once deleted."""

import json
from datetime import date

from sqlalchemy import func, select

from talent.audit.models import AuditEvent
from talent.auth.models import Role
from talent.edi import queries as edi_queries
from talent.edi.models import EdiProfile, EthnicGroup
from talent.extensions import db
from tests.factories import PASSWORD, create_account, create_edi_profile, create_organisation, create_person
from tests.pages import check_page, csrf_token, error_summary


def stored(person) -> EdiProfile | None:
    db.session.expire_all()
    return db.session.scalar(select(EdiProfile).where(EdiProfile.person_id == person.id))


def answers_form(page, **changes) -> dict:
    data = {"csrf_token": csrf_token(page), "version": page.find("input", attrs={"name": "version"})["value"]}
    data.update(changes)
    return data


def events(kind: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


def test_a_person_records_their_answers_with_consent_and_sees_them(pages, db_session):
    account = create_account(person=create_person())
    person = account.person
    pages.sign_in(account)
    assert (
        "You have not recorded any equality information" in pages.get("edi.view_edi_profile", person_id=person.id).text
    )
    page = pages.get("edi.edit_edi_profile", person_id=person.id)
    response = pages.client.post(
        pages.url("edi.edit_edi_profile", person_id=person.id),
        data=answers_form(
            page,
            ethnicity="black_caribbean",
            disability="prefer_not_to_say",
            sex="female",
            **{"date_of_birth[day]": "27", "date_of_birth[month]": "3", "date_of_birth[year]": "1985"},
            consent="y",
        ),
    )
    assert response.status_code == 302
    profile = stored(person)
    assert (profile.ethnicity, profile.date_of_birth, profile.religion) == (
        EthnicGroup.BLACK_CARIBBEAN,
        date(1985, 3, 27),
        None,
    )
    shown = pages.get("edi.view_edi_profile", person_id=person.id).text
    assert "Black, Black British, Caribbean or African: Caribbean" in shown
    assert "27 March 1985" in shown
    [updated] = events("edi_profile_updated")
    assert updated.data["changes"] == ["date_of_birth", "disability", "ethnicity", "sex"]
    # The audit log names fields, never values: admins can search it.
    assert "caribbean" not in json.dumps([e.data for e in db.session.scalars(select(AuditEvent))]).lower()
    assert events("edi_profile_viewed")


def test_without_consent_or_with_an_impossible_birth_date_nothing_is_saved(pages, db_session):
    account = create_account(person=create_person())
    pages.sign_in(account)
    url = pages.url("edi.edit_edi_profile", person_id=account.person.id)
    page = pages.get("edi.edit_edi_profile", person_id=account.person.id)
    response = pages.client.post(url, data=answers_form(page, sex="male"))
    assert error_summary(check_page(response)) == [
        "Confirm that you agree to your answers being used in anonymous statistics, or leave this page"
    ]
    next_year = date.today().year + 1
    born = {"date_of_birth[day]": "1", "date_of_birth[month]": "1", "date_of_birth[year]": str(next_year)}
    response = pages.client.post(url, data=answers_form(page, consent="y", **born))
    assert error_summary(check_page(response)) == ["Date of birth must be in the past"]
    response = pages.client.post(url, data=answers_form(page, consent="y", ethnicity="martian"))
    assert error_summary(check_page(response)) == ["Not a valid choice."]
    assert stored(account.person) is None


def test_answers_changed_in_another_tab_are_not_overwritten(pages, db_session):
    account = create_account(person=create_person())
    person = account.person
    pages.sign_in(account)
    first_tab = pages.get("edi.edit_edi_profile", person_id=person.id)
    second_tab = pages.get("edi.edit_edi_profile", person_id=person.id)
    url = pages.url("edi.edit_edi_profile", person_id=person.id)
    assert pages.client.post(url, data=answers_form(first_tab, religion="sikh", consent="y")).status_code == 302
    response = pages.client.post(url, data=answers_form(second_tab, religion="hindu", consent="y"))
    assert "changed somewhere else" in error_summary(check_page(response))[0]
    assert stored(person).religion.value == "sikh"


def test_withdrawing_consent_keeps_the_answers_but_leaves_them_out_of_statistics(pages, db_session):
    account = create_account(person=create_person())
    create_edi_profile(account.person, ethnicity=EthnicGroup.WHITE_IRISH)
    population = edi_queries.statistics_population(date.today()).subquery()
    counted = select(func.count()).select_from(population).where(population.c.person_id == account.person.id)
    assert db.session.scalar(counted) == 1
    pages.sign_in(account)
    pages.post("edi.withdraw_edi_consent", {}, _form_page="edi.view_edi_profile", person_id=account.person.id)
    assert stored(account.person).consent_withdrawn_at is not None
    assert db.session.scalar(counted) == 0
    assert "You withdrew your consent" in pages.get("edi.view_edi_profile", person_id=account.person.id).text
    assert len(events("edi_consent_withdrawn")) == 1


def test_the_person_downloads_then_deletes_their_answers(pages, db_session):
    account = create_account(person=create_person())
    create_edi_profile(account.person, ethnicity=EthnicGroup.OTHER_ARAB)
    pages.sign_in(account)
    download = pages.client.get(pages.url("edi.download_edi_profile", person_id=account.person.id))
    assert download.headers["Content-Disposition"] == "attachment; filename=equality-information.json"
    assert download.json["answers"]["ethnicity"] == {"value": "other_arab", "label": "Other ethnic group: Arab"}
    pages.post("edi.delete_edi_profile", {}, person_id=account.person.id)
    assert stored(account.person) is None
    assert [len(events(kind)) for kind in ("edi_profile_downloaded", "edi_profile_deleted")] == [1, 1]


def test_hr_the_line_manager_and_a_system_admin_cannot_read_the_answers(pages, client, db_session):
    trust = create_organisation()
    manager = create_person(organisation=trust, band="7")
    staff = create_person(organisation=trust, manager=manager)
    create_edi_profile(staff, ethnicity=EthnicGroup.ASIAN_BANGLADESHI)
    others = [
        create_account(person=manager),
        create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)]),
        create_account(person=create_person(organisation=trust), roles=[(Role.SYSTEM_ADMIN, None)]),
    ]
    for account in others:
        token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/v1/people/{staff.id}/edi-profile", headers=headers).status_code == 404
        assert client.delete(f"/api/v1/people/{staff.id}/edi-profile", headers=headers).status_code == 404
        pages.sign_in(account)
        assert client.get(pages.url("edi.view_edi_profile", person_id=staff.id)).status_code == 404
        assert client.get(pages.url("edi.download_edi_profile", person_id=staff.id)).status_code == 404
        # Their view of the person's record does not mention the answers either.
        record = client.get(pages.url("people.view_person", person_id=staff.id)).get_data(as_text=True)
        assert "Bangladeshi" not in record
        assert "equality information" not in record.lower()
        pages.post("auth.sign_out", {}, _form_page="home.show_home")
    assert stored(staff).ethnicity is EthnicGroup.ASIAN_BANGLADESHI
    assert events("edi_profile_viewed") == []


def test_the_api_records_reads_and_deletes_the_callers_own_answers(client, db_session):
    account = create_account(person=create_person())
    token = client.post("/api/v1/tokens", json={"email": account.email, "password": PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/people/{account.person.id}/edi-profile"
    assert client.get(url, headers=headers).status_code == 404
    refused = client.put(url, headers=headers, json={"consent": False, "sex": "female", "shoe_size": 5})
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json["errors"]} == {"body.shoe_size", "body.consent"}
    refused = client.put(url, headers=headers, json={"consent": True, "date_of_birth": "2999-01-01"})
    assert [(e["field"], e["message"]) for e in refused.json["errors"]] == [
        ("body.date_of_birth", "Date of birth must be in the past")
    ]
    created = client.put(url, headers=headers, json={"consent": True, "sex": "female", "religion": "jewish"})
    assert created.status_code == 200
    assert created.json["version"] == 1
    stale = client.put(url, headers=headers, json={"consent": True, "sex": "male"})
    assert stale.status_code == 409
    changed = client.put(url, headers=headers, json={"consent": True, "sex": "male", "version": 1}).json
    assert (changed["sex"], changed["religion"], changed["version"]) == ("male", None, 2)
    assert client.get(url, headers=headers).json["sex"] == "male"
    assert client.post(f"{url}/withdraw-consent", headers=headers).json["consent_withdrawn_at"] is not None
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get(url, headers=headers).status_code == 404
    assert stored(account.person) is None
