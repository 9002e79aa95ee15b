from sqlalchemy import func, select

from talent.extensions import db
from talent.insights.models import WorkforceCount
from talent.insights.services import recount_workforce


def recount_workforce_job() -> dict:
    recount_workforce()
    return {"counts": db.session.scalar(select(func.count(WorkforceCount.id)))}
