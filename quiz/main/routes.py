from __future__ import annotations

from flask import redirect, render_template, url_for

from quiz.bank_store.catalog import bank_overview
from quiz.extensions import db
from quiz.main import bp


@bp.get("/")
def index():
    return render_template("main/index.html", banks=bank_overview(db.session))


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
    return redirect(url_for("static", filename="favicon.svg"), code=301)
