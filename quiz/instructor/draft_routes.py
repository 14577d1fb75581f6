"""Draft from article: an article in, the upload page's checked preview of its draft out.

The draft is only text in the upload form: it is checked like any pasted bank and stored
only when the instructor presses Publish on the upload page.
"""

from __future__ import annotations

import re

from flask import current_app, render_template

from quiz.drafting import Draft, DraftError, draft_bank
from quiz.extensions import db
from quiz.instructor import bp
from quiz.instructor.forms import BankUploadForm, DraftArticleForm
from quiz.instructor.routes import clean_filename, mark_checked, render_upload
from quiz.instructor.service import PASTED_NAME, check_source

# draft_bank writes the bank id (a slug) as the front matter's first line
BANK_LINE_RE = re.compile(r"^bank: ([a-z0-9-]+)$", re.MULTILINE)


@bp.route("/banks/draft", methods=["GET", "POST"])
def draft_article():
    form = DraftArticleForm()
    if not form.validate_on_submit():
        return render_form(form, [], 422 if form.errors else 200)
    article, name = submitted_article(form)
    if article is None:
        return render_form(
            form, ["Choose an article file or paste the article, then press Draft bank."]
        )
    limit = current_app.config["BANK_MAX_BYTES"]
    try:
        draft = draft_within(article, limit, form.bank_id.data, form.title.data)
    except DraftError as exc:
        reason = str(exc)
        return render_form(
            form, [f"{reason[:1].upper()}{reason[1:]} ({name}). Nothing was drafted or stored."]
        )
    preview = check_source(db.session, draft.markdown, draft_filename(draft.markdown), limit)
    upload_form = BankUploadForm(formdata=None)
    upload_form.source.data = preview.text
    upload_form.filename.data = preview.filename
    mark_checked(upload_form, preview)
    return render_upload(upload_form, None, preview, draft=draft, drafted_from=name)


def render_form(form: DraftArticleForm, problems: list[str], status: int = 422):
    return render_template("instructor/draft.html", form=form, problems=problems), status


def draft_within(article: str | bytes, limit: int, bank_id: str | None, title: str | None) -> Draft:
    """The article's draft, refused (DraftError) when the article or its draft is over a
    bank's size limit: a bigger draft could neither be checked nor sent back to publish."""
    draft = draft_bank(
        article,
        bank_id=(bank_id or "").strip() or None,
        title=(title or "").strip() or None,
        max_bytes=limit,
        validate=False,  # the upload page's check parses the draft; once is enough
    )
    size = len(draft.markdown.encode("utf-8"))
    if size > limit:
        raise DraftError(
            f"the draft of this article would be {size:,} bytes, over the {limit:,}-byte "
            "limit of a bank: split the article and draft each part"
        )
    return draft


def submitted_article(form: DraftArticleForm) -> tuple[str | bytes | None, str]:
    """The chosen file's bytes, else the pasted text; with the name messages use."""
    upload = form.file.data
    if upload is not None and upload.filename:
        return upload.read(), clean_filename(upload.filename)
    text = form.article.data or ""
    return (text if text.strip() else None), "the pasted article"


def draft_filename(markdown: str) -> str:
    """``<bank id>.md``: the name the preview quotes lines under and the version records."""
    match = BANK_LINE_RE.search(markdown)
    return f"{match.group(1)}.md" if match else PASTED_NAME
