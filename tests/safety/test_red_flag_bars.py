"""The red-flag bars the clinic set, on the labelled set kept apart from training."""

from __future__ import annotations

import pytest

from bot.safety.classifier import RedFlagClassifier, nlu_examples
from bot.safety.evaluation import evaluate, load_labelled, nlu_test_messages
from bot.settings import PROJECT_ROOT

LABELLED = PROJECT_ROOT / "tests" / "red_flags" / "heldout.yml"


@pytest.fixture(scope="module")
def second_reading() -> RedFlagClassifier:
    """Trained as `rasa train` trains it, on the NLU training data."""
    return RedFlagClassifier.train(nlu_examples(PROJECT_ROOT / "data" / "nlu"))


def test_red_flags_meet_the_recall_and_false_escalation_bars_on_the_labelled_set(
        second_reading):
    report = evaluate(load_labelled(LABELLED), second_reading)
    assert report.total["self_harm"] >= 60 and report.negatives >= 150
    assert report.failures() == [], [m.text for m in report.misreads]


def test_the_held_out_nlu_test_set_raises_no_false_alarm(second_reading):
    report = evaluate(nlu_test_messages(PROJECT_ROOT / "tests" / "nlu_test.yml"), second_reading)
    assert report.failures() == [], [m.text for m in report.misreads]


def test_no_labelled_red_flag_message_is_in_the_training_data():
    trained = {text.lower() for text, _ in nlu_examples(PROJECT_ROOT / "data" / "nlu")}
    labelled = {m["text"].lower() for m in load_labelled(LABELLED)}
    assert not labelled & trained
