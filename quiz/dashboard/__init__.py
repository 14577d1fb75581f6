from flask import Blueprint

# Views of the review loop (dashboard, review queue, drills, settings); the logic they
# show lives in quiz.review.
bp = Blueprint("review", __name__)

from quiz.dashboard import routes  # noqa: E402, F401
