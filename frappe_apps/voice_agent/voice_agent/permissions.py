"""Who may call the whitelisted API: the integration role, or a System Manager.

`frappe.only_for` is not used because it lets everything through while tests run
(`frappe.flags.in_test`), which would hide the permission tests.
"""

import frappe
from frappe import _

INTEGRATION_ROLE = "Voice Agent Integration"
ALLOWED_ROLES = (INTEGRATION_ROLE, "System Manager")


def require_integration_role() -> None:
	"""Raises PermissionError (HTTP 403) unless the session user holds an allowed role."""
	if frappe.session.user == "Administrator":
		return
	if set(ALLOWED_ROLES).isdisjoint(frappe.get_roles()):
		frappe.throw(
			_("not permitted: this method needs the {0} role").format(INTEGRATION_ROLE),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
