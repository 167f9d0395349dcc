"""Restaurant orders: argument checks, pricing, refusals, results and the status flow.

Pricing is taken from the menu at order time (never from the caller), exactly in
Decimal. Checks, in order: arguments (a fault naming the field), then items not on
the menu or not available (a refusal listing them), then the minimum order amount
(a refusal stating the shortfall).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from voice_agent.rules import validation as v

from business_workflows.rules.catalog import Catalog, MenuItem
from business_workflows.rules.menu import match_menu_item
from business_workflows.rules.money import spoken, wire
from business_workflows.rules.text import spoken_list

ORDER_TYPES = ("Takeaway", "Delivery", "Dine-in")
ORDER_STATUSES = ("Pending", "Preparing", "Ready", "Completed", "Cancelled")
OPEN_STATUSES = ("Pending", "Preparing", "Ready")
TRANSITIONS = {
	"Pending": ("Preparing", "Cancelled"),
	"Preparing": ("Ready", "Cancelled"),
	"Ready": ("Completed", "Cancelled"),
	"Completed": (),
	"Cancelled": (),
}
MIN_QUANTITY, MAX_QUANTITY = 1, 50
MAX_LINES = 50


class IllegalTransition(v.ArgumentError):
	def __init__(self, order_id: str, current: str, wanted: str):
		super().__init__("status", f"cannot move order {order_id} from {current} to {wanted}")
		self.current = current
		self.wanted = wanted


@dataclass(frozen=True)
class OrderLine:
	item: MenuItem
	quantity: int
	special_instructions: str | None

	@property
	def line_total(self) -> Decimal:
		return self.item.price * self.quantity


@dataclass(frozen=True)
class Quote:
	lines: tuple[OrderLine, ...]
	total: Decimal
	estimated_minutes: int


def clean_order_args(args: dict[str, Any]) -> dict[str, Any]:
	order_type = v.choice(args.get("order_type"), "order_type", ORDER_TYPES, default="Takeaway")
	clean = {
		"idempotency_key": v.idempotency_key(args.get("idempotency_key")),
		"session_id": v.text(args.get("session_id"), "session_id"),
		"customer_name": v.text(args.get("customer_name"), "customer_name", required=True),
		"phone": v.phone(args.get("phone"), "phone", required=True),
		"order_type": order_type,
		"delivery_address": v.text(args.get("delivery_address"), "delivery_address", max_length=500),
		"special_instructions": v.text(
			args.get("special_instructions"), "special_instructions", max_length=1000
		),
		"items": clean_items(args.get("items")),
	}
	if order_type == "Delivery" and not clean["delivery_address"]:
		raise v.ArgumentError("delivery_address", "is required for a Delivery order")
	return clean


def clean_items(items: Any) -> list[dict[str, Any]]:
	raw = v.json_list(items, "items")
	if len(raw) > MAX_LINES:
		raise v.ArgumentError("items", f"must hold at most {MAX_LINES} lines")
	clean = []
	for index, item in enumerate(raw):
		where = f"items[{index}]"
		if not isinstance(item, dict):
			raise v.ArgumentError(where, "must be an object with item_name and quantity")
		clean.append(
			{
				"item_name": v.text(item.get("item_name"), f"{where}.item_name", required=True),
				"quantity": v.integer(
					item.get("quantity"),
					f"{where}.quantity",
					minimum=MIN_QUANTITY,
					maximum=MAX_QUANTITY,
					default=1,
				),
				"special_instructions": v.text(
					item.get("special_instructions"), f"{where}.special_instructions", max_length=500
				),
			}
		)
	return clean


def quote_order(catalog: Catalog, items: list[dict[str, Any]], order_type: str) -> Quote | dict[str, Any]:
	"""A priced order, or the refusal result (`{"status": "error", ...}`)."""
	unknown: list[str] = []
	unavailable: list[str] = []
	lines = []
	for item in items:
		found = match_menu_item(item["item_name"], catalog.menu)
		if found is None:
			unknown.append(item["item_name"])
		elif not found.available:
			if found.item_name not in unavailable:
				unavailable.append(found.item_name)
		else:
			lines.append(OrderLine(found, item["quantity"], item["special_instructions"]))
	if unknown or unavailable:
		return refusal(unknown, unavailable)
	total = sum((line.line_total for line in lines), Decimal("0.00"))
	if total < catalog.min_order_amount:
		shortfall = catalog.min_order_amount - total
		return {
			"status": "error",
			"message": (
				f"Sorry, the minimum order is {spoken(catalog.min_order_amount, catalog.currency)}. "
				f"Your order comes to {spoken(total, catalog.currency)}, "
				f"so please add {spoken(shortfall, catalog.currency)} more."
			),
			"unavailable_items": [],
			"shortfall": wire(shortfall),
		}
	return Quote(tuple(lines), total, estimated_minutes(catalog, lines, order_type))


def refusal(unknown: list[str], unavailable: list[str]) -> dict[str, Any]:
	parts = []
	if unknown:
		parts.append(f"we don't have {spoken_list(unknown)} on our menu")
	if unavailable:
		verb = "is" if len(unavailable) == 1 else "are"
		parts.append(f"{spoken_list(unavailable)} {verb} not available right now")
	return {
		"status": "error",
		"message": "Sorry, " + ", and ".join(parts) + ". Would you like something else instead?",
		"unavailable_items": unknown + unavailable,
	}


def estimated_minutes(catalog: Catalog, lines: list[OrderLine], order_type: str) -> int:
	"""Longest preparation time, plus the delivery time for a Delivery."""
	longest = max((line.item.preparation_minutes for line in lines), default=0)
	return longest + (catalog.delivery_minutes if order_type == "Delivery" else 0)


def ready_at(now: dt.datetime, minutes: int) -> dt.datetime:
	return now.replace(microsecond=0) + dt.timedelta(minutes=minutes)


def order_result(
	catalog: Catalog, order_id: str, quote: Quote, order_type: str, now: dt.datetime
) -> dict[str, Any]:
	"""The success result of `place_order`."""
	when = ready_at(now, quote.estimated_minutes)
	summary = spoken_list([f"{line.quantity} x {line.item.item_name}" for line in quote.lines])
	if order_type == "Delivery":
		timing = f"It will be delivered in about {quote.estimated_minutes} minutes."
	elif order_type == "Dine-in":
		timing = f"It will be served in about {quote.estimated_minutes} minutes."
	else:
		timing = f"It will be ready for collection in about {quote.estimated_minutes} minutes."
	return {
		"status": "success",
		"order_id": order_id,
		"total_amount": wire(quote.total),
		"currency": catalog.currency,
		"estimated_minutes": quote.estimated_minutes,
		"estimated_ready_at": when.isoformat(),
		"items": [
			{
				"item_name": line.item.item_name,
				"quantity": line.quantity,
				"unit_price": wire(line.item.price),
				"line_total": wire(line.line_total),
				"special_instructions": line.special_instructions,
			}
			for line in quote.lines
		],
		"message": (
			f"Your order {order_id} is confirmed: {summary}. "
			f"The total is {spoken(quote.total, catalog.currency)}. {timing}"
		),
	}


def check_transition(order_id: str, current: str, wanted: str) -> None:
	if wanted not in TRANSITIONS.get(current, ()):
		raise IllegalTransition(order_id, current, wanted)


def clean_status_update(args: dict[str, Any]) -> dict[str, Any]:
	return {
		"idempotency_key": v.idempotency_key(args.get("idempotency_key")),
		"order_id": v.text(args.get("order_id"), "order_id", required=True),
		"status": v.choice(args.get("status"), "status", ORDER_STATUSES),
	}


def status_message(order_id: str, status: str, estimated_ready_at: dt.datetime | None) -> str:
	at = f" at about {estimated_ready_at.strftime('%H:%M')}" if estimated_ready_at else ""
	return {
		"Pending": f"Your order {order_id} has been received and should be ready{at}.",
		"Preparing": f"Your order {order_id} is being prepared and should be ready{at}.",
		"Ready": f"Your order {order_id} is ready.",
		"Completed": f"Your order {order_id} has been completed.",
		"Cancelled": f"Your order {order_id} has been cancelled.",
	}[status]


def status_result(order_id: str, status: str, estimated_ready_at: dt.datetime | None) -> dict[str, Any]:
	"""The result of `get_order_status`."""
	return {
		"order_id": order_id,
		"status": status,
		"estimated_ready_at": estimated_ready_at.replace(microsecond=0).isoformat()
		if estimated_ready_at
		else None,
		"message": status_message(order_id, status, estimated_ready_at),
	}
