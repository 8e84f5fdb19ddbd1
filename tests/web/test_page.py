"""The clinic's landing page and privacy page, as a browser receives them over HTTP."""

from __future__ import annotations

import itertools
import json
import logging
import re

import requests

from tests.web.conftest import Page


def _get(url: str) -> requests.Response:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response


def test_landing_page_shows_the_clinics_name_phone_address_hours_and_prices(web_app):
    with web_app() as url:
        page = Page(_get(f"{url}/").text)
    text = page.text
    assert "Quillfeather Scar Atelier" in page.title
    assert "Quillfeather Scar Atelier" in text
    assert "4417 Quetzal Bend, Suite 9, Boerne, TX 78006" in text
    assert "(830) 555-0162" in text
    phone_links = {a["href"] for a in page.all("a") if a["href"].startswith("tel:")}
    assert phone_links == {"tel:+18305550162"}
    for day, hours in [("Monday", "Closed"), ("Tuesday", "7:15 AM to 7:45 PM"),
                       ("Thursday", "7:15 AM to 7:45 PM"), ("Friday", "Closed"),
                       ("Sunday", "11:30 AM to 1:05 PM")]:
        assert f"{day} {hours}" in text
    assert "Micro-needling, one session $417.35" in text
    assert "one session $1,234" in text
    # Five single sessions cost $2,086.75, so the package saves $87.75.
    assert ("Package of 5 micro-needling sessions saves $87.75 compared with single sessions "
            "$1,999") in text
    assert "Consultation separate from the treatment price $63" in text
    assert "Quokka Pay or Zebrafin" in text
    assert "Bring a friend on Thursdays: 13% off both first sessions" in text
    assert "Park behind the mural of the blue heron" in text


def test_a_package_that_saves_nothing_is_not_shown_and_a_free_consultation_says_free(web_app):
    with web_app(PACKAGE_PRICE="2500", CONSULTATION_FEE="0", CURRENT_OFFER="",
                 FINANCING_PARTNERS="") as url:
        text = Page(_get(f"{url}/").text).text
    assert "Package" not in text and "$2,500" not in text
    assert "Consultation Free" in text
    assert "Current offer" not in text
    assert "spread the cost" not in text


def test_landing_page_speaks_about_ice_pick_scars_without_promising_results(web_app):
    with web_app() as url:
        text = Page(_get(f"{url}/").text).text.lower()
    for topic in ("ice-pick", "micro-needling", "prp", "collagen", "vampire facial"):
        assert topic in text
    assert "confirms in person" in text
    assert "may not disappear completely" in text
    for promise in ("guarantee", "will disappear", "permanent", "cure"):
        assert promise not in text


def test_pages_have_a_language_a_title_a_description_one_h1_and_headings_in_order(web_app):
    with web_app() as url:
        for path in ("/", "/privacy"):
            html = _get(f"{url}{path}").text
            page = Page(html)
            assert re.search(r'<html lang="en">', html)
            assert page.title.strip()
            descriptions = [m for m in page.all("meta") if m.get("name") == "description"]
            assert len(descriptions) == 1 and len(descriptions[0]["content"]) > 50
            assert any(m.get("name") == "viewport" and "width=device-width" in m["content"]
                       for m in page.all("meta"))
            levels = [level for level, _ in page.headings]
            assert levels.count(1) == 1 and levels[0] == 1, (path, page.headings)
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, page.headings)
            images = page.all("img")
            assert all(len(img.get("alt", "")) > 20 for img in images), images


def test_a_clinic_name_with_markup_is_shown_as_text(web_app):
    name = '<script>alert("x")</script><img src=x onerror=alert(1)> & Co'
    with web_app(CLINIC_NAME=name) as url:
        html = _get(f"{url}/").text
    page = Page(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert name in page.text
    assert [img["src"] for img in page.all("img")] == ["/static/site/scar-types.svg"]


def test_privacy_page_says_what_is_kept_asks_consent_and_how_to_have_it_deleted(web_app):
    with web_app() as url:
        page = Page(_get(f"{url}/privacy").text)
    text = page.text
    assert page.headings[0] == (1, "Privacy")
    assert "consent" in text
    assert "We never send details about your health by email or text" in text
    assert "ask for your details and your conversation to be deleted" in text
    assert "call us at (830) 555-0162" in text
    assert "tel:+18305550162" in {a["href"] for a in page.all("a")}
    assert "988" in text and "911" in text


def test_every_page_links_to_the_privacy_page(web_app):
    with web_app() as url:
        for path in ("/", "/privacy"):
            assert "/privacy" in {a["href"] for a in Page(_get(f"{url}{path}").text).all("a")}


def test_page_gives_the_widget_its_config_then_loads_the_bundle(web_app, built_widget):
    with web_app(static_dir=built_widget, PUBLIC_BASE_URL="https://chat.quillfeather.example/x",
                 WIDGET_TITLE='Ask "Quill" & co', WIDGET_COLOR="#6B2D5C",
                 WIDGET_POSITION="left", WIDGET_GREETING="Hello from the atelier") as url:
        page = Page(_get(f"{url}/").text)
    (config_attrs, config_js), (bundle_attrs, _) = page.scripts
    assert bundle_attrs["src"] == "/static/widget/widget.js" and "defer" in bundle_attrs
    prefix, suffix = "window.ClinicChatConfig = ", ";"
    assert config_js.startswith(prefix) and config_js.endswith(suffix)
    assert json.loads(config_js[len(prefix):-len(suffix)]) == {
        "serverUrl": "https://chat.quillfeather.example",  # the origin only: no path
        "socketPath": "/socket.io",
        "privacyUrl": "/privacy",
        "language": "en",
        "title": 'Ask "Quill" & co',
        "primaryColor": "#6b2d5c",
        "position": "left",
        "greeting": "Hello from the atelier",
    }
    assert config_attrs["nonce"] and config_attrs["nonce"] == bundle_attrs["nonce"]


def test_the_widgets_server_defaults_to_the_local_rasa_server(web_app, built_widget):
    with web_app(static_dir=built_widget, PUBLIC_BASE_URL="") as url:
        config_js = Page(_get(f"{url}/").text).scripts[0][1]
    config = json.loads(config_js.removeprefix("window.ClinicChatConfig = ").rstrip(";"))
    assert config["serverUrl"] == "http://localhost:5871"
    assert "greeting" not in config
    assert "titleEs" not in config and "greetingEs" not in config


def test_the_widget_gets_the_clinics_spanish_title_and_greeting(web_app, built_widget):
    with web_app(static_dir=built_widget, WIDGET_TITLE_ES="Pregúntenos",
                 WIDGET_GREETING_ES="¿Dudas? Escriba aquí") as url:
        for path in ("/", "/es"):
            config_js = Page(_get(f"{url}{path}").text).scripts[0][1]
            config = json.loads(config_js.removeprefix("window.ClinicChatConfig = ").rstrip(";"))
            assert (config["titleEs"], config["greetingEs"]) == (
                "Pregúntenos", "¿Dudas? Escriba aquí"), path


def test_without_a_built_widget_the_page_renders_without_it_and_a_warning_is_logged(
        web_app, caplog):
    caplog.set_level(logging.WARNING, logger="bot.web")
    with web_app() as url:
        html = _get(f"{url}/").text
        assert requests.get(f"{url}/static/widget/widget.js", timeout=10).status_code == 404
    assert "<script" not in html and "ClinicChatConfig" not in html
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("bot.web")]
    assert warnings and all("chat widget is not built" in w for w in warnings)
    assert "Quillfeather Scar Atelier" in Page(html).text


def test_a_widget_built_while_the_app_runs_is_served_and_included(web_app, tmp_path):
    static = tmp_path / "later"
    with web_app(static_dir=static) as url:
        assert "ClinicChatConfig" not in _get(f"{url}/").text
        (static / "widget").mkdir(parents=True)
        (static / "widget" / "widget.js").write_text("window.late = 1;\n")
        assert "ClinicChatConfig" in _get(f"{url}/").text
        assert requests.get(f"{url}/static/widget/widget.js", timeout=10).text == \
            "window.late = 1;\n"


def test_an_unknown_page_is_a_404(web_app):
    with web_app() as url:
        assert requests.get(f"{url}/no-such-page", timeout=10).status_code == 404
