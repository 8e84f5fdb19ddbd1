"""The held-out NLU test sets stay held out and cover every intent."""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from pathlib import Path
from types import ModuleType
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
    # Accents are dropped, not the letters that carry them: "adiós" and "adios" are one text.
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9 ]", "", plain).strip()


def _training_examples() -> Dict[str, Set[str]]:
    merged: Dict[str, Set[str]] = {}
    # Every folder under data/nlu (the Spanish data lives in data/nlu/es/).
    for path in (PROJECT_ROOT / "data" / "nlu").rglob("*.yml"):
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


def test_spanish_test_set_has_at_least_170_examples_covering_every_intent_and_faq_topic():
    spanish = _examples(SPANISH_TEST_SET)
    domain_intents = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])
    assert domain_intents <= {intent.split("/")[0] for intent in spanish}
    faq_topics = {i for i in _training_examples() if i.startswith("faq/")}
    assert faq_topics <= set(spanish)
    assert sum(len(examples) for examples in spanish.values()) >= 170


def test_accents_do_not_hide_a_test_example_in_the_training_data():
    assert _normalise("¿Cuánto cuesta?") == _normalise("cuanto cuesta")
    assert _normalise("mañana") != _normalise("mana")


def _eval_nlu() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_nlu", PROJECT_ROOT / "scripts" / "eval_nlu.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is built
    sys.modules.setdefault("eval_nlu", module)
    spec.loader.exec_module(sys.modules["eval_nlu"])
    return sys.modules["eval_nlu"]


def test_eval_fails_when_spanish_is_below_its_bar_even_with_english_above() -> None:
    eval_nlu = _eval_nlu()
    scores = {"English": eval_nlu.Scores("English", "en.yml", 0.98, 0.98, 200),
              "Spanish": eval_nlu.Scores("Spanish", "es.yml", 0.89, 0.90, 200)}
    failed = eval_nlu.below_bars(scores, {"English": 0.95, "Spanish": 0.90})
    assert failed == ["Spanish: macro-F1 0.890 is below the bar of 0.90"]
    scores["Spanish"].macro_f1 = 0.90
    assert eval_nlu.below_bars(scores, {"English": 0.95, "Spanish": 0.90}) == []


def test_eval_fails_when_a_test_set_was_not_scored_instead_of_skipping_it() -> None:
    eval_nlu = _eval_nlu()
    scores = {"English": eval_nlu.Scores("English", "en.yml", 0.98, 0.98, 200)}
    assert eval_nlu.below_bars(scores, {"English": 0.95, "Spanish": 0.90}) == [
        "Spanish: not scored (its test set is missing or empty)"]


def test_eval_prints_both_languages_side_by_side_with_their_bars() -> None:
    eval_nlu = _eval_nlu()
    scores = {"English": eval_nlu.Scores("English", "en.yml", 0.981, 0.98, 200),
              "Spanish": eval_nlu.Scores("Spanish", "es.yml", 0.85, 0.88, 285)}
    table = eval_nlu.side_by_side(scores, {"English": 0.95, "Spanish": 0.90})
    header, *rows = table.splitlines()
    assert header.split() == ["English", "Spanish"]
    row = {line.split("  ")[1].strip(): line.split()[-2:] for line in rows if line.strip()}
    assert row["intent macro-F1"] == ["0.981", "0.850"]
    assert row["bar (macro-F1)"] == ["0.95", "0.90"]
    assert rows[-1].split() == ["ok", "BELOW"]


def test_make_test_gates_english_at_095_and_spanish_at_090() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^MIN_MACRO_F1 \?= 0\.95$", makefile, re.M)
    assert re.search(r"^MIN_MACRO_F1_ES \?= 0\.90$", makefile, re.M)
    eval_target = makefile.split("\neval:", 1)[1].split("\n\n", 1)[0]
    assert ("scripts/eval_nlu.py --min-macro-f1 $(MIN_MACRO_F1) "
            "--min-macro-f1-es $(MIN_MACRO_F1_ES)") in eval_target
    test_target = re.search(r"^test:(.*)$", makefile, re.M)
    assert test_target and "eval" in test_target.group(1).split()
