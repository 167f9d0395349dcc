"""Restaurant: the menu, placing orders, order status and staff status moves."""

import frappe
from frappe.utils import get_datetime, now_datetime
from voice_agent.permissions import require_integration_role
from voice_agent.rules import validation as v
from voice_agent.utils import checked

from business_workflows.api.customers import touch_profile
from business_workflows.rules import orders
from business_workflows.rules.catalog import MenuItem
from business_workflows.rules.money import to_money, wire
from business_workflows.setup.catalog import site_catalog

ORDER = "Voice Restaurant Order"


@frappe.whitelist(methods=["GET", "POST"])
def get_menu(category: str | None = None) -> dict:
	require_integration_role()
	category = checked(v.text, category, "category")
	catalog = site_catalog()
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


@frappe.whitelist(methods=["POST"])
def place_order(
	idempotency_key: str | None = None,
	session_id: str | None = None,
	customer_name: str | None = None,
	phone: str | None = None,
	order_type: str | None = None,
	delivery_address: str | None = None,
	special_instructions: str | None = None,
	items: list | str | None = None,
) -> dict:
	require_integration_role()
	clean = checked(orders.clean_order_args, dict(locals()))
	catalog = site_catalog()
	existing = frappe.db.get_value(ORDER, {"idempotency_key": clean["idempotency_key"]}, "name")
	if existing:
		return stored_order_result(catalog, frappe.get_doc(ORDER, existing))
	quote = orders.quote_order(catalog, clean["items"], clean["order_type"])
	if isinstance(quote, dict):
		return quote
	now = now_datetime().replace(microsecond=0)
	doc = frappe.get_doc(
		{
			"doctype": ORDER,
			"idempotency_key": clean["idempotency_key"],
			"session_id": clean["session_id"],
			"customer_name": clean["customer_name"],
			"phone": clean["phone"],
			"customer_profile": touch_profile(
				clean["phone"], clean["customer_name"], None, clean["session_id"]
			),
			"order_type": clean["order_type"],
			"delivery_address": clean["delivery_address"],
			"special_instructions": clean["special_instructions"],
			"status": "Pending",
			"order_time": now,
			"estimated_minutes": quote.estimated_minutes,
			"estimated_ready_at": orders.ready_at(now, quote.estimated_minutes),
			"currency": catalog.currency,
			"items": [
				{
					"item_name": line.item.item_name,
					"quantity": line.quantity,
					"special_instructions": line.special_instructions,
				}
				for line in quote.lines
			],
		}
	)
	doc.insert()
	return orders.order_result(catalog, doc.name, quote, doc.order_type, now)


def stored_order_result(catalog, doc) -> dict:
	"""The success result of an order already placed, rebuilt from what was stored."""
	menu = {item.item_name: item for item in catalog.menu}
	lines = []
	for row in doc.items:
		known = menu.get(row.item_name)
		item = MenuItem(
			item_name=row.item_name,
			category=known.category if known else "",
			price=to_money(str(row.unit_price or 0)),
			preparation_minutes=known.preparation_minutes if known else 0,
		)
		lines.append(orders.OrderLine(item, int(row.quantity), row.special_instructions or None))
	quote = orders.Quote(tuple(lines), to_money(str(doc.total_amount or 0)), int(doc.estimated_minutes or 0))
	return orders.order_result(catalog, doc.name, quote, doc.order_type, get_datetime(doc.order_time))


@frappe.whitelist(methods=["GET", "POST"])
def get_order_status(order_id: str | None = None, phone: str | None = None) -> dict:
	require_integration_role()
	order_id = checked(v.text, order_id, "order_id")
	phone = checked(v.phone, phone, "phone")
	if not order_id and not phone:
		frappe.throw("order_id: is required (or phone)", frappe.ValidationError)
	if order_id:
		if not frappe.db.exists(ORDER, order_id):
			frappe.throw(f"order_id: no order {order_id}", frappe.DoesNotExistError)
		name = order_id
	else:
		name = frappe.db.get_value(ORDER, {"phone": phone}, "name", order_by="order_time desc, creation desc")
		if not name:
			frappe.throw(f"phone: no order for {phone}", frappe.DoesNotExistError)
	status, ready = frappe.db.get_value(ORDER, name, ["status", "estimated_ready_at"])
	return orders.status_result(name, status, get_datetime(ready) if ready else None)


@frappe.whitelist(methods=["POST"])
def update_order_status(
	idempotency_key: str | None = None, order_id: str | None = None, status: str | None = None
) -> dict:
	require_integration_role()
	clean = checked(orders.clean_status_update, dict(locals()))
	previous = frappe.db.get_value(
		"Voice Order Status Change",
		{"idempotency_key": clean["idempotency_key"], "parenttype": ORDER},
		["parent", "to_status"],
		as_dict=True,
	)
	if previous:
		return {"order_id": previous.parent, "status": previous.to_status}
	if not frappe.db.exists(ORDER, clean["order_id"]):
		frappe.throw(f"order_id: no order {clean['order_id']}", frappe.DoesNotExistError)
	doc = frappe.get_doc(ORDER, clean["order_id"], for_update=True)
	checked(orders.check_transition, doc.name, doc.status, clean["status"])
	doc.flags.status_change_key = clean["idempotency_key"]
	doc.status = clean["status"]
	doc.save()
	return {"order_id": doc.name, "status": doc.status}
