# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class VoiceAgentSettings(Document):
	def validate(self):
		self.validate_temperature()
		self.strip_url()

	def validate_temperature(self):
		if self.temperature is not None and not 0 <= float(self.temperature) <= 2:
			frappe.throw(_("temperature: must be between 0 and 2"))

	def strip_url(self):
		if self.session_manager_url:
			self.session_manager_url = self.session_manager_url.strip().rstrip("/")
			if not self.session_manager_url.startswith(("http://", "https://")):
				frappe.throw(_("session_manager_url: must start with http:// or https://"))
