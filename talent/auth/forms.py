from wtforms.validators import InputRequired, Length

from talent.forms import NhsEmailField, NhsForm, NhsPasswordField


class SignInForm(NhsForm):
    email = NhsEmailField(
        "Email address",
        validators=[InputRequired("Enter your email address"), Length(max=254)],
        render_kw={"nhsuk": {"autocomplete": "email", "spellcheck": False}},
    )
    password = NhsPasswordField(
        "Password",
        validators=[InputRequired("Enter your password"), Length(max=256)],
        render_kw={"nhsuk": {"autocomplete": "current-password"}},
    )
