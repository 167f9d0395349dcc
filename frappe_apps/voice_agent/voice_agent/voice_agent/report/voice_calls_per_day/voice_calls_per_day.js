// Copyright (c) 2026, Neoron Voice Agent contributors
// For license information, please see license.txt

frappe.query_reports["Voice Calls per Day"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -29) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "session_type", label: __("Type"), fieldtype: "Select", options: "\nRestaurant\nAppointment\nSupport\nGeneral" },
	],
};
