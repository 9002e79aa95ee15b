from urllib.parse import urlsplit

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from talent.auth import bp
from talent.auth import queries as auth_queries
from talent.auth import services as auth_services
from talent.auth.forms import SignInForm
from talent.auth.policy import public, requires
from talent.query_args import PageArgs, parse_query


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this service, else the home page.

    Browsers strip tabs and newlines from URLs and read a backslash as a slash, so
    ``/%09/evil.example`` is ``//evil.example`` to them: anything with a control character, a
    backslash, a scheme or a host is refused rather than cleaned up.
    """
    home = url_for("home.show_home")
    if not target or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return home
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("home.show_home"))
    form = SignInForm()
    if form.validate_on_submit():
        result = auth_services.sign_in(form.email.data, form.password.data, address=request.remote_addr)
        if result.account is not None:
            # A fresh session on sign-in, so a session id planted before sign-in is worthless.
            session.clear()
            auth_services.start_session(result.account)
            login_user(result.account)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(result.error)
    return render_template("auth/sign-in.html", form=form)


@bp.post("/sign-out")
@public
def sign_out():
    if current_user.is_authenticated:
        auth_services.end_session(current_user)
    logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in"))


@bp.get("/accounts")
@requires("account.list")
def list_accounts():
    page = auth_queries.paginate_accounts(parse_query(PageArgs).page)
    return render_template("auth/list-accounts.html", page=page)
