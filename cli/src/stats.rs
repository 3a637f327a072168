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

/// What the summary counts of every record besides its rows, kept small so that the
/// counts of a batch read one short value per distinct record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// `organization`, `person` or `unknown`.
    pub kind: &'static str,
    /// The main legal form's number in the [`FormTable`], when there is one.
    pub form: Option<u32>,
}

/// A (country, legal form, class) key.
type FormKey = (Box<str>, Box<str>, Box<str>);

/// The (country, legal form, class) keys met so far, numbered in the order first met.
#[derive(Debug, Default)]
pub struct FormTable {
    ids: rustc_hash::FxHashMap<FormKey, u32>,
}

impl FormTable {
    /// The number of a key; a key met for the first time is numbered next and added to
    /// `new` (the counting side learns the keys in that order, [`Stats::add_forms`]).
    pub fn id(&mut self, key: (&str, &str, &str), new: &mut Vec<(String, String, String)>) -> u32 {
        let (country, form, class) = key;
        let boxed: FormKey = (country.into(), form.into(), class.into());
        let next = u32::try_from(self.ids.len()).expect("under 2^32 legal forms");
        *self.ids.entry(boxed).or_insert_with(|| {
            new.push((country.to_string(), form.to_string(), class.to_string()));
            next
        })
    }
}

/// A batch's rows per kind and per legal form (by number).
#[derive(Debug, Default)]
pub struct BatchCounts {
    /// Rows per kind (a handful of kinds: a list searched in order).
    kinds: Vec<(&'static str, u64)>,
    /// Rows per legal form number.
    legal_forms: Vec<u64>,
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
    /// The legal forms by number ([`FormTable`]), as the counting side learned them.
    form_names: Vec<(String, String, String)>,
}

fn hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

impl Stats {
    /// Learns the legal forms numbered since the last call ([`FormTable::id`]).
    pub fn add_forms(&mut self, new: Vec<(String, String, String)>) {
        self.form_names.extend(new);
    }

    /// Counts `rows` rows of one distinct record with `facts`, first seen at `line`; its
    /// entry, when given, for scores and issues. `new_record`: the record may not have
    /// been counted before (a record seen before cannot bring a new distinct name). Kinds
    /// and legal forms go into `batch`, added with [`Stats::add_batch`] once per batch (a
    /// short list and a vector by form number rather than a search of the run's ordered
    /// maps for every record).
    #[allow(clippy::too_many_arguments)] // the facts of one record, each a plain value
    pub fn add_entry(
        &mut self,
        facts: Facts,
        e: Option<&Entry>,
        rows: u64,
        line: u64,
        name: &str,
        new_record: bool,
        batch: &mut BatchCounts,
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
        match batch.kinds.iter_mut().find(|(k, _)| *k == facts.kind) {
            Some((_, n)) => *n += rows,
            None => batch.kinds.push((facts.kind, rows)),
        }
        if let Some(form) = facts.form {
            let form = form as usize;
            if batch.legal_forms.len() <= form {
                batch.legal_forms.resize(form + 1, 0);
            }
            batch.legal_forms[form] += rows;
        }
        let Some(e) = e else { return };
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
    }

    /// Adds a batch's kinds and legal forms.
    pub fn add_batch(&mut self, batch: BatchCounts) {
        for (kind, rows) in batch.kinds {
            *self.kinds.entry(kind).or_default() += rows;
        }
        for (form, rows) in batch.legal_forms.into_iter().enumerate().filter(|(_, rows)| *rows > 0) {
            let key = &self.form_names[form];
            match self.legal_forms.get_mut(key) {
                Some(n) => *n += rows,
                None => {
                    self.legal_forms.insert(key.clone(), rows);
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
            form_names: _,
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
        }
    }

    #[test]
    fn rows_are_counted_by_band_issue_form_and_the_worst_kept_in_order() {
        let mut s = Stats::default();
        let (a, b, c) =
            (entry(100, &[]), entry(40, &["name.allCaps", "legalForm.duplicated"]), entry(75, &["name.allCaps"]));
        let (mut forms, mut new) = (FormTable::default(), Vec::new());
        let gmbh = forms.id(("DE", "GmbH", "LLC"), &mut new);
        assert_eq!(forms.id(("DE", "GmbH", "LLC"), &mut new), gmbh, "a key met again keeps its number");
        let ag = forms.id(("CH", "AG", "JSC"), &mut new);
        assert_eq!((gmbh, ag, new.len()), (0, 1, 2));
        s.add_forms(new);
        let facts = Facts { kind: "organization", form: Some(gmbh) };
        let mut batch = BatchCounts::default();
        s.add_entry(facts, Some(&a), 5, 2, "A GmbH", true, &mut batch);
        s.add_entry(facts, Some(&b), 2, 3, "B GMBH GMBH", true, &mut batch);
        s.add_entry(facts, Some(&c), 1, 4, "C GMBH", true, &mut batch);
        // Seen before (found in the cache): rows count, the distinct names do not grow.
        s.add_entry(facts, Some(&c), 1, 9, "C GMBH", false, &mut batch);
        // Without its entry (no quality columns): kind and legal form only.
        s.add_entry(Facts { kind: "person", form: None }, None, 3, 10, "SMITH, JOHN", true, &mut batch);
        s.add_batch(batch);
        s.add_skipped(1);
        assert_eq!(s.rows, 13);
        assert_eq!(s.bands().map(|b| b.1), [5, 2, 0, 2]);
        assert_eq!(s.issues["name.allCaps"].1, 4);
        assert_eq!(s.legal_forms[&("DE".into(), "GmbH".into(), "LLC".into())], 9);
        assert_eq!(s.legal_forms.len(), 1, "a form with no rows is not listed");
        assert_eq!((s.kinds["organization"], s.kinds["person"]), (9, 3));
        assert_eq!(s.worst.iter().map(|w| w.score).collect::<Vec<_>>(), vec![40, 75]);
        assert_eq!(s.distinct_names(), 4);
    }
}
