// Open tickets by priority.
frappe.listview_settings["Voice Support Ticket"] = {
	add_fields: ["status", "priority"],
	filters: [["status", "in", ["Open", "In Progress", "Waiting for Customer"]]],
	get_indicator(doc) {
		const colours = { Critical: "red", High: "orange", Medium: "blue", Low: "gray" };
		return [__(doc.priority), colours[doc.priority], "priority,=," + doc.priority];
	},
	onload(listview) {
		frappe.realtime.on("voice_ticket_update", () => listview.refresh());
	},
};
