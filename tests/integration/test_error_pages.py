from tests.factories import create_account, create_person


def test_an_unknown_record_gets_the_design_system_404_page(pages, db_session):
    pages.sign_in(create_account(person=create_person()))
    page = pages.get("people.view_person", _expected_status=404, person_id=999999)
    assert page.h1.get_text(strip=True) == "Page not found"


def test_a_role_without_the_permission_gets_the_403_page(pages, db_session):
    pages.sign_in(create_account(person=create_person()))
    page = pages.get("auth.list_accounts", _expected_status=403)
    assert page.h1.get_text(strip=True) == "You do not have permission to see this page"
