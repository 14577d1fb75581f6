from quiz.web.timezones import normalise_zone, parse_tzdata_zi

TZDATA_ZI = """# version 2099a
Z Africa/Nairobi 2:27:16 - LMT 1908 May
Z Europe/Kyiv 2:2:4 - LMT 1880
Z Etc/UTC 0 - UTC
Z EST -5 - EST
L Africa/Nairobi Africa/Asmera
L Europe/Kyiv Europe/Kiev
L Africa/Asmera Africa/Asmara
L Etc/UTC UTC
L EST America/Fake_Old
"""


def test_zones_are_current_places_and_links_map_to_them():
    current, aliases = parse_tzdata_zi(TZDATA_ZI)
    assert current == ["UTC", "Africa/Nairobi", "Europe/Kyiv"]
    assert aliases["Africa/Asmera"] == "Africa/Nairobi"
    assert aliases["Africa/Asmara"] == "Africa/Nairobi"  # a link to a link
    assert aliases["Europe/Kiev"] == "Europe/Kyiv"
    assert aliases["UTC"] == "UTC"
    assert "America/Fake_Old" not in aliases  # points at a zone that is not a place


def test_normalise_zone_on_the_installed_database():
    assert normalise_zone("Europe/Berlin") == "Europe/Berlin"
    assert normalise_zone(" europe/berlin ") == "Europe/Berlin"
    assert normalise_zone("Asia/Calcutta") == "Asia/Kolkata"
    assert normalise_zone("Mars/Olympus") is None
    assert normalise_zone("") is None
