"""Blueprint of the dashboard and review sessions: dashboard, review queues, drills, settings."""

from flask import Blueprint

# The logic these views show lives in quiz.review. The blueprint keeps the name "review"
# because its endpoints (review.dashboard, review.queue, review.drill, review.settings)
# are what templates and redirects link to.
bp = Blueprint("review", __name__)

from quiz.dashboard import routes  # noqa: E402, F401
