//! The per-row work: each batch's distinct names are standardized (and assessed) once, in
//! parallel, through a bounded cache shared by the batches; the results become new columns
//! beside the input's own.

use crate::cells::{BatchCells, CellBlock, CellStore, RecordValues, RowCells};
use crate::columns::{OutColumn, Selection};
use crate::input::{Batch, RowProblem};
use crate::parquet_out::{RecordRows, NO_RECORD};
use crate::roles::Roles;
use crate::stats::{Facts, FormTable, Stats};
use namestd::quality::ApplicantRecord;
use namestd::{KindHint, QualityChecker, Standardizer};
use polars::prelude::{Column, DataFrame, IdxSize, IntoColumn, NewChunkedArray, StringChunked, UInt8Chunked};
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::datatypes::ArrowDataType;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry as MapEntry;
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
}

/// What a batch's distinct entries count for the summary: each entry with its rows, its
/// first line and its name (read from the batch's name column), and the rows not
/// standardized. Counting them is serial and touches large maps, so the row pass does it
/// on a thread of its own.
pub struct EntryCounts {
    /// Per distinct record: what the summary counts.
    facts: Vec<Facts>,
    /// Per distinct record, when scores and issues are counted (quality columns): its
    /// entry. Empty otherwise (the counts then read no entry).
    entries: Vec<Arc<Entry>>,
    /// Legal forms numbered in this batch, in number order.
    new_forms: Vec<(String, String, String)>,
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
        stats.add_forms(self.new_forms);
        for (d, &facts) in self.facts.iter().enumerate() {
            let name = self.names.get(self.first_rows[d]).unwrap_or("");
            let entry = self.entries.get(d).map(|e| e.as_ref());
            let (rows, line, new) = (self.multiplicity[d], self.first_lines[d], self.new_record[d]);
            stats.add_entry(facts, entry, rows, line, name, new, &mut batch);
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
    /// Whether the writer formats the added text columns from each record's values
    /// ([`RecordRows::values`]) rather than from the frame: the frame's text columns are
    /// then left null, which saves copying each row's values into them. Only for a writer
    /// that reads the records' values (delimited text).
    pub text_by_record: bool,
}

/// The cache of entries by record key, shared by the batches: each record's slot, its
/// entry and, in [`CellStore`], its text values.
pub struct Cache {
    map: FxHashMap<Box<str>, u32>,
    entries: Vec<Arc<Entry>>,
    facts: Vec<Facts>,
    forms: FormTable,
    cells: CellStore,
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Records computed.
    pub computed: u64,
}

impl Cache {
    /// An empty cache of records with `width` text values each.
    pub fn new(width: usize) -> Cache {
        Cache {
            map: FxHashMap::default(),
            entries: Vec::new(),
            facts: Vec::new(),
            forms: FormTable::default(),
            cells: CellStore::new(width),
            hits: 0,
            computed: 0,
        }
    }
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
    /// A 64-bit hash of the fields.
    fn hash_value(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        self.hash(&mut h);
        h.finish()
    }

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

    /// The entry of one record; its text values go to `cells`.
    fn compute(&self, r: &RecordRef<'_>, cells: &mut CellBlock) -> Entry {
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
        cells.push(
            self.selection
                .text_columns()
                .map(|c| crate::columns::value(c, &std, assessment.as_ref(), cluster.as_ref())),
        );
        entry
    }

    /// Adds the selected columns to a batch; counts its row problems into `stats` and
    /// returns, beside the frame, the counts of its entries for the summary
    /// ([`EntryCounts::add_to`], which can run on another thread) and which rows share
    /// their values (for the Parquet writer).
    pub fn enrich(
        &self,
        batch: Batch,
        cache: &mut Cache,
        stats: &mut Stats,
    ) -> Result<(DataFrame, EntryCounts, RecordRows), String> {
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
        // Found by a 64-bit hash of their fields: a map of hashes is small enough for the
        // CPU caches, where one holding the fields (136 bytes a key) was not. Records whose
        // hashes collide (rare) are told apart by a second map keyed by the fields.
        let mut index_of: FxHashMap<u64, u32> = FxHashMap::with_capacity_and_hasher(rows, Default::default());
        let mut collided: FxHashMap<RecordRef<'_>, u32> = FxHashMap::default();
        let mut distinct: Vec<RecordRef<'_>> = Vec::with_capacity(rows);
        let mut first_row: Vec<usize> = Vec::with_capacity(rows);
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
            let seen = match index_of.entry(rec.hash_value()) {
                MapEntry::Vacant(v) => {
                    v.insert(next);
                    None
                }
                MapEntry::Occupied(o) if distinct[*o.get() as usize] == rec => Some(*o.get()),
                MapEntry::Occupied(_) => match collided.get(&rec) {
                    Some(&e) => Some(e),
                    None => {
                        collided.insert(rec, next);
                        None
                    }
                },
            };
            let e = seen.unwrap_or_else(|| {
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
        let found: Vec<Option<u32>> = keys.par_iter().map(|k| map.get(k.as_str()).copied()).collect();
        let missing: Vec<usize> = (0..found.len()).filter(|&i| found[i].is_none()).collect();
        cache.hits += (found.len() - missing.len()) as u64;
        cache.computed += missing.len() as u64;
        // The missing records are computed in blocks, one per task; block `k`'s long
        // values are buffer `first_buffer + k`, whether the store keeps it or only this
        // batch reads it (the store keeps the blocks holding a cached record, which come
        // first since records are cached in order).
        let width = self.selection.text_columns().count();
        let first_buffer = u32::try_from(cache.cells.buffers().len()).expect("under 2^32 buffers");
        let per_block = missing.len().div_ceil(rayon::current_num_threads().max(1) * 4).max(1_024);
        let blocks: Vec<(Vec<Entry>, CellBlock)> = missing
            .par_chunks(per_block)
            .enumerate()
            .map(|(k, block)| {
                let mut cells = CellBlock::new(width, first_buffer + k as u32);
                let entries = block.iter().map(|&i| self.compute(&distinct[i], &mut cells)).collect();
                (entries, cells)
            })
            .collect();
        let room = self.cache_capacity.saturating_sub(cache.map.len());
        let mut at: Vec<RowCells> = found.iter().map(|f| f.map_or(RowCells::Null, RowCells::Stored)).collect();
        // The summary reads entries only for scores and issues.
        let with_entries = self.quality.is_some();
        let mut entries: Vec<Option<Arc<Entry>>> = if with_entries {
            found.iter().map(|f| f.map(|slot| cache.entries[slot as usize].clone())).collect()
        } else {
            Vec::new()
        };
        let mut facts: Vec<Facts> =
            found.iter().map(|f| f.map(|slot| cache.facts[slot as usize]).unwrap_or_default()).collect();
        let mut new_forms = Vec::new();
        // Records the cache has no room for: their values are this batch's own.
        let mut own_values: Vec<(usize, Vec<View>, u32)> = Vec::new();
        let mut own_buffers = Vec::new();
        let mut next = 0usize;
        for (k, (block_entries, cells)) in blocks.into_iter().enumerate() {
            let cached = room.saturating_sub(next).min(cells.len());
            for (b, e) in block_entries.into_iter().enumerate() {
                let i = missing[next + b];
                let (views, nulls) = cells.get(b);
                let country = e.country.as_deref().unwrap_or("");
                let form =
                    e.legal_form.as_ref().map(|(form, class)| cache.forms.id((country, form, class), &mut new_forms));
                facts[i] = Facts { kind: e.kind, form };
                let e = Arc::new(e);
                if b < cached {
                    let slot = cache.cells.push(views, nulls);
                    cache.entries.push(e.clone());
                    cache.facts.push(facts[i]);
                    cache.map.insert(keys[i].as_str().into(), slot);
                    at[i] = RowCells::Stored(slot);
                } else {
                    own_values.push((i, views.to_vec(), nulls));
                }
                if with_entries {
                    entries[i] = Some(e);
                }
            }
            next += cells.len();
            if cached > 0 {
                cache.cells.add_buffer(first_buffer + k as u32, cells.into_buffer());
            } else {
                own_buffers.push(cells.into_buffer());
            }
        }
        let mut batch_cells = BatchCells::new(&cache.cells, own_buffers);
        for (i, views, nulls) in own_values {
            at[i] = batch_cells.push_own(&views, nulls);
        }
        let entries: Vec<Arc<Entry>> = entries.into_iter().map(|e| e.expect("filled")).collect();
        // A last, empty entry for the rows not standardized.
        let skipped_index = facts.len() as IdxSize;
        let empty = Entry::default();
        let row_entry: Vec<IdxSize> =
            row_entry.into_iter().map(|e| if e == SKIPPED { skipped_index } else { e }).collect();

        // Statistics: rows per distinct entry.
        let mut multiplicity = vec![0u64; facts.len() + 1];
        for &e in &row_entry {
            multiplicity[e as usize] += 1;
        }
        // A record found in the cache was counted when it was computed (the cache never
        // drops a record), so only computed ones can bring a new distinct name.
        let mut new_record = vec![false; facts.len()];
        for &i in &missing {
            new_record[i] = true;
        }
        stats.add_problems(&row_problems);

        // Text columns: each row's views copied from where its entry's values are, a
        // group of columns per task (one column per task would read every row's entry
        // once per column).
        at.push(RowCells::Null);
        let (mut text_columns, values): (Vec<Option<Utf8ViewArray>>, _) = if self.text_by_record {
            // The writer formats each record's values: it is sent those of the records
            // computed for this batch (it keeps the others' from earlier batches), and
            // the frame's text columns are null.
            let mut values = RecordValues::new(width, batch_cells.buffers().to_vec());
            for (d, &new) in new_record.iter().enumerate() {
                values.push(if new { batch_cells.get(at[d]) } else { None });
            }
            let nulls = Utf8ViewArray::new_null(ArrowDataType::Utf8View, rows);
            ((0..width).map(|_| Some(nulls.clone())).collect(), Some(values))
        } else {
            let row_cells: Vec<RowCells> = row_entry.iter().map(|&e| at[e as usize]).collect();
            let all_text: Vec<usize> = (0..width).collect();
            let per_group = width.div_ceil(rayon::current_num_threads().max(1)).max(1);
            let groups: Vec<Vec<Utf8ViewArray>> =
                all_text.par_chunks(per_group).map(|group| batch_cells.columns(&row_cells, group)).collect();
            (groups.into_iter().flatten().map(Some).collect(), None)
        };
        let all: Vec<&Entry> = entries.iter().map(|e| e.as_ref()).chain(std::iter::once(&empty)).collect();
        let mut text_j = 0usize;
        let plan: Vec<(OutColumn, Option<Utf8ViewArray>)> = self
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
                        let array = built.expect("text columns are built above");
                        return Ok(StringChunked::with_chunk(name.into(), array).into_column());
                    }
                };
                column.take_slice(&row_entry).map_err(|e| crate::polars_message(&e))
            })
            .collect::<Result<_, String>>()?;
        let mut records = self.record_rows(&frame, &row_entry, skipped_index, &first_row, &at, names.null_count() == 0);
        records.values = values;
        let mut frame = frame;
        frame.hstack_mut(&new_columns).map_err(|e| crate::polars_message(&e))?;
        // The entries move to the summary's counts (no second reference to each).
        let counts = EntryCounts {
            new_record,
            first_lines: first_row.iter().map(|&r| lines[r]).collect(),
            first_rows: first_row,
            skipped: multiplicity[facts.len()],
            facts,
            new_forms,
            entries,
            multiplicity,
            names: names.clone(),
        };
        Ok((frame, counts, records))
    }

    /// Which rows of the enriched batch share their values: `row_entry` gives each row's
    /// distinct record (`skipped` for a row not standardized), `first_row` each record's
    /// first row and `at` where its values are. `frame` is the input batch: the added text
    /// columns come after its columns. Its name column counts as a field of the record
    /// only without nulls (a null name and an empty one are the same record).
    fn record_rows(
        &self,
        frame: &DataFrame,
        row_entry: &[IdxSize],
        skipped: IdxSize,
        first_row: &[usize],
        at: &[RowCells],
        names_without_nulls: bool,
    ) -> RecordRows {
        let width = frame.width();
        let cached_columns = self
            .selection
            .columns()
            .iter()
            .enumerate()
            .filter(|(_, c)| !matches!(c, OutColumn::QualityScore | OutColumn::InputProblem))
            .map(|(j, _)| width + j)
            .collect();
        let any_skipped = row_entry.contains(&skipped);
        let r = &self.roles;
        let mut fields = vec![r.country, r.kind];
        if names_without_nulls {
            fields.push(Some(r.name));
        }
        if self.uses_record_fields() {
            fields.extend([r.address, r.family, r.given, r.original]);
        }
        // Only text columns: another type is compared as text by the record.
        let field_columns = if any_skipped {
            Vec::new()
        } else {
            fields
                .into_iter()
                .flatten()
                .filter(|&i| frame.columns()[i].dtype() == &polars::prelude::DataType::String)
                .collect()
        };
        RecordRows {
            row_record: row_entry.iter().map(|&e| if e == skipped { NO_RECORD } else { e }).collect(),
            first_row: first_row.iter().map(|&r| r as u32).collect(),
            slot: at[..first_row.len()]
                .iter()
                .map(|a| match a {
                    RowCells::Stored(slot) => *slot,
                    _ => NO_RECORD,
                })
                .collect(),
            cached_columns,
            field_columns,
            values: None,
        }
    }
}
