"""The cases of `frappe_apps/contract_fixtures/<method>.json`, and their writer.

Regenerate after a deliberate rule change with
`.venv-frappe/bin/python frappe_apps/tests/contract_cases.py` and review the diff:
the Rust client's stand-in server replays these files.
"""

import json
import sys
from pathlib import Path

sys.path[:0] = [
	str(Path(__file__).resolve().parent),
	*(str(Path(__file__).resolve().parents[1] / a) for a in ("voice_agent", "business_workflows")),
]

from contract_sim import respond

FIXTURES = Path(__file__).resolve().parents[1] / "contract_fixtures"
NOW = "2026-11-20T12:00:00"  # a Friday, 12:00 local time
NOTE = (
	"status is the HTTP status. Error bodies are Frappe v15's v1 envelope: match on exc_type; "
	"_server_messages is a JSON string of a list of JSON strings; exc (traceback) and __frappe_exc_id "
	"differ on every real response and are placeholders here; exception, exc and _exc_source are only "
	"sent when System Settings allow tracebacks (the default)."
)
ORDER = {
	"idempotency_key": "uv-call-1:3",
	"session_id": "sess-1",
	"customer_name": "Jane Smith",
	"phone": "+447700900123",
	"order_type": "Takeaway",
	"special_instructions": None,
	"items": [
		{"item_name": "Margherita Pizza", "quantity": 2, "special_instructions": "extra basil"},
		{"item_name": "coke", "quantity": 1},
	],
}
BOOKING = {
	"idempotency_key": "uv-call-2:5",
	"session_id": "sess-2",
	"customer_name": "Sam Patel",
	"phone": "+447700900456",
	"email": "sam@example.org",
	"service_type": "Repair",
	"appointment_date": "2026-11-23",
	"appointment_time": "10:00",
	"notes": "Boiler pressure keeps dropping",
}
TICKET = {
	"idempotency_key": "uv-call-3:2",
	"session_id": "sess-3",
	"customer_name": "Alex Brown",
	"phone": "+447700900789",
	"email": "alex@example.org",
	"issue_description": "The app crashes when I log in",
	"priority": "High",
	"category": "Technical",
}
ORDERS = [
	{
		"name": "VRO-00007",
		"phone": "+447700900123",
		"status": "Preparing",
		"order_time": "2026-11-20T11:50:00",
		"estimated_ready_at": "2026-11-20T12:02:00",
	},
	{
		"name": "VRO-00003",
		"phone": "+447700900123",
		"status": "Completed",
		"order_time": "2026-11-19T18:00:00",
		"estimated_ready_at": "2026-11-19T18:14:00",
	},
]
SETTINGS = {
	"company_name": "Neoron Bistro & Services",
	"voice": "Mark",
	"language": "en-GB",
	"temperature": 0.4,
	"greeting_message": "Hello, thanks for calling Neoron Bistro & Services. How can I help you today?",
	"max_call_duration_seconds": 600,
	"recording_enabled": 0,
}


def with_(base, **changes):
	return {**base, **changes}


def case(name, kind, request, user="integration", given=None):
	return {
		"name": name,
		"kind": kind,
		"user": user,
		"request": request,
		**({"given": given} if given else {}),
	}


METHODS = {
	"voice_agent.api.session.upsert_session": (
		"POST",
		{"now": NOW, "sessions": {"sess-done": {"status": "Completed"}}},
		[
			case(
				"create",
				"success",
				{
					"session_id": "sess-1",
					"ultravox_call_id": "uv-call-1",
					"customer_phone": "+447700900123",
					"session_type": "Restaurant",
					"channel": "Web",
					"status": "Active",
					"start_time": "2026-11-20T11:58:00",
					"node_server_id": "sm-1",
				},
			),
			case(
				"finish",
				"success",
				{
					"session_id": "sess-1",
					"status": "Completed",
					"end_time": "2026-11-20T12:04:30",
					"duration_seconds": 390,
					"end_reason": "hangup",
					"summary": "Ordered two pizzas",
					"business_outcome": "Order Placed",
					"reference_doctype": "Voice Restaurant Order",
					"reference_name": "VRO-00001",
				},
			),
			case(
				"late_active_after_completed_keeps_completed",
				"success",
				{"session_id": "sess-done", "status": "Active"},
			),
			case("missing_session_id", "error", {"status": "Active"}),
			case("bad_status", "error", {"session_id": "sess-1", "status": "Ready"}),
			case("bad_start_time", "error", {"session_id": "sess-1", "start_time": "2026-11-20T11:58:00Z"}),
			case("no_role", "error", {"session_id": "sess-1"}, user="no_role"),
		],
	),
	"voice_agent.api.session.append_transcript": (
		"POST",
		{"now": NOW, "stored_ordinals": {"sess-1": [0, 1]}},
		[
			case(
				"new_lines",
				"success",
				{
					"session_id": "sess-2",
					"messages": [
						{
							"ordinal": 0,
							"speaker": "agent",
							"text": "Hello, how can I help?",
							"medium": "voice",
							"timestamp": "2026-11-20T11:58:01",
						},
						{
							"ordinal": 1,
							"speaker": "user",
							"text": "I'd like to book a repair",
							"medium": "voice",
							"timestamp": "2026-11-20T11:58:05",
						},
					],
				},
			),
			case(
				"already_stored_are_skipped",
				"idempotent_repeat",
				{
					"session_id": "sess-1",
					"messages": [
						{
							"ordinal": 1,
							"speaker": "user",
							"text": "Two pizzas",
							"medium": "voice",
							"timestamp": "2026-11-20T11:58:05",
						},
						{
							"ordinal": 2,
							"speaker": "tool",
							"text": "placeOrder: success",
							"medium": "text",
							"timestamp": "2026-11-20T11:58:30",
						},
					],
				},
			),
			case(
				"bad_speaker",
				"error",
				{"session_id": "sess-1", "messages": [{"ordinal": 3, "speaker": "robot", "text": "x"}]},
			),
			case("empty_messages", "error", {"session_id": "sess-1", "messages": []}),
			case("no_role", "error", {"session_id": "sess-1", "messages": []}, user="no_role"),
		],
	),
	"voice_agent.api.session.log_interaction": (
		"POST",
		{
			"now": NOW,
			"next_names": {"Voice Interaction": "VI-0000042"},
			"interactions": {"uv-call-1:2": "VI-0000041"},
		},
		[
			case(
				"logged",
				"success",
				{
					"idempotency_key": "uv-call-1:3",
					"session_id": "sess-1",
					"tool_name": "placeOrder",
					"request": {"items": [{"item_name": "Margherita Pizza", "quantity": 2}]},
					"response": {"status": "success", "order_id": "VRO-00001"},
					"success": True,
					"duration_ms": 184,
					"reference_doctype": "Voice Restaurant Order",
					"reference_name": "VRO-00001",
				},
			),
			case(
				"repeat_returns_first",
				"idempotent_repeat",
				{
					"idempotency_key": "uv-call-1:2",
					"session_id": "sess-1",
					"tool_name": "getMenu",
					"request": {},
					"response": {},
					"success": True,
					"duration_ms": 20,
				},
			),
			case("missing_key", "error", {"session_id": "sess-1", "tool_name": "placeOrder"}),
			case(
				"reference_half_given",
				"error",
				{
					"idempotency_key": "k:1",
					"session_id": "sess-1",
					"tool_name": "placeOrder",
					"reference_doctype": "Voice Restaurant Order",
				},
			),
			case(
				"no_role",
				"error",
				{"idempotency_key": "k:1", "session_id": "sess-1", "tool_name": "x"},
				user="no_role",
			),
		],
	),
	"voice_agent.api.settings.get_business_config": (
		"GET",
		{"now": NOW, "settings": SETTINGS},
		[
			case("restaurant", "success", {"business_type": "restaurant"}),
			case("appointment", "success", {"business_type": "appointment"}),
			case("support", "success", {"business_type": "support"}),
			case("general", "success", {"business_type": "general"}),
			case("unknown_type", "error", {"business_type": "garage"}),
			case("no_role", "error", {"business_type": "restaurant"}, user="no_role"),
		],
	),
	"voice_agent.api.analytics.get_dashboard_data": (
		"GET",
		{
			"now": NOW,
			"sessions": [
				{
					"call_date": "2026-11-20",
					"status": "Completed",
					"session_type": "Restaurant",
					"duration_seconds": 240,
				},
				{
					"call_date": "2026-11-20",
					"status": "Completed",
					"session_type": "Appointment",
					"duration_seconds": 181,
				},
				{
					"call_date": "2026-11-20",
					"status": "Failed",
					"session_type": "Support",
					"duration_seconds": 0,
				},
				{
					"call_date": "2026-11-20",
					"status": "Active",
					"session_type": "Restaurant",
					"duration_seconds": 0,
				},
				{
					"call_date": "2026-11-19",
					"status": "Completed",
					"session_type": "General",
					"duration_seconds": 60,
				},
			],
			"business_stats": {
				"2026-11-20": {
					"orders": 1,
					"revenue": "21.00",
					"bookings": 1,
					"tickets_by_priority": {"Low": 0, "Medium": 0, "High": 1, "Critical": 0},
				}
			},
		},
		[
			case("today_by_default", "success", {}),
			case("given_date", "success", {"date": "2026-11-19"}),
			case("bad_date", "error", {"date": "19/11/2026"}),
			case("no_role", "error", {}, user="no_role"),
		],
	),
	"business_workflows.api.restaurant.get_menu": (
		"GET",
		{"now": NOW},
		[
			case("drinks", "success", {"category": "Drinks"}),
			case("everything", "success", {}),
			case("unknown_category_is_empty", "success", {"category": "Breakfast"}),
			case("category_not_text", "error", {"category": ["Drinks"]}),
			case("no_role", "error", {}, user="no_role"),
		],
	),
	"business_workflows.api.restaurant.place_order": (
		"POST",
		{"now": NOW, "next_names": {"Voice Restaurant Order": "VRO-00001"}},
		[
			case("takeaway", "success", ORDER),
			case(
				"delivery",
				"success",
				with_(
					ORDER,
					idempotency_key="uv-call-1:4",
					order_type="Delivery",
					delivery_address="12 High Street, London",
					items=[
						{"item_name": "fish & chips", "quantity": 1},
						{"item_name": "Chips", "quantity": 2, "special_instructions": "extra salt"},
					],
				),
			),
			case(
				"repeat_returns_first_result",
				"idempotent_repeat",
				ORDER,
				given={
					"now": "2026-11-20T12:05:00",
					"next_names": {"Voice Restaurant Order": "VRO-00002"},
					"results_by_key": {"uv-call-1:3": None},
				},
			),
			case(
				"unknown_item",
				"refusal",
				with_(
					ORDER,
					items=[
						{"item_name": "cheeseburger", "quantity": 1},
						{"item_name": "Fries", "quantity": 3},
					],
				),
			),
			case(
				"below_minimum",
				"refusal",
				with_(
					ORDER,
					items=[
						{"item_name": "Fries", "quantity": 1},
						{"item_name": "Sparkling Water", "quantity": 1},
					],
				),
			),
			case("delivery_without_address", "error", with_(ORDER, order_type="Delivery")),
			case("quantity_too_large", "error", with_(ORDER, items=[{"item_name": "Fries", "quantity": 51}])),
			case("missing_key", "error", with_(ORDER, idempotency_key=None)),
			case("no_role", "error", ORDER, user="no_role"),
		],
	),
	"business_workflows.api.restaurant.get_order_status": (
		"GET",
		{"now": NOW, "orders": ORDERS},
		[
			case("by_order_id", "success", {"order_id": "VRO-00003"}),
			case("latest_by_phone", "success", {"phone": "+447700900123"}),
			case("unknown_order", "error", {"order_id": "VRO-09999"}),
			case("no_order_for_phone", "error", {"phone": "+447700900999"}),
			case("neither_given", "error", {}),
			case("no_role", "error", {"order_id": "VRO-00003"}, user="no_role"),
		],
	),
	"business_workflows.api.restaurant.update_order_status": (
		"POST",
		{
			"now": NOW,
			"orders": ORDERS,
			"status_changes_by_key": {"staff-1": {"order_id": "VRO-00007", "status": "Preparing"}},
		},
		[
			case(
				"preparing_to_ready",
				"success",
				{"idempotency_key": "staff-2", "order_id": "VRO-00007", "status": "Ready"},
			),
			case(
				"repeat_returns_first_result",
				"idempotent_repeat",
				{"idempotency_key": "staff-1", "order_id": "VRO-00007", "status": "Preparing"},
			),
			case(
				"illegal_move",
				"error",
				{"idempotency_key": "staff-3", "order_id": "VRO-00003", "status": "Preparing"},
			),
			case(
				"unknown_status",
				"error",
				{"idempotency_key": "staff-4", "order_id": "VRO-00007", "status": "Eaten"},
			),
			case(
				"unknown_order",
				"error",
				{"idempotency_key": "staff-5", "order_id": "VRO-09999", "status": "Ready"},
			),
			case(
				"no_role",
				"error",
				{"idempotency_key": "staff-6", "order_id": "VRO-00007", "status": "Ready"},
				user="no_role",
			),
		],
	),
	"business_workflows.api.appointment.check_availability": (
		"GET",
		{
			"now": NOW,
			"bookings": [
				{"service": "Repair", "date": "2026-11-23", "time": "10:00", "duration_minutes": 60},
				{"service": "Consultation", "date": "2026-11-23", "time": "09:00", "duration_minutes": 30},
			],
		},
		[
			case("monday_repair", "success", {"service_type": "Repair", "date": "2026-11-23"}),
			case("alias_and_today_after_now", "success", {"service_type": "consult", "date": "2026-11-20"}),
			case("saturday_installation", "success", {"service_type": "Installation", "date": "2026-11-21"}),
			case("closed_sunday", "success", {"service_type": "Repair", "date": "2026-11-22"}),
			case("past_date", "success", {"service_type": "Repair", "date": "2026-11-19"}),
			case("unknown_service", "error", {"service_type": "Haircut", "date": "2026-11-23"}),
			case("bad_date", "error", {"service_type": "Repair", "date": "23/11/2026"}),
			case("no_role", "error", {"service_type": "Repair", "date": "2026-11-23"}, user="no_role"),
		],
	),
	"business_workflows.api.appointment.book_appointment": (
		"POST",
		{
			"now": NOW,
			"next_names": {"Voice Appointment": "VAP-00001"},
			"bookings": [
				{"service": "Repair", "date": "2026-11-23", "time": "10:00", "duration_minutes": 60}
			],
		},
		[
			case("booked", "success", with_(BOOKING, appointment_time="11:00")),
			case(
				"repeat_returns_first_result",
				"idempotent_repeat",
				with_(BOOKING, appointment_time="11:00"),
				given={
					"now": NOW,
					"next_names": {"Voice Appointment": "VAP-00002"},
					"bookings": [
						{"service": "Repair", "date": "2026-11-23", "time": "11:00", "duration_minutes": 60}
					],
					"results_by_key": {"uv-call-2:5": None},
				},
			),
			case("slot_taken", "refusal", BOOKING),
			case("closed_day", "refusal", with_(BOOKING, appointment_date="2026-11-22")),
			case(
				"ends_after_closing",
				"refusal",
				with_(BOOKING, service_type="Installation", appointment_time="17:00"),
			),
			case("past_date", "refusal", with_(BOOKING, appointment_date="2026-11-19")),
			case("too_far_ahead", "refusal", with_(BOOKING, appointment_date="2027-01-05")),
			case("unknown_service", "refusal", with_(BOOKING, service_type="Haircut")),
			case("bad_time", "error", with_(BOOKING, appointment_time="3pm")),
			case("bad_email", "error", with_(BOOKING, email="sam at example")),
			case("no_role", "error", BOOKING, user="no_role"),
		],
	),
	"business_workflows.api.support.create_ticket": (
		"POST",
		{
			"now": NOW,
			"next_names": {"Voice Support Ticket": "VST-00012"},
			"staff_on_duty": ["ann@example.org", "bob@example.org"],
			"last_escalation_assignee": "ann@example.org",
		},
		[
			case("high_is_assigned", "success", TICKET),
			case(
				"low_is_queued",
				"success",
				with_(
					TICKET,
					idempotency_key="uv-call-3:3",
					priority="Low",
					category="Billing",
					issue_description="Question about my last invoice",
				),
			),
			case(
				"defaults_medium_general",
				"success",
				with_(TICKET, idempotency_key="uv-call-3:4", priority=None, category=None),
			),
			case(
				"repeat_returns_first_result",
				"idempotent_repeat",
				TICKET,
				given={
					"now": NOW,
					"next_names": {"Voice Support Ticket": "VST-00013"},
					"staff_on_duty": ["ann@example.org", "bob@example.org"],
					"last_escalation_assignee": "bob@example.org",
					"results_by_key": {"uv-call-3:2": None},
				},
			),
			case("bad_priority", "error", with_(TICKET, priority="Urgent")),
			case("missing_description", "error", with_(TICKET, issue_description="")),
			case("no_role", "error", TICKET, user="no_role"),
		],
	),
}


def build(method):
	http_method, given, cases = METHODS[method]
	out = []
	for item in cases:
		case_given = json.loads(json.dumps(item.get("given") or given))
		# An idempotent repeat replays the first call's stored result: compute it from the base state.
		for key in list(case_given.get("results_by_key", {})):
			_, first = respond(method, given, item["request"], "integration")
			case_given["results_by_key"][key] = first["message"]
		status, body = respond(method, case_given, item["request"], item["user"])
		entry = {k: item[k] for k in ("name", "kind", "user", "request")}
		if item.get("given"):
			entry["given"] = case_given
		entry.update({"status": status, "response": body})
		out.append(entry)
	return {"method": method, "http_method": http_method, "note": NOTE, "given": given, "cases": out}


def write_all():
	FIXTURES.mkdir(exist_ok=True)
	for method in METHODS:
		path = FIXTURES / f"{method}.json"
		path.write_text(json.dumps(build(method), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
	print(f"wrote {len(METHODS)} fixtures to {FIXTURES}")


if __name__ == "__main__":
	write_all()
