# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""Integration tests of voice_agent.api.settings and of webhook signing with the stored secret."""

import frappe
from frappe.tests.utils import FrappeTestCase

from voice_agent.api import settings as api
from voice_agent.rules import signing
from voice_agent.testing import as_user, integration_user, no_role_user


class TestVoiceAgentSettings(FrappeTestCase):
	def setUp(self):
		settings = frappe.get_single("Voice Agent Settings")
		settings.company_name = "Test Company"
		settings.temperature = 0.3
		settings.session_manager_url = "http://127.0.0.1:9/"
		settings.webhook_secret = "test-secret"
		settings.save(ignore_permissions=True)
		frappe.clear_document_cache("Voice Agent Settings", "Voice Agent Settings")

	def test_business_config_has_the_common_keys(self):
		with as_user(integration_user()):
			result = api.get_business_config("general")
		for key in (
			"company_name",
			"voice",
			"language",
			"temperature",
			"greeting_message",
			"max_call_duration_seconds",
			"recording_enabled",
		):
			self.assertIn(key, result)
		self.assertEqual(result["company_name"], "Test Company")
		self.assertEqual(result["temperature"], 0.3)

	def test_unknown_business_type_is_refused_naming_the_field(self):
		with as_user(integration_user()), self.assertRaises(frappe.ValidationError) as err:
			api.get_business_config("garage")
		self.assertIn("business_type", str(err.exception))

	def test_permission_denied_without_the_role(self):
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.get_business_config("restaurant")

	def test_url_is_normalised_and_secret_is_a_password(self):
		settings = frappe.get_single("Voice Agent Settings")
		self.assertEqual(settings.session_manager_url, "http://127.0.0.1:9")
		secret = settings.get_password("webhook_secret")
		self.assertEqual(secret, "test-secret")
		body = signing.encode_body({"event": "ticket.updated"})
		headers = signing.signed_headers(secret, body, 1763640000)
		self.assertTrue(
			signing.verify(secret, "1763640000", body, headers[signing.SIGNATURE_HEADER], 1763640000)
		)
