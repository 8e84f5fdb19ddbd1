"""A visitor uses the chat widget on the clinic's page, in chromium, against the real assistant."""

from __future__ import annotations

import json
import re
from typing import List

import pytest
import requests
from playwright.sync_api import Page, WebSocketRoute, expect
from sqlalchemy import text

from bot.store.db import make_engine
from tests.browser.conftest import Chat, Console, RunningSite, screenshot

pytestmark = pytest.mark.e2e

PRICE = "$333"  # PRICE_MICRONEEDLING_SESSION of the e2e assistant
XSS = '<img src=x onerror="window.__xss = 1">'

# The self-assessment up to the consent question: (click a button | type, the answer).
ASSESSMENT = [
    ("click", "Narrow, deep pits, like a pinprick (ice-pick)"),
    ("click", "More than 20"),
    ("type", "cheeks and temples"),
    ("click", "Easy to see at that distance"),
    ("click", "1 to 5 years"),
    ("click", "Now and then"),
    ("click", "Rarely burns, tans easily"),
    ("click", "None"),
    ("click", "No"),  # isotretinoin
    ("type", "no"), ("type", "no"), ("type", "no"), ("type", "no"), ("type", "no"),
    ("type", "34"),
]
CONSENT_QUESTION = "May the clinic store your answers"


def _answer_the_assessment(chat: Chat) -> None:
    chat.says("am I a good candidate?")
    chat.expect_reply("Which looks most like your scars?")
    for index, (how, answer) in enumerate(ASSESSMENT):
        before = chat.visitor_messages.count()
        if how == "click":
            chat.clicks(answer)
        else:
            chat.says(answer)
        expect(chat.visitor_messages).to_have_count(before + 1)
        expect(chat.visitor_messages.last).to_contain_text(answer)
        if index < len(ASSESSMENT) - 1:
            # the next question has arrived when the typing indicator is gone
            expect(chat.page.locator(".typing")).to_be_hidden()
    chat.expect_reply(CONSENT_QUESTION)


def test_visitor_opens_the_chat_and_asks_the_price(chat: Chat) -> None:
    chat.visit()
    screenshot(chat.page, "desktop-page")
    chat.open().greeted()
    expect(chat.input).to_be_focused()
    for topic in ("What is micro-needling?", "Ice-pick scars", "PRP / vampire facial", "Prices"):
        expect(chat.reply_button(topic)).to_be_visible()
    chat.says("how much is microneedling?")
    expect(chat.visitor_messages.last).to_contain_text("how much is microneedling?")
    chat.expect_reply(PRICE)
    # each message carries its time
    expect(chat.log.locator("li.msg time").last).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-"))
    screenshot(chat.page, "desktop-price-answer")


def test_topic_button_sends_its_payload_and_shows_its_title(chat: Chat) -> None:
    chat.visit().open().greeted()
    chat.clicks("Prices")  # payload /ask_cost
    expect(chat.visitor_messages.last).to_have_text(re.compile(r"Prices"))
    chat.expect_reply(PRICE)
    expect(chat.replies.get_by_role("button", name="Prices")).to_have_count(0)  # answered


def test_visitors_markup_is_shown_as_text(chat: Chat) -> None:
    chat.visit().open().greeted()
    chat.says(XSS)
    expect(chat.visitor_messages.last).to_contain_text(XSS)
    chat.expect_reply(re.compile(r"\w"))
    expect(chat.log.locator("img")).to_have_count(0)
    assert chat.page.evaluate("() => window.__xss") is None


def test_bot_html_is_shown_as_text_not_markup(chat: Chat) -> None:
    """Whatever arrives as the bot's text stays text; only http(s) URLs become links. The
    message is added to the real server's websocket stream, as Rasa's channel would send it."""
    sockets: List[WebSocketRoute] = []

    def through_to_rasa(route: WebSocketRoute) -> None:
        route.connect_to_server()  # everything else passes between page and Rasa unchanged
        sockets.append(route)

    chat.page.route_web_socket(re.compile(r"/socket\.io/"), through_to_rasa)
    chat.visit().open().greeted()
    bot_text = (f"{XSS} <a href=\"javascript:window.__xss=2\">call us</a> "
                "<b>bold</b> details at https://clinic.example/prices.")
    sockets[-1].send("42" + json.dumps(["bot_uttered", {"text": bot_text}]))
    chat.expect_reply("details at")
    message = chat.bot_messages.last
    expect(message).to_contain_text(bot_text)
    expect(chat.log.locator("img, b, script, iframe")).to_have_count(0)
    links = message.get_by_role("link")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://clinic.example/prices")
    expect(links).to_have_text("https://clinic.example/prices")  # the full stop stays text
    assert chat.page.evaluate("() => window.__xss") is None
    screenshot(chat.page, "bot-markup-shown-as-text")


def test_conversation_survives_a_page_reload(chat: Chat) -> None:
    chat.visit().open().greeted()
    chat.says("am I a good candidate?")
    chat.expect_reply("Which looks most like your scars?")
    chat.clicks("Round dents with sharp edges (boxcar)")
    chat.expect_reply("Roughly how many scars do you have?")
    session_before = chat.page.evaluate("() => sessionStorage.getItem('clinic-chat.v1')")

    chat.page.reload()
    expect(chat.panel).to_be_visible()  # it was open, so it opens again
    expect(chat.log).to_contain_text("What would you like to know?")
    expect(chat.visitor_messages.last).to_contain_text("Round dents with sharp edges (boxcar)")
    expect(chat.bot_messages.last).to_contain_text("Roughly how many scars do you have?")
    screenshot(chat.page, "after-reload")
    chat.clicks("11 to 20")  # the question's buttons are back, and the intake goes on
    chat.expect_reply("Where are they?")
    session_after = chat.page.evaluate("() => sessionStorage.getItem('clinic-chat.v1')")
    assert _session_id(session_before) == _session_id(session_after)

    chat.page.get_by_role("link", name="Privacy").first.click()  # navigating keeps it too
    expect(chat.visitor_messages.last).to_contain_text("11 to 20")


def _session_id(stored: str) -> str:
    match = re.search(r'"sessionId":"([0-9a-f]{64})"', stored)
    assert match, stored
    return match.group(1)


def test_escape_closes_and_focus_returns(chat: Chat) -> None:
    chat.visit()
    chat.launcher.focus()
    chat.page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    assert chat.focused_element() == "input#ccw-input"
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    chat.greeted()
    chat.page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    assert chat.focused_element().startswith("button") and "launcher" in chat.focused_element()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")


def test_visitor_uses_the_chat_with_the_keyboard_alone(chat: Chat) -> None:
    chat.visit()
    for _ in range(60):  # from the top of the page to the launcher, by Tab alone
        chat.page.keyboard.press("Tab")
        if "launcher" in chat.focused_element():
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    chat.page.keyboard.press("Enter")
    chat.greeted()
    chat.page.keyboard.press("Shift+Tab")  # from the input back to the last topic button
    assert chat.focused_element() == "button.reply"
    screenshot(chat.page, "keyboard-focus-on-a-topic")
    chat.page.keyboard.press("Enter")
    chat.expect_reply(PRICE)
    chat.page.keyboard.type("is it painful?")
    chat.page.keyboard.press("Enter")
    expect(chat.visitor_messages.last).to_contain_text("is it painful?")
    chat.page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()


def test_scar_type_buttons_show_drawings(chat: Chat) -> None:
    chat.visit().open().greeted()
    chat.says("am I a good candidate?")
    chat.expect_reply("Which looks most like your scars?")
    pictured = {
        "Narrow, deep pits, like a pinprick (ice-pick)",
        "Round dents with sharp edges (boxcar)",
        "Wide, shallow dips; skin looks wavy (rolling)",
    }
    for title in pictured:
        button = chat.reply_button(title)  # its name is the words alone
        expect(button.locator("svg[aria-hidden=true]")).to_have_count(1)
    for title in ("Raised or thick scars", "Not sure"):
        expect(chat.reply_button(title).locator("svg")).to_have_count(0)
    screenshot(chat.page, "scar-type-pictures")
    chat.clicks("Wide, shallow dips; skin looks wavy (rolling)")
    expect(chat.visitor_messages.last).to_contain_text("Wide, shallow dips")
    chat.expect_reply("Roughly how many scars do you have?")


def test_privacy_line_before_contact_questions(chat: Chat, site: RunningSite) -> None:
    chat.visit().open().greeted()
    _answer_the_assessment(chat)
    note = chat.log.locator("li.note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("privacy notice")
    # The line comes right before the consent question, and links to the privacy page.
    after_note = chat.log.locator("li.note + li.msg.bot")
    expect(after_note).to_contain_text(CONSENT_QUESTION)
    link = note.get_by_role("link", name="privacy notice")
    expect(link).to_have_attribute("href", f"{site.url}/privacy")
    screenshot(chat.page, "privacy-line-before-consent")
    chat.clicks("Yes, I agree")
    chat.expect_reply("offers")
    chat.clicks("No thanks")
    expect(note).to_have_count(1)  # not again before the marketing question


def test_visitor_runs_the_self_assessment_and_books_a_consultation(
    chat: Chat, site: RunningSite
) -> None:
    chat.visit().open().greeted()
    _answer_the_assessment(chat)
    chat.clicks("Yes, I agree")
    chat.expect_reply("offers")
    chat.clicks("No thanks")
    chat.expect_reply("What's your name?")
    chat.says("Maria Lopez")
    chat.expect_reply("mobile")
    chat.says("210 555 0191")
    chat.expect_reply("email")
    chat.says("maria@example.com")
    chat.expect_reply("How should the clinic contact you?")
    chat.clicks("Text me")
    chat.expect_reply("When is a good time?")
    chat.clicks("Evening")
    expect(chat.log).to_contain_text("book your consultation now")
    slot = chat.replies.last.get_by_role("button").first
    slot_title = slot.inner_text()
    slot.click()
    expect(chat.log).to_contain_text("You're booked")
    calendar = chat.log.get_by_role("link", name=re.compile(r"calendar \(\.ics\)"))
    expect(calendar).to_be_visible()
    href = calendar.get_attribute("href") or ""
    assert href.endswith(".ics")
    settings = site.assistant.settings
    response = requests.get(href.replace(settings.public_base_url, site.assistant.rasa_url),
                            timeout=10)
    assert response.status_code == 200 and "BEGIN:VEVENT" in response.text
    assert slot_title.split(",")[0] in chat.log.inner_text()
    screenshot(chat.page, "booked-with-calendar-link")


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_page_and_open_chat_at_phone_and_desktop_widths(
    chat: Chat, width: int, height: int
) -> None:
    chat.page.set_viewport_size({"width": width, "height": height})
    chat.visit()
    screenshot(chat.page, f"page-{width}")
    chat.open().greeted()
    screenshot(chat.page, f"chat-open-{width}")
    box = chat.panel.bounding_box()
    assert box is not None
    if width < 600:
        assert (box["x"], box["y"], box["width"]) == (0, 0, width)
    else:
        assert box["width"] < width / 2 and box["x"] + box["width"] <= width


def test_phone_sized_screen_keeps_the_input_visible(chat: Chat) -> None:
    page: Page = chat.page
    page.set_viewport_size({"width": 360, "height": 640})
    chat.visit()
    page.evaluate("() => window.scrollTo(0, 300)")
    scrolled = page.evaluate("() => window.scrollY")
    chat.open().greeted()
    # Focus is in the panel, not yet in the input (which would open the keyboard unasked).
    assert chat.focused_element() == "section#ccw-panel.panel"
    expect(chat.panel).to_have_attribute("aria-modal", "true")
    box = chat.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 360, "height": 640}
    _assert_inside_viewport(page, chat, 640)
    screenshot(page, "phone-360-open")
    # The on-screen keyboard takes the lower half: the visible viewport shrinks.
    page.set_viewport_size({"width": 360, "height": 330})
    chat.input.click()
    _assert_inside_viewport(page, chat, 330)
    chat.says("how much is microneedling?")
    chat.expect_reply(PRICE)
    _assert_inside_viewport(page, chat, 330)
    expect(chat.bot_messages.last).to_be_in_viewport()
    assert page.evaluate("() => window.scrollY") == scrolled  # the page behind did not jump
    screenshot(page, "phone-360-keyboard-open")


def _assert_inside_viewport(page: Page, chat: Chat, height: int) -> None:
    box = chat.input.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
    expect(chat.input).to_be_in_viewport()


def test_widget_reconnects_after_rasa_restarts(
    chat: Chat, site: RunningSite, console: Console
) -> None:
    """The assistant's servers (Rasa's among them) stop and start again while the page stays
    open: the widget reconnects by itself and the conversation goes on in the same session."""
    console.allow(r"WebSocket connection to .* failed")
    console.allow(r"Failed to load resource")
    chat.visit().open().greeted()
    chat.says("what is a vampire facial")
    chat.expect_reply("platelet-rich plasma")

    site.assistant.stop()
    expect(chat.page.get_by_role("status")).to_contain_text("Reconnecting", timeout=15_000)
    chat.says("how much is microneedling?")  # typed while the server is down: it waits
    expect(chat.visitor_messages.last).to_contain_text("how much is microneedling?")
    expect(chat.page.locator(".typing")).to_be_visible()
    screenshot(chat.page, "reconnecting")
    site.assistant.start()

    chat.expect_reply(PRICE)
    expect(chat.page.get_by_role("status")).to_be_hidden()
    expect(chat.log).to_contain_text("platelet-rich plasma")  # nothing lost on screen
    screenshot(chat.page, "after-rasa-restart")
    session = _session_id(chat.page.evaluate("() => sessionStorage.getItem('clinic-chat.v1')"))
    said = _visitor_texts(site, session)
    assert said[-2:] == ["what is a vampire facial", "how much is microneedling?"], said


def _visitor_texts(site: RunningSite, session_id: str) -> List[str]:
    """What the visitor said in this conversation, from Rasa's tracker store."""
    engine = make_engine(site.assistant.settings.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                "ORDER BY id"), {"s": session_id}).all()
    finally:
        engine.dispose()
    return [json.loads(data)["text"] for (data,) in rows]
