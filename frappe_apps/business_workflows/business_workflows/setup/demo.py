"""Loads the demo business (data/catalog.json) into a site, on request only.

    bench --site <site> execute business_workflows.setup.demo.load_demo_business

Idempotent: existing menu items, services and categories are updated in place.
"""

import frappe

from business_workflows.rules.catalog import WEEKDAYS, load_demo_catalog_data


def load_demo_business() -> dict:
	data = load_demo_catalog_data()
	restaurant, appointments, support = data["restaurant"], data["appointments"], data["support"]
	for item in restaurant["menu"]:
		upsert(
			"Restaurant Menu Item",
			item["item_name"],
			{
				"item_name": item["item_name"],
				"category": item["category"],
				"price": str(item["price"]),
				"preparation_minutes": item["preparation_minutes"],
				"available": 1,
				"aliases": "\n".join(item.get("aliases") or []),
			},
		)
	for service in appointments["services"]:
		upsert(
			"Appointment Service",
			service["service_name"],
			{
				"service_name": service["service_name"],
				"duration_minutes": service["duration_minutes"],
				"price": str(service["price"]),
				"capacity": service["capacity"],
				"active": 1,
				"aliases": "\n".join(service.get("aliases") or []),
			},
		)
	for category in support["categories"]:
		upsert("Support Category", category, {"category_name": category})
	settings = frappe.get_single("Business Workflow Settings")
	settings.currency = data["currency"]
	settings.slot_minutes = data["slot_minutes"]
	settings.delivery_minutes = restaurant["delivery_minutes"]
	settings.min_order_amount = str(restaurant["min_order_amount"])
	settings.booking_advance_days = appointments["booking_advance_days"]
	for priority, wait in support["response_times"].items():
		settings.set(f"response_time_{priority.lower()}", wait)
	settings.set("business_hours", [])
	for day in WEEKDAYS:
		hours = data["business_hours"].get(day)
		row = {"weekday": day.capitalize(), "closed": 0 if hours else 1}
		if hours:
			row.update({"opening_time": hours[0] + ":00", "closing_time": hours[1] + ":00"})
		settings.append("business_hours", row)
	settings.save(ignore_permissions=True)
	voice = frappe.get_single("Voice Agent Settings")
	voice.company_name = data["company_name"]
	voice.save(ignore_permissions=True)
	frappe.db.commit()
	return {
		"menu_items": len(restaurant["menu"]),
		"services": len(appointments["services"]),
		"categories": len(support["categories"]),
	}


def upsert(doctype: str, name: str, values: dict) -> None:
	if frappe.db.exists(doctype, name):
		doc = frappe.get_doc(doctype, name)
		doc.update(values)
		doc.save(ignore_permissions=True)
	else:
		frappe.get_doc({"doctype": doctype, **values}).insert(ignore_permissions=True)
