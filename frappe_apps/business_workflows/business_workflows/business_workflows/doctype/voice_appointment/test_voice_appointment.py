# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""business_workflows.api.appointment on the demo business (loaded by before_tests)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today
from voice_agent.testing import as_user, integration_user, no_role_user

from business_workflows.api import appointment as api


def next_monday() -> str:
	day = getdate(add_days(today(), 1))
	while day.weekday() != 0:
		day = getdate(add_days(day, 1))
	return str(day)


class TestVoiceAppointment(FrappeTestCase):
	def setUp(self):
		self.user = integration_user()
		self.key = "test-booking-" + frappe.generate_hash(length=8)
		self.day = next_monday()

	def book(self, **overrides):
		args = {
			"idempotency_key": self.key,
			"customer_name": "Sam Patel",
			"phone": "+447700900456",
			"email": "sam@example.org",
			"service_type": "Repair",
			"appointment_date": self.day,
			"appointment_time": "10:00",
		}
		args.update(overrides)
		with as_user(self.user):
			return api.book_appointment(**args)

	def test_book_then_slot_is_taken_with_alternatives(self):
		first = self.book()
		self.assertEqual((first["status"], first["estimated_cost"]), ("success", "80.00"))
		self.assertEqual(self.book(), first)
		second = self.book(idempotency_key=self.key + "-b")
		self.assertEqual(second["status"], "partial")
		self.assertTrue(second["alternative_slots"])
		with as_user(self.user):
			slots = api.check_availability("Repair", self.day)["available_slots"]
		self.assertNotIn("10:00", slots)

	def test_closed_day_and_unknown_service(self):
		sunday = str(getdate(add_days(self.day, -1)))
		self.assertEqual(self.book(appointment_date=sunday)["status"], "partial")
		self.assertEqual(self.book(service_type="Haircut")["status"], "error")

	def test_bad_arguments_and_permission(self):
		with self.assertRaises(frappe.ValidationError) as err:
			self.book(appointment_time="3pm")
		self.assertIn("appointment_time", str(err.exception))
		with as_user(self.user), self.assertRaises(frappe.ValidationError):
			api.check_availability("Haircut", self.day)
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.check_availability("Repair", self.day)

	def test_confirmation_email_is_queued(self):
		result = self.book(appointment_time="14:00")
		self.assertTrue(
			frappe.db.get_value("Voice Appointment", result["appointment_id"], "confirmation_sent")
		)
