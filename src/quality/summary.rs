//! Table-level figures: [`QualitySummary`] adds up assessments and merges with others, so a
//! table can be assessed in parallel batches with the same result as in one pass.

use super::{Assessment, ScoreBand, Severity};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One of the worst records of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorstRecord {
    /// The record's position in the table (row number), given by the caller.
    pub row: u64,
    /// The name as received.
    pub name: String,
    /// Its score.
    pub score: u8,
    /// The codes of its issues.
    pub codes: Vec<String>,
}

impl WorstRecord {
    /// Worst first: lower score, then more issues, then earlier row.
    fn rank(&self, other: &Self) -> Ordering {
        self.score
            .cmp(&other.score)
            .then(other.codes.len().cmp(&self.codes.len()))
            .then(self.row.cmp(&other.row))
            .then_with(|| self.name.cmp(&other.name))
    }
}

/// Figures for a table of assessed records: how many records, issue counts per code and
/// severity, records per score band, records with errors, the mean score, and the `n`
/// worst records (lowest score; ties: more issues first, then lower row number, so the
/// result does not depend on the order records or batches were added).
///
/// ```
/// use namestd::quality::{assess, ApplicantRecord, QualitySummary};
/// let mut a = QualitySummary::new(10);
/// let mut b = QualitySummary::new(10);
/// a.add(0, &assess(&ApplicantRecord::new("N/A")));
/// b.add(1, &assess(&ApplicantRecord::new("Siemens AG").country("DE")));
/// a.merge(b);
/// assert_eq!(a.records, 2);
/// assert_eq!(a.records_with_errors, 1);
/// assert_eq!(a.worst[0].name, "N/A");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QualitySummary {
    /// Records added.
    pub records: u64,
    /// Records with at least one issue.
    pub records_with_issues: u64,
    /// Records with at least one error.
    pub records_with_errors: u64,
    /// Sum of the scores (for the mean).
    pub score_sum: u64,
    /// Records per score band (`good`, `fair`, `poor`, `bad`).
    pub bands: BTreeMap<ScoreBand, u64>,
    /// Records on which each code fired (a record counts once per code).
    pub issue_counts: BTreeMap<String, u64>,
    /// Issues per severity.
    pub severity_counts: BTreeMap<Severity, u64>,
    /// How many worst records to keep.
    pub keep_worst: usize,
    /// The worst records, worst first.
    pub worst: Vec<WorstRecord>,
}

impl Default for QualitySummary {
    fn default() -> Self {
        QualitySummary::new(20)
    }
}

impl QualitySummary {
    /// An empty summary keeping the `keep_worst` worst records.
    pub fn new(keep_worst: usize) -> Self {
        QualitySummary {
            records: 0,
            records_with_issues: 0,
            records_with_errors: 0,
            score_sum: 0,
            bands: ScoreBand::ALL.iter().map(|b| (*b, 0)).collect(),
            issue_counts: BTreeMap::new(),
            severity_counts: BTreeMap::new(),
            keep_worst,
            worst: Vec::new(),
        }
    }

    /// Adds one assessed record; `row` identifies it (its row number in the table).
    pub fn add(&mut self, row: u64, a: &Assessment) {
        self.records += 1;
        self.score_sum += u64::from(a.score);
        *self.bands.entry(a.band).or_default() += 1;
        if !a.issues.is_empty() {
            self.records_with_issues += 1;
        }
        if a.has_error {
            self.records_with_errors += 1;
        }
        let codes: Vec<String> = a.codes().into_iter().map(str::to_string).collect();
        for c in &codes {
            *self.issue_counts.entry(c.clone()).or_default() += 1;
        }
        for i in &a.issues {
            *self.severity_counts.entry(i.severity).or_default() += 1;
        }
        if self.keep_worst > 0 && a.score < 100 {
            let w = WorstRecord { row, name: a.name.original.clone(), score: a.score, codes };
            self.offer(w);
        }
    }

    fn offer(&mut self, w: WorstRecord) {
        if self.worst.len() >= self.keep_worst {
            if let Some(last) = self.worst.last() {
                if w.rank(last) != Ordering::Less {
                    return;
                }
            }
        }
        let pos = self.worst.partition_point(|x| x.rank(&w) == Ordering::Less);
        self.worst.insert(pos, w);
        self.worst.truncate(self.keep_worst);
    }

    /// Adds another summary's figures (from another batch) to this one.
    pub fn merge(&mut self, other: QualitySummary) {
        self.records += other.records;
        self.records_with_issues += other.records_with_issues;
        self.records_with_errors += other.records_with_errors;
        self.score_sum += other.score_sum;
        for (b, n) in other.bands {
            *self.bands.entry(b).or_default() += n;
        }
        for (c, n) in other.issue_counts {
            *self.issue_counts.entry(c).or_default() += n;
        }
        for (s, n) in other.severity_counts {
            *self.severity_counts.entry(s).or_default() += n;
        }
        for w in other.worst {
            self.offer(w);
        }
    }

    /// Mean score, 100 for an empty table.
    pub fn mean_score(&self) -> f64 {
        if self.records == 0 {
            100.0
        } else {
            self.score_sum as f64 / self.records as f64
        }
    }

    /// Share of records (0-1) with at least one error.
    pub fn error_share(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.records_with_errors as f64 / self.records as f64
        }
    }

    /// Share of records (0-1) in a band.
    pub fn band_share(&self, band: ScoreBand) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.bands.get(&band).copied().unwrap_or(0) as f64 / self.records as f64
        }
    }
}
