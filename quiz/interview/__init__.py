from flask import Blueprint

bp = Blueprint("interview", __name__, url_prefix="/interview")

from quiz.interview import draft_routes, routes  # noqa: E402, F401
