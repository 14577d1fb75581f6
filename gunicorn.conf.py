"""gunicorn settings for `make serve` (production). Every value can be overridden by
the environment variable named beside it."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers, two per core plus one: the app waits on the database, not the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
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
