//! The real `mcp-voice-server` binary: JSON logs on stderr with
//! `LOG_FORMAT=json`, and a clean stop on SIGTERM (what `docker stop` and
//! systemd send).

use std::{
    io::{BufRead, BufReader, Read},
    process::{Command, Stdio},
    time::Duration,
};

use serde_json::Value;

/// Starts the binary with `LOG_FORMAT=format`, stops it with SIGTERM
/// (asserting a clean exit) and returns what it logged.
fn run_and_stop(format: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mcp-voice-server"))
        .args(["--bind", "127.0.0.1:0"])
        .env("LOG_FORMAT", format)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.contains("listening on http://127.0.0.1:"), "{line}");

    let mut guard = testkit::ChildGuard::new(child);
    assert!(
        guard.terminate(Duration::from_secs(10)),
        "SIGTERM ends it with status 0"
    );
    // The process is gone, so its stderr is at its end.
    let mut logs = String::new();
    stderr.read_to_string(&mut logs).unwrap();
    logs
}

#[test]
fn sigterm_stops_it_cleanly_and_json_logs_are_json_lines() {
    let logs = run_and_stop("json");
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "shutting down" && l["level"] == "INFO"),
        "the stop is logged: {logs}"
    );
}

#[test]
fn text_logs_to_a_pipe_are_plain() {
    let logs = run_and_stop("text");
    assert!(logs.contains("shutting down"), "{logs}");
    assert!(
        !logs.contains('\x1b'),
        "no colour codes outside a terminal: {logs:?}"
    );
}
