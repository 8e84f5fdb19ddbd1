"""The assistant's servers write their output to log files when given a log_dir; the runner
starts the web app beside the two Rasa servers and stops all three."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from bot.runner import Assistant, StartupError
from bot.settings import load_settings
from tests.conftest import free_port, write_env_file


def _python(code: str) -> list:
    return [sys.executable, "-c", code]


@pytest.fixture
def assistant(make_settings, tmp_path):
    assistant = Assistant(settings=make_settings(), model=Path("unused.tar.gz"),
                          log_dir=tmp_path / "logs", quiet=True)
    yield assistant
    assistant.stop()


def test_each_server_writes_stdout_and_stderr_to_its_own_log_file(assistant):
    assistant._spawn("action server", _python(
        "import sys; print('to stdout'); print('to stderr', file=sys.stderr)"), dict(os.environ))
    assistant._spawn("Rasa server", _python("print('the other server')"), dict(os.environ))
    for process in assistant.processes:
        process.wait(timeout=30)

    action_log = assistant.log_files["action server"]
    rasa_log = assistant.log_files["Rasa server"]
    assert action_log.parent == assistant.log_dir and action_log != rasa_log
    assert action_log.read_text().splitlines() == ["to stdout", "to stderr"]
    assert rasa_log.read_text().splitlines() == ["the other server"]


def test_a_server_that_exits_during_start_names_its_log_file(assistant):
    assistant._spawn("action server", _python("print('cannot start'); raise SystemExit(3)"),
                     dict(os.environ))
    assistant.processes[0].wait(timeout=30)
    with pytest.raises(StartupError) as raised:
        assistant._wait_for("action server", f"http://127.0.0.1:{free_port()}/health",
                            deadline=float("inf"))
    log = assistant.log_files["action server"]
    assert str(raised.value) == (
        f"the action server exited with code 3 during start (its output: {log})")
    assert log.read_text() == "cannot start\n"


def test_without_a_log_dir_a_quiet_assistant_writes_no_files(make_settings, tmp_path):
    assistant = Assistant(settings=make_settings(), model=Path("unused.tar.gz"), root=tmp_path,
                          quiet=True)
    assistant._spawn("action server", _python("print('nowhere')"), dict(os.environ))
    assistant.processes[0].wait(timeout=30)
    assistant.stop()
    assert assistant.log_files == {}
    assert list(tmp_path.iterdir()) == []


def test_a_log_tail_is_its_last_lines(tmp_path):
    from tests.e2e.conftest import log_tail

    log = tmp_path / "server.log"
    log.write_text("".join(f"line {n}\n" for n in range(1, 501)))
    assert log_tail(log).splitlines() == [f"line {n}" for n in range(301, 501)]
    assert log_tail(log, 2) == "line 499\nline 500\n"


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "rasa_sdk", "--version"],
    [sys.executable, "-m", "rasa", "run", "--help"],
    f"{sys.executable} -m bot run --help",
])
def test_a_test_not_marked_e2e_cannot_start_the_real_servers(command):
    with pytest.raises(pytest.fail.Exception, match="mark it e2e"):
        subprocess.run(command, shell=isinstance(command, str), capture_output=True, timeout=60)


def test_an_assistant_cannot_start_in_a_test_not_marked_e2e(make_settings):
    assistant = Assistant(settings=make_settings(), model=Path("unused.tar.gz"), quiet=True)
    with pytest.raises(pytest.fail.Exception, match="mark it e2e"):
        assistant.start(timeout=5)
    assert assistant.processes == []


# --- the web app, the third server ----------------------------------------------------------

class StandInServers(Assistant):
    """The real web app beside plain HTTP servers standing in for rasa-sdk and Rasa (which
    only e2e tests may start), each answering where the runner checks that it is ready."""

    def action_server_command(self) -> list:
        return self._answering(self.settings.action_port, "health")

    def rasa_command(self) -> list:
        return self._answering(self.settings.rasa_port, "webhooks/rest/index.html")

    def _answering(self, port: int, path: str) -> list:
        folder = self.log_dir / f"stand-in-{port}"
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text("ok")
        return [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                "--directory", str(folder)]


def _stand_ins(tmp_path: Path, **settings: str) -> StandInServers:
    env_file = write_env_file(
        tmp_path / "runner.env", RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()), **settings)
    return StandInServers(settings=load_settings(env_file), model=Path("unused.tar.gz"),
                          extra_env={"BOT_ENV_FILE": str(env_file)}, log_dir=tmp_path / "logs")


def test_the_runner_starts_the_web_app_as_a_third_server_and_stops_all_three(tmp_path):
    web_port = free_port()
    assistant = _stand_ins(tmp_path, WEB_PORT=str(web_port),
                           CLINIC_NAME="Quillfeather Runner Test Clinic")
    try:
        assistant.start(timeout=60)
        running = list(assistant.processes)
        assert [assistant.names[p.pid] for p in running] == [
            "action server", "Rasa server", "web app"]
        assert assistant.web_url == f"http://127.0.0.1:{web_port}"
        # The web app read the same settings file as the other servers.
        page = requests.get(f"{assistant.web_url}/", timeout=10)
        assert page.status_code == 200
        assert "Quillfeather Runner Test Clinic" in page.text
    finally:
        assistant.stop()
    assert [p.poll() is not None for p in running] == [True, True, True]
    assert assistant.processes == []
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{web_port}/healthz", timeout=5)


def test_a_web_port_in_use_stops_the_start_and_names_the_web_apps_log(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assistant = _stand_ins(tmp_path, WEB_PORT=str(taken.getsockname()[1]))
        with pytest.raises(StartupError) as raised:
            assistant.start(timeout=60)
    log = assistant.log_files["web app"]
    assert str(raised.value).startswith("the web app exited with code ")
    assert str(raised.value).endswith(f"during start (its output: {log})")
    assert "address already in use" in log.read_text().lower()
    assert assistant.processes == []  # the two started before it were stopped


# --- Rasa's HTTP API, for staff taking over a conversation ------------------------------------

def test_rasa_starts_with_its_api_behind_the_configured_token(make_settings):
    token = "k" * 40
    command = Assistant(settings=make_settings(RASA_API_TOKEN=token),
                        model=Path("unused.tar.gz")).rasa_command()
    assert command[command.index("--enable-api"):command.index("--enable-api") + 3] == [
        "--enable-api", "--auth-token", token]


def test_without_a_configured_token_each_run_makes_its_own_random_one(make_settings):
    first = Assistant(settings=make_settings(RASA_API_TOKEN=""), model=Path("unused.tar.gz"))
    second = Assistant(settings=make_settings(RASA_API_TOKEN=""), model=Path("unused.tar.gz"))
    assert len(first.api_token) == 64
    assert first.api_token != second.api_token
    assert first.api_token in first.rasa_command()


def test_only_the_web_app_is_given_the_api_token(tmp_path):
    assistant = _stand_ins(tmp_path, RASA_API_TOKEN="")
    try:
        assistant.start(timeout=60)
        environments = {
            assistant.names[p.pid]: Path(f"/proc/{p.pid}/environ").read_bytes().split(b"\0")
            for p in assistant.processes}
    finally:
        assistant.stop()
    wanted = f"RASA_API_TOKEN={assistant.api_token}".encode()
    assert wanted in environments["web app"]
    assert wanted not in environments["action server"]
    assert wanted not in environments["Rasa server"]  # it has the token on its command line
