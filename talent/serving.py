"""What a pre-forking server needs from the application: gunicorn.conf.py loads ``wsgi`` once in
its master process (``preload_app``) and forks every worker from it, so a worker replacing a
recycled one starts at once instead of importing the application for about two seconds."""

import os

from flask import Flask

from talent.extensions import db


def prepare_for_workers(app: Flask) -> None:
    """Compile every template in the parent, so that forked workers share them (about 1.3 s the
    first pages of each new worker would otherwise pay), and give each forked process a pool of
    its own."""
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)

    def start_with_an_empty_pool() -> None:
        # Two processes using one inherited connection would interleave their statements on
        # it. close=False: the parent's connections stay open and remain the parent's.
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose(close=False)

    os.register_at_fork(after_in_child=start_with_an_empty_pool)
