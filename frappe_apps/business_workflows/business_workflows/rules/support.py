"""Support tickets: priorities, categories, response times and round-robin assignment.

The response time comes from the catalog's table for the priority. Tickets of an
escalated priority (High, Critical in the demo) are assigned at once, round-robin
over the staff on duty in their listed order: the person after the one who got the
previous escalated ticket. Other tickets wait in the queue unassigned.
"""

from typing import Any

from voice_agent.rules import validation as v

from business_workflows.rules.catalog import Catalog

TICKET_STATUSES = ("Open", "In Progress", "Waiting for Customer", "Resolved", "Closed")
OPEN_TICKET_STATUSES = ("Open", "In Progress", "Waiting for Customer")


def clean_ticket_args(catalog: Catalog, args: dict[str, Any]) -> dict[str, Any]:
	return {
		"idempotency_key": v.idempotency_key(args.get("idempotency_key")),
		"session_id": v.text(args.get("session_id"), "session_id"),
		"customer_name": v.text(args.get("customer_name"), "customer_name", required=True),
		"phone": v.phone(args.get("phone"), "phone"),
		"email": v.email(args.get("email"), "email"),
		"issue_description": v.text(
			args.get("issue_description"), "issue_description", required=True, max_length=10_000
		),
		"priority": v.choice(args.get("priority"), "priority", catalog.priorities, default="Medium"),
		"category": v.choice(args.get("category"), "category", catalog.categories, default="General"),
	}


def response_time(catalog: Catalog, priority: str) -> str:
	return catalog.response_times[priority]


def needs_assignment(catalog: Catalog, priority: str) -> bool:
	return priority in catalog.escalate_priorities


def pick_assignee(staff_on_duty: list[str], last_assigned: str | None) -> str | None:
	"""The next person after `last_assigned` in the duty list, wrapping round; None when nobody is on duty."""
	if not staff_on_duty:
		return None
	if last_assigned in staff_on_duty:
		return staff_on_duty[(staff_on_duty.index(last_assigned) + 1) % len(staff_on_duty)]
	return staff_on_duty[0]


def ticket_reference(ticket_id: str) -> str:
	"""The short reference read to the caller: "VST-00042" → "TKT-00042"."""
	_, _, number = ticket_id.rpartition("-")
	return f"TKT-{number or ticket_id}"


def ticket_result(
	catalog: Catalog, ticket_id: str, priority: str, category: str, assigned_to: str | None
) -> dict[str, Any]:
	"""The success result of `create_ticket`."""
	reference = ticket_reference(ticket_id)
	wait = response_time(catalog, priority)
	message = (
		f"Thank you. Your ticket {reference} has been logged as {priority} priority under {category}. "
		f"Our team will respond within {wait}."
	)
	if assigned_to:
		message += " It has been passed straight to a member of our support team."
	return {
		"status": "success",
		"ticket_id": ticket_id,
		"ticket_reference": reference,
		"priority": priority,
		"category": category,
		"response_time": wait,
		"assigned_to": assigned_to,
		"message": message,
	}
