from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from quiz.auth import bp
from quiz.auth.account import (
    Account,
    account_row,
    find_user,
    load_account,
    register_user,
    sign_in,
    sign_out,
    sign_out_everywhere,
)
from quiz.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    LogoutEverywhereForm,
    LogoutForm,
    RegistrationForm,
)
from quiz.auth.identity import password_problem, spend_password_check_time
from quiz.extensions import db, login_manager

login_manager.login_view = "auth.login"
login_manager.login_message = "Log in to practise."


@login_manager.user_loader
def load_user(session_id: str) -> Account | None:
    return load_account(db.session, session_id)


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
    return url_for("dashboard.index")


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegistrationForm()
    if form.validate_on_submit():
        user = register_user(
            db.session, form.username.data.strip(), form.password.data, form.timezone.data
        )
        if user is None:
            form.username.errors.append("That username is taken. Please choose another.")
        else:
            account = sign_in(db.session, user)
            db.session.commit()
            login_user(account)
            # the dashboard it leads to says welcome once
            flash(f"Account created: you are signed in as {user.username}.")
            return redirect(home_url())
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(db.session, form.username.data)
        if user is None:
            spend_password_check_time(form.password.data)  # unknown names answer as slowly
        elif user.check_password(form.password.data):
            account = sign_in(db.session, user)
            db.session.commit()
            login_user(account, remember=form.remember.data)
            return redirect(next_url or home_url())
        form.password.errors.append("Unknown username or wrong password.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    # this browser's sign-in only: a copied session or remember cookie of it stops too
    if LogoutForm().validate_on_submit():
        sign_out(db.session, current_user)
        db.session.commit()
        logout_user()
        flash("You are logged out.")
    return redirect(url_for("auth.login"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    if LogoutEverywhereForm().validate_on_submit():
        sign_out_everywhere(db.session, current_user.id)
        db.session.commit()
        logout_user()
        flash("You are logged out on every device.")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = account_row(db.session)
        problem = password_problem(form.password.data, user.username)
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        elif problem:
            form.password.errors.append(problem)
        else:
            user.set_password(form.password.data)
            sign_out_everywhere(db.session, user.id)
            account = sign_in(db.session, user)  # this browser keeps going
            db.session.commit()
            login_user(account)
            flash("Password changed. Every other session has been logged out.")
            return redirect(url_for("dashboard.settings"))
    return render_template("auth/password.html", form=form)
