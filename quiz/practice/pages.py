"""The question page and the URLs a session carries on at, shared by the practice views
and the review queue's (``quiz/review/routes.py``), so neither imports the other's views.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from quiz.extensions import db
from quiz.models import Bank, PracticeSession, ServedQuestion, Topic
from quiz.practice import sessions
from quiz.practice.scope import Scope
from quiz.practice.serving import Named, ShownQuestion, bank_named, topic_named
from quiz.practice.sessions import OnScreen, SessionView


def scope_url(served: ServedQuestion | PracticeSession) -> str:
    """Where the session a question was served in carries on."""
    return scope_url_for(Scope(served.bank_id, served.topic_id, served.mode))


def scope_url_for(scope: Scope) -> str:
    bank = db.session.get(Bank, scope.bank_id) if scope.bank_id is not None else None
    topic = db.session.get(Topic, scope.topic_id) if scope.topic_id is not None else None
    return scope_url_from(scope.mode, bank.slug if bank else None, topic.slug if topic else None)


def scope_url_from(mode: str, bank_slug: str | None, topic_slug: str | None) -> str:
    """:func:`scope_url_for` a scope whose bank's and topic's slugs are known."""
    if mode == "review":
        return url_for("review.queue", bank_slug=bank_slug)
    if bank_slug is None:
        return url_for("main.index")
    if mode == "drill" and topic_slug is not None:
        return url_for("review.drill", bank_slug=bank_slug, topic_slug=topic_slug)
    if topic_slug is None:
        return url_for("practice.bank", bank_slug=bank_slug)
    return url_for("practice.topic", bank_slug=bank_slug, topic_slug=topic_slug)


def bank_or_404(bank_slug: str) -> Named:
    bank = bank_named(db.session, bank_slug)
    if bank is None:
        abort(404)
    return bank


def topic_or_404(bank: Named, topic_slug: str) -> Named:
    topic = topic_named(db.session, bank.id, topic_slug)
    if topic is None:
        abort(404)
    return topic


def show(
    served: ShownQuestion,
    practice: SessionView | None = None,
    scope_url: str | None = None,
    **context,
):
    """The question page; the session and the scope's URL are looked up unless given."""
    question = served.question
    options = [(pos, question.options_html[i]) for pos, i in enumerate(served.option_order, 1)]
    if practice is None and served.session_id is not None:
        practice = sessions.session_view(db.session, served.session_id)
    return render_template(
        "practice/question.html",
        served=served,
        question=question,
        options=options,
        scope_url=scope_url or scope_url_for(served.scope),
        practice=practice,
        progress=practice.progress if practice else None,
        **context,
    )


def show_on_screen(on_screen: OnScreen, scope_url: str, **context):
    """The question on screen, or the summary of the session it just ended."""
    if on_screen.question is None:
        return redirect(url_for("practice.summary", session_id=on_screen.practice.id))
    return show(
        on_screen.question,
        on_screen.practice,
        scope_url=scope_url,
        session_notice=on_screen.notice,
        **context,
    )
