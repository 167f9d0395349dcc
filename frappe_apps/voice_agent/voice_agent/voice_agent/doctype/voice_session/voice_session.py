# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import getdate, today


class VoiceSession(Document):
	def validate(self):
		self.set_call_date()
		self.set_duration()

	def set_call_date(self):
		"""The day the call belongs to: its start, else the day it was first stored."""
		if self.start_time:
			self.call_date = getdate(self.start_time)
		elif not self.call_date:
			self.call_date = getdate(today())

	def set_duration(self):
		if self.start_time and self.end_time and not self.duration_seconds:
			from frappe.utils import time_diff_in_seconds

			self.duration_seconds = max(int(time_diff_in_seconds(self.end_time, self.start_time)), 0)
