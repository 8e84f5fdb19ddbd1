"""The clinic's public pages: the landing page (`/`) and the privacy page (`/privacy`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.opening_hours import DAY_NAMES, DAYS, OpeningHours, format_clock
from bot.settings import Prices, format_dollars
from bot.web.templating import render


@dataclass(frozen=True)
class PriceRow:
    item: str
    price: str
    note: str = ""


@dataclass(frozen=True)
class HoursRow:
    day: str
    hours: str  # "9 AM to 6 PM" or "Closed"


def price_rows(prices: Prices) -> List[PriceRow]:
    """The price list as the page shows it; the package only when it saves money."""
    rows = [
        PriceRow("Micro-needling, one session", format_dollars(prices.microneedling_session)),
        PriceRow("Micro-needling with PRP (\u201cvampire facial\u201d), one session",
                 format_dollars(prices.microneedling_prp_session)),
    ]
    if prices.package_saving > 0:
        rows.append(PriceRow(
            f"Package of {prices.package_sessions} micro-needling sessions",
            format_dollars(prices.package_price),
            f"saves {format_dollars(prices.package_saving)} compared with single sessions",
        ))
    fee = prices.consultation_fee
    if fee is None:
        rows.append(PriceRow("Consultation", "Please call us", "the front desk explains the fee"))
    elif fee == 0:
        rows.append(PriceRow("Consultation", "Free"))
    else:
        note = ("credited toward your treatment if you go ahead"
                if prices.consultation_fee_credited else "separate from the treatment price")
        rows.append(PriceRow("Consultation", format_dollars(fee), note))
    return rows


def hours_rows(hours: OpeningHours) -> List[HoursRow]:
    """One row a day, Monday first."""
    rows = []
    for weekday, day in enumerate(DAYS):
        times = hours.by_weekday.get(weekday)
        shown = f"{format_clock(times[0])} to {format_clock(times[1])}" if times else "Closed"
        rows.append(HoursRow(DAY_NAMES[day], shown))
    return rows


async def home(request: Request) -> Response:
    settings = request.app.state.settings
    return render(request, "page/home.html", prices=price_rows(settings.prices),
                  hours=hours_rows(settings.clinic.hours))


async def privacy(request: Request) -> Response:
    return render(request, "page/privacy.html")


routes = [
    Route("/", home, name="home"),
    Route("/privacy", privacy, name="privacy"),
]
