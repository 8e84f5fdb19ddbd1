"""Measure the red-flag detector on a labelled set: recall per kind, false escalations.

Used by `make eval` (scripts/eval_red_flags.py prints it) and by the test that holds the bars
(tests/safety/test_red_flag_bars.py). The labelled set, tests/red_flags/heldout.yml, was
written apart from the detector's patterns and is never used for training.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from bot.safety.classifier import examples_in
from bot.safety.red_flags import KINDS, KindGuesser, detect

# The bars the clinic set: every self-harm and allergic reaction caught, nearly every infection,
# and at most 2 % of the messages that are not red flags escalated.
MIN_RECALL = {"self_harm": 1.0, "allergic_reaction": 1.0, "infection": 0.98}
MAX_FALSE_ESCALATION = 0.02
NONE = "none"


@dataclass
class Misread:
    text: str
    expected: str
    found: str
    lang: str


@dataclass
class Report:
    """Recall per kind (and per language), false escalations, and every misread message."""

    caught: Dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: Dict[str, int] = field(default_factory=lambda: defaultdict(int))
    negatives: int = 0
    false_escalations: int = 0
    misreads: List[Misread] = field(default_factory=list)

    def recall(self, key: str) -> float:
        return self.caught[key] / self.total[key] if self.total[key] else 1.0

    @property
    def false_escalation_rate(self) -> float:
        return self.false_escalations / self.negatives if self.negatives else 0.0

    def failures(self) -> List[str]:
        """The bars this report misses, in words; empty when it meets them all."""
        found = [f"{kind} recall {self.recall(kind):.3f} < {bar:.2f}"
                 for kind, bar in MIN_RECALL.items() if self.recall(kind) < bar]
        if self.false_escalation_rate > MAX_FALSE_ESCALATION:
            found.append(f"false escalations {self.false_escalation_rate:.3f} > "
                         f"{MAX_FALSE_ESCALATION:.2f}")
        return found


def load_labelled(path: Path, part: str = "all") -> List[Dict[str, str]]:
    """The labelled messages; `part` "dev" or "test" takes a fixed half of them (by a hash of
    the text), so patterns can be improved on one half and checked on the other."""
    messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    if part == "all":
        return messages
    return [m for m in messages if (part == "dev") == _in_dev_half(m["text"])]


def _in_dev_half(text: str) -> bool:
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0


def evaluate(messages: List[Dict[str, str]], second_reading: KindGuesser | None = None) -> Report:
    report = Report()
    for message in messages:
        expected, lang = message["kind"], message.get("lang", "en")
        flag = detect(message["text"], message.get("pending"), second_reading)
        found = flag.kind if flag else NONE
        if expected == NONE:
            report.negatives += 1
            report.false_escalations += found != NONE
        else:
            for key in (expected, f"{expected}/{lang}"):
                report.total[key] += 1
                report.caught[key] += found == expected
        if found != expected:
            report.misreads.append(Misread(message["text"], expected, found, lang))
    return report


def nlu_test_messages(path: Path) -> List[Dict[str, str]]:
    """The held-out NLU test set as labelled messages: report_* intents are red flags."""
    return [{"text": text,
             "kind": intent.removeprefix("report_") if intent.startswith("report_") else NONE,
             "lang": "en"}
            for text, intent in examples_in(path) if text]


def summary_rows(report: Report) -> List[Tuple[str, str]]:
    rows = []
    for kind in KINDS:
        langs = sorted(k.split("/")[1] for k in report.total if k.startswith(f"{kind}/"))
        per_lang = ", ".join(f"{lang} {report.recall(f'{kind}/{lang}'):.2f}" for lang in langs)
        rows.append((kind, f"recall {report.recall(kind):.3f} "
                           f"({report.caught[kind]}/{report.total[kind]}; {per_lang})"))
    rows.append(("not red flags", f"false escalations {report.false_escalation_rate:.3f} "
                                  f"({report.false_escalations}/{report.negatives})"))
    return rows
