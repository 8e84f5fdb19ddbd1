from decimal import Decimal

import pytest

from bot.settings import Settings, SettingsError, format_dollars, load_settings
from tests.conftest import example_values, write_env_file


def test_example_env_loads_into_typed_settings(make_settings):
    settings = make_settings()
    assert settings.prices.microneedling_session == Decimal("350")
    assert settings.prices.financing_partners == ("CareCredit", "Cherry")
    assert settings.clinic.phone == "+12105550147"
    assert settings.clinic.booking_mode == "slots"
    assert settings.action_server_url == "http://127.0.0.1:5055/webhook"


def test_missing_setting_is_named_in_the_error():
    values = example_values()
    del values["PRICE_MICRONEEDLING_SESSION"]
    with pytest.raises(SettingsError, match="PRICE_MICRONEEDLING_SESSION is not set"):
        Settings.from_mapping(values)


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("PRICE_MICRONEEDLING_SESSION", "three hundred", "expected an amount in dollars"),
        ("PACKAGE_PRICE", "-5", "positive amount"),
        ("PACKAGE_SESSIONS", "0", "at least 1"),
        ("CLINIC_PHONE", "555", "phone number"),
        ("CLINIC_HOURS", "monday 9-5", "write it like 'mon-fri 09:00-18:00'"),
        ("CLINIC_TIMEZONE", "Mars/Olympus", "CLINIC_TIMEZONE"),
        ("BOOKING_MODE", "fax", "slots, link, callback"),
        ("RASA_PORT", "99999", "port number"),
    ],
)
def test_malformed_setting_is_named_with_what_is_expected(name, value, expected):
    with pytest.raises(SettingsError) as raised:
        Settings.from_mapping(example_values(**{name: value}))
    assert name in str(raised.value)
    assert expected in str(raised.value)


def test_link_booking_needs_a_booking_url():
    with pytest.raises(SettingsError, match="BOOKING_URL is required"):
        Settings.from_mapping(example_values(BOOKING_MODE="link", BOOKING_URL=""))


def test_environment_overrides_env_file(tmp_path, monkeypatch):
    env_file = write_env_file(tmp_path / ".env", PACKAGE_PRICE="900")
    monkeypatch.setenv("PACKAGE_PRICE", "1200")
    assert load_settings(env_file).prices.package_price == Decimal("1200")


def test_phone_is_stored_as_e164_and_shown_in_us_format(make_settings):
    settings = make_settings(CLINIC_PHONE="(210) 555-0199")
    assert settings.clinic.phone == "+12105550199"
    assert settings.clinic.phone_display == "(210) 555-0199"


@pytest.mark.parametrize(
    "amount, shown", [("1500", "$1,500"), ("99.5", "$99.50"), ("$2,000", "$2,000")]
)
def test_dollar_amounts_are_shown_as_a_visitor_reads_them(make_settings, amount, shown):
    price = make_settings(PRICE_MICRONEEDLING_SESSION=amount).prices.microneedling_session
    assert format_dollars(price) == shown


def test_time_zone_label_follows_the_clinic_time_zone(make_settings) -> None:
    assert make_settings(CLINIC_TIMEZONE="America/Chicago").clinic.timezone_label == "Central time"
    assert make_settings(CLINIC_TIMEZONE="America/Denver").clinic.timezone_label == "Mountain time"
    assert make_settings(CLINIC_TIMEZONE="Europe/Madrid").clinic.timezone_label == "Europe/Madrid"


def test_action_server_listens_on_this_machine_only_by_default(make_settings):
    assert make_settings(ACTION_SERVER_HOST="").action_server_host == "127.0.0.1"
    assert make_settings(ACTION_SERVER_HOST="10.0.0.5").action_server_host == "10.0.0.5"


def test_malformed_action_server_host_is_named():
    with pytest.raises(SettingsError, match=r"ACTION_SERVER_HOST=\S+ is not valid: expected an IP"):
        Settings.from_mapping(example_values(ACTION_SERVER_HOST="http://10.0.0.5"))


def test_allowed_origins_default_to_the_local_clinic_page(make_settings):
    assert make_settings(ALLOWED_ORIGINS="").allowed_origins == (
        "http://localhost:8000", "http://127.0.0.1:8000")


def test_allowed_origins_are_read_as_a_list_of_lower_case_origins(make_settings):
    settings = make_settings(ALLOWED_ORIGINS=" https://WWW.Clinic.example, http://10.0.0.5:8080 ")
    assert settings.allowed_origins == ("https://www.clinic.example", "http://10.0.0.5:8080")


@pytest.mark.parametrize(
    "value", ["*", "https://clinic.example/", "https://clinic.example/chat", "clinic.example", ","],
)
def test_allowed_origins_must_be_origins_not_wildcards_or_urls(value):
    with pytest.raises(SettingsError, match="ALLOWED_ORIGINS"):
        Settings.from_mapping(example_values(ALLOWED_ORIGINS=value))


@pytest.mark.parametrize("host, url", [
    ("10.0.0.5", "http://10.0.0.5:5055/webhook"),
    ("0.0.0.0", "http://127.0.0.1:5055/webhook"),
    ("fd00::5", "http://[fd00::5]:5055/webhook"),
])
def test_rasa_reaches_the_action_server_where_it_listens_by_default(make_settings, host, url):
    assert make_settings(ACTION_SERVER_HOST=host, ACTION_SERVER_URL="").action_server_url == url


def test_the_servers_get_the_allowed_origins_of_these_settings(make_settings):
    settings = make_settings(ALLOWED_ORIGINS="https://www.clinic.example,https://clinic.example")
    assert settings.environment()["ALLOWED_ORIGINS"] == (
        "https://www.clinic.example,https://clinic.example")
    assert make_settings(**settings.environment()).allowed_origins == settings.allowed_origins


def test_example_env_has_the_money_and_visit_settings(make_settings):
    settings = make_settings()
    assert settings.prices.consultation_fee == Decimal("75")
    assert settings.prices.consultation_fee_credited is True
    assert settings.prices.current_offer is None  # empty: no offer running
    assert settings.prices.refund_policy and settings.prices.refund_policy.startswith("Example")
    assert settings.clinic.parking_info and "(example)" in settings.clinic.parking_info


def test_consultation_fee_may_be_left_unset_but_must_be_dollars():
    values = example_values()
    del values["CONSULTATION_FEE"]
    assert Settings.from_mapping(values).prices.consultation_fee is None
    with pytest.raises(SettingsError, match="CONSULTATION_FEE='free' is not valid"):
        Settings.from_mapping(example_values(CONSULTATION_FEE="free"))


def test_a_paid_consultation_must_say_whether_the_fee_is_credited():
    with pytest.raises(SettingsError, match="CONSULTATION_FEE_CREDITED is required"):
        Settings.from_mapping(example_values(CONSULTATION_FEE="50", CONSULTATION_FEE_CREDITED=""))
    free = Settings.from_mapping(example_values(CONSULTATION_FEE="0",
                                                CONSULTATION_FEE_CREDITED=""))
    assert free.prices.consultation_fee == 0
    with pytest.raises(SettingsError, match="expected true or false"):
        Settings.from_mapping(example_values(CONSULTATION_FEE_CREDITED="sometimes"))


def test_empty_free_text_settings_mean_none(make_settings):
    settings = make_settings(CURRENT_OFFER="", REFUND_POLICY=" ", PARKING_INFO="")
    assert settings.prices.current_offer is None
    assert settings.prices.refund_policy is None
    assert settings.clinic.parking_info is None


@pytest.mark.parametrize("name", ["CURRENT_OFFER", "REFUND_POLICY", "PARKING_INFO"])
def test_free_text_settings_are_one_short_plain_line(name):
    for bad, expected in (("a" * 401, "at most 400 characters"),
                          ("line one\nline two", "one line of plain text"),
                          ("<b>bold</b>", "one line of plain text")):
        with pytest.raises(SettingsError) as raised:
            Settings.from_mapping(example_values(**{name: bad}))
        assert name in str(raised.value) and expected in str(raised.value)
