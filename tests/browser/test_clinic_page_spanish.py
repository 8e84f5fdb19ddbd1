"""A Spanish-speaking visitor reads the clinic's page in Spanish, goes between English and
Español with the page's switch, and the chat widget speaks Spanish there and switches with
its own header button.

Only the web app runs: the widget's socket.io connection is answered inside the browser by a
stand-in for Rasa's channel (Playwright's WebSocket routing), which records what the widget
sends. A whole Spanish conversation with the real assistant is tests/e2e's. Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from bot.settings import PROJECT_ROOT, Settings
from bot.web.app import STATIC_DIR
from tests.conftest import example_values, free_port
from tests.web.conftest import serve

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
# Nothing listens here: the browser's WebSocket to it is answered by the stand-in below.
RASA = f"http://127.0.0.1:{free_port()}"


def shot(page: Page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def web_url() -> Iterator[str]:
    settings = Settings.from_mapping(example_values(PUBLIC_BASE_URL=RASA))
    with serve(settings, STATIC_DIR) as url:
        yield url


@pytest.fixture
def visitor(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


class RasaStandIn:
    """Rasa's socket.io channel as the widget sees it (Engine.IO 4 over a WebSocket): confirms
    the session, keeps every message the widget sends, answers each with one line."""

    def __init__(self, page: Page) -> None:
        self.sent: List[str] = []
        page.route_web_socket(re.compile(r"/socket\.io/"), self._connect)

    def wait_for(self, page: Page, count: int, timeout_s: float = 10) -> None:
        """Until the widget has sent `count` messages (the browser runs meanwhile)."""
        for _ in range(int(timeout_s * 20)):
            if len(self.sent) >= count:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"the widget sent {self.sent}, not {count} messages")

    def _connect(self, ws: WebSocketRoute) -> None:
        ws.on_message(lambda message: self._receive(ws, str(message)))
        ws.send(json.dumps({"sid": "standin", "upgrades": [], "pingInterval": 25000,
                            "pingTimeout": 20000, "maxPayload": 1000000}).join(["0", ""]))

    def _receive(self, ws: WebSocketRoute, message: str) -> None:
        if message == "40":
            ws.send('40{"sid":"standin-socket"}')
        elif message.startswith("42"):
            event, data = json.loads(message[2:])
            if event == "session_request":
                ws.send("42" + json.dumps(["session_confirm", data["session_id"]]))
            elif event == "user_uttered":
                self.sent.append(data["message"])
                reply = ("Claro, seguimos en español." if '"es"' in data["message"]
                         else "Sure, let's continue in English.")
                ws.send("42" + json.dumps(["bot_uttered", {"text": reply}]))


def test_visitor_reads_the_page_in_spanish_and_switches_between_english_and_spanish(
        web_url, visitor):
    page = visitor
    page.goto(web_url + "/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
    expect(page).to_have_url(web_url + "/es")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Microneedling y PRP para cicatrices de acné")
    expect(page.get_by_role("heading", name="Precios")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^Lunes"))).to_be_visible()
    switch = page.get_by_role("navigation", name="Idioma")
    expect(switch.get_by_role("link", name="Español")).to_have_attribute("aria-current", "page")
    shot(page, "clinic-page-es")
    shot(page, "clinic-page-es-full", full_page=True)

    page.get_by_role("link", name="Privacidad").click()
    expect(page).to_have_url(web_url + "/es/privacidad")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacidad")
    shot(page, "privacy-page-es", full_page=True)

    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page).to_have_url(web_url + "/privacy")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")


@pytest.mark.e2e  # needs the built widget bundle (make widget), which test-fast does not build
def test_the_widget_speaks_spanish_on_the_spanish_page_and_its_switch_goes_to_english(
        web_url, visitor, widget_bundle):
    page = visitor
    rasa = RasaStandIn(page)
    page.goto(web_url + "/es")
    page.get_by_role("button", name="Pregúntele a la clínica").click()
    expect(page.get_by_role("dialog", name="Pregúntele a la clínica")).to_be_visible()
    panel = page.get_by_role("dialog")  # its name changes with the language
    expect(panel.get_by_role("textbox", name="Su mensaje")).to_have_attribute(
        "placeholder", "Escriba su pregunta…")
    expect(panel.get_by_role("button", name="Enviar")).to_be_visible()
    expect(panel).to_contain_text("no es consejo médico")
    expect(panel.get_by_role("log", name="Conversación")).to_contain_text(
        "Claro, seguimos en español.")
    assert rasa.sent == ['/greet{"language":"es"}']
    shot(page, "widget-es")

    panel.get_by_role("button", name="Switch the chat to English").click()
    expect(panel.get_by_role("textbox", name="Your message")).to_have_attribute(
        "placeholder", "Type your question…")
    expect(panel.get_by_role("log", name="Conversation")).to_contain_text(
        "Sure, let's continue in English.")
    expect(page.get_by_role("dialog", name="Ask the clinic")).to_be_visible()
    assert rasa.sent == ['/greet{"language":"es"}', '/switch_language{"language":"en"}']
    shot(page, "widget-switched-to-en")

    panel.get_by_role("button", name="Cambiar el chat a español").click()
    expect(panel.get_by_role("textbox", name="Su mensaje")).to_be_visible()
    rasa.wait_for(page, 3)
    assert rasa.sent[-1] == '/switch_language{"language":"es"}'

    # Back on the English page the visitor chose English: the conversation follows.
    page.goto(web_url + "/")
    expect(page.get_by_role("dialog", name="Ask the clinic")).to_be_visible()
    expect(page.get_by_role("textbox", name="Your message")).to_be_visible()
    rasa.wait_for(page, 4)
    assert rasa.sent[-1] == '/switch_language{"language":"en"}'
    expect(page.get_by_role("log", name="Conversation").locator("li.msg.bot").last).to_have_text(
        re.compile("Sure, let's continue in English."))
    shot(page, "widget-follows-the-english-page")
