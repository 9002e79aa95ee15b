from wtforms import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from talent.forms import NhsDateField, NhsForm, NhsSelectField, NhsTextInputField
from talent.people.models import Band


class EditPostForm(NhsForm):
    title = NhsTextInputField("Post title", validators=[InputRequired("Enter the post title"), Length(max=200)])
    band = NhsSelectField(
        "Band",
        choices=[SelectChoice(band.value, band.label) for band in Band],
        validators=[InputRequired("Select the band")],
    )
    end_date = NhsDateField(
        "End date (optional)", description="Leave blank if the post is open-ended", validators=[Optional()]
    )
    #: The version the editor saw, so a concurrent change is detected rather than overwritten.
    version = HiddenField()
