"""Server-side SVG charts: no JavaScript, no CDN, readable in dark mode (currentColor).

Each chart carries a <title> and <desc> as its text alternative; callers also show
the numbers in text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

from quiz.activity import Day


def _svg(
    width: int, height: int, title: str, desc: str, body: list[str], svg_id: str | None = None
) -> Markup:
    ident = svg_id or "chart-" + "".join(c for c in title.lower() if c.isalnum())[:24]
    return Markup(
        f'<svg class="chart" id="{ident}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def accuracy_chart(days: Sequence[Day], title: str = "Accuracy, last 30 days") -> Markup:
    """One bar a day, height = accuracy; days without practice show as a faint tick."""
    width, height, pad = 600, 160, 24
    slot = (width - 2 * pad) / max(len(days), 1)
    body = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="currentColor" stroke-opacity="0.3"/>',
        f'<text x="2" y="{pad}" font-size="10" fill="currentColor">100%</text>',
        f'<text x="2" y="{height - pad}" font-size="10" fill="currentColor">0%</text>',
    ]
    practised = [d for d in days if d.accuracy is not None]
    for i, day in enumerate(days):
        x = pad + i * slot + slot * 0.15
        if day.accuracy is None:
            body.append(
                f'<rect x="{x:.1f}" y="{height - pad - 2}" width="{slot * 0.7:.1f}" height="2" '
                'fill="currentColor" fill-opacity="0.2"/>'
            )
            continue
        bar = max(2.0, (height - 2 * pad) * day.accuracy)
        body.append(
            f'<rect x="{x:.1f}" y="{height - pad - bar:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar:.1f}" fill="currentColor" fill-opacity="0.75">'
            f"<title>{day.day.isoformat()}: {round(day.accuracy * 100)}% of "
            f"{day.attempts} answers</title></rect>"
        )
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
    """A GitHub-style grid: one column a week (Monday on top), shade = answers that day."""
    cell, gap, left, top = 12, 3, 28, 14
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    busiest = max((d.attempts for d in days.values()), default=0) or 1
    body = []
    for label, row in (("Mon", 0), ("Wed", 2), ("Fri", 4)):
        y = top + row * (cell + gap) + cell - 2
        body.append(f'<text x="0" y="{y}" font-size="9" fill="currentColor">{label}</text>')
    active = 0
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        count = days[day].attempts if day in days else 0
        active += bool(count)
        x = left + (offset // 7) * (cell + gap)
        y = top + (offset % 7) * (cell + gap)
        opacity = 0.1 if count == 0 else 0.3 + 0.7 * count / busiest
        body.append(
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2" fill="currentColor" '
            f'fill-opacity="{opacity:.2f}"><title>{day.isoformat()}: {count} answers</title></rect>'
        )
    width = left + weeks * (cell + gap)
    height = top + 7 * (cell + gap)
    desc = f"Practised on {active} of the last {(today - start).days + 1} days."
    return _svg(width, height, f"Activity, last {weeks} weeks", desc, body)


def score_trend(points: Sequence[tuple[str, float]]) -> Markup:
    """Scores (label, 0..1) oldest first, as a line with a dot each and 0/50/100% guides."""
    width, height, left, right, top, bottom = 600, 220, 44, 16, 12, 196
    span = width - left - right

    def y_for(score: float) -> float:
        return top + (bottom - top) * (1 - score)

    body = []
    for level in (0, 50, 100):
        y = y_for(level / 100)
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{width - 8}" y2="{y}" stroke="currentColor" '
            'stroke-opacity="0.2" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="12" '
            f'fill="currentColor">{level}%</text>'
        )
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
    plural = "s" if len(points) != 1 else ""
    scores = ", ".join(f"{round(score * 100)}%" for _, score in points)
    desc = f"Scores of your last {len(points)} graded interview{plural}, oldest first: {scores}."
    return _svg(width, height, "Interview scores over time", desc, body, svg_id="trend")
