//! Spawning real binaries for tests: a free port, a child that is killed on
//! drop, and reading a service's "listening on http://ADDR" line.

use std::{
    io::{BufRead, BufReader},
    net::{SocketAddr, TcpListener},
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

/// A free TCP port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

/// Kills (and reaps) the child when dropped.
pub struct ChildGuard(Option<Child>);

impl ChildGuard {
    pub fn new(child: Child) -> Self {
        Self(Some(child))
    }

    pub fn id(&self) -> u32 {
        self.0.as_ref().map_or(0, Child::id)
    }

    /// Sends SIGTERM and waits up to `timeout` for a clean exit; true if it exited 0.
    pub fn terminate(&mut self, timeout: Duration) -> bool {
        let Some(child) = self.0.as_mut() else {
            return false;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                self.0 = None;
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts `program` with `args` and `envs`, and waits (up to 60 s) for a
/// stdout line containing `listening on http://ADDR`. Later stdout lines are
/// drained in the background.
pub fn spawn_service(
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> (ChildGuard, SocketAddr) {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in envs {
        command.env(k, v);
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {program}: {e}"));
    let stdout = child.stdout.take().expect("stdout is piped");
    let guard = ChildGuard::new(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !sent && let Some(rest) = line.split("listening on http://").nth(1) {
                // "ADDR", "ADDR/mcp" or "ADDR (store: memory)": the address alone.
                let addr = rest.split([' ', '/']).next().unwrap_or("").to_owned();
                let _ = tx.send(addr);
                sent = true;
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{program} did not print `listening on http://…` within 60 s"));
    let addr = addr
        .parse()
        .unwrap_or_else(|_| panic!("{program} printed an unparsable address `{addr}`"));
    (guard, addr)
}
