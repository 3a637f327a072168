//! Table-level figures gathered while the rows go by: the end-of-run summary and the
//! report are made from them.

use crate::enrich::Entry;
use crate::input::RowProblem;
use std::collections::BTreeMap;

/// Distinct names counted exactly up to this many; beyond, the count is a lower bound.
const DISTINCT_LIMIT: usize = 4_000_000;
/// Problems kept for the report and the error list.
const PROBLEMS_KEPT: usize = 200;
/// Worst records kept.
const WORST_KEPT: usize = 50;

/// One of the worst records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorstRecord {
    /// Line of its first row.
    pub line: u64,
    /// The name.
    pub name: String,
    /// Its score.
    pub score: u8,
    /// Rows with this record.
    pub rows: u64,
    /// Issues: code and message.
    pub issues: Vec<(String, String)>,
}

/// A batch's rows per kind and per (country, legal form, class), borrowed from its
/// entries.
#[derive(Debug, Default)]
pub struct BatchCounts<'e> {
    /// Rows per kind (a handful of kinds: a list searched in order).
    kinds: Vec<(&'static str, u64)>,
    legal_forms: rustc_hash::FxHashMap<FormRef<'e>, u64>,
}

/// A (country, legal form, class) key of a batch's counts, hashed by the entry's
/// [`Entry::form_hash`] (made once per record, not once per batch) and compared by text.
#[derive(Debug, Clone, Copy)]
struct FormRef<'e> {
    hash: u64,
    key: (&'e str, &'e str, &'e str),
}

impl std::hash::Hash for FormRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for FormRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for FormRef<'_> {}

/// The hash of a (country, legal form, class) key that [`Entry::form_hash`] holds.
pub fn form_hash(country: &str, form: &str, class: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (country, form, class).hash(&mut h);
    h.finish()
}

/// Figures of a run.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Rows read (= rows written).
    pub rows: u64,
    /// Rows with at least one input problem.
    pub problem_rows: u64,
    /// Input problems by code.
    pub problems_by_code: BTreeMap<&'static str, u64>,
    /// The first problems (line order).
    pub problems: Vec<RowProblem>,
    /// Rows not standardized (name too long).
    pub skipped_rows: u64,
    /// Distinct name hashes seen (bounded; they are hashes already, so Fx only mixes them).
    distinct: rustc_hash::FxHashSet<u64>,
    /// Whether `distinct` hit its bound.
    pub distinct_saturated: bool,
    /// Rows per kind.
    pub kinds: BTreeMap<&'static str, u64>,
    /// Rows per score decile (0–9, 10 = 100 counted in 9).
    pub score_histogram: [u64; 10],
    /// Rows assessed.
    pub assessed_rows: u64,
    /// Rows per issue code, with the severity.
    pub issues: BTreeMap<String, (&'static str, u64)>,
    /// Rows per (country, canonical legal form, class).
    pub legal_forms: BTreeMap<(String, String, String), u64>,
    /// Worst records, lowest score first.
    pub worst: Vec<WorstRecord>,
}

fn hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// A (country, form, class) key borrowed or owned, so that counting a known legal form
/// allocates nothing.
trait FormKey {
    fn key(&self) -> (&str, &str, &str);
}

impl FormKey for (String, String, String) {
    fn key(&self) -> (&str, &str, &str) {
        (&self.0, &self.1, &self.2)
    }
}

impl FormKey for (&str, &str, &str) {
    fn key(&self) -> (&str, &str, &str) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn FormKey + 'a> for (String, String, String) {
    fn borrow(&self) -> &(dyn FormKey + 'a) {
        self
    }
}

impl PartialEq for dyn FormKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for dyn FormKey + '_ {}

impl PartialOrd for dyn FormKey + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn FormKey + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl Stats {
    /// Counts `rows` rows of one distinct record, first seen at `line`. `new_record`: the
    /// record may not have been counted before (a record seen before cannot bring a new
    /// distinct name). Kinds and legal forms go into `batch`, added with
    /// [`Stats::add_batch`] once per batch (a hash map of a few keys rather than a search
    /// of the run's ordered maps for every record).
    pub fn add_entry<'e>(
        &mut self,
        e: &'e Entry,
        rows: u64,
        line: u64,
        name: &str,
        new_record: bool,
        batch: &mut BatchCounts<'e>,
    ) {
        if rows == 0 {
            return;
        }
        self.rows += rows;
        if new_record && !self.distinct_saturated {
            self.distinct.insert(hash(name));
            if self.distinct.len() >= DISTINCT_LIMIT {
                self.distinct_saturated = true;
            }
        }
        match batch.kinds.iter_mut().find(|(k, _)| *k == e.kind) {
            Some((_, n)) => *n += rows,
            None => batch.kinds.push((e.kind, rows)),
        }
        if let Some(score) = e.score {
            self.assessed_rows += rows;
            self.score_histogram[usize::from(score / 10).min(9)] += rows;
            for (code, severity) in &e.issues {
                match self.issues.get_mut(code.as_ref()) {
                    Some(slot) => slot.1 += rows,
                    None => {
                        self.issues.insert(code.to_string(), (severity, rows));
                    }
                }
            }
            let worse =
                self.worst.len() < WORST_KEPT || self.worst.last().is_some_and(|w| (score, line) < (w.score, w.line));
            if worse && !e.issues.is_empty() {
                if let Some(w) = self.worst.iter_mut().find(|w| w.name == name) {
                    w.rows += rows;
                } else {
                    let rec = WorstRecord {
                        line,
                        name: name.to_string(),
                        score,
                        rows,
                        issues: e
                            .issues
                            .iter()
                            .zip(&e.messages)
                            .map(|((c, _), m)| (c.to_string(), m.to_string()))
                            .collect(),
                    };
                    let at = self.worst.partition_point(|w| (w.score, w.line) <= (score, line));
                    self.worst.insert(at, rec);
                    self.worst.truncate(WORST_KEPT);
                }
            }
        }
        if let Some((form, class)) = &e.legal_form {
            let country = e.country.as_deref().unwrap_or("");
            let key = FormRef { hash: e.form_hash, key: (country, form.as_ref(), class.as_ref()) };
            *batch.legal_forms.entry(key).or_default() += rows;
        }
    }

    /// Adds a batch's kinds and legal forms.
    pub fn add_batch(&mut self, batch: BatchCounts<'_>) {
        for (kind, rows) in batch.kinds {
            *self.kinds.entry(kind).or_default() += rows;
        }
        for (FormRef { key: (country, form, class), .. }, rows) in batch.legal_forms {
            match self.legal_forms.get_mut(&(country, form, class) as &dyn FormKey) {
                Some(n) => *n += rows,
                None => {
                    self.legal_forms.insert((country.to_string(), form.to_string(), class.to_string()), rows);
                }
            }
        }
    }

    /// Takes in what [`Stats::add_entry`] and [`Stats::add_skipped`] counted into
    /// `other` (the row pass counts entries on a thread of its own and row problems on the
    /// main one).
    pub fn add_counts(&mut self, other: Stats) {
        let Stats {
            rows,
            skipped_rows,
            distinct,
            distinct_saturated,
            kinds,
            score_histogram,
            assessed_rows,
            issues,
            legal_forms,
            worst,
            problem_rows: _,
            problems_by_code: _,
            problems: _,
        } = other;
        debug_assert!(self.distinct.is_empty() && self.worst.is_empty(), "entries counted in one place only");
        self.rows += rows;
        self.skipped_rows += skipped_rows;
        self.distinct = distinct;
        self.distinct_saturated = distinct_saturated;
        self.kinds = kinds;
        self.score_histogram = score_histogram;
        self.assessed_rows = assessed_rows;
        self.issues = issues;
        self.legal_forms = legal_forms;
        self.worst = worst;
    }

    /// Counts rows that were not standardized.
    pub fn add_skipped(&mut self, rows: u64) {
        self.rows += rows;
        self.skipped_rows += rows;
    }

    /// Counts a batch's row problems (sorted by row).
    pub fn add_problems(&mut self, problems: &[(usize, RowProblem)]) {
        let mut last_row = None;
        for (row, p) in problems {
            if last_row != Some(*row) {
                self.problem_rows += 1;
                last_row = Some(*row);
            }
            *self.problems_by_code.entry(p.code).or_default() += 1;
            if self.problems.len() < PROBLEMS_KEPT {
                self.problems.push(p.clone());
            }
        }
    }

    /// Distinct names seen (a lower bound when [`Stats::distinct_saturated`]).
    pub fn distinct_names(&self) -> u64 {
        self.distinct.len() as u64
    }

    /// Rows per quality band: good, fair, poor, bad.
    pub fn bands(&self) -> [(&'static str, u64); 4] {
        let h = &self.score_histogram;
        [
            ("good (90–100)", h[9]),
            ("fair (70–89)", h[7] + h[8]),
            ("poor (50–69)", h[5] + h[6]),
            ("bad (0–49)", h[..5].iter().sum()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(score: u8, codes: &[&str]) -> Entry {
        Entry {
            score: Some(score),
            kind: "organization",
            issues: codes.iter().map(|c| (Box::<str>::from(*c), "warning")).collect(),
            messages: codes.iter().map(|c| Box::<str>::from(format!("{c} found"))).collect(),
            legal_form: Some(("GmbH".into(), "LLC".into())),
            country: Some("DE".into()),
            form_hash: form_hash("DE", "GmbH", "LLC"),
            ..Entry::default()
        }
    }

    #[test]
    fn rows_are_counted_by_band_issue_form_and_the_worst_kept_in_order() {
        let mut s = Stats::default();
        let (a, b, c) =
            (entry(100, &[]), entry(40, &["name.allCaps", "legalForm.duplicated"]), entry(75, &["name.allCaps"]));
        let mut batch = BatchCounts::default();
        s.add_entry(&a, 5, 2, "A GmbH", true, &mut batch);
        s.add_entry(&b, 2, 3, "B GMBH GMBH", true, &mut batch);
        s.add_entry(&c, 1, 4, "C GMBH", true, &mut batch);
        // Seen before (found in the cache): rows count, the distinct names do not grow.
        s.add_entry(&c, 1, 9, "C GMBH", false, &mut batch);
        s.add_batch(batch);
        s.add_skipped(1);
        assert_eq!(s.rows, 10);
        assert_eq!(s.bands().map(|b| b.1), [5, 2, 0, 2]);
        assert_eq!(s.issues["name.allCaps"].1, 4);
        assert_eq!(s.legal_forms[&("DE".into(), "GmbH".into(), "LLC".into())], 9);
        assert_eq!(s.kinds["organization"], 9);
        assert_eq!(s.worst.iter().map(|w| w.score).collect::<Vec<_>>(), vec![40, 75]);
        assert_eq!(s.distinct_names(), 3);
    }
}
