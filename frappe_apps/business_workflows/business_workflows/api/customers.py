"""Voice Customer Profile upkeep: one profile per phone number."""

import frappe

PROFILE = "Voice Customer Profile"


def touch_profile(phone: str | None, customer_name: str | None, email: str | None, session_id: str | None):
	"""Creates or refreshes the caller's profile; returns its name (the phone) or None."""
	if not phone:
		return None
	values = {"customer_name": customer_name, "email": email, "last_session_id": session_id}
	values = {key: value for key, value in values.items() if value}
	if frappe.db.exists(PROFILE, phone):
		frappe.db.set_value(PROFILE, phone, values)
		return phone
	try:
		frappe.get_doc({"doctype": PROFILE, "phone": phone, **values}).insert()
	except frappe.DuplicateEntryError:
		# Created by a concurrent call for the same caller.
		pass
	return phone
