import datetime as dt

import pytest
from voice_agent.rules import analytics, sessions
from voice_agent.rules import validation as v


def test_session_args_are_checked_and_case_insensitive():
	clean = sessions.clean_session_args(
		{"session_id": "s-1", "status": "active", "channel": "phone", "session_type": "restaurant"}
	)
	assert clean == {
		"session_id": "s-1",
		"status": "Active",
		"channel": "Phone",
		"session_type": "Restaurant",
	}


@pytest.mark.parametrize(
	("field", "value"),
	[
		("session_id", ""),
		("status", "Ready"),
		("channel", "Fax"),
		("start_time", "2026-11-20T12:00:00Z"),
		("duration_seconds", -5),
		("customer_phone", "none"),
	],
)
def test_session_bad_arguments_name_the_field(field, value):
	args = {"session_id": "s-1", field: value}
	with pytest.raises(v.ArgumentError) as err:
		sessions.clean_session_args(args)
	assert err.value.field == field


def test_reference_fields_come_in_pairs():
	with pytest.raises(v.ArgumentError) as err:
		sessions.clean_session_args({"session_id": "s", "reference_doctype": "Voice Restaurant Order"})
	assert err.value.field == "reference_name"


def test_end_before_start_is_refused():
	with pytest.raises(v.ArgumentError) as err:
		sessions.clean_session_args(
			{"session_id": "s", "start_time": "2026-11-20T12:00:00", "end_time": "2026-11-20T11:00:00"}
		)
	assert err.value.field == "end_time"


def test_merge_keeps_final_status_and_computes_duration():
	new = sessions.merge_session(None, {"session_id": "s"})
	assert new["status"] == "Queued" and new["session_type"] == "General" and new["channel"] == "Web"
	existing = {"status": "Completed", "start_time": dt.datetime(2026, 11, 20, 12, 0)}
	changes = sessions.merge_session(
		existing, {"status": "Active", "end_time": dt.datetime(2026, 11, 20, 12, 3, 5)}
	)
	assert "status" not in changes
	assert changes["duration_seconds"] == 185
	assert sessions.merge_session({"status": "Active"}, {"status": "Failed"})["status"] == "Failed"
	assert sessions.merge_session({"status": "Failed"}, {"status": "Completed"})["status"] == "Completed"


def test_transcript_lines_are_checked_and_deduplicated():
	messages = sessions.clean_messages(
		[
			{"ordinal": 2, "speaker": "agent", "text": "Hello"},
			{
				"ordinal": 1,
				"speaker": "USER",
				"text": "Hi",
				"medium": "text",
				"timestamp": "2026-11-20T12:00:01",
			},
			{"ordinal": 1, "speaker": "user", "text": "dup"},
			{"ordinal": 0, "speaker": "user", "text": "stored already"},
		]
	)
	fresh = sessions.select_new_messages({0}, messages)
	assert [(m["ordinal"], m["text"]) for m in fresh] == [(1, "Hi"), (2, "Hello")]
	assert fresh[0]["speaker"] == "user" and fresh[0]["medium"] == "text"
	assert fresh[1]["medium"] == "voice"
	assert sessions.render_transcript(fresh) == "Caller: Hi\nAgent: Hello"
	assert sessions.transcript_key("s-1", 3) == "s-1:3"


@pytest.mark.parametrize(
	("messages", "field"),
	[
		([{"speaker": "user", "text": "x"}], "messages[0].ordinal"),
		([{"ordinal": 0, "speaker": "bot", "text": "x"}], "messages[0].speaker"),
		([{"ordinal": 0, "speaker": "user", "text": ""}], "messages[0].text"),
		([{"ordinal": 0, "speaker": "user", "text": "x", "medium": "video"}], "messages[0].medium"),
		("nope", "messages"),
		([], "messages"),
	],
)
def test_transcript_bad_lines_name_the_field(messages, field):
	with pytest.raises(v.ArgumentError) as err:
		sessions.clean_messages(messages)
	assert err.value.field == field


def test_interaction_args():
	clean = sessions.clean_interaction(
		{
			"idempotency_key": "call:3",
			"session_id": "s",
			"tool_name": "placeOrder",
			"request": '{"items": []}',
			"response": {"status": "success"},
			"success": "true",
			"duration_ms": "120",
		}
	)
	assert clean["request"] == {"items": []} and clean["success"] is True and clean["duration_ms"] == 120
	with pytest.raises(v.ArgumentError) as err:
		sessions.clean_interaction(
			{"idempotency_key": "k", "session_id": "s", "tool_name": "t", "request": "[1]"}
		)
	assert err.value.field == "request"


def test_day_aggregate():
	rows = [
		{
			"status": "Completed",
			"session_type": "Restaurant",
			"duration_seconds": 100,
			"business_outcome": "Order Placed",
			"sentiment": "Positive",
		},
		{
			"status": "Completed",
			"session_type": "Support",
			"duration_seconds": 201,
			"business_outcome": "Ticket Created",
		},
		{"status": "Failed", "session_type": "Restaurant", "duration_seconds": 0},
		{"status": "Active", "session_type": None},
	]
	interactions = [{"success": 1}, {"success": 0}, {"success": 1}]
	day = analytics.aggregate_day(dt.date(2026, 11, 20), rows, interactions)
	assert day["total_calls"] == 4 and day["completed_calls"] == 2 and day["failed_calls"] == 1
	assert day["active_calls"] == 1
	assert day["avg_duration_seconds"] == 151  # (100 + 201) / 2 = 150.5, rounded half up
	assert day["calls_by_type"] == {"Restaurant": 2, "Appointment": 0, "Support": 1, "General": 1}
	assert day["calls_by_outcome"] == {"None": 2, "Order Placed": 1, "Ticket Created": 1}
	assert day["tool_success_rate"] == 66.67
	assert day["sentiment"] == {"Positive": 1, "Neutral": 0, "Negative": 0}
	assert analytics.aggregate_day(dt.date(2026, 11, 20), [], [])["tool_success_rate"] == 0.0


def test_dashboard_shape_with_and_without_business_stats():
	empty = analytics.dashboard(dt.date(2026, 11, 20), [])
	assert empty == {
		"date": "2026-11-20",
		"total_calls": 0,
		"active_calls": 0,
		"completed_calls": 0,
		"failed_calls": 0,
		"avg_duration_seconds": 0,
		"by_type": {"Restaurant": 0, "Appointment": 0, "Support": 0, "General": 0},
		"orders": 0,
		"revenue": "0.00",
		"bookings": 0,
		"tickets_by_priority": {"Low": 0, "Medium": 0, "High": 0, "Critical": 0},
	}
	full = analytics.dashboard(
		dt.date(2026, 11, 20), [], {"orders": 2, "revenue": "31.50", "tickets_by_priority": {"High": 1}}
	)
	assert full["revenue"] == "31.50" and full["tickets_by_priority"]["High"] == 1
	assert full["tickets_by_priority"]["Low"] == 0
