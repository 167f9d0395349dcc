"""A frappe-free stand-in for every contract method, built from the same pure rules.

`respond(method, given, request, user)` returns `(http_status, body)` exactly as the
apps answer over `/api/method/<method>`; `given` describes the site's state (the
current time, documents already stored, the next document names). The Frappe API
modules call the same rule functions in the same order, so the contract fixtures
checked against this stand-in describe the apps.
"""

import datetime as dt
from typing import Any

from business_workflows.rules import appointments, orders, support
from business_workflows.rules.availability import Booking
from business_workflows.rules.catalog import demo_catalog
from business_workflows.rules.config import config_extras
from business_workflows.rules.money import wire
from voice_agent.rules import analytics, config, envelope, sessions
from voice_agent.rules import validation as v

PERMISSION_MESSAGE = "not permitted: this method needs the Voice Agent Integration role"


class NotFound(Exception):
	pass


def respond(method: str, given: dict[str, Any], request: dict[str, Any], user: str = "integration"):
	app = method.split(".")[0]
	if user != "integration":
		return 403, envelope.error(
			"PermissionError", PERMISSION_MESSAGE, title="Not Permitted", app="voice_agent"
		)
	try:
		return 200, envelope.success(HANDLERS[method](given, dict(request)))
	except v.ArgumentError as error:
		return 417, envelope.error("ValidationError", str(error), app=app)
	except NotFound as error:
		return 404, envelope.error("DoesNotExistError", str(error), app=app)


def _now(given):
	return dt.datetime.fromisoformat(given["now"])


# voice_agent


def upsert_session(given, request):
	clean = sessions.clean_session_args(request)
	existing = given.get("sessions", {}).get(clean["session_id"])
	changes = sessions.merge_session(existing, clean)
	status = changes.get("status") or existing["status"]
	return sessions.session_result(clean["session_id"], clean["session_id"], status)


def append_transcript(given, request):
	session_id = v.text(request.get("session_id"), "session_id", required=True)
	lines = sessions.clean_messages(request.get("messages"))
	stored = set(given.get("stored_ordinals", {}).get(session_id, []))
	return {"session_id": session_id, "stored": len(sessions.select_new_messages(stored, lines))}


def log_interaction(given, request):
	clean = sessions.clean_interaction(request)
	existing = given.get("interactions", {}).get(clean["idempotency_key"])
	return {"name": existing or given["next_names"]["Voice Interaction"]}


def get_business_config(given, request):
	kind = config.clean_business_type(request.get("business_type"))
	return config.business_config(given["settings"], config_extras(demo_catalog(), kind))


def get_dashboard_data(given, request):
	day = v.date(request.get("date"), "date", required=False) or _now(given).date()
	rows = [row for row in given.get("sessions", []) if row["call_date"] == day.isoformat()]
	return analytics.dashboard(day, rows, given.get("business_stats", {}).get(day.isoformat()))


# business_workflows


def get_menu(given, request):
	catalog = demo_catalog()
	category = v.text(request.get("category"), "category")
	items = [item for item in catalog.menu if not category or item.category.lower() == category.lower()]
	return {
		"currency": catalog.currency,
		"items": [
			{
				"item_name": item.item_name,
				"category": item.category,
				"price": wire(item.price),
				"preparation_minutes": item.preparation_minutes,
				"available": item.available,
				"aliases": list(item.aliases),
			}
			for item in items
		],
	}


def place_order(given, request):
	catalog = demo_catalog()
	clean = orders.clean_order_args(request)
	previous = given.get("results_by_key", {}).get(clean["idempotency_key"])
	if previous:
		return previous
	quote = orders.quote_order(catalog, clean["items"], clean["order_type"])
	if isinstance(quote, dict):
		return quote
	return orders.order_result(
		catalog, given["next_names"]["Voice Restaurant Order"], quote, clean["order_type"], _now(given)
	)


def get_order_status(given, request):
	order_id = v.text(request.get("order_id"), "order_id")
	phone = v.phone(request.get("phone"), "phone")
	if not order_id and not phone:
		raise v.ArgumentError("order_id", "is required (or phone)")
	stored = given.get("orders", [])
	if order_id:
		found = [order for order in stored if order["name"] == order_id]
		if not found:
			raise NotFound(f"order_id: no order {order_id}")
	else:
		found = sorted(
			(o for o in stored if o["phone"] == phone), key=lambda o: o["order_time"], reverse=True
		)
		if not found:
			raise NotFound(f"phone: no order for {phone}")
	order = found[0]
	ready = (
		dt.datetime.fromisoformat(order["estimated_ready_at"]) if order.get("estimated_ready_at") else None
	)
	return orders.status_result(order["name"], order["status"], ready)


def update_order_status(given, request):
	clean = orders.clean_status_update(request)
	previous = given.get("status_changes_by_key", {}).get(clean["idempotency_key"])
	if previous:
		return previous
	order = next((o for o in given.get("orders", []) if o["name"] == clean["order_id"]), None)
	if order is None:
		raise NotFound(f"order_id: no order {clean['order_id']}")
	orders.check_transition(order["name"], order["status"], clean["status"])
	return {"order_id": order["name"], "status": clean["status"]}


def _bookings(given, service_name):
	return [
		Booking(dt.datetime.fromisoformat(f"{b['date']}T{b['time']}:00"), b["duration_minutes"])
		for b in given.get("bookings", [])
		if b["service"] == service_name
	]


def check_availability(given, request):
	catalog = demo_catalog()
	service, day = appointments.clean_availability_args(catalog, request)
	return appointments.availability_result(
		catalog, service, day, _bookings(given, service.service_name), _now(given)
	)


def book_appointment(given, request):
	catalog = demo_catalog()
	clean = appointments.clean_booking_args(request)
	previous = given.get("results_by_key", {}).get(clean["idempotency_key"])
	if previous:
		return previous
	service = appointments.match_service(clean["service_type"], catalog.services)
	bookings = _bookings(given, service.service_name) if service else []
	decision = appointments.decide_booking(
		catalog,
		clean["service_type"],
		clean["appointment_date"],
		clean["appointment_time"],
		bookings,
		_now(given),
	)
	if isinstance(decision, dict):
		return decision
	return appointments.booking_result(
		given["next_names"]["Voice Appointment"],
		decision,
		clean["appointment_date"],
		clean["appointment_time"],
		catalog.currency,
	)


def create_ticket(given, request):
	catalog = demo_catalog()
	clean = support.clean_ticket_args(catalog, request)
	previous = given.get("results_by_key", {}).get(clean["idempotency_key"])
	if previous:
		return previous
	assignee = None
	if support.needs_assignment(catalog, clean["priority"]):
		assignee = support.pick_assignee(
			given.get("staff_on_duty", []), given.get("last_escalation_assignee")
		)
	return support.ticket_result(
		catalog, given["next_names"]["Voice Support Ticket"], clean["priority"], clean["category"], assignee
	)


HANDLERS = {
	"voice_agent.api.session.upsert_session": upsert_session,
	"voice_agent.api.session.append_transcript": append_transcript,
	"voice_agent.api.session.log_interaction": log_interaction,
	"voice_agent.api.settings.get_business_config": get_business_config,
	"voice_agent.api.analytics.get_dashboard_data": get_dashboard_data,
	"business_workflows.api.restaurant.get_menu": get_menu,
	"business_workflows.api.restaurant.place_order": place_order,
	"business_workflows.api.restaurant.get_order_status": get_order_status,
	"business_workflows.api.restaurant.update_order_status": update_order_status,
	"business_workflows.api.appointment.check_availability": check_availability,
	"business_workflows.api.appointment.book_appointment": book_appointment,
	"business_workflows.api.support.create_ticket": create_ticket,
}
