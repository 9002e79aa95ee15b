from flask import abort, render_template
from flask_login import current_user

from talent.auth.policy import current_principal, list_scope, requires
from talent.insights import bp
from talent.insights import queries as insight_queries
from talent.insights import services as insight_services
from talent.query_args import PageArgs, parse_query
from talent.transactions import service_call


class WorkforceQuery(PageArgs):
    characteristic: str = "wres_group"


@bp.get("/insights/workforce")
@requires("insights.workforce")
def workforce_profile():
    characteristic = parse_query(WorkforceQuery).characteristic
    if characteristic not in insight_queries.CHARACTERISTICS:
        abort(404)
    label, groups = insight_queries.CHARACTERISTICS[characteristic]
    groups = groups + insight_queries.UNDECLARED
    scope = list_scope(current_principal(), "insights.workforce")
    with service_call():
        table, counted_at = insight_services.workforce_profile(
            scope, characteristic, [key for key, _ in groups], actor=current_user
        )
    return render_template(
        "insights/workforce-profile.html",
        table=table,
        counted_at=counted_at,
        groups=groups,
        characteristic=characteristic,
        characteristic_label=label,
        characteristics=insight_queries.CHARACTERISTICS,
    )
