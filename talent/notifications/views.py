from flask import redirect, render_template, url_for
from flask_login import current_user

from talent.auth.policy import requires
from talent.extensions import db
from talent.notifications import bp
from talent.notifications import services as notification_services
from talent.query_args import PageArgs, parse_query
from talent.transactions import service_call


@bp.get("/notifications")
@requires("notification.view")
def list_notifications():
    page = db.paginate(
        notification_services.list_notifications(current_user.id),
        page=parse_query(PageArgs).page,
        per_page=25,
        error_out=False,
    )
    return render_template("notifications/list-notifications.html", page=page)


@bp.post("/notifications/<id:notification_id>/dismiss")
@requires("notification.view", load=notification_services.get_notification)
def dismiss_notification(notification):
    with service_call():
        notification_services.dismiss(notification)
    return redirect(url_for("notifications.list_notifications"))
