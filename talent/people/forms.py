from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from talent.forms import NhsDateField, NhsForm, NhsSelectField, NhsTextareaField, NhsTextInputField
from talent.people.models import Band


class EditPostForm(NhsForm):
    title = NhsTextInputField("Post title", validators=[InputRequired("Enter the post title"), Length(max=200)])
    band = NhsSelectField(
        "Band",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the band")],
    )
    directorate = NhsTextInputField(
        "Directorate (optional)",
        description="As your organisation names it, for example Surgery or Corporate services",
        validators=[Optional(), Length(max=120)],
    )
    end_date = NhsDateField(
        "End date (optional)", description="Leave blank if the post is open-ended", validators=[Optional()]
    )
    #: The version the editor saw, so a concurrent change is detected rather than overwritten.
    version = HiddenField()
    #: Only shown to, and only honoured for, roles allowed to override the prerequisites.
    override_reason = NhsTextareaField(
        "Reason to override the prerequisites (optional)",
        description="Only if this person should take the post although they do not meet the prerequisites. "
        "The reason is recorded in the audit log.",
        validators=[Optional(), Length(max=500)],
    )


class NewPostForm(NhsForm):
    title = NhsTextInputField("Post title", validators=[InputRequired("Enter the post title"), Length(max=200)])
    band = NhsSelectField(
        "Band",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the band")],
    )
    directorate = EditPostForm.directorate
    start_date = NhsDateField("Start date", validators=[InputRequired("Enter the start date")])
    end_date = NhsDateField(
        "End date (optional)", description="Leave blank if the post is open-ended", validators=[Optional()]
    )
    override_reason = EditPostForm.override_reason
