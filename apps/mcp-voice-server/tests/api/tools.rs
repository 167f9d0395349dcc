//! The tool list (schemas, annotations) and the tools that need no session
//! manager: extraction on a dev-set sentence, and argument errors.

use rmcp::model::ErrorCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const TOOLS: [&str; 10] = [
    "extractParameters",
    "processVoiceInput",
    "generateDynamicForm",
    "synchronizeUI",
    "getMenu",
    "placeOrder",
    "getOrderStatus",
    "checkAvailability",
    "bookAppointment",
    "createSupportTicket",
];

#[tokio::test]
async fn every_tool_is_listed_with_schemas_and_truthful_annotations() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let tools = app.client.list_all_tools().await.unwrap();
    // Assert
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort_unstable();
    let mut expected = TOOLS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    for tool in &tools {
        assert_eq!(
            tool.input_schema.get("type"),
            Some(&json!("object")),
            "{}",
            tool.name
        );
        let notes = tool.annotations.as_ref().expect("annotations");
        assert_eq!(notes.destructive_hint, Some(false), "{}", tool.name);
        assert!(notes.read_only_hint.is_some() && notes.idempotent_hint.is_some());
    }
    let by_name = |name: &str| tools.iter().find(|t| t.name == name).unwrap();
    let extract = by_name("extractParameters");
    let properties = extract.input_schema["properties"].as_object().unwrap();
    assert!(properties.contains_key("text") && properties.contains_key("businessType"));
    let output = extract.output_schema.as_ref().expect("an output schema");
    assert!(output["properties"].get("intent").is_some(), "{output:?}");
    let notes = extract.annotations.as_ref().unwrap();
    assert_eq!(notes.read_only_hint, Some(true));
    assert_eq!(notes.idempotent_hint, Some(true));
    for structured_tool in ["processVoiceInput", "generateDynamicForm"] {
        assert!(by_name(structured_tool).output_schema.is_some());
    }
    let order = by_name("placeOrder");
    assert_eq!(
        order.annotations.as_ref().unwrap().read_only_hint,
        Some(false)
    );
    assert!(order.input_schema["properties"].get("items").is_some());
}

#[tokio::test]
async fn extract_parameters_answers_a_dev_set_sentence_as_structured_content() {
    // Arrange
    let app = TestApp::spawn().await;
    let case = first_dev_case();
    // Act
    let got = app
        .call_ok("extractParameters", case["input"].clone())
        .await;
    // Assert (`call_ok` checks the text content is the same JSON)
    let expect = &case["expect"];
    assert_eq!(got["intent"], expect["intent"]);
    let items: Vec<(&str, i64)> = got["parameters"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item_name"].as_str().unwrap(),
                i["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    let wanted: Vec<(&str, i64)> = expect["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item_name"].as_str().unwrap(),
                i["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(items, wanted);
}

#[tokio::test]
async fn bad_arguments_are_errors_naming_the_field() {
    // Arrange
    let app = TestApp::spawn().await;
    // Act
    let no_key = app.call_err("getOrderStatus", json!({})).await;
    let too_long = app
        .call_err(
            "processVoiceInput",
            json!({"sessionId": "s-1", "text": "a".repeat(2001)}),
        )
        .await;
    let wrong_shape = app
        .call("extractParameters", json!({"businessType": "restaurant"}))
        .await
        .unwrap();
    // Assert
    assert_eq!(no_key.code, ErrorCode::INVALID_PARAMS);
    assert!(no_key.message.contains("order_id"), "{}", no_key.message);
    assert_eq!(too_long.code, ErrorCode::INVALID_PARAMS);
    assert!(
        too_long.message.starts_with("text:"),
        "{}",
        too_long.message
    );
    // rmcp reports arguments that do not match the schema as a tool error
    // (the model can correct itself), still naming the field.
    assert_eq!(wrong_shape.is_error, Some(true));
    let text = &wrong_shape.content[0].as_text().unwrap().text;
    assert!(text.contains("`text`"), "{text}");
}

fn first_dev_case() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/tests/data/nlu_dev.jsonl"
    );
    let data = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(data.lines().next().unwrap()).unwrap()
}
