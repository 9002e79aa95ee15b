from datetime import date

from flask import render_template, request

from talent.audit import bp
from talent.audit import queries as audit_queries
from talent.audit.events import EVENT_KINDS
from talent.auth.policy import requires


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@bp.get("/audit")
@requires("audit.search")
def search_audit_log():
    kind = request.args.get("kind") if request.args.get("kind") in EVENT_KINDS else None
    actor = request.args.get("actor", "").strip()[:254]
    events, actors = audit_queries.search_events(
        kind=kind,
        actor_email=actor,
        since=_day(request.args.get("from")),
        until=_day(request.args.get("to")),
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "audit/search-audit-log.html",
        page=events,
        actors=actors,
        kinds=sorted(EVENT_KINDS),
        kind=kind,
        actor=actor,
        since=request.args.get("from", ""),
        until=request.args.get("to", ""),
    )
