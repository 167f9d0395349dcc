"""Builds the rules' `Catalog` from the site's DocTypes and settings."""

import datetime as dt

import frappe
from frappe.utils import get_time

from business_workflows.rules.catalog import WEEKDAYS, Catalog, MenuItem, Service
from business_workflows.rules.money import to_money
from business_workflows.rules.orders import ORDER_TYPES

SETTINGS = "Business Workflow Settings"
PRIORITIES = ("Low", "Medium", "High", "Critical")


def split_aliases(text: str | None) -> tuple[str, ...]:
	parts = (text or "").replace("\n", ",").split(",")
	return tuple(part.strip() for part in parts if part.strip())


def site_catalog() -> Catalog:
	settings = frappe.get_cached_doc(SETTINGS)
	company = frappe.db.get_single_value("Voice Agent Settings", "company_name") or ""
	menu = frappe.get_all(
		"Restaurant Menu Item",
		fields=["item_name", "category", "price", "preparation_minutes", "available", "aliases"],
		order_by="idx asc, creation asc",
	)
	services = frappe.get_all(
		"Appointment Service",
		filters={"active": 1},
		fields=["service_name", "duration_minutes", "price", "capacity", "aliases"],
		order_by="creation asc",
	)
	categories = frappe.get_all("Support Category", pluck="name", order_by="creation asc") or ["General"]
	return Catalog(
		company_name=company,
		currency=settings.currency or "GBP",
		timezone=frappe.db.get_single_value("System Settings", "time_zone") or "",
		business_hours=business_hours(settings),
		slot_minutes=int(settings.slot_minutes or 30),
		delivery_minutes=int(settings.delivery_minutes or 0),
		min_order_amount=to_money(settings.min_order_amount or 0),
		order_types=ORDER_TYPES,
		menu=tuple(
			MenuItem(
				item_name=row.item_name,
				category=row.category,
				price=to_money(str(row.price)),
				preparation_minutes=int(row.preparation_minutes or 0),
				aliases=split_aliases(row.aliases),
				available=bool(row.available),
			)
			for row in menu
		),
		booking_advance_days=int(settings.booking_advance_days or 0),
		services=tuple(
			Service(
				service_name=row.service_name,
				duration_minutes=int(row.duration_minutes),
				price=to_money(str(row.price or 0)),
				capacity=max(int(row.capacity or 1), 1),
				aliases=split_aliases(row.aliases),
			)
			for row in services
		),
		categories=tuple(categories),
		priorities=PRIORITIES,
		response_times={
			priority: settings.get(f"response_time_{priority.lower()}") or "" for priority in PRIORITIES
		},
		escalate_priorities=("High", "Critical"),
	)


def business_hours(settings) -> dict[str, tuple[dt.time, dt.time] | None]:
	hours: dict[str, tuple[dt.time, dt.time] | None] = dict.fromkeys(WEEKDAYS)
	for row in settings.business_hours or []:
		if not row.closed and row.opening_time and row.closing_time:
			hours[row.weekday.lower()] = (get_time(row.opening_time), get_time(row.closing_time))
	return hours
