import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register

pytestmark = pytest.mark.browser


def test_nav_folds_into_a_menu_on_a_phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 800})
    page = context.new_page()
    register(page)
    toggle = page.get_by_role("button", name="Menu")
    progress = page.get_by_role("link", name="Progress")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(progress).to_be_hidden()
    assert page.locator("header.site-header nav").bounding_box()["height"] < 80  # one row
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    progress.click()
    expect(page).to_have_url(f"{live_server}/progress/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    for width in (1024, 1280):  # the narrowest screens with the links in the bar
        page.set_viewport_size({"width": width, "height": 800})
        expect(toggle).to_be_hidden()
        expect(progress).to_be_visible()
        # one row: the brand, the first link and the last button side by side
        tops = [
            page.get_by_role("link", name="Mock Interview").bounding_box()["y"],
            page.get_by_role("link", name="Dashboard").bounding_box()["y"],
            page.get_by_role("button", name="Log out").bounding_box()["y"],
        ]
        assert max(tops) - min(tops) < 20, tops
    context.close()


def test_no_keycap_hints_on_a_touch_screen(browser, live_server, every_kind_bank):
    for touch, visible in ((True, False), (False, True)):
        context = browser.new_context(
            base_url=live_server,
            viewport={"width": 390, "height": 800},
            has_touch=touch,
            is_mobile=touch,
        )
        page = context.new_page()
        register(page, username=f"touch{touch}")
        page.goto("/practice/every-kind/basics")
        hint = page.locator("kbd.hint").first
        expect(hint).to_be_attached()
        if visible:
            expect(hint).to_be_visible()
        else:
            expect(hint).to_be_hidden()
        context.close()


def test_login_form_has_a_readable_width(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/auth/login")
    # 32rem (Pico's root font is 20 px at this width), not the 1160 px container
    assert page.locator("main form").bounding_box()["width"] <= 640
