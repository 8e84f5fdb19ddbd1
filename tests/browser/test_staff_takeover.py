"""Taking over a conversation in real browsers, against the real assistant: a visitor on the
clinic page asks for a person in the chat widget; a staff member (JavaScript off: the portal
needs none) finds the conversation in the queue, takes it over, writes, sees the message
arrive in the visitor's widget, and hands back. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import time
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.store.db import session_factory_for
from bot.store.handoff import is_waiting, waiting_count
from bot.store.models import StaffRole
from bot.web.staff.accounts import create_user
from bot.web.staff.takeover import BACK
from tests.browser.conftest import Chat, RunningSite
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


@pytest.fixture
def staff_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


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
    staff.goto(site.url + "/staff")
    staff.get_by_label("Email").fill(EMAIL)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    expect(staff.get_by_role("heading", name="Leads", exact=True)).to_be_visible()
    queue_link = staff.get_by_role("link", name="Queue")
    expect(queue_link.locator(".count")).to_have_text(str(waiting_count(sessions)))
    queue_link.click()
    expect(staff.get_by_role("heading", name="Visitors waiting for a person")).to_be_visible()
    shot(staff, "staff-queue")
    staff.locator(f'a[href="/staff/conversations/{conversation}"]').click()
    expect(staff.locator("#conversation")).to_contain_text("I want to talk to a person")

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
    # Nothing from the assistant in between: only the staff member answered.
    replies = chat.bot_messages.all_inner_texts()[chat.answered :]
    assert len(replies) == 1 and STAFF_MESSAGE in replies[0], replies
    expect(staff.locator(".line--staff").last).to_contain_text(STAFF_MESSAGE)
    shot(staff, "staff-takeover-paused")
    chat.page.screenshot(path=str(ARTIFACTS / "widget-staff-message.png"))

    staff.get_by_role("button", name="Hand back to the assistant").click()
    expect(staff.locator(".takeover__state")).to_have_text(
        "The assistant is answering this conversation."
    )
    chat.expect_reply(BACK)
    chat.says("where are you located?")
    chat.expect_reply(site.assistant.settings.clinic.address)
    assert not is_waiting(sessions, conversation)
    shot(staff, "staff-takeover-handed-back")
