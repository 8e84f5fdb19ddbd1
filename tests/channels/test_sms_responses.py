"""Every response the assistant can send by text, as the SMS channel renders it: its GSM-7 or
UCS-2 segment count is reported (results/sms_segments.md), each FAQ answer fits 3 segments,
and none tells a texter to send a word that the carriers read as a keyword.

A response with a `channel: sms` variation is measured by that variation, as Rasa picks it
for the SMS channel (channel-specific variations first)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import yaml

from bot.channels.sms_text import compliance_keyword, render, segments
from bot.settings import PROJECT_ROOT

FAQ_MAX_SEGMENTS = 3
REPORT = PROJECT_ROOT / "results" / "sms_segments.md"
SPANISH = {"type": "slot", "name": "language", "value": "es"}
QUOTED = re.compile(r"[\"\u201c]([^\"\u201d]{1,20})[\"\u201d]")


def _responses() -> Dict[str, List[Dict[str, Any]]]:
    found: Dict[str, List[Dict[str, Any]]] = {}
    for path in [PROJECT_ROOT / "domain.yml",
                 *sorted((PROJECT_ROOT / "data" / "nlu" / "responses").glob("*.yml"))]:
        found.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


def texted_variations() -> Iterator[Tuple[str, str, str]]:
    """(response, which variation, the text as texted) for every variation SMS can send."""
    for name, variations in _responses().items():
        for_sms = [v for v in variations if v.get("channel") == "sms"]
        conditional_sms = [v for v in for_sms if v.get("condition")]
        plain_sms = [v for v in for_sms if not v.get("condition")]
        general = [v for v in variations if not v.get("channel")]
        # Rasa: a matching conditional sms variation, else a plain sms one, else the rest. A
        # conditional variation is never texted where a conditional sms one (the Spanish by
        # text, say) matches too: wherever its conditions all hold as well.
        unshadowed = [v for v in general if v.get("condition") and not any(
            all(c in v["condition"] for c in sms["condition"]) for sms in conditional_sms)]
        chosen = conditional_sms + (plain_sms or unshadowed) + (
            plain_sms or [v for v in general if not v.get("condition")])
        seen = set()
        for variation in chosen:
            if id(variation) in seen:
                continue
            seen.add(id(variation))
            which = "sms" if variation.get("channel") == "sms" else "default"
            if variation.get("condition"):
                which += " (conditional)"
            language = "en"
            if SPANISH in variation.get("condition", []):
                which += " [es]"
                language = "es"
            text = "\n\n".join(render([variation], "(210) 555-0147", language=language).bodies)
            yield name, which, text


def test_every_texted_response_is_measured_and_reported():
    rows = sorted(((segments(text), name, which) for name, which, text in texted_variations()),
                  key=lambda row: (-row[0].count, row[1]))
    assert len(rows) > 80  # domain.yml's responses and every FAQ answer
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        "# SMS segments of every response (tests/channels/test_sms_responses.py)\n\n"
        "| segments | encoding | units | response | variation |\n|---|---|---|---|---|\n"
        + "".join(f"| {s.count} | {s.encoding} | {s.units} | {name} | {which} |\n"
                  for s, name, which in rows))
    print(f"\nSMS segments per response (written to {REPORT.relative_to(PROJECT_ROOT)}):")
    for found, name, which in rows:
        print(f"  {found.count}  {found.encoding}  {found.units:4}  {name} [{which}]")


def test_every_faq_answer_fits_three_segments_by_text():
    too_long = {name: segments(text).count for name, _, text in texted_variations()
                if name.startswith("utter_faq/") and segments(text).count > FAQ_MAX_SEGMENTS}
    assert too_long == {}, "add a shorter `channel: sms` variation to these FAQ answers"


def test_every_spanish_faq_answer_fits_three_plain_segments_by_text():
    too_long = {name: segments(text) for name, which, text in texted_variations()
                if name.startswith("utter_faq/") and which.endswith("[es]")
                and (segments(text).count > FAQ_MAX_SEGMENTS or segments(text).encoding != "GSM-7")}
    assert too_long == {}


def test_the_faq_answers_are_plain_gsm_text():
    # A curly quote or an accent would make an answer UCS-2: 70 characters a segment.
    ucs2 = [name for name, _, text in texted_variations()
            if name.startswith("utter_faq/") and segments(text).encoding != "GSM-7"]
    assert ucs2 == []


def test_no_texted_response_asks_for_a_word_the_carriers_read_as_a_keyword():
    # 'say "stop"' by text would unsubscribe the texter instead of leaving the questions.
    asking = [(name, word) for name, _, text in texted_variations()
              for word in QUOTED.findall(text)
              if compliance_keyword(word, opted_out=False) is not None]
    assert asking == []


def test_the_report_lands_where_results_are_not_committed():
    assert "results/" in (PROJECT_ROOT / ".gitignore").read_text().split()
    assert Path(REPORT).parent.name == "results"
