# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

"""Calls per day and session type, with completed/failed counts and average duration."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from voice_agent.rules.sessions import SESSION_TYPES


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	to_date = getdate(filters.get("to_date") or today())
	from_date = getdate(filters.get("from_date") or add_days(to_date, -29))
	return columns(), data(from_date, to_date, filters.get("session_type"))


def columns() -> list[dict]:
	return [
		{"fieldname": "call_date", "label": _("Date"), "fieldtype": "Date", "width": 110},
		{"fieldname": "session_type", "label": _("Type"), "fieldtype": "Data", "width": 120},
		{"fieldname": "total_calls", "label": _("Calls"), "fieldtype": "Int", "width": 90},
		{"fieldname": "completed_calls", "label": _("Completed"), "fieldtype": "Int", "width": 100},
		{"fieldname": "failed_calls", "label": _("Failed"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "avg_duration_seconds",
			"label": _("Avg Duration (s)"),
			"fieldtype": "Int",
			"width": 130,
		},
	]


def data(from_date, to_date, session_type: str | None) -> list[dict]:
	filters = {"call_date": ["between", [from_date, to_date]]}
	if session_type in SESSION_TYPES:
		filters["session_type"] = session_type
	rows = frappe.get_all(
		"Voice Session", filters=filters, fields=["call_date", "session_type", "status", "duration_seconds"]
	)
	groups: dict[tuple, dict] = {}
	for row in rows:
		key = (row.call_date, row.session_type or "General")
		group = groups.setdefault(
			key,
			{
				"call_date": key[0],
				"session_type": key[1],
				"total_calls": 0,
				"completed_calls": 0,
				"failed_calls": 0,
				"durations": [],
			},
		)
		group["total_calls"] += 1
		group["completed_calls"] += row.status == "Completed"
		group["failed_calls"] += row.status == "Failed"
		if row.duration_seconds:
			group["durations"].append(row.duration_seconds)
	result = []
	for key in sorted(groups, reverse=True):
		group = groups[key]
		durations = group.pop("durations")
		group["avg_duration_seconds"] = round(sum(durations) / len(durations)) if durations else 0
		result.append(group)
	return result
