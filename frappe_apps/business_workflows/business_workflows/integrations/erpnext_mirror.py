"""Optional ERPNext mirror: each order as a Sales Order, each ticket as an Issue.

Only called when ERPNext is installed and "Mirror to ERPNext" is on; failures are
logged by the caller and never fail the voice order or ticket.
"""

import frappe
from frappe.utils import getdate


def mirror_order(doc) -> None:
	settings = frappe.get_single("Business Workflow Settings")
	if not settings.erpnext_customer:
		frappe.log_error(title="ERPNext mirror: set an ERPNext Customer in Business Workflow Settings")
		return
	sales_order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": settings.erpnext_customer,
			"company": settings.erpnext_company or frappe.defaults.get_user_default("Company"),
			"delivery_date": getdate(doc.estimated_ready_at or doc.order_time),
			"items": [
				{"item_code": row.item_name, "qty": row.quantity, "rate": row.unit_price} for row in doc.items
			],
		}
	)
	sales_order.insert(ignore_permissions=True)
	doc.db_set("erpnext_sales_order", sales_order.name, update_modified=False)


def mirror_ticket(doc) -> None:
	issue = {
		"doctype": "Issue",
		"subject": f"{doc.ticket_reference or doc.name}: {(doc.issue_description or '')[:100]}",
		"description": doc.issue_description,
		"raised_by": doc.email,
	}
	if frappe.db.exists("Issue Priority", doc.priority):
		issue["priority"] = doc.priority
	created = frappe.get_doc(issue).insert(ignore_permissions=True)
	doc.db_set("erpnext_issue", created.name, update_modified=False)
