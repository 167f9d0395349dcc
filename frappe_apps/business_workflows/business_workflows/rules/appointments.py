"""Booking an appointment: the decision (success, partial with alternatives, or error) and its result."""

import datetime as dt
from typing import Any

from voice_agent.rules import validation as v

from business_workflows.rules.availability import (
	Booking,
	alternatives,
	available_slots,
	unavailable_reason,
)
from business_workflows.rules.catalog import Catalog, Service
from business_workflows.rules.menu import match_service
from business_workflows.rules.money import spoken, wire
from business_workflows.rules.text import DAYS, hhmm, spoken_date, spoken_list

APPOINTMENT_STATUSES = ("Scheduled", "Confirmed", "Completed", "Cancelled", "No Show")
ACTIVE_STATUSES = ("Scheduled", "Confirmed")


def clean_booking_args(args: dict[str, Any]) -> dict[str, Any]:
	return {
		"idempotency_key": v.idempotency_key(args.get("idempotency_key")),
		"session_id": v.text(args.get("session_id"), "session_id"),
		"customer_name": v.text(args.get("customer_name"), "customer_name", required=True),
		"phone": v.phone(args.get("phone"), "phone", required=True),
		"email": v.email(args.get("email"), "email"),
		"service_type": v.text(args.get("service_type"), "service_type", required=True),
		"appointment_date": v.date(args.get("appointment_date"), "appointment_date"),
		"appointment_time": v.time_of_day(args.get("appointment_time"), "appointment_time"),
		"notes": v.text(args.get("notes"), "notes", max_length=2000),
	}


def clean_availability_args(catalog: Catalog, args: dict[str, Any]) -> tuple[Service, dt.date]:
	asked = v.text(args.get("service_type"), "service_type", required=True)
	service = match_service(asked, catalog.services)
	if service is None:
		offered = ", ".join(service.service_name for service in catalog.services)
		raise v.ArgumentError("service_type", f"unknown service '{asked}' (offered: {offered})")
	return service, v.date(args.get("date"), "date")


def availability_result(
	catalog: Catalog, service: Service, day: dt.date, bookings: list[Booking], now: dt.datetime
) -> dict[str, Any]:
	"""The result of `check_availability`."""
	return {
		"service_type": service.service_name,
		"date": day.isoformat(),
		"available_slots": [hhmm(slot) for slot in available_slots(catalog, service, day, bookings, now)],
	}


def decide_booking(
	catalog: Catalog,
	asked_service: str,
	day: dt.date,
	wanted: dt.time,
	bookings: list[Booking],
	now: dt.datetime,
) -> Service | dict[str, Any]:
	"""The service to book when the asked start is free, else the partial or error result."""
	service = match_service(asked_service, catalog.services)
	if service is None:
		offered = spoken_list([service.service_name for service in catalog.services])
		return error(f"Sorry, we don't offer {asked_service}. We can book {offered}.")
	if day < now.date():
		return error(f"Sorry, {spoken_date(day)} has already passed. Which day would you like instead?")
	if day > now.date() + dt.timedelta(days=catalog.booking_advance_days):
		return error(
			f"Sorry, we can only book up to {catalog.booking_advance_days} days ahead. "
			"Which earlier day would suit you?"
		)
	if wanted in available_slots(catalog, service, day, bookings, now):
		return service
	options = alternatives(catalog, service, day, wanted, bookings, now)
	reason = _reason_text(catalog, service, day, wanted, bookings, now)
	if not options:
		return error(
			f"{reason} There are no free {service.service_name} times in the next "
			f"{catalog.booking_advance_days} days."
		)
	offered = spoken_list([f"{spoken_date(d)} at {hhmm(t)}" for d, t in options])
	return {
		"status": "partial",
		"message": f"{reason} The nearest free times are {offered}. Which would you like?",
		"alternative_slots": [{"date": d.isoformat(), "time": hhmm(t)} for d, t in options],
	}


def booking_result(
	appointment_id: str, service: Service, day: dt.date, start: dt.time, currency: str
) -> dict:
	"""The success result of `book_appointment`."""
	return {
		"status": "success",
		"appointment_id": appointment_id,
		"service_type": service.service_name,
		"appointment_date": day.isoformat(),
		"appointment_time": hhmm(start),
		"duration_minutes": service.duration_minutes,
		"estimated_cost": wire(service.price),
		"message": (
			f"Your {service.service_name} is booked for {spoken_date(day)} at {hhmm(start)} "
			f"and takes about {service.duration_minutes} minutes. "
			f"The estimated cost is {spoken(service.price, currency)}. Your reference is {appointment_id}."
		),
	}


def error(message: str) -> dict[str, str]:
	return {"status": "error", "message": message}


def _reason_text(
	catalog: Catalog,
	service: Service,
	day: dt.date,
	wanted: dt.time,
	bookings: list[Booking],
	now: dt.datetime,
) -> str:
	reason = unavailable_reason(catalog, service, day, wanted, bookings, now)
	hours = catalog.hours_on(day)
	if reason == "closed":
		return f"Sorry, we are closed on {DAYS[day.weekday()]}s."
	if reason == "outside_hours":
		return f"Sorry, on {DAYS[day.weekday()]}s we are open from {hhmm(hours[0])} to {hhmm(hours[1])}."
	if reason == "ends_after_closing":
		return f"Sorry, {_article(service.service_name)} {service.service_name} at {hhmm(wanted)} would end after we close at {hhmm(hours[1])}."
	if reason == "off_grid":
		return f"Sorry, appointments start every {catalog.slot_minutes} minutes."
	if reason == "past":
		return f"Sorry, {hhmm(wanted)} today has already passed."
	return f"Sorry, {hhmm(wanted)} on {spoken_date(day)} is already taken."


def _article(noun: str) -> str:
	return "an" if noun[:1].lower() in "aeiou" else "a"
