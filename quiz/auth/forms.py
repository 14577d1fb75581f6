from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from quiz.auth.identity import PASSWORD_MIN, password_problem, username_problem
from quiz.web.fields import TimeZoneField


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired()],
        render_kw={"autocomplete": "new-password", "minlength": PASSWORD_MIN},
    )


def confirm_field() -> PasswordField:
    return PasswordField(
        "Confirm password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )


class RegistrationForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired()],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = new_password_field("Password")
    confirm = confirm_field()
    # pre-filled with the browser's zone (static/timezone.js); changeable later in settings
    timezone = TimeZoneField()
    submit = SubmitField("Register")

    def validate_username(self, field: StringField) -> None:
        problem = username_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data, self.username.data or "")
        if problem:
            raise ValidationError(problem)


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired()],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")


class LogoutEverywhereForm(FlaskForm):
    submit = SubmitField("Log out everywhere")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password", "autofocus": True},
    )
    password = new_password_field("New password")
    confirm = confirm_field()
    submit = SubmitField("Change password")
