"""Argument validation shared by every whitelisted method of both apps.

Each parser takes the raw value as it arrived (a JSON value, or a string from a
query string or form body) and either returns a clean Python value or raises
`ArgumentError` naming the field. The Frappe layer turns `ArgumentError` into a
417 `ValidationError` whose message starts with the field name, so the caller
always learns which argument was wrong.
"""

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

MAX_KEY_LENGTH = 140
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{5,30}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ArgumentError(ValueError):
	"""A bad argument; `str()` gives `"<field>: <problem>"`."""

	def __init__(self, field: str, problem: str):
		super().__init__(f"{field}: {problem}")
		self.field = field
		self.problem = problem


def is_blank(value: Any) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def require(value: Any, field: str) -> Any:
	if is_blank(value):
		raise ArgumentError(field, "is required")
	return value


def text(value: Any, field: str, *, required: bool = False, max_length: int = 140) -> str | None:
	"""A string, trimmed; `None` when absent and not required."""
	if is_blank(value):
		if required:
			raise ArgumentError(field, "is required")
		return None
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		raise ArgumentError(field, "must be a string")
	cleaned = str(value).strip()
	if len(cleaned) > max_length:
		raise ArgumentError(field, f"must be at most {max_length} characters")
	return cleaned


def idempotency_key(value: Any, field: str = "idempotency_key") -> str:
	return text(value, field, required=True, max_length=MAX_KEY_LENGTH)


def choice(value: Any, field: str, choices: Iterable[str], *, default: str | None = None) -> str | None:
	"""One of `choices`, matched without regard to case; returns the canonical spelling."""
	choices = list(choices)
	if is_blank(value):
		if default is None:
			raise ArgumentError(field, "is required")
		return default
	if not isinstance(value, str):
		raise ArgumentError(field, "must be one of " + ", ".join(choices))
	wanted = value.strip().lower()
	for option in choices:
		if option.lower() == wanted:
			return option
	raise ArgumentError(field, f"'{value}' is not one of " + ", ".join(choices))


def optional_choice(value: Any, field: str, choices: Iterable[str]) -> str | None:
	if is_blank(value):
		return None
	return choice(value, field, choices)


def integer(
	value: Any,
	field: str,
	*,
	minimum: int | None = None,
	maximum: int | None = None,
	default: int | None = None,
	required: bool = False,
) -> int | None:
	"""A whole number (JSON number or digits in a string) within the bounds."""
	if is_blank(value):
		if required:
			raise ArgumentError(field, "is required")
		return default
	if isinstance(value, bool):
		raise ArgumentError(field, "must be a whole number")
	if isinstance(value, float):
		if not value.is_integer():
			raise ArgumentError(field, "must be a whole number")
		number = int(value)
	elif isinstance(value, int):
		number = value
	elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
		number = int(value.strip())
	else:
		raise ArgumentError(field, "must be a whole number")
	if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
		if maximum is None:
			raise ArgumentError(field, f"must be at least {minimum}")
		if minimum is None:
			raise ArgumentError(field, f"must be at most {maximum}")
		raise ArgumentError(field, f"must be a whole number from {minimum} to {maximum}")
	return number


def boolean(value: Any, field: str, *, default: bool | None = None) -> bool | None:
	"""true/false, 1/0, "true"/"false", "1"/"0", "yes"/"no"."""
	if is_blank(value):
		return default
	if isinstance(value, bool):
		return value
	if isinstance(value, int) and value in (0, 1):
		return bool(value)
	if isinstance(value, str):
		lowered = value.strip().lower()
		if lowered in ("1", "true", "yes"):
			return True
		if lowered in ("0", "false", "no"):
			return False
	raise ArgumentError(field, "must be true or false")


def date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
	"""A calendar date written `YYYY-MM-DD`."""
	if is_blank(value):
		if required:
			raise ArgumentError(field, "is required")
		return None
	if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
		return value
	if not isinstance(value, str) or not _DATE.match(value.strip()):
		raise ArgumentError(field, "must be a date written YYYY-MM-DD")
	try:
		return dt.date.fromisoformat(value.strip())
	except ValueError:
		raise ArgumentError(field, "is not a real calendar date") from None


def time_of_day(value: Any, field: str, *, required: bool = True) -> dt.time | None:
	"""A 24-hour time written `HH:MM` (`HH:MM:SS` with zero seconds is accepted)."""
	if is_blank(value):
		if required:
			raise ArgumentError(field, "is required")
		return None
	if isinstance(value, dt.time):
		return value.replace(second=0, microsecond=0)
	if isinstance(value, str):
		cleaned = value.strip()
		if len(cleaned) == 8 and cleaned.endswith(":00"):
			cleaned = cleaned[:5]
		match = _TIME.match(cleaned)
		if match:
			return dt.time(int(match.group(1)), int(match.group(2)))
	raise ArgumentError(field, "must be a time written HH:MM (24-hour)")


def local_datetime(value: Any, field: str, *, required: bool = False) -> dt.datetime | None:
	"""An ISO-8601 local date-time without offset, e.g. `2026-11-20T15:00:00`.

	A trailing `Z` or offset is refused: the contract keeps every time in the
	business's local time.
	"""
	if is_blank(value):
		if required:
			raise ArgumentError(field, "is required")
		return None
	if isinstance(value, dt.datetime):
		return value.replace(tzinfo=None, microsecond=0)
	if isinstance(value, str):
		cleaned = value.strip().replace(" ", "T", 1)
		try:
			parsed = dt.datetime.fromisoformat(cleaned)
		except ValueError:
			parsed = None
		if parsed is not None and parsed.tzinfo is None and "T" in cleaned:
			return parsed.replace(microsecond=0)
	raise ArgumentError(field, "must be a local date-time written YYYY-MM-DDTHH:MM:SS without offset")


def email(value: Any, field: str = "email") -> str | None:
	cleaned = text(value, field, max_length=140)
	if cleaned is None:
		return None
	if not _EMAIL.match(cleaned):
		raise ArgumentError(field, f"'{cleaned}' is not an e-mail address")
	return cleaned.lower()


def phone(value: Any, field: str = "phone", *, required: bool = False) -> str | None:
	cleaned = text(value, field, required=required, max_length=40)
	if cleaned is None:
		return None
	digits = sum(ch.isdigit() for ch in cleaned)
	if not _PHONE.match(cleaned) or not 5 <= digits <= 15:
		raise ArgumentError(field, f"'{cleaned}' is not a phone number")
	return cleaned


def json_value(value: Any, field: str) -> Any:
	"""Decodes a JSON string (form bodies carry nested values as strings)."""
	if isinstance(value, str):
		stripped = value.strip()
		if stripped[:1] in ("[", "{"):
			try:
				return json.loads(stripped)
			except ValueError:
				raise ArgumentError(field, "is not valid JSON") from None
	return value


def json_list(value: Any, field: str, *, required: bool = True) -> list:
	value = json_value(value, field)
	if is_blank(value) or value == []:
		if required:
			raise ArgumentError(field, "must be a non-empty list")
		return []
	if not isinstance(value, list):
		raise ArgumentError(field, "must be a list")
	return value


def json_object(value: Any, field: str) -> dict | None:
	value = json_value(value, field)
	if is_blank(value):
		return None
	if not isinstance(value, Mapping):
		raise ArgumentError(field, "must be a JSON object")
	return dict(value)
