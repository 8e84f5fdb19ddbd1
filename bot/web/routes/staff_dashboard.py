"""The dashboard (`/staff/dashboard`): the funnel per week and per channel, the spread of
bands and recommendations, and the median time from a lead to its first contact."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.web.staff.charts import grouped_bars, horizontal_bars
from bot.web.staff.funnel import STAGE_LABELS, STAGE_NOTE, STAGES, describe_wait, funnel
from bot.web.staff.guard import Visit, portal_page, render_visit
from bot.web.staff.labels import label

WEEKS = 12


@portal_page()
def dashboard(visit: Visit) -> Response:
    figures = funnel(visit.sessions, visit.sessions.kw["bind"],
                     visit.settings.clinic.timezone, weeks=WEEKS)
    weekly = grouped_bars(
        f"The funnel per week, last {WEEKS} weeks",
        [monday.strftime("%b %-d") for monday in figures.weeks],
        [(STAGE_LABELS[stage], figures.by_week[stage]) for stage in STAGES])
    channels = list(figures.by_channel)
    per_channel = grouped_bars(
        f"The funnel per channel, last {WEEKS} weeks", [label(c) for c in channels],
        [(STAGE_LABELS[stage], [figures.by_channel[c][stage] for c in channels])
         for stage in STAGES], width=880, height=260)
    bands = horizontal_bars("Severity bands (latest assessment of each lead)",
                            [(label(b), n) for b, n in figures.bands])
    recommendations = horizontal_bars("Recommendations (latest assessment of each lead)",
                                      [(label(r), n) for r, n in figures.recommendations])
    return render_visit(
        visit, "staff/dashboard.html", figures=figures, weekly=weekly,
        per_channel=per_channel, bands=bands, recommendations=recommendations,
        median_wait=describe_wait(figures.median_first_contact), stages=STAGES,
        stage_labels=STAGE_LABELS, stage_note=STAGE_NOTE, weeks=WEEKS,
    )


routes = [Route("/dashboard", dashboard, name="staff_dashboard")]
