"""Current IANA time zone names, and old aliases mapped to them (no Flask import).

The time zone database lists its zones ("Z" lines of tzdata.zi) apart from the links
kept for old names ("L Africa/Nairobi Africa/Asmera"). The picker offers only current
"Area/City" zones and UTC; an alias typed or reported by a browser (Chrome still says
"Asia/Calcutta") is accepted and stored under its current name.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from pathlib import Path

DEFAULT_ZONE = "UTC"
# Areas of zone names that are not places (legacy or technical).
_NON_GEOGRAPHIC = ("Etc/", "SystemV/", "US/", "posix/", "right/")


def parse_tzdata_zi(text: str) -> tuple[list[str], dict[str, str]]:
    """(current zone names, {alias: current name}) from the text of a tzdata.zi file."""
    zones: set[str] = set()
    links: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] == "Z":
            zones.add(fields[1])
        elif len(fields) >= 3 and fields[0] == "L":
            links[fields[2]] = fields[1]
    current = sorted(name for name in zones if "/" in name and not name.startswith(_NON_GEOGRAPHIC))
    if DEFAULT_ZONE not in current:
        current.insert(0, DEFAULT_ZONE)
    # follow a link to a link, and send links to non-places (EST, Etc/...) nowhere
    resolved = {}
    for alias, target in links.items():
        for _ in range(5):
            target = links.get(target, target)
        if target in current or target in ("Etc/UTC", "Etc/GMT"):
            resolved[alias] = target if target in current else DEFAULT_ZONE
    for name in ("Etc/UTC", "Etc/GMT", "GMT", "UTC"):
        resolved.setdefault(name, DEFAULT_ZONE)
    return current, resolved


def _tzdata_zi_text() -> str | None:
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / "tzdata.zi"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:  # the tzdata package from PyPI, where the system has no database
        from importlib.resources import files

        return (files("tzdata") / "zoneinfo" / "tzdata.zi").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


@cache
def zone_table() -> tuple[tuple[str, ...], dict[str, str]]:
    """Read once: (current names, sorted; {casefolded name or alias: current name})."""
    text = _tzdata_zi_text()
    if text is None:  # no tzdata.zi: every name zoneinfo knows, minus obvious legacy ones
        names = sorted(
            name
            for name in zoneinfo.available_timezones()
            if "/" in name and not name.startswith(_NON_GEOGRAPHIC)
        )
        current, aliases = [DEFAULT_ZONE, *names], {}
    else:
        current, aliases = parse_tzdata_zi(text)
    lookup = {alias.casefold(): target for alias, target in aliases.items()}
    lookup.update({name.casefold(): name for name in current})
    return tuple(current), lookup


def current_zone_names() -> tuple[str, ...]:
    return zone_table()[0]


def normalise_zone(name: str | None) -> str | None:
    """The current name of the zone called ``name`` (any case, alias or not), else None."""
    if not name:
        return None
    return zone_table()[1].get(name.strip().casefold())
