//! A process's CPU time and resident memory, from `/proc/<pid>`.

use anyhow::Context;

/// Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// user + system CPU seconds used so far.
pub fn cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let stat =
        std::fs::read_to_string(format!("/proc/{pid}/stat")).context("read /proc/<pid>/stat")?;
    // Fields after the command name (which may contain spaces) start after ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the full line: 12 and 13 here.
    let utime: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let stime: f64 = fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    Ok((utime + stime) / TICKS_PER_SECOND)
}

/// Resident memory in bytes.
pub fn rss_bytes(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .context("read /proc/<pid>/status")?;
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    Ok(kb * 1024)
}

/// The whole machine's CPU time, from the first line of `/proc/stat`:
/// enough to tell how much the hypervisor took away (steal time).
#[derive(Debug, Clone, Copy)]
pub struct MachineTimes {
    steal: u64,
    total: u64,
}

impl MachineTimes {
    pub fn now() -> anyhow::Result<Self> {
        let stat = std::fs::read_to_string("/proc/stat").context("read /proc/stat")?;
        let line = stat
            .lines()
            .find(|l| l.starts_with("cpu "))
            .context("/proc/stat has no cpu line")?;
        // user nice system idle iowait irq softirq steal guest guest_nice;
        // guest time is already counted in user, so it is left out.
        let ticks: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .take(8)
            .filter_map(|v| v.parse().ok())
            .collect();
        anyhow::ensure!(ticks.len() == 8, "unexpected /proc/stat cpu line: {line}");
        Ok(Self {
            steal: ticks[7],
            total: ticks.iter().sum(),
        })
    }

    /// Percent of the machine's CPU time since `earlier` that the
    /// hypervisor gave to someone else (0 on bare metal). Runs where this
    /// is high were slowed by the host, not by the code under test.
    pub fn steal_percent_since(&self, earlier: &Self) -> f64 {
        let total = self.total.saturating_sub(earlier.total);
        if total == 0 {
            return 0.0;
        }
        100.0 * self.steal.saturating_sub(earlier.steal) as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steal_is_a_share_of_the_elapsed_ticks() {
        let a = MachineTimes {
            steal: 10,
            total: 1000,
        };
        let b = MachineTimes {
            steal: 30,
            total: 1200,
        };
        assert!((b.steal_percent_since(&a) - 10.0).abs() < 1e-9);
        assert_eq!(a.steal_percent_since(&a), 0.0);
    }

    #[test]
    fn reads_this_machine() {
        let t = MachineTimes::now().expect("/proc/stat is readable on Linux");
        assert!(t.total > 0 && t.steal <= t.total);
    }
}
