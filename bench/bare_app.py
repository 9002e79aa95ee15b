"""The floor for bench/home.py: a Flask app that answers "Hello" with nothing else, served by
gunicorn with the same settings as Talent."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello"
