from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from talent.auth import bp
from talent.auth import queries as auth_queries
from talent.auth import services as auth_services
from talent.auth.forms import SignInForm
from talent.auth.policy import public, requires


def _safe_next(target: str | None) -> str:
    # Only local paths: an absolute or scheme-relative URL here would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.show_home")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.show_home"))
    form = SignInForm()
    if form.validate_on_submit():
        result = auth_services.sign_in(form.email.data, form.password.data)
        if result.account is not None:
            # A fresh session on sign-in, so a session id planted before sign-in is worthless.
            session.clear()
            login_user(result.account)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(result.error)
    return render_template("auth/sign-in.html", form=form)


@bp.post("/sign-out")
@public
def sign_out():
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))


@bp.get("/accounts")
@requires("account.list")
def list_accounts():
    page = auth_queries.paginate_accounts(request.args.get("page", 1, type=int))
    return render_template("auth/list-accounts.html", page=page)
