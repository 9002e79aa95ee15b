"""Configuration classes for Talent, chosen by ``FLASK_ENV``-style name through :data:`configs`.

Development is the only class with a built-in secret; Production refuses to start without
``SECRET_KEY`` and ``DATABASE_URL`` so that a misconfigured deployment fails loudly instead of
signing cookies with a guessable key or writing to a stray SQLite file.
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
#: Published in the README so that anyone trying `make run` can sign in; demo data only.
DEFAULT_DEMO_PASSWORD = "nhs-talent-demo-2026"  # noqa: S105 (published demo password, demo data only)


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at the psycopg 3 driver, which is the one we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SERVICE_NAME = "Talent"
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'talent.db'}")
    )
    # No ping before every checkout (a round trip on every request): connections are replaced
    # after half an hour instead, well inside any server or proxy idle timeout, and a
    # connection that died anyway fails one request, whose error page is logged.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": 1800}
    #: "json" writes one JSON object per log line with the request id (talent.requestlog).
    LOG_FORMAT = os.environ.get("TALENT_LOG_FORMAT", "text")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    #: Sign-in throttling (talent.auth.services): failures are counted for an email from one source
    #: address, for a source address whatever the email, and for an email from anywhere. Past each
    #: allowance, every further failure makes the wait before the next attempt twice as long,
    #: from the first delay up to the longest; counts are forgotten after a quiet day.
    SIGN_IN_FREE_FAILURES = {"pair": 5, "address": 20, "account": 50}
    SIGN_IN_FIRST_DELAY_SECONDS = 60
    SIGN_IN_LONGEST_DELAY_SECONDS = 3600
    SIGN_IN_FORGET_FAILURES_AFTER = timedelta(hours=24)
    #: How many reverse proxies in front of the service set X-Forwarded-For. The source address
    #: used for throttling is read through exactly that many; 0 trusts no forwarded header.
    TRUSTED_PROXIES = int(os.environ.get("TALENT_TRUSTED_PROXIES", "0"))
    #: Largest request body accepted (a staff import is a command, not an upload).
    MAX_CONTENT_LENGTH = 1024 * 1024

    #: The "challenged organisation" rule used by talent matching: current oversight segment at
    #: or above this number, or (if the flag is on) in the Recovery Support Programme.
    CHALLENGED_MIN_SEGMENT = 4
    CHALLENGED_INCLUDES_RECOVERY_SUPPORT = True

    #: How long a web process trusts its answer to "is demo data loaded?" (the demo banner).
    DEMO_FLAG_SECONDS = 60

    #: Demo accounts' password; the README names the default.
    DEMO_PASSWORD = os.environ.get("TALENT_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)

    #: The consent wording people agree to on the equality information page; change it when
    #: the wording changes, so each profile records which wording its owner agreed to.
    EDI_CONSENT_VERSION = "2026-11"

    #: Disclosure control for every breakdown by protected characteristic (talent.insights):
    #: counts under the minimum are suppressed, the rest rounded to the nearest multiple, and
    #: enough further cells suppressed that no suppressed count can be worked out from totals.
    INSIGHTS_MIN_CELL = 10
    INSIGHTS_ROUND_TO = 5
    INSIGHTS_SECONDARY_SUPPRESSION = True

    #: Days after an appraisal's due date before HR admins are told it is overdue.
    APPRAISAL_HR_GRACE_DAYS = 14

    PAGE_SIZE = 25
    #: Rows per batch: staged and merged together in the staff import, flushed together in the ODS import.
    IMPORT_BATCH_SIZE = 10000
    #: Start APScheduler inside the web process (``make run`` only; production uses one
    #: separate ``flask scheduler run`` process).
    SCHEDULER_IN_PROCESS = os.environ.get("TALENT_SCHEDULER_IN_PROCESS") == "1"

    #: Outgoing email. The sending job retries while the server is unreachable.
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS") == "1"
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_TIMEOUT = 10
    MAIL_FROM = os.environ.get("MAIL_FROM", "talent-no-reply@talent.nhs.uk")
    #: The address people use to reach the service, for links in emails.
    SERVICE_URL = os.environ.get("SERVICE_URL", "http://127.0.0.1:5000")


class Development(Config):
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    # make run serves plain http on 127.0.0.1, where a Secure cookie would never come back.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class Testing(Config):
    TESTING = True
    # Tests load and clear demo data within one process: ask every time.
    DEMO_FLAG_SECONDS = 0
    SECRET_KEY = "testing-only-not-secret"  # noqa: S105 (tests only; Production reads the environment)
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # Tests exercise CSRF explicitly where it matters; the helper posts a token everywhere else.
    WTF_CSRF_ENABLED = True


class Production(Config):
    LOG_FORMAT = os.environ.get("TALENT_LOG_FORMAT", "json")

    @classmethod
    def check(cls) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL") if not os.environ.get(name)]
        if missing:
            raise RuntimeError(f"Production configuration needs {', '.join(missing)} in the environment")

    SECRET_KEY = os.environ.get("SECRET_KEY")


configs = {"development": Development, "testing": Testing, "production": Production}


def select_config(name: str | None = None) -> type[Config]:
    name = name or os.environ.get("TALENT_ENV", "development")
    try:
        config = configs[name]
    except KeyError:
        raise RuntimeError(f"Unknown TALENT_ENV {name!r}; expected one of {', '.join(configs)}") from None
    if config is Production:
        Production.check()
        # Read DATABASE_URL at start-up, not at import, so the check above is what decides.
        config.SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ["DATABASE_URL"])
        config.SECRET_KEY = os.environ["SECRET_KEY"]
    return config
