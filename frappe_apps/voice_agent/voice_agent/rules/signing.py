"""The signed webhook from the apps back to the session manager.

Signature: lower-case hex HMAC-SHA256 with the shared secret over
`timestamp + "." + raw body`, sent as `X-Voice-Signature` next to
`X-Voice-Timestamp` (whole seconds since the epoch). The receiver refuses a bad
signature or a timestamp more than 300 s away and handles a repeated event id once.
This module only computes; sending and logging live in
`voice_agent.integrations.session_manager`.
"""

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

TIMESTAMP_HEADER = "X-Voice-Timestamp"
SIGNATURE_HEADER = "X-Voice-Signature"
TOLERANCE_SECONDS = 300
WEBHOOK_PATH = "/webhooks/erpnext"
EVENTS = ("order.status_changed", "appointment.updated", "ticket.updated")

# Retry schedule: 30 s, 1 min, 2 min, ... doubling up to one hour between attempts,
# for at most 24 hours after the event was created.
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 3600
GIVE_UP_AFTER = dt.timedelta(hours=24)


def encode_body(payload: dict[str, Any]) -> bytes:
	"""The exact bytes that are signed and sent (compact JSON, UTF-8)."""
	return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str).encode("utf-8")


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
	if not secret:
		raise ValueError("webhook secret is empty")
	message = str(timestamp).encode("ascii") + b"." + body
	return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
	return {
		"Content-Type": "application/json",
		TIMESTAMP_HEADER: str(int(timestamp)),
		SIGNATURE_HEADER: sign(secret, int(timestamp), body),
	}


def verify(secret: str, timestamp: str, body: bytes, signature: str, now: int) -> bool:
	"""What the session manager checks; used by tests and by anyone debugging a delivery."""
	try:
		age = abs(int(now) - int(timestamp))
	except (TypeError, ValueError):
		return False
	if age > TOLERANCE_SECONDS:
		return False
	return hmac.compare_digest(sign(secret, timestamp, body), (signature or "").lower())


def build_event(event: str, event_id: str, occurred_at: dt.datetime, data: dict[str, Any]) -> dict[str, Any]:
	if event not in EVENTS:
		raise ValueError(f"unknown webhook event {event}")
	return {
		"event": event,
		"id": event_id,
		"occurred_at": occurred_at.replace(microsecond=0, tzinfo=None).isoformat(),
		"data": data,
	}


def webhook_url(base_url: str) -> str:
	return base_url.rstrip("/") + WEBHOOK_PATH


def retry_delay_seconds(attempts_made: int) -> int:
	"""Seconds to wait after the `attempts_made`-th failed attempt (1-based)."""
	exponent = max(attempts_made - 1, 0)
	return min(FIRST_RETRY_SECONDS * 2 ** min(exponent, 20), MAX_RETRY_SECONDS)


def next_attempt_at(
	created_at: dt.datetime, failed_at: dt.datetime, attempts_made: int
) -> dt.datetime | None:
	"""When to try again, or `None` once the 24-hour window is used up."""
	candidate = failed_at + dt.timedelta(seconds=retry_delay_seconds(attempts_made))
	if candidate - created_at > GIVE_UP_AFTER:
		return None
	return candidate


def is_success_status(status_code: int) -> bool:
	return 200 <= status_code < 300
