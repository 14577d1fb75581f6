"""Blueprint of the progress page: seen/total, accuracy and attempts per bank and topic."""

from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/progress")
