from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SubmitField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from quiz.practice.session_rules import DEFAULT_SIZE, MAX_SIZE, MIN_SIZE, MODES


class SessionForm(FlaskForm):
    """Start a session over a scope (the hidden fields come from the page's link)."""

    mode = HiddenField(validators=[AnyOf(MODES, message="Unknown kind of session.")])
    bank = HiddenField(validators=[Optional()])
    topic = HiddenField(validators=[Optional()])
    size = IntegerField(
        "Questions in this session",
        default=DEFAULT_SIZE,
        validators=[
            InputRequired(message=f"Enter a number from {MIN_SIZE} to {MAX_SIZE}."),
            NumberRange(
                min=MIN_SIZE,
                max=MAX_SIZE,
                message=f"Choose from {MIN_SIZE} to {MAX_SIZE} questions.",
            ),
        ],
        render_kw={"min": MIN_SIZE, "max": MAX_SIZE, "inputmode": "numeric"},
    )
    submit = SubmitField("Start session")
