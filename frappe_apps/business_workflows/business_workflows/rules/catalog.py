"""The business catalog: menu, services, hours and ticket rules, as plain values.

`Catalog.from_dict` reads the shape of `data/catalog.json` (the demo business,
a verbatim copy of the shared demo data). The Frappe layer builds the same
object from the site's DocTypes, so every rule sees one shape.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from business_workflows.rules.money import to_money

DEMO_CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog.json"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class MenuItem:
	item_name: str
	category: str
	price: Decimal
	preparation_minutes: int
	aliases: tuple[str, ...] = ()
	available: bool = True


@dataclass(frozen=True)
class Service:
	service_name: str
	duration_minutes: int
	price: Decimal
	capacity: int
	aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
	company_name: str
	currency: str
	timezone: str
	# Weekday name → (opening, closing), or None when closed.
	business_hours: dict[str, tuple[dt.time, dt.time] | None]
	slot_minutes: int
	delivery_minutes: int
	min_order_amount: Decimal
	order_types: tuple[str, ...]
	menu: tuple[MenuItem, ...]
	booking_advance_days: int
	services: tuple[Service, ...]
	categories: tuple[str, ...]
	priorities: tuple[str, ...]
	response_times: dict[str, str]
	escalate_priorities: tuple[str, ...] = field(default=("High", "Critical"))

	@classmethod
	def from_dict(cls, data: dict[str, Any]) -> "Catalog":
		restaurant, appointments, support = data["restaurant"], data["appointments"], data["support"]
		return cls(
			company_name=data["company_name"],
			currency=data["currency"],
			timezone=data.get("timezone", ""),
			business_hours={day: _hours(data["business_hours"].get(day)) for day in WEEKDAYS},
			slot_minutes=int(data["slot_minutes"]),
			delivery_minutes=int(restaurant["delivery_minutes"]),
			min_order_amount=to_money(restaurant["min_order_amount"]),
			order_types=tuple(restaurant["order_types"]),
			menu=tuple(
				MenuItem(
					item_name=item["item_name"],
					category=item["category"],
					price=to_money(item["price"]),
					preparation_minutes=int(item["preparation_minutes"]),
					aliases=tuple(item.get("aliases") or ()),
					available=bool(item.get("available", True)),
				)
				for item in restaurant["menu"]
			),
			booking_advance_days=int(appointments["booking_advance_days"]),
			services=tuple(
				Service(
					service_name=service["service_name"],
					duration_minutes=int(service["duration_minutes"]),
					price=to_money(service["price"]),
					capacity=int(service["capacity"]),
					aliases=tuple(service.get("aliases") or ()),
				)
				for service in appointments["services"]
			),
			categories=tuple(support["categories"]),
			priorities=tuple(support["priorities"]),
			response_times=dict(support["response_times"]),
			escalate_priorities=tuple(support.get("escalate_priorities") or ("High", "Critical")),
		)

	def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
		return self.business_hours.get(WEEKDAYS[day.weekday()])


def load_demo_catalog_data() -> dict[str, Any]:
	# parse_float=Decimal keeps prices such as 1.80 exact from the file onwards.
	return json.loads(DEMO_CATALOG_PATH.read_text(encoding="utf-8"), parse_float=Decimal)


def demo_catalog() -> Catalog:
	return Catalog.from_dict(load_demo_catalog_data())


def parse_hhmm(text: str) -> dt.time:
	hours, minutes = text.split(":")
	return dt.time(int(hours), int(minutes))


def _hours(pair: Any) -> tuple[dt.time, dt.time] | None:
	if not pair:
		return None
	opening, closing = (parse_hhmm(value) if isinstance(value, str) else value for value in pair)
	if closing <= opening:
		raise ValueError(f"closing time {closing} is not after opening time {opening}")
	return opening, closing
