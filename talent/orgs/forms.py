from datetime import date

from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from talent.forms import NhsDateField, NhsForm, NhsRadiosField, NhsTextInputField


class RecordSegmentForm(NhsForm):
    segment = NhsRadiosField(
        "Oversight segment",
        choices=[SelectChoice(str(number), f"Segment {number}") for number in range(1, 6)],
        validators=[InputRequired("Select the oversight segment")],
    )
    effective_from = NhsDateField(
        "Date the segment applies from",
        description="For example, 1 7 2026",
        validators=[InputRequired("Enter the date the segment applies from")],
    )
    framework_version = NhsTextInputField(
        "Oversight framework version",
        description="For example, NOF 2025/26",
        default="NOF 2025/26",
        validators=[InputRequired("Enter the oversight framework version"), Length(max=40)],
    )

    def validate_effective_from(self, field):
        if field.data and field.data > date.today().replace(year=date.today().year + 1):
            raise ValueError("Date the segment applies from must be within the next year")
