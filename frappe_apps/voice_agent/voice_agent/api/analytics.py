"""Dashboard figures for one day: calls from the sessions, business figures from the business app."""

import frappe
from frappe.utils import getdate, today

from voice_agent.permissions import require_integration_role
from voice_agent.rules import analytics
from voice_agent.rules import validation as v
from voice_agent.utils import checked, hook_value

SESSION_FIELDS = ["status", "session_type", "duration_seconds", "business_outcome", "sentiment"]


@frappe.whitelist(methods=["GET", "POST"])
def get_dashboard_data(date: str | None = None) -> dict:
	require_integration_role()
	day = checked(v.date, date, "date", required=False) or getdate(today())
	return dashboard_for(day)


def dashboard_for(day) -> dict:
	rows = frappe.get_all("Voice Session", filters={"call_date": day}, fields=SESSION_FIELDS)
	stats_method = hook_value("voice_agent_dashboard_stats")
	business = frappe.get_attr(stats_method)(day) if stats_method else None
	return analytics.dashboard(day, rows, business)
