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

use polars::prelude::{CompatLevel, DataFrame, PolarsError, PolarsResult, Schema};
use polars_arrow::array::{Array, DictionaryArray, MutableBinaryViewArray, PrimitiveArray, Utf8ViewArray, View};
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_parquet::write::{
    array_to_columns, compress, get_dtype_encoding, CompressedPage, CompressionOptions, Encoding, ParquetType,
    StatisticsOptions, Version, WriteOptions, ZstdLevel,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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

    /// Writes a batch (chunks aligned) as one row group per chunk.
    pub fn write_batch(&mut self, frame: &DataFrame) -> PolarsResult<()> {
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
                .map(|((array, field), maps)| column_pages(array.as_ref(), field, options, maps))
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
) -> PolarsResult<Vec<CompressedPage>> {
    let columns = match array.as_any().downcast_ref::<Utf8ViewArray>() {
        Some(text) => match dictionary(text, maps) {
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
    let cap = if rows > 128 { rows * 3 / 4 } else { rows };
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
            let mask =
                if view.length == View::MAX_INLINE_SIZE { u128::MAX } else { (1u128 << (32 + 8 * view.length)) - 1 };
            *by_view.entry(view.as_u128() & mask).or_insert(next)
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
    let mut values = MutableBinaryViewArray::<str>::with_capacity(firsts.len());
    for &row in &firsts {
        values.push_value_ignore_validity(text.value(row as usize));
    }
    let values: Utf8ViewArray = values.freeze();
    let keys = PrimitiveArray::new(ArrowDataType::UInt32, keys.into(), text.validity().cloned());
    DictionaryArray::try_new(
        ArrowDataType::Dictionary(IntegerType::UInt32, Box::new(ArrowDataType::Utf8View), false),
        keys,
        values.boxed(),
    )
    .ok()
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
