"""Signed webhooks to the session manager, sent after commit and retried with backoff.

`queue_event` stores a Voice Webhook Event (status Pending) and enqueues `deliver`
with `enqueue_after_commit=True`, so nothing is sent for a change that is rolled
back. Each attempt is appended to the event's attempt log; a failure sets
`next_attempt_at` from the backoff schedule and the per-minute scheduler job
`retry_due_events` enqueues it again, until 24 hours have passed (status Failed).
The event id is stable across attempts, so the receiver handles a retry once.
"""

import time

import frappe
import requests
from frappe.utils import get_datetime, now_datetime

from voice_agent.rules import signing

EVENT = "Voice Webhook Event"
SETTINGS = "Voice Agent Settings"
TIMEOUT_SECONDS = 10


def webhooks_configured() -> bool:
	settings = frappe.get_cached_doc(SETTINGS)
	return bool(settings.webhook_enabled and settings.session_manager_url)


def queue_event(event: str, reference_doctype: str, reference_name: str, data: dict) -> str | None:
	"""Records the event and delivers it in the background once the transaction commits."""
	if not webhooks_configured():
		return None
	event_id = frappe.generate_hash(length=20)
	payload = signing.build_event(event, event_id, now_datetime(), data)
	frappe.get_doc(
		{
			"doctype": EVENT,
			"event_id": event_id,
			"event": event,
			"status": "Pending",
			"reference_doctype": reference_doctype,
			"reference_name": reference_name,
			"payload": signing.encode_body(payload).decode("utf-8"),
			"next_attempt_at": now_datetime(),
		}
	).insert(ignore_permissions=True)
	frappe.enqueue(
		"voice_agent.integrations.session_manager.deliver",
		queue="short",
		enqueue_after_commit=True,
		event_id=event_id,
	)
	return event_id


def deliver(event_id: str) -> bool:
	"""One attempt; returns True when the session manager accepted the event."""
	doc = frappe.get_doc(EVENT, event_id)
	if doc.status != "Pending":
		return doc.status == "Delivered"
	settings = frappe.get_single(SETTINGS)
	secret = settings.get_password("webhook_secret", raise_exception=False)
	body = doc.payload.encode("utf-8")
	started = time.monotonic()
	status_code, excerpt, error = 0, "", ""
	try:
		if not secret:
			raise ValueError("webhook secret is not set in Voice Agent Settings")
		response = requests.post(
			signing.webhook_url(settings.session_manager_url),
			data=body,
			headers=signing.signed_headers(secret, body, int(time.time())),
			timeout=TIMEOUT_SECONDS,
		)
		status_code, excerpt = response.status_code, response.text[:500]
		if not signing.is_success_status(status_code):
			error = f"session manager answered HTTP {status_code}"
	except Exception as exc:
		error = f"{type(exc).__name__}: {exc}"[:500]
	record_attempt(doc, status_code, excerpt, error, int((time.monotonic() - started) * 1000))
	return not error


def record_attempt(doc, status_code: int, excerpt: str, error: str, duration_ms: int) -> None:
	now = now_datetime()
	doc.attempts = (doc.attempts or 0) + 1
	doc.append(
		"attempt_log",
		{
			"attempt": doc.attempts,
			"attempted_at": now,
			"http_status": status_code,
			"success": 0 if error else 1,
			"duration_ms": duration_ms,
			"error": error,
			"response_excerpt": excerpt,
		},
	)
	if not error:
		doc.status, doc.delivered_at, doc.next_attempt_at, doc.last_error = "Delivered", now, None, None
	else:
		doc.last_error = error
		retry_at = signing.next_attempt_at(get_datetime(doc.creation), now, doc.attempts)
		doc.next_attempt_at = retry_at
		if retry_at is None:
			doc.status = "Failed"
			frappe.log_error(
				title=f"Webhook {doc.event_id} given up",
				message=f"{doc.event} for {doc.reference_name}: {error}",
			)
	doc.save(ignore_permissions=True)
	# Background jobs commit at the end; commit here so a later crash keeps the attempt log.
	frappe.db.commit()


def retry_due_events() -> None:
	"""Scheduler job: enqueue every pending event whose backoff delay has passed."""
	due = frappe.get_all(
		EVENT,
		filters={"status": "Pending", "next_attempt_at": ["<=", now_datetime()], "attempts": [">", 0]},
		pluck="name",
		limit=100,
	)
	for event_id in due:
		frappe.enqueue(
			"voice_agent.integrations.session_manager.deliver",
			queue="short",
			event_id=event_id,
			job_id=f"voice_webhook::{event_id}",
			deduplicate=True,
		)
