"""A live server in a thread and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def register(page, username="eve", password="a long passphrase"):
    page.goto("/auth/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Confirm password").fill(password)
    page.locator("main form").get_by_role("button", name="Register").click()
    # wait for the redirect to land: a reload or goto racing it finds no page attached
    page.wait_for_url("**/dashboard")


def settled(page):
    """Wait until the page a click navigated to is parsed: `count()` does not wait, and
    on a busy machine it can otherwise read a half-parsed page (or the one before)."""
    page.wait_for_load_state("domcontentloaded")


def keys_ready(page):
    """Wait until keys.js is listening (it loads deferred, after the DOM is there)."""
    from playwright.sync_api import expect

    expect(page.locator("html[data-keys=ready]")).to_have_count(1)
