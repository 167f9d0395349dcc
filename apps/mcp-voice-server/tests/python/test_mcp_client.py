"""The MCP server through the official Python MCP client (pip package `mcp`),
over Streamable HTTP and stdio: handshake, tool list with schemas, every tool,
resources and prompts, error cases, and every case of the extraction dev set
scored like shared/nlu/score.py."""

import json
from datetime import date, timedelta
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

DEV = Path(__file__).resolve().parents[4] / "crates" / "domain" / "tests" / "data" / "nlu_dev.jsonl"
TOOLS = {"extractParameters", "processVoiceInput", "generateDynamicForm", "synchronizeUI", "getMenu", "placeOrder", "getOrderStatus", "checkAvailability",
         "bookAppointment", "createSupportTicket"}


def structured(result):
    sc = getattr(result, "structured_content", None) or getattr(result, "structuredContent", None)
    if sc:
        return sc
    return json.loads(result.content[0].text)


def norm(v):
    return " ".join(str(v).lower().split()) if v is not None else None


def check(expect, got):
    """The scorer's comparison (shared/nlu/score.py), field by field."""
    out = {}
    params = (got or {}).get("parameters") or {}
    for field, want in expect.items():
        if field == "intent":
            out[field] = (got or {}).get("intent") == want
        elif field == "items":
            have = params.get("items") or []
            ok = sorted((norm(i["item_name"]), int(i["quantity"])) for i in want) == sorted(
                (norm(i.get("item_name")), int(i.get("quantity", 1))) for i in have)
            for w in want:
                words = w.get("special_instructions") or []
                match = next((h for h in have if norm(h.get("item_name")) == norm(w["item_name"])), {})
                text = norm(match.get("special_instructions")) or ""
                ok = ok and all(norm(x) in text for x in words)
            out[field] = ok
        elif field == "unrecognized_items":
            have = [norm(x) for x in ((got or {}).get("unrecognized_items") or [])]
            out[field] = all(any(norm(w) in h for h in have) for w in want)
        else:
            out[field] = norm(params.get(field)) == norm(want)
    return out


def run(coro):
    return anyio.run(coro)


async def http_session(url, body):
    async with streamable_http_client(url) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await body(session)


def next_weekday(days_ahead=2):
    d = date.today() + timedelta(days=days_ahead)
    while d.weekday() == 6:
        d += timedelta(days=1)
    return d.isoformat()


def test_handshake_and_tools_with_schemas(services):
    async def body(s):
        tools = await s.list_tools()
        by_name = {t.name: t for t in tools.tools}
        assert TOOLS <= set(by_name)
        extract = by_name["extractParameters"]
        assert "text" in extract.input_schema["properties"]
        assert extract.output_schema is not None
        assert extract.annotations.read_only_hint is True
        assert by_name["placeOrder"].annotations.read_only_hint is False
        assert "items" in by_name["placeOrder"].input_schema["properties"]
    run(lambda: http_session(services["mcp_url"], body))


def test_every_dev_case_is_extracted_right(services):
    cases = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    assert len(cases) >= 50

    async def body(s):
        failed = []
        for case in cases:
            result = await s.call_tool("extractParameters", case["input"])
            got = None if result.is_error else structured(result)
            marks = check(case["expect"], got)
            if not all(marks.values()):
                failed.append((case["id"], marks, got))
        return failed
    failed = run(lambda: http_session(services["mcp_url"], body))
    assert failed == [], failed


def test_business_tools_execute_through_the_session_manager(services):
    async def body(s):
        menu = structured(await s.call_tool("getMenu", {"category": "Drinks"}))
        assert all(i["category"] == "Drinks" for i in menu["items"])
        order = await s.call_tool("placeOrder", {
            "idempotency_key": "py-1", "customer_name": "Kevin", "phone": "07700 900123",
            "order_type": "Takeaway", "items": [{"item_name": "pepperoni", "quantity": 2}, {"item_name": "coke"}]})
        assert not order.is_error
        placed = structured(order)
        assert placed["status"] == "success" and placed["total_amount"] == "24.00"
        again = structured(await s.call_tool("placeOrder", {
            "idempotency_key": "py-1", "customer_name": "Kevin", "phone": "07700 900123",
            "order_type": "Takeaway", "items": [{"item_name": "pepperoni", "quantity": 2}, {"item_name": "coke"}]}))
        assert again["order_id"] == placed["order_id"], "a retried call orders nothing twice"
        status = structured(await s.call_tool("getOrderStatus", {"order_id": placed["order_id"]}))
        assert status["status"] == "Pending"
        refused = await s.call_tool("placeOrder", {"order_type": "Takeaway",
                                                   "items": [{"item_name": "cheeseburger", "quantity": 3}]})
        assert refused.is_error, "nothing was done"
        assert structured(refused)["unavailable_items"] == ["cheeseburger"]
        day = next_weekday()
        slots = structured(await s.call_tool("checkAvailability", {"service_type": "repair", "date": day}))
        assert slots["available_slots"]
        booked = structured(await s.call_tool("bookAppointment", {
            "service_type": "Repair", "appointment_date": day, "appointment_time": slots["available_slots"][0],
            "customer_name": "Ann"}))
        assert booked["status"] == "success"
        taken = await s.call_tool("bookAppointment", {
            "service_type": "Repair", "appointment_date": day, "appointment_time": slots["available_slots"][0],
            "customer_name": "Bob"})
        assert not taken.is_error, "alternatives are an answer to act on"
        assert structured(taken)["status"] == "partial" and structured(taken)["alternative_slots"]
        ticket = structured(await s.call_tool("createSupportTicket", {
            "issue_description": "the card machine is completely down", "priority": "Critical"}))
        assert ticket["status"] == "success" and ticket["response_time"] == "30 minutes"
    run(lambda: http_session(services["mcp_url"], body))


def test_bad_arguments_are_errors_naming_the_problem(services):
    async def body(s):
        from mcp.shared.exceptions import MCPError as McpError
        with pytest.raises(McpError) as err:
            await s.call_tool("getOrderStatus", {})
        assert "order_id" in str(err.value)
        with pytest.raises(McpError) as err:
            await s.call_tool("placeOrder", {"order_type": "Takeaway", "phone": "not a phone",
                                             "items": [{"item_name": "burger", "quantity": 2}]})
        assert "phone" in str(err.value)
        wrong_type = await s.call_tool("checkAvailability", {"service_type": 5, "date": "x"})
        assert wrong_type.is_error
    run(lambda: http_session(services["mcp_url"], body))


def test_stdio_transport(services):
    async def body():
        params = StdioServerParameters(command=services["bin"], args=["--stdio"], env=services["env"])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as s:
                init = await s.initialize()
                assert init.server_info.name == "mcp-voice-server"
                result = await s.call_tool("extractParameters", {
                    "text": "two pepperoni pizzas and a coke for delivery to 12 High Street",
                    "businessType": "restaurant", "context": {"now": "2026-11-20T10:00:00"}})
                got = structured(result)
                assert got["intent"] == "place_order"
                assert got["parameters"]["order_type"] == "Delivery"
                menu = structured(await s.call_tool("getMenu", {}))
                assert len(menu["items"]) == 24
    run(body)


def create_session(services, business_type):
    import urllib.request
    base = services["env"]["SESSION_MANAGER_URL"]
    req = urllib.request.Request(f"{base}/api/sessions", data=json.dumps({"businessType": business_type}).encode(),
                                 headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as res:
        return json.loads(res.read())


def test_a_conversation_accumulates_in_the_session_context(services):
    session = create_session(services, "restaurant")
    sid = session["sessionId"]

    async def body(s):
        now = "2026-11-20T10:00:00"
        first = structured(await s.call_tool("processVoiceInput", {
            "sessionId": sid, "text": "two pepperoni pizzas and a coke", "now": now}))
        assert first["merged"]["intent"] == "place_order"
        assert "customer_name" in first["missing"] and "phone" in first["missing"]
        assert first["tool"] == "placeOrder"
        second = structured(await s.call_tool("processVoiceInput", {
            "sessionId": sid, "text": "it's for collection, name's Kevin Hart", "now": now}))
        items = {i["item_name"]: i["quantity"] for i in second["merged"]["parameters"]["items"]}
        assert items == {"Pepperoni Pizza": 2, "Coca-Cola": 1}, "items accumulate across turns"
        assert second["merged"]["parameters"]["customer_name"] == "Kevin Hart"
        assert second["missing"] == ["phone"]
        assert "phone" in second["nextStep"]
        third = structured(await s.call_tool("processVoiceInput", {
            "sessionId": sid, "text": "my number is 07700 900123", "now": now}))
        assert third["missing"] == []
        assert third["form"]["complete"] is True
        assert "placeOrder" in third["nextStep"]
        form = structured(await s.call_tool("generateDynamicForm", {"businessType": "restaurant", "sessionId": sid}))
        values = {f["name"]: f.get("value") for f in form["fields"]}
        assert values["phone"] == "+447700900123"
        pushed = await s.call_tool("synchronizeUI", {"sessionId": sid, "form": {"note": "checking the kitchen"}})
        assert not pushed.is_error and structured(pushed)["seq"] >= 1
        blank = structured(await s.call_tool("generateDynamicForm", {"businessType": "appointment"}))
        assert blank["missing"] == ["service_type", "appointment_date", "appointment_time", "customer_name", "phone"]
        from mcp.shared.exceptions import MCPError
        with pytest.raises(MCPError) as err:
            await s.call_tool("processVoiceInput", {"sessionId": "no-such-session", "text": "hello"})
        assert "sessionId" in str(err.value)
    run(lambda: http_session(services["mcp_url"], body))


def test_foreign_origins_and_missing_tokens_are_refused(services):
    import subprocess
    import urllib.error
    import urllib.request

    from conftest import free_port, wait_listening

    init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}).encode()
    headers = {"content-type": "application/json", "accept": "application/json, text/event-stream"}

    def post(url, extra):
        req = urllib.request.Request(url, data=init, headers={**headers, **extra}, method="POST")
        try:
            with urllib.request.urlopen(req) as res:
                return res.status
        except urllib.error.HTTPError as e:
            return e.code

    assert post(services["mcp_url"], {"origin": "http://evil.example"}) == 403
    assert post(services["mcp_url"], {"origin": "http://localhost:3000"}) == 200
    proc = subprocess.Popen([services["bin"], "--bind", f"127.0.0.1:{free_port()}"],
                            env={**services["env"], "MCP_TOKEN": "mcp-secret-token-123"},
                            stdout=subprocess.PIPE, text=True)
    try:
        url = "http://" + wait_listening(proc, "mcp-voice-server")
        assert post(url, {}) == 401
        assert post(url, {"authorization": "Bearer wrong"}) == 401
        assert post(url, {"authorization": "Bearer mcp-secret-token-123"}) == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


RESOURCES = {"business://menu", "business://services", "business://hours"}
PROMPTS = {"system_prompt_restaurant", "system_prompt_appointment", "system_prompt_support"}


async def check_resources_and_prompts(s):
    """Lists and reads every resource, lists and gets every prompt, and the errors for unknown ones."""
    from mcp.shared.exceptions import MCPError
    listed = (await s.list_resources()).resources
    assert {str(r.uri) for r in listed} == RESOURCES
    for resource in listed:
        assert resource.name and resource.title and resource.description
        assert resource.mime_type == "application/json"
        contents = (await s.read_resource(str(resource.uri))).contents
        assert len(contents) == 1 and contents[0].mime_type == "application/json"
        data = json.loads(contents[0].text)
        if str(resource.uri) == "business://menu":
            assert data["currency"] == "GBP" and len(data["items"]) == 24
        elif str(resource.uri) == "business://services":
            assert {x["service_name"] for x in data["services"]} >= {"Repair", "Consultation"}
        else:
            assert data["business_hours"]["sunday"] is None
            assert data["business_hours"]["monday"] == ["09:00", "18:00"]
    with pytest.raises(MCPError) as err:
        await s.read_resource("business://wine-list")
    assert "business://wine-list" in err.value.message

    prompts = (await s.list_prompts()).prompts
    assert {p.name for p in prompts} == PROMPTS
    for prompt in prompts:
        assert [(a.name, a.required) for a in prompt.arguments] == [("customer_name", False)]
        plain = await s.get_prompt(prompt.name)
        assert len(plain.messages) == 1 and plain.messages[0].role == "user"
        assert plain.messages[0].content.text.startswith("You are the friendly phone assistant")
        named = await s.get_prompt(prompt.name, {"customer_name": "Kevin"})
        assert "The caller gave their name as Kevin." in named.messages[0].content.text
    restaurant = await s.get_prompt("system_prompt_restaurant")
    assert "Pepperoni Pizza" in restaurant.messages[0].content.text
    with pytest.raises(MCPError) as err:
        await s.get_prompt("system_prompt_bakery")
    assert err.value.code == -32602 and "system_prompt_bakery" in err.value.message


def test_resources_and_prompts_over_http_and_stdio(services):
    run(lambda: http_session(services["mcp_url"], check_resources_and_prompts))

    async def over_stdio():
        params = StdioServerParameters(command=services["bin"], args=["--stdio"], env=services["env"])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as s:
                init = await s.initialize()
                assert init.capabilities.resources is not None and init.capabilities.prompts is not None
                await check_resources_and_prompts(s)
    run(over_stdio)
