"""How well bot.language.detect reads the held-out sets: Spanish recall, English misread.

Prints counts only, never the texts, so nobody tunes the word cues on the test sets:
`python scripts/measure_language.py`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterator, Tuple

import yaml

from bot.language.detect import detect

ROOT = Path(__file__).resolve().parent.parent
_EXAMPLE = re.compile(r"^\s*-\s+(.*)$")
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def nlu_examples(path: Path, skip: Tuple[str, ...] = ()) -> Iterator[str]:
    """The example texts of a Rasa NLU file, entity annotations removed."""
    data = yaml.safe_load(path.read_text()) or {}
    for block in data.get("nlu") or []:
        if block.get("intent") in skip:
            continue
        for line in (block.get("examples") or "").splitlines():
            match = _EXAMPLE.match(line)
            if match:
                yield _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), match.group(1))


def red_flag_messages(lang: str) -> Iterator[str]:
    for path in sorted((ROOT / "tests" / "red_flags").glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        for message in data.get("messages") or []:
            if message.get("lang") == lang:
                yield message["text"]


def tally(texts: Iterator[str]) -> Tuple[Counter, int]:
    counts: Counter = Counter()
    total = 0
    for text in texts:
        counts[detect(text)] += 1
        total += 1
    return counts, total


def main() -> None:
    sets = {
        # switch_language examples name the language wanted, whatever they are written in.
        "es  tests/nlu_test_es.yml": nlu_examples(ROOT / "tests" / "nlu_test_es.yml",
                                                  skip=("switch_language",)),
        "es  tests/red_flags/*.yml (lang es)": red_flag_messages("es"),
        "en  tests/nlu_test.yml": nlu_examples(ROOT / "tests" / "nlu_test.yml",
                                               skip=("switch_language",)),
        "en  tests/red_flags/*.yml (lang en)": red_flag_messages("en"),
    }
    for name, texts in sets.items():
        counts, total = tally(texts)
        print(f"{name}: {total} messages, es {counts['es']}, en {counts['en']}, "
              f"unsure {counts[None]}")


if __name__ == "__main__":
    main()
