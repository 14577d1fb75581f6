"""gunicorn settings for `make serve` (production). Every value can be overridden by
the environment variable named beside it."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threaded workers, one per core plus one, four threads each: a request waiting on the
# database or hashing a password (scrypt runs outside the GIL, one at a time per worker:
# quiz/auth/identity.py) leaves the worker's other threads serving. With sync workers a
# wave of logins held every worker for ~0.1 s per hash while answers queued behind them.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request stuck longer than this is killed and its worker replaced; answers retried on a
# locked SQLite database wait at most 3 x 5 s, well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 2
# No preload: each worker opens its own database connections after the fork, so a
# killed worker is replaced by a fresh one without sharing a connection pool.
preload_app = False
accesslog = "-"  # stdout, one line per request
errorlog = "-"
# %(p)s is the worker's pid: which worker served a request shows in the log.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms pid=%(p)s'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
