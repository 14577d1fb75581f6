"""The review loop: fsrs cards per learner (``cards``), topic mastery (``mastery``), the
queue (``queue``) and its pages, review and drill sessions (blueprint ``review``,
templates in ``templates/review/``)."""

from flask import Blueprint

bp = Blueprint("review", __name__)
