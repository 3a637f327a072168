//! The per-row work: each batch's distinct names are standardized (and assessed) once, in
//! parallel, through a bounded cache shared by the batches; the results become new columns
//! beside the input's own.

use crate::columns::{OutColumn, Selection};
use crate::input::{Batch, RowProblem};
use crate::roles::Roles;
use crate::stats::Stats;
use namestd::quality::ApplicantRecord;
use namestd::{KindHint, QualityChecker, Standardizer};
use polars::prelude::{
    Column, DataFrame, IdxSize, IntoColumn, NewChunkedArray, PlSmallStr, StringChunked, UInt8Chunked,
};
use polars_arrow::array::{MutablePlString, Utf8ViewArray};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The cluster of a distinct name, from the clustering pass of `run`.
#[derive(Debug, Clone)]
pub struct ClusterFacts {
    /// Stable cluster id.
    pub id: Arc<str>,
    /// Canonical name of the cluster.
    pub name: Arc<str>,
    /// Distinct names in the cluster.
    pub size: u32,
}

/// Clusters by (name, country), for the row pass.
pub type ClusterMap = FxHashMap<(Box<str>, Box<str>), ClusterFacts>;

/// What one distinct record became: its output values and the facts the summary counts.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Values of the selected text columns, in selection order.
    pub text: TextCells,
    /// Quality score, when assessed.
    pub score: Option<u8>,
    /// `organization`, `person` or `unknown` (empty when not standardized).
    pub kind: &'static str,
    /// Issue codes with their severity.
    pub issues: Vec<(Box<str>, &'static str)>,
    /// Issue messages, in the order of `issues`.
    pub messages: Vec<Box<str>>,
    /// Main legal form: canonical abbreviation and generic class.
    pub legal_form: Option<(Box<str>, Box<str>)>,
    /// Country used (hint or tag).
    pub country: Option<Box<str>>,
    /// [`crate::stats::form_hash`] of (country, legal form, class), made with the entry so
    /// that the summary's counts do not hash the texts again for every batch (another value
    /// could split a batch's count of one form in two, which the run's totals merge by
    /// text).
    pub form_hash: u64,
}

/// The values of an entry's text columns, in selection order, kept together: one string
/// of all the values and where each ends. Each batch reads every distinct entry's values
/// into its columns; two allocations per entry rather than one per value keep those reads
/// to a few cache lines.
#[derive(Debug, Clone, Default)]
pub struct TextCells {
    /// The values, one after another.
    joined: Box<str>,
    /// Where each value ends in `joined`, with [`TextCells::NULL`] set for a null.
    ends: Box<[u32]>,
}

impl TextCells {
    /// The flag of a null value in `ends`.
    const NULL: u32 = 1 << 31;

    /// The cells of `values`, in order.
    pub fn new<I: IntoIterator<Item = Option<Box<str>>>>(values: I) -> TextCells {
        let mut joined = String::new();
        let mut ends = Vec::new();
        for v in values {
            match v {
                Some(v) => {
                    joined.push_str(&v);
                    ends.push(u32::try_from(joined.len()).expect("an entry's values are under 2 GB"));
                }
                None => ends.push(u32::try_from(joined.len()).expect("an entry's values are under 2 GB") | Self::NULL),
            }
        }
        assert!(joined.len() < Self::NULL as usize, "an entry's values are under 2 GB");
        TextCells { joined: joined.into(), ends: ends.into() }
    }

    /// `width` null values.
    pub fn nulls(width: usize) -> TextCells {
        TextCells { joined: "".into(), ends: vec![Self::NULL; width].into() }
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The values, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        let mut start = 0usize;
        self.ends.iter().map(move |&end| {
            let at = (end & !Self::NULL) as usize;
            let value = (end & Self::NULL == 0).then(|| &self.joined[start..at]);
            start = at;
            value
        })
    }
}

/// What a batch's distinct entries count for the summary: each entry with its rows, its
/// first line and its name (read from the batch's name column), and the rows not
/// standardized. Counting them is serial and touches large maps, so the row pass does it
/// on a thread of its own.
pub struct EntryCounts {
    entries: Vec<Arc<Entry>>,
    /// Rows per entry; one more slot at the end for the rows not standardized.
    multiplicity: Vec<u64>,
    first_rows: Vec<usize>,
    first_lines: Vec<u64>,
    /// Whether the entry was computed for this batch (not found in the cache).
    new_record: Vec<bool>,
    names: StringChunked,
    skipped: u64,
}

impl EntryCounts {
    /// Rows of the batch.
    pub fn rows(&self) -> u64 {
        self.multiplicity.iter().sum()
    }

    /// Counts the batch into `stats`.
    pub fn add_to(self, stats: &mut Stats) {
        let mut batch = crate::stats::BatchCounts::default();
        for (d, entry) in self.entries.iter().enumerate() {
            let name = self.names.get(self.first_rows[d]).unwrap_or("");
            stats.add_entry(entry, self.multiplicity[d], self.first_lines[d], name, self.new_record[d], &mut batch);
        }
        stats.add_batch(batch);
        stats.add_skipped(self.skipped);
    }
}

/// Settings of the row pass.
#[derive(Clone)]
pub struct Enricher {
    /// The columns to add.
    pub selection: Selection,
    /// Where the record's fields are.
    pub roles: Roles,
    /// Standardizer.
    pub standardizer: Standardizer,
    /// Quality rules, when quality columns are wanted.
    pub quality: Option<QualityChecker>,
    /// Clusters, when cluster columns are wanted.
    pub clusters: Option<Arc<ClusterMap>>,
    /// Longest name standardized, in bytes; longer names are reported, not standardized.
    pub max_name_bytes: usize,
    /// Most distinct records kept in the cache.
    pub cache_capacity: usize,
}

/// The cache of entries by record key, shared by the batches.
#[derive(Default)]
pub struct Cache {
    map: FxHashMap<Box<str>, Arc<Entry>>,
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Records computed.
    pub computed: u64,
}

/// The fields of one row that the work depends on.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash)]
struct RecordRef<'a> {
    name: &'a str,
    country: Option<&'a str>,
    kind: Option<&'a str>,
    address: Option<&'a str>,
    family: Option<&'a str>,
    given: Option<&'a str>,
    original: Option<&'a str>,
    id: Option<&'a str>,
}

impl RecordRef<'_> {
    /// The cache key: every field the output depends on, separated by U+001F.
    fn key(&self, with_record_fields: bool) -> String {
        let mut k = String::with_capacity(self.name.len() + 8);
        k.push_str(self.name);
        for f in [self.country, self.kind] {
            k.push('\u{1f}');
            k.push_str(f.unwrap_or(""));
        }
        if with_record_fields {
            for f in [self.address, self.family, self.given, self.original, self.id] {
                k.push('\u{1f}');
                k.push_str(f.unwrap_or(""));
            }
        }
        k
    }
}

/// Parses a kind column value: `person`/`p`/`individual`/`natural`, `organization`/`org`/
/// `o`/`company`/`legal`; anything else is no hint.
pub fn parse_kind(s: &str) -> Option<KindHint> {
    match s.trim().to_ascii_lowercase().as_str() {
        "person" | "p" | "individual" | "natural" | "natural person" | "inventor" => Some(KindHint::Person),
        "organization" | "organisation" | "org" | "o" | "company" | "legal" | "legal entity" | "firm" => {
            Some(KindHint::Organization)
        }
        _ => None,
    }
}

impl Enricher {
    /// Whether the work depends on more than name, country and kind.
    fn uses_record_fields(&self) -> bool {
        self.quality.is_some()
    }

    /// The entry of one record.
    fn compute(&self, r: &RecordRef<'_>) -> Entry {
        let mut input = namestd::NameInput::new(r.name);
        input.country = r.country.filter(|c| !c.trim().is_empty());
        input.kind = r.kind.and_then(parse_kind);
        let std = self.standardizer.standardize_input(&input);
        let mut entry = Entry {
            kind: std.kind.as_str(),
            legal_form: std.legal_form.as_ref().map(|f| (f.canonical.as_str().into(), f.generic.as_str().into())),
            country: std.country.as_deref().map(Into::into),
            ..Entry::default()
        };
        let assessment = self.quality.as_ref().map(|q| {
            let mut rec = ApplicantRecord::new(r.name);
            rec.country = r.country.filter(|c| !c.trim().is_empty()).map(str::to_string);
            rec.kind = input.kind;
            rec.address = r.address.filter(|c| !c.trim().is_empty()).map(str::to_string);
            rec.family = r.family.filter(|c| !c.trim().is_empty()).map(str::to_string);
            rec.given = r.given.filter(|c| !c.trim().is_empty()).map(str::to_string);
            rec.original_script_name = r.original.filter(|c| !c.trim().is_empty()).map(str::to_string);
            rec.identifier = r.id.filter(|c| !c.trim().is_empty()).map(str::to_string);
            q.assess_standardized(&rec, std.clone())
        });
        if let Some((form, class)) = &entry.legal_form {
            entry.form_hash = crate::stats::form_hash(entry.country.as_deref().unwrap_or(""), form, class);
        }
        if let Some(a) = &assessment {
            entry.score = Some(a.score);
            for i in &a.issues {
                entry.issues.push((i.code.as_str().into(), i.severity.as_str()));
                entry.messages.push(i.message.as_str().into());
            }
        }
        let cluster = self.clusters.as_ref().and_then(|m| {
            m.get(&(Box::<str>::from(r.name), Box::<str>::from(r.country.unwrap_or("").trim()))).cloned()
        });
        entry.text = TextCells::new(
            self.selection
                .text_columns()
                .map(|c| crate::columns::value(c, &std, assessment.as_ref(), cluster.as_ref())),
        );
        entry
    }

    /// Adds the selected columns to a batch; counts its row problems into `stats` and
    /// returns, beside the frame, the counts of its entries for the summary
    /// ([`EntryCounts::add_to`], which can run on another thread).
    pub fn enrich(
        &self,
        batch: Batch,
        cache: &mut Cache,
        stats: &mut Stats,
    ) -> Result<(DataFrame, EntryCounts), String> {
        let Batch { frame, lines, problems } = batch;
        let rows = frame.height();
        let r = &self.roles;
        let text = |i: Option<usize>| i.map(|i| crate::input::text_column(&frame, i)).transpose();
        let with_fields = self.uses_record_fields();
        let record_field = |i: Option<usize>| if with_fields { text(i) } else { Ok(None) };
        let names = crate::input::text_column(&frame, r.name)?;
        let (countries, kinds) = (text(r.country)?, text(r.kind)?);
        // No rule reads the identifier: leaving it out keeps one assessment per distinct
        // record rather than one per row.
        let (addresses, families, givens, originals, ids) = (
            record_field(r.address)?,
            record_field(r.family)?,
            record_field(r.given)?,
            record_field(r.original)?,
            None::<StringChunked>,
        );
        let (countries, kinds) = (countries.as_ref(), kinds.as_ref());
        let (addresses, families, givens, originals, ids) =
            (addresses.as_ref(), families.as_ref(), givens.as_ref(), originals.as_ref(), ids.as_ref());
        fn at(ca: Option<&StringChunked>, row: usize) -> Option<&str> {
            ca.and_then(|c| c.get(row))
        }

        // Row problems: the input's, plus names too long to standardize.
        let mut row_problems: Vec<(usize, RowProblem)> = problems;
        // Distinct records of the batch.
        let mut index_of: FxHashMap<RecordRef<'_>, u32> = FxHashMap::with_capacity_and_hasher(rows, Default::default());
        let mut distinct: Vec<RecordRef<'_>> = Vec::new();
        let mut first_row: Vec<usize> = Vec::new();
        let mut row_entry: Vec<IdxSize> = Vec::with_capacity(rows);
        const SKIPPED: IdxSize = IdxSize::MAX;
        #[allow(clippy::needless_range_loop)] // `row` indexes several columns and `lines`
        for row in 0..rows {
            let name = names.get(row).unwrap_or("");
            if name.len() > self.max_name_bytes {
                row_problems.push((
                    row,
                    RowProblem {
                        line: lines[row],
                        code: "name_too_long",
                        message: format!(
                            "the name has {} bytes, more than --max-name-bytes {}; not standardized",
                            name.len(),
                            self.max_name_bytes
                        ),
                    },
                ));
                row_entry.push(SKIPPED);
                continue;
            }
            let rec = RecordRef {
                name,
                country: at(countries, row),
                kind: at(kinds, row),
                address: at(addresses, row),
                family: at(families, row),
                given: at(givens, row),
                original: at(originals, row),
                id: at(ids, row),
            };
            let next = distinct.len() as u32;
            let e = *index_of.entry(rec).or_insert_with(|| {
                distinct.push(rec);
                first_row.push(row);
                next
            });
            row_entry.push(e as IdxSize);
        }
        row_problems.sort_by_key(|(row, _)| *row);

        // Entries: from the cache, else computed in parallel.
        // Keys and lookups in parallel: with a large cache most lookups miss the CPU caches.
        let keys: Vec<String> = distinct.par_iter().map(|r| r.key(with_fields)).collect();
        let map = &cache.map;
        let mut entries: Vec<Option<Arc<Entry>>> = keys.par_iter().map(|k| map.get(k.as_str()).cloned()).collect();
        let missing: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].is_none()).collect();
        cache.hits += (entries.len() - missing.len()) as u64;
        cache.computed += missing.len() as u64;
        let computed: Vec<Arc<Entry>> = missing.par_iter().map(|&i| Arc::new(self.compute(&distinct[i]))).collect();
        for (&i, e) in missing.iter().zip(computed) {
            if cache.map.len() < self.cache_capacity {
                cache.map.insert(keys[i].as_str().into(), e.clone());
            }
            entries[i] = Some(e);
        }
        let entries: Vec<Arc<Entry>> = entries.into_iter().map(|e| e.expect("filled")).collect();
        // A last, empty entry for the rows not standardized.
        let skipped_index = entries.len() as IdxSize;
        let width = self.selection.text_columns().count();
        let empty = Entry { text: TextCells::nulls(width), ..Entry::default() };
        let row_entry: Vec<IdxSize> =
            row_entry.into_iter().map(|e| if e == SKIPPED { skipped_index } else { e }).collect();

        // Statistics: rows per distinct entry.
        let mut multiplicity = vec![0u64; entries.len() + 1];
        for &e in &row_entry {
            multiplicity[e as usize] += 1;
        }
        // A record found in the cache was counted when it was computed (the cache never
        // drops a record), so only computed ones can bring a new distinct name.
        let mut new_record = vec![false; entries.len()];
        for &i in &missing {
            new_record[i] = true;
        }
        stats.add_problems(&row_problems);

        // Columns: built once per distinct entry, then gathered to the rows. The text
        // columns are built entry by entry (each entry's cells read together, while its
        // lines are in the CPU cache), in parallel over ranges of entries; a column per
        // pass would fetch every entry again for every column.
        let all: Vec<&Entry> = entries.iter().map(|e| e.as_ref()).chain(std::iter::once(&empty)).collect();
        let per_part = all.len().div_ceil(rayon::current_num_threads().max(1)).max(4_096);
        let parts: Vec<Vec<Utf8ViewArray>> = all
            .par_chunks(per_part)
            .map(|part| {
                let mut builders: Vec<MutablePlString> =
                    (0..width).map(|_| MutablePlString::with_capacity(part.len())).collect();
                for e in part {
                    for (b, v) in builders.iter_mut().zip(e.text.iter()) {
                        b.push(v);
                    }
                }
                builders.into_iter().map(MutablePlString::freeze).collect()
            })
            .collect();
        let mut text_columns: Vec<Option<StringChunked>> = (0..width)
            .map(|j| Some(StringChunked::from_chunk_iter(PlSmallStr::EMPTY, parts.iter().map(|p| p[j].clone()))))
            .collect();
        drop(parts);
        let mut text_j = 0usize;
        let plan: Vec<(OutColumn, Option<StringChunked>)> = self
            .selection
            .columns()
            .iter()
            .map(|c| match c {
                OutColumn::QualityScore | OutColumn::InputProblem => (*c, None),
                _ => {
                    text_j += 1;
                    (*c, text_columns[text_j - 1].take())
                }
            })
            .collect();
        let new_columns: Vec<Column> = plan
            .into_par_iter()
            .map(|(col, built)| -> Result<Column, String> {
                let name = self.selection.output_name(col);
                let column = match (col, built) {
                    (OutColumn::InputProblem, _) => {
                        // Row level, not per entry.
                        let mut per_row: Vec<Option<String>> = vec![None; rows];
                        for (row, p) in &row_problems {
                            let cell = per_row[*row].get_or_insert_with(String::new);
                            if !cell.is_empty() {
                                cell.push_str("; ");
                            }
                            cell.push_str(p.code);
                            cell.push_str(": ");
                            cell.push_str(&p.message);
                        }
                        return Ok(StringChunked::from_iter_options(name.into(), per_row.into_iter()).into_column());
                    }
                    (OutColumn::QualityScore, _) => {
                        UInt8Chunked::from_iter_options(name.into(), all.iter().map(|e| e.score)).into_column()
                    }
                    (_, built) => {
                        let mut ca = built.expect("text columns are built above");
                        ca.rename(name.into());
                        ca.into_column()
                    }
                };
                column.take_slice(&row_entry).map_err(|e| crate::polars_message(&e))
            })
            .collect::<Result<_, String>>()?;
        let mut frame = frame;
        frame.hstack_mut(&new_columns).map_err(|e| crate::polars_message(&e))?;
        // The entries move to the summary's counts (no second reference to each).
        let counts = EntryCounts {
            new_record,
            first_lines: first_row.iter().map(|&r| lines[r]).collect(),
            first_rows: first_row,
            skipped: multiplicity[entries.len()],
            entries,
            multiplicity,
            names: names.clone(),
        };
        Ok((frame, counts))
    }
}

#[cfg(test)]
mod tests {
    use super::TextCells;

    #[test]
    fn text_cells_give_back_their_values_and_nulls_in_order() {
        let values = [Some("KONINKLIJKE PHILIPS NV"), None, Some(""), Some("株式会社"), None];
        let cells = TextCells::new(values.iter().map(|v| v.map(Box::<str>::from)));
        assert_eq!(cells.len(), 5);
        assert_eq!(cells.iter().collect::<Vec<_>>(), values);
        assert_eq!(TextCells::nulls(3).iter().collect::<Vec<_>>(), [None, None, None]);
        assert!(TextCells::default().is_empty());
    }
}
