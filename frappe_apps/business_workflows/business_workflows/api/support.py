"""Support tickets: priority, response time and round-robin assignment of escalated tickets."""

import frappe
from voice_agent.permissions import require_integration_role
from voice_agent.utils import checked

from business_workflows.api.customers import touch_profile
from business_workflows.rules import support
from business_workflows.setup.catalog import SETTINGS, site_catalog

TICKET = "Voice Support Ticket"


@frappe.whitelist(methods=["POST"])
def create_ticket(
	idempotency_key: str | None = None,
	session_id: str | None = None,
	customer_name: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	issue_description: str | None = None,
	priority: str | None = None,
	category: str | None = None,
) -> dict:
	require_integration_role()
	catalog = site_catalog()
	clean = checked(support.clean_ticket_args, catalog, dict(locals()))
	existing = frappe.db.get_value(TICKET, {"idempotency_key": clean["idempotency_key"]}, "name")
	if existing:
		doc = frappe.get_doc(TICKET, existing)
		return support.ticket_result(catalog, doc.name, doc.priority, doc.category, doc.assigned_to or None)
	assignee = next_assignee(catalog, clean["priority"])
	doc = frappe.get_doc(
		{
			"doctype": TICKET,
			"idempotency_key": clean["idempotency_key"],
			"session_id": clean["session_id"],
			"customer_name": clean["customer_name"],
			"phone": clean["phone"],
			"email": clean["email"],
			"customer_profile": touch_profile(
				clean["phone"], clean["customer_name"], clean["email"], clean["session_id"]
			),
			"issue_description": clean["issue_description"],
			"priority": clean["priority"],
			"category": clean["category"],
			"response_time": support.response_time(catalog, clean["priority"]),
			"assigned_to": assignee,
			"status": "Open",
		}
	)
	doc.insert()
	return support.ticket_result(catalog, doc.name, doc.priority, doc.category, assignee)


def next_assignee(catalog, priority: str) -> str | None:
	if not support.needs_assignment(catalog, priority):
		return None
	settings = frappe.get_single(SETTINGS)
	on_duty = [row.user for row in settings.support_staff or [] if row.on_duty]
	assignee = support.pick_assignee(on_duty, settings.last_escalation_assignee)
	if assignee:
		frappe.db.set_single_value(SETTINGS, "last_escalation_assignee", assignee)
	return assignee
