//! `voice-ui-client`: renders the customer page, the widget and the staff
//! dashboard, and serves the WASM and assets built by `cargo xtask`.

use clap::Parser;
use voice_ui_client::server::{self, Config};

fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    server::init_tracing(&config);
    voice_service::runtime(config.worker_threads)?.block_on(server::serve(config))
}
