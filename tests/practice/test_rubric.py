"""The rubric check of an open answer: matched words highlighted, a checklist the learner
may correct ("I covered this", "I said this"), its score stored apart from the automatic
one and counted in progress, the CSV export and the review schedule."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, AttemptSummary, Card, ReviewLog
from quiz.practice.rubric import Checklist, build_checklist, checklist_score, highlight
from quiz.practice.session_rules import SessionAnswer
from quiz.scheduling.schedule import AGAIN, GOOD, HARD
from tests.conftest import (
    DATA_DIR,
    STAMP_RE,
    answer_interview,
    attempts,
    csrf_token_from,
    import_bank,
    imported_copy,
    interviews,
    open_question,
    post_checklist,
    rate_answer,
    start_interview,
    submit,
)

RUBRIC = DATA_DIR / "rubric.md"
KEY = "io-concurrency"
FALSE_MATCH = "Coroutines are a Python thing I never used; it is just fast."  # 1 of 3: 33%
THREADS = "It starts one thread per request, and ASGI handles the rest with async/await."


@pytest.fixture
def rubric_bank(app, tmp_path):
    """A copy of tests/data/rubric.md, imported, that a test may edit and re-import."""
    return imported_copy(app, tmp_path, RUBRIC)


@pytest.fixture
def learner(client, auth, rubric_bank):
    auth.register()


def answered(client, app, text: str) -> tuple[Attempt, str]:
    html, token, _ = open_question(client, app, KEY)
    page = submit(client, html, token, answer=text).get_data(as_text=True)
    return attempts(app)[-1], page


def reload(app, attempt_id) -> Attempt:
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        db.session.expunge(attempt)
        return attempt


def card_of(app, attempt) -> Card | None:
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.question_id == attempt.question_id))
        if card is not None:
            db.session.expunge(card)
        return card


def progress_accuracy(client) -> str:
    page = client.get("/progress/").get_data(as_text=True)
    match = re.search(r"Concurrency</a></th>\s*<td[^>]*>1 / 1</td>\s*<td[^>]*>([^<]+)</td>", page)
    assert match, "no Concurrency row"
    return match.group(1)


# --------------------------------------------------------------------- the page


def test_the_answer_shows_its_matched_words_and_a_ticked_checklist(client, app, learner):
    attempt, page = answered(client, app, "<b>" + THREADS + "</b> & more")
    # escaped, with each match marked and named (number and words, not colour alone)
    assert "&lt;b&gt;It starts " in page and "<b>It" not in page and "&amp; more" in page
    assert '<mark class="rubric-mark">ASGI<span class="visually-hidden"> (key point 2)</span>' in (
        page
    )
    assert '<span class="rubric-tag" aria-hidden="true">2</span></mark>' in page
    assert (
        '<mark class="rubric-mark rubric-mark-wrong">one thread per request'
        '<span class="visually-hidden"> (misconception M1)</span>'
    ) in page
    # the checklist: covered points and the asserted misconception ticked as graded
    ticked = re.findall(r'name="(covered|asserted)" value="(\d)"[^>]*?( checked)?>', page)
    assert ticked == [
        ("covered", "0", " checked"),
        ("covered", "1", " checked"),
        ("covered", "2", ""),
        ("asserted", "0", " checked"),
    ]
    assert "— I covered this" in page and "— I said this" in page
    assert "Your words: “one thread per request”, “thread per request”." in page
    # why the misconception is wrong, rendered and sanitised like explanations
    assert "Why it is wrong:</strong> <p>FastAPI runs <code>async def</code>" in page
    assert "<strong>one</strong> event loop" in page
    assert ">Save my checklist</button>" in page
    assert STAMP_RE.search(page).group(1) == "grader"
    assert attempt.score == pytest.approx(0.2)


def test_i_dont_know_and_choice_answers_have_no_checklist(client, app, learner, every_kind_bank):
    html, token, _ = open_question(client, app, KEY)
    page = submit(client, html, token, dont_know="1").get_data(as_text=True)
    assert "Save my checklist" not in page and 'class="keypoints"' in page
    html, token, options = open_question(client, app, "admin-panel")
    page = submit(client, html, token, choice=options["Django"]).get_data(as_text=True)
    assert "Save my checklist" not in page
    for attempt in attempts(app):
        response = post_checklist(client, attempt.id, page, covered=[0], stamp="grader")
        assert "Only a typed answer to an open question" in response.get_data(as_text=True)
        assert reload(app, attempt.id).corrected_at is None


def test_highlights_cover_every_whole_word_occurrence_and_overlaps():
    segments = highlight("ASGI, not WSGI; ASGIX; ASGI and more.", [["ASGI"]], [["ASGI and"]])
    marked = [(s.text, s.points, s.misconceptions) for s in segments if s.marked]
    assert marked == [("ASGI", (0,), ()), ("ASGI", (0,), (0,)), (" and", (), (0,))]
    # the grader's spans are of the NFKC text; full-width letters show as typed
    [mark] = [s for s in highlight("ＡＳＧＩ is it", [["ASGI"]], []) if s.marked]
    assert mark.text == "ＡＳＧＩ"


# --------------------------------------------------------------- correcting it


def test_unticking_a_false_match_is_stored_apart_and_counts_in_progress(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    assert attempt.score == pytest.approx(1 / 3)
    assert progress_accuracy(client) == "33%"
    result = post_checklist(client, attempt.id, page, covered=[]).get_data(as_text=True)
    assert "Checklist saved: this answer now counts 0% in your progress" in result
    assert "the automatic score, 33%, is kept" in result
    assert "Your checklist: <strong>0%</strong>, which counts in your progress." in result
    assert "The automatic check said covered." in result
    stored = reload(app, attempt.id)
    assert stored.score == pytest.approx(1 / 3) and stored.verdict == "partial"  # kept
    assert stored.corrected_score == 0.0 and stored.corrected_at is not None
    assert stored.corrected_checklist == {"covered": [], "asserted": []}
    assert stored.credited_score == 0.0
    assert progress_accuracy(client) == "0%"
    # the learner's history: the automatic score, and the credited one
    rows = list(csv.reader(io.StringIO(client.get("/progress/export.csv").text)))
    header, [row] = rows[0], rows[1:]
    assert row[header.index("score")] == "0.333"
    assert row[header.index("credited score")] == "0.0"
    # the page now pre-ticks the corrected checklist and says what the grader said
    again = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    assert 'name="covered" value="0" aria-describedby' in again
    assert not re.search(r'name="covered" value="0"[^>]*checked', again)
    assert STAMP_RE.search(again).group(1) == stored.corrected_at.isoformat()


def test_unticking_a_misconception_lifts_its_cap(client, app, learner):
    attempt, page = answered(client, app, THREADS)
    assert attempt.score == pytest.approx(0.2) and attempt.detail["misconceptions"] == [0]
    result = post_checklist(client, attempt.id, page, covered=[0, 1], asserted=[]).text
    assert reload(app, attempt.id).corrected_score == pytest.approx(2 / 3)
    assert "The automatic check found it in your answer." in result
    assert not re.search(r'name="asserted" value="0"[^>]*checked', result)
    # and ticking one the grader missed caps it
    attempt, page = answered(client, app, "It is ASGI based and async/await code does not block.")
    assert attempt.score == 1.0
    post_checklist(client, attempt.id, page, covered=[0, 1, 2], asserted=[0])
    stored = reload(app, attempt.id)
    assert stored.corrected_score == pytest.approx(0.2) and stored.credited_score == 0.2


def test_a_double_submit_or_a_stale_form_changes_nothing_and_says_so(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    first = post_checklist(client, attempt.id, page, covered=[]).get_data(as_text=True)
    assert "Checklist saved" in first
    stored = reload(app, attempt.id)
    # the same form again (a double click, the back button): nothing to save
    again = post_checklist(client, attempt.id, page, covered=[]).get_data(as_text=True)
    assert "Nothing to save: your checklist already says this." in again
    # the old page with another checklist: stale, nothing saved
    stale = post_checklist(client, attempt.id, page, covered=[0, 1]).get_data(as_text=True)
    assert "changed after this page was shown" in stale and "Nothing was saved" in stale
    assert reload(app, attempt.id).corrected_at == stored.corrected_at
    # correcting again from the page as it stands: the latest correction wins
    latest = post_checklist(client, attempt.id, first, covered=[0, 1]).get_data(as_text=True)
    assert "now counts 67%" in latest
    final = reload(app, attempt.id)
    assert final.corrected_checklist == {"covered": [0, 1], "asserted": []}
    assert final.corrected_score == pytest.approx(2 / 3)
    assert final.corrected_at > stored.corrected_at
    assert progress_accuracy(client) == "67%"
    with app.app_context():
        summary = db.session.scalar(sa.select(AttemptSummary))
        assert summary.corrections == 2 and summary.credited_sum == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "data",
    [
        {"covered": ["3"]},  # three key points: 0, 1, 2
        {"covered": ["-1"]},
        {"covered": ["x"]},
        {"covered": ["²"]},
        {"covered": ["0", "0"]},
        {"covered": ["99999999999999999999"]},
        {"asserted": ["1"]},  # one misconception
        {"covered": ["0"], "checklist_stamp": None},  # no stamp
    ],
)
def test_a_malformed_checklist_is_refused(client, app, learner, data):
    attempt, page = answered(client, app, FALSE_MATCH)
    form = {"csrf_token": csrf_token_from(page), "checklist_stamp": "grader", **data}
    form = {k: v for k, v in form.items() if v is not None}
    response = client.post(f"/practice/attempt/{attempt.id}/checklist", data=form)
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert "That checklist does not fit this question. Nothing was saved." in shown
    stored = reload(app, attempt.id)
    assert stored.corrected_at is None and stored.corrected_score is None


def test_only_the_owner_may_correct_and_only_with_a_csrf_token(client, auth, app, learner):
    attempt, _ = answered(client, app, FALSE_MATCH)
    no_token = client.post(
        f"/practice/attempt/{attempt.id}/checklist",
        data={"covered": [], "checklist_stamp": "grader"},
    )
    assert no_token.status_code == 400
    assert client.post("/practice/attempt/999999/checklist", data={}).status_code in (400, 404)
    auth.logout()
    auth.register("mallory")
    home = client.get("/").get_data(as_text=True)
    response = client.post(
        f"/practice/attempt/{attempt.id}/checklist",
        data={"csrf_token": csrf_token_from(home), "checklist_stamp": "grader"},
    )
    assert response.status_code == 404
    missing = client.post(
        "/practice/attempt/999999/checklist", data={"csrf_token": csrf_token_from(home)}
    )
    assert missing.status_code == 404
    assert reload(app, attempt.id).corrected_at is None


def test_i_was_right_still_works_and_wins(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    corrected = post_checklist(client, attempt.id, page, covered=[]).get_data(as_text=True)
    client.post(
        f"/practice/attempt/{attempt.id}/override",
        data={"csrf_token": csrf_token_from(corrected)},
        follow_redirects=True,
    )
    stored = reload(app, attempt.id)
    assert stored.overridden_at is not None and stored.credited_score == 1.0
    assert progress_accuracy(client) == "100%"
    shown = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    assert "Save my checklist" not in shown and "whatever the checklist says" in shown
    refused = post_checklist(client, attempt.id, shown, covered=[0, 1, 2])
    assert "cannot change its score" in refused.get_data(as_text=True)
    assert reload(app, attempt.id).corrected_score == 0.0


# ------------------------------------------------------------ the review schedule


def next_question(client, attempt_id, page):
    """ "Next question" without a rating: the page's default applies."""
    default = re.search(r'name="rating" value="(\d)"', page).group(1)
    return rate_answer(client, attempt_id, page, rating=default, then="next", by_default="1")


def test_a_correction_replays_a_card_rated_by_default(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    assert "going on rates this answer\n          <strong>Hard</strong>" in page  # 33%
    assert '<input type="hidden" name="by_default" value="1">' in page  # what next_question posts
    assert next_question(client, attempt.id, page).status_code == 302
    rated = reload(app, attempt.id)
    assert rated.self_rating == HARD and rated.rated_by_default
    before = card_of(app, attempt)
    assert before.last_rating == HARD
    shown = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    result = post_checklist(client, attempt.id, shown, covered=[]).get_data(as_text=True)
    assert "Its next review is now scheduled as Again." in result
    after = card_of(app, attempt)
    assert after.last_rating == AGAIN and after.due < before.due
    assert after.due - after.last_review == timedelta(minutes=1)  # the first learning step
    assert reload(app, attempt.id).self_rating == AGAIN
    with app.app_context():
        assert db.session.scalar(sa.select(ReviewLog.rating)) == AGAIN
    # ticking them all back: Good
    post_checklist(client, attempt.id, result, covered=[0, 1, 2])
    assert card_of(app, attempt).last_rating == GOOD


def test_a_rating_the_learner_chose_stays(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    rate_answer(client, attempt.id, page, rating="3")
    before = card_of(app, attempt)
    shown = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    result = post_checklist(client, attempt.id, shown, covered=[]).get_data(as_text=True)
    assert "Your own rating, Good, still schedules its next review." in result
    after = card_of(app, attempt)
    assert (after.last_rating, after.due) == (GOOD, before.due)
    assert reload(app, attempt.id).credited_score == 0.0


def test_corrected_before_rating_the_default_follows_the_checklist(client, app, learner):
    attempt, page = answered(client, app, FALSE_MATCH)
    result = post_checklist(client, attempt.id, page, covered=[]).get_data(as_text=True)
    assert "Its review is rated when you rate it or move on." in result
    assert card_of(app, attempt) is None  # an open answer waits for its rating
    assert "going on rates this answer\n          <strong>Again</strong>" in result
    # a page left open from before the correction still applies the score as it stands
    assert next_question(client, attempt.id, page).status_code == 302
    assert card_of(app, attempt).last_rating == AGAIN


# --------------------------------------------------------------- elsewhere


def test_the_snapshot_keeps_what_the_answer_was_graded_against(client, app, learner, rubric_bank):
    attempt, _ = answered(client, app, THREADS)
    assert attempt.detail["shown"]["misconceptions"][0]["phrasings"][0] == "one thread per request"
    edited = rubric_bank
    edited.write_text(
        RUBRIC.read_text(encoding="utf-8")
        .replace("one thread per request | a thread per request", "threads all the way")
        .replace("only plain `def`", "only plain sync"),
        encoding="utf-8",
    )
    import_bank(app, edited)
    page = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    assert "<strong>one thread per request</strong>" in page and "threads all the way" not in page
    assert "only plain <code>def</code>" in page
    post_checklist(client, attempt.id, page, covered=[0, 1], asserted=[])
    assert reload(app, attempt.id).corrected_score == pytest.approx(2 / 3)


def test_an_old_snapshot_without_misconceptions_still_has_a_checklist():
    detail = {
        "covered": [0],
        "key_point_words": [["ASGI"], []],
        "misconceptions": [0],
        "misconception_words": [["threads"]],
    }
    shown = {"key_points": [["ASGI"], ["event loop"]]}
    checklist = build_checklist(1, "ASGI threads", 0.2, detail, shown, None, None, None, False)
    assert isinstance(checklist, Checklist)
    [wrong] = checklist.misconceptions
    assert wrong.ticked and wrong.tag == "M1" and wrong.why_html == ""
    assert checklist_score(checklist, (0,), (0,)) == 0.2  # the default cap
    assert checklist_score(checklist, (0, 1), ()) == 1.0


def test_the_interview_report_has_the_checklist_too(client, auth, app, every_kind_bank, fixed_draw):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 4, text="It uses ASGI and async/await.")
    finish = client.get(f"/interview/{interview.id}/finish").get_data(as_text=True)
    client.post(
        f"/interview/{interview.id}/finish",
        data={"csrf_token": csrf_token_from(finish), "confirm": "1"},
    )
    report = client.get(f"/interview/{interview.id}/report").get_data(as_text=True)
    assert report.count("Save my checklist") == 1  # the one answered open question
    attempt = next(a for a in attempts(app) if a.answer == "It uses ASGI and async/await.")
    response = post_checklist(client, attempt.id, report, covered=[1])
    assert response.request.path == f"/interview/{interview.id}/report"
    assert "Checklist saved: this answer now counts 33%" in response.get_data(as_text=True)
    raw = client.post(
        f"/practice/attempt/{attempt.id}/checklist",
        data={
            "csrf_token": csrf_token_from(report),
            "covered": ["1", "2"],
            "checklist_stamp": reload(app, attempt.id).corrected_at.isoformat(),
        },
    )
    assert raw.location.endswith(f"/interview/{interview.id}/report#item-4")
    shown = client.get(raw.location).get_data(as_text=True)
    assert "Your checklist: <strong>67%</strong>" in shown
    assert reload(app, attempt.id).corrected_score == pytest.approx(2 / 3)


def test_a_session_summary_credits_the_corrected_score():
    common = {"attempt_id": 1, "question_id": 1, "topic": "T", "headline": "H"}
    common["verdict"] = "partial"
    assert SessionAnswer(**common, score=0.5, time_ms=None, corrected=0.0).credited == 0.0
    assert SessionAnswer(**common, score=0.5, time_ms=None, corrected=1.0).missed is False
    both = SessionAnswer(**common, score=0.5, time_ms=None, overridden=True, corrected=0.0)
    assert both.credited == 1.0


def test_a_point_stated_the_opposite_way_caps_the_checklist_until_ticked():
    detail = {
        "covered": [0],
        "key_point_words": [["ASGI"], []],
        "negated": [1],
        "contradicted": [1],
    }
    shown = {"key_points": [["ASGI"], ["deep pages slower"]], "misconception_cap": 0.2}
    checklist = build_checklist(
        1, "ASGI; faster deep pages", 0.2, detail, shown, None, None, None, False
    )
    assert checklist.contradicted
    assert [p.contradicted for p in checklist.points] == [False, True]
    assert checklist_score(checklist, (0,), ()) == 0.2  # left unticked, the cap stays
    assert checklist_score(checklist, (0, 1), ()) == 1.0  # "I covered this" lifts it
    old = build_checklist(1, "ASGI", 0.5, {"covered": [0]}, shown, None, None, None, False)
    assert not old.contradicted and checklist_score(old, (0,), ()) == 0.5
