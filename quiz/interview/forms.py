from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from quiz.interview.service import (
    DEFAULT_QUESTIONS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MIN_MINUTES,
    MIN_QUESTIONS,
    SECONDS_PER_QUESTION,
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StartForm(FlaskForm):
    banks = MultiCheckboxField(
        "Question banks",
        coerce=int,
        validators=[InputRequired(message="Choose at least one question bank.")],
    )
    questions = IntegerField(
        "Number of questions",
        default=DEFAULT_QUESTIONS,
        validators=[
            InputRequired(message=f"Enter a number from {MIN_QUESTIONS} to {MAX_QUESTIONS}."),
            NumberRange(
                min=MIN_QUESTIONS,
                max=MAX_QUESTIONS,
                message=f"Choose from {MIN_QUESTIONS} to {MAX_QUESTIONS} questions.",
            ),
        ],
        render_kw={"min": MIN_QUESTIONS, "max": MAX_QUESTIONS, "inputmode": "numeric"},
    )
    minutes = IntegerField(
        "Time limit in minutes",
        validators=[
            Optional(),
            NumberRange(
                min=MIN_MINUTES,
                max=MAX_MINUTES,
                message=f"Choose from {MIN_MINUTES} to {MAX_MINUTES} minutes, or leave it empty.",
            ),
        ],
        render_kw={
            "min": MIN_MINUTES,
            "max": MAX_MINUTES,
            "inputmode": "numeric",
            "placeholder": f"{SECONDS_PER_QUESTION} s per question",
        },
    )
    # set by the "Abandon it and start this one" button of the in-progress notice
    abandon = BooleanField("Abandon the interview in progress")
    submit = SubmitField("Start interview")

    def set_bank_choices(self, banks) -> None:
        self.banks.choices = [(b.id, f"{b.title} ({b.questions} questions)") for b in banks]
