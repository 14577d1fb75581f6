import re
from datetime import date, timedelta

from quiz.scheduling.days import Day, last_days
from quiz.web.charts import FONT_PX, PHONE_WIDTH, accuracy_chart, activity_calendar, score_trend

TODAY = date(2026, 3, 11)  # a Wednesday


def font_sizes(svg: str) -> list[int]:
    return [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_accuracy_chart_has_percent_and_date_axes_and_a_text_alternative():
    days = {TODAY: Day(TODAY, attempts=4, score_sum=3.0)}
    svg = str(accuracy_chart(last_days(days, TODAY, 30)))
    assert font_sizes(svg) == [FONT_PX] and FONT_PX >= 12
    assert f'viewBox="0 0 {PHONE_WIDTH} ' in svg
    labels = texts(svg)
    assert {"0%", "50%", "100%"} <= set(labels)
    assert labels[-3:] == ["Feb 10", "Feb 25", "Mar 11"]  # first, middle and last day
    assert "<title" in svg and "1 of 30 days practised; overall accuracy 75% over 4" in svg
    assert 'role="img"' in svg and "aria-labelledby" in svg


def test_activity_calendar_names_months_and_has_a_legend():
    days = {
        TODAY - timedelta(days=n): Day(TODAY - timedelta(days=n), attempts=n + 1) for n in range(3)
    }
    svg = str(activity_calendar(days, TODAY, weeks=12))
    labels = texts(svg)
    assert font_sizes(svg) == [FONT_PX]
    # 12 weeks back from 11 March starts on Monday 22 December
    assert [m for m in labels if m in ("Dec", "Jan", "Feb", "Mar")] == ["Dec", "Jan", "Feb", "Mar"]
    assert {"Mon", "Wed", "Fri", "Less", "More"} <= set(labels)
    assert svg.count("<rect") == 12 * 7 - 4 + 5  # days up to today, then the 5 legend keys
    assert "Practised on 3 of the last 80 days, from Dec 22 to Mar 11" in svg
    assert "(at most 3 in a day)" in svg


def test_score_trend_marks_first_and_last_interview():
    svg = str(score_trend([("2026-03-01 10:00", 0.4), ("2026-03-09 18:30", 0.9)]))
    labels = texts(svg)
    assert labels[-2:] == ["2026-03-01 10:00", "2026-03-09 18:30"]
    assert "oldest first: 40%, 90%." in svg and svg.count("<circle") == 2
    assert font_sizes(svg) == [FONT_PX]


def test_calendar_month_names_never_overlap():
    # 12 weeks back from 20 April starts on Monday 26 January; February starts a week later
    labels = texts(str(activity_calendar({}, date(2026, 4, 20), weeks=12)))
    assert [m for m in labels if len(m) == 3 and m not in ("Mon", "Wed", "Fri")] == [
        "Feb",
        "Mar",
        "Apr",
    ]
