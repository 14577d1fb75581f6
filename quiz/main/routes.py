from __future__ import annotations

from flask import render_template

from quiz.catalog import bank_overview
from quiz.extensions import db
from quiz.main import bp


@bp.get("/")
def index():
    return render_template("main/index.html", banks=bank_overview(db.session))
