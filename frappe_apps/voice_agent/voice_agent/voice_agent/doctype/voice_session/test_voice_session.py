# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

"""Integration tests of voice_agent.api.session (run with `bench --site S run-tests --app voice_agent`)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from voice_agent.api import session as api
from voice_agent.testing import as_user, integration_user, no_role_user


class TestVoiceSession(FrappeTestCase):
	def setUp(self):
		self.user = integration_user()
		self.session_id = "test-" + frappe.generate_hash(length=10)

	def upsert(self, **kwargs):
		with as_user(self.user):
			return api.upsert_session(session_id=self.session_id, **kwargs)

	def test_upsert_creates_then_updates_one_session(self):
		first = self.upsert(
			ultravox_call_id="uv-" + self.session_id, status="active", session_type="Restaurant"
		)
		self.assertEqual(first, {"name": self.session_id, "session_id": self.session_id, "status": "Active"})
		second = self.upsert(
			status="Completed", start_time="2026-11-20T12:00:00", end_time="2026-11-20T12:03:05"
		)
		self.assertEqual(second["status"], "Completed")
		doc = frappe.get_doc("Voice Session", self.session_id)
		self.assertEqual(doc.duration_seconds, 185)
		self.assertEqual(str(doc.call_date), "2026-11-20")
		self.assertEqual(frappe.db.count("Voice Session", {"session_id": self.session_id}), 1)

	def test_upsert_never_reopens_a_finished_session(self):
		self.upsert(status="Completed")
		self.assertEqual(self.upsert(status="Active")["status"], "Completed")

	def test_upsert_bad_arguments_name_the_field(self):
		with self.assertRaises(frappe.ValidationError) as err:
			self.upsert(status="Sleeping")
		self.assertIn("status", str(err.exception))
		with self.assertRaises(frappe.ValidationError):
			with as_user(self.user):
				api.upsert_session()

	def test_ultravox_call_id_is_unique(self):
		self.upsert(ultravox_call_id="uv-shared-" + self.session_id)
		with self.assertRaises(frappe.UniqueValidationError):
			with as_user(self.user):
				api.upsert_session(
					session_id=self.session_id + "-b", ultravox_call_id="uv-shared-" + self.session_id
				)

	def test_permission_denied_without_the_role(self):
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.upsert_session(session_id=self.session_id)
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.append_transcript(session_id=self.session_id, messages=[])
		with as_user(no_role_user()), self.assertRaises(frappe.PermissionError):
			api.log_interaction(idempotency_key="k", session_id=self.session_id, tool_name="t")

	def test_append_transcript_skips_stored_ordinals(self):
		lines = [
			{"ordinal": 0, "speaker": "agent", "text": "Hello", "medium": "voice"},
			{
				"ordinal": 1,
				"speaker": "user",
				"text": "Two pizzas please",
				"timestamp": "2026-11-20T12:00:05",
			},
		]
		with as_user(self.user):
			self.assertEqual(
				api.append_transcript(self.session_id, lines), {"session_id": self.session_id, "stored": 2}
			)
			again = api.append_transcript(
				self.session_id, [*lines, {"ordinal": 2, "speaker": "agent", "text": "Sure"}]
			)
		self.assertEqual(again["stored"], 1)
		self.assertEqual(frappe.db.count("Voice Transcript Entry", {"session": self.session_id}), 3)
		transcript = frappe.db.get_value("Voice Session", self.session_id, "transcript")
		self.assertEqual(transcript, "Agent: Hello\nCaller: Two pizzas please\nAgent: Sure")

	def test_append_transcript_accepts_a_json_string_and_names_bad_lines(self):
		with as_user(self.user):
			self.assertEqual(
				api.append_transcript(self.session_id, '[{"ordinal": 0, "speaker": "user", "text": "hi"}]')[
					"stored"
				],
				1,
			)
			with self.assertRaises(frappe.ValidationError) as err:
				api.append_transcript(self.session_id, [{"ordinal": 1, "speaker": "robot", "text": "x"}])
		self.assertIn("messages[0].speaker", str(err.exception))

	def test_log_interaction_is_idempotent(self):
		key = self.session_id + ":1"
		args = {
			"idempotency_key": key,
			"session_id": self.session_id,
			"tool_name": "placeOrder",
			"request": {"items": [{"item_name": "Fries"}]},
			"response": {"status": "success"},
			"success": True,
			"duration_ms": 120,
		}
		with as_user(self.user):
			first = api.log_interaction(**args)
			second = api.log_interaction(**args)
		self.assertEqual(first, second)
		self.assertEqual(frappe.db.count("Voice Interaction", {"idempotency_key": key}), 1)
		with as_user(self.user), self.assertRaises(frappe.ValidationError) as err:
			api.log_interaction(session_id=self.session_id, tool_name="x")
		self.assertIn("idempotency_key", str(err.exception))
