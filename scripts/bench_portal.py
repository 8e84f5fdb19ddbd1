"""Speed of the staff portal's lead list and search at 100,000 leads, on SQLite and PostgreSQL.

Seeds a scratch database of each kind (a temporary SQLite file; a PostgreSQL database created
for the run and dropped after it), serves the real web app on a free port, signs in, and asks
for the list (first and deep pages, each filter, combinations) and for searches (name, phone,
email, nothing found). Reports the server's own time per request (measured inside the app,
from the request's arrival to the end of the response) as p50/p95/max, and writes
results/bench-portal.json. Aim: p95 under 150 ms on both.

    .venv/bin/python scripts/bench_portal.py [--leads 100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import requests
import uvicorn
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import load_settings  # noqa: E402
from bot.store import migrate  # noqa: E402
from bot.store.db import make_engine, session_factory_for  # noqa: E402
from bot.store.models import Assessment, Lead, search_text  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from bot.web.staff.accounts import create_user  # noqa: E402

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL",
                                    "postgresql://postgres@127.0.0.1:5432/test")
AIM_P95_MS = 150
EMAIL, PASSWORD = "bench@clinic.example", "a bench password, long enough"
FIRST = ["Maria", "Jose", "Ana", "Luis", "Sofia", "Carlos", "Lucia", "Diego", "Elena", "Juan",
         "Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas", "Isabella", "Mateo",
         "Camila", "Daniel", "Valeria", "David", "Ximena", "Gabriel", "Chloe", "Ethan"]
LAST = ["Garcia", "Martinez", "Rodriguez", "Lopez", "Hernandez", "Gonzalez", "Perez",
        "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Smith", "Johnson", "Williams",
        "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Thomas", "Moore", "Lee"]
SAFETY = ["bleeding_risk", "safety_answer_unsure", "active_acne", "keloid_tendency",
          "isotretinoin_recent", "red_flag_infection"]
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_OLDER = re.compile(r'href="(\?[^"]*before=\d+)"')


def seed(url: str, count: int, batch: int = 5000) -> float:
    """Migrate `url` and insert `count` leads, each with one assessment; seconds taken."""
    started = time.monotonic()
    migrate.upgrade(url)
    engine = make_engine(url)
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    try:
        for first_id in range(1, count + 1, batch):
            leads, assessments = [], []
            for lead_id in range(first_id, min(first_id + batch, count + 1)):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                phone = f"+1210{lead_id:07d}"
                email = f"{name.lower().replace(' ', '.')}{lead_id}@example.com"
                band = rng.choice(("mild", "moderate", "moderate", "severe"))
                recommendation = rng.choice(("good_candidate", "consultation_first",
                                             "consultation_first", "not_right_now"))
                flags = rng.sample(SAFETY, 1) if rng.random() < 0.15 else []
                created = now - timedelta(minutes=(count - lead_id) * 7)  # about 18 months
                leads.append({
                    # Unique by construction: 100,000 random 32-bit references would collide
                    # about once (the intake's save retries on that; a bulk insert cannot).
                    "id": lead_id, "reference": f"L-{lead_id:08X}", "name": name,
                    "phone": phone, "email": email, "preferred_contact": "text",
                    "preferred_time": "any",
                    "channel": "socketio" if rng.random() < 0.8 else "rest",
                    "conversation_id": f"bench-{lead_id}",
                    "status": rng.choice(("new", "new", "contacted", "booked", "closed",
                                          "not_candidate")),
                    "created_at": created, "updated_at": created,
                    "band": band, "recommendation": recommendation,
                    "safety_flags": f" {' '.join(flags)} " if flags else "",
                    "search_text": search_text(name, email, phone),
                })
                assessments.append({
                    "lead_id": lead_id, "conversation_id": f"bench-{lead_id}",
                    "channel": "socketio", "answers": {"scar_types": ["icepick"]},
                    "band": band, "recommendation": recommendation, "flags": flags,
                    "reasons": [], "scoring_version": "bench", "created_at": created,
                    "updated_at": created,
                })
            with engine.begin() as connection:
                connection.execute(insert(Lead.__table__), leads)
                connection.execute(insert(Assessment.__table__), assessments)
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT setval(pg_get_serial_sequence('leads', 'id'), "
                                        "(SELECT MAX(id) FROM leads))"))
                connection.execute(text("ANALYZE"))
            else:
                connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()
    create_user(session_factory_for(url), EMAIL, "admin", PASSWORD)
    return time.monotonic() - started


class ServerTime:
    """ASGI middleware: how long the app took for each request, by the path and query."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.times: Dict[str, List[float]] = defaultdict(list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            key = scope["path"] + ("?" + scope["query_string"].decode()
                                   if scope["query_string"] else "")
            self.times[key].append((time.perf_counter() - started) * 1000)


@contextmanager
def serve(url: str) -> Iterator[Tuple[str, ServerTime]]:
    settings = load_settings()
    settings = replace(settings, database_url=url)
    timed = ServerTime(create_app(settings))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(timed, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", timed
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# What staff ask for: (kind, query string). "deep" pages are reached by following "Older".
LIST_QUERIES = [
    ("list: newest", ""),
    ("list: status new", "?status=new"),
    ("list: severe", "?band=severe"),
    ("list: consultation first", "?recommendation=consultation_first"),
    ("list: flagged", "?flag=any"),
    ("list: one flag", "?flag=bleeding_risk"),
    ("list: REST channel", "?channel=rest"),
    ("list: last 7 days", "?date_from={week_ago}"),
    ("list: a month a year ago", "?date_from={year_ago}&date_to={year_ago_end}"),
    ("list: severe, new, flagged", "?band=severe&status=new&flag=any"),
    ("list: possible duplicates (none)", "?duplicates=only"),
]
SEARCH_QUERIES = [
    ("search: first name", "?q=ximena"),
    ("search: full name", "?q=sofia+torres"),
    ("search: phone digits", "?q=210+000+4242"),
    ("search: email", "?q=camila.lee"),
    ("search: no match", "?q=zzzz-nobody"),
    ("search: name, severe", "?q=garcia&band=severe"),
]


def measure(base: str, timed: ServerTime, repeat: int) -> Dict[str, Dict[str, float]]:
    client = requests.Session()
    page = client.get(base + "/staff/sign-in", timeout=30).text
    token = _CSRF.search(page).group(1)  # type: ignore[union-attr]
    response = client.post(base + "/staff/sign-in", timeout=30, allow_redirects=False,
                           data={"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    assert response.status_code == 303, response.text[:300]
    today = datetime.now(timezone.utc).date()
    values = {"week_ago": (today - timedelta(days=7)).isoformat(),
              "year_ago": (today - timedelta(days=365)).isoformat(),
              "year_ago_end": (today - timedelta(days=335)).isoformat()}
    results: Dict[str, Dict[str, float]] = {}
    for kind, query in LIST_QUERIES + SEARCH_QUERIES:
        path = "/staff/leads" + query.format(**values)
        client.get(base + path, timeout=30)  # warm
        timed.times.clear()
        for _ in range(repeat):
            assert client.get(base + path, timeout=30).status_code == 200
        results[kind] = _summary([t for ts in timed.times.values() for t in ts])
    # Deep pages: follow "Older" 40 pages down (2,000 leads), timing each page.
    timed.times.clear()
    path = "/staff/leads"
    for _ in range(40):
        found = _OLDER.search(client.get(base + path, timeout=30).text)
        if not found:
            break
        path = "/staff/leads" + found.group(1).replace("&amp;", "&")
    results["list: pages 2-41 (Older)"] = _summary(
        [t for key, ts in timed.times.items() if "before=" in key for t in ts])
    return results


def _summary(times: List[float]) -> Dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(p95, 1), "max_ms": round(ordered[-1], 1)}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    """A PostgreSQL database for this run, dropped afterwards; None when none is reachable."""
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    name = f"clinic_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means "not here"
        print(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL} ({error}); skipped.")
        admin.dispose()
        yield None
        return
    try:
        yield str(make_url(POSTGRES_ADMIN_URL).set(database=name))
    finally:
        session_factory_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(leads: int, repeat: int) -> Dict[str, Any]:
    report: Dict[str, Any] = {"leads": leads, "repeat": repeat, "aim_p95_ms": AIM_P95_MS,
                              "cpu_count": os.cpu_count(), "backends": {}}
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp, \
            scratch_postgres() as postgres:
        targets = [("sqlite", f"sqlite:///{Path(tmp) / 'portal.db'}")]
        if postgres:
            targets.append(("postgresql", postgres))
        for backend, url in targets:
            print(f"Seeding {leads:,} leads into {backend}...", flush=True)
            seeded = seed(url, leads)
            print(f"  seeded in {seeded:.0f} s; measuring...", flush=True)
            with serve(url) as (base, timed):
                results = measure(base, timed, repeat)
            report["backends"][backend] = {"seed_seconds": round(seeded), "pages": results}
            _print(backend, results)
    return report


def _print(backend: str, results: Dict[str, Dict[str, float]]) -> None:
    print(f"\nStaff portal on {backend}: server time per page (ms)")
    print(f"  {'page':<36} {'p50':>7} {'p95':>7} {'max':>7}")
    for kind, r in results.items():
        mark = "" if r["p95_ms"] < AIM_P95_MS else f"  over {AIM_P95_MS} ms"
        print(f"  {kind:<36} {r['p50_ms']:>7} {r['p95_ms']:>7} {r['max_ms']:>7}{mark}")
    worst = max(r["p95_ms"] for r in results.values())
    print(f"  worst p95: {worst} ms (aim: under {AIM_P95_MS} ms)")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page kind")
    args = parser.parse_args(argv)
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    report = run(args.leads, args.repeat)
    out = ROOT / "results" / "bench-portal.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
