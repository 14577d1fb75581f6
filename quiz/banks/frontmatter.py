"""The front matter: the YAML block between ``---`` lines that opens every bank file.

Owns finding the block, reading it with PyYAML's safe loader, and checking the keys the
app reads: ``bank`` (the bank's id, a slug), ``title`` and ``description``. Any other
key is kept in :attr:`FrontMatter.meta` with a warning. Problems are reported at the
line of the key concerned; the result says where the body starts so the rest of the
file is still read and checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .context import ParseContext
from .model import DEFAULT_MISCONCEPTION_CAP
from .slugs import SLUG_RE, slugify

FRONT_MATTER_HINT = "start the file with --- / bank: ... / title: ... / ---"
KNOWN_FRONT_KEYS = ("bank", "title", "description", "misconception_cap")


@dataclass
class FrontMatter:
    ok: bool = False  # front matter found and closed
    body_start: int = 0  # 0-based index of the first line after the front matter
    bank_id: str | None = None  # only when it is a valid slug
    bank_line: int = 1
    title: str | None = None
    description: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    misconception_cap: float = DEFAULT_MISCONCEPTION_CAP


def read_front_matter(ctx: ParseContext) -> FrontMatter:
    front = FrontMatter()
    lines = ctx.lines
    if not lines or lines[0].rstrip() != "---":
        ctx.error(1, f"no front matter: {FRONT_MATTER_HINT}")
        # Still read the rest so every other problem is reported too.
        front.ok = True
        front.body_start = 0
        return front
    close = None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            close = i
            break
    if close is None:
        ctx.error(1, "front matter is not closed: add a line with --- after its last key")
        return front
    front.ok = True
    front.body_start = close + 1
    yaml_text = "\n".join(lines[1:close])
    first_line = 2  # file line of yaml_text's first line

    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        ctx.error(
            min(line, close + 1),
            f"front matter is not valid YAML ({problem}): write one 'key: value' per line",
        )
        return front
    except Exception as exc:  # e.g. absurdly deep nesting
        ctx.error(1, f"front matter could not be read ({type(exc).__name__})")
        return front

    if data is None:
        ctx.error(1, f"front matter is empty: add 'bank:' and 'title:' ({FRONT_MATTER_HINT})")
        return front
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        ctx.error(1, "front matter must be 'key: value' lines (a YAML mapping)")
        return front

    key_lines: dict[str, int] = {}
    for key_node, _value_node in node.value:
        name = str(key_node.value)
        key_lines.setdefault(name, first_line + key_node.start_mark.line)

    def line_of(key: str) -> int:
        return key_lines.get(key, 1)

    # bank
    if "bank" not in data or data["bank"] is None or data["bank"] == "":
        ctx.error(1, "front matter has no 'bank:': add a bank id, e.g. bank: web-frameworks")
    else:
        bank = data["bank"]
        front.bank_line = line_of("bank")
        if not isinstance(bank, str) or not SLUG_RE.match(bank):
            suggestion = slugify(str(bank)) or "web-frameworks"
            ctx.error(
                line_of("bank"),
                f"bank id {str(bank)!r} is not a lowercase slug: use lowercase letters, "
                f"digits and single hyphens, e.g. bank: {suggestion}",
            )
        else:
            front.bank_id = bank

    # title
    title = data.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        ctx.error(1, "front matter has no 'title:': add one, e.g. title: Web frameworks")
    elif isinstance(title, (dict, list)):
        ctx.error(line_of("title"), "title must be plain text, e.g. title: Web frameworks")
    else:
        front.title = str(title).strip()

    # description
    desc = data.get("description")
    if isinstance(desc, (dict, list)):
        ctx.error(line_of("description"), "description must be plain text")
    elif desc is not None:
        front.description = str(desc).strip()

    # the most an open answer asserting a misconception can score
    if "misconception_cap" in data:
        cap = data["misconception_cap"]
        if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not 0 <= cap <= 1:
            ctx.error(
                line_of("misconception_cap"),
                f"misconception_cap must be a number from 0 to 1, not {cap!r}: "
                "e.g. misconception_cap: 0.2",
            )
        else:
            front.misconception_cap = float(cap)

    # unknown keys
    for key, value in data.items():
        name = str(key)
        if name in KNOWN_FRONT_KEYS:
            continue
        front.meta[name] = value
        ctx.warn(
            line_of(name),
            f"unknown front-matter key {name!r} is kept as metadata; "
            f"the app reads only {', '.join(KNOWN_FRONT_KEYS)}",
        )
    return front
