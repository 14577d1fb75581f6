"""Blueprint of the home page: the list of banks to practise or review."""

from flask import Blueprint

bp = Blueprint("main", __name__)
