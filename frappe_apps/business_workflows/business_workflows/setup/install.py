"""Install hooks. The demo business is not loaded here: see setup/demo.py."""

import frappe

from business_workflows.rules.catalog import WEEKDAYS


def after_install() -> None:
	default_business_hours()


def before_tests() -> None:
	from voice_agent.setup.install import ensure_integration_role

	from business_workflows.setup.demo import load_demo_business

	ensure_integration_role()
	# Tests run against the demo business, on a dedicated test site.
	load_demo_business()


def default_business_hours() -> None:
	"""Monday to Friday 09:00-18:00 until the business sets its own hours."""
	settings = frappe.get_single("Business Workflow Settings")
	if settings.business_hours:
		return
	for day in WEEKDAYS:
		weekend = day in ("saturday", "sunday")
		row = {"weekday": day.capitalize(), "closed": 1 if weekend else 0}
		if not weekend:
			row.update({"opening_time": "09:00:00", "closing_time": "18:00:00"})
		settings.append("business_hours", row)
	settings.save(ignore_permissions=True)
