"""Scheduled jobs: aggregate each day's sessions into one Voice Analytics record."""

import datetime as dt

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from voice_agent.rules import analytics

ANALYTICS = "Voice Analytics"
SESSION_FIELDS = ["status", "session_type", "duration_seconds", "business_outcome", "sentiment"]


def aggregate_recent_days() -> None:
	for day in (add_days(today(), -1), today()):
		aggregate_day(getdate(day))


def aggregate_today() -> None:
	aggregate_day(getdate(today()))


def aggregate_day(day: dt.date) -> str:
	"""Creates or overwrites the record of `day`; running it again gives the same record."""
	sessions = frappe.get_all("Voice Session", filters={"call_date": day}, fields=["name", *SESSION_FIELDS])
	names = [row["name"] for row in sessions]
	interactions = (
		frappe.get_all("Voice Interaction", filters={"session": ["in", names]}, fields=["success"])
		if names
		else []
	)
	figures = analytics.aggregate_day(day, sessions, interactions)
	values = {
		"total_calls": figures["total_calls"],
		"queued_calls": figures["queued_calls"],
		"active_calls": figures["active_calls"],
		"completed_calls": figures["completed_calls"],
		"failed_calls": figures["failed_calls"],
		"avg_duration_seconds": figures["avg_duration_seconds"],
		"restaurant_calls": figures["calls_by_type"]["Restaurant"],
		"appointment_calls": figures["calls_by_type"]["Appointment"],
		"support_calls": figures["calls_by_type"]["Support"],
		"general_calls": figures["calls_by_type"]["General"],
		"calls_by_outcome": frappe.as_json(figures["calls_by_outcome"]),
		"tool_calls": figures["tool_calls"],
		"tool_successes": figures["tool_successes"],
		"tool_success_rate": figures["tool_success_rate"],
		"positive_calls": figures["sentiment"]["Positive"],
		"neutral_calls": figures["sentiment"]["Neutral"],
		"negative_calls": figures["sentiment"]["Negative"],
		"last_aggregated_at": now_datetime(),
	}
	name = frappe.db.get_value(ANALYTICS, {"analytics_date": day}, "name")
	doc = frappe.get_doc(ANALYTICS, name) if name else frappe.new_doc(ANALYTICS)
	doc.update({"analytics_date": day, **values})
	doc.save(ignore_permissions=True)
	return doc.name
