"""Security headers, static files and the health check of the web app, over real HTTP."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import requests

from tests.web.conftest import Page


def _policy(response: requests.Response) -> dict:
    directives = [d.strip().split() for d in response.headers["Content-Security-Policy"].split(";")]
    return {name: values for name, *values in directives}


def test_pages_send_a_csp_that_allows_only_this_site_and_the_rasa_server(web_app, built_widget):
    with web_app(static_dir=built_widget, PUBLIC_BASE_URL="https://chat.quillfeather.example") \
            as url:
        response = requests.get(f"{url}/", timeout=10)
    policy = _policy(response)
    nonce = Page(response.text).scripts[0][0]["nonce"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == [
        "'self'", "https://chat.quillfeather.example", "wss://chat.quillfeather.example"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_a_local_rasa_server_is_reached_over_plain_http_and_ws(web_app):
    with web_app(PUBLIC_BASE_URL="") as url:
        policy = _policy(requests.get(f"{url}/privacy", timeout=10))
    assert policy["connect-src"] == ["'self'", "http://localhost:5871", "ws://localhost:5871"]


def test_every_response_has_nosniff_referrer_policy_and_no_framing(web_app):
    with web_app() as url:
        responses = [requests.get(f"{url}{path}", timeout=10)
                     for path in ("/", "/privacy", "/healthz", "/static/site/site.css",
                                  "/static/widget/widget.js", "/no-such-page")]
    for response in responses:
        assert response.headers["X-Content-Type-Options"] == "nosniff", response.url
        assert response.headers["Referrer-Policy"] == "same-origin", response.url
        assert response.headers["X-Frame-Options"] == "DENY", response.url
        assert "Content-Security-Policy" in response.headers, response.url


def test_each_page_view_gets_its_own_nonce_and_is_not_cached_with_it(web_app, built_widget):
    with web_app(static_dir=built_widget) as url:
        first, second = (requests.get(f"{url}/", timeout=10) for _ in range(2))
    nonces = [re.search(r"'nonce-([^']+)'", r.headers["Content-Security-Policy"])[1]
              for r in (first, second)]
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22
    assert f'nonce="{nonces[1]}"' in second.text
    assert first.headers["Cache-Control"] == "no-cache"


def test_the_built_widget_is_served_as_javascript(web_app, built_widget):
    with web_app(static_dir=built_widget) as url:
        response = requests.get(f"{url}/static/widget/widget.js", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.text == "window.builtForTheTest = 7341;\n"


def test_the_pages_own_css_and_images_are_served(web_app):
    with web_app() as url:
        css = requests.get(f"{url}/static/site/site.css", timeout=10)
        svg = requests.get(f"{url}/static/site/scar-types.svg", timeout=10)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert "<title" in svg.text  # the drawing names itself for assistive technology


def test_files_outside_the_static_folders_cannot_be_reached(web_app, built_widget):
    # Beside the built files' folder, and (for /static/site/) the real bot/settings.py.
    (built_widget.parent / "secret.py").write_text("import secret\n")
    with web_app(static_dir=built_widget) as url:
        address = urlsplit(url)
        statuses = []
        for path in ("/static/../secret.py", "/static/widget/../../secret.py",
                     "/static/%2e%2e/secret.py", "/static/widget/..%2f..%2fsecret.py",
                     "/static/site/../../settings.py", "/static/site/..%2f..%2fsettings.py"):
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
            connection.request("GET", path)  # sent as written: requests would tidy the dots
            response = connection.getresponse()
            statuses.append((path, response.status, b"import" in response.read()))
            connection.close()
    assert all(status == 404 and not leaked for _, status, leaked in statuses), statuses


def test_health_check_answers_ok(web_app):
    with web_app() as url:
        response = requests.get(f"{url}/healthz", timeout=10)
    assert (response.status_code, response.text) == (200, "ok")
