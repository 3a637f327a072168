//! Delimited text out: rows formatted in parallel slices, a field quoted only when it must
//! be (separator, quote, line break, leading or trailing space), an empty string written
//! `""` so that it stays apart from a null (an empty field).
//!
//! Where the enricher says which rows copy one distinct record's values ([`RecordRows`]),
//! the added columns of a record are formatted once, as one piece of text per run of
//! adjacent added columns, and each of its rows copies the pieces. A record kept in the
//! enricher's cache keeps its pieces for the whole run ([`RecordText`]), so a record met
//! again in a later batch costs one copy per row, not a quoting test per field.

use crate::cells::RecordValues;
use crate::parquet_out::{RecordRows, NO_RECORD};
use polars::prelude::{DataFrame, DataType, PolarsError, PolarsResult, StringChunked};
use polars_arrow::array::Utf8ViewArray;
use rayon::prelude::*;

/// Rows per slice formatted by one thread.
const SLICE_ROWS: usize = 8192;

/// Whether a field must be quoted: it holds the separator, `"`, CR or LF, starts or ends
/// with a space or tab, or is empty (so that it stays apart from a null).
fn needs_quotes(bytes: &[u8], sep: u8) -> bool {
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            matches!(first, b' ' | b'\t') || matches!(last, b' ' | b'\t') || has_special(bytes, sep)
        }
        _ => true,
    }
}

/// Whether any byte is the separator, `"`, CR or LF; eight bytes at a time (a byte equal
/// to `b` makes the word XOR `b` repeated have a zero byte, which the classic
/// `(x - 0x01..) & !x & 0x80..` test finds).
fn has_special(bytes: &[u8], sep: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let word = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        if has_byte(word, sep) || has_byte(word, b'"') || has_byte(word, b'\n') || has_byte(word, b'\r') {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b == sep || matches!(b, b'"' | b'\n' | b'\r'))
}

/// Appends one field, quoted when it must be.
pub fn field(out: &mut Vec<u8>, bytes: &[u8], sep: u8) {
    if !needs_quotes(bytes, sep) {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for &b in bytes {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Pieces of text, one after another in one buffer.
#[derive(Debug, Default)]
struct Pieces {
    bytes: Vec<u8>,
    /// Per piece: where it ends in `bytes` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl Pieces {
    fn get(&self, k: usize) -> &[u8] {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.bytes[start..self.ends[k]]
    }

    /// Appends a record's fields in each run of columns as one piece; returns the index of
    /// the first piece.
    fn push_record(&mut self, record: usize, runs: &[(usize, usize)], from: &Source<'_>, sep: u8) -> u32 {
        let first = u32::try_from(self.ends.len()).expect("under 2^32 pieces");
        for &(start, end) in runs {
            match from {
                Source::Rows { arrays, first_row } => {
                    fields(&mut self.bytes, &arrays[start..end], first_row[record] as usize, sep)
                }
                Source::Values { values, text_index } => {
                    for (i, &column) in text_index[start..end].iter().enumerate() {
                        if i > 0 {
                            self.bytes.push(sep);
                        }
                        values.with_value(record, column, |v| {
                            if let Some(v) = v {
                                field(&mut self.bytes, v, sep);
                            }
                        });
                    }
                }
            }
            self.ends.push(self.bytes.len());
        }
        first
    }
}

/// Where the values of a record's added columns are read.
enum Source<'a> {
    /// In the frame, at the record's first row.
    Rows { arrays: &'a [&'a Utf8ViewArray], first_row: &'a [u32] },
    /// In the values the enricher sent ([`RecordRows::values`]); `text_index` gives each
    /// frame column's text column.
    Values { values: &'a RecordValues, text_index: Vec<usize> },
}

/// The formatted added columns of the records in the enricher's cache, by cache slot, kept
/// for the run: a slot's values never change.
#[derive(Debug, Default)]
pub struct RecordText {
    /// The runs of adjacent added columns (start, end) the pieces are of.
    runs: Vec<(usize, usize)>,
    /// Per slot: the index of its first piece in `pieces`, or [`NO_RECORD`].
    first_piece: Vec<u32>,
    pieces: Pieces,
}

/// Where a record's pieces are.
#[derive(Debug, Clone, Copy)]
enum RecordPieces {
    /// In the run's [`RecordText`], from this piece on.
    Kept(u32),
    /// In the batch's own pieces (a record the cache did not keep), from this piece on.
    Own(u32),
}

/// One output column, or a run of added columns copied from the row's record.
#[derive(Debug, Clone, Copy)]
enum Part {
    Column(usize),
    Run(usize),
}

/// The runs of adjacent columns among `cached` (ascending, below `width`), as (start, end).
fn runs_of(cached: &[usize], width: usize) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &j in cached.iter().filter(|&&j| j < width) {
        match runs.last_mut() {
            Some((_, end)) if *end == j => *end += 1,
            _ => runs.push((j, j + 1)),
        }
    }
    runs
}

/// Appends the fields of `row` in `arrays`, separated by `sep`.
fn fields(out: &mut Vec<u8>, arrays: &[&Utf8ViewArray], row: usize, sep: u8) {
    for (j, a) in arrays.iter().enumerate() {
        if j > 0 {
            out.push(sep);
        }
        if let Some(v) = a.get(row) {
            field(out, v.as_bytes(), sep);
        }
    }
}

/// The rows of a frame as delimited text (no header), in consecutive parts (written one
/// after another; joining them would copy every byte once more).
pub fn encode(frame: &DataFrame, sep: u8) -> PolarsResult<Vec<Vec<u8>>> {
    encode_with_records(frame, sep, None, &mut RecordText::default())
}

/// [`encode`], with the rows of one record copying its formatted added columns when
/// `records` says which rows those are; `kept` holds the formatted records of the
/// enricher's cache from batch to batch.
pub fn encode_with_records(
    frame: &DataFrame,
    sep: u8,
    records: Option<&RecordRows>,
    kept: &mut RecordText,
) -> PolarsResult<Vec<Vec<u8>>> {
    let height = frame.height();
    if height == 0 {
        return Ok(Vec::new());
    }
    let columns: Vec<StringChunked> = frame
        .columns()
        .iter()
        .map(|c| {
            let c = if c.dtype() == &DataType::String { c.clone() } else { c.cast(&DataType::String)? };
            Ok(c.str()?.rechunk().into_owned())
        })
        .collect::<PolarsResult<_>>()?;
    // One chunk per column after `rechunk`: its array is read by row.
    let arrays: Vec<&Utf8ViewArray> =
        columns.iter().map(|c| c.downcast_iter().next().expect("a column with rows has a chunk")).collect();
    let slices: Vec<(usize, usize)> =
        (0..height).step_by(SLICE_ROWS).map(|start| (start, SLICE_ROWS.min(height - start))).collect();
    let runs = records.map(|r| runs_of(&r.cached_columns, arrays.len())).unwrap_or_default();
    // With the records' values, the frame's added columns are null: they must be written
    // from the values.
    if let Some(r) = records.filter(|r| r.values.is_some()) {
        let covered: usize = runs.iter().map(|(start, end)| end - start).sum();
        if r.row_record.len() != height || covered != r.cached_columns.len() {
            return Err(PolarsError::ComputeError("internal error: record values that do not fit the batch".into()));
        }
    }
    let records = records.filter(|r| r.row_record.len() == height);
    let (Some(records), false) = (records, runs.is_empty()) else {
        let parts = slices
            .par_iter()
            .map(|&(start, len)| {
                let mut out = Vec::with_capacity(len * 16 * arrays.len().max(1));
                for row in start..start + len {
                    fields(&mut out, &arrays, row, sep);
                    out.push(b'\n');
                }
                out
            })
            .collect();
        return Ok(parts);
    };

    // Each record's pieces: kept for the run when the cache keeps the record.
    if kept.runs != runs {
        *kept = RecordText { runs: runs.clone(), ..RecordText::default() };
    }
    let from = match &records.values {
        Some(values) => {
            let mut text_index = vec![usize::MAX; arrays.len()];
            for (t, &j) in records.cached_columns.iter().enumerate() {
                text_index[j] = t;
            }
            Source::Values { values, text_index }
        }
        None => Source::Rows { arrays: &arrays, first_row: &records.first_row },
    };
    let missing = || PolarsError::ComputeError("internal error: a record's values were not sent".into());
    let mut own = Pieces::default();
    let record_pieces: Vec<RecordPieces> = records
        .slot
        .iter()
        .enumerate()
        .map(|(d, &slot)| {
            let sent = match &from {
                Source::Values { values, .. } => values.has(d),
                Source::Rows { .. } => true,
            };
            if slot == NO_RECORD {
                return if sent {
                    Ok(RecordPieces::Own(own.push_record(d, &runs, &from, sep)))
                } else {
                    Err(missing())
                };
            }
            let slot = slot as usize;
            if slot >= kept.first_piece.len() {
                kept.first_piece.resize(slot + 1, NO_RECORD);
            }
            if kept.first_piece[slot] == NO_RECORD {
                if !sent {
                    return Err(missing());
                }
                kept.first_piece[slot] = kept.pieces.push_record(d, &runs, &from, sep);
            }
            Ok(RecordPieces::Kept(kept.first_piece[slot]))
        })
        .collect::<PolarsResult<_>>()?;
    // The row's parts: its own columns, and the runs of added columns.
    let mut layout: Vec<Part> = Vec::new();
    let mut j = 0;
    while j < arrays.len() {
        match runs.iter().position(|&(start, _)| start == j) {
            Some(k) => {
                layout.push(Part::Run(k));
                j = runs[k].1;
            }
            None => {
                layout.push(Part::Column(j));
                j += 1;
            }
        }
    }
    let kept = &*kept;
    let parts = slices
        .par_iter()
        .map(|&(start, len)| {
            let mut out = Vec::with_capacity(len * 16 * arrays.len().max(1));
            for row in start..start + len {
                let record = records.row_record[row];
                for (i, part) in layout.iter().enumerate() {
                    if i > 0 {
                        out.push(sep);
                    }
                    match *part {
                        Part::Column(j) => {
                            if let Some(v) = arrays[j].get(row) {
                                field(&mut out, v.as_bytes(), sep);
                            }
                        }
                        Part::Run(k) if record == NO_RECORD => {
                            let (start, end) = runs[k];
                            fields(&mut out, &arrays[start..end], row, sep);
                        }
                        Part::Run(k) => match record_pieces[record as usize] {
                            RecordPieces::Kept(p) => out.extend_from_slice(kept.pieces.get(p as usize + k)),
                            RecordPieces::Own(p) => out.extend_from_slice(own.get(p as usize + k)),
                        },
                    }
                }
                out.push(b'\n');
            }
            out
        })
        .collect();
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::{Column, IntoColumn, NewChunkedArray};

    #[test]
    fn fields_are_quoted_only_when_they_must_be_and_nulls_stay_empty() {
        let a = StringChunked::from_iter_options("a".into(), [Some("plain"), Some("a,b"), None, Some("")].into_iter());
        let b = StringChunked::from_iter_options(
            "b".into(),
            [Some("say \"hi\""), Some("two\nlines"), Some(" padded"), Some("x")].into_iter(),
        );
        let n: Column = polars::prelude::UInt8Chunked::from_slice("n".into(), &[1, 2, 3, 4]).into_column();
        let df = DataFrame::new(4, vec![a.into_column(), b.into_column(), n]).unwrap();
        let text = String::from_utf8(encode(&df, b',').unwrap().concat()).unwrap();
        assert_eq!(text, "plain,\"say \"\"hi\"\"\",1\n\"a,b\",\"two\nlines\",2\n,\" padded\",3\n\"\",x,4\n");
    }

    #[test]
    fn the_word_at_a_time_test_finds_each_special_byte_wherever_it_is() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    assert!(has_special(&bytes, b','), "{special} at {at} of {len}");
                    assert!(!has_special(&bytes, b';') || special != b',');
                }
            }
            // Bytes next to the specials (and high bytes of UTF-8) are not special.
            let plain: Vec<u8> = (0..len).map(|i| [b'+', b'-', b'!', b'#', 0x0b, 0x0c, 0xe4, 0x80][i % 8]).collect();
            assert!(!has_special(&plain, b','), "{plain:?}");
        }
    }

    /// A batch: `id` and `n` per row, `x`, `y` and `z` (columns 1, 2 and 4) copied from
    /// each row's record, the records being `(x, y, z)` triples; `row_record` gives each
    /// row's record (NO_RECORD: nulls), `slot` each record's cache slot and `sent` whether
    /// its values are sent. Returns the full frame, the same frame with `x`, `y` and `z`
    /// null, the records and the values sent.
    fn batch(
        triples: &[[Option<&str>; 3]],
        row_record: &[u32],
        slot: &[u32],
        sent: &[bool],
    ) -> (DataFrame, DataFrame, RecordRows, RecordValues) {
        use crate::cells::CellBlock;
        let rows = row_record.len();
        let cell = |r: usize, k: usize| {
            let d = row_record[r];
            if d == NO_RECORD {
                None
            } else {
                triples[d as usize][k]
            }
        };
        let col = |name: &str, f: &dyn Fn(usize) -> Option<String>| {
            StringChunked::from_iter_options(name.into(), (0..rows).map(f)).into_column()
        };
        let id = col("id", &|r| Some(format!("id {r}")));
        let n = col("n", &|r| (r % 3 != 0).then(|| format!("{}", r % 5)));
        let [x, y, z] = [0, 1, 2].map(|k| col(["x", "y", "z"][k], &|r| cell(r, k).map(str::to_string)));
        let full = DataFrame::new(rows, vec![id.clone(), x, y, n.clone(), z]).unwrap();
        let nulls = |name: &str| col(name, &|_| None);
        let empty = DataFrame::new(rows, vec![id, nulls("x"), nulls("y"), n, nulls("z")]).unwrap();
        let mut first_row = vec![u32::MAX; triples.len()];
        for (r, &d) in row_record.iter().enumerate().rev() {
            if d != NO_RECORD {
                first_row[d as usize] = r as u32;
            }
        }
        let mut block = CellBlock::new(3, 0);
        for t in triples {
            block.push(t.iter().copied());
        }
        let views: Vec<_> = (0..block.len()).map(|i| (block.get(i).0.to_vec(), block.get(i).1)).collect();
        let mut values = RecordValues::new(3, vec![block.into_buffer()]);
        for ((v, nulls), &sent) in views.iter().zip(sent) {
            values.push(sent.then_some((v.as_slice(), *nulls)));
        }
        let records = RecordRows {
            row_record: row_record.to_vec(),
            first_row,
            slot: slot.to_vec(),
            cached_columns: vec![1, 2, 4],
            ..RecordRows::default()
        };
        (full, empty, records, values)
    }

    #[test]
    fn rows_copying_their_records_text_read_as_rows_formatted_one_by_one() {
        let long = "A VALUE LONGER THAN TWELVE BYTES, WITH A COMMA";
        let first = [[Some("a"), Some(long), None], [Some(""), None, Some("say \"x\"")], [None, Some("b"), Some("c")]];
        // The second batch meets kept record slots again, in other records.
        let second =
            [[Some("c"), Some("d"), Some("e")], [Some(""), None, Some("say \"x\"")], [Some("a"), Some(long), None]];
        // Only new records are sent: the second batch's kept slots are formatted from the
        // first batch's values.
        type Batch<'a> = (&'a [[Option<&'a str>; 3]], Vec<u32>, Vec<u32>, Vec<bool>);
        let batches: [Batch<'_>; 2] = [
            (&first, vec![0, 1, 0, NO_RECORD, 2, 1, 2, 0], vec![7, 3, NO_RECORD], vec![true; 3]),
            (&second, vec![0, 1, 2, 2, NO_RECORD, 1], vec![NO_RECORD, 3, 7], vec![true, false, false]),
        ];
        let (mut by_rows, mut by_values) = (RecordText::default(), RecordText::default());
        for (triples, row_record, slot, sent) in &batches {
            let (full, empty, mut records, values) = batch(triples, row_record, slot, sent);
            let plain = encode(&full, b',').unwrap().concat();
            assert_eq!(encode_with_records(&full, b',', Some(&records), &mut by_rows).unwrap().concat(), plain);
            records.values = Some(values);
            let got = encode_with_records(&empty, b',', Some(&records), &mut by_values).unwrap().concat();
            assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(plain).unwrap());
        }
        // Values of a record neither sent nor kept: an error, not empty fields.
        let (_, empty, mut records, values) = batch(&first, &[0], &[9, 3, NO_RECORD], &[false, true, true]);
        records.values = Some(values);
        assert!(encode_with_records(&empty, b',', Some(&records), &mut by_values).is_err());
    }

    #[test]
    fn many_rows_come_out_in_order_whatever_the_slices() {
        let n = SLICE_ROWS * 3 + 17;
        let values: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let a = StringChunked::from_iter_values("a".into(), values.iter().map(String::as_str));
        let df = DataFrame::new(n, vec![a.into_column()]).unwrap();
        let text = String::from_utf8(encode(&df, b'\t').unwrap().concat()).unwrap();
        assert_eq!(text.lines().count(), n);
        assert!(text.lines().enumerate().all(|(i, l)| l == i.to_string()));
    }
}
