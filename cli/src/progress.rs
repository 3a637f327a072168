//! A one-line progress display on stderr (rows, rows/s, share done, ETA), shown only when
//! stderr is a terminal and `--quiet` is off.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// The progress line of a run.
pub struct Progress {
    label: String,
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    /// A progress line for a pass called `label`.
    pub fn new(label: &str, quiet: bool) -> Progress {
        Progress {
            label: label.to_string(),
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            drawn: false,
        }
    }

    /// Redraws the line (at most five times a second).
    pub fn update(&mut self, rows: u64, done: Option<f64>) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last.is_some_and(|l| now - l < Duration::from_millis(200)) {
            return;
        }
        self.last = Some(now);
        let line = render(&self.label, rows, self.started.elapsed().as_secs_f64(), done);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clears the line.
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// The progress text: `label: 1,234,567 rows  456,789 rows/s  37%  ETA 12 s`.
pub fn render(label: &str, rows: u64, seconds: f64, done: Option<f64>) -> String {
    let rate = if seconds > 0.0 { rows as f64 / seconds } else { 0.0 };
    let mut s = format!("{label}: {} rows  {} rows/s", thousands(rows), thousands(rate as u64));
    if let Some(d) = done.filter(|d| *d > 0.0) {
        let eta = seconds * (1.0 - d) / d;
        s.push_str(&format!("  {:.0}%  ETA {:.0} s", d * 100.0, eta.max(0.0)));
    }
    s
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_rows_rate_share_and_eta() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
        let line = render("standardize", 500_000, 2.0, Some(0.25));
        assert_eq!(line, "standardize: 500,000 rows  250,000 rows/s  25%  ETA 6 s");
        assert_eq!(render("x", 0, 0.0, None), "x: 0 rows  0 rows/s");
    }
}
