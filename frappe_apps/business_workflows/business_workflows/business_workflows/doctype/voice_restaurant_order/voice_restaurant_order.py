# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime
from voice_agent.utils import checked

from business_workflows.rules import orders
from business_workflows.rules.money import to_money, wire


class VoiceRestaurantOrder(Document):
	def validate(self):
		self.check_delivery_address()
		self.price_items()
		self.check_status_move()

	def check_delivery_address(self):
		if self.order_type == "Delivery" and not (self.delivery_address or "").strip():
			frappe.throw("delivery_address: is required for a Delivery order")

	def price_items(self):
		"""Prices come from the menu when a line is first added; later menu changes do not reprice."""
		total = to_money(0)
		for row in self.items:
			if not orders.MIN_QUANTITY <= int(row.quantity or 0) <= orders.MAX_QUANTITY:
				frappe.throw(f"items[{row.idx - 1}].quantity: must be a whole number from 1 to 50")
			if row.is_new() or row.unit_price is None:
				row.unit_price = wire(
					to_money(str(frappe.db.get_value("Restaurant Menu Item", row.item_name, "price") or 0))
				)
			row.line_total = wire(to_money(str(row.unit_price)) * int(row.quantity))
			total += to_money(str(row.line_total))
		self.total_amount = wire(total)

	def check_status_move(self):
		before = self.get_doc_before_save()
		previous = before.status if before else None
		if previous and previous != self.status:
			checked(orders.check_transition, self.name, previous, self.status)
			self.append(
				"status_history",
				{
					"from_status": previous,
					"to_status": self.status,
					"changed_at": now_datetime(),
					"changed_by": frappe.session.user,
					"idempotency_key": self.flags.get("status_change_key"),
				},
			)
			self.flags.previous_status = previous
