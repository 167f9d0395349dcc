"""Helpers for the FrappeTestCase suites of both apps (not a test module itself)."""

from contextlib import contextmanager

import frappe

from voice_agent.permissions import INTEGRATION_ROLE

INTEGRATION_USER = "voice-integration@example.org"
NO_ROLE_USER = "voice-no-role@example.org"


def make_user(email: str, roles: list[str]) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
	return email


def integration_user() -> str:
	if not frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.get_doc({"doctype": "Role", "role_name": INTEGRATION_ROLE, "desk_access": 0}).insert(
			ignore_permissions=True
		)
	return make_user(INTEGRATION_USER, [INTEGRATION_ROLE])


def no_role_user() -> str:
	return make_user(NO_ROLE_USER, [])


@contextmanager
def as_user(email: str):
	previous = frappe.session.user
	frappe.set_user(email)
	try:
		yield
	finally:
		frappe.set_user(previous)
