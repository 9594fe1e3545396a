//! How long each stage of a matrix run took, printed at the end.

use std::time::{Duration, Instant};

/// Wall time of each stage, printed at the end: where a slow matrix spends it.
pub struct Phases {
    last: Instant,
    spent: Vec<(&'static str, Duration)>,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            last: Instant::now(),
            spent: Vec::new(),
        }
    }

    pub fn done(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.spent.push((stage, now - self.last));
        self.last = now;
    }
}

impl std::fmt::Display for Phases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: Duration = self.spent.iter().map(|(_, d)| *d).sum();
        write!(f, "{:.2} s", total.as_secs_f64())?;
        for (i, (stage, d)) in self.spent.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}{stage} {:.2} s", d.as_secs_f64())?;
        }
        write!(f, ")")
    }
}
