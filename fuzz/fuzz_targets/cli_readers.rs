//! The batch tool's record readers (`namestd-readers`: CSV, TSV, NDJSON) on arbitrary
//! bytes. The first byte picks the format, the encoding, the batch size, the delimiter and
//! the quote character; the rest is the file.
//!
//! Checks, beyond not panicking: every row gets exactly one cell per column, in column
//! order; every row has a line, lines never go back, every problem names a row of its
//! batch and that row's line; and no row is lost: the rows out equal the records an
//! independent count finds (the `csv` crate read plainly; the non-blank lines of NDJSON).
//! For delimited text, the parallel reader (`ParallelDelimited`, blocks cut at record ends
//! and parsed in chunks) must give exactly the serial reader's cells, lines and problems.
#![no_main]

use libfuzzer_sys::fuzz_target;
use namestd_readers::{
    BatchRows, ColumnSink, DelimitedOptions, DelimitedRecords, Encoding, NdjsonRecords, ParallelDelimited,
};

/// Checks the shape of what the reader gives.
struct Shape {
    width: usize,
    next_column: usize,
    rows: usize,
}

impl ColumnSink for Shape {
    fn push(&mut self, column: usize, _value: Option<&str>) {
        assert_eq!(column, self.next_column, "cells out of column order");
        assert!(column < self.width, "cell {column} beyond the {} columns", self.width);
        self.next_column += 1;
    }

    fn end_row(&mut self) {
        assert_eq!(self.next_column, self.width, "a row with {} cells of {}", self.next_column, self.width);
        self.next_column = 0;
        self.rows += 1;
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else { return };
    let encoding = [Encoding::Utf8, Encoding::Latin1, Encoding::Cp1252][usize::from(pick % 3)];
    let batch_rows = [1, 2, 7, 65_536][usize::from((pick >> 2) % 4)];
    match (pick >> 4) % 4 {
        0 => delimited(file, DelimitedOptions { encoding, batch_rows, ..DelimitedOptions::csv() }),
        1 => delimited(file, DelimitedOptions { encoding, batch_rows, ..DelimitedOptions::tsv() }),
        2 => delimited(
            file,
            DelimitedOptions { delimiter: b';', quote: b'\'', encoding, batch_rows },
        ),
        _ => ndjson(file, encoding, batch_rows),
    }
});

/// Checks one batch against the rows the sink saw; returns the last line.
fn check_batch(b: &BatchRows, sink_rows_before: usize, sink: &Shape, last_line: u64) -> u64 {
    assert_eq!(b.rows, sink.rows - sink_rows_before, "rows counted differ from rows given");
    assert_eq!(b.lines.len(), b.rows, "a row without a line");
    assert!(b.rows > 0, "an empty batch");
    let mut last = last_line;
    for &l in &b.lines {
        assert!(l >= last && l >= 1, "line {l} after {last}");
        last = l;
    }
    let mut last_row = 0;
    for (row, p) in &b.problems {
        assert!(*row < b.rows && *row >= last_row, "problem for row {row} of {}", b.rows);
        assert_eq!(p.line, b.lines[*row], "problem line differs from its row's line");
        last_row = *row;
    }
    last
}

fn delimited(file: &[u8], opts: DelimitedOptions) {
    let Ok(Some(mut reader)) = DelimitedRecords::open(file, &opts) else { return };
    let width = reader.columns().len();
    assert!(width >= 1 && reader.columns().iter().all(|c| !c.is_empty()));
    let mut sink = Shape { width, next_column: 0, rows: 0 };
    let mut last = 1;
    loop {
        let before = sink.rows;
        match reader.read_batch(&mut sink) {
            Ok(Some(b)) => last = check_batch(&b, before, &sink, last),
            Ok(None) => break,
            Err(e) => panic!("reading from memory failed: {e}"),
        }
    }
    // The independent count: every record after the header, less the one-empty-field
    // records of a table of several columns.
    let mut plain = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .quote(opts.quote)
        .flexible(true)
        .has_headers(false)
        .from_reader(file);
    let mut expected = 0usize;
    let mut rec = csv::ByteRecord::new();
    let mut first = true;
    loop {
        match plain.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) if first => first = false,
            Ok(true) if width > 1 && rec.len() == 1 && rec[0].is_empty() => {}
            _ => expected += 1,
        }
    }
    assert_eq!(sink.rows, expected, "rows lost or invented");
    // With one thread the chunks are parsed one after the other on this thread: the cutting
    // and line counting are what is checked, without a thread hand-over per input.
    ONE_THREAD.call_once(|| {
        rayon::ThreadPoolBuilder::new().num_threads(1).build_global().expect("the global thread pool");
    });
    for chunks in [1, 3] {
        assert_eq!(parallel(file, &opts, chunks), serial(file, &opts), "parallel read differs ({chunks} chunks)");
    }
}

static ONE_THREAD: std::sync::Once = std::sync::Once::new();

/// Cells as text (`None` for null), row by row.
#[derive(Default)]
struct Cells(Vec<Vec<Option<String>>>, Vec<Option<String>>);

impl ColumnSink for Cells {
    fn push(&mut self, _column: usize, value: Option<&str>) {
        self.1.push(value.map(str::to_string));
    }

    fn end_row(&mut self) {
        self.0.push(std::mem::take(&mut self.1));
    }
}

/// Columns, rows, lines and (row, line, code) of every problem.
type Read = (Vec<String>, Vec<Vec<Option<String>>>, Vec<u64>, Vec<(usize, u64, &'static str)>);

fn serial(file: &[u8], opts: &DelimitedOptions) -> Option<Read> {
    let mut r = DelimitedRecords::open(file, opts).ok()??;
    let (mut cells, mut lines, mut problems) = (Cells::default(), Vec::new(), Vec::new());
    while let Some(b) = r.read_batch(&mut cells).expect("in memory") {
        let before = lines.len();
        problems.extend(b.problems.iter().map(|(i, p)| (before + i, p.line, p.code)));
        lines.extend(b.lines);
    }
    Some((r.columns().to_vec(), cells.0, lines, problems))
}

fn parallel(file: &[u8], opts: &DelimitedOptions, chunks: usize) -> Option<Read> {
    let mut r = ParallelDelimited::open(file, opts, chunks).ok()??;
    let (mut rows, mut lines, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(batch) = r.read_batch(|_| Cells::default()).expect("in memory") {
        for (cells, b) in batch {
            assert_eq!(cells.0.len(), b.rows);
            let before = lines.len();
            problems.extend(b.problems.iter().map(|(i, p)| (before + i, p.line, p.code)));
            lines.extend(b.lines);
            rows.extend(cells.0);
        }
    }
    Some((r.columns().to_vec(), rows, lines, problems))
}

fn ndjson(file: &[u8], encoding: Encoding, batch_rows: usize) {
    let Ok(Some(mut reader)) = NdjsonRecords::open(file, encoding, batch_rows) else {
        // Only an input of blank lines reads as nothing.
        assert!(blank_lines_only(file));
        return;
    };
    let mut sink = Shape { width: reader.columns().len(), next_column: 0, rows: 0 };
    let mut last = 1;
    loop {
        let before = sink.rows;
        match reader.read_batch(&mut sink) {
            Ok(Some(b)) => last = check_batch(&b, before, &sink, last),
            Ok(None) => break,
            Err(e) => panic!("reading from memory failed: {e}"),
        }
    }
    let expected = lines(file).filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    assert_eq!(sink.rows, expected, "rows lost or invented");
}

/// The lines of an NDJSON file as the reader sees them (a BOM at the start dropped).
fn lines(file: &[u8]) -> impl Iterator<Item = &[u8]> {
    let file = file.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(file);
    let body = file.strip_suffix(b"\n").unwrap_or(file);
    body.split(|&b| b == b'\n').filter(move |_| !file.is_empty())
}

fn blank_lines_only(file: &[u8]) -> bool {
    lines(file).all(|l| l.iter().all(u8::is_ascii_whitespace))
}
