"""What the parser tests share.

Bodies are built with ``src(*lines)``: the four front-matter lines come first, so the
first body line is line 5 of the file. That keeps every asserted line number checkable
by eye.
"""

from __future__ import annotations

from quiz.banks import Bank, Diagnostic, ParseResult, parse_text

FRONT = ("---", "bank: demo", "title: Demo", "---")


def src(*body: str, front: tuple[str, ...] = FRONT) -> str:
    return "\n".join((*front, *body)) + "\n"


def errors(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in result.errors]


def warnings(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in result.warnings]


def the_error(result: ParseResult) -> Diagnostic:
    assert result.bank is None
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def ok(text: str | bytes) -> Bank:
    result = parse_text(text)
    assert result.errors == [], result.errors
    assert result.bank is not None
    return result.bank


def question(bank: Bank, qid: str):
    matches = [q for q in bank.questions if q.id == qid]
    assert len(matches) == 1, [q.id for q in bank.questions]
    return matches[0]


CONTRACT_BANK = src(
    "# Async support",  # 5
    "",  # 6
    "## Which framework is built on ASGI and awaits `async def` views natively? {#async-native}",
    "- [x] FastAPI",  # 8
    "- [ ] Flask",  # 9
    "- [ ] Django",  # 10
    "",  # 11
    "> FastAPI runs on ASGI (via Starlette), so async endpoints run on an event loop.",  # 12
    "",  # 13
    "## Which of these come with Django out of the box? {#django-batteries}",  # 14
    "- [x] ORM",  # 15
    "- [x] Authentication",  # 16
    "- [ ] Automatic OpenAPI docs",  # 17
    "",  # 18
    "> Django is batteries-included.",  # 19
    "",  # 20
    "## Which gateway interface is Flask built on? {#flask-gateway}",  # 21
    "Answer: WSGI | Web Server Gateway Interface",  # 22
    "",  # 23
    "> Flask is a WSGI framework.",  # 24
    "",  # 25
    "## Why can FastAPI serve many slow I/O-bound requests at once? {#fastapi-concurrency}",
    "Key points:",  # 27
    "- async/await | asynchronous | coroutines",  # 28
    "- ASGI",  # 29
    "- non-blocking | does not block | event loop",  # 30
    "",  # 31
    "> Model answer: FastAPI is ASGI-based, so `async def` endpoints ...",  # 32
    "",  # 33
    "# Summary",  # 34
    "",  # 35
    "| Feature         | FastAPI                | Flask                 | Django        |",  # 36
    "| --------------- | ---------------------- | --------------------- | ------------- |",  # 37
    "| ORM             | Optional (SQLAlchemy)  | Optional (SQLAlchemy) | Built-in      |",  # 38
    "| Admin Interface | No                     | No                    | ✅ Yes        |",  # 39
    "",  # 40
    "# Choosing",  # 41
    "",  # 42
    "| If you want to build...        | Use     |",  # 43
    "| ------------------------------ | ------- |",  # 44
    "| Full web app with admin panel  | Django  |",  # 45
    "| Lightweight app or prototype   | Flask   |",  # 46
)
