# Copyright (c) 2026, Neoron Voice Agent contributors
# See license.txt

from frappe.tests.utils import FrappeTestCase


class TestAppointmentService(FrappeTestCase):
	pass
