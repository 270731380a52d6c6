//! Phase timings for `--timings`: how long each stage of a build took, so the slowest is visible.
//!
//! A plain list of (phase, duration, peak memory so far) in the order phases ran; the clock is
//! only read here and in the CLI, never inside a stage. The peak resident set after each phase
//! (Linux's `VmHWM`) shows which phase sets the build's peak memory.

use std::time::{Duration, Instant};

/// Durations of the phases that ran, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    phases: Vec<(&'static str, Duration)>,
    /// The process's peak resident set, in KiB, after each phase (when the system tells).
    peaks: Vec<Option<u64>>,
}

impl Timings {
    /// Runs `work` and records how long it took under `phase`.
    pub fn phase<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = work();
        self.phases.push((phase, started.elapsed()));
        self.peaks.push(peak_rss_kib());
        value
    }

    /// Appends the phases of `other`, which ran after these.
    pub fn extend(&mut self, other: Timings) {
        self.phases.extend(other.phases);
        self.peaks.extend(other.peaks);
    }

    /// The recorded phases.
    pub fn phases(&self) -> &[(&'static str, Duration)] {
        &self.phases
    }

    /// A table: phase, milliseconds, share of the total, and the peak memory so far.
    pub fn table(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut out = String::from("phase          ms      share   peak RSS MiB\n");
        for (i, (phase, duration)) in self.phases.iter().enumerate() {
            let share = if total.is_zero() { 0.0 } else { duration.as_secs_f64() / total.as_secs_f64() * 100.0 };
            let peak = self.peaks.get(i).copied().flatten().map_or("-".to_string(), |kib| format!("{}", kib / 1024));
            out += &format!("{phase:<12} {:>6.1}   {share:>5.1}%   {peak:>6}\n", duration.as_secs_f64() * 1000.0);
        }
        out += &format!("{:<12} {:>6.1}\n", "total", total.as_secs_f64() * 1000.0);
        out
    }
}

/// The process's peak resident set so far (`VmHWM` in `/proc/self/status`), in KiB; `None` where
/// there is no such file.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_phases_in_order() {
        let mut t = Timings::default();
        let v = t.phase("load", || 2);
        t.phase("render", || ());
        assert_eq!(v, 2);
        let names: Vec<_> = t.phases().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["load", "render"]);
        assert!(t.table().contains("total"));
        if cfg!(target_os = "linux") {
            assert!(t.peaks.iter().all(|p| p.is_some_and(|kib| kib > 0)), "{:?}", t.peaks);
        }
    }
}
