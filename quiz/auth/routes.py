from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quiz.auth import bp
from quiz.auth.forms import LoginForm, LogoutForm, RegistrationForm
from quiz.extensions import db, login_manager
from quiz.models import User

login_manager.login_view = "auth.login"
login_manager.login_message = "Log in to practise."


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def home_url() -> str:
    return url_for("review.dashboard")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegistrationForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        user = User(
            username=username,
            username_key=username.casefold(),
            timezone=form.timezone.data,
        )
        user.set_password(form.password.data)
        taken = db.session.scalar(sa.select(User.id).where(User.username_key == user.username_key))
        if taken is None:
            db.session.add(user)
            try:
                db.session.commit()
            except sa.exc.IntegrityError:  # registered by someone else a moment ago
                db.session.rollback()
                taken = True
        if taken is not None:
            form.username.errors.append("That username is taken. Please choose another.")
        else:
            login_user(user)
            flash(f"Welcome, {user.username}! Drill a topic below, or pick a bank under Practice.")
            return redirect(home_url())
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or home_url())
    form = LoginForm()
    if form.validate_on_submit():
        key = form.username.data.strip().casefold()
        user = db.session.scalar(sa.select(User).where(User.username_key == key))
        if user is not None and user.check_password(form.password.data):
            login_user(user, remember=form.remember.data)
            return redirect(next_url or home_url())
        form.password.errors.append("Unknown username or wrong password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash("You are logged out.")
    return redirect(url_for("auth.login"))
