# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""business_workflows.api.support."""

import frappe
from frappe.tests.utils import FrappeTestCase
from voice_agent.testing import as_user, integration_user, make_user, no_role_user

from business_workflows.api import support as api


class TestVoiceSupportTicket(FrappeTestCase):
	def setUp(self):
		self.user = integration_user()
		self.key = "test-ticket-" + frappe.generate_hash(length=8)
		staff = [make_user(f"staff{i}@example.org", ["System Manager"]) for i in (1, 2)]
		settings = frappe.get_single("Business Workflow Settings")
		settings.set("support_staff", [{"user": user, "on_duty": 1} for user in staff])
		settings.last_escalation_assignee = staff[0]
		settings.save(ignore_permissions=True)

	def create(self, **overrides):
		args = {
			"idempotency_key": self.key,
			"customer_name": "Alex Brown",
			"phone": "+447700900789",
			"issue_description": "The app crashes when I log in",
			"priority": "High",
			"category": "Technical",
		}
		args.update(overrides)
		with as_user(self.user):
			return api.create_ticket(**args)

	def test_high_priority_is_assigned_round_robin_and_idempotent(self):
		first = self.create()
		self.assertEqual(first["assigned_to"], "staff2@example.org")
		self.assertEqual(first["response_time"], "1-2 hours")
		self.assertTrue(first["ticket_reference"].startswith("TKT-"))
		self.assertEqual(self.create(), first)
		second = self.create(idempotency_key=self.key + "-b", priority="Critical")
		self.assertEqual(second["assigned_to"], "staff1@example.org")

	def test_low_priority_waits_unassigned(self):
		self.assertIsNone(self.create(priority="Low")["assigned_to"])

	def test_bad_arguments_and_permission(self):
		with self.assertRaises(frappe.ValidationError) as err:
			self.create(priority="Urgent")
		self.assertIn("priority", str(err.exception))
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.create_ticket(idempotency_key="x")
