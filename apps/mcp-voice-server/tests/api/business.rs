//! The business tools through MCP, executed by the real session manager
//! (binary, in-memory store, no voice provider).

use rmcp::model::ErrorCode;
use serde_json::json;

use crate::{
    helpers::{SessionManagerProcess, TestApp},
    resources::read_json,
};

#[tokio::test]
async fn get_menu_and_place_order_run_through_the_session_manager() {
    // Arrange
    let manager = tokio::task::spawn_blocking(SessionManagerProcess::start)
        .await
        .unwrap();
    let app = TestApp::spawn_with(&manager.url).await;
    let order = json!({
        "idempotency_key": "rust-mcp-1",
        "customer_name": "Kevin",
        "phone": "07700 900123",
        "order_type": "Takeaway",
        "items": [{"item_name": "pepperoni", "quantity": 2}, {"item_name": "coke"}]
    });
    // Act
    let menu = app.call_ok("getMenu", json!({})).await;
    let drinks = app.call_ok("getMenu", json!({"category": "Drinks"})).await;
    let placed = app.call_ok("placeOrder", order.clone()).await;
    let retried = app.call_ok("placeOrder", order).await;
    let bad_phone = app
        .call_err(
            "placeOrder",
            json!({"order_type": "Takeaway", "phone": "not a phone",
                   "items": [{"item_name": "pepperoni", "quantity": 1}]}),
        )
        .await;
    // Assert
    assert_eq!(
        menu,
        read_json(&app.client, "business://menu").await,
        "the menu resource is what getMenu answers"
    );
    let drinks = drinks["items"].as_array().unwrap();
    assert!(!drinks.is_empty() && drinks.iter().all(|i| i["category"] == "Drinks"));
    assert_eq!(placed["status"], "success");
    assert_eq!(placed["total_amount"], "24.00");
    assert!(placed["order_id"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(
        retried["order_id"], placed["order_id"],
        "a retry orders nothing twice"
    );
    assert_eq!(bad_phone.code, ErrorCode::INVALID_PARAMS);
    assert!(bad_phone.message.contains("phone"), "{}", bad_phone.message);
}
