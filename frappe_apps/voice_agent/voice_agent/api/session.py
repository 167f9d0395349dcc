"""Voice sessions, transcripts and tool-call logs written by the session manager."""

import frappe

from voice_agent.permissions import require_integration_role
from voice_agent.rules import sessions
from voice_agent.utils import checked

SESSION = "Voice Session"
ENTRY = "Voice Transcript Entry"
INTERACTION = "Voice Interaction"


@frappe.whitelist(methods=["POST"])
def upsert_session(
	session_id: str | None = None,
	ultravox_call_id: str | None = None,
	customer_name: str | None = None,
	customer_phone: str | None = None,
	session_type: str | None = None,
	channel: str | None = None,
	status: str | None = None,
	start_time: str | None = None,
	end_time: str | None = None,
	duration_seconds: int | str | None = None,
	end_reason: str | None = None,
	summary: str | None = None,
	business_outcome: str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
	node_server_id: str | None = None,
) -> dict:
	require_integration_role()
	update = checked(sessions.clean_session_args, dict(locals()))
	return save_session(update)


def save_session(update: dict) -> dict:
	"""Creates or updates the session named by `update["session_id"]`."""
	session_id = update["session_id"]
	if frappe.db.exists(SESSION, session_id):
		doc = frappe.get_doc(SESSION, session_id, for_update=True)
		doc.update(sessions.merge_session(doc.as_dict(), update))
		doc.save()
	else:
		doc = frappe.get_doc({"doctype": SESSION, **sessions.merge_session(None, update)})
		doc.insert()
	return sessions.session_result(doc.name, doc.session_id, doc.status)


@frappe.whitelist(methods=["POST"])
def append_transcript(session_id: str | None = None, messages: list | str | None = None) -> dict:
	require_integration_role()
	session_id = checked(sessions.v.text, session_id, "session_id", required=True)
	lines = checked(sessions.clean_messages, messages)
	if not frappe.db.exists(SESSION, session_id):
		save_session({"session_id": session_id})
	stored_ordinals = set(frappe.get_all(ENTRY, filters={"session": session_id}, pluck="ordinal"))
	fresh = sessions.select_new_messages(stored_ordinals, lines)
	stored = 0
	for line in fresh:
		key = sessions.transcript_key(session_id, line["ordinal"])
		try:
			frappe.get_doc(
				{
					"doctype": ENTRY,
					"entry_key": key,
					"session": session_id,
					"ordinal": line["ordinal"],
					"speaker": line["speaker"],
					"text": line["text"],
					"medium": line["medium"],
					"timestamp": line["timestamp"],
				}
			).insert()
			stored += 1
		except frappe.DuplicateEntryError:
			# A concurrent call stored the same line first: the contract says skip it.
			continue
	if stored:
		refresh_transcript(session_id)
	return {"session_id": session_id, "stored": stored}


def refresh_transcript(session_id: str) -> None:
	lines = frappe.get_all(ENTRY, filters={"session": session_id}, fields=["ordinal", "speaker", "text"])
	frappe.db.set_value(SESSION, session_id, "transcript", sessions.render_transcript(lines))


@frappe.whitelist(methods=["POST"])
def log_interaction(
	idempotency_key: str | None = None,
	session_id: str | None = None,
	tool_name: str | None = None,
	request: dict | str | None = None,
	response: dict | str | None = None,
	success: bool | int | str | None = None,
	duration_ms: int | str | None = None,
	reference_doctype: str | None = None,
	reference_name: str | None = None,
) -> dict:
	require_integration_role()
	clean = checked(sessions.clean_interaction, dict(locals()))
	existing = frappe.db.get_value(INTERACTION, {"idempotency_key": clean["idempotency_key"]}, "name")
	if existing:
		return {"name": existing}
	doc = frappe.get_doc(
		{
			"doctype": INTERACTION,
			"idempotency_key": clean["idempotency_key"],
			"session": clean["session_id"],
			"tool_name": clean["tool_name"],
			"request": frappe.as_json(clean["request"]),
			"response": frappe.as_json(clean["response"]),
			"success": 1 if clean["success"] else 0,
			"duration_ms": clean["duration_ms"],
			"reference_doctype": clean["reference_doctype"],
			"reference_name": clean["reference_name"],
		}
	)
	doc.insert()
	return {"name": doc.name}
