"""Each demo account signs in, sees its own home page, walks its navigation, and every page
passes axe with no serious or critical violations."""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from talent.demo.services import DEMO_ACCOUNTS, demo_email
from tests.browser.conftest import DEMO_PASSWORD


def main_text(page) -> str:
    """The page's main content once the page has loaded: a click returns when navigation starts,
    and on a busy machine the new page may still be arriving (a cohort's list was read half-parsed)."""
    page.wait_for_load_state("load")
    return page.locator("main").inner_text()


pytestmark = pytest.mark.browser

_axe = Axe()

#: What each account's home page shows that no other role's does.
HOME_PAGE_SIGNS = {
    "admin": "Service overview",
    "staff": "Your post",
    "manager": "Your team",
    "hr": "Your organisation's people",
    "programmes": "People in post nationally by band",
    "talent.lead": "Organisations in North West",
    "ned.team": "Boards across England",
    "ned.panel": "Your appointment panels",
    "board.secretary": "Board of Manchester University NHS Foundation Trust",
}


#: The narrowest common phone screen, in CSS pixels: no page may scroll sideways at it.
PHONE_WIDTH = 390


def serious_violations(page) -> list[str]:
    """axe's serious and critical violations, and a page that scrolls sideways on a phone."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} on {page.url}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    return problems + sideways_scroll(page)


def sideways_scroll(page) -> list[str]:
    """Lay the page out at phone width and report it if the page itself is wider than the screen
    (a table inside its own scrolling region is fine: the page does not move)."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
    try:
        # The header lays its navigation out again after a resize, so allow it a moment.
        for _ in range(30):
            width = page.evaluate("document.documentElement.scrollWidth")
            if width <= PHONE_WIDTH:
                return []
            page.wait_for_timeout(100)
    finally:
        page.set_viewport_size(size)
    return [f"scrolls sideways at {PHONE_WIDTH} px ({width} px wide) on {page.url}"]


def sign_in(page, base_url: str, local_part: str) -> None:
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Email address").fill(demo_email(local_part))
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


def test_sign_in_page_is_accessible(page, live_server):
    page.goto(f"{live_server}/sign-in")
    assert page.locator("h1").inner_text() == "Sign in to Talent"
    assert serious_violations(page) == []


def test_wrong_password_shows_the_error_summary(page, live_server):
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("staff@demo.nhs.uk")
    page.get_by_label("Password", exact=True).fill("not-the-right-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".nhsuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert serious_violations(page) == []


@pytest.mark.parametrize("local_part", [account[0] for account in DEMO_ACCOUNTS])
def test_each_role_walks_its_home_page_and_navigation(page, live_server, local_part):
    sign_in(page, live_server, local_part)
    assert HOME_PAGE_SIGNS[local_part] in main_text(page)
    assert "Demo data" in page.locator(".talent-demo-banner").inner_text()
    problems = serious_violations(page)
    links = page.locator(".nhsuk-header__navigation-list a.nhsuk-header__navigation-link")
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    for href in hrefs:
        page.goto(f"{live_server}{href}")
        assert page.locator("h1").count() == 1
        problems += serious_violations(page)
    assert problems == []


def test_staff_record_their_equality_information_with_a_keyboard_friendly_form(page, live_server):
    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Record or change your equality information").click()
    problems = serious_violations(page)
    page.get_by_role("button", name="Record your equality information").click()
    problems += serious_violations(page)
    page.get_by_role("button", name="Save your answers").click()
    assert "Confirm that you agree" in page.locator(".nhsuk-error-summary").inner_text()
    problems += serious_violations(page)
    page.get_by_label("Asian or Asian British: Indian").check()
    page.get_by_label("Prefer not to say my date of birth").check()
    page.get_by_label("I agree that my answers can be used").check()
    page.get_by_role("button", name="Save your answers").click()
    assert "Asian or Asian British: Indian" in main_text(page)
    problems += serious_violations(page)
    assert problems == []


def test_learning_record_and_cohort_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Your learning").click()
    assert page.locator("h1").inner_text() == "Your learning"
    assert "CMI Level 3 Certificate" in main_text(page)
    problems = serious_violations(page)
    page.context.clear_cookies()

    sign_in(page, live_server, "programmes")
    page.get_by_role("link", name="Programmes", exact=True).click()
    problems += serious_violations(page)
    page.get_by_role("link", name="National mid-career programme").click()
    problems += serious_violations(page)
    page.get_by_role("link", name="National mid-career programme: current cohort").click()
    assert "On the waiting list" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("link", name="Record outcome").first.click()
    page.get_by_role("button", name="Record outcome").click()
    assert "Select the outcome" in page.locator(".nhsuk-error-summary").inner_text()
    problems += serious_violations(page)
    assert problems == []


def _check_every(page, value: str) -> None:
    radios = page.locator(f"input[type=radio][value='{value}']")
    for index in range(radios.count()):
        radios.nth(index).check()


def test_manager_and_staff_complete_an_appraisal_in_the_browser(page, live_server):
    sign_in(page, live_server, "manager")
    page.get_by_role("link", name="Tomasz Nowak").first.click()
    page.get_by_role("link", name="Appraisals of Tomasz Nowak").click()
    page.get_by_role("button", name="Start this year's appraisal").click()
    assert "Appraisal started for Tomasz Nowak" in main_text(page)
    problems = serious_violations(page)
    appraisal_url = page.url
    page.context.clear_cookies()

    sign_in(page, live_server, "staff")
    # The home page says what is waiting: the new appraisal and the two colleagues' requests.
    to_do = page.locator("#to-do + .nhsuk-task-list").inner_text()
    assert "Complete your self-assessment" in to_do
    assert to_do.count("Give feedback on") == 2
    page.goto(appraisal_url)
    page.get_by_role("button", name="Ask colleagues for feedback").click()
    problems += serious_violations(page)
    page.get_by_label("Or enter their email addresses").fill(f"{demo_email('hr')}\n{demo_email('programmes')}")
    page.get_by_role("button", name="Ask for feedback").click()
    assert "0 of 2 colleagues have answered" in main_text(page)
    page.get_by_role("link", name="Feedback", exact=True).click()
    problems += serious_violations(page)
    page.get_by_role("link", name="Give feedback").first.click()
    problems += serious_violations(page)
    _check_every(page, "3")
    page.get_by_role("button", name="Send feedback").click()
    assert "is saved anonymously" in main_text(page)
    page.goto(appraisal_url)
    page.get_by_role("button", name="Complete your self-assessment").click()
    problems += serious_violations(page)
    page.get_by_role("link", name="Objectives").click()
    problems += serious_violations(page)
    page.get_by_label("Objective 1: what you will do").fill("Lead falls prevention on the ward")
    page.get_by_label("Objective 1: how it will be measured").fill("A fifth fewer falls on the quarterly audit")
    page.fill("input[name='objective_1_due[day]']", "31")
    page.fill("input[name='objective_1_due[month]']", "3")
    page.fill("input[name='objective_1_due[year]']", "2027")
    page.get_by_role("button", name="Save and continue").click()
    assert "Objectives: saved" in main_text(page)
    page.get_by_role("link", name="Behaviours").click()
    problems += serious_violations(page)
    _check_every(page, "3")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Wellbeing conversation").click()
    page.get_by_label("Wellbeing conversation").fill("The new rota suits me")
    page.get_by_role("button", name="Save and continue").click()
    assert "Wellbeing conversation: saved" in main_text(page)
    statuses = page.locator(".nhsuk-task-list__status").all_inner_texts()
    assert statuses[:3] == ["Completed", "Completed", "Completed"]
    problems += serious_violations(page)
    page.get_by_role("button", name="Check your answers and submit").click()
    assert "The new rota suits me" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("button", name="Submit your self-assessment").click()
    assert "Self-assessment submitted" in main_text(page)
    page.context.clear_cookies()

    sign_in(page, live_server, "manager")
    page.goto(appraisal_url)
    page.get_by_role("button", name="Complete the manager assessment").click()
    problems += serious_violations(page)
    for section, value in (("Objectives", "met"), ("Behaviours", "2"), ("Overall ratings", "3")):
        page.get_by_role("link", name=section, exact=True).click()
        problems += serious_violations(page)
        _check_every(page, value)
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Check your answers and submit").click()
    page.get_by_role("button", name="Submit the manager assessment").click()
    assert "Manager assessment submitted" in main_text(page)
    page.get_by_role("button", name="Record the discussion").click()
    page.fill("input[name='discussed_on[day]']", "20")
    page.fill("input[name='discussed_on[month]']", "11")
    page.fill("input[name='discussed_on[year]']", "2026")
    page.get_by_role("button", name="Record discussion").click()
    page.get_by_role("button", name="Sign off").click()
    page.get_by_role("button", name="Sign off").click()
    page.context.clear_cookies()

    sign_in(page, live_server, "staff")
    page.goto(appraisal_url)
    page.get_by_role("button", name="Sign off").click()
    problems += serious_violations(page)
    page.get_by_label("If you disagree with any rating, say so here (optional)").fill("Teamwork deserves a 3")
    page.get_by_role("button", name="Sign off").click()
    assert "You have signed off the appraisal: it is complete" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("button", name="Escalate your disagreement").click()
    problems += serious_violations(page)
    page.get_by_role("button", name="Escalate").click()
    assert "Escalated" in main_text(page)
    # With the appraisal signed off, only the other colleague's request is left; once it is
    # answered, the to-do list is empty.
    page.get_by_role("link", name="Home", exact=True).first.click()
    page.locator(".nhsuk-task-list a", has_text="Give feedback on").click()
    assert "Feedback for" in main_text(page)
    _check_every(page, "2")
    page.get_by_role("button", name="Send feedback").click()
    # Wait for the answer to be saved before going home: on a busy machine the Home link of the
    # page being left could be followed first, and the list read before the feedback was in.
    assert "is saved anonymously" in main_text(page)
    page.get_by_role("link", name="Home", exact=True).first.click()
    assert "You have nothing to do at the moment." in main_text(page)
    problems += serious_violations(page)
    page.context.clear_cookies()

    sign_in(page, live_server, "manager")
    page.goto(appraisal_url)
    page.get_by_role("button", name="Correct this appraisal").click()
    problems += serious_violations(page)
    page.get_by_label("Development needs").check()
    page.get_by_label("Corrected text").fill("Leading change: the mid-career programme")
    page.get_by_label("Why it needs correcting").fill("Agreed at the discussion but left out")
    page.get_by_role("button", name="Record the correction").click()
    assert "Corrections after sign-off" in main_text(page)
    problems += serious_violations(page)
    assert problems == []


def test_the_region_endorses_a_board_members_appraisal(page, live_server):
    sign_in(page, live_server, "talent.lead")
    page.get_by_role("link", name="Endorsements", exact=True).click()
    problems = serious_violations(page)
    page.locator("main table a").first.click()
    problems += serious_violations(page)
    page.get_by_role("button", name="Endorse this appraisal").click()
    assert "Endorsed:" in main_text(page)
    assert "Nothing is waiting for endorsement" in main_text(page)
    assert problems == []


def test_appraisal_completion_and_fairness_pages_are_accessible(page, live_server):
    sign_in(page, live_server, "hr")
    page.get_by_role("link", name="Appraisals", exact=True).click()
    problems = serious_violations(page)
    page.get_by_role("link", name="Ratings by protected characteristic").click()
    assert "Relative likelihood of the top rating" in main_text(page)
    problems += serious_violations(page)
    assert problems == []


def test_a_form_shows_all_its_errors_at_once_each_linked_to_its_field(page, live_server):
    sign_in(page, live_server, "programmes")
    page.goto(f"{live_server}/programmes/rules/new")
    page.get_by_role("button", name="Add rule").click()
    main_text(page)  # the page and its scripts have loaded, so the summary's links move the focus
    summary = page.locator(".nhsuk-error-summary")
    links = summary.locator("a")
    assert links.count() == 2
    assert "Enter a name for the rule" in summary.inner_text()
    assert "Enter the date the rule takes effect" in summary.inner_text()
    problems = serious_violations(page)
    for index in range(links.count()):
        links.nth(index).click()
        focused = page.evaluate("document.activeElement.id")
        target = links.nth(index).get_attribute("href").lstrip("#")
        assert focused == target, f"the link to #{target} left the focus on #{focused}"
        # Each field shows its own message beside it too.
        assert page.locator(f"#{target}").evaluate("field => !!field.closest('.nhsuk-form-group--error')"), (
            f"#{target} has no inline error"
        )
    assert problems == []


def test_a_programme_admin_retires_a_rule_through_its_confirmation_page(page, live_server):
    sign_in(page, live_server, "programmes")
    page.goto(f"{live_server}/programmes/rules/new")
    page.get_by_label("Name of the rule").fill("Band 9: retired in a browser test")
    page.get_by_label("Applies to posts at this band or above").select_option("9")
    page.get_by_label("National mid-career programme").check()
    page.fill("input[name='effective_from[day]']", "1")
    page.fill("input[name='effective_from[month]']", "4")
    page.fill("input[name='effective_from[year]']", "2027")
    page.get_by_role("button", name="Add rule").click()
    page.get_by_role("link", name="Band 9: retired in a browser test").click()
    problems = serious_violations(page)
    page.get_by_role("link", name="Retire this rule").click()
    assert page.locator("h1").inner_text() == "Retire this rule?"
    assert "This cannot be undone" in main_text(page)
    problems += serious_violations(page)
    page.get_by_label("Why is it being retired? (optional)").fill("Band 9 posts follow the board rule")
    page.get_by_role("button", name="Retire this rule").click()
    text = main_text(page)
    assert "Rule retired: it no longer applies to posts starting on or after 1 April 2027" in text
    assert "Band 9 posts follow the board rule" in page.locator(".talent-history").inner_text()
    assert page.get_by_role("link", name="Retire this rule").count() == 0
    problems += serious_violations(page)
    assert problems == []


def test_a_programme_admin_enrols_someone_found_by_name_as_they_type(page, live_server):
    sign_in(page, live_server, "programmes")
    page.get_by_role("link", name="Programmes", exact=True).click()
    page.get_by_role("link", name="National mid-career programme").click()
    page.get_by_role("link", name="National mid-career programme: current cohort").click()
    main_text(page)
    # Results come as you type: no Search press, no page load.
    page.get_by_label("Find a person to enrol").press_sequentially("Tomasz Nowak", delay=20)
    results = page.locator("[data-talent-finder-results] table")
    results.wait_for()
    assert "Tomasz Nowak" in results.inner_text()
    assert "found for Tomasz Nowak" in page.locator("[data-talent-finder-status]").inner_text()
    assert "find=" not in page.url
    problems = serious_violations(page)
    page.get_by_role("button", name="Enrol Tomasz Nowak").first.click()
    assert "Tomasz Nowak: " in main_text(page)  # the banner: enrolled, or on the waiting list
    assert "Tomasz Nowak" in page.locator("table", has_text="People on this cohort").inner_text()
    problems += serious_violations(page)
    assert problems == []


def test_talent_conversation_agreed_then_nomination_approved_and_a_talent_review(page, live_server):
    from datetime import date, timedelta

    sign_in(page, live_server, "manager")
    page.get_by_role("link", name="Tomasz Nowak").first.click()
    page.get_by_role("link", name="Talent record of Tomasz Nowak").click()
    problems = serious_violations(page)
    page.get_by_role("button", name="Record a talent conversation").click()
    problems += serious_violations(page)
    held = date.today() - timedelta(days=2)
    page.fill("input[name='held_on[day]']", str(held.day))
    page.fill("input[name='held_on[month]']", str(held.month))
    page.fill("input[name='held_on[year]']", str(held.year))
    page.check("input[name='impact'][value='high']")
    page.check("input[name='growth'][value='high']")
    page.check("input[name='direction'][value='stretch']")
    page.get_by_label("Ready in 12 months", exact=True).check()
    page.get_by_label("Target level (optional)").select_option("7")
    page.check("input[name='willing_challenged'][value='yes']")
    page.get_by_label("Aspirations").fill("Ward manager within a year")
    page.get_by_role("button", name="Record conversation").click()
    assert "Talent conversation recorded" in main_text(page)
    problems += serious_violations(page)
    page.context.clear_cookies()

    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Agree your talent conversation").click()
    problems += serious_violations(page)
    page.check("input[name='response'][value='agree']")
    page.get_by_role("button", name="Send").click()
    assert "You have agreed your talent conversation" in main_text(page)
    problems += serious_violations(page)
    page.context.clear_cookies()

    sign_in(page, live_server, "talent.lead")
    page.goto(f"{live_server}/people?q=Tomasz+Nowak")
    page.get_by_role("link", name="Tomasz Nowak").first.click()
    page.get_by_role("link", name="Talent record of Tomasz Nowak").click()
    page.get_by_role("button", name="Nominate for a talent pool").click()
    problems += serious_violations(page)
    page.get_by_label("Emerging leaders: North West (North West)").check()
    page.get_by_label("Why should they join?").fill("Leads the ward's falls work; ready to manage a ward")
    page.get_by_role("button", name="Send nomination").click()
    assert "nominated for Emerging leaders: North West" in main_text(page)
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Decide nominations for Emerging leaders: North West").click()
    problems += serious_violations(page)
    page.get_by_role("link", name="Decide on Tomasz Nowak").click()
    problems += serious_violations(page)
    page.check("input[name='decision'][value='approve']")
    page.get_by_label("Reason").fill("Meets the criteria; strong manager's case")
    page.get_by_role("button", name="Record decision").click()
    assert "Tomasz Nowak: in the pool" in main_text(page)
    problems += serious_violations(page)

    page.get_by_role("link", name="Back to talent pools").click()
    problems += serious_violations(page)
    page.get_by_role("link", name="Talent reviews").click()
    problems += serious_violations(page)
    page.get_by_role("link", name="Emerging leaders: North West: spring talent review").click()
    assert "the four-fifths rule is crossed" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("link", name="Move", exact=False).first.click()
    problems += serious_violations(page)
    page.get_by_label("Develop in current role").check()
    page.get_by_label("Why did the meeting move them?").fill("Agreed to consolidate in role this year")
    page.get_by_role("button", name="Move").click()
    assert "moved" in main_text(page)
    assert problems == []


def test_the_panel_member_scores_their_vacancy_and_sees_the_panel_only_after_submitting(page, live_server):
    sign_in(page, live_server, "ned.panel")
    problems = serious_violations(page)
    page.locator("main a", has_text="Non-executive director").first.click()
    vacancy_url = page.url
    assert "Your scores: shortlisting" in main_text(page)
    problems += serious_violations(page)
    page.goto(f"{vacancy_url}/scores")
    # Before submitting, the independent member's submitted scores are hidden: only the chair's own.
    assert "Siobhan Kelly" not in main_text(page)
    problems += serious_violations(page)
    page.goto(vacancy_url)
    score_links = page.get_by_role("link", name=re.compile(r"^Score "))
    for index in range(score_links.count()):
        page.goto(vacancy_url)
        score_links.nth(index).click()
        assert "Your scores" in main_text(page)
        problems += serious_violations(page)
        _check_every(page, "3")
        page.get_by_role("button", name="Save scores").click()
        assert "Scores saved for" in main_text(page)
    page.get_by_role("button", name="Submit all your scores").click()
    assert "Your scores are submitted" in main_text(page)
    assert "Siobhan Kelly" in main_text(page)
    problems += serious_violations(page)
    assert problems == []


def test_the_appointments_team_is_told_which_tenure_rule_a_reappointment_breaks(page, live_server):
    sign_in(page, live_server, "ned.team")
    page.locator(".nhsuk-header__navigation-list a", has_text="Board terms").click()
    assert "Board terms ending in the next 9 months" in main_text(page)
    problems = serious_violations(page)
    page.locator("main table a").first.click()
    assert "Years on the board at the term's end" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("link", name="Reappoint for a further term").click()
    # Four more years takes anyone on a board since before this term past six or nine years.
    page.get_by_label("Term in months").fill("48")
    page.get_by_role("button", name="Reappoint").click()
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "years after" in summary
    assert "to go on" in summary
    problems += serious_violations(page)
    page.goto(f"{live_server}/ned/diversity")
    assert "Diversity of NED appointments" in main_text(page)
    problems += serious_violations(page)
    page.goto(f"{live_server}/ned/candidates?scheme=next_director")
    assert "NExT Director scheme" in main_text(page)
    problems += serious_violations(page)
    page.goto(f"{live_server}/ned/candidate-pool")
    page.get_by_role("button", name="Join the pool").click()
    assert "Say what you would bring to a board" in page.locator(".nhsuk-error-summary").inner_text()
    problems += serious_violations(page)
    assert problems == []


def test_the_talent_lead_matches_a_challenged_post_and_reads_why(page, live_server):
    sign_in(page, live_server, "talent.lead")
    page.goto(f"{live_server}/challenged-posts")
    assert "Propose who fills" in main_text(page)
    problems = serious_violations(page)
    ods_code = page.locator("main table [data-ods-code]").first.inner_text()
    page.get_by_role("link", name="Add a challenged post").click()
    page.get_by_role("button", name="Add the post").click()
    assert "Enter the organisation's ODS code" in page.locator(".nhsuk-error-summary").inner_text()
    problems += serious_violations(page)
    page.get_by_label("Organisation's ODS code").fill(ods_code)
    page.get_by_label("Title of the post").fill("Deputy director of operations")
    page.get_by_label("Band").select_option("8b")
    page.get_by_label("Kind of role").select_option("senior_manager")
    page.get_by_label("Turnaround").check()
    for field, when in (("closing_on", 30), ("starts_on", 90)):
        day = date.today() + timedelta(days=when)
        page.fill(f"input[name='{field}[day]']", str(day.day))
        page.fill(f"input[name='{field}[month]']", str(day.month))
        page.fill(f"input[name='{field}[year]']", str(day.year))
    package = page.locator("select[name=package_id] option", has_text="Recovery support").first.get_attribute("value")
    page.get_by_label("Incentive package").select_option(package)
    page.get_by_role("button", name="Add the post").click()
    assert "Why the organisation is challenged" in main_text(page)
    problems += serious_violations(page)
    page.get_by_role("button", name="Match candidates").click()
    assert "Candidates for Deputy director of operations" in main_text(page)
    details = page.locator("main details").first
    details.locator("summary").click()
    assert "points (weight" in details.inner_text()
    assert "Filtered out" in main_text(page)
    problems += serious_violations(page)
    # Shortlist the best three, select one at interview, offer the post and place them.
    page.get_by_role("link", name="Shortlist from this run").click()
    problems += serious_violations(page)
    page.get_by_role("button", name="Save the shortlist").click()
    assert "Shortlist saved" in main_text(page)
    page.get_by_role("link", name=re.compile("^Record the interview outcome")).first.click()
    page.check("input[name=outcome][value=selected]")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_role("button", name=re.compile("^Offer the post")).click()
    assert "offered to" in main_text(page)
    page.get_by_role("link", name=re.compile("^Record the placement")).click()
    problems += serious_violations(page)
    page.get_by_role("button", name="Record the placement").click()
    assert "Placements and outcomes" in main_text(page)
    assert "placed" in main_text(page)
    problems += serious_violations(page)
    assert problems == []
