from __future__ import annotations

import re
from pathlib import PurePath

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from quiz.bank_store.importer import StaleVersion, source_hash
from quiz.config import model_grader_settings
from quiz.database import database_int, optional_database_int
from quiz.extensions import db
from quiz.formats import BANK_MARKDOWN, MAX_SOURCE_BYTES
from quiz.instructor import bp
from quiz.instructor.analysis import MIN_LEARNERS, MIN_REST_ITEMS
from quiz.instructor.exports import DeckImageError, export_bank
from quiz.instructor.forms import ActionForm, BankUploadForm, DraftArticleForm
from quiz.instructor.reports import analysis_rows, item_analysis
from quiz.instructor.service import (
    PASTED_NAME,
    ConvertedSource,
    Preview,
    bank_by_slug,
    bank_rows,
    bank_versions,
    check_source,
    convert_source,
    live_source,
    publish_checked,
    restore_bank,
    restore_version,
    retire_bank,
    source_format,
    split_lines,
    try_answer,
)
from quiz.models import Bank
from quiz.practice.answers import scored_by, typed_answer_problem
from quiz.web.exports import csv_text

MAX_FILENAME = 200
MAX_SUFFIX = 16  # ".markdown" fits; a longer "extension" is part of the name
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


# The upload pages also take files in other tools' formats (an Anki package may carry media).
UPLOAD_ENDPOINTS = ("instructor.new_bank", "instructor.upload_version")


@bp.url_value_preprocessor
def allow_bank_sized_uploads(endpoint, values):
    """A bank may be up to BANK_MAX_BYTES, a file to convert up to MAX_SOURCE_BYTES; leave
    room for the form around it. Only an instructor's upload gets the larger limit.

    A URL value preprocessor, because it runs before every ``before_request`` function,
    the app's CSRF check among them, which reads the form (and so the body) first.
    """
    limit = 2 * current_app.config["BANK_MAX_BYTES"] + 64 * 1024
    if endpoint in UPLOAD_ENDPOINTS and current_user.is_authenticated:
        limit += MAX_SOURCE_BYTES if current_user.is_instructor else 0
    request.max_content_length = limit


@bp.errorhandler(413)
def upload_too_large(error):
    limit = current_app.config["BANK_MAX_BYTES"]
    if request.endpoint == "instructor.draft_article":
        message = (
            f"The article is over the size limit of {limit:,} bytes, so nothing was read or "
            "drafted: split it and draft each part."
        )
        form = DraftArticleForm(formdata=None)
        return render_template("instructor/draft.html", form=form, problems=[message]), 413
    slug = (request.view_args or {}).get("bank_slug")
    target = bank_by_slug(db.session, slug) if slug else None
    message = (
        f"The upload is over the size limit of {MAX_SOURCE_BYTES:,} bytes for a file to "
        f"convert ({limit:,} bytes for a Markdown bank), so nothing was read or changed: "
        "split it into smaller banks."
    )
    return render_template(
        "instructor/upload.html", form=BankUploadForm(formdata=None), target=target,
        preview=None, problems=[message], tried={},
    ), 413  # fmt: skip


@bp.errorhandler(403)
def forbidden(error):
    return render_template(
        "errors/error.html",
        title="Instructors only",
        message="This page is for instructors. Ask an instructor to grant you the role.",
    ), 403


@bp.get("/")
def index():
    return redirect(url_for("instructor.banks"))


@bp.get("/banks/")
def banks():
    return render_template("instructor/banks.html", rows=bank_rows(db.session))


@bp.route("/banks/new", methods=["GET", "POST"])
def new_bank():
    return upload(target=None)


@bp.get("/banks/<bank_slug>/")
def bank(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    versions = bank_versions(db.session, bank.id)
    [row] = bank_rows(db.session, bank_id=bank.id)
    return render_template(
        "instructor/bank.html", bank=bank, row=row, versions=versions, action_form=ActionForm()
    )


@bp.get("/banks/<bank_slug>/source")
def download_source(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    live = live_source(db.session, bank)
    if live is None:
        flash("This bank has no stored source yet: run `flask quiz init` to sync its file.")
        return redirect(url_for("instructor.bank", bank_slug=bank.slug))
    return Response(
        live.source.encode("utf-8"),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="{bank.slug}.md"'},
    )


@bp.get("/banks/<bank_slug>/source/lines")
def source_lines(bank_slug: str):
    """The live source with numbered lines, each an anchor (#L12) the analysis links to."""
    bank = load_bank_or_404(bank_slug)
    live = live_source(db.session, bank)
    lines = split_lines(live.source) if live is not None else []
    return render_template("instructor/source.html", bank=bank, lines=lines)


@bp.get("/banks/<bank_slug>/analysis")
def analysis(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    return render_template(
        "instructor/analysis.html",
        bank=bank,
        stats=item_analysis(db.session, bank),
        min_learners=MIN_LEARNERS,
        min_rest=MIN_REST_ITEMS,
    )


@bp.get("/banks/<bank_slug>/analysis.csv")
def analysis_csv(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    header, rows = analysis_rows(item_analysis(db.session, bank))
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{bank.slug}-analysis.csv"'},
    )


@bp.get("/banks/<bank_slug>/anki.apkg", defaults={"fmt": "anki"})
@bp.get("/banks/<bank_slug>/export.gift", defaults={"fmt": "gift"})
@bp.get("/banks/<bank_slug>/moodle.xml", defaults={"fmt": "moodle-xml"})
def export(bank_slug: str, fmt: str):
    """The live bank as a file for another tool (the same file as `flask quiz export`)."""
    bank = load_bank_or_404(bank_slug)
    try:
        exported = export_bank(db.session, bank, fmt)
    except DeckImageError as exc:
        flash(f"The Anki deck was not exported: {exc}.")
        return redirect(url_for("instructor.bank", bank_slug=bank.slug))
    return Response(
        exported.data,
        mimetype=exported.mimetype,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


@bp.route("/banks/<bank_slug>/upload", methods=["GET", "POST"])
def upload_version(bank_slug: str):
    return upload(target=load_bank_or_404(bank_slug))


@bp.post("/banks/<bank_slug>/versions/<int:number>/restore")
def restore(bank_slug: str, number: int):
    bank = load_bank_or_404(bank_slug)
    try:
        report = restore_version(db.session, bank, number, current_user.id)
    except LookupError:
        abort(404)
    except ValueError as exc:
        flash(f"Version {number} no longer passes the checks, so it was not restored: {exc}")
    except StaleVersion:
        flash("Someone published this bank in between: nothing was restored. Try again.")
    else:
        if report.version is None:
            flash(f"Version {number} is the same as the live version: nothing changed.")
            return redirect(url_for("instructor.bank", bank_slug=bank.slug))
        flash(
            f"Version {number} restored as version {report.version}: {report.added} added, "
            f"{report.updated} updated, {report.retired} retired."
        )
    return redirect(url_for("instructor.bank", bank_slug=bank.slug))


@bp.post("/banks/<bank_slug>/retire")
def retire(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    hidden = retire_bank(db.session, bank)
    flash(
        f"“{bank.title}” is retired: {hidden} questions hidden from learners, their history "
        "kept and their review cards suspended."
    )
    return redirect(url_for("instructor.bank", bank_slug=bank.slug))


@bp.post("/banks/<bank_slug>/restore")
def unretire(bank_slug: str):
    bank = load_bank_or_404(bank_slug)
    try:
        report = restore_bank(db.session, bank)
    except ValueError as exc:
        flash(f"“{bank.title}” could not be restored: {exc}.")
    else:
        flash(f"“{bank.title}” is back: {report.updated + report.added} questions live again.")
    return redirect(url_for("instructor.bank", bank_slug=bank.slug))


def load_bank_or_404(bank_slug: str) -> Bank:
    bank = bank_by_slug(db.session, bank_slug)
    if bank is None:
        abort(404)
    return bank


def upload(target: Bank | None):
    """Check, try and publish a bank's source; every step re-validates what the form carries.

    A file in another tool's format is converted first; its Markdown then goes through
    the same check and preview, and Publish takes that Markdown from the form.
    """
    form = BankUploadForm()
    if request.method == "GET" or not form.validate_on_submit():
        return render_upload(form, target)
    data, filename = submitted_source(form)
    if data is None:
        return render_upload(
            form, target, problems=["Choose a bank file or paste the bank's Markdown, then check."]
        )
    fmt = source_format(form.source_format.data, data, filename)
    if fmt is None:
        message = (
            f"Cannot tell the format of {filename}: choose it under Format, then press "
            "Check bank again."
        )
        return render_upload(form, target, problems=[message])
    converted = None
    if fmt != BANK_MARKDOWN:
        converted = convert_source(data, filename, fmt, target)
        if not converted.conversion.markdown:  # the file could not be read at all
            return render_upload(form, target, converted=converted)
        data, filename = converted.conversion.markdown, converted.markdown_name
        form.source_format.data = "auto"  # the form now carries Markdown
    preview = check_source(db.session, data, filename, current_app.config["BANK_MAX_BYTES"], target)
    if converted is not None and converted.errors:
        count = len(converted.errors)
        preview.problems.append(
            f"{count} error{'s' if count != 1 else ''} in {converted.source_name} (listed "
            "above): fix the file and upload it again, or fix the converted Markdown below "
            "and press Check bank."
        )
    form.source.data = preview.text or ""
    form.filename.data = preview.filename
    if "try" in request.form:
        return render_upload(form, target, preview, tried=tried_answers(preview))
    if form.publish.data and preview.text is not None and converted is None:
        return publish_preview(form, target, preview)
    mark_checked(form, preview)
    return render_upload(form, target, preview, converted=converted)


def mark_checked(form: BankUploadForm, preview: Preview) -> None:
    """Record what the preview was checked against, so Publish can take it as it is; a
    confirmation of its cautions is asked again after every check."""
    form.base_version.data = preview.base_version
    form.checked_hash.data = source_hash(preview.text) if preview.text is not None else ""
    form.confirm_publish.data = False


def publish_preview(form: BankUploadForm, target: Bank | None, preview: Preview):
    assert preview.text is not None
    if form.checked_hash.data != source_hash(preview.text):
        mark_checked(form, preview)
        message = "The Markdown changed since it was checked: here is the new check; publish again."
        return render_upload(form, target, preview, problems=[message])
    if not preview.publishable:
        return render_upload(form, target, preview, problems=["Fix every error before publishing."])
    if preview.cautions and not form.confirm_publish.data:
        message = (
            "Not published: read the warnings under “Before you publish”, then tick "
            f"“{form.confirm_publish.label.text}” and press Publish."
        )
        return render_upload(form, target, preview, problems=[message])
    expected = optional_database_int(form.base_version.data)
    if expected is None:
        return render_upload(form, target, preview, problems=["Press Check bank, then Publish."])
    try:
        report = publish_checked(db.session, preview, current_user.id, expected)
    except StaleVersion as stale:
        live = stale.bank.version if stale.bank else 0
        message = (
            f"Not published: someone published version {live} of this bank after your preview, "
            f"which was checked against version {expected}. Your Markdown is kept below: press "
            "Check bank to see it against the new live version, then Publish."
        )
        return render_upload(form, target, preview, problems=[message])
    if report.version is None:
        flash("Nothing to publish: this is the live version already.")
    else:
        flash(
            f"Published version {report.version} of {report.bank}: {report.added} added, "
            f"{report.updated} updated, {report.retired} retired, {report.unchanged} unchanged."
        )
    return redirect(url_for("instructor.bank", bank_slug=report.bank))


def submitted_source(form: BankUploadForm) -> tuple[str | bytes | None, str]:
    """The chosen file's bytes, else the textarea's text; with the name errors are shown under."""
    upload = form.file.data
    if upload is not None and upload.filename:
        return upload.read(), clean_filename(upload.filename)
    # browsers send a textarea's lines with CRLF; the bank is stored with the lines as typed
    text = (form.source.data or "").replace("\r\n", "\n")
    if not text.strip():
        return None, ""
    return text, clean_filename(form.filename.data or PASTED_NAME)


def clean_filename(name: str) -> str:
    """The last part of an uploaded file's name, without control characters (NUL among
    them: PostgreSQL refuses it), shortened to MAX_FILENAME keeping its extension."""
    base = PurePath(CONTROL_CHARACTERS.sub("", name).replace("\\", "/")).name
    if len(base) > MAX_FILENAME:
        suffix = PurePath(base).suffix[:MAX_SUFFIX]
        base = base[: MAX_FILENAME - len(suffix)] + suffix
    return base or PASTED_NAME


def tried_answers(preview: Preview) -> dict[int, dict]:
    """The try-an-answer box that was submitted, graded with the app's own grader."""
    number = request.form.get("try", type=database_int)
    question = next((q for q in preview.questions if q.number == number), None)
    if question is None:
        return {}
    typed = request.form.get(f"try-answer-{number}", "")
    picked = request.form.getlist(f"try-choice-{number}")
    problem = typed_answer_problem(typed, required=False)
    if problem:
        return {number: {"problem": problem, "typed": "", "picked": picked}}
    result = try_answer(question.spec, typed, picked, model_grader_settings())
    return {
        number: {
            "grade": result,
            "scored_by": scored_by(result.grader),
            "typed": typed,
            "picked": picked,
        }
    }


def render_upload(
    form: BankUploadForm,
    target: Bank | None,
    preview: Preview | None = None,
    problems: list[str] | None = None,
    tried: dict[int, dict] | None = None,
    converted: ConvertedSource | None = None,
    **draft_notice,
):
    """The upload page; ``converted`` when a file in another format was just converted;
    ``draft_notice`` (draft, drafted_from) when showing a fresh draft."""
    problems = (problems or []) + (preview.problems if preview else [])
    return render_template(
        "instructor/upload.html",
        form=form,
        target=target,
        preview=preview,
        problems=problems,
        tried=tried or {},
        converted=converted,
        **draft_notice,
    )
