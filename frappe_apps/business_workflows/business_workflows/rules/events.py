"""The `data` of each webhook event sent to the session manager when staff change a document.

The fields are those of the contract results, plus `session_id` and the status.
"""

import datetime as dt
from typing import Any

from business_workflows.rules.money import wire


def _iso(value: Any) -> str | None:
	if value is None or value == "":
		return None
	if isinstance(value, dt.datetime):
		return value.replace(microsecond=0).isoformat()
	return str(value)


def order_event(order: dict[str, Any], previous_status: str | None) -> dict[str, Any]:
	return {
		"session_id": order.get("session_id"),
		"order_id": order["name"],
		"status": order["status"],
		"previous_status": previous_status,
		"order_type": order.get("order_type"),
		"total_amount": wire(order.get("total_amount") or 0),
		"currency": order.get("currency"),
		"estimated_ready_at": _iso(order.get("estimated_ready_at")),
		"customer_name": order.get("customer_name"),
	}


def appointment_event(appointment: dict[str, Any]) -> dict[str, Any]:
	start = appointment.get("appointment_time")
	if isinstance(start, dt.timedelta):
		# MariaDB TIME columns come back as timedelta.
		start = (dt.datetime.min + start).time()
	return {
		"session_id": appointment.get("session_id"),
		"appointment_id": appointment["name"],
		"status": appointment["status"],
		"service_type": appointment.get("service"),
		"appointment_date": _iso(appointment.get("appointment_date")),
		"appointment_time": start.strftime("%H:%M")
		if isinstance(start, dt.time)
		else (str(start or "")[:5] or None),
		"duration_minutes": int(appointment.get("duration_minutes") or 0),
		"estimated_cost": wire(appointment.get("estimated_cost") or 0),
	}


def ticket_event(ticket: dict[str, Any]) -> dict[str, Any]:
	return {
		"session_id": ticket.get("session_id"),
		"ticket_id": ticket["name"],
		"ticket_reference": ticket.get("ticket_reference"),
		"status": ticket["status"],
		"priority": ticket.get("priority"),
		"category": ticket.get("category"),
		"response_time": ticket.get("response_time"),
		"assigned_to": ticket.get("assigned_to") or None,
	}
