from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from quiz.fields import TimeZoneField

# Long passphrases are welcome; the cap only stops absurd inputs. Nothing is truncated.
PASSWORD_MIN, PASSWORD_MAX = 8, 1024


class RegistrationForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(min=3, max=64),
            Regexp(r"^[\w.-]+$", message="Use letters, digits, '.', '-' or '_'."),
        ],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use at least {PASSWORD_MIN} characters.",
            ),
        ],
        render_kw={"autocomplete": "new-password", "minlength": PASSWORD_MIN},
    )
    confirm = PasswordField(
        "Confirm password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_username(self, field: StringField) -> None:
        # accounts are keyed by the casefolded name, which can be longer ("ﬃ" → "ffi")
        if len(field.data.strip().casefold()) > 64:
            raise ValidationError("Use at most 64 characters.")

    # pre-filled with the browser's zone (static/timezone.js); changeable later in settings
    timezone = TimeZoneField()
    submit = SubmitField("Register")


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
