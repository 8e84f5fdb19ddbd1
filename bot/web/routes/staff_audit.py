"""The audit log, for administrators (`/staff/audit`): who viewed, changed or exported which
lead, and when; newest first, by lead or by person."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response
from starlette.routing import Route

from bot.store.audit import entries
from bot.store.models import StaffRole
from bot.web.staff.guard import Visit, portal_page, render_visit


@portal_page(role=StaffRole.ADMIN)
def audit_log(visit: Visit) -> Response:
    params = visit.request.query_params
    lead, who = params.get("lead", "")[:16], params.get("who", "")[:254]
    before = params.get("before", "")
    rows, older = entries(visit.sessions, int(before) if before.isdigit() else None,
                          lead_reference=lead, who=who)
    kept = [(k, v) for k, v in (("lead", lead), ("who", who)) if v]
    return render_visit(visit, "staff/audit.html", rows=rows, lead=lead, who=who,
                        zone=visit.settings.clinic.timezone,
                        older_url="?" + urlencode([*kept, ("before", str(older))])
                        if older else None)


routes = [Route("/audit", audit_log, name="staff_audit")]
