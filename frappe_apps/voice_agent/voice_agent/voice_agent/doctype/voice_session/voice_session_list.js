// List view of Voice Session: status colours and the filters staff use most.
frappe.listview_settings["Voice Session"] = {
	add_fields: ["status", "session_type", "channel"],
	filters: [["call_date", "Timespan", "today"]],
	get_indicator(doc) {
		const colours = { Queued: "orange", Active: "blue", Completed: "green", Failed: "red" };
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
