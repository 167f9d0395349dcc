"""Puts both apps on the import path; only their frappe-free modules are imported here."""

import sys
from pathlib import Path

FRAPPE_APPS = Path(__file__).resolve().parent.parent
for app in ("voice_agent", "business_workflows"):
	path = str(FRAPPE_APPS / app)
	if path not in sys.path:
		sys.path.insert(0, path)
