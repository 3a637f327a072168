//! Shared state: the settings, the lookup index behind an `Arc` swap, and the metrics.
//!
//! Requests take a clone of the current `Arc<LoadedIndex>` when they start and keep it
//! to the end: a reload builds the new index aside, then swaps the pointer; in-flight
//! requests finish on the old index, which is dropped with its last user.

use crate::configuration::{IndexSource, Settings};
use crate::error::{ApiError, ErrorCode};
use namestd::lookup::LookupIndex;
use namestd::Standardizer;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The registry built into the binary: the NBER/PatentsView assignee benchmark
/// (`data/eval/`, CC BY 4.0): entity id = `unique_id`, variants = `organization`,
/// canonical name = the most frequent variant.
pub const EMBEDDED_REGISTRY: &str = include_str!("../../data/eval/nber-subset-assignees-benchmark-distinct-names.csv");

/// An index and where it came from.
#[derive(Debug)]
pub struct LoadedIndex {
    /// The index.
    pub index: LookupIndex,
    /// `embedded`, `registry:<path>` or `index:<path>`.
    pub source: String,
    /// Unix seconds when it was loaded.
    pub loaded_at: u64,
    /// Milliseconds it took to build or load.
    pub load_ms: u64,
}

/// Builds or loads the index named by a source (CPU-heavy: call off the async threads).
pub fn load_index(source: &IndexSource) -> Result<LoadedIndex, String> {
    let t = Instant::now();
    let (index, name) = match source {
        IndexSource::Embedded => {
            (LookupIndex::from_csv(EMBEDDED_REGISTRY).map_err(|e| e.to_string())?, "embedded".to_string())
        }
        IndexSource::RegistryCsv(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("registry {}: {e}", p.display()))?;
            let idx = LookupIndex::from_csv(&text).map_err(|e| format!("{}: {e}", p.display()))?;
            (idx, format!("registry:{}", p.display()))
        }
        IndexSource::IndexFile(p) => {
            // Read section by section: the file is never held in memory whole.
            let idx = LookupIndex::from_file(p).map_err(|e| format!("index {}: {e}", p.display()))?;
            (idx, format!("index:{}", p.display()))
        }
    };
    // Warm up before the index is ready: the first queries pay for the core's lazily built
    // tables (tens of milliseconds), which would otherwise land on the first filers.
    for name in ["Koninklijke Philips Electronics N.V.", "Siemens Aktiengesellschaft", "Motorla Inc", "IBM"] {
        let _ = index.query(&namestd::lookup::Query::new(name));
    }
    let loaded_at = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    Ok(LoadedIndex { index, source: name, loaded_at, load_ms: t.elapsed().as_millis() as u64 })
}

/// Latency histogram bucket bounds, seconds.
pub const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// Request counters and latency histograms, rendered in Prometheus text format.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Index reloads that succeeded.
    pub reloads: AtomicU64,
    /// Index reloads that failed (the old index stayed).
    pub reload_failures: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Metrics {
    /// Records one request.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        *lock(&self.requests).entry((route.to_string(), method.to_string(), status)).or_insert(0) += 1;
        let mut l = lock(&self.latency);
        let h = l.entry(route.to_string()).or_default();
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// Prometheus text exposition (format 0.0.4).
    pub fn render(&self, state: &AppState) -> String {
        use std::fmt::Write;
        let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        let mut out = String::new();
        out.push_str("# HELP namestd_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE namestd_http_requests_total counter\n");
        for ((r, m, s), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "namestd_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{s}\"}} {n}",
                esc(r),
                esc(m)
            );
        }
        out.push_str("# HELP namestd_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE namestd_http_request_duration_seconds histogram\n");
        for (r, h) in lock(&self.latency).iter() {
            let r = esc(r);
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "namestd_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ =
                writeln!(out, "namestd_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "namestd_http_request_duration_seconds_sum{{route=\"{r}\"}} {}", h.sum);
            let _ = writeln!(out, "namestd_http_request_duration_seconds_count{{route=\"{r}\"}} {}", h.count);
        }
        let idx = state.index();
        let (apps, names) = idx.as_ref().map(|i| (i.index.applicant_count(), i.index.names())).unwrap_or((0, 0));
        let gauges = [
            ("namestd_index_ready", "Whether an index is loaded (1) or not (0).", u64::from(idx.is_some())),
            ("namestd_index_applicants", "Applicants in the loaded index.", apps as u64),
            ("namestd_index_names", "Distinct names in the loaded index.", names as u64),
            (
                "namestd_http_requests_in_flight",
                "Requests being processed.",
                state.in_flight.load(Ordering::Relaxed) as u64,
            ),
        ];
        for (n, h, v) in gauges {
            let _ = writeln!(out, "# HELP {n} {h}\n# TYPE {n} gauge\n{n} {v}");
        }
        let counters = [
            ("namestd_index_reloads_total", "Successful index reloads.", self.reloads.load(Ordering::Relaxed)),
            (
                "namestd_index_reload_failures_total",
                "Failed index reloads.",
                self.reload_failures.load(Ordering::Relaxed),
            ),
        ];
        for (n, h, v) in counters {
            let _ = writeln!(out, "# HELP {n} {h}\n# TYPE {n} counter\n{n} {v}");
        }
        out
    }
}

/// Everything handlers share (in `web::Data`).
#[derive(Debug)]
pub struct AppState {
    /// The settings the server runs with.
    pub settings: Settings,
    /// The standardizer (embedded dictionaries).
    pub standardizer: Standardizer,
    index: RwLock<Option<Arc<LoadedIndex>>>,
    /// Metrics.
    pub metrics: Metrics,
    /// Requests being processed now.
    pub in_flight: AtomicUsize,
    reloading: Mutex<()>,
}

impl AppState {
    /// State with an index (or none yet: lookups answer 503 until one is loaded).
    pub fn new(settings: Settings, index: Option<LoadedIndex>) -> Self {
        AppState {
            settings,
            standardizer: Standardizer::default(),
            index: RwLock::new(index.map(Arc::new)),
            metrics: Metrics::default(),
            in_flight: AtomicUsize::new(0),
            reloading: Mutex::new(()),
        }
    }

    /// The current index, if loaded.
    pub fn index(&self) -> Option<Arc<LoadedIndex>> {
        self.index.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The current index, or a 503.
    pub fn ready_index(&self) -> Result<Arc<LoadedIndex>, ApiError> {
        self.index().ok_or_else(|| ApiError::new(ErrorCode::IndexNotReady, "the lookup index is not loaded yet"))
    }

    /// Replaces the index.
    pub fn swap(&self, new: LoadedIndex) {
        *self.index.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(new));
    }

    /// Rebuilds the index from the configured source and swaps it in (blocking; one
    /// reload at a time, a second waits). On failure the old index stays.
    pub fn reload(&self) -> Result<Arc<LoadedIndex>, String> {
        let one = lock(&self.reloading);
        self.reload_locked(one)
    }

    /// As [`AppState::reload`], but None at once when a reload is already running (so
    /// that reload requests never queue up).
    pub fn try_reload(&self) -> Option<Result<Arc<LoadedIndex>, String>> {
        let one = match self.reloading.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(self.reload_locked(one))
    }

    fn reload_locked(&self, _one: std::sync::MutexGuard<'_, ()>) -> Result<Arc<LoadedIndex>, String> {
        match load_index(&self.settings.index) {
            Ok(i) => {
                self.swap(i);
                self.metrics.reloads.fetch_add(1, Ordering::Relaxed);
                Ok(self.index().expect("just swapped"))
            }
            Err(e) => {
                self.metrics.reload_failures.fetch_add(1, Ordering::Relaxed);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_reload_does_not_wait() {
        let state = AppState::new(Settings::default(), None);
        let running = lock(&state.reloading);
        assert!(state.try_reload().is_none(), "a reload is running: the second one must not queue");
        drop(running);
        let r = state.try_reload().expect("no reload running");
        assert_eq!(r.expect("the embedded registry loads").index.applicant_count(), 6176);
        assert_eq!(state.metrics.reloads.load(Ordering::Relaxed), 1);
    }
}
