"""Frappe v15's response bodies, as the session manager sees them.

Used to write and check `frappe_apps/contract_fixtures`: success is
`{"message": result}`; a fault is Frappe's v1 error envelope (see frappe.md §5.5).
`exc_type` is the field a client must match on. `exception`, `exc` and
`_exc_source` are only present when tracebacks are allowed (the default), and the
traceback text and `__frappe_exc_id` differ on every real response, so fixtures
carry placeholders for them.
"""

import json
from typing import Any

HTTP_STATUS = {
	"ValidationError": 417,
	"MandatoryError": 417,
	"UniqueValidationError": 417,
	"PermissionError": 403,
	"AuthenticationError": 401,
	"DoesNotExistError": 404,
	"DuplicateEntryError": 409,
	"RateLimitExceededError": 429,
}
PLACEHOLDER_EXC_ID = "0123456789"


def success(result: Any) -> dict[str, Any]:
	return {"message": result}


def error(exc_type: str, message: str, *, title: str = "Message", app: str = "business_workflows") -> dict:
	"""The body of a `frappe.throw(message, exc_type, title=title)` raised in `app`."""
	server_message = {
		"message": message,
		"title": title,
		"indicator": "red",
		"raise_exception": 1,
		"__frappe_exc_id": PLACEHOLDER_EXC_ID,
	}
	qualified = f"frappe.exceptions.{exc_type}: {message}"
	traceback = f"Traceback (most recent call last):\n  (trimmed)\n{qualified}\n"
	return {
		"exception": qualified,
		"exc_type": exc_type,
		"exc": json.dumps([traceback]),
		"_exc_source": f"{app} (app)",
		"_server_messages": json.dumps([json.dumps(server_message)]),
	}


def server_messages(body: dict[str, Any]) -> list[dict[str, Any]]:
	"""Decodes `_server_messages` (a JSON string of a list of JSON strings)."""
	return [json.loads(item) for item in json.loads(body.get("_server_messages") or "[]")]
