"""A personal cost estimate: likely sessions times the clinic's configured prices."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Tuple

from bot.settings import Prices, format_dollars

Range = Tuple[Decimal, Decimal]


@dataclass(frozen=True)
class Estimate:
    sessions: Tuple[int, int]
    microneedling: Range
    with_prp: Range
    with_packages: Range | None  # micro-needling bought as packages, where that is cheaper
    monthly: Range | None  # the cheapest micro-needling total spread over the financing term


def estimate(sessions: Tuple[int, int], prices: Prices) -> Estimate:
    low, high = sessions
    single = (prices.microneedling_session * low, prices.microneedling_session * high)
    packaged = (cost_with_packages(low, prices), cost_with_packages(high, prices))
    with_packages = packaged if packaged[0] < single[0] or packaged[1] < single[1] else None
    cheapest = with_packages or single
    monthly: Range | None = None
    if prices.financing_partners and prices.financing_term_months:
        term, apr = prices.financing_term_months, prices.financing_apr_percent
        monthly = (monthly_payment(cheapest[0], term, apr), monthly_payment(cheapest[1], term, apr))
    return Estimate(
        sessions=sessions,
        microneedling=single,
        with_prp=(prices.microneedling_prp_session * low, prices.microneedling_prp_session * high),
        with_packages=with_packages,
        monthly=monthly,
    )


def cost_with_packages(sessions: int, prices: Prices) -> Decimal:
    """The cheapest mix of packages and single sessions for `sessions` sessions."""
    packages, single = divmod(sessions, prices.package_sessions)
    mixed = packages * prices.package_price + single * prices.microneedling_session
    one_more_package = (packages + 1) * prices.package_price
    return min(mixed, one_more_package, sessions * prices.microneedling_session)


def monthly_payment(total: Decimal, months: int, apr_percent: Decimal) -> Decimal:
    """Level monthly payment of an amortised loan; plain division at 0 % APR."""
    if apr_percent == 0:
        payment = total / months
    else:
        rate = apr_percent / Decimal(1200)
        payment = total * rate / (1 - (1 + rate) ** -months)
    return payment.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def describe(estimate_: Estimate, prices: Prices, language: str = "en") -> str:
    """The estimate in words, in English or, for "es", in Spanish."""
    if language == "es":
        return _describe_es(estimate_, prices)
    low, high = estimate_.sessions
    text = (
        f"Estimate, not a quote: people with answers like yours often need {low} to {high} "
        f"sessions. Micro-needling alone would be about {_range(estimate_.microneedling)}; "
        f"with PRP, about {_range(estimate_.with_prp)}."
    )
    if estimate_.with_packages:
        text += (
            f" Buying packages of {prices.package_sessions} brings micro-needling to about "
            f"{_range(estimate_.with_packages)}."
        )
    if estimate_.monthly:
        apr = f"{prices.financing_apr_percent.normalize():f}% APR"
        text += (
            f" Spread over {prices.financing_term_months} months ({apr}, subject to approval "
            f"by {' or '.join(prices.financing_partners)}), that is about "
            f"{_range(estimate_.monthly)} a month."
        )
    return text + " Your provider confirms the plan and the price at your consultation."


def _describe_es(estimate_: Estimate, prices: Prices) -> str:
    low, high = estimate_.sessions
    text = (
        f"Esto es un cálculo aproximado, no una cotización: las personas con respuestas como "
        f"las suyas suelen necesitar de {low} a {high} sesiones. Solo el microneedling "
        f"costaría {_range(estimate_.microneedling, 'es')}; con PRP, "
        f"{_range(estimate_.with_prp, 'es')}."
    )
    if estimate_.with_packages:
        text += (
            f" Si compra paquetes de {prices.package_sessions} sesiones, el microneedling "
            f"queda {_range(estimate_.with_packages, 'es')}."
        )
    if estimate_.monthly:
        apr = f"{prices.financing_apr_percent.normalize():f}% de interés anual (APR)"
        text += (
            f" En pagos durante {prices.financing_term_months} meses, con {apr} y sujeto a "
            f"la aprobación de {' o '.join(prices.financing_partners)}, serían "
            f"{_range(estimate_.monthly, 'es')} al mes."
        )
    return text + " Su proveedor le confirma el plan y el precio en su consulta."


def _range(values: Range, language: str = "en") -> str:
    low, high = values
    if low == high:
        return f"alrededor de {format_dollars(low)}" if language == "es" else format_dollars(low)
    if language == "es":
        return f"entre {format_dollars(low)} y {format_dollars(high)}"
    return f"{format_dollars(low)} to {format_dollars(high)}"
