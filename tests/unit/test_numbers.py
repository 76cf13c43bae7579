"""The decimal policy: half-up at declared places, exact literals, Q20 quotients."""

from decimal import Decimal

import pytest

from kpidsl.numbers import div, fmt, fmt_percent, parse_literal, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.675", 2, "2.68"),  # binary floats give 2.67 here; we must not
        ("2.665", 2, "2.67"),
        ("2.664999", 2, "2.66"),
        ("-2.675", 2, "-2.68"),
        ("0.5", 0, "1"),
        ("1.5", 0, "2"),
        ("2.5", 0, "3"),  # not banker's rounding
        ("84.125", 2, "84.13"),
        ("84", 2, "84.00"),
        ("89.95", 1, "90.0"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    assert str(round_half_up(Decimal(value), places)) == expected


def test_an_exact_quotient_rounds_at_its_true_half() -> None:
    # Q20: 219.15 / 3 is exactly 73.05, so half-up to one place gives 73.1 (no residue to snap).
    assert round_half_up(div(Decimal("219.15"), Decimal(3)), 1) == Decimal("73.1")
    # an inexact one is held to 20 places, rounded half-up: 2/3 -> 0.66666666666666666667
    assert round_half_up(div(Decimal(2), Decimal(3)), 2) == Decimal("0.67")


@pytest.mark.parametrize(("text", "value"), [("95%", "0.95"), ("0.5%", "0.005"), ("100%", "1"), ("12.50", "12.50")])
def test_literals(text: str, value: str) -> None:
    assert parse_literal(text) == Decimal(value)


def test_formatting() -> None:
    assert fmt(Decimal("84.00")) == "84.00"
    assert fmt(Decimal("-0")) == "0"
    assert fmt_percent(Decimal("0.955")) == "95.5%"


@pytest.mark.parametrize(("value", "places", "shown"), [("-0.01", 0, "0"), ("-0.004", 2, "0.00"), ("-0.4", 0, "0"),
                                                        ("-0.5", 0, "-1"), ("-1.005", 2, "-1.01"), ("0.004", 2, "0.00")])
def test_a_negative_value_rounding_to_zero_is_zero_not_minus_zero(value: str, places: int, shown: str) -> None:
    """The columnar engine gives 0 there; the interpreter gave Decimal('-0'), whose str() is '-0'
    (hypothesis found it comparing the engines on PostgreSQL)."""
    assert str(round_half_up(Decimal(value), places)) == shown
