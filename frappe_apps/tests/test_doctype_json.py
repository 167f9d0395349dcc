"""Checks every DocType JSON of both apps the way `bench migrate` would need it to be."""

import json
import re
from pathlib import Path

import pytest

FRAPPE_APPS = Path(__file__).resolve().parent.parent
APPS = ("voice_agent", "business_workflows")
INTEGRATION_ROLE = "Voice Agent Integration"

# Frappe v15 DocField.fieldtype options (frappe/core/doctype/docfield/docfield.json).
FIELD_TYPES = set(
	"Autocomplete, Attach, Attach Image, Barcode, Button, Check, Code, Color, Column Break, Currency, Data, "
	"Date, Datetime, Duration, Dynamic Link, Float, Fold, Geolocation, Heading, HTML, HTML Editor, Icon, "
	"Image, Int, JSON, Link, Long Text, Markdown Editor, Password, Percent, Phone, Read Only, Rating, "
	"Section Break, Select, Signature, Small Text, Tab Break, Table, Table MultiSelect, Text, Text Editor, "
	"Time".split(", ")
)
LAYOUT_TYPES = {"Column Break", "Section Break", "Tab Break", "Fold", "Heading", "HTML", "Button"}
FIELD_KEYS = set(
	"fieldname fieldtype label options reqd unique default in_list_view in_standard_filter in_global_search "
	"search_index read_only hidden depends_on mandatory_depends_on read_only_depends_on fetch_from "
	"fetch_if_empty allow_on_submit no_copy set_only_once permlevel precision length non_negative "
	"description bold translatable ignore_user_permissions link_filters is_virtual print_hide columns "
	"collapsible".split()
)
DOCTYPE_KEYS = set(
	"actions allow_rename autoname creation doctype editable_grid engine field_order fields "
	"index_web_pages_for_search links modified modified_by module name naming_rule owner permissions "
	"sort_field sort_order states istable issingle is_submittable track_changes title_field search_fields "
	"quick_entry is_tree custom track_seen track_views allow_import allow_copy image_field max_attachments "
	"read_only in_create has_web_view route show_name_in_global_search default_view queue_in_background "
	"is_virtual document_type description".split()
)
PERM_KEYS = set(
	"role permlevel if_owner read write create delete submit cancel amend report export import share print "
	"email select".split()
)
NAMING_RULES = {
	"Set by user": ("prompt", ""),
	"Autoincrement": ("autoincrement",),
	"By fieldname": ("field:",),
	'By "Naming Series" field': ("naming_series:",),
	"Expression": ("format:",),
	"Expression (old style)": ("",),
	"Random": ("hash",),
	"By script": ("",),
}
# DocTypes of Frappe core (and ERPNext, which is optional) that links may point to.
CORE_DOCTYPES = {
	"DocType",
	"User",
	"Role",
	"Currency",
	"Contact",
	"Address",
	"Event",
	"ToDo",
	"Email Account",
}
STANDARD_COLUMNS = {"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "parent"}


def scrub(text: str) -> str:
	return text.lower().replace(" ", "_").replace("-", "_")


def load_doctypes():
	found = []
	for app in APPS:
		for path in sorted((FRAPPE_APPS / app / app).glob("*/doctype/*/*.json")):
			found.append((app, path, json.loads(path.read_text(encoding="utf-8"))))
	return found


DOCTYPES = load_doctypes()
NAMES = {doc["name"] for _, _, doc in DOCTYPES}
IDS = [doc["name"] for _, _, doc in DOCTYPES]


def test_the_expected_doctypes_exist():
	expected = {
		"Voice Session",
		"Voice Transcript Entry",
		"Voice Interaction",
		"Voice Agent Settings",
		"Voice Analytics",
		"Restaurant Menu Item",
		"Voice Restaurant Order",
		"Voice Order Item",
		"Appointment Service",
		"Voice Appointment",
		"Support Category",
		"Voice Support Ticket",
		"Voice Customer Profile",
	}
	assert expected <= NAMES


@pytest.mark.parametrize(("app", "path", "doc"), DOCTYPES, ids=IDS)
def test_doctype_json_is_sound(app, path, doc):
	assert doc["doctype"] == "DocType"
	assert set(doc) <= DOCTYPE_KEYS, set(doc) - DOCTYPE_KEYS
	# Folder, file and module agree with what Frappe derives from the names.
	modules = (FRAPPE_APPS / app / app / "modules.txt").read_text().split("\n")
	assert doc["module"] in modules
	assert path.parent.parent.parent.name == scrub(doc["module"])
	assert path.parent.name == scrub(doc["name"]) == path.stem
	assert (path.parent / "__init__.py").exists()
	controller = (path.parent / f"{scrub(doc['name'])}.py").read_text()
	assert f"class {doc['name'].replace(' ', '')}(Document)" in controller
	if not doc.get("istable"):
		test_file = path.parent / f"test_{scrub(doc['name'])}.py"
		assert "FrappeTestCase" in test_file.read_text()
	assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", doc["modified"])
	assert doc["sort_order"] in ("ASC", "DESC")


@pytest.mark.parametrize(("app", "path", "doc"), DOCTYPES, ids=IDS)
def test_fields(app, path, doc):
	names = [field["fieldname"] for field in doc["fields"]]
	assert len(names) == len(set(names)), "duplicate fieldnames"
	assert doc["field_order"] == names
	assert not set(names) & STANDARD_COLUMNS
	by_name = {field["fieldname"]: field for field in doc["fields"]}
	for field in doc["fields"]:
		assert set(field) <= FIELD_KEYS, (field["fieldname"], set(field) - FIELD_KEYS)
		assert re.fullmatch(r"[a-z][a-z0-9_]*", field["fieldname"]) and len(field["fieldname"]) <= 64
		assert field["fieldtype"] in FIELD_TYPES, field
		if field["fieldtype"] not in LAYOUT_TYPES:
			assert field.get("label"), field["fieldname"]
		if "default" in field:
			assert isinstance(field["default"], str)
		for flag in ("reqd", "unique", "in_list_view", "read_only", "in_standard_filter", "no_copy"):
			assert field.get(flag, 0) in (0, 1)
		kind, options = field["fieldtype"], field.get("options")
		if kind in ("Link", "Table", "Table MultiSelect"):
			assert options in NAMES | CORE_DOCTYPES, (field["fieldname"], options)
		if kind in ("Table", "Table MultiSelect"):
			child = next(d for _, _, d in DOCTYPES if d["name"] == options)
			assert child.get("istable") == 1
		if kind == "Dynamic Link":
			assert by_name[options]["fieldtype"] == "Link" and by_name[options]["options"] == "DocType"
		if kind == "Select":
			choices = options.split("\n")
			assert len([c for c in choices if c]) >= 2
			if "default" in field:
				assert field["default"] in choices
		if kind == "Currency" and options:
			assert options in by_name
	if doc.get("title_field"):
		assert doc["title_field"] in by_name
	for name in (doc.get("search_fields") or "").split(","):
		if name:
			assert name.strip() in by_name
	if doc["sort_field"] not in ("modified", "creation", "name"):
		assert doc["sort_field"] in by_name


@pytest.mark.parametrize(("app", "path", "doc"), DOCTYPES, ids=IDS)
def test_naming(app, path, doc):
	if doc.get("istable") or doc.get("issingle"):
		return
	rule, autoname = doc.get("naming_rule"), doc.get("autoname", "")
	assert rule in NAMING_RULES
	assert any(autoname.startswith(prefix) for prefix in NAMING_RULES[rule])
	if autoname.startswith("field:"):
		field = next(f for f in doc["fields"] if f["fieldname"] == autoname[6:])
		assert field.get("reqd") == 1 and field.get("unique") == 1
	if autoname.startswith("format:"):
		assert re.fullmatch(r"format:[A-Z]+-\{#{5,}\}", autoname)


@pytest.mark.parametrize(("app", "path", "doc"), DOCTYPES, ids=IDS)
def test_permissions(app, path, doc):
	if doc.get("istable"):
		assert doc["permissions"] == []
		return
	roles = {perm["role"]: perm for perm in doc["permissions"]}
	assert "System Manager" in roles
	assert all(set(perm) <= PERM_KEYS for perm in doc["permissions"])
	assert roles["System Manager"].get("read") == 1 and roles["System Manager"].get("write") == 1
	if doc["name"] != "Voice Webhook Event":
		assert INTEGRATION_ROLE in roles and roles[INTEGRATION_ROLE].get("read") == 1


def test_documents_created_by_the_voice_agent_store_a_unique_idempotency_key():
	for name in ("Voice Restaurant Order", "Voice Appointment", "Voice Support Ticket", "Voice Interaction"):
		doc = next(d for _, _, d in DOCTYPES if d["name"] == name)
		key = next(f for f in doc["fields"] if f["fieldname"] == "idempotency_key")
		assert key["unique"] == 1 and key["fieldtype"] == "Data"
		integration = next(p for p in doc["permissions"] if p["role"] == INTEGRATION_ROLE)
		assert integration.get("create") == 1


def test_unique_identities():
	def field(doctype, fieldname):
		doc = next(d for _, _, d in DOCTYPES if d["name"] == doctype)
		return next(f for f in doc["fields"] if f["fieldname"] == fieldname)

	assert field("Voice Session", "session_id")["unique"] == 1
	assert field("Voice Session", "ultravox_call_id")["unique"] == 1
	assert field("Voice Customer Profile", "phone")["unique"] == 1
	assert field("Voice Agent Settings", "webhook_secret")["fieldtype"] == "Password"
