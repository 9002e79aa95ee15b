"""Talent pipeline reminders: a conversation due a year after the last (to the person and their
manager), pool and membership reviews coming due (to the talent lead), each sent once."""

from datetime import date, timedelta

from sqlalchemy import select

from talent.auth.policy import build_principal
from talent.extensions import db
from talent.notifications.models import Notification
from talent.pipeline import services as pipeline_services
from talent.pipeline.reminders import send_pipeline_reminders
from tests.integration.test_talent_pipeline import conversation_for, pool_for, region  # noqa: F401


def titles(account) -> list[str]:
    return list(db.session.scalars(select(Notification.title).where(Notification.account_id == account.id)))


def test_a_conversation_a_year_old_is_due_once_for_the_person_and_their_manager(region):  # noqa: F811
    conversation_for(region, held_on=date.today() - timedelta(days=300))
    later = date.today() + timedelta(days=100)
    send_pipeline_reminders(date.today())
    assert "Time for a talent conversation" not in titles(region["person_account"])
    send_pipeline_reminders(later)
    send_pipeline_reminders(later + timedelta(days=1))
    assert titles(region["person_account"]).count("Time for a talent conversation") == 1
    assert "Time for a talent conversation" in titles(region["person_account"])
    assert f"{region['person'].full_name} is due a talent conversation" in titles(region["manager_account"])


def test_pool_and_member_reviews_coming_due_tell_the_talent_lead_once(region):  # noqa: F811
    pool = pool_for(region)
    conversation_for(region)
    membership = pipeline_services.nominate(
        pool, region["person"], case="Strong", principal=build_principal(region["manager_account"])
    )
    pipeline_services.decide_nomination(
        membership, approve=True, reason="Yes", review_on=pool.review_on, actor=region["lead"]
    )
    soon = pool.review_on - timedelta(days=10)
    assert send_pipeline_reminders(pool.review_on - timedelta(days=30))["pool_review_due"] == 0
    counts = send_pipeline_reminders(soon)
    assert (counts["pool_review_due"], counts["member_reviews_due"]) == (1, 1)
    again = send_pipeline_reminders(soon + timedelta(days=1))
    assert (again["pool_review_due"], again["member_reviews_due"]) == (0, 0)
    lead_titles = titles(region["lead"])
    assert any(title.startswith(f"{pool.name} is due for review") for title in lead_titles)
    assert f"1 member of {pool.name} due for review" in lead_titles
    assert not titles(region["london_lead"])


def test_a_batch_moves_on_to_people_not_yet_reminded(region, monkeypatch):  # noqa: F811
    """With a batch of one, each run reminds someone new rather than meeting the first again."""
    from talent.pipeline import reminders

    monkeypatch.setattr(reminders, "BATCH", 1)
    later = date.today() + timedelta(days=400)
    first = send_pipeline_reminders(later)["conversation_due"]
    second = send_pipeline_reminders(later)["conversation_due"]
    assert (first, second) == (1, 1)
