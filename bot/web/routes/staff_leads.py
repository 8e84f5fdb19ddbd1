"""The list of leads (`/staff/leads`): newest first, searched, filtered, paged; and the same
list as CSV for administrators (`/staff/leads/export.csv`)."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from bot.store import audit
from bot.store.export import lead_rows, to_csv
from bot.store.lead_list import FLAGGED, LeadFilter, channels, criteria, lead_page
from bot.store.models import SAFETY_FLAGS, LeadStatus, StaffRole
from bot.web.staff.guard import Visit, portal_page, render_visit
from bot.web.staff.labels import BANDS, LANGUAGE_CHOICES, RECOMMENDATIONS, label


@portal_page()
def leads(visit: Visit) -> Response:
    params = visit.request.query_params
    lead_filter = LeadFilter.from_query(params)
    zone = visit.settings.clinic.timezone
    before = params.get("before", "")
    page = lead_page(visit.sessions, lead_filter, zone,
                     before=int(before) if before.isdigit() else None)
    query = lead_filter.query_items()
    return render_visit(
        visit, "staff/leads.html", page=page, filter=lead_filter, zone=zone,
        statuses=[(s.value, label(s.value)) for s in LeadStatus],
        channels=channels(visit.sessions),
        bands=BANDS, recommendations=RECOMMENDATIONS, languages=LANGUAGE_CHOICES,
        flags=[(FLAGGED, "Any safety flag")] + [(f, label(f)) for f in sorted(SAFETY_FLAGS)],
        older_url="?" + urlencode([*query, ("before", str(page.older))]) if page.older else None,
        newest_url="?" + urlencode(query),
        export_url="/staff/leads/export.csv" + ("?" + urlencode(query) if query else ""),
    )


@portal_page(role=StaffRole.ADMIN)
def export_csv(visit: Visit) -> Response:
    lead_filter = LeadFilter.from_query(visit.request.query_params)
    rows = lead_rows(visit.sessions, criteria(lead_filter, visit.settings.clinic.timezone,
                                              visit.sessions.kw["bind"].dialect.name))
    shown = ", ".join(f"{k}={v}" for k, v in lead_filter.query_items()) or "all leads"
    audit.record(visit.sessions, visit.user, audit.EXPORTED,
                 detail=f"{len(rows)} leads as CSV ({shown}): "
                        + " ".join(r["reference"] for r in rows[:100])
                        + (" ..." if len(rows) > 100 else ""))
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="leads-{stamp}.csv"',
        "Cache-Control": "no-store",
    })


routes = [
    Route("/leads", leads, name="staff_leads"),
    Route("/leads/export.csv", export_csv, name="staff_export"),
]
