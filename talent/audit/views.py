from flask import render_template
from pydantic import Field

from talent.audit import bp
from talent.audit import queries as audit_queries
from talent.audit.events import EVENT_KINDS
from talent.auth.policy import requires
from talent.query_args import OptionalDate, PageArgs, SearchText, parse_query


class AuditQuery(PageArgs):
    kind: str = ""
    actor: SearchText = ""
    since: OptionalDate = Field(None, alias="from")
    until: OptionalDate = Field(None, alias="to")


@bp.get("/audit")
@requires("audit.search")
def search_audit_log():
    query = parse_query(AuditQuery)
    kind = query.kind if query.kind in EVENT_KINDS else None
    actor = query.actor
    events, actors = audit_queries.search_events(
        kind=kind, actor_email=actor, since=query.since, until=query.until, page=query.page
    )
    return render_template(
        "audit/search-audit-log.html",
        page=events,
        actors=actors,
        kinds=sorted(EVENT_KINDS),
        kind=kind,
        actor=actor,
        since=query.since.isoformat() if query.since else "",
        until=query.until.isoformat() if query.until else "",
    )
