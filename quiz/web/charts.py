"""Server-side SVG charts: no JavaScript, no CDN, readable in dark mode (currentColor).

Each chart carries a <title> and <desc> as its text alternative; callers also show
the numbers in text. Charts are drawn at phone size (at most PHONE_WIDTH user units
wide) with FONT_PX text, so that on a 390 px screen, where the SVG is shown 1:1,
every label is at least 12 px; wider screens scale them up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

from quiz.scheduling.days import Day

PHONE_WIDTH = 340
FONT_PX = 12
CALENDAR_LEVELS = (0.1, 0.35, 0.55, 0.75, 1.0)  # fill opacity: none, then quartiles


def _svg(
    width: int,
    height: int,
    title: str,
    desc: str,
    body: list[str],
    svg_id: str | None = None,
) -> Markup:
    ident = svg_id or "chart-" + "".join(c for c in title.lower() if c.isalnum())[:24]
    css_class = "chart wide" if width >= PHONE_WIDTH else "chart"
    return Markup(
        f'<svg class="{css_class}" id="{ident}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        f'font-size="{FONT_PX}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, label: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="currentColor">'
        f"{escape(label)}</text>"
    )


def short_date(day: date) -> str:
    return f"{day:%b} {day.day}"


def accuracy_chart(days: Sequence[Day], title: str = "Accuracy, last 30 days") -> Markup:
    """One bar a day, height = accuracy; days without practice show as a faint tick.

    The y axis is marked 0/50/100 %, the x axis with the first, middle and last dates.
    """
    width, height, left, right, top, bottom = PHONE_WIDTH, 170, 38, 8, 8, 140
    slot = (width - left - right) / max(len(days), 1)
    body = []
    for level in (0, 50, 100):
        y = bottom - (bottom - top) * level / 100
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="currentColor" '
            f'stroke-opacity="{0.5 if level == 0 else 0.15}"/>'
        )
        body.append(_text(left - 6, y + 4, f"{level}%", "end"))
    practised = [d for d in days if d.accuracy is not None]
    for i, day in enumerate(days):
        x = left + i * slot + slot * 0.15
        if day.accuracy is None:
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - 2}" width="{slot * 0.7:.1f}" height="2" '
                'fill="currentColor" fill-opacity="0.25"/>'
            )
            continue
        bar = max(2.0, (bottom - top) * day.accuracy)
        body.append(
            f'<rect x="{x:.1f}" y="{bottom - bar:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar:.1f}" fill="currentColor" fill-opacity="0.75">'
            f"<title>{day.day.isoformat()}: {round(day.accuracy * 100)}% of "
            f"{day.attempts} answers</title></rect>"
        )
    if days:
        for i, anchor in ((0, "start"), (len(days) // 2, "middle"), (len(days) - 1, "end")):
            x = left + i * slot + (slot / 2 if anchor == "middle" else slot * (i > 0))
            body.append(_text(x, bottom + 20, short_date(days[i].day), anchor))
    if practised:
        mean = sum(d.score_sum for d in practised) / sum(d.attempts for d in practised)
        desc = (
            f"{len(practised)} of {len(days)} days practised; overall accuracy "
            f"{round(mean * 100)}% over {sum(d.attempts for d in practised)} answers."
        )
    else:
        desc = f"No practice in the last {len(days)} days."
    return _svg(width, height, title, desc, body)


def activity_calendar(days: dict[date, Day], today: date, weeks: int = 12) -> Markup:
    """A GitHub-style grid: one column a week (Monday on top), shade = answers that day.

    Month names head the column where each month starts; a Less–More legend sits below.
    """
    cell, gap, left, top = 13, 3, 32, 18
    step = cell + gap
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    busiest = max((d.attempts for d in days.values()), default=0) or 1
    body = []
    for label, row in (("Mon", 0), ("Wed", 2), ("Fri", 4)):
        body.append(_text(0, top + row * step + cell - 2, label))
    months = []  # (week column, month name) where a month's first Monday is
    for week in range(weeks - 1):  # the last column is too narrow for a name
        monday = start + timedelta(days=7 * week)
        if week == 0 or (monday - timedelta(days=7)).month != monday.month:
            months.append((week, f"{monday:%b}"))
    if len(months) > 1 and months[1][0] - months[0][0] < 2:
        del months[0]  # the first column's month would overlap the next name
    body += [_text(left + week * step, top - 6, name) for week, name in months]
    active = 0
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        count = days[day].attempts if day in days else 0
        active += bool(count)
        level = 0 if count == 0 else 1 + min(3, int(4 * (count - 1) / busiest))
        x = left + (offset // 7) * step
        y = top + (offset % 7) * step
        body.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" fill="currentColor" '
            f'fill-opacity="{CALENDAR_LEVELS[level]}"><title>{day.isoformat()}: {count} '
            f"answers</title></rect>"
        )
    width = max(left + weeks * step, 200)
    legend_y = top + 7 * step + 10
    body.append(_text(left, legend_y + cell - 2, "Less"))
    for i, opacity in enumerate(CALENDAR_LEVELS):
        body.append(
            f'<rect x="{left + 34 + i * step}" y="{legend_y}" width="{cell}" height="{cell}" '
            f'rx="2" fill="currentColor" fill-opacity="{opacity}"/>'
        )
    body.append(_text(left + 34 + len(CALENDAR_LEVELS) * step + 4, legend_y + cell - 2, "More"))
    height = legend_y + cell + 4
    desc = (
        f"Practised on {active} of the last {(today - start).days + 1} days, from "
        f"{short_date(start)} to {short_date(today)}; darker squares mean more answers "
        f"(at most {busiest} in a day)."
    )
    return _svg(width, height, f"Activity, last {weeks} weeks", desc, body)


def score_trend(points: Sequence[tuple[str, float]]) -> Markup:
    """Scores (label, 0..1) oldest first, as a line with a dot each and 0/50/100% guides.

    The x axis names the first and the last interview (their labels are dates).
    """
    width, height, left, right, top, bottom = PHONE_WIDTH, 200, 40, 12, 12, 168
    span = width - left - right

    def y_for(score: float) -> float:
        return top + (bottom - top) * (1 - score)

    body = []
    for level in (0, 50, 100):
        y = y_for(level / 100)
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="currentColor" '
            f'stroke-opacity="{0.5 if level == 0 else 0.2}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, f"{level}%", "end"))
    xy = [
        (left + (span * i / (len(points) - 1) if len(points) > 1 else span / 2), y_for(score))
        for i, (_, score) in enumerate(points)
    ]
    if len(points) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    for (x, y), (label, score) in zip(xy, points, strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="currentColor">'
            f"<title>{escape(label)}: {round(score * 100)}%</title></circle>"
        )
    if len(points) == 1:
        body.append(_text(left + span / 2, bottom + 22, points[0][0], "middle"))
    elif points:
        body.append(_text(left, bottom + 22, points[0][0]))
        body.append(_text(width - right, bottom + 22, points[-1][0], "end"))
    plural = "s" if len(points) != 1 else ""
    scores = ", ".join(f"{round(score * 100)}%" for _, score in points)
    desc = f"Scores of your last {len(points)} graded interview{plural}, oldest first: {scores}."
    return _svg(width, height, "Interview scores over time", desc, body, svg_id="trend")
