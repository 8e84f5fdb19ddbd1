"""`rasa data validate --fail-on-warnings`, minus one false positive of Rasa 3.6.

Rasa 3.6's validator reports every `utter_ask_<slot>` response as "not used in any story or
rule", although a form asks its questions with exactly these responses. This runs Rasa's own
validation, drops only those warnings (for slots that a form requires), and fails on any other
warning or error.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNUSED_UTTERANCE = re.compile(r"The utterance '(utter_ask_\w+)' is not used in any story or rule")
# Responses a custom action sends by name (dispatcher.utter_message(response=...)): used,
# though no story or rule names them.
ALSO_SENT_BY_ACTIONS = {
    name for path in (ROOT / "actions").rglob("*.py")
    for name in re.findall(r"[\"'](utter_\w+)[\"']", path.read_text())
}


def main() -> int:
    import rasa.cli.utils
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    domain = importer.get_domain()
    form_questions = {
        f"utter_ask_{slot}"
        for form in domain.form_names
        for slot in domain.required_slots_for_form(form)
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rasa.cli.utils.validate_files(False, None, importer)
        except SystemExit as exit_:
            if exit_.code:
                return int(exit_.code)
    problems = []
    for warning in caught:
        if warning.category in (DeprecationWarning, PendingDeprecationWarning):
            continue
        text = str(warning.message)
        match = UNUSED_UTTERANCE.search(text)
        if match and match.group(1) in form_questions:
            continue
        if any(f"'{name}' is not used" in text for name in ALSO_SENT_BY_ACTIONS):
            continue
        problems.append(text)
    for problem in problems:
        print(f"WARNING: {problem}", file=sys.stderr)
    if problems:
        print(f"Data validation failed with {len(problems)} warning(s).", file=sys.stderr)
        return 1
    print("Data validation passed: no warnings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
