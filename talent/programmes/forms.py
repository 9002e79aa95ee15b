from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from talent.forms import NhsDateField, NhsForm, NhsIntegerField, NhsRadiosField, NhsTextareaField, NhsTextInputField


class CohortForm(NhsForm):
    title = NhsTextInputField(
        "Cohort name",
        description="For example, North West spring 2027",
        validators=[InputRequired("Enter the cohort name"), Length(max=200)],
    )
    starts_on = NhsDateField("Start date", validators=[InputRequired("Enter the start date")])
    ends_on = NhsDateField("End date", validators=[InputRequired("Enter the end date")])
    capacity = NhsIntegerField(
        "Places",
        validators=[
            InputRequired("Enter the number of places"),
            NumberRange(min=1, max=10000, message="Places must be between 1 and 10,000"),
        ],
        render_kw={"nhsuk": {"classes": "nhsuk-input--width-4", "inputmode": "numeric"}},
    )


class EnrolForm(NhsForm):
    person = NhsTextInputField(
        "Person to enrol",
        description="Their work email address or employee number",
        validators=[InputRequired("Enter the person's work email address or employee number"), Length(max=254)],
    )


class CompletionForm(NhsForm):
    outcome = NhsRadiosField(
        "Outcome",
        choices=[SelectChoice("completed", "Completed"), SelectChoice("not_completed", "Did not complete")],
        validators=[InputRequired("Select the outcome")],
    )
    completed_on = NhsDateField("Date of the outcome", validators=[InputRequired("Enter the date of the outcome")])
    assessment_result = NhsTextInputField(
        "Assessment result (optional)", description="For example, Pass or Merit", validators=[Length(max=100)]
    )
    evidence = NhsTextareaField(
        "Evidence",
        description="For example, the certificate number. Needed for a completion.",
        validators=[Optional(), Length(max=2000)],
    )


class ReasonForm(NhsForm):
    reason = NhsTextareaField("Reason (optional)", validators=[Optional(), Length(max=500)])
