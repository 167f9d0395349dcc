// Today's appointments first.
frappe.listview_settings["Voice Appointment"] = {
	add_fields: ["status", "appointment_date", "appointment_time"],
	filters: [["appointment_date", "Timespan", "today"]],
	get_indicator(doc) {
		const colours = { Scheduled: "orange", Confirmed: "blue", Completed: "green", Cancelled: "red", "No Show": "gray" };
		return [__(doc.status), colours[doc.status], "status,=," + doc.status];
	},
	onload(listview) {
		frappe.realtime.on("voice_appointment_update", () => listview.refresh());
	},
};
