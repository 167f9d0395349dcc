"""Glue between the pure rules and Frappe: argument errors become 417 ValidationError."""

from collections.abc import Callable
from typing import Any, TypeVar

import frappe

from voice_agent.rules.validation import ArgumentError

T = TypeVar("T")


def checked(rule: Callable[..., T], *args: Any, **kwargs: Any) -> T:
	"""Runs a rule; an `ArgumentError` is thrown as a ValidationError naming the field."""
	try:
		return rule(*args, **kwargs)
	except ArgumentError as error:
		frappe.throw(str(error), frappe.ValidationError)
		raise  # unreachable: frappe.throw raises


def hook_value(name: str) -> str | None:
	"""The last app's value for a single-valued custom hook."""
	values = frappe.get_hooks(name) or []
	return values[-1] if values else None
