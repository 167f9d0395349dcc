//! The committed contracts in `docs/contracts` match the code.
//!
//! `cargo xtask codegen` (UPDATE_CONTRACTS=1) rewrites them.

use std::path::PathBuf;

use utoipa::OpenApi;
use voice_session_manager::openapi::ApiDoc;

fn contracts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/contracts")
}

fn check(name: &str, generated: String) {
    let path = contracts_dir().join(name);
    if std::env::var("UPDATE_CONTRACTS").as_deref() == Ok("1") {
        std::fs::create_dir_all(contracts_dir()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is out of date: run `cargo xtask codegen` and commit the result",
        path.display()
    );
}

#[test]
fn contracts_openapi_is_up_to_date() {
    let doc = ApiDoc::openapi().to_pretty_json().unwrap() + "\n";
    check("session-manager.openapi.json", doc);
}

#[test]
fn contracts_live_event_schema_is_up_to_date() {
    let schema = schemars::schema_for!(voice_types::EventFrame);
    check(
        "live-events.schema.json",
        serde_json::to_string_pretty(&schema).unwrap() + "\n",
    );
}
