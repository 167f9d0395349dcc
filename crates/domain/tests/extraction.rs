//! Extraction tests: the published dev set, scored exactly as
//! `shared/nlu/score.py` scores it, plus rule tables written from the SPEC
//! (one `check` helper), conversation merges, hostile inputs and a timing
//! print-out.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{Value, json};
use voice_domain::catalog::Catalog;
use voice_domain::extract::{ConversationContext, Extractor, extract, extract_at};
use voice_types::extraction::{ExtractInput, ExtractedItem, Extraction, Intent};

const DEV_CASES: &str = include_str!("data/nlu_dev.jsonl");
/// More cases written from the SPEC's rules, in the dev-set format; an
/// optional top-level `missing` (compared as a set) and `absent` (fields
/// that must not be returned) sit outside `expect`, so score.py still reads
/// the file.
const EXTRA_CASES: &str = include_str!("data/nlu_extra.jsonl");
/// Cases written blind (from the SPEC and the catalog only, without reading
/// this code or the other case files) by eight reviewers in session 8, one
/// after another, to measure how extraction generalizes: `blind1-*` passed
/// 286/307 before its fixes, `blind2-*` (written after them) 307/316,
/// `blind3-*` 353/377, `blind4-*` 376/384, `blind5-*` 318/331, `blind6-*`
/// 304/311, `blind7-*` 299/308, `blind8-*` 345/350. The failures were fixed
/// by rule, and the file is kept as a regression set; two cases of round 8
/// about how modifiers are worded ("with gluten free bun", "dressing on the
/// side") are not fixed yet and are left out.
const BLIND_CASES: &str = include_str!("data/nlu_blind.jsonl");
const NOW: &str = "2026-11-20T10:00:00";

// ---------------------------------------------------------------- scoring

/// `norm` of score.py: lower case, whitespace collapsed; `None` for null.
fn norm(v: Option<&Value>) -> Option<String> {
    let v = v.filter(|v| !v.is_null())?;
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Some(
        s.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// `check` of score.py: `{field: passed}` for every field the case checks.
fn score_check(expect: &Value, got: &Value) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let empty = json!({});
    let params = got
        .get("parameters")
        .filter(|p| p.is_object())
        .unwrap_or(&empty);
    let Some(fields) = expect.as_object() else {
        return out;
    };
    for (field, want) in fields {
        let ok = match field.as_str() {
            "intent" => got.get("intent") == Some(want),
            "items" => items_match(want, params.get("items")),
            "unrecognized_items" => {
                let have: Vec<String> = got
                    .get("unrecognized_items")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| norm(Some(x))).collect())
                    .unwrap_or_default();
                want.as_array().into_iter().flatten().all(|w| {
                    let w = norm(Some(w)).unwrap_or_default();
                    have.iter().any(|h| h.contains(&w))
                })
            }
            other => norm(params.get(other)) == norm(Some(want)),
        };
        out.insert(field.clone(), ok);
    }
    out
}

fn items_match(want: &Value, have: Option<&Value>) -> bool {
    let want = want.as_array().cloned().unwrap_or_default();
    let have = have.and_then(Value::as_array).cloned().unwrap_or_default();
    let key = |i: &Value| -> Option<(Option<String>, i64)> {
        let q = match i.get("quantity") {
            None => 1,
            Some(q) => q.as_i64()?,
        };
        Some((norm(i.get("item_name")), q))
    };
    let mut want_ms: Vec<_> = want
        .iter()
        .map(|i| key(i).expect("a valid expectation"))
        .collect();
    let have_ms: Option<Vec<_>> = have.iter().map(key).collect();
    want_ms.sort();
    let Some(mut have_ms) = have_ms else {
        return false;
    };
    have_ms.sort();
    if want_ms != have_ms {
        return false;
    }
    want.iter().all(|w| {
        let words = w
            .get("special_instructions")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if words.is_empty() {
            return true;
        }
        let name = norm(w.get("item_name"));
        let text = have
            .iter()
            .find(|h| norm(h.get("item_name")) == name)
            .and_then(|h| norm(h.get("special_instructions")))
            .unwrap_or_default();
        words
            .iter()
            .all(|x| text.contains(&norm(Some(x)).unwrap_or_default()))
    })
}

fn run(input: &ExtractInput) -> Value {
    let got = extract(input, Catalog::demo());
    serde_json::to_value(&got).expect("an extraction serializes")
}

/// The fields of one case that fail, scored as score.py scores them, plus
/// the optional top-level `missing` and `absent` checks.
fn case_failures(case: &Value, got: &Value) -> Vec<String> {
    let mut bad: Vec<String> = score_check(&case["expect"], got)
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(f, _)| f)
        .collect();
    if let Some(want) = case.get("missing").and_then(Value::as_array) {
        let set = |a: &[Value]| {
            let mut v: Vec<String> = a.iter().filter_map(|x| norm(Some(x))).collect();
            v.sort();
            v
        };
        let have = got["missing"]
            .as_array()
            .map(|a| set(a))
            .unwrap_or_default();
        if set(want) != have {
            bad.push("missing".to_owned());
        }
    }
    for field in case
        .get("absent")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let f = field.as_str().unwrap_or_default();
        if got["parameters"].get(f).is_some() {
            bad.push(format!("absent:{f}"));
        }
    }
    bad
}

/// Runs every case of a JSONL file and asserts that all pass.
fn run_case_file(label: &str, cases: &str) {
    let mut failures = Vec::new();
    let mut n_cases = 0;
    for line in cases.lines().filter(|l| !l.trim().is_empty()) {
        n_cases += 1;
        let case: Value = serde_json::from_str(line).expect("a case is JSON");
        let input: ExtractInput =
            serde_json::from_value(case["input"].clone()).expect("a case input parses");
        let got = run(&input);
        let bad = case_failures(&case, &got);
        if !bad.is_empty() {
            failures.push(format!(
                "FAIL {}: {:?} fields={bad:?}\n  expected {}\n  got      {}",
                case["id"], input.text, case["expect"], got
            ));
        }
    }
    println!(
        "{label} cases: {}/{n_cases} passed",
        n_cases - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_dev_case_passes_as_score_py_scores_it() {
    run_case_file("dev", DEV_CASES);
}

#[test]
fn every_extra_case_passes_as_score_py_scores_it() {
    run_case_file("extra", EXTRA_CASES);
}

#[test]
fn every_blind_case_passes_as_score_py_scores_it() {
    run_case_file("blind", BLIND_CASES);
}

// ------------------------------------------------------- the check helper

fn input(business: &str, text: &str) -> ExtractInput {
    serde_json::from_value(json!({
        "text": text,
        "businessType": business,
        "context": {"now": NOW, "timezone": "Europe/London"}
    }))
    .expect("a test input parses")
}

/// Runs one utterance and checks `expect` as score.py would, plus two keys
/// of our own: `missing` (exact list) and `absent` (fields not returned).
fn check(business: &str, text: &str, expect: Value) {
    let got = run(&input(business, text));
    let mut scored = expect.clone();
    let obj = scored.as_object_mut().expect("an expectation object");
    let missing = obj.remove("missing");
    let absent = obj.remove("absent");
    let marks = score_check(&scored, &got);
    let bad: Vec<_> = marks
        .iter()
        .filter(|(_, ok)| !**ok)
        .map(|(f, _)| f.clone())
        .collect();
    assert!(
        bad.is_empty(),
        "{text:?}: fields {bad:?}\n  expected {expect}\n  got      {got}"
    );
    if let Some(m) = missing {
        assert_eq!(got["missing"], m, "{text:?}: missing\n  got {got}");
    }
    for field in absent
        .iter()
        .flat_map(|a| a.as_array().cloned().unwrap_or_default())
    {
        let f = field.as_str().unwrap_or_default();
        assert!(
            got["parameters"].get(f).is_none(),
            "{text:?}: {f} should be absent\n  got {got}"
        );
    }
}

// ------------------------------------------------------------ rule tables

/// What the session-9 adversarial review (probing for weak spots) found,
/// by rule, in sentences of our own.
/// One head noun shared by two dishes, said after both or before both.
#[test]
fn one_head_noun_can_serve_two_dishes() {
    let r = "restaurant";
    check(
        r,
        "one beef and one veggie burger please",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1}, {"item_name": "Veggie Burger", "quantity": 1}]}),
    );
    check(
        r,
        "a beef burger and two veggie ones",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1}, {"item_name": "Veggie Burger", "quantity": 2}]}),
    );
    check(
        r,
        "one veggie and one beef burger with no onions",
        json!({"items": [{"item_name": "Veggie Burger", "quantity": 1}, {"item_name": "Classic Beef Burger", "quantity": 1, "special_instructions": ["no onions"]}]}),
    );
    // No dish of that name: nothing is made up, and a dish word read with
    // the shared head is reported as the caller said it.
    check(
        r,
        "a large and a small pizza",
        json!({"intent": "place_order", "items": []}),
    );
    check(
        r,
        "one chicken and one veggie burger",
        json!({"items": [{"item_name": "Veggie Burger", "quantity": 1}], "unrecognized_items": ["chicken burger"]}),
    );
}

#[test]
fn rules_found_by_the_adversarial_review() {
    let (r, a, s) = ("restaurant", "appointment", "support");
    // Asking about the menu, a dish or a price is not ordering it.
    check(
        r,
        "I want to know what the lasagne costs",
        json!({"intent": "get_menu"}),
    );
    check(r, "which desserts are there", json!({"intent": "get_menu"}));
    check(r, "is the lemonade fizzy", json!({"intent": "get_menu"}));
    check(r, "what's the weather doing", json!({"intent": "unknown"}));
    // Order progress in the caller's words.
    check(r, "where are my chips", json!({"intent": "order_status"}));
    check(
        r,
        "how long will the burgers take",
        json!({"intent": "order_status"}),
    );
    check(
        r,
        "I'm just checking on my order",
        json!({"intent": "order_status"}),
    );
    check(
        s,
        "my parcel hasn't arrived yet",
        json!({"intent": "create_ticket"}),
    );
    // People asked for, and people merely mentioned.
    check(
        r,
        "could I have a word with the waiter",
        json!({"intent": "human_handoff"}),
    );
    check(
        s,
        "is a supervisor available",
        json!({"intent": "human_handoff"}),
    );
    check(
        a,
        "I need a technician to fix my boiler on Monday",
        json!({"intent": "book_appointment"}),
    );
    // Cancelling in other word forms; a cancelled card is a problem.
    check(
        a,
        "I'd like my booking cancelled",
        json!({"intent": "cancel"}),
    );
    check(r, "forget my order", json!({"intent": "cancel"}));
    check(
        s,
        "my card was cancelled by the bank",
        json!({"intent": "create_ticket"}),
    );
    // Availability in other words; picking a slot books it.
    check(
        a,
        "are you busy on Tuesday",
        json!({"intent": "check_availability"}),
    );
    check(
        a,
        "I'll take the 3 o'clock slot",
        json!({"intent": "book_appointment"}),
    );
    check(
        a,
        "you charged me twice for the repair",
        json!({"intent": "create_ticket"}),
    );
    // Items said short or spelled as heard; picking up is Takeaway.
    check(
        r,
        "one classic burger and two frys",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1}, {"item_name": "Fries", "quantity": 2}]}),
    );
    check(
        r,
        "we're picking them up",
        json!({"order_type": "Takeaway"}),
    );
    // Names: a strong cue wins over an earlier weak one; first names that
    // are words; a spoken hyphen in a domain; a bare hour before a clause.
    check(
        r,
        "I'm allergic to nuts, my name is Ola Berg",
        json!({"customer_name": "Ola Berg"}),
    );
    check(
        a,
        "my name is will jones",
        json!({"customer_name": "Will Jones"}),
    );
    check(
        s,
        "my email is ann at big dash bank dot com",
        json!({"email": "ann@big-bank.com"}),
    );
    check(
        a,
        "a repair on Monday at 4 my name is Ann",
        json!({"appointment_time": "16:00", "customer_name": "Ann"}),
    );
    // A number said just before the phone number is not part of it.
    check(
        r,
        "collection at 7, 07700 900777",
        json!({"phone": "+447700900777", "order_type": "Takeaway"}),
    );
    check(
        a,
        "a repair on 4/12 at 9 07700 900321",
        json!({"appointment_time": "09:00", "phone": "+447700900321"}),
    );
    // The order type turned down is not the one chosen.
    check(
        r,
        "eat in rather than takeaway",
        json!({"order_type": "Dine-in"}),
    );
    check(
        r,
        "rather than collection, deliver it please",
        json!({"order_type": "Delivery"}),
    );
    // Modifier clauses joined by "and"/"but", after "the", with "a".
    check(
        r,
        "a veggie burger but without the bun, and a coffee with an extra shot",
        json!({"items": [{"item_name": "Veggie Burger", "quantity": 1, "special_instructions": ["without the bun"]}, {"item_name": "Coffee", "quantity": 1, "special_instructions": ["extra shot"]}]}),
    );
    check(
        r,
        "fries with salt and pepper",
        json!({"items": [{"item_name": "Fries", "quantity": 1, "special_instructions": ["salt", "pepper"]}]}),
    );
    // A dish after "the" is still reported; a human who helps is asked for.
    check(
        r,
        "I'll have the paella and the tiramisu",
        json!({"unrecognized_items": ["paella"], "items": [{"item_name": "Tiramisu", "quantity": 1}]}),
    );
    check(
        s,
        "can a human help me with my login",
        json!({"intent": "human_handoff"}),
    );
    check(
        s,
        "my order arrived broken",
        json!({"intent": "create_ticket"}),
    );
    check(
        r,
        "deliver it to The Old Mill, Station Road",
        json!({"delivery_address": "The Old Mill, Station Road"}),
    );
    // A bare hour is a time unless a count or a street follows it.
    check(
        a,
        "tomorrow at 4 I'd like a consultation",
        json!({"appointment_time": "16:00"}),
    );
    check(
        a,
        "a repair at 2 o clock on Friday",
        json!({"appointment_time": "14:00"}),
    );
    check(
        a,
        "can you come for 2 hours on Friday at 10",
        json!({"appointment_time": "10:00"}),
    );
    // A weekday after a weak cue is the date.
    check(
        a,
        "it's Thursday",
        json!({"appointment_date": "2026-11-26", "absent": ["customer_name"]}),
    );
    // Wanting a service books it; the caller's own free time asks nothing.
    check(
        a,
        "I need a repair on Monday at 10, I'm free all day",
        json!({"intent": "book_appointment"}),
    );
    check(
        a,
        "could I have a repair on Monday if you're free",
        json!({"intent": "check_availability"}),
    );
    // An alias used as a verb does not name the service.
    check(
        a,
        "can we set up a repair for Tuesday",
        json!({"service_type": "Repair"}),
    );
    // Cancel words in a story are no cancel.
    check(
        s,
        "the engineer cancelled twice and I was charged",
        json!({"intent": "create_ticket", "category": "Billing"}),
    );
    check(
        a,
        "is there anyone I can speak to",
        json!({"intent": "human_handoff"}),
    );
    // "for the team please" orders for people; it asks for no one.
    check(
        r,
        "six teas for the team please",
        json!({"intent": "place_order"}),
    );
    // Capitals in a shouted email say nothing about the name's case.
    check(
        a,
        "this is ella north and my email is ELLA@EXAMPLE.COM",
        json!({"customer_name": "Ella North"}),
    );
    // The caller's own items and their progress; menu questions in other words.
    check(
        r,
        "is my lasagne ready yet",
        json!({"intent": "order_status"}),
    );
    check(
        r,
        "my garlic bread hasn't arrived",
        json!({"intent": "order_status"}),
    );
    check(
        r,
        "price of the onion rings please",
        json!({"intent": "get_menu"}),
    );
    check(r, "how spicy is the chilli", json!({"intent": "get_menu"}));
    check(r, "are you open on Mondays", json!({"intent": "unknown"}));
    check(r, "sorry, wrong number", json!({"intent": "unknown"}));
    // Serving words and a table for some people.
    check(
        r,
        "a side of onion rings and a jug of water",
        json!({"items": [{"item_name": "Onion Rings", "quantity": 1}, {"item_name": "Sparkling Water", "quantity": 1}]}),
    );
    check(
        r,
        "table for three, two pizzas",
        json!({"order_type": "Dine-in"}),
    );
    check(
        r,
        "it's under the name Okafor",
        json!({"customer_name": "Okafor"}),
    );
    // Plural and inflected priority and category words.
    check(
        s,
        "we've had outages all week and I was invoiced twice",
        json!({"priority": "Critical", "category": "Billing"}),
    );
    // A fault with cancelling is a problem; off-topic calls are unknown.
    check(
        s,
        "I can't cancel my plan, the website gives an error",
        json!({"intent": "create_ticket", "category": "Technical"}),
    );
    check(s, "tell me a joke", json!({"intent": "unknown"}));
    check(r, "thanks, bye", json!({"intent": "unknown"}));
    // Complaints in restaurant and appointment calls are tickets.
    check(
        r,
        "the lasagne was burnt and I want a refund",
        json!({"intent": "create_ticket", "category": "Billing"}),
    );
    check(
        a,
        "the booking site keeps crashing",
        json!({"intent": "create_ticket", "category": "Technical"}),
    );
    // Particles in surnames; a surname that is a word before "my".
    check(
        s,
        "this is Anna de la Cruz, the app won't load",
        json!({"customer_name": "Anna de la Cruz"}),
    );
    check(
        a,
        "i'm joe hall my number is 07700 900888",
        json!({"customer_name": "Joe Hall", "intent": "book_appointment"}),
    );
    // The rules above do not over-reach: a fault given as the reason for
    // calling still orders or books; a price mentioned is no price question;
    // "don't cancel" cancels nothing; please before a modifier.
    check(
        r,
        "the app won't load so I'm ringing, three garlic breads for collection",
        json!({"intent": "place_order", "order_type": "Takeaway"}),
    );
    check(
        a,
        "the website crashed, I'd like a repair on Tuesday at 3pm",
        json!({"intent": "book_appointment", "service_type": "Repair"}),
    );
    check(
        r,
        "a lasagne, the price doesn't matter",
        json!({"intent": "place_order"}),
    );
    check(
        r,
        "don't cancel, add a lemonade",
        json!({"intent": "place_order"}),
    );
    check(
        r,
        "a coffee please, no sugar",
        json!({"items": [{"item_name": "Coffee", "quantity": 1, "special_instructions": ["no sugar"]}]}),
    );
    check(
        s,
        "where is my refund",
        json!({"intent": "create_ticket", "category": "Billing"}),
    );
    check(
        r,
        "two cokes, we're at 9 Southgate",
        json!({"delivery_address": "9 Southgate", "order_type": "Delivery"}),
    );
    check(
        r,
        "my name is Amy Still",
        json!({"customer_name": "Amy Still"}),
    );
}

/// What the session-9 blind review found, by rule, in sentences of our own.
#[test]
fn rules_found_by_the_second_blind_review() {
    let (r, a, s) = ("restaurant", "appointment", "support");
    // A price question with a count is still a price question.
    check(
        r,
        "how much would three garlic breads be",
        json!({"intent": "get_menu"}),
    );
    check(
        r,
        "three garlic breads please, how much is that",
        json!({"intent": "place_order"}),
    );
    // Asking to hear the menu, or what a category holds.
    check(
        r,
        "could you read me the sides",
        json!({"intent": "get_menu"}),
    );
    check(
        r,
        "which burgers do you have",
        json!({"intent": "get_menu"}),
    );
    check(
        r,
        "please list your desserts",
        json!({"intent": "get_menu"}),
    );
    // "works for me" picks the slot; "does it work" asks about it.
    check(
        a,
        "Monday at 11 suits me fine",
        json!({"intent": "book_appointment", "appointment_time": "11:00"}),
    );
    check(
        a,
        "would Monday at 11 work?",
        json!({"intent": "check_availability"}),
    );
    check(
        a,
        "does next Wednesday suit you",
        json!({"intent": "check_availability"}),
    );
    // A question about something else is not a bare date.
    check(a, "who's playing on Sunday", json!({"intent": "unknown"}));
    check(
        a,
        "how about Sunday at 2",
        json!({"intent": "book_appointment"}),
    );
    // A name is no cue: "Price", "Cost" in a name ask nothing.
    check(
        r,
        "hi, my name is jo price",
        json!({"intent": "place_order", "customer_name": "Jo Price"}),
    );
    check(
        a,
        "This is Tom Price, 07700 900456",
        json!({"intent": "book_appointment", "customer_name": "Tom Price"}),
    );
    // Compounds inside a longer name, and what is sent where.
    check(
        r,
        "one vanilla icecream",
        json!({"items": [{"item_name": "Vanilla Ice Cream", "quantity": 1}]}),
    );
    check(
        r,
        "deliver the two pizzas to 8 Mill Approach",
        json!({"order_type": "Delivery", "delivery_address": "8 Mill Approach"}),
    );
    // Order progress, and a complaint about how long it took.
    check(
        r,
        "has the food been dispatched",
        json!({"intent": "order_status"}),
    );
    check(
        s,
        "I'm unhappy with how long my order took to arrive",
        json!({"intent": "create_ticket"}),
    );
}

/// What the session-8 blind review found, by rule, in sentences of our own.
#[test]
fn rules_found_by_the_blind_review() {
    let (r, a, s) = ("restaurant", "appointment", "support");
    // A service followed by its noun still names it; "set up an appointment" does not.
    check(
        a,
        "i need a maintenance slot next tuesday",
        json!({"service_type": "Maintenance"}),
    );
    check(
        a,
        "can I set up an appointment for friday",
        json!({"intent": "book_appointment", "absent": ["service_type"]}),
    );
    // Names: a lower-case clause in cased text, hyphens, and priority words.
    check(
        s,
        "My Wifi keeps dropping, this is priya shah",
        json!({"customer_name": "Priya Shah"}),
    );
    check(
        s,
        "name's mary-jane o'neill",
        json!({"customer_name": "Mary-Jane O'Neill"}),
    );
    check(
        s,
        "this is critical, the whole office is offline",
        json!({"priority": "Critical", "absent": ["customer_name"]}),
    );
    check(
        s,
        "this is low priority, just a question about my plan",
        json!({"priority": "Low", "absent": ["customer_name"]}),
    );
    // Singulars of plural names, and a one-letter slip in a short word.
    check(
        r,
        "one onion ring",
        json!({"items": [{"item_name": "Onion Rings", "quantity": 1}]}),
    );
    check(
        r,
        "two garlic brad",
        json!({"items": [{"item_name": "Garlic Bread", "quantity": 2}]}),
    );
    // A bare hour after "for", and before "free".
    check(
        a,
        "book a repair for 10 tomorrow",
        json!({"appointment_time": "10:00"}),
    );
    check(
        a,
        "is monday at 4 available for a consult",
        json!({"appointment_time": "16:00"}),
    );
    // Intents.
    check(
        r,
        "how much longer is the delivery",
        json!({"intent": "order_status"}),
    );
    check(r, "tell me what you've got", json!({"intent": "get_menu"}));
    check(
        a,
        "just checking if you have anything thursday",
        json!({"intent": "check_availability"}),
    );
    // Round 3: person words asked for, not merely said.
    for asks in [
        "can I speak to the manager",
        "get me a human please",
        "manager please",
        "is there someone I can talk to",
        "can I speak to the chef",
        "I want a person, not a machine",
        "give me an agent",
    ] {
        check(r, asks, json!({"intent": "human_handoff"}));
    }
    check(
        r,
        "I'm the office manager and I'd like to order twelve pepperoni pizzas",
        json!({"intent": "place_order", "items": [{"item_name": "Pepperoni Pizza", "quantity": 12}]}),
    );
    check(
        s,
        "the human resources app crashes",
        json!({"intent": "create_ticket", "category": "Technical"}),
    );
    check(
        a,
        "I need someone to set up my system on wednesday at 9am",
        json!({"intent": "book_appointment", "service_type": "Installation"}),
    );
    // Weak name cues followed by what is going on, not a name.
    for text in [
        "this is taking forever, where is my order",
        "I'm starving, a burger please",
        "it's sorted now, thanks",
    ] {
        check(r, text, json!({"absent": ["customer_name"]}));
    }
    // The SPEC's category words decide before our wider lists; names are not read.
    check(
        s,
        "what model is the basic router",
        json!({"category": "Product"}),
    );
    check(
        s,
        "my name is Bill Turner and the wifi is down",
        json!({"customer_name": "Bill Turner", "category": "Technical"}),
    );
    // "some" starts a noun phrase; a modifier may come before its item.
    check(
        r,
        "could I get some sushi please",
        json!({"unrecognized_items": ["sushi"]}),
    );
    check(
        r,
        "extra cheese on the margherita please",
        json!({"items": [{"item_name": "Margherita Pizza", "quantity": 1, "special_instructions": "extra cheese"}]}),
    );
    // Hesitations are not words.
    check(
        r,
        "two, um, pepperoni pizzas and a coke",
        json!({"items": [{"item_name": "Pepperoni Pizza", "quantity": 2}, {"item_name": "Coca-Cola", "quantity": 1}]}),
    );
    check(
        r,
        "erm my name is uh John Smith",
        json!({"customer_name": "John Smith"}),
    );
    check(
        a,
        "a repair in uh three days at, um, 11",
        json!({"appointment_date": "2026-11-23", "appointment_time": "11:00"}),
    );
    // Addresses: a time is not a house number; "my house" waits for the street.
    check(
        r,
        "deliver at 7pm to 4 Mill Road, a burger",
        json!({"delivery_address": "4 Mill Road"}),
    );
    check(
        r,
        "send it to my house at 12 Rose Avenue",
        json!({"delivery_address": "12 Rose Avenue"}),
    );
    check(
        r,
        "I ordered an hour ago, where is it",
        json!({"intent": "order_status"}),
    );
    check(
        a,
        "what services do you offer",
        json!({"intent": "get_menu", "absent": ["service_type"]}),
    );
    // Round 4.
    check(
        a,
        "five thirty",
        json!({"intent": "book_appointment", "appointment_time": "17:30"}),
    );
    check(
        a,
        "repair please, next Friday, ten forty-five",
        json!({"appointment_time": "10:45"}),
    );
    check(
        a,
        "it's one fifty pounds isn't it",
        json!({"absent": ["appointment_time"]}),
    );
    check(
        s,
        "this is Nguyen Van An",
        json!({"customer_name": "Nguyen Van An"}),
    );
    check(
        a,
        "do you have an opening next Thursday for repairs",
        json!({"intent": "check_availability", "service_type": "Repair"}),
    );
    check(
        r,
        "takeaway, no wait, delivery to 18 Mill Lane",
        json!({"order_type": "Delivery", "delivery_address": "18 Mill Lane"}),
    );
    check(
        r,
        "two burgers, not for delivery",
        json!({"absent": ["order_type"]}),
    );
    // Round 5: weekday and month words in names, and still in dates.
    check(
        r,
        "my name is April Jones",
        json!({"intent": "place_order", "customer_name": "April Jones"}),
    );
    check(
        s,
        "hi, it's June Baker, the app crashed",
        json!({"customer_name": "June Baker"}),
    );
    check(
        a,
        "I'm Ray Friday, book a repair on Monday at 3",
        json!({"customer_name": "Ray Friday", "appointment_date": "2026-11-23"}),
    );
    check(
        a,
        "this is Sam, Monday at 3pm please",
        json!({"customer_name": "Sam", "appointment_date": "2026-11-23", "appointment_time": "15:00"}),
    );
    check(
        a,
        "this is Sam Monday at 3pm please",
        json!({"customer_name": "Sam", "appointment_date": "2026-11-23"}),
    );
    check(
        a,
        "can I come in May 3rd, I'm Tom",
        json!({"customer_name": "Tom", "appointment_date": "2027-05-03"}),
    );
    check(
        a,
        "a repair on friday, i'm sam",
        json!({"customer_name": "Sam", "appointment_date": "2026-11-27"}),
    );
    // Round 6.
    for asks in [
        "do you have room for a repair on Friday",
        "is Friday possible for a consultation",
        "are you booked up on Monday for maintenance",
        "can you see if Wednesday works for a repair",
    ] {
        check(a, asks, json!({"intent": "check_availability"}));
    }
    check(
        r,
        "get me someone from staff",
        json!({"intent": "human_handoff"}),
    );
    check(
        s,
        "I can't log into my account",
        json!({"category": "Technical"}),
    );
    // Round 7: dishes not on the menu without "a"; escalation.
    check(
        r,
        "garlic mushrooms and a pepperoni pizza",
        json!({"unrecognized_items": ["garlic mushrooms"]}),
    );
    check(
        r,
        "I'd like garlic prawns and a coke",
        json!({"unrecognized_items": ["garlic prawns"]}),
    );
    check(
        r,
        "two coffees and scones",
        json!({"unrecognized_items": ["scone"]}),
    );
    check(
        r,
        "lasagne please",
        json!({"intent": "place_order", "unrecognized_items": ["lasagne"]}),
    );
    for fine in [
        "perfect, thanks",
        "brilliant",
        "collection and cash please",
        "yes please",
    ] {
        let got = run(&input(r, fine));
        assert_eq!(got["unrecognized_items"], json!([]), "{fine:?}: {got}");
    }
    // Round 8: "fried" is a word, not a slip for "fries".
    check(
        r,
        "some fried chicken and a coke",
        json!({"items": [{"item_name": "Coca-Cola", "quantity": 1}], "unrecognized_items": ["fried chicken"]}),
    );
    check(
        s,
        "please escalate this to a manager",
        json!({"intent": "human_handoff"}),
    );
    check(
        s,
        "escalate this to staff",
        json!({"intent": "human_handoff"}),
    );
    for odd in ["um uh hmm", "zxcv bnm qwrt", "erm blah blah"] {
        for business in [r, a, s] {
            check(business, odd, json!({"intent": "unknown"}));
        }
    }
}

#[test]
fn items_quantities_and_plurals() {
    let r = "restaurant";
    check(
        r,
        "three margherita pizzas",
        json!({"intent": "place_order", "items": [{"item_name": "Margherita Pizza", "quantity": 3}]}),
    );
    check(
        r,
        "12 cokes please",
        json!({"items": [{"item_name": "Coca-Cola", "quantity": 12}]}),
    );
    check(
        r,
        "an americano",
        json!({"items": [{"item_name": "Coffee", "quantity": 1}]}),
    );
    check(
        r,
        "a pair of veggie burgers",
        json!({"items": [{"item_name": "Veggie Burger", "quantity": 2}]}),
    );
    check(
        r,
        "a dozen onion rings",
        json!({"items": [{"item_name": "Onion Rings", "quantity": 12}]}),
    );
    check(
        r,
        "half a dozen garlic breads",
        json!({"items": [{"item_name": "Garlic Bread", "quantity": 6}]}),
    );
    check(
        r,
        "eleven lemonades and ten fries",
        json!({"items": [{"item_name": "Lemonade", "quantity": 11}, {"item_name": "Fries", "quantity": 10}]}),
    );
    check(
        r,
        "seven fish and chips",
        json!({"items": [{"item_name": "Fish and Chips", "quantity": 7}]}),
    );
    check(
        r,
        "I'll have a couple of brownies and one tiramisu",
        json!({"items": [{"item_name": "Chocolate Brownie", "quantity": 2}, {"item_name": "Tiramisu", "quantity": 1}]}),
    );
    check(
        r,
        "pepperoni pizza",
        json!({"intent": "place_order", "items": [{"item_name": "Pepperoni Pizza", "quantity": 1}]}),
    );
    check(
        r,
        "two diet cokes, one coke and a fizzy water",
        json!({"items": [{"item_name": "Diet Coke", "quantity": 2}, {"item_name": "Coca-Cola", "quantity": 1}, {"item_name": "Sparkling Water", "quantity": 1}]}),
    );
    check(
        r,
        "4 coca-colas",
        json!({"items": [{"item_name": "Coca-Cola", "quantity": 4}]}),
    );
    check(
        r,
        "five quattro formaggi",
        json!({"items": [{"item_name": "Four Cheese Pizza", "quantity": 5}]}),
    );
    check(
        r,
        "two four cheese pizzas",
        json!({"items": [{"item_name": "Four Cheese Pizza", "quantity": 2}]}),
    );
    check(
        r,
        "a barbecue chicken pizza and a vegetable supreme",
        json!({"items": [{"item_name": "BBQ Chicken Pizza", "quantity": 1}, {"item_name": "Vegetable Supreme Pizza", "quantity": 1}]}),
    );
    check(
        r,
        "two bottles of sparkling water",
        json!({"items": [{"item_name": "Sparkling Water", "quantity": 2}]}),
    );
    check(
        r,
        "a caesar salad and a green salad",
        json!({"items": [{"item_name": "Chicken Caesar Salad", "quantity": 1}, {"item_name": "Side Salad", "quantity": 1}]}),
    );
    check(
        r,
        "two ice creams",
        json!({"items": [{"item_name": "Vanilla Ice Cream", "quantity": 2}]}),
    );
}

#[test]
fn items_with_spelling_slips() {
    let r = "restaurant";
    check(
        r,
        "a peperoni pizza",
        json!({"items": [{"item_name": "Pepperoni Pizza", "quantity": 1}]}),
    );
    check(
        r,
        "two tiramisus and a lemonaid",
        json!({"items": [{"item_name": "Tiramisu", "quantity": 2}, {"item_name": "Lemonade", "quantity": 1}]}),
    );
    check(
        r,
        "spagetti carbonara",
        json!({"items": [{"item_name": "Spaghetti Carbonara", "quantity": 1}]}),
    );
    check(
        r,
        "a chocolate browny",
        json!({"items": [{"item_name": "Chocolate Brownie", "quantity": 1}]}),
    );
    check(
        r,
        "one hamburgr",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1}]}),
    );
}

#[test]
fn modifiers_become_special_instructions() {
    let r = "restaurant";
    check(
        r,
        "a burger with extra cheese and no pickles",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1, "special_instructions": ["extra cheese", "no pickles"]}]}),
    );
    check(
        r,
        "two margheritas without basil and a coke with no ice",
        json!({"items": [{"item_name": "Margherita Pizza", "quantity": 2, "special_instructions": ["without basil"]}, {"item_name": "Coca-Cola", "quantity": 1, "special_instructions": ["no ice"]}]}),
    );
    check(
        r,
        "a beef burger well done",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1, "special_instructions": ["well done"]}]}),
    );
    check(
        r,
        "a pepperoni pizza with extra pepperoni",
        json!({"items": [{"item_name": "Pepperoni Pizza", "quantity": 1, "special_instructions": ["extra pepperoni"]}]}),
    );
    check(
        r,
        "a burger with chips",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1}, {"item_name": "Fries", "quantity": 1}]}),
    );
    check(
        r,
        "a large coffee",
        json!({"items": [{"item_name": "Coffee", "quantity": 1, "special_instructions": ["large"]}]}),
    );
    // A fixed phrase of everyday words stays inside its clause, as said.
    check(
        r,
        "a veggie burger with gluten free bun",
        json!({"items": [{"item_name": "Veggie Burger", "quantity": 1, "special_instructions": ["with gluten free bun"]}]}),
    );
    check(
        r,
        "a caesar salad with dressing on the side and a coke",
        json!({"items": [{"item_name": "Chicken Caesar Salad", "quantity": 1, "special_instructions": ["dressing on the side"]}, {"item_name": "Coca-Cola", "quantity": 1}]}),
    );
    check(
        r,
        "a burger with no onions well done please",
        json!({"items": [{"item_name": "Classic Beef Burger", "quantity": 1, "special_instructions": ["no onions", "well done"]}]}),
    );
}

#[test]
fn unrecognized_items_are_reported_as_said() {
    let r = "restaurant";
    check(
        r,
        "can I get a hot dog and two cokes",
        json!({"intent": "place_order", "items": [{"item_name": "Coca-Cola", "quantity": 2}], "unrecognized_items": ["hot dog"]}),
    );
    check(
        r,
        "two hawaiian pizzas",
        json!({"intent": "place_order", "unrecognized_items": ["hawaiian pizza"]}),
    );
    check(
        r,
        "a chicken burger",
        json!({"intent": "place_order", "unrecognized_items": ["chicken burger"]}),
    );
    check(
        r,
        "a lasagne and a tiramisu",
        json!({"items": [{"item_name": "Tiramisu", "quantity": 1}], "unrecognized_items": ["lasagne"]}),
    );
}

#[test]
fn order_type_and_address() {
    let r = "restaurant";
    check(
        r,
        "I'll pick it up",
        json!({"intent": "place_order", "order_type": "Takeaway"}),
    );
    check(r, "a coke to take away", json!({"order_type": "Takeaway"}));
    check(
        r,
        "two cokes for takeaway",
        json!({"order_type": "Takeaway"}),
    );
    check(r, "we want to dine in", json!({"order_type": "Dine-in"}));
    check(
        r,
        "can I have it delivered to 7 Church Lane",
        json!({"order_type": "Delivery", "delivery_address": "7 Church Lane"}),
    );
    check(
        r,
        "send it to 221b Baker Street please",
        json!({"order_type": "Delivery", "delivery_address": "221b Baker Street"}),
    );
    check(
        r,
        "my address is 3 Mill Road",
        json!({"order_type": "Delivery", "delivery_address": "3 Mill Road"}),
    );
    check(
        r,
        "a margherita for delivery",
        json!({"order_type": "Delivery", "missing": ["customer_name", "phone", "delivery_address"]}),
    );
    check(
        r,
        "a margherita, not delivery, I'll collect it",
        json!({"order_type": "Takeaway"}),
    );
    check(
        r,
        "two cokes to 9 Park Avenue",
        json!({"order_type": "Delivery", "delivery_address": "9 Park Avenue"}),
    );
}

#[test]
fn names_in_title_case() {
    let r = "restaurant";
    check(
        r,
        "my name is mary o'brien",
        json!({"intent": "place_order", "customer_name": "Mary O'Brien"}),
    );
    check(r, "name's Tom", json!({"customer_name": "Tom"}));
    check(
        r,
        "I am Grace Hopper",
        json!({"customer_name": "Grace Hopper"}),
    );
    check(
        r,
        "it's Ann Lee, 07700 900555",
        json!({"customer_name": "Ann Lee", "phone": "+447700900555"}),
    );
    check(
        r,
        "hi, this is JAMES BROWN",
        json!({"customer_name": "James Brown"}),
    );
    check(
        r,
        "I'm looking for the menu",
        json!({"intent": "get_menu", "absent": ["customer_name"]}),
    );
    check(r, "it's for delivery", json!({"absent": ["customer_name"]}));
    check(
        "support",
        "this is urgent, the app keeps crashing",
        json!({"absent": ["customer_name"], "priority": "High"}),
    );
}

#[test]
fn uk_phone_numbers() {
    let r = "restaurant";
    check(
        r,
        "my number is 07700 900 123",
        json!({"phone": "+447700900123"}),
    );
    check(
        r,
        "call me on 07700900123",
        json!({"phone": "+447700900123"}),
    );
    check(
        r,
        "+447700900123",
        json!({"intent": "place_order", "phone": "+447700900123"}),
    );
    check(
        r,
        "oh seven seven double oh nine double oh one two three",
        json!({"phone": "+447700900123"}),
    );
    check(
        r,
        "zero seven seven zero zero, nine zero zero, one two three",
        json!({"phone": "+447700900123"}),
    );
    check(
        r,
        "oh seven seven oh oh triple nine four five six",
        json!({"phone": "+447700999456"}),
    );
    check(
        "appointment",
        "my mobile is +44 (0) 7700 900 123",
        json!({"intent": "book_appointment", "phone": "+447700900123"}),
    );
}

#[test]
fn emails_written_and_spoken() {
    let a = "appointment";
    check(
        a,
        "my email is Jane.Doe@Example.org",
        json!({"intent": "book_appointment", "email": "jane.doe@example.org"}),
    );
    check(
        a,
        "email me at john dot smith at example dot com",
        json!({"email": "john.smith@example.com"}),
    );
    check(
        a,
        "it's ann underscore lee at mail dot co dot uk",
        json!({"email": "ann_lee@mail.co.uk"}),
    );
}

#[test]
fn services_through_names_and_aliases() {
    let a = "appointment";
    check(
        a,
        "I need a tune-up",
        json!({"intent": "book_appointment", "service_type": "Maintenance"}),
    );
    check(
        a,
        "I want some advice",
        json!({"service_type": "Consultation"}),
    );
    check(
        a,
        "can you do a fitting on Monday",
        json!({"service_type": "Installation"}),
    );
    check(
        a,
        "book an instalation",
        json!({"service_type": "Installation"}),
    );
    check(
        a,
        "I'd like to set up an appointment for a repair",
        json!({"service_type": "Repair"}),
    );
    check(
        a,
        "my boiler needs servicing",
        json!({"service_type": "Maintenance"}),
    );
}

#[test]
fn dates_relative_to_now() {
    // 2026-11-20 is a Friday.
    let a = "appointment";
    for (said, want) in [
        ("today", "2026-11-20"),
        ("tomorrow", "2026-11-21"),
        ("the day after tomorrow", "2026-11-22"),
        ("in 3 days", "2026-11-23"),
        ("in ten days", "2026-11-30"),
        ("Tuesday", "2026-11-24"),
        ("on Tuesday", "2026-11-24"),
        ("this Tuesday", "2026-11-24"),
        ("next Tuesday", "2026-11-24"),
        ("next Friday", "2026-11-27"),
        ("on Friday", "2026-11-27"),
        ("Saturday", "2026-11-21"),
        ("the 3rd of December", "2026-12-03"),
        ("December 3rd", "2026-12-03"),
        ("3rd December", "2026-12-03"),
        ("the twenty first of December", "2026-12-21"),
        ("3/12", "2026-12-03"),
        ("1/3", "2027-03-01"),
        ("the 5th of January", "2027-01-05"),
        ("November 20th", "2026-11-20"),
        ("November 19th", "2027-11-19"),
        ("the 25th", "2026-11-25"),
    ] {
        check(
            a,
            &format!("book a repair {said}"),
            json!({"intent": "book_appointment", "appointment_date": want}),
        );
    }
}

#[test]
fn times_on_a_24_hour_clock() {
    let a = "appointment";
    for (said, want) in [
        ("at 3pm", "15:00"),
        ("at 3 pm", "15:00"),
        ("at 3:30pm", "15:30"),
        ("at 15:00", "15:00"),
        ("at 09:00", "09:00"),
        ("at 3 o'clock", "15:00"),
        ("at half past two", "14:30"),
        ("at quarter past ten", "10:15"),
        ("at quarter to eleven", "10:45"),
        ("at noon", "12:00"),
        ("at midday", "12:00"),
        ("at 9 in the morning", "09:00"),
        ("at 7 in the evening", "19:00"),
        ("at five thirty", "17:30"),
        ("at 11am", "11:00"),
        ("at 12pm", "12:00"),
        ("at 12am", "00:00"),
        ("at 8", "08:00"),
        ("at 7", "19:00"),
        ("at twelve", "12:00"),
        ("at ten past four", "16:10"),
        ("at 10.30am", "10:30"),
        ("at nine fifteen", "09:15"),
        ("at half ten", "10:30"),
    ] {
        check(
            a,
            &format!("book a consultation tomorrow {said}"),
            json!({"appointment_time": want, "appointment_date": "2026-11-21"}),
        );
    }
}

#[test]
fn availability_versus_booking() {
    let a = "appointment";
    check(
        a,
        "are you free on Wednesday for an installation",
        json!({"intent": "check_availability", "service_type": "Installation", "appointment_date": "2026-11-25", "missing": []}),
    );
    check(
        a,
        "do you have any slots tomorrow",
        json!({"intent": "check_availability", "missing": ["service_type"]}),
    );
    check(
        a,
        "is Monday at 2pm available for a repair, if so book it",
        json!({"intent": "book_appointment"}),
    );
    check(
        a,
        "schedule a repair",
        json!({"intent": "book_appointment", "missing": ["appointment_date", "appointment_time", "customer_name", "phone"]}),
    );
}

#[test]
fn ticket_priority_and_category() {
    let s = "support";
    for (text, priority, category) in [
        (
            "we have an outage across the office",
            "Critical",
            "Technical",
        ),
        ("everything is down", "Critical", "Technical"),
        (
            "we've had some data loss on the server",
            "Critical",
            "Technical",
        ),
        (
            "emergency, the payment page is broken",
            "Critical",
            "Billing",
        ),
        (
            "please fix my invoice as soon as possible",
            "High",
            "Billing",
        ),
        ("I can't work because the app crashes", "High", "Technical"),
        ("my login fails, this is important", "High", "Technical"),
        (
            "the wifi drops, please look at it right away",
            "High",
            "Technical",
        ),
        ("not urgent but my bill looks wrong", "Low", "Billing"),
        (
            "low priority, does the plan include support",
            "Low",
            "Product",
        ),
        (
            "whenever you can, tell me about the new model",
            "Low",
            "Product",
        ),
        ("I was overcharged", "Medium", "Billing"),
        ("does it include a warranty", "Medium", "Product"),
        (
            "what features does the pro product have",
            "Medium",
            "Product",
        ),
        ("I'd like to change my address on file", "Medium", "General"),
        (
            "urgent: I need a refund but it's not critical",
            "High",
            "Billing",
        ),
        (
            "there's a bug on the website, critical",
            "Critical",
            "Technical",
        ),
    ] {
        check(
            s,
            text,
            json!({"intent": "create_ticket", "priority": priority, "category": category}),
        );
    }
    check(
        s,
        "the printer shows an error",
        json!({"issue_description": "the printer shows an error", "missing": ["customer_name"]}),
    );
    check(
        s,
        "my name is Alex Morgan",
        json!({"missing": ["issue_description"], "absent": ["issue_description"]}),
    );
}

#[test]
fn intents_per_business_type() {
    for (business, text, intent) in [
        ("restaurant", "what do you have", "get_menu"),
        ("restaurant", "can I hear the menu", "get_menu"),
        ("restaurant", "what are your prices", "get_menu"),
        ("restaurant", "how long will my order be", "order_status"),
        ("restaurant", "where's my food", "order_status"),
        ("restaurant", "I'd like to place an order", "place_order"),
        ("restaurant", "forget it", "cancel"),
        ("restaurant", "two pizzas, actually never mind", "cancel"),
        (
            "restaurant",
            "let me talk to the manager about my order",
            "human_handoff",
        ),
        ("restaurant", "07700 900123", "place_order"),
        ("restaurant", "hello", "unknown"),
        ("appointment", "my name is Ann", "book_appointment"),
        ("appointment", "can I speak to someone", "human_handoff"),
        ("appointment", "cancel my appointment", "cancel"),
        ("appointment", "how much is a consultation", "get_menu"),
        (
            "support",
            "I want to talk to a human, my wifi is down",
            "human_handoff",
        ),
        ("support", "07700 900123", "create_ticket"),
        ("support", "hi there", "unknown"),
        ("support", "my invoice is wrong", "create_ticket"),
    ] {
        check(business, text, json!({"intent": intent}));
    }
}

#[test]
fn missing_follows_the_required_parameter_table() {
    check(
        "restaurant",
        "two cokes",
        json!({"missing": ["customer_name", "phone"]}),
    );
    check(
        "restaurant",
        "two cokes for delivery to 4 Elm Road, I'm Sam Hill, 07700 900123",
        json!({"missing": [], "delivery_address": "4 Elm Road", "customer_name": "Sam Hill"}),
    );
    check("restaurant", "what's on the menu", json!({"missing": []}));
    // No intent, no business tool: nothing is missing (as for get_menu).
    check(
        "restaurant",
        "",
        json!({"intent": "unknown", "missing": []}),
    );
    check(
        "appointment",
        "a repair on Monday at 10am, I'm Ann Lee, 07700 900123",
        json!({"missing": []}),
    );
    check("support", "", json!({"intent": "unknown", "missing": []}));
}

// ------------------------------------------------------ conversation merge

fn converse(business: &str, lines: &[&str]) -> ConversationContext {
    let mut ctx = ConversationContext::default();
    for line in lines {
        let e = extract(&input(business, line), Catalog::demo());
        ctx.merge(&e, line);
    }
    ctx
}

fn item_lines(ctx: &ConversationContext) -> Vec<(String, u32, Option<String>)> {
    lines_of(ctx.parameters.items.clone())
}

/// The item lines one restaurant utterance gives on its own.
fn said_lines(text: &str) -> Vec<(String, u32, Option<String>)> {
    lines_of(
        extract(&input("restaurant", text), Catalog::demo())
            .parameters
            .items,
    )
}

fn lines_of(items: Option<Vec<ExtractedItem>>) -> Vec<(String, u32, Option<String>)> {
    items
        .unwrap_or_default()
        .into_iter()
        .map(|i| (i.item_name, i.quantity, i.special_instructions))
        .collect()
}

#[test]
fn items_accumulate_across_utterances() {
    let ctx = converse(
        "restaurant",
        &["two pepperoni pizzas", "and a coke", "and another coke"],
    );
    assert_eq!(
        item_lines(&ctx),
        vec![
            ("Pepperoni Pizza".into(), 2, None),
            ("Coca-Cola".into(), 2, None)
        ]
    );
    assert_eq!(ctx.missing, vec!["customer_name", "phone"]);
    assert_eq!(ctx.task, Some(Intent::PlaceOrder));
}

#[test]
fn make_that_three_amends_the_last_item() {
    let ctx = converse(
        "restaurant",
        &["a margherita and a coke", "make that three"],
    );
    assert_eq!(
        item_lines(&ctx),
        vec![
            ("Margherita Pizza".into(), 1, None),
            ("Coca-Cola".into(), 3, None)
        ]
    );
    let ctx = converse(
        "restaurant",
        &["a margherita and a coke", "make it two margheritas"],
    );
    assert_eq!(item_lines(&ctx)[0], ("Margherita Pizza".into(), 2, None));
    assert_eq!(item_lines(&ctx).len(), 2);
}

#[test]
fn a_modifier_amends_the_named_or_last_item() {
    let ctx = converse(
        "restaurant",
        &["a beef burger and a coke", "no onions on the burger"],
    );
    assert_eq!(
        item_lines(&ctx),
        vec![
            ("Classic Beef Burger".into(), 1, Some("no onions".into())),
            ("Coca-Cola".into(), 1, None)
        ]
    );
    let ctx = converse(
        "restaurant",
        &["a four cheese pizza", "extra cheese please"],
    );
    assert_eq!(
        item_lines(&ctx),
        vec![("Four Cheese Pizza".into(), 1, Some("extra cheese".into()))]
    );
    let ctx = converse("restaurant", &["a burger and a coke", "remove the coke"]);
    assert_eq!(
        item_lines(&ctx),
        vec![("Classic Beef Burger".into(), 1, None)]
    );
}

#[test]
fn an_item_taken_back_comes_off_the_order() {
    // In a later turn, every removal cue works, not only "remove".
    for line in [
        "forget the coke",
        "actually, can you take off the coke",
        "I don't want the coke",
        "scratch the coke please",
    ] {
        let ctx = converse("restaurant", &["a burger and a coke", line]);
        assert_eq!(
            item_lines(&ctx),
            vec![("Classic Beef Burger".into(), 1, None)],
            "{line:?}"
        );
    }
    // An utterance that orders and then takes something back settles itself;
    // the order so far keeps what it had.
    let ctx = converse(
        "restaurant",
        &[
            "a burger",
            "a margherita and a coke, actually remove the coke",
        ],
    );
    assert_eq!(
        item_lines(&ctx),
        vec![
            ("Classic Beef Burger".into(), 1, None),
            ("Margherita Pizza".into(), 1, None)
        ]
    );
}

#[test]
fn an_item_swapped_in_the_same_breath_or_later_is_replaced() {
    let lemonades = |n| vec![("Lemonade".to_owned(), n, None)];
    assert_eq!(
        said_lines("a coke, no wait, make it a lemonade"),
        lemonades(1)
    );
    assert_eq!(
        said_lines("two cokes, actually make it lemonades"),
        lemonades(2)
    );
    assert_eq!(
        said_lines("a coke, sorry, make that two lemonades"),
        lemonades(2)
    );
    assert_eq!(said_lines("a coke, no, a lemonade instead"), lemonades(1));
    assert_eq!(said_lines("a lemonade instead of the coke"), lemonades(1));
    // Only the last item is swapped; the new one's modifiers go with it.
    assert_eq!(
        said_lines("a burger and two cokes, no, two lemonades instead"),
        vec![
            ("Classic Beef Burger".to_owned(), 1, None),
            ("Lemonade".to_owned(), 2, None)
        ]
    );
    assert_eq!(
        said_lines("a margherita, no make it a pepperoni pizza with extra cheese"),
        vec![(
            "Pepperoni Pizza".to_owned(),
            1,
            Some("extra cheese".to_owned())
        )]
    );
    // In a later turn the swap amends the order so far.
    for line in ["make it a lemonade", "actually, a lemonade instead"] {
        let ctx = converse("restaurant", &["a burger and a coke", line]);
        assert_eq!(
            item_lines(&ctx),
            vec![
                ("Classic Beef Burger".into(), 1, None),
                ("Lemonade".into(), 1, None)
            ],
            "{line:?}"
        );
    }
}

#[test]
fn an_item_taken_back_in_the_same_breath_is_not_ordered() {
    assert_eq!(
        said_lines("two pepperoni pizzas and a coke, no wait, forget the coke"),
        vec![("Pepperoni Pizza".to_owned(), 2, None)]
    );
    assert_eq!(
        said_lines("a burger and a coke, no sorry, I don't want the coke after all"),
        vec![("Classic Beef Burger".to_owned(), 1, None)]
    );
    assert_eq!(
        said_lines("two cokes and a burger, scratch the cokes"),
        vec![("Classic Beef Burger".to_owned(), 1, None)]
    );
    // "no" before a correction word is not a modifier; before a word it is.
    assert_eq!(
        said_lines("a coke, no wait, a lemonade"),
        vec![
            ("Coca-Cola".to_owned(), 1, None),
            ("Lemonade".to_owned(), 1, None)
        ]
    );
    assert_eq!(
        said_lines("a coke no ice"),
        vec![("Coca-Cola".to_owned(), 1, Some("no ice".to_owned()))]
    );
}

#[test]
fn later_details_replace_earlier_ones_and_missing_is_recomputed() {
    let ctx = converse(
        "restaurant",
        &[
            "a coke for delivery",
            "my name is Ann Lee",
            "sorry, it's Anne Leigh",
            "07700 900123",
            "deliver to 5 Rose Lane",
        ],
    );
    assert_eq!(ctx.parameters.customer_name.as_deref(), Some("Anne Leigh"));
    assert_eq!(ctx.parameters.phone.as_deref(), Some("+447700900123"));
    assert_eq!(
        ctx.parameters.delivery_address.as_deref(),
        Some("5 Rose Lane")
    );
    assert!(ctx.missing.is_empty(), "{:?}", ctx.missing);

    let ctx = converse(
        "appointment",
        &[
            "I'd like a repair",
            "next Tuesday",
            "at 3pm",
            "this is Bo Diddley, 07700 900123",
        ],
    );
    assert_eq!(
        ctx.parameters.appointment_date.as_deref(),
        Some("2026-11-24")
    );
    assert_eq!(ctx.parameters.appointment_time.as_deref(), Some("15:00"));
    assert!(ctx.missing.is_empty(), "{:?}", ctx.missing);

    let ctx = converse(
        "support",
        &["it's urgent, I was overcharged", "my name is Kim"],
    );
    assert_eq!(
        ctx.parameters.priority.map(|p| format!("{p:?}")).as_deref(),
        Some("High")
    );
    assert!(ctx.missing.is_empty(), "{:?}", ctx.missing);
    let json = serde_json::to_string(&ctx).expect("the context serializes");
    let back: ConversationContext = serde_json::from_str(&json).expect("and parses back");
    assert_eq!(back, ctx);
}

// ---------------------------------------------------- robustness and speed

fn hostile_inputs() -> Vec<String> {
    let mut v: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\n\t".into(),
        ".".into(),
        "!!!???,,,;;;".into(),
        "@".into(),
        "@@@.@.".into(),
        "+".into(),
        "++44".into(),
        "0".into(),
        "00000000000000000000".into(),
        "1/1/1".into(),
        "99/99".into(),
        "31/2".into(),
        "29/2".into(),
        "32nd of December".into(),
        "at 99:99".into(),
        "at 25pm".into(),
        "at 0".into(),
        ":".into(),
        "12:".into(),
        ":30".into(),
        "-".into(),
        "--".into(),
        "'".into(),
        "'''".into(),
        "’’".into(),
        "a".into(),
        "an a the".into(),
        "double".into(),
        "triple".into(),
        "double double".into(),
        "in".into(),
        "in 99999999 days".into(),
        "the".into(),
        "the the the".into(),
        "quarter to".into(),
        "half past".into(),
        "make that".into(),
        "my name is".into(),
        "my name is 123".into(),
        "it's".into(),
        "deliver to".into(),
        "at".into(),
        "dot at dot".into(),
        "x at y dot".into(),
        "🍕🍕🍕".into(),
        "ピザを二つください".into(),
        "Ünïcödé naïve café".into(),
        "\u{0}\u{1}\u{2}".into(),
        "\u{200b}\u{feff}".into(),
        "a\u{301}\u{301}\u{301}".into(),
        "٣ بيتزا".into(),
        "İstanbul".into(),
        "ß".repeat(50),
        "1234567890".into(),
        "12345".into(),
        "4444444444444444444444".into(),
        "one two three four five six seven eight nine ten eleven twelve".into(),
    ];
    v.push("pizza ".repeat(5000));
    v.push("a".repeat(100_000));
    v.push("0".repeat(100_000));
    v.push("at ".repeat(3000));
    v.push("no ".repeat(3000));
    v.push("é".repeat(10_000));
    v.push("two cokes and ".repeat(500));
    v.push("a,".repeat(3000));
    v.push("x-y@".repeat(2000));
    for c in [
        '.', ',', '?', '/', ':', '-', '@', '+', '&', '\'', '#', '%', '(', ')',
    ] {
        v.push(c.to_string().repeat(100));
        v.push(format!("two{c}cokes{c}at{c}3pm{c}07700{c}900123"));
    }
    for n in 0..120 {
        v.push(n.to_string());
        v.push(format!("{n}/{n}"));
        v.push(format!("at {n}"));
    }
    v
}

#[test]
fn odd_input_never_panics_and_gives_unknown() {
    let ex = Extractor::new(Catalog::demo());
    let now: jiff::civil::DateTime = NOW.parse().expect("a valid now");
    let inputs = hostile_inputs();
    assert!(inputs.len() >= 300, "{}", inputs.len());
    for text in &inputs {
        for business in ["restaurant", "appointment", "support"] {
            let mut inp = input(business, text);
            let e = ex.extract(&inp, now);
            assert!(e.confidence.values().all(|c| (0.0..=1.0).contains(c)));
            for key in e.confidence.keys() {
                let params = serde_json::to_value(&e.parameters).expect("serializes");
                assert!(
                    params.get(key).is_some(),
                    "confidence for absent {key} in {text:?}"
                );
            }
            if text.chars().all(|c| !c.is_alphanumeric()) {
                assert_eq!(e.intent, Intent::Unknown, "{text:?} ({business})");
            }
            inp.context = None;
            let _ = extract(&inp, Catalog::demo());
        }
    }
    for text in [
        "", "   ", "?!", "🍕", "12345", "0", "hello", "hi there", "ok",
    ] {
        for business in ["restaurant", "appointment", "support"] {
            assert_eq!(
                ex.extract(&input(business, text), now).intent,
                Intent::Unknown,
                "{text:?} ({business})"
            );
        }
    }
}

#[test]
fn a_missing_context_uses_the_given_time() {
    let mut inp = input("appointment", "book a repair tomorrow at 10am");
    inp.context = None;
    let now: jiff::civil::DateTime = "2027-02-28T09:00:00".parse().expect("a valid now");
    let e: Extraction = extract_at(&inp, Catalog::demo(), now);
    assert_eq!(e.parameters.appointment_date.as_deref(), Some("2027-03-01"));
}

/// Prints p50/p99 of in-process extraction over the dev set; asserts nothing
/// about time (machines differ), only that it runs.
#[test]
fn timing_is_printed() {
    let inputs: Vec<ExtractInput> = DEV_CASES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|c| serde_json::from_value(c["input"].clone()).ok())
        .collect();
    let mut samples = Vec::new();
    for _ in 0..20 {
        for inp in &inputs {
            let t0 = Instant::now();
            let e = extract(inp, Catalog::demo());
            samples.push(t0.elapsed().as_secs_f64() * 1e6);
            assert_ne!(e.intent, Intent::Unknown);
        }
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    println!(
        "extraction latency µs: p50 {:.1} p99 {:.1} max {:.1}",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
