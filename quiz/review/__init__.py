from flask import Blueprint

bp = Blueprint("review", __name__)

from quiz.review import routes  # noqa: E402, F401
