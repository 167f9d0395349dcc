"""Appointments: availability and booking."""

import datetime as dt

import frappe
from frappe.utils import add_days, get_time, getdate, now_datetime
from voice_agent.permissions import require_integration_role
from voice_agent.utils import checked

from business_workflows.api.customers import touch_profile
from business_workflows.rules import appointments
from business_workflows.rules.availability import Booking
from business_workflows.setup.catalog import site_catalog

APPOINTMENT = "Voice Appointment"


def existing_bookings(
	service_name: str, now: dt.datetime, days: int, exclude: str | None = None
) -> list[Booking]:
	"""Active bookings of one service from yesterday to the end of the booking window."""
	rows = frappe.get_all(
		APPOINTMENT,
		filters={
			"service": service_name,
			"status": ["in", appointments.ACTIVE_STATUSES],
			"appointment_date": ["between", [add_days(now.date(), -1), add_days(now.date(), days + 1)]],
			"name": ["!=", exclude or ""],
		},
		fields=["appointment_date", "appointment_time", "duration_minutes"],
	)
	return [
		Booking(
			dt.datetime.combine(getdate(row.appointment_date), get_time(row.appointment_time)),
			int(row.duration_minutes or 0),
		)
		for row in rows
	]


@frappe.whitelist(methods=["GET", "POST"])
def check_availability(service_type: str | None = None, date: str | None = None) -> dict:
	require_integration_role()
	catalog = site_catalog()
	service, day = checked(
		appointments.clean_availability_args, catalog, {"service_type": service_type, "date": date}
	)
	now = now_datetime().replace(microsecond=0)
	bookings = existing_bookings(service.service_name, now, catalog.booking_advance_days)
	return appointments.availability_result(catalog, service, day, bookings, now)


@frappe.whitelist(methods=["POST"])
def book_appointment(
	idempotency_key: str | None = None,
	session_id: str | None = None,
	customer_name: str | None = None,
	phone: str | None = None,
	email: str | None = None,
	service_type: str | None = None,
	appointment_date: str | None = None,
	appointment_time: str | None = None,
	notes: str | None = None,
) -> dict:
	require_integration_role()
	clean = checked(appointments.clean_booking_args, dict(locals()))
	catalog = site_catalog()
	existing = frappe.db.get_value(APPOINTMENT, {"idempotency_key": clean["idempotency_key"]}, "name")
	if existing:
		return stored_booking_result(catalog, frappe.get_doc(APPOINTMENT, existing))
	now = now_datetime().replace(microsecond=0)
	service = appointments.match_service(clean["service_type"], catalog.services)
	bookings = existing_bookings(service.service_name, now, catalog.booking_advance_days) if service else []
	decision = appointments.decide_booking(
		catalog, clean["service_type"], clean["appointment_date"], clean["appointment_time"], bookings, now
	)
	if isinstance(decision, dict):
		return decision
	doc = frappe.get_doc(
		{
			"doctype": APPOINTMENT,
			"idempotency_key": clean["idempotency_key"],
			"session_id": clean["session_id"],
			"customer_name": clean["customer_name"],
			"phone": clean["phone"],
			"email": clean["email"],
			"customer_profile": touch_profile(
				clean["phone"], clean["customer_name"], clean["email"], clean["session_id"]
			),
			"service": decision.service_name,
			"appointment_date": clean["appointment_date"],
			"appointment_time": clean["appointment_time"].strftime("%H:%M:%S"),
			"duration_minutes": decision.duration_minutes,
			"estimated_cost": str(decision.price),
			"status": "Scheduled",
			"notes": clean["notes"],
		}
	)
	doc.insert()
	return appointments.booking_result(
		doc.name, decision, clean["appointment_date"], clean["appointment_time"], catalog.currency
	)


def stored_booking_result(catalog, doc) -> dict:
	service = next((s for s in catalog.services if s.service_name == doc.service), None)
	if service is None:
		from business_workflows.rules.catalog import Service
		from business_workflows.rules.money import to_money

		service = Service(
			doc.service, int(doc.duration_minutes or 0), to_money(str(doc.estimated_cost or 0)), 1
		)
	start = get_time(doc.appointment_time)
	return appointments.booking_result(
		doc.name, service, getdate(doc.appointment_date), start, catalog.currency
	)
