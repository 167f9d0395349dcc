//! `RedisServer`: a private `redis-server` on a free loopback port, without
//! persistence, killed when dropped; `RedisCluster`: three of them as a
//! Redis Cluster (each a master of a third of the hash slots).

use std::{
    io::{Read, Write},
    net::TcpStream,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::process::{ChildGuard, free_port};

pub struct RedisServer {
    port: u16,
    _child: ChildGuard,
}

impl RedisServer {
    /// Starts `redis-server` and waits until it answers PING.
    ///
    /// Panics with an install hint when `redis-server` is not installed.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    fn start_with(extra: &[&str]) -> Self {
        let port = free_port();
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "could not start redis-server ({e}): install it with `apt-get install redis-server` \
                     (or run `cargo xtask test`, which installs it)"
                )
            });
        let server = Self {
            port,
            _child: ChildGuard::new(child),
        };
        server.wait_ready();
        server
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Sends one inline command and returns the raw reply (for assertions).
    pub fn command(&self, line: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        stream.write_all(format!("{line}\r\n").as_bytes()).unwrap();
        let mut buf = [0u8; 65536];
        let n = stream.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    /// Sends a command whose reply is an integer (`:N`) and returns it.
    pub fn integer(&self, line: &str) -> u64 {
        let reply = self.command(line);
        reply
            .trim()
            .trim_start_matches(':')
            .parse()
            .unwrap_or_else(|_| panic!("{line} answered {reply:?}"))
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) {
                let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
                let mut buf = [0u8; 16];
                if stream.write_all(b"PING\r\n").is_ok()
                    && stream
                        .read(&mut buf)
                        .map(|n| buf[..n].starts_with(b"+PONG"))
                        .unwrap_or(false)
                {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "redis-server on port {} did not answer PING within 10 s",
            self.port
        );
    }
}

/// Three `redis-server`s joined as a Redis Cluster: slots split in thirds,
/// no replicas. Dropped, every node is killed and its files removed.
pub struct RedisCluster {
    nodes: Vec<RedisServer>,
    dir: std::path::PathBuf,
}

impl RedisCluster {
    /// Starts the nodes, assigns the slots, joins them, and waits until
    /// every node reports `cluster_state:ok` (up to 20 s).
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "testkit-redis-cluster-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let nodes: Vec<RedisServer> = (0..3)
            .map(|i| {
                let conf = dir.join(format!("nodes-{i}.conf"));
                RedisServer::start_with(&[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    conf.to_str().unwrap(),
                    "--cluster-node-timeout",
                    "2000",
                ])
            })
            .collect();
        const SLOTS: u32 = 16384;
        for (i, node) in nodes.iter().enumerate() {
            let (first, last) = (SLOTS * i as u32 / 3, SLOTS * (i as u32 + 1) / 3 - 1);
            let reply = node.command(&format!("CLUSTER ADDSLOTSRANGE {first} {last}"));
            assert!(reply.starts_with("+OK"), "CLUSTER ADDSLOTSRANGE: {reply}");
        }
        for node in &nodes[1..] {
            let reply = nodes[0].command(&format!("CLUSTER MEET 127.0.0.1 {}", node.port()));
            assert!(reply.starts_with("+OK"), "CLUSTER MEET: {reply}");
        }
        let cluster = Self { nodes, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = cluster.nodes.iter().all(|n| {
                let info = n.command("CLUSTER INFO");
                info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3")
            });
            if ready {
                return cluster;
            }
            assert!(
                Instant::now() < deadline,
                "the Redis Cluster did not form within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A `redis-cluster://` URL naming every node (fred's format).
    pub fn url(&self) -> String {
        let mut url = format!("redis-cluster://127.0.0.1:{}", self.nodes[0].port());
        for (i, node) in self.nodes[1..].iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&format!("node=127.0.0.1:{}", node.port()));
        }
        url
    }

    /// How many keys each node holds (`DBSIZE`), in node order.
    pub fn keys_per_node(&self) -> Vec<u64> {
        self.nodes.iter().map(|n| n.integer("DBSIZE")).collect()
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        self.nodes.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
