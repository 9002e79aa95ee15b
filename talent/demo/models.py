from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from talent.db import UTCDateTime, utcnow
from talent.extensions import db


class DemoDataset(db.Model):
    """Marks that invented demo data is loaded, so every page can say so."""

    __tablename__ = "demo_datasets"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[str] = mapped_column(String(20), unique=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
