"""Start the action server, the Rasa server and the clinic's web app together, wait until
each answers, stop them all.

Used by `make run` (via `python -m bot run`), by the end-to-end tests and by the benchmark,
so all three exercise the same start-up path.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Dict, List

from bot.settings import PROJECT_ROOT, Settings, connectable_host

READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0
# Rasa reports usage and crashes to its vendor by default; a clinic's conversations hold
# health information, so nothing leaves the server.
NO_TELEMETRY = {"RASA_TELEMETRY_ENABLED": "false"}


class StartupError(RuntimeError):
    """A server exited or did not answer in time; the message says which."""


@dataclass
class Assistant:
    """The running servers of one assistant: action server, Rasa server, web app."""

    settings: Settings
    model: Path
    root: Path = PROJECT_ROOT
    extra_env: Dict[str, str] = field(default_factory=dict)
    # Where the servers' output goes: each server's stdout and stderr into its own file in
    # log_dir when set (log_files names them); else nowhere when quiet, else this terminal.
    quiet: bool = False
    log_dir: Path | None = None
    log_files: Dict[str, Path] = field(default_factory=dict)
    processes: List[subprocess.Popen] = field(default_factory=list)
    names: Dict[int, str] = field(default_factory=dict)  # each server's name by its pid
    _api_token: str | None = None

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def web_url(self) -> str:
        """The clinic's page, with the chat widget."""
        return f"http://{connectable_host(self.settings.web.host)}:{self.settings.web.port}"

    @property
    def action_url(self) -> str:
        host = connectable_host(self.settings.action_server_host)
        return f"http://{host}:{self.settings.action_port}"

    @property
    def api_token(self) -> str:
        """The token of Rasa's HTTP API: RASA_API_TOKEN, or one made for this run."""
        if self._api_token is None:
            self._api_token = self.settings.handoff.rasa_api_token or secrets.token_hex(32)
        return self._api_token

    def start(self, timeout: float = READY_TIMEOUT_S) -> Assistant:
        env = {**os.environ, **self.settings.environment(), **NO_TELEMETRY, **self.extra_env}
        # rasa-sdk has no --host: it listens where SANIC_HOST says, every address if unset.
        self._spawn("action server", self.action_server_command(),
                    {**env, "SANIC_HOST": self.settings.action_server_host})
        self._spawn("Rasa server", self.rasa_command(), env)
        # Only the web app gets the API's token: it pauses, writes and hands back for staff.
        self._spawn("web app", self.web_app_command(), {**env, "RASA_API_TOKEN": self.api_token})
        deadline = time.monotonic() + timeout
        try:
            self._wait_for("action server", f"{self.action_url}/health", deadline)
            self._wait_for("Rasa server", f"{self.rasa_url}/webhooks/rest/", deadline)
            self._wait_for("web app", f"{self.web_url}/healthz", deadline)
        except BaseException:
            self.stop()
            raise
        return self

    def action_server_command(self) -> List[str]:
        return [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                "--port", str(self.settings.action_port)]

    def rasa_command(self) -> List[str]:
        return [sys.executable, "-m", "rasa", "run", "--model", str(self.model),
                "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                "--port", str(self.settings.rasa_port),
                # The HTTP API (pause, resume, a staff member's message) answers only with
                # the token, which only the web app holds.
                "--enable-api", "--auth-token", self.api_token,
                "--cors", *self.settings.allowed_origins]

    def web_app_command(self) -> List[str]:
        """uvicorn serving bot.web.app with the settings this process's servers read."""
        web = self.settings.web
        return [
            sys.executable, "-m", "uvicorn", "bot.web.app:app_from_env", "--factory",
            "--host", web.host, "--port", str(web.port),
            # The app has no websocket route, and uvicorn's websocket support would import the
            # websockets version Rasa pins, which is too old for it.
            "--ws", "none",
            "--no-access-log",  # visitors' addresses and pages stay out of the logs
            "--timeout-graceful-shutdown", "5",
        ]

    def stop(self) -> None:
        """Stop every server and wait until they have exited; safe to call again at any point.

        A server leaves the list only once it has exited, so a stop that was interrupted (or
        a second stop started from inside the first) still finishes the job.
        """
        running = list(self.processes)
        for process in running:
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            if process in self.processes:
                self.processes.remove(process)

    def wait(self, every_30_s: Callable[[], None] | None = None) -> int | None:
        """Block until one server exits; return its exit code. Runs `every_30_s` meanwhile."""
        next_run = time.monotonic()
        while True:
            for process in self.processes:
                code = process.poll()
                if code is not None:
                    return code
            if every_30_s and time.monotonic() >= next_run:
                every_30_s()
                next_run = time.monotonic() + 30
            time.sleep(0.5)

    def __enter__(self) -> Assistant:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _spawn(self, name: str, command: List[str], env: Dict[str, str]) -> None:
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            # Named after the Rasa port too, so assistants sharing a log_dir keep their own.
            path = self.log_dir / f"{name.replace(' ', '-')}-{self.settings.rasa_port}.log"
            self.log_files[name] = path
            # The server keeps its own copy of the file descriptor; ours closes here.
            with path.open("ab") as log:
                # Unbuffered, so the file is up to date while the server runs.
                process = self._popen(command, {**env, "PYTHONUNBUFFERED": "1"}, log,
                                      subprocess.STDOUT)
        else:
            output = subprocess.DEVNULL if self.quiet else None
            process = self._popen(command, env, output, output)
        self.names[process.pid] = name
        self.processes.append(process)

    def _popen(
        self, command: List[str], env: Dict[str, str], stdout: IO[bytes] | int | None,
        stderr: int | None,
    ) -> subprocess.Popen:
        return subprocess.Popen(
            command, cwd=self.root, env=env, stdout=stdout, stderr=stderr,
            start_new_session=True,  # its own process group, so stop() ends its children too
        )

    def _wait_for(self, name: str, url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    exited = self.names[process.pid]
                    log = self.log_files.get(exited)
                    raise StartupError(
                        f"the {exited} exited with code {process.returncode} during start"
                        + (f" (its output: {log})" if log else "")
                    )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        raise StartupError(f"the {name} did not answer at {url} in time")


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    # Each server leads its own process group (start_new_session), so this reaches its children;
    # it may have exited between the caller's check and the signal.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
