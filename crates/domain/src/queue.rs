//! Caller-queue arithmetic: the estimated wait and the moving average of call
//! durations it is based on.
//!
//! The queue itself (order, leases) lives in the session manager's stores;
//! this module only decides what to tell a waiting caller.

/// Used before any call has finished: a typical short service call.
pub const DEFAULT_CALL_SECONDS: u32 = 180;

/// Exponential moving average of finished call durations, in seconds.
///
/// `alpha = 0.2`: the last ten calls or so dominate, and one very long call
/// moves the estimate by a fifth of its difference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallDurationAverage {
    seconds: f64,
    samples: u64,
}

impl Default for CallDurationAverage {
    fn default() -> Self {
        Self {
            seconds: f64::from(DEFAULT_CALL_SECONDS),
            samples: 0,
        }
    }
}

impl CallDurationAverage {
    const ALPHA: f64 = 0.2;

    pub fn from_parts(seconds: f64, samples: u64) -> Self {
        if seconds.is_finite() && seconds > 0.0 {
            Self { seconds, samples }
        } else {
            Self::default()
        }
    }

    /// Adds one finished call. The first sample replaces the default.
    pub fn record(&mut self, call_seconds: u64) {
        // Calls are capped at 2 h so that a stuck session cannot poison the estimate.
        let s = call_seconds.min(7200) as f64;
        self.seconds = if self.samples == 0 {
            s
        } else {
            self.seconds + Self::ALPHA * (s - self.seconds)
        };
        self.samples += 1;
    }

    pub fn seconds(&self) -> f64 {
        self.seconds
    }

    pub fn samples(&self) -> u64 {
        self.samples
    }
}

/// The wait told to the caller at `position` (1 = head): they are served
/// after `position` calls end, and `capacity` calls run side by side, so on
/// average one ends every `average / capacity` seconds.
pub fn estimated_wait_seconds(position: u32, average_call_seconds: f64, capacity: u32) -> u32 {
    let capacity = f64::from(capacity.max(1));
    let wait = f64::from(position) * average_call_seconds / capacity;
    // Round up to whole seconds, and never promise less than 5 s.
    (wait.ceil() as u32).max(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_scales_with_position_and_capacity() {
        assert_eq!(estimated_wait_seconds(1, 180.0, 1), 180);
        assert_eq!(estimated_wait_seconds(3, 180.0, 1), 540);
        assert_eq!(estimated_wait_seconds(3, 180.0, 10), 54);
        assert_eq!(estimated_wait_seconds(1, 1.0, 100), 5, "floor of 5 s");
        assert_eq!(
            estimated_wait_seconds(2, 60.0, 0),
            120,
            "capacity 0 counts as 1"
        );
    }

    #[test]
    fn moving_average_starts_from_default_then_follows_calls() {
        let mut avg = CallDurationAverage::default();
        assert_eq!(avg.seconds(), 180.0);
        avg.record(100);
        assert_eq!(avg.seconds(), 100.0, "first sample replaces the default");
        avg.record(200);
        assert!((avg.seconds() - 120.0).abs() < 1e-9);
        avg.record(1_000_000);
        assert!(avg.seconds() < 7200.0, "a stuck call is capped");
    }
}
