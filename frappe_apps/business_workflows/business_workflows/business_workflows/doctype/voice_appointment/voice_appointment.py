# Copyright (c) 2026, Neoron Voice Agent contributors
# For license information, please see license.txt

import datetime as dt

import frappe
from frappe.model.document import Document
from frappe.utils import get_time, getdate

from business_workflows.rules.appointments import ACTIVE_STATUSES
from business_workflows.rules.availability import overlapping


class VoiceAppointment(Document):
	def validate(self):
		self.set_service_values()
		self.check_capacity()

	def set_service_values(self):
		service = frappe.get_cached_doc("Appointment Service", self.service)
		if not self.duration_minutes:
			self.duration_minutes = service.duration_minutes
		if self.is_new() and not self.estimated_cost:
			self.estimated_cost = service.price

	def check_capacity(self):
		"""Refuses a booking (also a staff edit) that would overlap more bookings than the service allows."""
		if self.status not in ACTIVE_STATUSES:
			return
		from business_workflows.api.appointment import existing_bookings

		start = dt.datetime.combine(getdate(self.appointment_date), get_time(self.appointment_time))
		end = start + dt.timedelta(minutes=int(self.duration_minutes or 0))
		others = [
			b
			for b in existing_bookings(self.service, start, 0, exclude=self.name)
			if b.start.date() == start.date()
		]
		capacity = int(frappe.db.get_value("Appointment Service", self.service, "capacity") or 1)
		if overlapping(others, start, end) >= capacity:
			frappe.throw(
				f"appointment_time: {self.service} is fully booked at {start.strftime('%H:%M')} on {start.date()}"
			)
