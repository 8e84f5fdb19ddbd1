"""A failing end-to-end test reports the last lines of the running servers' logs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

# Run by a pytest of its own with this folder's conftest as a plugin: its fixtures and hooks.
FAILING_TEST = '''
def test_a_check_fails_after_a_conversation(visitor):
    assert visitor.reads("what are your hours")
    assert 1 + 1 == 3, "a deliberately failing check"


def test_a_passing_test_reports_no_logs(visitor):
    assert visitor.reads("hello")
'''


def test_a_failing_check_in_an_end_to_end_test_reports_both_servers_logs(tmp_path):
    module = tmp_path / "test_deliberate_failure.py"
    module.write_text(FAILING_TEST)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.e2e.conftest", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "--basetemp", str(tmp_path / "basetemp"), "-rA",
         str(module)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    output = result.stdout
    assert result.returncode == 1, output + result.stderr
    assert "1 failed, 1 passed" in output
    assert "a deliberately failing check" in output
    # -rA prints passed tests' report sections too: only the failing test's carry the logs.
    sections = re.findall(r"^-+ (.+ log, last 200 lines) \((.+)\) -+$", output, re.MULTILINE)
    assert [title for title, _ in sections] == [
        "action server log, last 200 lines", "Rasa server log, last 200 lines",
        "web app log, last 200 lines"]
    # The servers' own words, read from their log files in the session's tmp folder.
    assert "Action endpoint is up and running" in output
    assert "Starting Rasa server on http://" in output
    assert all(path.startswith(str(tmp_path / "basetemp")) for _, path in sections)
