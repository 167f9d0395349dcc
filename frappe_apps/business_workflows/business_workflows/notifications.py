"""Staff changes → session manager webhook, desk realtime refresh, confirmation e-mail, ERPNext mirror.

Hooked in hooks.py `doc_events`. Webhooks are queued by voice_agent and sent by a
background job after commit; nothing here may fail the save that triggered it.
"""

import frappe
from voice_agent.integrations.session_manager import queue_event

from business_workflows.rules import events

SETTINGS = "Business Workflow Settings"


def _notify_enabled() -> bool:
	return bool(frappe.db.get_single_value(SETTINGS, "notify_session_manager"))


def _safely(label: str, action, *args) -> None:
	try:
		action(*args)
	except Exception:
		frappe.log_error(title=f"business_workflows: {label} failed")


def on_order_update(doc, method=None) -> None:
	previous = doc.flags.get("previous_status")
	frappe.publish_realtime(
		"voice_order_update",
		{"order_id": doc.name, "status": doc.status},
		doctype=doc.doctype,
		after_commit=True,
	)
	if previous and _notify_enabled():
		_safely(
			"order webhook",
			queue_event,
			"order.status_changed",
			doc.doctype,
			doc.name,
			events.order_event(doc.as_dict(), previous),
		)
	_safely("sales order mirror", mirror, "order", doc)


def on_appointment_update(doc, method=None) -> None:
	frappe.publish_realtime(
		"voice_appointment_update",
		{"appointment_id": doc.name, "status": doc.status},
		doctype=doc.doctype,
		after_commit=True,
	)
	if doc.flags.in_insert:
		_safely("confirmation e-mail", send_confirmation, doc)
	elif _notify_enabled():
		_safely(
			"appointment webhook",
			queue_event,
			"appointment.updated",
			doc.doctype,
			doc.name,
			events.appointment_event(doc.as_dict()),
		)


def on_ticket_update(doc, method=None) -> None:
	frappe.publish_realtime(
		"voice_ticket_update",
		{"ticket_id": doc.name, "status": doc.status},
		doctype=doc.doctype,
		after_commit=True,
	)
	if not doc.flags.in_insert and _notify_enabled():
		_safely(
			"ticket webhook",
			queue_event,
			"ticket.updated",
			doc.doctype,
			doc.name,
			events.ticket_event(doc.as_dict()),
		)
	_safely("issue mirror", mirror, "ticket", doc)


def send_confirmation(doc) -> None:
	"""Queues the booking confirmation (Frappe's e-mail queue); a failure is logged, never raised."""
	if not doc.email or not frappe.db.get_single_value(SETTINGS, "send_confirmation_emails"):
		return
	company = frappe.db.get_single_value("Voice Agent Settings", "company_name") or ""
	frappe.sendmail(
		recipients=[doc.email],
		subject=f"Your {doc.service} appointment {doc.name}",
		message=frappe.render_template(
			"business_workflows/templates/emails/booking_confirmation.html", {"doc": doc, "company": company}
		),
		reference_doctype=doc.doctype,
		reference_name=doc.name,
		delayed=True,
	)
	doc.db_set("confirmation_sent", 1, update_modified=False)


def mirror(kind: str, doc) -> None:
	if (
		not frappe.db.get_single_value(SETTINGS, "mirror_to_erpnext")
		or "erpnext" not in frappe.get_installed_apps()
	):
		return
	from business_workflows.integrations import erpnext_mirror

	if kind == "order" and doc.flags.in_insert:
		erpnext_mirror.mirror_order(doc)
	if kind == "ticket" and doc.flags.in_insert:
		erpnext_mirror.mirror_ticket(doc)
