//! `voice-ui-client`: renders the customer page, the widget and the staff
//! dashboard, and serves the WASM and assets built by `cargo xtask`.

use clap::Parser;
use voice_ui_client::server::{self, Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    server::init_tracing(&config);
    server::serve(config).await
}
