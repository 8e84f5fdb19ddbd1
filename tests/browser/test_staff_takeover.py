"""Taking over a conversation in real browsers, against the real assistant: a visitor on the
clinic page asks for a person in the chat widget; a staff member (JavaScript off: the portal
needs none) finds the conversation in the queue, takes it over, writes, sees the message
arrive in the visitor's widget under their name, and hands back. With JavaScript on, the
queue's count and the visitor's new messages appear while staff are on the page, and what
they are typing stays. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import re
import time
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.store.db import session_factory_for
from bot.store.handoff import is_waiting, waiting_count
from bot.store.models import StaffRole
from bot.web.staff.accounts import create_user
from bot.web.staff.takeover import BACK
from tests.browser.conftest import Chat, Console, RunningSite
from tests.browser.test_staff_portal import ARTIFACTS, shot

EMAIL = "maria.lopez@clinic.example"
PASSWORD = "a long enough staff password"
STAFF_MESSAGE = "Hi, I'm Maria from the front desk. Would Tuesday at 5 PM suit you for a call?"


@pytest.fixture(scope="module")
def staff_account(site: RunningSite) -> str:
    create_user(
        session_factory_for(site.assistant.settings.database_url), EMAIL, StaffRole.STAFF, PASSWORD
    )
    return EMAIL


def _staff_context(browser: Browser, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def staff_page(browser: Browser) -> Iterator[Page]:
    yield from _staff_context(browser, javascript=False)


@pytest.fixture
def live_staff_page(browser: Browser, console: Console) -> Iterator[Page]:
    """A staff member's browser with JavaScript on; the test fails on a console error."""
    for page in _staff_context(browser, javascript=True):
        page.on("console", console.on_message)
        page.on("pageerror", lambda error: console.errors.append(f"uncaught: {error}"))
        yield page


def _sign_in(staff: Page, site: RunningSite) -> None:
    staff.goto(site.url + "/staff")
    staff.get_by_label("Email").fill(EMAIL)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", name="Leads", exact=True)).to_be_visible()


def _session_id(chat: Chat) -> str:
    saved = chat.page.evaluate("() => sessionStorage.getItem('clinic-chat.v1')")
    return str(json.loads(saved)["sessionId"])


def _reload_until(page: Page, selector: str, text: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while text not in page.locator(selector).inner_text():
        assert time.monotonic() < deadline, f"{text!r} did not appear in {selector}"
        page.wait_for_timeout(300)
        page.reload()


def test_staff_member_takes_over_a_conversation_from_the_queue_writes_and_hands_back(
    chat: Chat, staff_page: Page, site: RunningSite, staff_account: str
) -> None:
    sessions = session_factory_for(site.assistant.settings.database_url)
    chat.visit().open().greeted()
    chat.says("I want to talk to a person")
    chat.expect_reply("I've let the team know")
    conversation = _session_id(chat)

    staff = staff_page
    _sign_in(staff, site)
    queue_link = staff.get_by_role("link", name="Queue")
    expect(queue_link.locator(".count")).to_have_text(str(waiting_count(sessions)))
    queue_link.click()
    expect(staff.get_by_role("heading", name="Visitors waiting for a person")).to_be_visible()
    shot(staff, "staff-queue")
    staff.locator(f'a[href="/staff/conversations/{conversation}"]').click()
    expect(staff.locator("#conversation")).to_contain_text("I want to talk to a person")
    # The widget's opening "/greet" is not shown as if the visitor had typed it.
    expect(staff.locator("#conversation .line--visitor").first).to_have_text(
        re.compile(r"\(opened the chat\)")
    )
    expect(staff.locator("#conversation")).not_to_contain_text("/greet")

    expect(staff.get_by_label("Your first name, as the visitor will see it")).to_have_value("Maria")
    staff.get_by_role("button", name="Pause the assistant and take over").click()
    expect(staff.locator(".takeover__state")).to_contain_text(
        f"Paused: the assistant is silent. Maria ({EMAIL}) took over"
    )
    chat.expect_reply("You're now chatting with Maria from the clinic.")

    chat.says("Great, thank you. When could we talk?")
    # The portal works without JavaScript: staff reload to see what came in.
    _reload_until(staff, "#conversation", "Great, thank you. When could we talk?")
    expect(staff.get_by_role("heading", name="Write to the visitor as Maria")).to_be_visible()
    staff.get_by_label("Message").fill(STAFF_MESSAGE)
    staff.get_by_role("button", name="Send").click()
    chat.expect_reply(STAFF_MESSAGE)
    # Nothing from the assistant in between: only the staff member answered, under their name.
    replies = chat.bot_messages.all_inner_texts()[chat.answered :]
    assert len(replies) == 1 and STAFF_MESSAGE in replies[0], replies
    from_staff = chat.bot_messages.last
    expect(from_staff.locator(".author")).to_have_text("Maria · clinic team")
    expect(from_staff.locator(".bubble .visually-hidden")).to_have_text("Maria, clinic team:")
    joined = chat.bot_messages.filter(has_text="You're now chatting with Maria")
    expect(joined.locator(".author")).to_have_text("Maria · clinic team")
    expect(staff.locator(".line--staff").last).to_contain_text(STAFF_MESSAGE)
    shot(staff, "staff-takeover-paused")
    chat.page.screenshot(path=str(ARTIFACTS / "widget-staff-message.png"))

    staff.get_by_role("button", name="Hand back to the assistant").click()
    expect(staff.locator(".takeover__state")).to_have_text(
        "The assistant is answering this conversation."
    )
    chat.expect_reply(BACK)
    # The assistant is back, and says so under its own label.
    back = chat.bot_messages.filter(has_text="You're back with the clinic's virtual assistant")
    expect(back.locator(".author")).to_have_count(0)
    expect(back.locator(".bubble .visually-hidden")).to_have_text("Assistant:")
    chat.says("where are you located?")
    chat.expect_reply(site.assistant.settings.clinic.address)
    assert not is_waiting(sessions, conversation)
    shot(staff, "staff-takeover-handed-back")


def test_staff_see_the_queue_and_the_visitors_new_messages_without_reloading(
    chat: Chat, live_staff_page: Page, site: RunningSite, staff_account: str
) -> None:
    sessions = session_factory_for(site.assistant.settings.database_url)
    staff = live_staff_page
    _sign_in(staff, site)
    staff.get_by_role("link", name="Queue").click()
    before = waiting_count(sessions)
    staff.evaluate("() => { window.notReloaded = true; }")

    chat.visit().open().greeted()
    chat.says("Can I talk to a person please?")
    chat.expect_reply("I've let the team know")
    conversation = _session_id(chat)
    expect(staff.locator('a[data-count-of="queue"] .count')).to_have_text(str(before + 1))
    expect(staff.get_by_role("status").filter(has_text="since this list was shown")).to_be_visible()
    assert staff.evaluate("() => window.notReloaded") is True
    shot(staff, "staff-queue-live")

    staff.reload()
    staff.locator(f'a[href="/staff/conversations/{conversation}"]').click()
    staff.get_by_role("button", name="Pause the assistant and take over").click()
    chat.expect_reply("You're now chatting with Maria from the clinic.")
    draft = "Hi, thanks for waiting. Let me check the"
    staff.get_by_label("Message").fill(draft)
    staff.evaluate("() => { window.notReloaded = true; }")

    chat.says("Thanks! Is Saturday possible?")
    expect(staff.locator("#conversation .line--visitor").last).to_contain_text(
        "Thanks! Is Saturday possible?"
    )
    assert staff.evaluate("() => window.notReloaded") is True
    expect(staff.get_by_label("Message")).to_have_value(draft)
    # Later questions add nothing twice.
    staff.wait_for_timeout(5000)
    new_message = staff.locator("#conversation .line--visitor", has_text="Is Saturday possible?")
    expect(new_message).to_have_count(1)
    shot(staff, "staff-takeover-live")

    staff.get_by_label("Message").fill("Saturday at 10 AM works. See you then!")
    staff.get_by_role("button", name="Send").click()
    chat.expect_reply("Saturday at 10 AM works.")
    expect(chat.bot_messages.last.locator(".author")).to_have_text("Maria · clinic team")
    chat.page.screenshot(path=str(ARTIFACTS / "widget-staff-message-live.png"))
    staff.get_by_role("button", name="Hand back to the assistant").click()
    chat.expect_reply(BACK)
    assert not is_waiting(sessions, conversation)
