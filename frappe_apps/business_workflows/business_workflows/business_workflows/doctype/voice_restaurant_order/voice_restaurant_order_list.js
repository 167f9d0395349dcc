// Kitchen view: open orders by status, refreshed live (list_update + voice_order_update).
frappe.listview_settings["Voice Restaurant Order"] = {
	add_fields: ["status", "order_type", "estimated_ready_at"],
	filters: [["status", "in", ["Pending", "Preparing", "Ready"]]],
	get_indicator(doc) {
		const colours = { Pending: "orange", Preparing: "blue", Ready: "green", Completed: "gray", Cancelled: "red" };
		return [__(doc.status), colours[doc.status], "status,=," + doc.status];
	},
	onload(listview) {
		frappe.realtime.on("voice_order_update", () => listview.refresh());
	},
};
