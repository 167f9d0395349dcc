# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""Daily aggregation (idempotent) and voice_agent.api.analytics."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from voice_agent.api import analytics as api
from voice_agent.api.session import save_session
from voice_agent.tasks import aggregate_day
from voice_agent.testing import as_user, integration_user, no_role_user

DAY = "2031-03-04"


class TestVoiceAnalytics(FrappeTestCase):
	def setUp(self):
		base = {"start_time": f"{DAY}T10:00:00"}
		save_session(
			{
				"session_id": "va-1",
				"status": "Completed",
				"session_type": "Restaurant",
				"duration_seconds": 100,
				**base,
			}
		)
		save_session({"session_id": "va-2", "status": "Failed", "session_type": "Support", **base})
		save_session({"session_id": "va-3", "status": "Active", "session_type": "Restaurant", **base})

	def test_aggregation_is_idempotent(self):
		first = aggregate_day(getdate(DAY))
		second = aggregate_day(getdate(DAY))
		self.assertEqual(first, second)
		self.assertEqual(frappe.db.count("Voice Analytics", {"analytics_date": DAY}), 1)
		doc = frappe.get_doc("Voice Analytics", first)
		self.assertEqual((doc.total_calls, doc.completed_calls, doc.failed_calls), (3, 1, 1))
		self.assertEqual(doc.restaurant_calls, 2)
		self.assertEqual(doc.avg_duration_seconds, 100)

	def test_dashboard(self):
		with as_user(integration_user()):
			result = api.get_dashboard_data(DAY)
		self.assertEqual(result["date"], DAY)
		self.assertEqual(result["total_calls"], 3)
		self.assertEqual(result["active_calls"], 1)
		self.assertEqual(result["by_type"]["Restaurant"], 2)
		self.assertIn("tickets_by_priority", result)

	def test_bad_date_and_permission(self):
		with as_user(integration_user()), self.assertRaises(frappe.ValidationError) as err:
			api.get_dashboard_data("04/03/2031")
		self.assertIn("date", str(err.exception))
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.get_dashboard_data(DAY)
