app_name = "voice_agent"
app_title = "Voice Agent"
app_publisher = "Neoron Voice Agent contributors"
app_description = "Voice sessions, transcripts, tool calls, settings and analytics of the voice agent"
app_email = "dev@example.org"
app_license = "mit"

# Apps
# ------------------

# Plain Frappe v15 is enough; ERPNext is optional.
# required_apps = []

# Installation
# ------------

after_install = "voice_agent.setup.install.after_install"
after_migrate = "voice_agent.setup.install.after_migrate"
before_tests = "voice_agent.setup.install.before_tests"

# Scheduled Tasks
# ---------------

scheduler_events = {
	# Re-aggregates yesterday (final numbers) and today (so far); idempotent.
	"daily": ["voice_agent.tasks.aggregate_recent_days"],
	"hourly": ["voice_agent.tasks.aggregate_today"],
	# Webhook deliveries whose backoff delay has passed.
	"cron": {"* * * * *": ["voice_agent.integrations.session_manager.retry_due_events"]},
}

# Business apps contribute per-type configuration and dashboard figures through these
# hooks, so that voice_agent never imports them (see business_workflows/hooks.py).
# voice_agent_business_config = "dotted.path(business_type) -> dict"
# voice_agent_dashboard_stats = "dotted.path(date) -> dict"
