"""Score the model on the held-out NLU test sets, English and Spanish side by side: macro-F1,
weakest intents, confusions.

`make eval` runs it; `make test` fails when either language's macro-F1 is below its bar
(--min-macro-f1 for English, --min-macro-f1-es for Spanish). The Spanish set is kept aside
like the held-out conversations: its report names intents and counts, never its texts, so that
nobody tunes the training data on them.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AVERAGES = {"macro avg", "weighted avg", "micro avg", "accuracy"}


@dataclass
class Scores:
    """What `rasa test nlu` measured on one test set."""

    language: str
    test_data: str
    macro_f1: float
    accuracy: float
    examples: int
    # (intent, f1, precision, recall) for every intent below F1 1.0, weakest first
    weakest: List[Tuple[str, float, float, float]] = field(default_factory=list)
    confusions: List[Tuple[str, str, int]] = field(default_factory=list)
    errors: List[Dict[str, Any]] = field(default_factory=list)
    # the ResponseSelector's (accuracy, macro-F1, faq examples, weakest answers)
    selection: Tuple[float, float, int, List[Tuple[str, float]]] | None = None


def read_scores(language: str, test_data: str, out: Path) -> Scores:
    """The scores `rasa test nlu` wrote into `out`."""
    report = json.loads((out / "intent_report.json").read_text())
    weakest = sorted(
        ((name, s["f1-score"], s["precision"], s["recall"]) for name, s in report.items()
         if isinstance(s, dict) and "support" in s and name not in AVERAGES
         and s["f1-score"] < 1.0),
        key=lambda item: (item[1], item[0]))
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    confusions = collections.Counter(
        (e["intent"], e["intent_prediction"]["name"]) for e in errors)
    selection = None
    selection_file = out / "response_selection_report.json"
    if selection_file.exists():
        chosen = json.loads(selection_file.read_text())
        wrong = sorted(((name, s["f1-score"]) for name, s in chosen.items()
                        if isinstance(s, dict) and "support" in s and name not in AVERAGES
                        and s["f1-score"] < 1.0), key=lambda item: (item[1], item[0]))
        selection = (chosen["accuracy"], chosen["macro avg"]["f1-score"],
                     chosen["macro avg"]["support"], wrong)
    return Scores(
        language=language, test_data=test_data, macro_f1=report["macro avg"]["f1-score"],
        accuracy=report["accuracy"], examples=report["macro avg"]["support"], weakest=weakest,
        confusions=[(a, b, n) for (a, b), n in confusions.most_common()], errors=errors,
        selection=selection)


def below_bars(scores: Mapping[str, Scores], bars: Mapping[str, float]) -> List[str]:
    """One line per language whose macro-F1 is under its bar; a language with a bar but no
    scores is a failure too (a missing test set must never pass as a skip)."""
    lines = []
    for language, bar in bars.items():
        found = scores.get(language)
        if found is None:
            lines.append(f"{language}: not scored (its test set is missing or empty)")
        elif found.macro_f1 < bar:
            lines.append(f"{language}: macro-F1 {found.macro_f1:.3f} is below the bar of "
                         f"{bar:.2f}")
    return lines


def side_by_side(scores: Mapping[str, Scores], bars: Mapping[str, float]) -> str:
    """The table `make eval` prints first: one column per language."""
    languages = list(scores)
    rows: List[Tuple[str, List[str]]] = [
        ("test set", [scores[lang].test_data for lang in languages]),
        ("examples", [str(scores[lang].examples) for lang in languages]),
        ("intent macro-F1", [f"{scores[lang].macro_f1:.3f}" for lang in languages]),
        ("intent accuracy", [f"{scores[lang].accuracy:.3f}" for lang in languages]),
        ("FAQ answer accuracy", [f"{scores[lang].selection[0]:.3f}"
                                 if scores[lang].selection else "-" for lang in languages]),
        ("bar (macro-F1)", [f"{bars[lang]:.2f}" if lang in bars else "-" for lang in languages]),
        ("", ["ok" if lang in bars and scores[lang].macro_f1 >= bars[lang]
              else "BELOW" if lang in bars else "" for lang in languages]),
    ]
    width = max(24, *(len(value) + 2 for _, values in rows for value in values))
    lines = [f"  {'':20}" + "".join(f"{lang:>{width}}" for lang in languages)]
    lines += [f"  {label:20}" + "".join(f"{value:>{width}}" for value in values)
              for label, values in rows]
    return "\n".join(lines)


def details(scores: Scores, show_texts: bool) -> str:
    lines = [f"\n{scores.language} ({scores.test_data}):"]
    if scores.weakest:
        lines.append("  Intents below F1 1.0:")
        lines += [f"    {name:30} F1 {f1:.2f}  (precision {precision:.2f}, recall {recall:.2f})"
                  for name, f1, precision, recall in scores.weakest]
    if scores.confusions:
        lines.append("  Confusions (expected -> predicted):")
        lines += [f"    {count} x {expected} -> {predicted}"
                  for expected, predicted, count in scores.confusions]
    if scores.errors and show_texts:
        lines.append("  Misclassified examples:")
        lines += [f"    {e['text']!r}: {e['intent']} -> {e['intent_prediction']['name']} "
                  f"({e['intent_prediction']['confidence']:.2f})" for e in scores.errors]
    elif scores.errors:
        lines.append("  (texts kept aside: this set is never tuned on)")
    if scores.selection:
        accuracy, macro_f1, support, wrong = scores.selection
        lines.append(f"  FAQ answers picked by the ResponseSelector: accuracy {accuracy:.3f}, "
                     f"macro-F1 {macro_f1:.3f} ({support} faq examples)")
        lines += [f"    {name:34} F1 {f1:.2f}" for name, f1 in wrong]
    if not (scores.weakest or scores.confusions):
        lines.append("  every intent at F1 1.0")
    return "\n".join(lines)


def run_rasa_test(model: Path, test_data: str, out: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "rasa", "test", "nlu", "--model", str(model),
         "--nlu", test_data, "--out", out, "--no-plot"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-macro-f1", type=float, default=0.0, help="English bar")
    parser.add_argument("--min-macro-f1-es", type=float, default=0.0, help="Spanish bar")
    parser.add_argument("--test-data", default="tests/nlu_test.yml")
    parser.add_argument("--test-data-es", default="tests/nlu_test_es.yml")
    parser.add_argument("--out", default="results/nlu")
    parser.add_argument("--out-es", default="results/nlu_es")
    args = parser.parse_args()

    from bot.training import ensure_model

    model = ensure_model()
    sets = {"English": (args.test_data, args.out, args.min_macro_f1, True),
            "Spanish": (args.test_data_es, args.out_es, args.min_macro_f1_es, False)}
    scores: Dict[str, Scores] = {}
    for language, (test_data, out, _, _) in sets.items():
        if not (ROOT / test_data).is_file():
            continue
        run_rasa_test(model, test_data, out)
        scores[language] = read_scores(language, test_data, ROOT / out)
    bars = {language: bar for language, (_, _, bar, _) in sets.items()}

    print("\nHeld-out NLU test sets, side by side:")
    print(side_by_side(scores, bars))
    for language, found in scores.items():
        print(details(found, show_texts=sets[language][3]))
    failed = below_bars(scores, bars)
    for line in failed:
        print(f"FAILED: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
