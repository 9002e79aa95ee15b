"""gunicorn settings for Talent: `make serve`, or `gunicorn -c gunicorn.conf.py wsgi:app`.

Each setting can be overridden from the environment, so the same file serves a laptop, one VM
and containers behind a load balancer (docs/architecture.md, "Serving and scaling").
"""

import logging
import multiprocessing
import os
import sys

bind = os.environ.get("TALENT_BIND", "127.0.0.1:8000")
# Sync workers spend much of each request waiting on PostgreSQL, so two per core and one more
# keep the cores busy (gunicorn's own rule of thumb); a container given one core gets three.
workers = int(os.environ.get("TALENT_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A page taking longer than this is a fault to log, not something to wait for.
timeout = int(os.environ.get("TALENT_WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The application is loaded once, in the master, and every worker is forked from it
# (talent.serving): a worker that replaces a recycled one starts in milliseconds with its
# templates compiled, instead of spending two seconds importing while its share of requests
# waits. New code therefore needs a restart of gunicorn, not a HUP.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound; the jitter stops them
# all restarting at once.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on tmpfs: a worker blocked on a slow disk is not mistaken for a hung one.
TMPFS = "/dev/shm"  # noqa: S108 (gunicorn's documented place for the heartbeat; a file per worker)
worker_tmp_dir = TMPFS if os.path.isdir(TMPFS) else None
# Access log to stdout with the request id the app gives every response (talent.requestlog).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
errorlog = "-"
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), so two
# instances on one host would fight over it; instances are managed by signals instead.
control_socket_disable = True


def worker_exit(server, worker):
    """A worker that has served (recycled, or shut down with gunicorn) leaves without the
    interpreter tearing the application down object by object: that took about half a second,
    and the worker's replacement is only started once it has gone. Logs are flushed first, and
    the exit code is kept. Nothing of the application's runs at exit (no atexit handlers, no
    threads; emails wait in the database for the scheduler's job). A worker that never booted
    leaves the usual way, so that gunicorn still sees its boot error and stops instead of
    starting it again and again."""
    if not worker.booted:
        return
    leaving = sys.exc_info()[1]
    code = leaving.code if isinstance(leaving, SystemExit) else 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))
