# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

from frappe.model.document import Document

from business_workflows.rules.support import ticket_reference


class VoiceSupportTicket(Document):
	def after_insert(self):
		# The reference derives from the name, which exists only once the document is named.
		self.db_set("ticket_reference", ticket_reference(self.name), update_modified=False)
