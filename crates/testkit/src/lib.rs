//! Test-only helpers shared by every crate's integration tests: a real
//! `redis-server` on a free port (or three as a Redis Cluster), and
//! spawning our real binaries.
//!
//! Nothing here is a mock of our own parts: tests run the real thing.
//! Helpers panic with a clear message (they only run inside tests).
#![allow(clippy::unwrap_used)]

mod process;
mod redis;

pub use process::{ChildGuard, free_port, spawn_service};
pub use redis::{RedisCluster, RedisServer};
