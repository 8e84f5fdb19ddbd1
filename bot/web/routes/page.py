"""The clinic's public pages in English and Spanish: the landing page (`/`, `/es`) and the
privacy page (`/privacy`, `/es/privacidad`), each linking to its translation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.opening_hours import (
    DAY_NAMES,
    DAYS,
    OpeningHours,
    format_clock,
    spanish_weekday,
    zone_label,
)
from bot.settings import Prices, format_dollars
from bot.web.templating import render

# Each page's address in each language; a page's links to its translation come from here.
PATHS: Dict[str, Dict[str, str]] = {
    "home": {"en": "/", "es": "/es"},
    "privacy": {"en": "/privacy", "es": "/es/privacidad"},
}


@dataclass(frozen=True)
class PriceRow:
    item: str
    price: str
    note: str = ""


@dataclass(frozen=True)
class HoursRow:
    day: str
    hours: str  # "9 AM to 6 PM" or "Closed"


def price_rows(prices: Prices, language: str = "en") -> List[PriceRow]:
    """The price list as the page shows it; the package only when it saves money."""
    if language == "es":
        return _price_rows_es(prices)
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


def _price_rows_es(prices: Prices) -> List[PriceRow]:
    rows = [
        PriceRow("Microneedling, una sesión", format_dollars(prices.microneedling_session)),
        PriceRow("Microneedling con PRP (\u201cfacial de vampiro\u201d), una sesión",
                 format_dollars(prices.microneedling_prp_session)),
    ]
    if prices.package_saving > 0:
        rows.append(PriceRow(
            f"Paquete de {prices.package_sessions} sesiones de microneedling",
            format_dollars(prices.package_price),
            f"se ahorra {format_dollars(prices.package_saving)} comparado con pagar cada "
            "sesión aparte",
        ))
    fee = prices.consultation_fee
    if fee is None:
        rows.append(PriceRow("Consulta", "Llámenos, por favor",
                             "en recepción le explican el costo"))
    elif fee == 0:
        rows.append(PriceRow("Consulta", "Gratis"))
    else:
        note = ("se le acredita al tratamiento si decide hacérselo"
                if prices.consultation_fee_credited else "aparte del precio del tratamiento")
        rows.append(PriceRow("Consulta", format_dollars(fee), note))
    return rows


def hours_rows(hours: OpeningHours, language: str = "en") -> List[HoursRow]:
    """One row a day, Monday first."""
    spanish = language == "es"
    closed, between = ("Cerrado", " a ") if spanish else ("Closed", " to ")
    rows = []
    for weekday, day in enumerate(DAYS):
        times = hours.by_weekday.get(weekday)
        shown = (format_clock(times[0], language) + between + format_clock(times[1], language)
                 if times else closed)
        name = spanish_weekday(weekday).capitalize() if spanish else DAY_NAMES[day]
        rows.append(HoursRow(name, shown))
    return rows


def _page(request: Request, page: str, language: str, template: str, **context: object
          ) -> Response:
    """`template` in `language`, told where the page is in each language (hreflang, the
    language switch)."""
    clinic = request.app.state.settings.clinic
    return render(request, template, lang=language, page_paths=PATHS[page],
                  privacy_path=PATHS["privacy"][language],
                  zone=zone_label(clinic.timezone_label, language), **context)


def _home(request: Request, language: str) -> Response:
    settings = request.app.state.settings
    template = "page/es/home.html" if language == "es" else "page/home.html"
    return _page(request, "home", language, template,
                 prices=price_rows(settings.prices, language),
                 hours=hours_rows(settings.clinic.hours, language))


async def home(request: Request) -> Response:
    return _home(request, "en")


async def home_es(request: Request) -> Response:
    return _home(request, "es")


async def privacy(request: Request) -> Response:
    return _page(request, "privacy", "en", "page/privacy.html")


async def privacy_es(request: Request) -> Response:
    return _page(request, "privacy", "es", "page/es/privacy.html")


routes = [
    Route("/", home, name="home"),
    Route("/privacy", privacy, name="privacy"),
    Route("/es", home_es, name="home_es"),
    Route("/es/privacidad", privacy_es, name="privacy_es"),
]
