# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SupportStaffMember(Document):
	pass
