//! Latency histograms (microseconds) shared by many tasks.

use std::sync::{Arc, Mutex};

use hdrhistogram::Histogram;

#[derive(Clone)]
pub struct Latencies(Arc<Mutex<Histogram<u64>>>);

impl Latencies {
    pub fn new() -> Self {
        // 1 µs .. 60 s at 3 significant digits; these bounds are valid.
        let h = Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds");
        Self(Arc::new(Mutex::new(h)))
    }

    pub fn record_micros(&self, micros: u64) {
        if let Ok(mut h) = self.0.lock() {
            let _ = h.record(micros.clamp(1, 60_000_000));
        }
    }

    /// "p50 0.42 ms, p99 1.10 ms, max 3.2 ms (n = 1000)"
    pub fn summary(&self) -> String {
        let Ok(h) = self.0.lock() else {
            return "n/a".into();
        };
        if h.is_empty() {
            return "no samples".into();
        }
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, max {:.1} ms (n = {})",
            h.value_at_quantile(0.5) as f64 / 1000.0,
            h.value_at_quantile(0.99) as f64 / 1000.0,
            h.max() as f64 / 1000.0,
            h.len()
        )
    }
}
