//! What the three service binaries (session manager, MCP server, UI server)
//! do the same way, so an operator configures them the same way:
//!
//! - [`runtime`]: the tokio runtime for `WORKER_THREADS` (1: one thread, no
//!   cross-thread wake-ups; 0: one worker per core; n: n workers);
//! - [`init_tracing`]: `RUST_LOG` filtering and text or JSON lines
//!   (`--log-format` / `LOG_FORMAT`);
//! - [`shutdown_signal`]: Ctrl-C or SIGTERM (what `docker stop` and systemd
//!   send), for a graceful stop.

use std::io::IsTerminal;

use clap::ValueEnum;
use tracing_subscriber::{EnvFilter, fmt, fmt::writer::BoxMakeWriter, prelude::*};

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log collectors).
    Json,
}

/// Where logs go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogTarget {
    Stdout,
    /// Standard error: for a process whose stdout carries a protocol (MCP
    /// over stdio) or only its start-up lines.
    Stderr,
}

/// Sets up logging: `RUST_LOG` when set, else `default_filter`. Text is
/// coloured only on a terminal (a log file or collector gets plain lines).
/// A second call in one process (tests build several apps) changes nothing.
pub fn init_tracing(format: LogFormat, target: LogTarget, default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let (writer, terminal) = match target {
        LogTarget::Stdout => (
            BoxMakeWriter::new(std::io::stdout),
            std::io::stdout().is_terminal(),
        ),
        LogTarget::Stderr => (
            BoxMakeWriter::new(std::io::stderr),
            std::io::stderr().is_terminal(),
        ),
    };
    let layer = fmt::layer().with_writer(writer);
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Json => registry
            .with(layer.json().with_current_span(false))
            .try_init(),
        LogFormat::Text => registry.with(layer.with_ansi(terminal)).try_init(),
    };
}

/// The runtime for `worker_threads`: 1 is a current-thread runtime, 0 one
/// worker per core, any other number that many workers.
pub fn runtime(worker_threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    match worker_threads {
        1 => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        0 => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
        n => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is
/// called, not when the future is first polled: call it before telling
/// anyone the service is up, so a signal sent right after "listening on"
/// stops it gracefully instead of killing it. Needs a tokio runtime.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let terminate = signal(SignalKind::terminate());
        let interrupt = signal(SignalKind::interrupt());
        async move {
            match (terminate, interrupt) {
                (Ok(mut terminate), Ok(mut interrupt)) => {
                    tokio::select! {
                        _ = terminate.recv() => {}
                        _ = interrupt.recv() => {}
                    }
                }
                (Ok(mut terminate), Err(_)) => {
                    terminate.recv().await;
                }
                (Err(_), Ok(mut interrupt)) => {
                    interrupt.recv().await;
                }
                (Err(_), Err(_)) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_threads_pick_the_runtime_flavor() -> std::io::Result<()> {
        use tokio::runtime::RuntimeFlavor;
        assert_eq!(
            runtime(1)?.handle().runtime_flavor(),
            RuntimeFlavor::CurrentThread
        );
        let two = runtime(2)?;
        assert_eq!(two.handle().runtime_flavor(), RuntimeFlavor::MultiThread);
        assert_eq!(two.metrics().num_workers(), 2);
        assert_eq!(
            runtime(0)?.handle().runtime_flavor(),
            RuntimeFlavor::MultiThread
        );
        Ok(())
    }

    #[test]
    fn log_format_names_are_the_documented_ones() {
        assert_eq!(LogFormat::from_str("json", false), Ok(LogFormat::Json));
        assert_eq!(LogFormat::from_str("text", false), Ok(LogFormat::Text));
        assert!(LogFormat::from_str("yaml", false).is_err());
    }
}
