from wtforms.validators import InputRequired, Length

from talent.forms import NhsForm, NhsTextareaField


class StatementForm(NhsForm):
    text = NhsTextareaField(
        "Behaviour statement",
        description="Write what someone meeting the standard does, in plain English",
        validators=[InputRequired("Enter the behaviour statement"), Length(max=1000)],
    )
