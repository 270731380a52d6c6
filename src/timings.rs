//! Phase timings for `--timings`: how long each stage of a build took, so the slowest is visible.
//!
//! A plain list of (phase, duration) in the order phases ran; the clock is only read here and in
//! the CLI, never inside a stage.

use std::time::{Duration, Instant};

/// Durations of the phases that ran, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `work` and records how long it took under `phase`.
    pub fn phase<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = work();
        self.phases.push((phase, started.elapsed()));
        value
    }

    /// Appends the phases of `other`, which ran after these.
    pub fn extend(&mut self, other: Timings) {
        self.phases.extend(other.phases);
    }

    /// The recorded phases.
    pub fn phases(&self) -> &[(&'static str, Duration)] {
        &self.phases
    }

    /// A table: phase, milliseconds, share of the total.
    pub fn table(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut out = String::from("phase          ms      share\n");
        for (phase, duration) in &self.phases {
            let share = if total.is_zero() { 0.0 } else { duration.as_secs_f64() / total.as_secs_f64() * 100.0 };
            out += &format!("{phase:<12} {:>6.1}   {share:>5.1}%\n", duration.as_secs_f64() * 1000.0);
        }
        out += &format!("{:<12} {:>6.1}\n", "total", total.as_secs_f64() * 1000.0);
        out
    }
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
    }
}
