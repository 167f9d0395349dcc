# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""business_workflows.api.restaurant on the demo business (loaded by before_tests)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from voice_agent.testing import as_user, integration_user, no_role_user

from business_workflows.api import restaurant as api


class TestVoiceRestaurantOrder(FrappeTestCase):
	def setUp(self):
		self.user = integration_user()
		self.key = "test-order-" + frappe.generate_hash(length=8)

	def place(self, **overrides):
		args = {
			"idempotency_key": self.key,
			"session_id": "sess-test",
			"customer_name": "Jane Smith",
			"phone": "+447700900123",
			"order_type": "Takeaway",
			"items": [{"item_name": "Margherita Pizza", "quantity": 2}, {"item_name": "coke", "quantity": 1}],
		}
		args.update(overrides)
		with as_user(self.user):
			return api.place_order(**args)

	def test_menu(self):
		with as_user(self.user):
			menu = api.get_menu(category="Drinks")
		self.assertEqual(menu["currency"], "GBP")
		self.assertIn("Coca-Cola", [item["item_name"] for item in menu["items"]])

	def test_order_is_priced_from_the_menu_and_idempotent(self):
		first = self.place()
		self.assertEqual(first["status"], "success")
		self.assertEqual(first["total_amount"], "21.00")
		self.assertEqual(self.place(), first)
		self.assertEqual(frappe.db.count("Voice Restaurant Order", {"idempotency_key": self.key}), 1)
		self.assertTrue(frappe.db.exists("Voice Customer Profile", "+447700900123"))

	def test_refusals_are_answers(self):
		unknown = self.place(items=[{"item_name": "cheeseburger"}])
		self.assertEqual((unknown["status"], unknown["unavailable_items"]), ("error", ["cheeseburger"]))
		small = self.place(items=[{"item_name": "Fries"}])
		self.assertEqual(small["shortfall"], "6.50")

	def test_bad_arguments_name_the_field(self):
		with self.assertRaises(frappe.ValidationError) as err:
			self.place(order_type="Delivery")
		self.assertIn("delivery_address", str(err.exception))
		with self.assertRaises(frappe.ValidationError) as err:
			self.place(items=[{"item_name": "Fries", "quantity": 51}])
		self.assertIn("items[0].quantity", str(err.exception))

	def test_status_flow_and_idempotent_update(self):
		order_id = self.place()["order_id"]
		with as_user(self.user):
			self.assertEqual(
				api.update_order_status("u1-" + self.key, order_id, "Preparing")["status"], "Preparing"
			)
			self.assertEqual(
				api.update_order_status("u1-" + self.key, order_id, "Preparing")["status"], "Preparing"
			)
			with self.assertRaises(frappe.ValidationError) as err:
				api.update_order_status("u2-" + self.key, order_id, "Pending")
			self.assertIn("from Preparing to Pending", str(err.exception))
			status = api.get_order_status(order_id=order_id)
		self.assertEqual(status["status"], "Preparing")
		history = frappe.get_doc("Voice Restaurant Order", order_id).status_history
		self.assertEqual([(row.from_status, row.to_status) for row in history], [("Pending", "Preparing")])

	def test_unknown_order_is_not_found(self):
		with as_user(self.user), self.assertRaises(frappe.DoesNotExistError):
			api.get_order_status(order_id="VRO-99999")

	def test_permission_denied_without_the_role(self):
		with as_user(no_role_user()):
			for call in (
				lambda: api.get_menu(),
				lambda: api.place_order(idempotency_key="x"),
				lambda: api.get_order_status(order_id="VRO-00001"),
				lambda: api.update_order_status("x", "VRO-00001", "Ready"),
			):
				with self.assertRaises(frappe.PermissionError):
					call()

	def test_status_change_queues_a_signed_webhook(self):
		settings = frappe.get_single("Voice Agent Settings")
		settings.session_manager_url = "http://127.0.0.1:9"
		settings.webhook_secret = "test-secret"
		settings.webhook_enabled = 1
		settings.save(ignore_permissions=True)
		frappe.db.set_single_value("Business Workflow Settings", "notify_session_manager", 1)
		order_id = self.place()["order_id"]
		with as_user(self.user):
			api.update_order_status("u3-" + self.key, order_id, "Preparing")
		event = frappe.get_last_doc("Voice Webhook Event", filters={"reference_name": order_id})
		self.assertEqual(event.event, "order.status_changed")
		payload = frappe.parse_json(event.payload)
		self.assertEqual(payload["data"]["previous_status"], "Pending")
