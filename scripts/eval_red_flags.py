"""Red-flag recall and false escalations on the held-out sets; `make eval` and `make test`.

Prints recall per kind (and language) on tests/red_flags/heldout.yml and the false-escalation
rate on its hard negatives and on the held-out NLU test set; exits 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety.classifier import RedFlagClassifier, nlu_examples  # noqa: E402
from bot.safety.evaluation import (  # noqa: E402
    evaluate,
    load_labelled,
    nlu_test_messages,
    summary_rows,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labelled", default="tests/red_flags/heldout.yml")
    parser.add_argument("--nlu-test", default="tests/nlu_test.yml")
    parser.add_argument("--part", choices=("all", "dev", "test"), default="all",
                        help="a fixed half of the labelled set (dev: the half patterns were "
                        "improved on; test: the other half)")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misreads")
    parser.add_argument("--report-only", action="store_true",
                        help="print the figures, never fail (for sets that measure, not gate)")
    parser.add_argument("--skip-nlu-test", action="store_true")
    parser.add_argument("--patterns-only", action="store_true",
                        help="without the classifier trained on data/nlu")
    args = parser.parse_args()
    second = None if args.patterns_only else RedFlagClassifier.train(
        nlu_examples(ROOT / "data" / "nlu"))

    failed = False
    sets = [(args.labelled, load_labelled(ROOT / args.labelled, args.part))]
    if not args.skip_nlu_test:
        sets.append((f"{args.nlu_test} (as red flag or not)",
                     nlu_test_messages(ROOT / args.nlu_test)))
    for title, messages in sets:
        report = evaluate(messages, second)
        print(f"\nRed flags on {title}: {len(messages)} messages")
        for name, figures in summary_rows(report):
            print(f"  {name:18} {figures}")
        for misread in [] if args.quiet else report.misreads:
            print(f"  misread ({misread.lang}) {misread.expected} -> {misread.found}: "
                  f"{misread.text!r}")
        for failure in report.failures():
            print(f"{'Below the bar' if args.report_only else 'FAILED'}: {failure}")
            failed = True
    return 1 if failed and not args.report_only else 0


if __name__ == "__main__":
    sys.exit(main())
