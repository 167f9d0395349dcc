"""Exact money: `decimal.Decimal` in, two-decimal strings (`"22.00"`) on the wire."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def to_money(value: Any) -> Decimal:
	"""A Decimal rounded to the penny; floats go through their shortest text form, never binary."""
	if isinstance(value, Decimal):
		amount = value
	elif isinstance(value, bool):
		raise ValueError(f"not an amount: {value!r}")
	elif isinstance(value, int | str):
		try:
			amount = Decimal(str(value).strip())
		except InvalidOperation:
			raise ValueError(f"not an amount: {value!r}") from None
	elif isinstance(value, float):
		amount = Decimal(repr(value))
	elif value is None:
		amount = Decimal(0)
	else:
		raise ValueError(f"not an amount: {value!r}")
	if not amount.is_finite():
		raise ValueError(f"not an amount: {value!r}")
	return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def wire(amount: Decimal) -> str:
	"""`Decimal("9.5")` → `"9.50"`."""
	return f"{to_money(amount):.2f}"


def spoken(amount: Decimal, currency: str) -> str:
	"""`"£9.50"`, or `"CHF 9.50"` for a currency without a symbol here."""
	symbol = SYMBOLS.get(currency)
	return f"{symbol}{wire(amount)}" if symbol else f"{currency} {wire(amount)}"
