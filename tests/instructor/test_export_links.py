"""A bank's page links its exports; each download is the file `flask quiz export` writes."""

from __future__ import annotations

from quiz.formats import convert


def test_the_bank_page_links_gift_moodle_xml_and_anki(
    instructor, every_kind_bank, runner, tmp_path
):
    page = instructor.get("/instructor/banks/every-kind/").get_data(as_text=True)
    links = {
        "Export to GIFT": "/instructor/banks/every-kind/export.gift",
        "Export to Moodle XML": "/instructor/banks/every-kind/moodle.xml",
        "Export to Anki": "/instructor/banks/every-kind/anki.apkg",
    }
    for label, url in links.items():
        assert f'<a href="{url}">{label}</a>' in page
    for fmt, url, name in (
        ("gift", links["Export to GIFT"], "every-kind.gift"),
        ("moodle-xml", links["Export to Moodle XML"], "every-kind.xml"),
    ):
        response = instructor.get(url)
        assert response.status_code == 200
        assert f'filename="{name}"' in response.headers["Content-Disposition"]
        cli = runner.invoke(args=["quiz", "export", "every-kind", "--to", fmt])
        assert response.data.decode("utf-8") == cli.stdout
        back = convert(response.data, name, fmt, bank_id="every-kind")
        assert back.ok and back.converted == 14, [str(e) for e in back.errors]
