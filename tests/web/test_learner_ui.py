"""Pages around the learning itself: welcome, error pages, favicon, form markup."""

import re

from tests.conftest import csrf_token_from


def test_new_learner_is_welcomed_not_welcomed_back_and_can_hide_the_welcome(client, auth):
    page = auth.register().get_data(as_text=True)
    assert "Welcome back" not in page
    assert "<h1>Welcome, alice</h1>" in page
    assert 'id="welcome"' in page
    for mode in ("Practice", "Review", "Interview"):
        assert f"<strong>{mode}</strong>:" in page
    hidden = client.post(
        "/welcome/dismiss", data={"csrf_token": csrf_token_from(page)}, follow_redirects=True
    )
    assert 'id="welcome"' not in hidden.get_data(as_text=True)
    # remembered: a fresh visit still has it hidden
    assert 'id="welcome"' not in client.get("/dashboard").get_data(as_text=True)
    cookie = client.get_cookie("welcome_dismissed")
    assert cookie is not None and cookie.value == "1"


def test_dismissing_the_welcome_needs_csrf_and_login(client, auth):
    assert client.post("/welcome/dismiss").status_code == 400  # no CSRF token
    assert client.get_cookie("welcome_dismissed") is None


def test_favicon_is_served(client):
    response = client.get("/favicon.ico", follow_redirects=True)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


def test_wrong_method_gets_a_friendly_page_with_the_allowed_methods(client, auth):
    auth.register()
    response = client.get("/auth/logout")
    html = response.get_data(as_text=True)
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "<h1>Not available here</h1>" in html and "Log out" in html  # the site's own page
    assert "Method Not Allowed" not in html


def test_every_other_error_status_gets_the_site_page(app, client):
    @app.get("/teapot-for-test")
    def teapot():
        from flask import abort

        abort(418)

    response = client.get("/teapot-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 418
    assert "<h1>I&#39;m a teapot</h1>" in html or "<h1>I'm a teapot</h1>" in html
    assert 'class="skip-link"' in html


def test_form_fields_have_no_none_attributes_and_errors_are_linked(client):
    page = client.get("/auth/register").get_data(as_text=True)
    assert '="None"' not in page and "aria-invalid" not in page
    refused = client.post(
        "/auth/register",
        data={"csrf_token": csrf_token_from(page), "username": "x", "password": "p"},
    ).get_data(as_text=True)
    assert '="None"' not in refused
    field = re.search(r'<input[^>]*id="username"[^>]*>', refused).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="username-errors"' in field
    assert '<small id="username-errors" class="error" role="alert">' in refused


def test_flash_messages_are_in_live_regions_not_a_list(client, auth):
    page = auth.register().get_data(as_text=True)
    assert '<div class="flashes" role="status">' in page
    assert '<ul class="flashes"' not in page
    assert re.search(r'role="status">\s*<p class="flash message">Account created', page)


def test_skip_link_leads_to_main(client):
    page = client.get("/").get_data(as_text=True)
    assert page.index('class="skip-link" href="#main"') < page.index("<nav")
    assert '<main class="container" id="main"' in page
