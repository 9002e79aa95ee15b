from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talent.db import UTCDateTime
from talent.extensions import db


class WorkforceCount(db.Model):
    """Filled current posts in one organisation, by band group and one answer to one equality
    question: the workforce profile's summary, so that no page counts the national workforce.

    Raw counts (small numbers included) live here and only the insights service reads them,
    applying disclosure control to what it publishes. An organisation's rows are recounted
    together by the writes that change them (posts, equality answers, the staff import) and all
    of them every night, when posts start and end and people move into the next age band.
    """

    __tablename__ = "workforce_counts"
    __table_args__ = (
        UniqueConstraint("characteristic", "organisation_id", "band_group", "answer", name="uq_workforce_counts_cell"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    #: A key of ``insights.queries.CHARACTERISTICS``.
    characteristic: Mapped[str] = mapped_column(String(20))
    band_group: Mapped[str] = mapped_column(String(60))
    answer: Mapped[str] = mapped_column(String(40))
    headcount: Mapped[int]
    #: When this organisation's rows were counted; the page shows the oldest in its scope.
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
