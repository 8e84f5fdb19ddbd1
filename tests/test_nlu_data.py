"""The held-out NLU test sets stay held out and cover every intent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Set

import yaml

from bot.settings import PROJECT_ROOT

TEST_SET = PROJECT_ROOT / "tests" / "nlu_test.yml"
SPANISH_TEST_SET = PROJECT_ROOT / "tests" / "nlu_test_es.yml"


def _examples(path: Path) -> Dict[str, Set[str]]:
    found: Dict[str, Set[str]] = {}
    for item in yaml.safe_load(path.read_text()).get("nlu", []):
        if "intent" in item:
            lines = item["examples"].splitlines()
            found.setdefault(item["intent"], set()).update(
                _normalise(line.strip()[2:]) for line in lines if line.strip().startswith("- ")
            )
    return found


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def _training_examples() -> Dict[str, Set[str]]:
    merged: Dict[str, Set[str]] = {}
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        for intent, examples in _examples(path).items():
            merged.setdefault(intent, set()).update(examples)
    return merged


def test_no_test_example_appears_in_the_training_data():
    training = set().union(*_training_examples().values())
    tested = set().union(*_examples(TEST_SET).values(), *_examples(SPANISH_TEST_SET).values())
    leaked = tested & training
    assert not leaked, f"test examples also in training data: {sorted(leaked)}"


def test_test_set_has_at_least_150_examples_covering_every_intent():
    test_set = _examples(TEST_SET)
    domain_intents = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])
    # A retrieval intent is tested by each of its topics (faq/<topic>).
    assert {intent.split("/")[0] for intent in test_set} == domain_intents
    faq_topics = {i for i in _training_examples() if i.startswith("faq/")}
    assert faq_topics <= set(test_set)
    assert sum(len(examples) for examples in test_set.values()) >= 150


def test_every_intent_has_at_least_ten_varied_training_examples():
    thin = {intent: len(ex) for intent, ex in _training_examples().items() if len(ex) < 10}
    assert not thin


def test_spanish_test_set_uses_only_intents_of_the_domain():
    domain_intents = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])
    spanish = _examples(SPANISH_TEST_SET)
    assert spanish
    assert {intent.split("/")[0] for intent in spanish} <= domain_intents
