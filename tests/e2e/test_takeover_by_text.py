"""Taking over a conversation that came in by text: the staff member's words go out through
the clinic's Twilio number (a local stand-in here), the paused assistant answers nothing, and
a number that opted out (STOP) is never texted, whatever staff write."""

from __future__ import annotations

import time

import pytest

from bot.store.db import session_factory_for
from bot.store.handoff import waiting
from bot.store.models import StaffRole
from bot.web.staff.accounts import create_user
from bot.web.staff.takeover import BACK, joined_text
from tests.e2e.test_sms_over_http import Texter, sms_assistant, twilio  # noqa: F401 - fixtures
from tests.e2e.test_takeover_over_http import STAFF_EMAIL, STAFF_PASSWORD, StaffBrowser

pytestmark = pytest.mark.e2e


def _wait_for_text(twilio, phone: str, body: str, seconds: float = 15) -> None:  # noqa: F811
    deadline = time.monotonic() + seconds
    while body not in twilio.texts_to(phone):
        assert time.monotonic() < deadline, f"{body!r} not texted: {twilio.texts_to(phone)}"
        time.sleep(0.2)


def test_a_staff_member_takes_over_a_text_conversation_and_stop_is_respected(sms_assistant, twilio):  # noqa: F811 - pytest fixtures
    create_user(
        session_factory_for(sms_assistant.settings.database_url),
        STAFF_EMAIL,
        StaffRole.STAFF,
        STAFF_PASSWORD,
    )
    texter = Texter(sms_assistant)
    assert "I've let the team know" in texter.reads("I want to talk to a person")
    sessions = session_factory_for(sms_assistant.settings.database_url)
    assert [(e.conversation_id, e.channel) for e in waiting(sessions)] == [(texter.phone, "sms")]

    staff = StaffBrowser(sms_assistant).sign_in()
    path = "/staff/conversations/" + texter.phone.replace("+", "%2B")
    assert "SMS" in staff.text(path)
    assert staff.post(f"{path}/pause", display_name="Maria").status_code == 303
    _wait_for_text(twilio, texter.phone, joined_text("Maria"))

    assert texter.texts("are you there?") == []  # paused: no reply from the assistant
    assert "are you there?" in staff.text(path)
    assert (
        staff.post(f"{path}/messages", message="Yes, Maria here. Can I call you at 4?").status_code
        == 303
    )
    _wait_for_text(twilio, texter.phone, "Yes, Maria here. Can I call you at 4?")

    texter.texts("STOP")
    sent_before = len(twilio.sent)
    assert staff.post(f"{path}/messages", message="Call me back?").status_code == 303
    page = staff.text(path)
    assert "Not texted: this number opted out (STOP)" in page
    assert "Maria (staff) Call me back?" in page  # kept in the transcript
    assert staff.post(f"{path}/resume").status_code == 303
    assert len(twilio.sent) == sent_before
    assert BACK not in twilio.texts_to(texter.phone)
