"""switched_by_latest_message tells a first message in the other language from a bad answer."""

from bot.language import switched_by_latest_message


def _user(text: str) -> dict:
    return {"event": "user", "text": text}


def _language(value: str | None) -> dict:
    return {"event": "slot", "name": "language", "value": value}


def test_a_first_spanish_message_in_an_english_conversation_switched_it():
    events = [_user("am I a candidate?"), {"event": "action", "name": "intake_form"},
              _user("no entiendo"), _language("es")]
    assert switched_by_latest_message(events)


def test_a_spanish_answer_in_a_spanish_conversation_did_not_switch_it():
    events = [_user("hola"), _language("es"), _user("no sé"), _language("es")]
    assert not switched_by_latest_message(events)


def test_a_message_that_set_no_language_did_not_switch_it():
    events = [_user("hola"), _language("es"), _user("ok")]
    assert not switched_by_latest_message(events)


def test_going_back_to_english_is_a_switch():
    events = [_user("hola"), _language("es"), _user("I don't know"), _language("en")]
    assert switched_by_latest_message(events)


def test_an_english_message_in_a_conversation_that_never_set_a_language_is_no_switch():
    assert not switched_by_latest_message([_user("hello"), _language("en")])


def test_no_message_yet_is_no_switch():
    assert not switched_by_latest_message([{"event": "action", "name": "action_listen"}])
