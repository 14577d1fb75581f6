"""The bank upload form's actions, shared by the upload, draft and publish tests."""

import re
from html import unescape

from tests.conftest import EVERY_KIND, csrf_token_from

NEW = "/instructor/banks/new"
SOURCE = EVERY_KIND.read_text(encoding="utf-8")
HIDDEN_RE = r'name="{}" type="hidden" value="([^"]*)"'

# three questions this app has, and two it has not (matching at line 12, numerical at 14)
GIFT = """// Web frameworks, as a Moodle teacher keeps them
$CATEGORY: $course$/top/Web frameworks

::admin-panel::Which framework ships an auto-generated admin panel? {
  ~FastAPI
  =Django # Right: django.contrib.admin.
  ~Flask
}

::gateway::Which gateway interface is Flask built on? {=WSGI =Web Server Gateway Interface}

::pairs::Match each framework with its interface. {=Flask -> WSGI =FastAPI -> ASGI =Django -> both}

::year::In which year was Flask first released? {#2010:1}

::flask-asgi::Flask 3 runs natively on ASGI. {FALSE#Flask is a WSGI framework.}
"""


def hidden(html: str, name: str) -> str:
    match = re.search(HIDDEN_RE.format(name), html) or re.search(
        rf'id="{name}" name="{name}" type="hidden" value="([^"]*)"', html
    )
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


def textarea(html: str) -> str:
    """The bank source in the upload form's textarea."""
    match = re.search(r'<textarea[^>]*name="source"[^>]*>\r?\n?(.*?)</textarea>', html, re.S)
    assert match
    return unescape(match.group(1))


def post(client, url, page_html, **data):
    """Post the upload form on ``page_html`` with its hidden fields and ``data``."""
    fields = {"csrf_token": csrf_token_from(page_html)}
    for name in ("filename", "base_version", "checked_hash"):
        if f'name="{name}"' in page_html:
            fields[name] = hidden(page_html, name)
    fields.update(data)
    return client.post(url, data=fields, content_type="multipart/form-data")


def check(client, source, url=NEW, **extra):
    """Check Bank ``source`` pasted into the upload form at ``url``."""
    page = client.get(url).get_data(as_text=True)
    return post(client, url, page, source=source, check="Check bank", **extra)


def try_an_answer(client, question_id: str, answer: str, source=SOURCE):
    """Check ``source``, then send ``answer`` from the preview's "Try an answer" box of
    ``question_id``."""
    html = check(client, source).get_data(as_text=True)
    match = re.search(
        rf'name="try-answer-(\d+)"[^>]*aria-label="Try an answer to {question_id}"', html
    )
    assert match, f"no Try an answer box for {question_id}"
    number = match.group(1)
    return post(client, NEW, html, source=source, **{"try": number, f"try-answer-{number}": answer})
