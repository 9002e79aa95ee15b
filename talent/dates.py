"""Dates as the NHS digital service manual writes them: 22 November 2026, 3:05pm."""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def nhs_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def nhs_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{nhs_date(local)} at {hour}{minutes}{suffix}"


def parse_ods_date(text: str) -> date:
    """Parse an ODS YYYYMMDD date; raises ValueError with the offending text."""
    if len(text) != 8 or not text.isdigit():
        raise ValueError(f"'{text}' is not a date in YYYYMMDD form")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def add_months(day: date, months: int) -> date:
    """``day`` moved on (or back) by whole months, on the same day of the month or the month's last."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
