"""Talent as served in production, plus one page that only checks who is signed in and renders
nothing. bench/home.py measures it beside the bare app: it is the most any signed-in page can do
(session, roles, middleware), so it shows how far a real page's throughput can go."""

from talent.auth.policy import requires
from wsgi import app


@app.get("/bench/signed-in-floor")
@requires("home.view")
def signed_in_floor():
    return "Hello"
