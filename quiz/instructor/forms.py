from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SubmitField, TextAreaField


class BankUploadForm(FlaskForm):
    """A bank's Markdown, from a file or pasted; the preview's state rides in hidden fields."""

    file = FileField("Markdown file (.md)", render_kw={"accept": ".md,.markdown,text/markdown"})
    source = TextAreaField(
        "Or paste the bank's Markdown", render_kw={"rows": 18, "spellcheck": "false"}
    )
    filename = HiddenField()
    # the live version the preview was made against: Publish refuses if it moved on
    base_version = HiddenField()
    # the source the preview showed: Publish refuses text that was edited but not checked
    checked_hash = HiddenField()
    check = SubmitField("Check bank")
    publish = SubmitField("Publish")


class ActionForm(FlaskForm):
    """A bare POST button (Restore, Retire bank, Restore bank): CSRF token only."""
