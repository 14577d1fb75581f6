"""The site menu's items, rendered once per account name, role and script root.

Every page shows them; rendering ``_nav.html`` (a dozen URLs and three reads of
``current_user``) took a sixth of a question page's template time. The items depend on
nothing else but the logout form's CSRF token, which is filled in on every request and
never kept (quiz/web/caching.py).
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from quiz.web.caching import page_cache

# Stands for the token in a kept menu. Markup, so rendered as it is: a username holding
# the same text is escaped ("&lt;"), so it can never be mistaken for it.
_TOKEN = Markup("<csrf-token>")


def site_nav() -> Markup:
    """``_nav.html`` for the logged-in account (or none), with this request's token."""
    key = (
        request.script_root,
        current_user.is_authenticated,
        getattr(current_user, "username", None),
        getattr(current_user, "is_instructor", False),
    )
    kept = page_cache("site nav").get_or_build(key, None, None, _render_nav)
    return Markup(kept.replace(_TOKEN, generate_csrf()))


def _render_nav() -> str:
    return render_template("_nav.html", csrf_token=lambda: _TOKEN)
