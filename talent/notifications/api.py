from datetime import datetime

from flask import g
from pydantic import BaseModel

from talent.api.routing import api_route
from talent.api.schemas import Page, PageQuery, page_of
from talent.notifications import services as notification_services


class NotificationQuery(PageQuery):
    include_dismissed: bool = False


class Notification(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    dismissed_at: datetime | None


@api_route(
    "/notifications",
    method="GET",
    operation_id="listNotifications",
    permission="notification.view",
    query=NotificationQuery,
    response=Page[Notification],
    summary="Your notifications, newest first",
    tag="Notifications",
)
def list_notifications(query: NotificationQuery):
    statement = notification_services.list_notifications(g.api_account.id, include_dismissed=query.include_dismissed)
    return page_of(Notification, statement, query)
