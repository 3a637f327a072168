//! Delimited text (CSV, TSV) read with the `csv` crate, a batch at a time, every damaged
//! row kept and reported with its line.

use crate::{decode, quote_list, unique_column_names, BatchRows, ColumnSink, Encoding, ReadError, RowProblem};
use std::collections::VecDeque;
use std::io::Read;

/// How delimited text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelimitedOptions {
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote character.
    pub quote: u8,
    /// Text encoding.
    pub encoding: Encoding,
    /// Rows per batch (at least 1).
    pub batch_rows: usize,
}

impl DelimitedOptions {
    /// Comma-separated, `"` quotes, UTF-8, 64k-row batches.
    pub fn csv() -> DelimitedOptions {
        DelimitedOptions { delimiter: b',', quote: b'"', encoding: Encoding::Utf8, batch_rows: 65_536 }
    }

    /// Tab-separated, otherwise as [`DelimitedOptions::csv`].
    pub fn tsv() -> DelimitedOptions {
        DelimitedOptions { delimiter: b'\t', ..DelimitedOptions::csv() }
    }
}

/// A CSV or TSV table being read: its header is read at open, its rows a batch at a time.
pub struct DelimitedRecords<R> {
    reader: csv::Reader<LineBreaks<R>>,
    columns: Vec<String>,
    encoding: Encoding,
    batch_rows: usize,
    record: csv::ByteRecord,
    done: bool,
}

impl<R: Read> DelimitedRecords<R> {
    /// Reads the header line; `Ok(None)` when the input holds no header (it is empty or
    /// its first line is blank). An empty column name becomes `column_N`, a repeated one
    /// gets `_2`, `_3`...; a UTF-8 byte-order mark is dropped.
    pub fn open(input: R, opts: &DelimitedOptions) -> Result<Option<DelimitedRecords<R>>, ReadError> {
        let mut reader = csv_reader(input, opts, 0);
        let mut header = csv::ByteRecord::new();
        let got = reader.read_byte_record(&mut header).map_err(read_error)?;
        if let Some(p) = header.position() {
            reader.get_mut().line_at(p.byte());
        }
        if !got || (header.len() == 1 && header[0].is_empty()) {
            return Ok(None);
        }
        let mut names: Vec<String> = header.iter().map(|f| decode(f, opts.encoding).0.into_owned()).collect();
        if let Some(first) = names.first_mut() {
            if let Some(rest) = first.strip_prefix('\u{FEFF}') {
                *first = rest.to_string();
            }
        }
        Ok(Some(DelimitedRecords {
            reader,
            columns: unique_column_names(names),
            encoding: opts.encoding,
            batch_rows: opts.batch_rows.max(1),
            record: csv::ByteRecord::new(),
            done: false,
        }))
    }

    /// A reader of the records of a table whose header was read elsewhere: `input`
    /// starts at a record boundary after `lines_before` line breaks.
    pub(crate) fn headless(input: R, columns: Vec<String>, opts: &DelimitedOptions, lines_before: u64) -> Self {
        DelimitedRecords {
            reader: csv_reader(input, opts, lines_before),
            columns,
            encoding: opts.encoding,
            batch_rows: opts.batch_rows.max(1),
            record: csv::ByteRecord::new(),
            done: false,
        }
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        &self.reader.get_ref().inner
    }

    /// Gives the next batch of rows to `sink`, every row with as many cells as there are
    /// columns (missing ones null, extra ones reported and left out; an empty field is
    /// null, as polars reads CSV). `Ok(None)` at the end. Only I/O errors end the read: a
    /// row the parser rejects is kept empty and reported as `unreadable_row`.
    pub fn read_batch(&mut self, sink: &mut impl ColumnSink) -> Result<Option<BatchRows>, ReadError> {
        if self.done {
            return Ok(None);
        }
        let width = self.columns.len();
        let mut out =
            BatchRows { rows: 0, lines: Vec::with_capacity(self.batch_rows.min(1 << 16)), problems: Vec::new() };
        while out.rows < self.batch_rows {
            let got = match self.reader.read_byte_record(&mut self.record) {
                Ok(got) => got,
                Err(e) => {
                    let line = e.position().map_or(0, |p| self.reader.get_mut().line_at(p.byte()));
                    match e.into_kind() {
                        csv::ErrorKind::Io(source) => return Err(ReadError::Io(source)),
                        other => {
                            // The csv crate only fails on I/O and UTF-8 in string records; keep
                            // the row as an empty one, reported.
                            for i in 0..width {
                                sink.push(i, None);
                            }
                            sink.end_row();
                            out.lines.push(line);
                            let message = format!("{other:?}; row left empty");
                            out.problems.push((out.rows, RowProblem { line, code: "unreadable_row", message }));
                            out.rows += 1;
                            continue;
                        }
                    }
                }
            };
            if !got {
                self.done = true;
                break;
            }
            let line = self.record.position().map_or(0, |p| self.reader.get_mut().line_at(p.byte()));
            // A line of one empty field (`""`) in a table of several columns is not a row; in a
            // one-column table it is an empty name. (Blank lines never reach here: the
            // csv parser skips them.)
            if width > 1 && self.record.len() == 1 && self.record[0].is_empty() {
                continue;
            }
            self.give_row(sink, line, &mut out);
        }
        if out.rows == 0 && self.done {
            return Ok(None);
        }
        Ok(Some(out))
    }

    /// Gives the record just read to `sink` as row `out.rows`, with its problems.
    fn give_row(&mut self, sink: &mut impl ColumnSink, line: u64, out: &mut BatchRows) {
        let width = self.columns.len();
        let row = out.rows;
        let mut bad_utf8 = false;
        let nul = self.record.as_slice().contains(&0);
        let record = std::mem::take(&mut self.record);
        // UTF-8: the whole record is checked at once; fields of a valid record need no
        // further check.
        match (self.encoding, csv::StringRecord::from_byte_record(record)) {
            (Encoding::Utf8, Ok(text)) => {
                for i in 0..width {
                    sink.push(i, text.get(i).filter(|f| !f.is_empty()));
                }
                self.record = text.into_byte_record();
            }
            (_, result) => {
                let record = result.map_or_else(|e| e.into_byte_record(), csv::StringRecord::into_byte_record);
                for i in 0..width {
                    match record.get(i) {
                        // An empty field is null, so that writing the table back gives an
                        // empty field again.
                        Some(field) if !field.is_empty() => {
                            let (text, bad) = decode(field, self.encoding);
                            bad_utf8 |= bad;
                            sink.push(i, Some(&text));
                        }
                        _ => sink.push(i, None),
                    }
                }
                self.record = record;
            }
        }
        sink.end_row();
        out.lines.push(line);
        out.rows += 1;
        let fields = self.record.len();
        if fields != width {
            let message = if fields < width {
                format!("{fields} fields where the header has {width}; the missing ones are left empty (null)")
            } else {
                let extra: Vec<String> =
                    self.record.iter().skip(width).map(|f| decode(f, self.encoding).0.into_owned()).collect();
                format!(
                    "{fields} fields where the header has {width}; the extra ones are not in the output: {}",
                    quote_list(&extra)
                )
            };
            out.problems.push((row, RowProblem { line, code: "ragged_row", message }));
        }
        if bad_utf8 {
            let message =
                "bytes that are not UTF-8 were replaced by U+FFFD (is the file Latin-1 or CP1252? see --encoding)";
            out.problems.push((row, RowProblem { line, code: "invalid_utf8", message: message.into() }));
        }
        if nul {
            let message = "a field holds a NUL byte (kept as read)";
            out.problems.push((row, RowProblem { line, code: "nul_byte", message: message.into() }));
        }
    }
}

/// The csv parser as the readers use it: no header handling (the header is read as a
/// record), rows of any length.
fn csv_reader<R: Read>(input: R, opts: &DelimitedOptions, lines_before: u64) -> csv::Reader<LineBreaks<R>> {
    csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .quote(opts.quote)
        .flexible(true)
        .has_headers(false)
        .from_reader(LineBreaks::new(input, lines_before))
}

/// The input, with a note of where every line break is, so that a record's line is exact.
///
/// The csv crate's own line count is the line where the previous record ended: blank lines
/// it skips are not counted, and with CRLF line ends it is one line short (the LF is read
/// with the next record). A line break here is a CRLF, a lone LF or a lone CR (the record
/// terminators the csv crate knows), inside quoted fields too, as a text editor counts.
struct LineBreaks<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets and bytes of the CRs and LFs not yet counted, in order.
    pending: VecDeque<(u64, u8)>,
    /// Line breaks before the first pending one.
    counted: BreakCount,
}

/// Counts line breaks as a text editor does: a CRLF once, a lone LF, a lone CR. Breaks
/// must be seen in offset order.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BreakCount {
    /// Breaks seen.
    pub(crate) lines: u64,
    /// Offset of the last CR seen (a LF right after it ends the same line).
    last_cr: Option<u64>,
}

impl BreakCount {
    /// Counts the CR or LF at offset `at`.
    pub(crate) fn see(&mut self, at: u64, byte: u8) {
        if byte == b'\r' {
            self.lines += 1;
            self.last_cr = Some(at);
        } else if self.last_cr.map(|cr| cr + 1) != Some(at) {
            self.lines += 1;
        }
    }
}

impl<R> LineBreaks<R> {
    /// The input, which starts after `lines_before` line breaks.
    fn new(inner: R, lines_before: u64) -> LineBreaks<R> {
        let counted = BreakCount { lines: lines_before, last_cr: None };
        LineBreaks { inner, offset: 0, pending: VecDeque::new(), counted }
    }

    /// Counts the break at the front of the pending ones.
    fn count_front(&mut self) {
        if let Some((at, byte)) = self.pending.pop_front() {
            self.counted.see(at, byte);
        }
    }

    /// The line (1-based) of a record the csv parser started reading at byte `start`: the
    /// line of its first byte after any blank lines. Breaks before it are forgotten, so
    /// calls must come in record order.
    fn line_at(&mut self, start: u64) -> u64 {
        while self.pending.front().is_some_and(|&(at, _)| at < start) {
            self.count_front();
        }
        let mut first = start;
        while self.pending.front().is_some_and(|&(at, _)| at == first) {
            self.count_front();
            first += 1;
        }
        self.counted.lines + 1
    }
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            self.pending.push_back((self.offset + i as u64, buf[i]));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// A csv error at the header: I/O, or the parser's words with the line.
fn read_error(e: csv::Error) -> ReadError {
    let line = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(source) => ReadError::Io(source),
        other => ReadError::Malformed(match line {
            Some(l) => format!("line {l}: {other:?}"),
            None => format!("{other:?}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_sink::Cells;

    /// Row index, line and code of a problem.
    type Found = (usize, u64, &'static str);

    fn read(bytes: &[u8], opts: DelimitedOptions) -> (Vec<String>, Vec<String>, Vec<Found>) {
        let mut r = DelimitedRecords::open(bytes, &opts).unwrap().expect("a header");
        let columns = r.columns().to_vec();
        let mut cells = Cells::default();
        let mut problems = Vec::new();
        let mut before = 0;
        while let Some(b) = r.read_batch(&mut cells).unwrap() {
            assert_eq!(b.rows, b.lines.len());
            problems.extend(b.problems.iter().map(|(i, p)| (before + i, p.line, p.code)));
            before += b.rows;
        }
        (columns, cells.0, problems)
    }

    #[test]
    fn rows_keep_their_lines_and_damaged_ones_are_reported() {
        let text = b"\xEF\xBB\xBFname,,name\na,b,c\n\n\"x\ny\",z\nM\xfcller,1,2,3\nn\0,1,2\n";
        let (columns, rows, problems) = read(text, DelimitedOptions { batch_rows: 2, ..DelimitedOptions::csv() });
        assert_eq!(columns, ["name", "column_2", "name_2"]);
        assert_eq!(rows, ["a,b,c", "x\ny,z,~", "M\u{FFFD}ller,1,2", "n\0,1,2"]);
        assert_eq!(problems, [(1, 4, "ragged_row"), (2, 6, "ragged_row"), (2, 6, "invalid_utf8"), (3, 7, "nul_byte")]);
    }

    #[test]
    fn lines_are_exact_with_crlf_cr_and_blank_lines() {
        let lines = |text: &str| {
            let mut r = DelimitedRecords::open(text.as_bytes(), &DelimitedOptions::csv()).unwrap().unwrap();
            let mut cells = Cells::default();
            let mut lines = Vec::new();
            while let Some(b) = r.read_batch(&mut cells).unwrap() {
                lines.extend(b.lines);
            }
            lines
        };
        assert_eq!(lines("h1,h2\r\na,b\r\nc,d\r\n"), [2, 3]);
        assert_eq!(lines("h1,h2\r\na,b\r\n\r\n\r\nc,d"), [2, 5]);
        assert_eq!(lines("h1,h2\ra,b\rc,d"), [2, 3]);
        assert_eq!(lines("\n\nh1,h2\n\"a\r\nx\",b\r\nc,d\n"), [4, 6]);
        assert_eq!(lines("h\na\nb"), [2, 3]);
    }

    #[test]
    fn latin1_and_tabs() {
        let (columns, rows, problems) =
            read(b"n\tc\nM\xfcller\tDE\n", DelimitedOptions { encoding: Encoding::Latin1, ..DelimitedOptions::tsv() });
        assert_eq!((columns, rows), (vec!["n".to_string(), "c".into()], vec!["Müller,DE".to_string()]));
        assert!(problems.is_empty());
    }

    #[test]
    fn no_header_is_none_and_blank_lines_are_not_rows() {
        assert!(DelimitedRecords::open(&b""[..], &DelimitedOptions::csv()).unwrap().is_none());
        assert!(DelimitedRecords::open(&b"\n"[..], &DelimitedOptions::csv()).unwrap().is_none());
        let (_, rows, _) = read(b"name\na\n\n\"\"\nb\n", DelimitedOptions::csv());
        assert_eq!(rows, ["a", "~", "b"]);
    }
}
