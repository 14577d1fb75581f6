"""Blueprint of practice: a bank's or topic's questions one at a time, answers scored."""

from flask import Blueprint

bp = Blueprint("practice", __name__, url_prefix="/practice")
