"""Leads as rows staff can import into a spreadsheet: no database ids, no conversation ids."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any, Dict, List, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload, sessionmaker

from bot.store.models import Lead, as_utc

COLUMNS = (
    "reference", "status", "created_at", "updated_at", "name", "phone", "email",
    "preferred_contact", "preferred_time", "channel", "language", "band", "recommendation", "flags",
    "scar_types", "scar_areas", "assessed_at", "assessments", "data_consent_at",
    "marketing_consent",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a
# visitor chooses their own name, so it could be =HYPERLINK(...) that leaks other rows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OWNER_ONLY = 0o600


def lead_rows(session_factory: sessionmaker, criteria: Sequence[Any] = ()
              ) -> List[Dict[str, Any]]:
    """One row per lead (those matching `criteria`, SQL conditions on Lead: the staff
    portal's filters), with its latest assessment and current consents."""
    with session_factory() as session:
        leads = session.scalars(
            select(Lead)
            .where(*criteria)
            .options(selectinload(Lead.assessments), selectinload(Lead.consents))
            .order_by(Lead.created_at, Lead.id)
        ).all()
        return [_row(lead) for lead in leads]


def _row(lead: Lead) -> Dict[str, Any]:
    latest = lead.assessments[-1] if lead.assessments else None
    consents = {consent.kind: consent for consent in lead.consents}  # latest wins
    data, marketing = consents.get("data"), consents.get("marketing")
    answers = latest.answers if latest else {}
    return {
        "reference": lead.reference,
        "status": lead.status.value,
        "created_at": _iso(lead.created_at),
        "updated_at": _iso(lead.updated_at),
        "name": lead.name,
        "phone": lead.phone,
        "email": lead.email or "",
        "preferred_contact": lead.preferred_contact,
        "preferred_time": lead.preferred_time,
        "channel": lead.channel,
        "language": lead.language,
        "band": latest.band if latest else "",
        "recommendation": latest.recommendation if latest else "",
        "flags": list(latest.flags) if latest else [],
        "scar_types": answers.get("scar_types") or [],
        "scar_areas": answers.get("scar_areas") or [],
        "assessed_at": _iso(latest.updated_at) if latest else "",
        "assessments": len(lead.assessments),
        "data_consent_at": _iso(data.given_at) if data and data.granted else "",
        "marketing_consent": bool(marketing and marketing.granted),
    }


def to_json(rows: List[Dict[str, Any]]) -> str:
    """The rows as a JSON array, values as they are stored."""
    return json.dumps(rows, indent=2, ensure_ascii=False)


def to_csv(rows: List[Dict[str, Any]]) -> str:
    """The rows as CSV; a cell a spreadsheet would run as a formula is written as text."""
    out = io.StringIO()
    # RFC 4180's CRLF: Python quotes only fields holding the line terminator's characters, so
    # with "\n" alone a bare "\r" in a name went out unquoted and split the row in Excel.
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({
            key: _as_text_cell("; ".join(value) if isinstance(value, list) else value)
            for key, value in row.items()
        })
    return out.getvalue()


def write_export(path: Path | str, content: str) -> None:
    """Write an export to `path`, readable and writable by its owner only (0600).

    The file holds names, phone numbers and health answers: it is created 0600 from the start,
    so it is never readable by others, not even while being written; an existing file is
    made 0600 before anything is written into it.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
    try:
        # os.open's mode is reduced by the umask and ignored for an existing file.
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.fchmod(descriptor, OWNER_ONLY)
        file = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(descriptor)
        raise
    with file:
        file.write(content)


def _as_text_cell(value: Any) -> Any:
    # OWASP's advice: a leading single quote makes the spreadsheet show the cell as text.
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _iso(value: Any) -> str:
    return as_utc(value).isoformat(timespec="seconds") if value else ""
