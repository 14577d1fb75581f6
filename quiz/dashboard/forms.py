from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from quiz.interview.forms import MultiCheckboxField
from quiz.scheduling.schedule import MAX_RETENTION, MIN_RETENTION
from quiz.web.fields import TimeZoneField


class SettingsForm(FlaskForm):
    timezone = TimeZoneField()
    submit = SubmitField("Save settings")


class InterviewDateForm(FlaskForm):
    # checked against the learner's today by quiz.scheduling.readiness.interview_date_problem
    interview_date = DateField("Interview date")
    banks = MultiCheckboxField("Banks it covers (none ticked: every bank)", coerce=int)
    submit = SubmitField("Set interview date")
    clear = SubmitField("Clear interview date")

    def set_bank_choices(self, banks) -> None:
        self.banks.choices = [(b.id, b.title) for b in banks]


_LOW, _HIGH = round(MIN_RETENTION * 100), round(MAX_RETENTION * 100)


class RetentionForm(FlaskForm):
    target = IntegerField(
        "Target recall on the day, in % (fsrs desired retention)",
        validators=[
            InputRequired(message=f"Enter a whole number from {_LOW} to {_HIGH}."),
            # "%%": the validator formats its message with %
            NumberRange(min=_LOW, max=_HIGH, message=f"Choose from {_LOW}%% to {_HIGH}%%."),
        ],
        render_kw={"min": _LOW, "max": _HIGH, "inputmode": "numeric"},
    )
    submit = SubmitField("Save target")
