"""The layers stay apart: bot/ never reaches into the action server, booking never into the
intake's internals, and the intake and booking logic runs without Rasa."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, List, Tuple

from bot.settings import PROJECT_ROOT


def modules(folder: str) -> List[Path]:
    return sorted((PROJECT_ROOT / folder).rglob("*.py"))


def imports(path: Path) -> Iterator[Tuple[int, str]]:
    """(line, module) for every import in the file, including those inside functions."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def offending(folders: List[str], *prefixes: str) -> List[str]:
    return [
        f"{path.relative_to(PROJECT_ROOT)}:{line} imports {name}"
        for folder in folders for path in modules(folder)
        for line, name in imports(path)
        if any(name == prefix or name.startswith(f"{prefix}.") for prefix in prefixes)
    ]


def test_nothing_under_bot_imports_the_actions_package():
    assert modules("bot"), "no modules found under bot/"
    assert offending(["bot"], "actions") == []


def test_booking_does_not_import_the_intakes_internals():
    assert modules("actions/booking")
    assert offending(["actions/booking", "bot/booking"], "bot.intake", "actions.intake") == []


def test_intake_booking_and_contact_logic_runs_without_rasa():
    assert offending(["bot/intake", "bot/booking"], "rasa", "rasa_sdk", "sanic") == []
    assert [name for _, name in imports(PROJECT_ROOT / "bot" / "contact.py")
            if name.split(".")[0] in ("rasa", "rasa_sdk", "sanic", "actions")] == []
