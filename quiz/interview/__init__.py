"""Blueprint and logic of timed mock interviews: start, answer, finish, report, history."""

from flask import Blueprint

bp = Blueprint("interview", __name__, url_prefix="/interview")
