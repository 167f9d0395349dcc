"""Voice sessions, transcripts and tool-call logs: argument checks and merge rules.

`upsert_session` may be called many times for one session, sometimes out of
order (a late "Active" after "Completed"). The rules here decide what changes:
a final status (Completed, Failed) is never replaced by a live one, and absent
arguments never clear stored values.
"""

import datetime as dt
from typing import Any

from voice_agent.rules import validation as v

SESSION_TYPES = ("Restaurant", "Appointment", "Support", "General")
CHANNELS = ("Web", "Widget", "Phone")
STATUSES = ("Queued", "Active", "Completed", "Failed")
FINAL_STATUSES = ("Completed", "Failed")
SPEAKERS = ("user", "agent", "tool")
MEDIA = ("voice", "text")
MAX_TRANSCRIPT_BATCH = 500

SESSION_TEXT_FIELDS = {
	"ultravox_call_id": 140,
	"customer_name": 140,
	"end_reason": 140,
	"business_outcome": 140,
	"reference_name": 140,
	"node_server_id": 140,
	"summary": 100_000,
}


def clean_session_args(args: dict[str, Any]) -> dict[str, Any]:
	"""The given fields of an upsert, checked; absent ones are left out."""
	clean: dict[str, Any] = {"session_id": v.text(args.get("session_id"), "session_id", required=True)}
	for field, max_length in SESSION_TEXT_FIELDS.items():
		value = v.text(args.get(field), field, max_length=max_length)
		if value is not None:
			clean[field] = value
	optional = {
		"customer_phone": v.phone(args.get("customer_phone"), "customer_phone"),
		"session_type": v.optional_choice(args.get("session_type"), "session_type", SESSION_TYPES),
		"channel": v.optional_choice(args.get("channel"), "channel", CHANNELS),
		"status": v.optional_choice(args.get("status"), "status", STATUSES),
		"start_time": v.local_datetime(args.get("start_time"), "start_time"),
		"end_time": v.local_datetime(args.get("end_time"), "end_time"),
		"duration_seconds": v.integer(args.get("duration_seconds"), "duration_seconds", minimum=0),
		"reference_doctype": v.text(args.get("reference_doctype"), "reference_doctype"),
	}
	clean.update({key: value for key, value in optional.items() if value is not None})
	if ("reference_doctype" in clean) != ("reference_name" in clean):
		missing = "reference_name" if "reference_doctype" in clean else "reference_doctype"
		raise v.ArgumentError(missing, "is required when the other reference field is given")
	start, end = clean.get("start_time"), clean.get("end_time")
	if start and end and end < start:
		raise v.ArgumentError("end_time", "must not be before start_time")
	return clean


def merge_session(existing: dict[str, Any] | None, update: dict[str, Any]) -> dict[str, Any]:
	"""The field values to write: the update, minus what must not change."""
	changes = dict(update)
	current = (existing or {}).get("status")
	if current in FINAL_STATUSES and changes.get("status") not in (None, *FINAL_STATUSES):
		changes.pop("status")
	if existing is None:
		changes.setdefault("status", "Queued")
		changes.setdefault("session_type", "General")
		changes.setdefault("channel", "Web")
	start = changes.get("start_time") or (existing or {}).get("start_time")
	end = changes.get("end_time") or (existing or {}).get("end_time")
	if (
		"duration_seconds" not in changes
		and start
		and end
		and ("start_time" in changes or "end_time" in changes)
	):
		changes["duration_seconds"] = max(int((_as_datetime(end) - _as_datetime(start)).total_seconds()), 0)
	return changes


def session_result(name: str, session_id: str, status: str) -> dict[str, str]:
	return {"name": name, "session_id": session_id, "status": status}


def clean_messages(messages: Any) -> list[dict[str, Any]]:
	"""Transcript lines, checked; each names its position in errors (`messages[2].speaker`)."""
	raw = v.json_list(messages, "messages")
	if len(raw) > MAX_TRANSCRIPT_BATCH:
		raise v.ArgumentError("messages", f"must hold at most {MAX_TRANSCRIPT_BATCH} lines per call")
	clean = []
	for index, message in enumerate(raw):
		where = f"messages[{index}]"
		if not isinstance(message, dict):
			raise v.ArgumentError(where, "must be an object")
		clean.append(
			{
				"ordinal": v.integer(message.get("ordinal"), f"{where}.ordinal", minimum=0, required=True),
				"speaker": v.choice(message.get("speaker"), f"{where}.speaker", SPEAKERS),
				"text": v.text(message.get("text"), f"{where}.text", required=True, max_length=100_000),
				"medium": v.choice(message.get("medium"), f"{where}.medium", MEDIA, default="voice"),
				"timestamp": v.local_datetime(message.get("timestamp"), f"{where}.timestamp"),
			}
		)
	return clean


def select_new_messages(stored_ordinals: set[int], messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
	"""Lines not stored yet, first occurrence of each ordinal, in ordinal order."""
	seen = set(stored_ordinals)
	fresh = []
	for message in messages:
		if message["ordinal"] in seen:
			continue
		seen.add(message["ordinal"])
		fresh.append(message)
	return sorted(fresh, key=lambda message: message["ordinal"])


def transcript_key(session_id: str, ordinal: int) -> str:
	"""The unique name of one transcript line."""
	return f"{session_id}:{ordinal}"


def render_transcript(lines: list[dict[str, Any]]) -> str:
	"""The plain-text transcript stored on the session, one line per message."""
	labels = {"user": "Caller", "agent": "Agent", "tool": "Tool"}
	ordered = sorted(lines, key=lambda line: line["ordinal"])
	return "\n".join(f"{labels.get(line['speaker'], line['speaker'])}: {line['text']}" for line in ordered)


def clean_interaction(args: dict[str, Any]) -> dict[str, Any]:
	clean = {
		"idempotency_key": v.idempotency_key(args.get("idempotency_key")),
		"session_id": v.text(args.get("session_id"), "session_id", required=True),
		"tool_name": v.text(args.get("tool_name"), "tool_name", required=True),
		"request": v.json_object(args.get("request"), "request") or {},
		"response": v.json_object(args.get("response"), "response") or {},
		"success": v.boolean(args.get("success"), "success", default=False),
		"duration_ms": v.integer(args.get("duration_ms"), "duration_ms", minimum=0, default=0),
		"reference_doctype": v.text(args.get("reference_doctype"), "reference_doctype"),
		"reference_name": v.text(args.get("reference_name"), "reference_name"),
	}
	if bool(clean["reference_doctype"]) != bool(clean["reference_name"]):
		missing = "reference_name" if clean["reference_doctype"] else "reference_doctype"
		raise v.ArgumentError(missing, "is required when the other reference field is given")
	return clean


def _as_datetime(value: Any) -> dt.datetime:
	if isinstance(value, dt.datetime):
		return value
	return dt.datetime.fromisoformat(str(value))
