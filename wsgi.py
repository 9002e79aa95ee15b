"""WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py wsgi:app`` (set TALENT_ENV=production)."""

from talent import create_app
from talent.serving import prepare_for_workers

app = create_app()
prepare_for_workers(app)
