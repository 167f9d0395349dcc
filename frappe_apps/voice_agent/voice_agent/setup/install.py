"""Install hooks: the integration role and the workspace's number cards."""

import frappe

from voice_agent.permissions import INTEGRATION_ROLE

NUMBER_CARDS = (
	# (name, label, filters on Voice Session). Number Cards are named after their label, so both are equal.
	("Voice Calls Today", "Voice Calls Today", [["Voice Session", "call_date", "Timespan", "today"]]),
	("Voice Calls Active", "Voice Calls Active", [["Voice Session", "status", "=", "Active"]]),
	(
		"Voice Calls Completed Today",
		"Voice Calls Completed Today",
		[["Voice Session", "status", "=", "Completed"], ["Voice Session", "call_date", "Timespan", "today"]],
	),
	(
		"Voice Calls Failed Today",
		"Voice Calls Failed Today",
		[["Voice Session", "status", "=", "Failed"], ["Voice Session", "call_date", "Timespan", "today"]],
	),
)


def after_install() -> None:
	ensure_integration_role()
	ensure_number_cards()


def after_migrate() -> None:
	ensure_integration_role()
	ensure_number_cards()


def before_tests() -> None:
	ensure_integration_role()


def ensure_integration_role() -> None:
	if not frappe.db.exists("Role", INTEGRATION_ROLE):
		frappe.get_doc(
			{"doctype": "Role", "role_name": INTEGRATION_ROLE, "desk_access": 0, "is_custom": 0}
		).insert(ignore_permissions=True)


def ensure_number_cards() -> None:
	for name, label, filters in NUMBER_CARDS:
		if frappe.db.exists("Number Card", name) or frappe.db.exists("Number Card", {"label": label}):
			continue
		frappe.get_doc(
			{
				"doctype": "Number Card",
				"name": name,
				"label": label,
				"type": "Document Type",
				"document_type": "Voice Session",
				"function": "Count",
				"filters_json": frappe.as_json(filters),
				"is_public": 1,
				"is_standard": 0,
				"module": "Voice Agent",
				"show_percentage_stats": 0,
			}
		).insert(ignore_permissions=True)
