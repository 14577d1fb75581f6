from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import login_required

from quiz.catalog import bank_overview
from quiz.extensions import db
from quiz.main import bp

# Remembered in the browser for a year: the welcome explains the app once.
WELCOME_COOKIE = "welcome_dismissed"


def welcome_dismissed() -> bool:
    return request.cookies.get(WELCOME_COOKIE) == "1"


@bp.get("/")
def index():
    return render_template("main/index.html", banks=bank_overview(db.session))


@bp.post("/welcome/dismiss")
@login_required
def dismiss_welcome():
    response = redirect(url_for("review.dashboard"))
    response.set_cookie(WELCOME_COOKIE, "1", max_age=365 * 24 * 3600, httponly=True, samesite="Lax")
    return response


@bp.get("/favicon.ico")
def favicon():
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
    return redirect(url_for("static", filename="favicon.svg"), code=301)
