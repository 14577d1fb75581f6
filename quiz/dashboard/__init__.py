"""The dashboard (due counts, streak, weakest topics, charts), the welcome and the
learner's settings: blueprint ``dashboard``, templates in ``templates/dashboard/``."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
