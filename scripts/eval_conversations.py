"""Play the whole-conversation test sets against the real assistant and score them.

Starts the assistant once (action server and Rasa server, a fresh SQLite database), plays every
conversation of tests/conversations/tuning.yml, held_out.yml, blind_2.yml and spanish.yml over
the REST channel, and prints the parts side by side: the share of turns handled right and the
conversations that reached their goal. Then the tuning part's failures in full; of the parts
kept aside only the conversation ids, turn numbers and what was expected, so that nobody tunes
on their wording. blind_2.yml was written later by someone who had not read the training data,
the other sets or the code that reads answers (a second, fully blind measure); spanish.yml
likewise, for Spanish-speaking visitors (issue 13).

`make eval` runs it; it exits non-zero when a part named by --gate (default: both) is below
--min-turns or --min-goals.
Results: results/conversations.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conversations.runner import (  # noqa: E402
    DEFAULT_THREADS,
    SET_NAMES,
    Failure,
    SetResult,
    load_set,
    play_sets,
    set_path,
    started_assistant,
)

LABELS = {"tuning": "tuning", "held_out": "held-out", "blind_2": "blind-2",
          "spanish": "spanish"}
KEPT_ASIDE = ("held_out", "blind_2", "spanish")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-turns", type=float, default=0.95,
                        help="least share of turns handled right, in each part")
    parser.add_argument("--min-goals", type=float, default=1.0,
                        help="least share of conversations that reach their goal, in each part")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                        help="conversations played at the same time")
    parser.add_argument("--only", nargs="*", default=[],
                        help="play only these conversation ids (for a quick look; not gated)")
    parser.add_argument("--output", default="results/conversations.json")
    parser.add_argument("--gate", nargs="+", choices=SET_NAMES, default=list(SET_NAMES),
                        help="the parts whose bars decide the exit code (the others are "
                        "reported only)")
    args = parser.parse_args()

    sets = {name: load_set(set_path(name)) for name in SET_NAMES}
    if args.only:
        sets = {name: [c for c in conversations if c.id in args.only]
                for name, conversations in sets.items()}
    started = time.monotonic()
    print("Starting the assistant for the conversation sets...", flush=True)
    with started_assistant() as run:
        ready = time.monotonic() - started
        results = play_sets({name: conversations for name, conversations in sets.items()
                             if conversations}, run.target, args.threads)
    elapsed = time.monotonic() - started
    report(results, ready, elapsed)
    write_json(ROOT / args.output, results, args, elapsed)
    if args.only:
        return 0
    below = [f"{LABELS[name]}: turns {r.turn_share:.3f} < {args.min_turns}"
             for name, r in results.items() if r.turn_share < args.min_turns]
    below += [f"{LABELS[name]}: goals {r.goal_share:.3f} < {args.min_goals}"
              for name, r in results.items() if r.goal_share < args.min_goals]
    gated = [line for line in below if line.split(":")[0] in {LABELS[n] for n in args.gate}]
    if below:
        print("\nConversation sets below the bar: " + "; ".join(below))
    if below and not gated:
        print("(reported only: the gate is on " + ", ".join(LABELS[n] for n in args.gate) + ")")
    return 1 if gated else 0


def report(results: Dict[str, SetResult], ready: float, elapsed: float) -> None:
    print(f"\nWhole conversations against the real servers ({elapsed:.0f} s, "
          f"{ready:.0f} s of it starting the assistant):")
    print(f"  {'part':10} {'conversations':>13}  {'turns handled right':>24}  "
          f"{'goals reached':>18}")
    for name, result in results.items():
        turns = f"{result.turns_right}/{result.turns_total} ({result.turn_share:.1%})"
        goals = f"{result.goals_reached}/{result.goals_total} ({result.goal_share:.1%})"
        print(f"  {LABELS[name]:10} {result.goals_total:>13}  {turns:>24}  {goals:>18}")
    for name, result in results.items():
        missed = [c for c in result.conversations if c.failures]
        if missed:
            print(f"\n{LABELS[name].capitalize()} conversations not handled right "
                  "(a turn after a failed one often fails because of it):")
        for conversation in missed:
            first = conversation.failures[0].turn
            goal = "goal reached" if conversation.goal_reached else "goal NOT reached"
            print(f"  {conversation.id:45} {conversation.turns_right:>2}/"
                  f"{conversation.turns_total:<2} turns, {goal}; first failure: turn {first}")
    if "tuning" in results and results["tuning"].failures:
        print("\nTuning part, every turn or goal not as expected:")
        for failure in results["tuning"].failures:
            print(describe(failure))
    for name in KEPT_ASIDE:
        if name not in results or not results[name].failures:
            continue
        print(f"\n{LABELS[name].capitalize()} part (texts kept aside; only where and what was "
              "expected):")
        for failure in results[name].failures:
            kinds = sorted({problem.split(":")[0] for problem in failure.problems})
            print(f"  {failure.conversation} turn {failure.turn}: {', '.join(kinds)} "
                  f"(expected {json.dumps(failure.expected, default=str, ensure_ascii=False)})")


def describe(failure: Failure) -> str:
    where = f"{failure.conversation} turn {failure.turn}"
    lines = [f"- {where}: {failure.text!r}" if failure.text else f"- {where}"]
    lines += [f"    {problem}" for problem in failure.problems]
    lines.append(f"    happened: {json.dumps(failure.happened, default=str)}")
    lines += [f"    < {_short(reply)}" for reply in failure.replies]
    return "\n".join(lines)


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def write_json(path: Path, results: Dict[str, SetResult], args: argparse.Namespace,
               elapsed: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document: Dict[str, object] = {
        "bars": {"min_turns": args.min_turns, "min_goals": args.min_goals},
        "seconds": round(elapsed, 1),
        "only": args.only,
    }
    parts: Dict[str, object] = {}
    for name, result in results.items():
        summary = result.summary()
        if name in KEPT_ASIDE:
            summary["failures"] = [_without_texts(f) for f in summary["failures"]]
        parts[name] = summary
    document["parts"] = parts
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"\nWritten: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def _without_texts(failure: Dict[str, object]) -> Dict[str, object]:
    kept: List[str] = ["conversation", "turn", "expected", "problems"]
    return {key: failure[key] for key in kept}


if __name__ == "__main__":
    sys.exit(main())
