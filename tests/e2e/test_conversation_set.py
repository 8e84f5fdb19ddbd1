"""The conversation runner (tests/conversations/runner.py) against the real assistant: it
catches a wrong intent, a missing reply, a wrong slot and an unmet goal, and passes a
conversation that goes as written."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List

import pytest

from bot.runner import Assistant
from tests.conversations.runner import SetResult, Target, load_set, play_set

pytestmark = pytest.mark.e2e


def play(assistant: Assistant, tmp_path: Path, conversations: str) -> SetResult:
    path = tmp_path / "set.yml"
    path.write_text("conversations:\n" + textwrap.dedent(conversations))
    target = Target(assistant.rasa_url, assistant.settings.database_url, assistant.settings)
    return play_set("test", load_set(path), target, threads=2)


def problems(result: SetResult) -> List[str]:
    return [problem for failure in result.failures for problem in failure.problems]


def test_a_conversation_that_goes_as_written_passes_every_turn_and_its_goal(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: prices
          persona: asks the price, says bye
          turns:
          - say: "how much is microneedling?"
            expect: {intent: ask_cost, reply: "{price_session} a session", form: null}
          - say: "bye"
            expect: {intent: goodbye, no_reply: "(?i)didn't catch"}
          goal: {exit: polite, lead: none, escalation: none}
    """)
    assert result.failures == []
    assert (result.turns_right, result.turns_total, result.goals_reached) == (2, 2, 1)


def test_a_wrong_intent_is_reported_with_what_the_tracker_says(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: wrong-intent
          persona: expects a greeting where the visitor asks a price
          turns:
          - say: "how much is microneedling?"
            expect: {intent: greet}
          goal: {exit: polite}
    """)
    [failure] = result.failures
    assert (failure.conversation, failure.turn, failure.text) == (
        "wrong-intent", 1, "how much is microneedling?")
    assert failure.problems == ["intent: expected greet, got ask_cost"]
    assert failure.happened["intent"] == "ask_cost"
    assert any("$333" in reply for reply in failure.replies)  # every reply is in the report
    assert result.turns_right == 0 and result.goals_reached == 1


def test_an_faq_topic_is_checked_by_the_answer_the_response_selector_picked(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: faq-topic
          persona: asks whether it hurts
          turns:
          - say: "does microneedling hurt?"
            expect: {intent: faq/pain}
          - say: "does microneedling hurt?"
            expect: {intent: faq/insurance}
          goal: {escalation: none}
    """)
    assert problems(result) == ["intent: expected faq/insurance, got faq/pain"]


def test_a_missing_reply_and_an_unwanted_reply_are_reported(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: replies
          persona: asks the price
          turns:
          - say: "how much is microneedling?"
            expect: {reply: "(?i)zebra crossing", no_reply: "{price_session}"}
          goal: {escalation: none}
    """)
    assert problems(result) == ["reply: nothing matched /(?i)zebra crossing/",
                                "no_reply: /{price_session}/ matched '$333'"]


def test_a_wrong_slot_and_a_wrong_form_state_are_reported(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: slots
          persona: starts the self-assessment
          turns:
          - say: "am I a good candidate?"
            expect: {form: intake_form, requested_slot: scar_types}
          - say: "rolling"
            expect: {slots: {scar_types: [boxcar]}, requested_slot: age, form: null}
          goal: {lead: none}
    """)
    assert result.failures[0].turn == 2
    assert problems(result) == [
        "slot scar_types: expected ['boxcar'], got ['rolling']",
        "form: expected None, got intake_form",
        "requested_slot: expected age, got scar_count",
    ]
    assert result.turns_right == 1 and result.goals_reached == 1


def test_unmet_goals_are_reported_after_the_last_turn(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: goals
          persona: asks the price and starts the questions, nothing more
          turns:
          - say: "how much is microneedling?"
            expect: {intent: ask_cost}
          - say: "am I a good candidate?"
            expect: {form: intake_form}
          goal:
            lead: {name: Maria Lopez}
            booking: true
            escalation: infection
            exit: polite
    """)
    [failure] = result.failures
    assert failure.turn == "goal"
    assert failure.problems == [
        "lead: no lead stored by this conversation",
        "booking: no live consultation booked by this conversation",
        "escalation: no message was read as report_infection",
        r"escalation: no reply showed /(?i)call the clinic|urgent care|{phone}/",
        "exit: the form intake_form was still running at the end",
    ]
    assert result.turns_right == 2 and result.goals_reached == 0


def test_a_false_alarm_fails_a_conversation_whose_goal_is_no_escalation(
        assistant: Assistant, tmp_path: Path) -> None:
    result = play(assistant, tmp_path, """
        - id: alarm
          persona: reports pus and a fever, where the set expected no escalation
          turns:
          - say: "I had microneedling 3 days ago and now there's pus and I have a fever"
            expect: {intent: report_infection}
          goal: {escalation: none}
    """)
    [failure] = result.failures
    assert failure.problems[0] == "escalation: expected none, the message was read as " \
                                  "report_infection"
    assert failure.problems[1].startswith("escalation: expected none, a reply said")


def test_a_stored_lead_is_checked_field_by_field(
        assistant: Assistant, tmp_path: Path) -> None:
    answers = ["ice-pick and rolling", "more than 20", "cheeks and temples", "noticeable",
               "3 years", "occasionally", "rarely burn, tan easily", "none",
               "no", "no", "no", "no", "no", "no", "34", "yes", "no", "Maria Lopez",
               "210 555 0197", "skip", "text", "evening"]
    turns = "".join(f'  - say: "{answer}"\n    expect: {{no_reply: "(?i)zebra"}}\n'
                    for answer in answers)
    result = play(assistant, tmp_path, f"""
- id: lead
  persona: a whole intake
  turns:
  - say: "am I a good candidate?"
    expect: {{form: intake_form}}
{turns}  goal:
    lead:
      name: Maria Lopez
      phone: "+12105550197"
      preferred_time: morning
      answers: {{scar_types: [rolling, icepick], age: 35}}
      band: severe
""")
    assert problems(result) == [
        "lead preferred_time: expected 'morning', got 'evening'",
        "lead answer age: expected 35, got 34",
    ]
    assert result.turns_right == result.turns_total == len(answers) + 1
