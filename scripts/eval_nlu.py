"""Score the model on the held-out NLU test set: macro-F1, weakest intents, confusions.

`make eval` runs it; `make test` fails when macro-F1 is below --min-macro-f1.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.training import ensure_model  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-macro-f1", type=float, default=0.0)
    parser.add_argument("--test-data", default="tests/nlu_test.yml")
    parser.add_argument("--out", default="results/nlu")
    args = parser.parse_args()

    model = ensure_model()
    subprocess.run(
        [sys.executable, "-m", "rasa", "test", "nlu", "--model", str(model),
         "--nlu", args.test_data, "--out", args.out, "--no-plot"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    out = ROOT / args.out
    report = json.loads((out / "intent_report.json").read_text())
    macro_f1 = report["macro avg"]["f1-score"]
    weakest = sorted(
        (name, scores) for name, scores in report.items()
        if isinstance(scores, dict) and "support" in scores and name not in
        {"macro avg", "weighted avg", "micro avg", "accuracy"} and scores["f1-score"] < 1.0
    )
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    confusions = collections.Counter(
        (e["intent"], e["intent_prediction"]["name"]) for e in errors
    )

    print(f"\nIntent macro-F1 on {args.test_data}: {macro_f1:.3f} "
          f"(accuracy {report['accuracy']:.3f}, {report['macro avg']['support']} examples)")
    if weakest:
        print("Intents below F1 1.0:")
        for name, scores in sorted(weakest, key=lambda item: item[1]["f1-score"]):
            print(f"  {name:30} F1 {scores['f1-score']:.2f}  "
                  f"(precision {scores['precision']:.2f}, recall {scores['recall']:.2f})")
    if confusions:
        print("Confusions (expected -> predicted):")
        for (expected, predicted), count in confusions.most_common():
            print(f"  {count} x {expected} -> {predicted}")
        print("Misclassified examples:")
        for e in errors:
            print(f"  {e['text']!r}: {e['intent']} -> {e['intent_prediction']['name']} "
                  f"({e['intent_prediction']['confidence']:.2f})")
    selection_file = out / "response_selection_report.json"
    if selection_file.exists():
        selection = json.loads(selection_file.read_text())
        print(f"FAQ answers picked by the ResponseSelector: accuracy "
              f"{selection['accuracy']:.3f}, macro-F1 {selection['macro avg']['f1-score']:.3f} "
              f"({selection['macro avg']['support']} faq examples)")
        wrong = sorted((name, scores) for name, scores in selection.items()
                       if isinstance(scores, dict) and "support" in scores
                       and name not in {"macro avg", "weighted avg", "micro avg", "accuracy"}
                       and scores["f1-score"] < 1.0)
        for name, scores in sorted(wrong, key=lambda item: item[1]["f1-score"]):
            print(f"  {name:34} F1 {scores['f1-score']:.2f}")
    if macro_f1 < args.min_macro_f1:
        print(f"FAILED: macro-F1 {macro_f1:.3f} is below the bar of {args.min_macro_f1:.2f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
