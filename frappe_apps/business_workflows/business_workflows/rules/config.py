"""The business part of `voice_agent.api.settings.get_business_config`, per business type."""

from typing import Any

from business_workflows.rules.catalog import WEEKDAYS, Catalog
from business_workflows.rules.money import wire
from business_workflows.rules.text import hhmm


def config_extras(catalog: Catalog, business_type: str) -> dict[str, Any]:
	if business_type == "restaurant":
		return {
			"delivery_minutes": catalog.delivery_minutes,
			"min_order_amount": wire(catalog.min_order_amount),
		}
	if business_type == "appointment":
		return {
			"booking_advance_days": catalog.booking_advance_days,
			"business_hours": business_hours(catalog),
		}
	if business_type == "support":
		return {"categories": list(catalog.categories), "response_times": dict(catalog.response_times)}
	return {}


def business_hours(catalog: Catalog) -> dict[str, list[str] | None]:
	"""`{"monday": ["09:00", "18:00"], ..., "sunday": None}` as in catalog.json."""
	result: dict[str, list[str] | None] = {}
	for day in WEEKDAYS:
		hours = catalog.business_hours.get(day)
		result[day] = [hhmm(hours[0]), hhmm(hours[1])] if hours else None
	return result
