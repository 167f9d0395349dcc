app_name = "business_workflows"
app_title = "Business Workflows"
app_publisher = "Neoron Voice Agent contributors"
app_description = "Restaurant orders, appointments and support tickets taken by the voice agent"
app_email = "dev@example.org"
app_license = "mit"

# Apps
# ------------------

# The webhook secret, the integration role and the session data live in voice_agent.
# ERPNext is optional (see Business Workflow Settings > Mirror to ERPNext).
required_apps = ["voice_agent"]

# Installation
# ------------

after_install = "business_workflows.setup.install.after_install"
before_tests = "business_workflows.setup.install.before_tests"

# Document Events
# ---------------

doc_events = {
	"Voice Restaurant Order": {"on_update": "business_workflows.notifications.on_order_update"},
	"Voice Appointment": {"on_update": "business_workflows.notifications.on_appointment_update"},
	"Voice Support Ticket": {"on_update": "business_workflows.notifications.on_ticket_update"},
}

# Contributions to voice_agent (read with frappe.get_hooks in voice_agent.api.*).
voice_agent_business_config = "business_workflows.api.business.config_extras_for"
voice_agent_dashboard_stats = "business_workflows.api.business.dashboard_stats_for"
