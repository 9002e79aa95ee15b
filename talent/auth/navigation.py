"""The header navigation, filtered by the same policy that guards the routes."""

from flask import url_for
from markupsafe import Markup

from talent.auth.policy import Principal, can

#: (endpoint, label, permission) in the order they appear.
NAVIGATION = [
    ("home.show_home", "Home", "home.view"),
    ("people.list_people", "People", "person.list"),
    ("orgs.list_organisations", "Organisations", "organisation.list"),
    ("programmes.my_learning", "Your learning", "learning.view"),
    ("programmes.team_learning", "Team", "team.view"),
    ("programmes.list_programmes", "Programmes", "programme.manage"),
    ("appraisals.completion", "Appraisals", "appraisal.completion"),
    ("appraisals.endorsements", "Endorsements", "appraisal.endorse"),
    ("pipeline.dashboard", "Talent pipeline", "pipeline.dashboard"),
    ("pipeline.list_challenged_posts", "Challenged posts", "challenged_post.manage"),
    ("ned.list_vacancies", "NED vacancies", "ned_vacancy.view"),
    # Who sees boards (secretaries, the appointments team, admins) sees the terms ending.
    ("ned.expiring_terms", "Board terms", "board.view"),
    ("appraisals.feedback_requests", "Feedback", "feedback.give"),
    ("standards.list_frameworks", "Standards", "standard.view"),
    ("insights.workforce_profile", "Workforce", "insights.workforce"),
    ("notifications.list_notifications", "Notifications", "notification.view"),
    ("auth.list_accounts", "Accounts", "account.list"),
    ("audit.search_audit_log", "Audit log", "audit.search"),
    ("jobs.list_jobs", "Jobs", "job.list"),
]


def items_for(principal: Principal | None, current_endpoint: str | None, *, unread=lambda: 0) -> list[dict]:
    """The header's links; the notifications link carries how many are waiting (``unread`` is
    asked only if the link is shown)."""
    if principal is None:
        return []
    items = []
    for endpoint, label, permission in NAVIGATION:
        if not can(principal, permission):
            continue
        item = {"href": url_for(endpoint), "text": label, "current": endpoint == current_endpoint}
        if endpoint == "notifications.list_notifications":
            count = unread()
            if count:
                item["html"] = Markup(
                    '{} <span class="talent-count" aria-hidden="true">{}</span>'
                    '<span class="nhsuk-u-visually-hidden"> ({} new)</span>'
                ).format(label, count, count)
        items.append(item)
    return items
