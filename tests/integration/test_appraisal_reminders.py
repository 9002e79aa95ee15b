"""Appraisal reminders reach the right people once, however often the job runs."""

from datetime import date, timedelta

from talent.appraisals import services as appraisal_services
from talent.appraisals.reminders import send_appraisal_reminders
from talent.auth.models import Role
from talent.notifications import services as notification_services
from talent.standards import services as standard_services
from tests.factories import create_account, create_organisation, create_person


def test_each_reminder_is_emailed_once_however_often_the_job_runs(app, db_session, smtp_server):
    standard_services.seed_frameworks()
    trust = create_organisation()
    manager = create_account(person=create_person(organisation=trust, band="7"))
    staff = create_account(person=create_person(organisation=trust, manager=manager.person))
    hr = create_account(person=create_person(organisation=trust), roles=[(Role.HR_ADMIN, trust)])
    due = date(2027, 3, 31)
    cycle = appraisal_services.create_cycle(trust, year=2026, opens_on=date(2026, 4, 1), due_on=due)
    appraisal_services.start_appraisal(cycle, staff.person, today=date(2026, 5, 1))

    near_due = due - timedelta(days=7)
    assert send_appraisal_reminders(near_due) == {
        "cycle_opened": 3,
        "self_assessment_due": 1,
        "overdue_to_manager": 0,
        "overdue_to_hr": 0,
        "feedback_due": 0,
        "feedback_overdue": 0,
    }
    assert send_appraisal_reminders(near_due)["self_assessment_due"] == 0
    after_grace = due + timedelta(days=20)
    first = send_appraisal_reminders(after_grace)
    assert (first["overdue_to_manager"], first["overdue_to_hr"]) == (1, 1)
    assert send_appraisal_reminders(after_grace) == {
        "cycle_opened": 0,
        "self_assessment_due": 0,
        "overdue_to_manager": 0,
        "overdue_to_hr": 0,
        "feedback_due": 0,
        "feedback_overdue": 0,
    }
    # Six reminders, and the notice to the staff member that their appraisal had started.
    assert notification_services.send_pending_emails()["sent"] == 7
    messages = smtp_server.wait_for(7)
    received = sorted((m["To"], m["Subject"]) for m in messages)
    assert (staff.email, "Your self-assessment is due by 31 March 2027") in received
    assert (staff.email, f"Your {cycle.name} appraisal has started") in received
    assert (manager.email, f"{staff.person.full_name}'s appraisal is overdue") in received
    assert (hr.email, f"{staff.person.full_name}'s appraisal is overdue") in received
    assert notification_services.send_pending_emails()["sent"] == 0
