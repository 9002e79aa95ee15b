"""WSGI entry point for gunicorn: ``gunicorn wsgi:app`` (set TALENT_ENV=production)."""

from talent import create_app

app = create_app()
