"""Blueprint of the home page: the list of banks to practise or review."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from quiz.main import routes  # noqa: E402, F401
