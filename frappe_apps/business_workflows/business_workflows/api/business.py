"""What business_workflows contributes to voice_agent's config and dashboard (see hooks.py)."""

from decimal import Decimal

import frappe

from business_workflows.rules.config import config_extras
from business_workflows.rules.money import to_money, wire
from business_workflows.setup.catalog import site_catalog


def config_extras_for(business_type: str) -> dict:
	return config_extras(site_catalog(), business_type)


def dashboard_stats_for(day) -> dict:
	orders = frappe.get_all(
		"Voice Restaurant Order",
		filters={
			"order_time": ["between", [f"{day} 00:00:00", f"{day} 23:59:59"]],
			"status": ["!=", "Cancelled"],
		},
		fields=["total_amount"],
	)
	revenue = sum((to_money(str(row.total_amount or 0)) for row in orders), Decimal("0.00"))
	bookings = frappe.db.count(
		"Voice Appointment", {"creation": ["between", [f"{day} 00:00:00", f"{day} 23:59:59"]]}
	)
	tickets = frappe.get_all(
		"Voice Support Ticket",
		filters={"creation": ["between", [f"{day} 00:00:00", f"{day} 23:59:59"]]},
		fields=["priority", "count(name) as n"],
		group_by="priority",
	)
	return {
		"orders": len(orders),
		"revenue": wire(revenue),
		"bookings": bookings,
		"tickets_by_priority": {row.priority: row.n for row in tickets},
	}
