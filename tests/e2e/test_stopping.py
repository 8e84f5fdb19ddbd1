"""`python -m bot run` stops every server (action server, Rasa, web app), however many stop
signals arrive while it stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest
import requests

from bot.runner import NO_TELEMETRY
from bot.settings import PROJECT_ROOT
from bot.store import migrate
from bot.training import ensure_model
from tests.conftest import free_port, write_env_file

pytestmark = pytest.mark.e2e

READY_TIMEOUT_S = 180.0
EXIT_TIMEOUT_S = 40.0


def _descendants(pid: int) -> List[int]:
    children = _children(pid)
    return children + [grandchild for child in children for grandchild in _descendants(child)]


def _children(pid: int) -> List[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # exited meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry.name))
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        # As a restarted server binds: closed connections' TIME_WAIT entries do not count.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _wait_until_all_answer(bot: subprocess.Popen, urls: List[str], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    pending = list(urls)
    while pending and time.monotonic() < deadline:
        assert bot.poll() is None, f"python -m bot run exited early:\n{log.read_text()[-3000:]}"
        try:
            if requests.get(pending[0], timeout=2).status_code == 200:
                pending.pop(0)
                continue
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    assert not pending, f"not answering: {pending}\n{log.read_text()[-3000:]}"
    while "is ready" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)  # `bot run` has seen them answer too and now waits for a signal
    assert "is ready" in log.read_text(), log.read_text()[-3000:]


def test_two_quick_sigterms_stop_every_server_and_free_their_ports(tmp_path):
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    env_file = write_env_file(
        tmp_path / "stop.env", DATABASE_URL=database_url,
        RASA_PORT=str(rasa_port), ACTION_SERVER_PORT=str(action_port), WEB_PORT=str(web_port),
    )
    migrate.upgrade(database_url)
    ensure_model()  # trained here, not inside the timed start
    log = tmp_path / "bot-run.log"
    with log.open("w") as output:
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT,
            env={**os.environ, **NO_TELEMETRY, "BOT_ENV_FILE": str(env_file)},
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    servers: List[int] = []
    try:
        _wait_until_all_answer(bot, [
            f"http://127.0.0.1:{action_port}/health",
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/",
            f"http://127.0.0.1:{web_port}/healthz",
        ], log)
        assert len(_children(bot.pid)) == 3, "expected the three servers as children"
        servers = _descendants(bot.pid)

        bot.send_signal(signal.SIGTERM)
        time.sleep(0.2)  # the second arrives while the first is stopping the servers
        bot.send_signal(signal.SIGTERM)

        bot.wait(timeout=EXIT_TIMEOUT_S)
        deadline = time.monotonic() + 5  # let the kernel release the sockets
        while time.monotonic() < deadline and not (
            _port_is_free(rasa_port) and _port_is_free(action_port) and _port_is_free(web_port)
        ):
            time.sleep(0.2)
        left = [pid for pid in servers if _alive(pid)]
        assert left == [], f"servers still running after the stop: {left}\n{log.read_text()}"
        assert _port_is_free(rasa_port), "the Rasa server's port is still held"
        assert _port_is_free(action_port), "the action server's port is still held"
        assert _port_is_free(web_port), "the web app's port is still held"
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()
        for pid in servers:  # the processes this test started, if a failure left them running
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
