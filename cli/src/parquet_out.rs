//! Parquet output. polars' batched writer writes the file (schema, row groups, footer), but
//! the pages of each row group are made here:
//!
//! - **Text columns get their dictionary from a map keyed by the value's 16-byte string
//!   view.** A value of up to 12 bytes lives inside its view; the rows the enricher copies
//!   from one cached record share the view of a longer value too (and so do the rows a
//!   Parquet reader decodes from one dictionary entry). Only a longer value with a new view
//!   is hashed by its bytes. polars instead estimates each column's distinct count (hashing
//!   every value) and then builds the dictionary by hashing every value again; together
//!   that was about a third of the CPU of a Parquet-to-Parquet `standardize`.
//! - **A column with more distinct values than three quarters of its rows is written
//!   plain** (polars' own threshold): its dictionary is dropped as soon as it grows past that.
//! - **The dictionary keeps the values in the order they first appear**, as polars' does,
//!   and the pages, statistics and compression are polars' own (`polars-parquet`), so the
//!   file reads back to the same table.
//! - **The columns of a row group are encoded and compressed in parallel.**
//! - **Where the enricher says which rows copy one distinct record's values
//!   ([`RecordRows`]), a column's dictionary is built once per record, not once per row**,
//!   and each row's key is then read from its record's. The added columns' values are
//!   numbered once per cached record for the whole run ([`ValueIds`]): a record met again
//!   in a later row group costs an array read, not a hash of its value.

use polars::prelude::{CompatLevel, DataFrame, PolarsError, PolarsResult, Schema};
use polars_arrow::array::{Array, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray, View};
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_buffer::Buffer;
use polars_parquet::write::{
    array_to_columns, compress, get_dtype_encoding, CompressedPage, CompressionOptions, Encoding, ParquetType,
    StatisticsOptions, Version, WriteOptions, ZstdLevel,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// The zstd level of `--parquet-compression zstd`.
pub const DEFAULT_ZSTD_LEVEL: i32 = 1;

/// How Parquet output is compressed (`--parquet-compression`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParquetCompression {
    /// No compression.
    Uncompressed,
    /// Snappy.
    Snappy,
    /// LZ4 (the raw format of Parquet's `LZ4_RAW`).
    Lz4,
    /// Zstandard at this level (1–22).
    Zstd(i32),
}

impl Default for ParquetCompression {
    fn default() -> Self {
        ParquetCompression::Zstd(DEFAULT_ZSTD_LEVEL)
    }
}

impl FromStr for ParquetCompression {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "none" | "uncompressed" => Ok(ParquetCompression::Uncompressed),
            "snappy" => Ok(ParquetCompression::Snappy),
            "lz4" => Ok(ParquetCompression::Lz4),
            "zstd" => Ok(ParquetCompression::Zstd(DEFAULT_ZSTD_LEVEL)),
            _ => match lower.strip_prefix("zstd:").map(|l| l.parse::<i32>()) {
                Some(Ok(level)) if (1..=22).contains(&level) => Ok(ParquetCompression::Zstd(level)),
                Some(_) => Err(format!("the zstd level must be a number from 1 to 22, not `{s}`")),
                None => Err(format!("`{s}` is not one of zstd, zstd:LEVEL (1-22), snappy, lz4, none")),
            },
        }
    }
}

impl fmt::Display for ParquetCompression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParquetCompression::Uncompressed => f.write_str("none"),
            ParquetCompression::Snappy => f.write_str("snappy"),
            ParquetCompression::Lz4 => f.write_str("lz4"),
            ParquetCompression::Zstd(level) => write!(f, "zstd:{level}"),
        }
    }
}

impl ParquetCompression {
    fn options(self) -> PolarsResult<CompressionOptions> {
        Ok(match self {
            ParquetCompression::Uncompressed => CompressionOptions::Uncompressed,
            ParquetCompression::Snappy => CompressionOptions::Snappy,
            ParquetCompression::Lz4 => CompressionOptions::Lz4Raw,
            ParquetCompression::Zstd(level) => CompressionOptions::Zstd(Some(ZstdLevel::try_new(level)?)),
        })
    }

    fn polars(self) -> PolarsResult<polars::prelude::ParquetCompression> {
        use polars::prelude::ParquetCompression as P;
        Ok(match self {
            ParquetCompression::Uncompressed => P::Uncompressed,
            ParquetCompression::Snappy => P::Snappy,
            ParquetCompression::Lz4 => P::Lz4Raw,
            ParquetCompression::Zstd(level) => P::Zstd(Some(ZstdLevel::try_new(level)?)),
        })
    }
}

/// A Parquet file being written, one row group per batch.
pub struct ParquetOut<W: Write> {
    writer: polars::io::parquet::write::BatchedWriter<W>,
    fields: Vec<ParquetType>,
    options: WriteOptions,
    /// Each column's dictionary maps, kept from one row group to the next.
    maps: Vec<DictionaryMaps>,
}

/// The maps [`dictionary`] builds a column's dictionary with, kept between row groups so
/// that they are neither reallocated nor grown again for each one.
#[derive(Default)]
pub struct DictionaryMaps {
    by_view: FxHashMap<u128, u32>,
    /// The size of the last row group's map by bytes (which borrows the batch's buffers,
    /// so is made anew each time).
    by_bytes_len: usize,
    /// The column's value numbers, for [`dictionary_by_records`].
    ids: ValueIds,
}

/// Marks a row of no record, and a record of no cache slot, in [`RecordRows`].
pub const NO_RECORD: u32 = u32::MAX;

/// Which rows of a batch copy the values of one distinct record, from the enricher: in
/// the columns it names, every row of a record has the record's value (the same string,
/// or null), so a column's dictionary can be built from one row per record.
#[derive(Debug, Clone, Default)]
pub struct RecordRows {
    /// Per row: its record (an index into `first_row`), or [`NO_RECORD`] for a row that
    /// has none (one not standardized: null in every added column).
    pub row_record: Vec<u32>,
    /// Per record: the first row it is on. Increasing, so records are in the order in
    /// which they first appear.
    pub first_row: Vec<u32>,
    /// Per record: its slot in the enricher's cache, or [`NO_RECORD`] when the cache did
    /// not keep it. A slot's values never change during a run.
    pub slot: Vec<u32>,
    /// Columns (indices in the batch) whose rows copy their record's cached values: the
    /// added text columns. A row of no record is null in them.
    pub cached_columns: Vec<usize>,
    /// Input columns that are fields of the record (equal on every row of a record);
    /// empty when some row has no record.
    pub field_columns: Vec<usize>,
    /// When the enricher left the added text columns of the batch null
    /// ([`crate::enrich::Enricher::text_by_record`]): the values of the records computed
    /// for this batch, from which the writer must take them. Only the delimited writer
    /// reads these.
    pub values: Option<crate::cells::RecordValues>,
}

impl RecordRows {
    /// How column `j`'s dictionary can be made.
    fn column(&self, j: usize) -> Sharing {
        if self.cached_columns.contains(&j) {
            Sharing::Cached
        } else if self.field_columns.contains(&j) {
            Sharing::Field
        } else {
            Sharing::None
        }
    }
}

/// Whether the rows of one record share a column's values, and how long for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sharing {
    /// No: one look-up per row.
    None,
    /// Yes, within the batch: one look-up per record.
    Field,
    /// Yes, and a cache slot keeps its value for the run: one look-up per new slot.
    Cached,
}

/// A column's values numbered across row groups: each distinct value gets a number the
/// first time it is seen, and each cache slot remembers its value's number. Per row group,
/// a number's dictionary key is found by its index (a stamp says whether it was given one
/// in this row group), not by hashing the value.
#[derive(Debug, Default)]
pub struct ValueIds {
    /// Per cache slot: its value's number, or [`NO_RECORD`].
    of_slot: Vec<u32>,
    /// Values of up to 12 bytes, keyed by their (masked) view.
    inline: FxHashMap<u128, u32>,
    /// Longer values, keyed by a 64-bit hash of their bytes.
    long: FxHashMap<u64, u32>,
    /// Longer values whose hash was taken by another value (rare).
    collided: FxHashMap<Box<[u8]>, u32>,
    /// The bytes of the numbered values (empty for inline ones), to tell values with one
    /// hash apart; value `n` is `bytes[ends[n - 1]..ends[n]]`.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// Per number: the row group it last got a key in, and that key.
    keys: Vec<(u32, u32)>,
    /// The current row group (from 1).
    group: u32,
}

impl ValueIds {
    /// Values numbered.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Starts a row group of `rows` rows. `keep` says whether the numbers can be kept from
    /// the previous ones (they are forgotten when they outnumber the cache slots by more
    /// than two row groups' rows: values of records that the cache did not keep).
    fn start(&mut self, rows: usize, keep: bool) {
        let full = self.len() > self.of_slot.len() + 2 * rows || self.len() > (u32::MAX / 2) as usize;
        if !keep || full || self.group == u32::MAX {
            self.of_slot.clear();
            self.inline.clear();
            self.long.clear();
            self.collided.clear();
            self.bytes.clear();
            self.ends.clear();
            self.keys.clear();
            self.group = 0;
        }
        self.group += 1;
    }

    /// The number of the value with this view (of an array with these buffers), that a
    /// record in cache slot `slot` (or [`NO_RECORD`]) has.
    fn id(&mut self, slot: u32, view: View, buffers: &[Buffer<u8>]) -> u32 {
        if let Some(&n) = self.of_slot.get(slot as usize) {
            if n != NO_RECORD {
                return n;
            }
        }
        let next = self.ends.len() as u32;
        let n = if view.length <= View::MAX_INLINE_SIZE {
            let n = *self.inline.entry(masked(view)).or_insert(next);
            if n == next {
                self.ends.push(self.bytes.len());
            }
            n
        } else {
            // SAFETY: the view is one of the array's own, so its buffer and range are in bounds.
            let value = unsafe { view.get_slice_unchecked(buffers) };
            let new = match self.long.entry(hash_bytes(value)) {
                Entry::Vacant(v) => {
                    v.insert(next);
                    true
                }
                Entry::Occupied(o) => {
                    let n = *o.get() as usize;
                    let start = if n == 0 { 0 } else { self.ends[n - 1] };
                    if &self.bytes[start..self.ends[n]] == value {
                        return self.remember(slot, n as u32);
                    }
                    match self.collided.entry(value.into()) {
                        Entry::Occupied(o) => {
                            let n = *o.get();
                            return self.remember(slot, n);
                        }
                        Entry::Vacant(v) => {
                            v.insert(next);
                            true
                        }
                    }
                }
            };
            if new {
                self.bytes.extend_from_slice(value);
                self.ends.push(self.bytes.len());
            }
            next
        };
        if n == next {
            self.keys.push((0, 0));
        }
        self.remember(slot, n)
    }

    /// Notes that slot `slot` (unless [`NO_RECORD`]) has value `n`; returns `n`.
    fn remember(&mut self, slot: u32, n: u32) -> u32 {
        if slot != NO_RECORD {
            let i = slot as usize;
            if i >= self.of_slot.len() {
                self.of_slot.resize(i + 1, NO_RECORD);
            }
            self.of_slot[i] = n;
        }
        n
    }

    /// Value `n`'s key in this row group, or `next` (which it then gets) when it has none.
    fn key(&mut self, n: u32, next: u32) -> u32 {
        let (group, key) = &mut self.keys[n as usize];
        if *group != self.group {
            *group = self.group;
            *key = next;
        }
        *key
    }
}

/// A view with the bytes past an inline value's length cleared (they need not be zero).
fn masked(view: View) -> u128 {
    let mask = if view.length == View::MAX_INLINE_SIZE { u128::MAX } else { (1u128 << (32 + 8 * view.length)) - 1 };
    view.as_u128() & mask
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

impl<W: Write> ParquetOut<W> {
    /// Starts the file (its columns are `schema`'s).
    pub fn new(sink: W, schema: &Schema, compression: ParquetCompression) -> PolarsResult<Self> {
        let mut writer =
            polars::prelude::ParquetWriter::new(sink).with_compression(compression.polars()?).batched(schema)?;
        let fields = writer.parquet_schema().fields().to_vec();
        let options = WriteOptions {
            statistics: StatisticsOptions::default(),
            compression: compression.options()?,
            version: Version::V1,
            data_page_size: None,
        };
        let maps = fields.iter().map(|_| DictionaryMaps::default()).collect();
        Ok(ParquetOut { writer, fields, options, maps })
    }

    /// Writes a batch (chunks aligned) as one row group per chunk. `records`, when given,
    /// says which rows share their values (it is used when the batch is one chunk).
    pub fn write_batch(&mut self, frame: &DataFrame, records: Option<&RecordRows>) -> PolarsResult<()> {
        let records = records.filter(|r| frame.first_col_n_chunks() == 1 && r.row_record.len() == frame.height());
        for batch in frame.iter_chunks(CompatLevel::newest(), false) {
            let rows = batch.len();
            if rows == 0 {
                continue;
            }
            if batch.columns().len() != self.fields.len() {
                return Err(PolarsError::ShapeMismatch(
                    format!("a batch of {} columns for a file of {}", batch.columns().len(), self.fields.len()).into(),
                ));
            }
            let options = self.options;
            let columns = batch
                .columns()
                .par_iter()
                .zip(self.fields.par_iter())
                .zip(self.maps.par_iter_mut())
                .enumerate()
                .map(|(j, ((array, field), maps))| {
                    let records = records.map(|r| (r, r.column(j))).filter(|(_, s)| *s != Sharing::None);
                    column_pages(array.as_ref(), field, options, maps, records)
                })
                .collect::<PolarsResult<Vec<_>>>()?;
            self.writer.write_row_group(rows as u64, &columns)?;
        }
        Ok(())
    }

    /// Writes the footer.
    pub fn finish(self) -> PolarsResult<()> {
        self.writer.finish().map(|_| ())
    }
}

/// One column of a row group, encoded and compressed.
fn column_pages(
    array: &dyn Array,
    field: &ParquetType,
    options: WriteOptions,
    maps: &mut DictionaryMaps,
    records: Option<(&RecordRows, Sharing)>,
) -> PolarsResult<Vec<CompressedPage>> {
    let columns = match array.as_any().downcast_ref::<Utf8ViewArray>() {
        Some(text) => match match records {
            Some((records, sharing)) => dictionary_by_records(text, records, sharing == Sharing::Cached, &mut maps.ids),
            None => dictionary(text, maps),
        } {
            Some(dict) => array_to_columns(dict.boxed(), field.clone(), options, &[Encoding::RleDictionary])?,
            None => array_to_columns(array.to_boxed(), field.clone(), options, &[Encoding::Plain])?,
        },
        None => array_to_columns(array.to_boxed(), field.clone(), options, &get_dtype_encoding(array.dtype()))?,
    };
    let mut pages = Vec::new();
    for column in columns {
        for page in column {
            pages.push(compress(page?, Vec::new(), options.compression).map_err(PolarsError::from)?);
        }
    }
    Ok(pages)
}

/// The column as dictionary keys into its distinct values in the order they first appear,
/// or `None` when a dictionary would not pay: more than three quarters of the rows
/// distinct (columns over 128 rows; polars' own threshold).
pub fn dictionary(text: &Utf8ViewArray, maps: &mut DictionaryMaps) -> Option<DictionaryArray<u32>> {
    let rows = text.len();
    let cap = dictionary_cap(rows);
    let views = text.views();
    let buffers = text.data_buffers();
    let validity = text.validity().filter(|v| v.unset_bits() > 0);
    // Each value is first looked up by its whole view: a value of up to 12 bytes lives
    // inside it (the bytes past the length are masked off), and rows copied from one cached
    // record share the view of a longer value too, so no bytes are hashed or compared. A
    // longer value whose view is new is then looked up by its bytes.
    let by_view = &mut maps.by_view;
    by_view.clear();
    let mut by_bytes: FxHashMap<&[u8], u32> =
        FxHashMap::with_capacity_and_hasher(maps.by_bytes_len.min(cap), Default::default());
    let mut firsts: Vec<u32> = Vec::new();
    let mut keys: Vec<u32> = Vec::with_capacity(rows);
    for (i, view) in views.iter().enumerate() {
        if validity.is_some_and(|v| !v.get_bit(i)) {
            keys.push(0);
            continue;
        }
        let next = firsts.len() as u32;
        let key = if view.length <= View::MAX_INLINE_SIZE {
            *by_view.entry(masked(*view)).or_insert(next)
        } else {
            match by_view.get(&view.as_u128()) {
                Some(&k) => k,
                None => {
                    // SAFETY: the view is the array's own, so its buffer and range are in bounds.
                    let bytes = unsafe { view.get_slice_unchecked(buffers) };
                    let k = *by_bytes.entry(bytes).or_insert(next);
                    by_view.insert(view.as_u128(), k);
                    k
                }
            }
        };
        if key == next {
            if firsts.len() == cap {
                maps.by_bytes_len = by_bytes.len();
                return None;
            }
            firsts.push(i as u32);
        }
        keys.push(key);
    }
    maps.by_bytes_len = by_bytes.len();
    Some(dictionary_array(text, &firsts, keys))
}

/// Most distinct values a column of `rows` rows gets a dictionary with: three quarters of
/// the rows (polars' threshold), or all of them in a column of up to 128 rows.
fn dictionary_cap(rows: usize) -> usize {
    if rows > 128 {
        rows * 3 / 4
    } else {
        rows
    }
}

/// [`dictionary`] for a column whose rows share their records' values (`records`): each
/// record's value is looked up once, at its first row, and each row takes its record's
/// key. The dictionary is the same, in the same order: a value first appears on the first
/// row of the first record that has it, and records are in first-row order. With `cached`,
/// the column's values are those of the records' cache slots, and `ids` keeps their
/// numbers from one row group to the next.
pub fn dictionary_by_records(
    text: &Utf8ViewArray,
    records: &RecordRows,
    cached: bool,
    ids: &mut ValueIds,
) -> Option<DictionaryArray<u32>> {
    // A null record's number and key (numbers stay far below: see `ValueIds::start`).
    const NULL: u32 = u32::MAX - 1;
    let rows = text.len();
    debug_assert_eq!(records.row_record.len(), rows);
    let cap = dictionary_cap(rows);
    ids.start(rows, cached);
    let views = text.views();
    let buffers = text.data_buffers();
    let validity = text.validity().filter(|v| v.unset_bits() > 0);
    // Each record's value number: first those its slot remembers, in a short loop (the
    // slots are spread over the cache, so the CPU overlaps the look-ups' cache misses),
    // then the others, looked up by value.
    let mut numbers: Vec<u32> = if cached {
        records.slot.iter().map(|&slot| ids.of_slot.get(slot as usize).copied().unwrap_or(NO_RECORD)).collect()
    } else {
        vec![NO_RECORD; records.first_row.len()]
    };
    for (d, &row) in records.first_row.iter().enumerate() {
        if validity.is_some_and(|v| !v.get_bit(row as usize)) {
            numbers[d] = NULL;
        } else if numbers[d] == NO_RECORD {
            let slot = if cached { records.slot[d] } else { NO_RECORD };
            numbers[d] = ids.id(slot, views[row as usize], buffers);
        }
    }
    // Then each record's key: the next one for a number not seen in this row group.
    let mut firsts: Vec<u32> = Vec::new();
    let mut record_keys = numbers;
    for (k, &row) in record_keys.iter_mut().zip(&records.first_row) {
        if *k == NULL {
            continue;
        }
        let next = firsts.len() as u32;
        *k = ids.key(*k, next);
        if *k == next {
            if firsts.len() == cap {
                return None;
            }
            firsts.push(row);
        }
    }
    // Null rows (and rows of no record, which are null) get key 0, under the validity.
    let keys: Vec<u32> = records
        .row_record
        .iter()
        .map(|&d| match record_keys.get(d as usize) {
            Some(&k) if k != NULL => k,
            _ => 0,
        })
        .collect();
    Some(dictionary_array(text, &firsts, keys))
}

/// The dictionary array of `keys` into the values at rows `firsts` of `text`, with
/// `text`'s nulls.
fn dictionary_array(text: &Utf8ViewArray, firsts: &[u32], keys: Vec<u32>) -> DictionaryArray<u32> {
    let mut values = MutableBinaryViewArray::<str>::with_capacity(firsts.len());
    for &row in firsts {
        values.push_value_ignore_validity(text.value(row as usize));
    }
    let values: Utf8ViewArray = values.freeze();
    let keys = PrimitiveArray::new(ArrowDataType::UInt32, keys.into(), text.validity().cloned());
    DictionaryArray::try_new(
        ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(ArrowDataType::Utf8View), false),
        keys,
        values.boxed(),
    )
    .expect("keys within the dictionary")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(values: &[Option<&str>]) -> Utf8ViewArray {
        let mut m = MutableBinaryViewArray::<str>::new();
        for v in values {
            m.push(*v);
        }
        m.freeze()
    }

    /// `a`'s buffers with other views into them (views the tests make from `a`'s own).
    fn with_views(a: &Utf8ViewArray, views: Vec<View>) -> Utf8ViewArray {
        // SAFETY: every view is one of `a`'s, or one with only its unused inline bytes
        // changed: each points into `a`'s buffers, at valid UTF-8.
        unsafe {
            Utf8ViewArray::new_unchecked_unknown_md(
                ArrowDataType::Utf8View,
                views.into(),
                a.data_buffers().clone(),
                None,
                None,
            )
        }
    }

    fn decoded(d: &DictionaryArray<u32>) -> Vec<Option<String>> {
        let values = d.values().as_any().downcast_ref::<Utf8ViewArray>().unwrap();
        d.keys().iter().map(|k| k.map(|k| values.value(*k as usize).to_string())).collect()
    }

    #[test]
    fn dictionary_keeps_values_nulls_and_first_seen_order() {
        let long = "a value longer than twelve bytes";
        let rows = vec![
            Some("INC"),
            None,
            Some(long),
            Some("INC"),
            Some(""),
            Some("twelve bytes"),
            Some(long),
            None,
            Some("twelve byteZ"),
            Some(""),
        ];
        let d = dictionary(&text(&rows), &mut DictionaryMaps::default()).expect("a dictionary");
        let values = d.values().as_any().downcast_ref::<Utf8ViewArray>().unwrap();
        let distinct: Vec<&str> = values.values_iter().collect();
        assert_eq!(distinct, vec!["INC", long, "", "twelve bytes", "twelve byteZ"]);
        let expect: Vec<Option<String>> = rows.iter().map(|v| v.map(str::to_string)).collect();
        assert_eq!(decoded(&d), expect);
    }

    #[test]
    fn short_values_with_different_padding_are_one_value() {
        // A view whose unused inline bytes are not zero still keys by its value.
        let a = text(&[Some("ab"), Some("ab")]);
        let mut views: Vec<View> = a.views().as_slice().to_vec();
        let dirty = views[1].as_u128() | (0xFFu128 << 120);
        views[1] = View::from(dirty);
        let dirty = with_views(&a, views);
        let d = dictionary(&dirty, &mut DictionaryMaps::default()).expect("a dictionary");
        assert_eq!(d.values().len(), 1);
    }

    #[test]
    fn long_values_shared_or_copied_are_one_value() {
        let long = "a value longer than twelve bytes";
        // Two copies of the bytes (two views), then a row sharing the first row's view.
        let a = text(&[Some(long), Some(long), Some("other value, also long")]);
        let mut views: Vec<View> = a.views().as_slice().to_vec();
        views.push(views[0]);
        views.push(views[2]);
        let shared = with_views(&a, views);
        let d = dictionary(&shared, &mut DictionaryMaps::default()).expect("a dictionary");
        assert_eq!(d.values().len(), 2);
        let keys: Vec<u32> = d.keys().values().as_slice().to_vec();
        assert_eq!(keys, vec![0, 0, 1, 0, 1]);
    }

    #[test]
    fn nearly_distinct_columns_get_no_dictionary() {
        let ids: Vec<String> = (0..5000).map(|i| format!("row {i}")).collect();
        let refs: Vec<Option<&str>> = ids.iter().map(|s| Some(s.as_str())).collect();
        // One set of maps for all three, as for one column's row groups.
        let mut maps = DictionaryMaps::default();
        assert!(dictionary(&text(&refs), &mut maps).is_none());
        // Low cardinality, and all null: a dictionary.
        let kinds: Vec<Option<&str>> = (0..5000).map(|i| Some(["person", "organization"][i % 2])).collect();
        assert_eq!(dictionary(&text(&kinds), &mut maps).expect("a dictionary").values().len(), 2);
        let nulls: Vec<Option<&str>> = vec![None; 5000];
        assert_eq!(dictionary(&text(&nulls), &mut maps).expect("a dictionary").values().len(), 0);
    }

    /// A column whose rows take the values of their records (`None`: a row of no record,
    /// null), with its [`RecordRows`].
    fn by_records(values: &[Option<&str>], rows: &[Option<usize>], slots: &[u32]) -> (Utf8ViewArray, RecordRows) {
        let mut number: Vec<Option<u32>> = vec![None; values.len()];
        let mut records = RecordRows::default();
        for (row, r) in rows.iter().enumerate() {
            records.row_record.push(match r {
                Some(r) => *number[*r].get_or_insert_with(|| {
                    records.first_row.push(row as u32);
                    records.slot.push(slots[*r]);
                    records.first_row.len() as u32 - 1
                }),
                None => NO_RECORD,
            });
        }
        let column: Vec<Option<&str>> = rows.iter().map(|r| r.and_then(|r| values[r])).collect();
        (text(&column), records)
    }

    fn same_dictionary(a: &DictionaryArray<u32>, b: &DictionaryArray<u32>) {
        assert_eq!(decoded(a), decoded(b));
        let values = |d: &DictionaryArray<u32>| -> Vec<String> {
            let v = d.values().as_any().downcast_ref::<Utf8ViewArray>().unwrap();
            v.values_iter().map(str::to_string).collect()
        };
        assert_eq!(values(a), values(b));
        assert_eq!(a.keys().validity(), b.keys().validity());
    }

    #[test]
    fn a_dictionary_by_records_is_the_dictionary_by_rows_across_row_groups() {
        let long = "KONINKLIJKE PHILIPS ELECTRONICS NV";
        let other = "SIEMENS AKTIENGESELLSCHAFT MUENCHEN";
        // Records 0 and 3 have one long value, 1 and 4 one short one (different slots).
        let values = [Some(long), Some("BV"), None, Some(long), Some("BV"), Some(other), Some("")];
        let slots = [7, 3, NO_RECORD, 0, 12, NO_RECORD, 5];
        let mut ids = ValueIds::default();
        let groups: [&[Option<usize>]; 3] = [
            &[Some(2), Some(0), None, Some(1), Some(0), Some(3), Some(2), Some(4), Some(6)],
            &[Some(5), Some(3), Some(3), None, Some(1), Some(0), Some(6), Some(4)],
            &[Some(4), Some(6), Some(6), Some(0)],
        ];
        for cached in [true, false] {
            for rows in groups {
                let (column, records) = by_records(&values, rows, &slots);
                let expect = dictionary(&column, &mut DictionaryMaps::default()).expect("a dictionary");
                let got = dictionary_by_records(&column, &records, cached, &mut ids).expect("a dictionary");
                same_dictionary(&got, &expect);
            }
        }
        // The slots kept their values' numbers: one number per distinct value.
        let mut ids = ValueIds::default();
        for rows in groups {
            let (column, records) = by_records(&values, rows, &slots);
            dictionary_by_records(&column, &records, true, &mut ids);
        }
        assert_eq!(ids.len(), 4);
        assert_eq!(ids.of_slot[7], ids.of_slot[0]);
    }

    #[test]
    fn a_nearly_distinct_column_by_records_gets_no_dictionary() {
        let names: Vec<String> = (0..1000).map(|i| format!("applicant number {i:04} of many")).collect();
        let values: Vec<Option<&str>> = names.iter().map(|s| Some(s.as_str())).collect();
        let slots: Vec<u32> = (0..1000).collect();
        // 800 distinct of 1000 rows: more than three quarters.
        let rows: Vec<Option<usize>> = (0..1000).map(|i| Some(i % 800)).collect();
        let (column, records) = by_records(&values, &rows, &slots);
        assert!(dictionary_by_records(&column, &records, true, &mut ValueIds::default()).is_none());
        assert!(dictionary(&column, &mut DictionaryMaps::default()).is_none());
        // 700 distinct: a dictionary, the same as by rows.
        let rows: Vec<Option<usize>> = (0..1000).map(|i| Some(i % 700)).collect();
        let (column, records) = by_records(&values, &rows, &slots);
        let got = dictionary_by_records(&column, &records, true, &mut ValueIds::default()).expect("a dictionary");
        same_dictionary(&got, &dictionary(&column, &mut DictionaryMaps::default()).unwrap());
    }

    #[test]
    fn compression_names_parse() {
        assert_eq!("zstd".parse(), Ok(ParquetCompression::Zstd(DEFAULT_ZSTD_LEVEL)));
        assert_eq!("ZSTD:9".parse(), Ok(ParquetCompression::Zstd(9)));
        assert_eq!("snappy".parse(), Ok(ParquetCompression::Snappy));
        assert_eq!("lz4".parse(), Ok(ParquetCompression::Lz4));
        assert_eq!("none".parse(), Ok(ParquetCompression::Uncompressed));
        assert!("zstd:0".parse::<ParquetCompression>().is_err());
        assert!("zstd:23".parse::<ParquetCompression>().is_err());
        assert!("gzip".parse::<ParquetCompression>().is_err());
        for c in ["zstd:1", "zstd:3", "snappy", "lz4", "none"] {
            assert_eq!(c.parse::<ParquetCompression>().unwrap().to_string(), c);
        }
    }
}
