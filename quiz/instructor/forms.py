from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from quiz.banks.model import MAX_BANK_ID, MAX_TITLE

# The upload page's format choice: this app's Markdown or a format quiz.formats converts.
SOURCE_FORMATS = [
    SelectChoice("auto", "Detect from the file"),
    SelectChoice("markdown", "Markdown bank (this app's format)"),
    SelectChoice("gift", "GIFT (Moodle)"),
    SelectChoice("moodle-xml", "Moodle XML"),
    SelectChoice("aiken", "Aiken"),
    SelectChoice("quizdown", "quizdown"),
    SelectChoice("anki-csv", "Anki notes as text (CSV/TSV)"),
    SelectChoice("apkg", "Anki package (.apkg)"),
]
SOURCE_ACCEPT = ".md,.markdown,text/markdown,.gift,.txt,.xml,.csv,.tsv,.apkg,.colpkg"


class BankUploadForm(FlaskForm):
    """A bank's Markdown, from a file or pasted, or a file in another tool's format to
    convert; the preview's state rides in hidden fields."""

    file = FileField(
        "Bank file (.md, or GIFT, Moodle XML, Aiken, quizdown, Anki)",
        render_kw={"accept": SOURCE_ACCEPT},
    )
    source_format = SelectField("Format", choices=SOURCE_FORMATS, default="auto")
    source = TextAreaField(
        "Or paste the bank's Markdown", render_kw={"rows": 18, "spellcheck": "false"}
    )
    filename = HiddenField()
    # the live version the preview was made against: Publish refuses if it moved on
    base_version = HiddenField()
    # the source the preview showed: Publish refuses text that was edited but not checked
    checked_hash = HiddenField()
    # ticked to publish a bank whose preview lists cautions (TODOs, a title taken, ...)
    confirm_publish = BooleanField("Publish anyway: I have read the warnings above")
    check = SubmitField("Check bank")
    publish = SubmitField("Publish")


class DraftArticleForm(FlaskForm):
    """An article, from a file or pasted, to draft a bank from; nothing here is stored."""

    file = FileField(
        "Article file (.md, .txt)", render_kw={"accept": ".md,.txt,.markdown,text/markdown"}
    )
    article = TextAreaField("Or paste the article", render_kw={"rows": 14})
    bank_id = StringField(
        "Bank id (optional)",
        validators=[Length(max=MAX_BANK_ID)],
        render_kw={"spellcheck": "false", "autocomplete": "off"},
        description="Lowercase letters, digits and hyphens; taken from the title if left empty.",
    )
    title = StringField(
        "Title (optional)",
        validators=[Length(max=MAX_TITLE)],
        description="Taken from the article's first heading if left empty.",
    )
    submit = SubmitField("Draft bank")


class ActionForm(FlaskForm):
    """A bare POST button (Restore, Retire bank, Restore bank): CSRF token only."""
