"""The personal estimate multiplies likely sessions by the clinic's configured prices."""

from decimal import Decimal

from bot.intake.estimate import cost_with_packages, describe, estimate, monthly_payment


def test_estimate_multiplies_sessions_by_configured_prices(make_settings):
    prices = make_settings(
        PRICE_MICRONEEDLING_SESSION="300", PRICE_MICRONEEDLING_PRP_SESSION="700",
        PACKAGE_SESSIONS="3", PACKAGE_PRICE="800",
    ).prices
    result = estimate((6, 8), prices)
    assert result.microneedling == (Decimal(1800), Decimal(2400))
    assert result.with_prp == (Decimal(4200), Decimal(5600))
    # 6 = two packages (1600); 8 = two packages and two sessions (2200)
    assert result.with_packages == (Decimal(1600), Decimal(2200))


def test_packages_are_left_out_when_they_save_nothing(make_settings):
    prices = make_settings(PRICE_MICRONEEDLING_SESSION="300", PACKAGE_PRICE="900").prices
    assert estimate((3, 4), prices).with_packages is None


def test_a_cheaper_extra_package_beats_single_sessions(make_settings):
    prices = make_settings(PRICE_MICRONEEDLING_SESSION="400", PACKAGE_SESSIONS="3",
                           PACKAGE_PRICE="900").prices
    assert cost_with_packages(5, prices) == Decimal(1700)  # 900 + 2 x 400
    assert cost_with_packages(2, prices) == Decimal(800)


def test_monthly_payment_at_zero_and_positive_apr():
    assert monthly_payment(Decimal(1200), 12, Decimal(0)) == Decimal(100)
    # Standard amortisation: 1200 over 12 months at 12 % APR is 106.62 a month.
    assert monthly_payment(Decimal(1200), 12, Decimal(12)) == Decimal(107)


def test_estimate_text_is_labelled_and_quotes_financing_terms(make_settings):
    settings = make_settings(FINANCING_TERM_MONTHS="6", FINANCING_APR_PERCENT="9.9")
    text = describe(estimate((4, 6), settings.prices), settings.prices)
    assert text.startswith("Estimate, not a quote")
    assert "over 6 months (9.9% APR" in text
    assert "confirms the plan and the price at your consultation" in text


def test_no_monthly_figure_without_financing_partners(make_settings):
    settings = make_settings(FINANCING_PARTNERS="")
    assert "a month" not in describe(estimate((4, 6), settings.prices), settings.prices)
