"""The business configuration read by the session manager at the start of a call."""

import frappe

from voice_agent.permissions import require_integration_role
from voice_agent.rules import config
from voice_agent.utils import checked, hook_value

SETTINGS = "Voice Agent Settings"


@frappe.whitelist(methods=["GET", "POST"])
def get_business_config(business_type: str | None = None) -> dict:
	require_integration_role()
	kind = checked(config.clean_business_type, business_type)
	settings = frappe.get_cached_doc(SETTINGS).as_dict()
	extras_method = hook_value("voice_agent_business_config")
	extras = frappe.get_attr(extras_method)(kind) if extras_method else {}
	return config.business_config(settings, extras)
