"""Speed of this assistant against a bare `rasa init` assistant, measured in the same run.

Both are started on this machine; simulated visitors (1, 10, 50 at once) each hold a short
conversation over the REST channel. Ours runs as deployed: SQL tracker store, action server.
Prints p50/p95/p99 latency and messages per second for each, the ratios, training time,
ready time on restart and resident memory, and writes results/bench.json. Then the staff
portal's list and search at 100,000 leads (scripts/bench_portal.py; `--part portal` alone).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_portal  # noqa: E402 - scripts/ is on the path when run as a script

from bot.runner import Assistant  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.store import migrate  # noqa: E402
from bot.training import ensure_model  # noqa: E402

# One visitor's conversation; the same messages go to both assistants.
CONVERSATION = [
    "hi",
    "what is microneedling",
    "how many sessions for ice pick scars",
    "how much does it cost",
    "does insurance cover it",
    "thanks, bye",
]


@dataclass
class LoadResult:
    visitors: int
    messages: int
    seconds: float
    messages_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


async def _visitor(session: aiohttp.ClientSession, url: str, rounds: int,
                   latencies: List[float], errors: List[str]) -> None:
    sender = f"bench-{uuid.uuid4().hex}"
    for _ in range(rounds):
        for message in CONVERSATION:
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message},
                                        timeout=aiohttp.ClientTimeout(total=60)) as response:
                    await response.read()
                    if response.status != 200:
                        errors.append(str(response.status))
                        continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors.append(repr(error))
                continue
            latencies.append((time.perf_counter() - started) * 1000)


async def _load(base_url: str, visitors: int, rounds: int) -> LoadResult:
    url = f"{base_url}/webhooks/rest/webhook"
    latencies: List[float] = []
    errors: List[str] = []
    connector = aiohttp.TCPConnector(limit=visitors)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(
            *(_visitor(session, url, rounds, latencies, errors) for _ in range(visitors))
        )
        seconds = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return LoadResult(
        visitors=visitors, messages=len(latencies), seconds=round(seconds, 2),
        messages_per_second=round(len(latencies) / seconds, 1),
        p50_ms=round(cuts[49], 1), p95_ms=round(cuts[94], 1), p99_ms=round(cuts[98], 1),
        errors=len(errors),
    )


def _measure(base_url: str, levels: List[int], rounds: int) -> List[LoadResult]:
    asyncio.run(_load(base_url, 2, 1))  # warm-up: first requests load lazy parts
    return [asyncio.run(_load(base_url, n, rounds)) for n in levels]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def _start_baseline(folder: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "rasa", "run", "--port", str(port)], cwd=folder,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            import urllib.request

            with urllib.request.urlopen(f"http://127.0.0.1:{port}/webhooks/rest/", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("the rasa init server exited") from None
            time.sleep(0.5)
    raise RuntimeError("the rasa init server did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _print_table(title: str, results: List[LoadResult]) -> None:
    print(f"\n{title}")
    print(f"  {'visitors':>8} {'msgs':>6} {'msg/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p99 ms':>8} {'errors':>6}")
    for r in results:
        print(f"  {r.visitors:>8} {r.messages:>6} {r.messages_per_second:>7} {r.p50_ms:>8} "
              f"{r.p95_ms:>8} {r.p99_ms:>8} {r.errors:>6}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", default="1,10,50", help="concurrent visitors, e.g. 1,10,50")
    parser.add_argument("--rounds", type=int, default=4,
                        help="conversations per visitor at each level")
    parser.add_argument("--part", choices=("all", "assistant", "portal"), default="all",
                        help="the assistant against rasa init, the staff portal's list at "
                        "100,000 leads (scripts/bench_portal.py), or both")
    args = parser.parse_args()
    if args.part == "portal":
        return bench_portal.main([])
    levels = [int(x) for x in args.levels.split(",")]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    os.environ.update(env)

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp_dir = Path(tmp)
        # Ours: a full training from scratch (no cache) for the training-time figure.
        started = time.monotonic()
        model_dir = tmp_dir / "ours-models"
        model_dir.mkdir()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--out", str(model_dir),
             "--fixed-model-name", "bench"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**env, "RASA_CACHE_DIRECTORY": str(tmp_dir / "cache")},
        )
        our_training_s = time.monotonic() - started

        print(f"Full training of this assistant: {our_training_s:.0f} s", flush=True)
        print("Training the bare `rasa init` assistant for comparison...", flush=True)
        baseline_dir = tmp_dir / "rasa-init"
        baseline_dir.mkdir()
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir",
             str(baseline_dir)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**env, "RASA_CACHE_DIRECTORY": str(tmp_dir / "cache-init")},
        )
        baseline_training_s = time.monotonic() - started

        database = f"sqlite:///{tmp_dir / 'bench.db'}"
        migrate.upgrade(database)
        settings = load_settings()
        action_port = _free_port()
        settings = dataclasses.replace(
            settings, database_url=database, rasa_port=_free_port(), action_port=action_port,
            action_server_url=f"http://127.0.0.1:{action_port}/webhook",
            web=dataclasses.replace(settings.web, port=_free_port()),
        )
        model = ensure_model()
        ours = Assistant(settings=settings, model=model, quiet=True)
        started = time.monotonic()
        ours.start()
        ready_s = time.monotonic() - started
        try:
            print("Measuring this assistant...", flush=True)
            our_results = _measure(ours.rasa_url, levels, args.rounds)
            our_rss = _rss_mb(ours.processes[1].pid)
        finally:
            ours.stop()

        port = _free_port()
        baseline = _start_baseline(baseline_dir, port)
        try:
            print("Measuring the bare rasa init assistant...", flush=True)
            base_results = _measure(f"http://127.0.0.1:{port}", levels, args.rounds)
            base_rss = _rss_mb(baseline.pid)
        finally:
            os.killpg(baseline.pid, 15)
            baseline.wait(timeout=30)
        shutil.rmtree(baseline_dir, ignore_errors=True)

    _print_table("This assistant (SQL tracker store on SQLite, action server):", our_results)
    _print_table("Bare `rasa init` assistant (in-memory tracker store):", base_results)
    print("\nRatios (ours / rasa init):")
    ratios: Dict[int, Dict[str, float]] = {}
    for ours_r, base_r in zip(our_results, base_results, strict=True):
        ratios[ours_r.visitors] = {
            "throughput": round(ours_r.messages_per_second / base_r.messages_per_second, 2),
            "p95_latency": round(ours_r.p95_ms / base_r.p95_ms, 2),
        }
        print(f"  {ours_r.visitors:>3} visitors: {ratios[ours_r.visitors]['throughput']}x "
              f"messages/s, {ratios[ours_r.visitors]['p95_latency']}x p95 latency")
    print(f"\nFull training from scratch: ours {our_training_s:.0f} s, "
          f"rasa init {baseline_training_s:.0f} s")
    print(f"Ready after restart with unchanged data: {ready_s:.1f} s")
    print(f"Resident memory after the load: Rasa server {our_rss} MB "
          f"(rasa init: {base_rss} MB)")

    out = ROOT / "results" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "ours": [asdict(r) for r in our_results],
        "rasa_init": [asdict(r) for r in base_results],
        "ratios": ratios,
        "training_seconds": {
            "ours": round(our_training_s), "rasa_init": round(baseline_training_s),
        },
        "ready_after_restart_seconds": round(ready_s, 1),
        "rss_mb": {"ours": our_rss, "rasa_init": base_rss},
        "cpu_count": os.cpu_count(),
    }, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")
    if args.part == "all":
        print("\nThe staff portal at 100,000 leads:", flush=True)
        return bench_portal.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
