"""What every page must pass in the browser: axe-core, one h1, a skip link to <main>, no
sideways scrolling, at 1280 and 390 px wide, light and dark. Set QUIZ_SHOTS_DIR to also
save a full-page screenshot of each combination."""

from __future__ import annotations

import os
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
PAGE_FACTS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  h1: document.querySelectorAll("h1").length,
  skip: (() => {
    const first = document.querySelector("body a[href]");
    const target = first && first.hash && document.getElementById(first.hash.slice(1));
    return Boolean(target && target.tagName === "MAIN");
  })(),
})"""
AXE = Axe()


def axe_violations(page) -> list[str]:
    """One line per axe-core rule broken: rule, impact, the elements and why."""
    lines = []
    for violation in AXE.run(page).response["violations"]:
        nodes = [
            f"{' '.join(node['target'])} ({node['failureSummary'].splitlines()[-1].strip()})"
            for node in violation["nodes"][:4]
        ]
        lines.append(f"axe {violation['id']} [{violation['impact']}]: " + "; ".join(nodes))
    return lines


def check_loaded(page, name: str) -> list[str]:
    """Problems of the page as it is now, at every width and colour scheme."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            where = f"{name} at {width} px, {scheme}"
            facts = page.evaluate(PAGE_FACTS)
            if facts["scrollWidth"] > facts["innerWidth"]:
                problems.append(f"{where}: {facts['scrollWidth']} px wide, overflows")
            if facts["h1"] != 1:
                problems.append(f"{where}: {facts['h1']} h1 elements")
            if not facts["skip"]:
                problems.append(f"{where}: first link is not a skip link to <main>")
            problems += [f"{where}: {v}" for v in axe_violations(page)]
            shots = os.environ.get("QUIZ_SHOTS_DIR")
            if shots:
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"
                page.screenshot(
                    path=str(Path(shots) / f"{slug}-{width}-{scheme}.png"), full_page=True
                )
    return problems
