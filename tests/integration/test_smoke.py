from tests.factories import create_account, create_person


def test_sign_in_then_home_shows_your_post(pages, db_session):
    person = create_person(title="Ward clerk")
    account = create_account(person=person)
    pages.sign_in(account)
    page = pages.get("home.show_home")
    assert "Ward clerk" in page.text
