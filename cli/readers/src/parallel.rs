//! Delimited text parsed on several threads: the input is read in blocks, each block is
//! cut at record ends into chunks, and the chunks are parsed in parallel by the same
//! [`DelimitedRecords`] reader the serial path uses, each knowing the line it starts at.
//! The rows, their lines and their problems are the serial reader's, in the same order.
//!
//! Record ends are found by [`RecordEnds`], a scan of the quote, delimiter and line-break
//! bytes that follows the `csv` parser's own rules (a quote opens a quoted field only as a
//! field's first byte; `""` inside one is a quote; a line break outside quotes ends the
//! record). Blocks are cut only after a line feed outside quotes. Where no such cut exists
//! within [`MAX_PENDING`] bytes (a file with lone-CR line ends, or an unclosed quote), the
//! rest of the input is read serially, so the result never depends on the cut.

use crate::delimited::{BreakCount, DelimitedRecords};
use crate::{BatchRows, ColumnSink, DelimitedOptions, ReadError};
use rayon::prelude::*;
use std::io::{Cursor, Read};

/// Bytes read from the input at a time.
const READ_BYTES: usize = 1 << 20;
/// A block is cut once it holds this many bytes, even with fewer rows than a batch.
const BLOCK_BYTES: usize = 8 << 20;
/// More bytes than this without a cut (no line feed outside quotes): read serially.
pub const MAX_PENDING: usize = 64 << 20;

/// Where the parser stands in a record, as far as record ends are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// At the start of a field (or of a record).
    FieldStart,
    /// In an unquoted field: a quote is an ordinary byte.
    Unquoted,
    /// In a quoted field: delimiters and line breaks are ordinary bytes.
    Quoted,
    /// Just after a quote inside a quoted field: `"` again is an escaped quote, anything
    /// else closes the quoted part.
    QuoteInQuoted,
}

/// Finds record ends (after a line feed outside quotes) in delimited text that starts at a
/// record boundary, keeping its state between calls.
#[derive(Debug, Clone)]
pub struct RecordEnds {
    delimiter: u8,
    quote: u8,
    at: At,
}

impl RecordEnds {
    /// A scanner at the start of a record.
    pub fn new(delimiter: u8, quote: u8) -> RecordEnds {
        RecordEnds { delimiter, quote, at: At::FieldStart }
    }

    /// Scans `bytes` (the continuation of what was scanned before) and appends to `ends` the
    /// offset just after every line feed that ends a record or a blank line.
    pub fn scan(&mut self, bytes: &[u8], base: usize, ends: &mut Vec<usize>) {
        let (d, q) = (self.delimiter, self.quote);
        let mut i = 0;
        while i < bytes.len() {
            match self.at {
                At::Quoted => match memchr::memchr(q, &bytes[i..]) {
                    Some(j) => {
                        i += j + 1;
                        self.at = At::QuoteInQuoted;
                    }
                    None => return,
                },
                At::QuoteInQuoted | At::FieldStart | At::Unquoted => {
                    let b = bytes[i];
                    i += 1;
                    if b == q && self.at != At::Unquoted {
                        // Opens a quoted field, or is an escaped quote (`""`) inside one.
                        self.at = At::Quoted;
                    } else if b == d {
                        self.at = At::FieldStart;
                    } else if b == b'\n' {
                        self.at = At::FieldStart;
                        ends.push(base + i);
                    } else if b == b'\r' {
                        self.at = At::FieldStart;
                    } else {
                        self.at = At::Unquoted;
                        // Skip to the next byte that matters in an unquoted field.
                        match memchr::memchr3(d, b'\n', b'\r', &bytes[i..]) {
                            Some(j) => i += j,
                            None => return,
                        }
                    }
                }
            }
        }
    }
}

/// A sink that keeps nothing.
struct Discard;

impl ColumnSink for Discard {
    fn push(&mut self, _column: usize, _value: Option<&str>) {}
    fn end_row(&mut self) {}
}

/// Line breaks in `bytes` counted as [`DelimitedRecords`] counts them: CRLF, LF and a lone
/// CR each once (a CR at the very end counts once; the caller cuts only after a LF).
pub fn count_line_breaks(bytes: &[u8]) -> u64 {
    let mut count = BreakCount::default();
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        count.see(i as u64, bytes[i]);
    }
    count.lines
}

/// A CSV or TSV table read a block at a time and parsed on several threads.
pub struct ParallelDelimited<R> {
    input: Option<R>,
    opts: DelimitedOptions,
    columns: Vec<String>,
    /// Bytes read and not yet parsed; they start at a record boundary.
    pending: Vec<u8>,
    /// Record ends found in `pending` (offsets into it), and the scanner's state after it.
    ends: Vec<usize>,
    scanner: RecordEnds,
    scanned: usize,
    /// Line breaks before `pending`.
    lines_before: u64,
    chunks: usize,
    eof: bool,
    /// Set once the input is read serially (no cut found, or an option the scan does not
    /// follow); then `pending` and `input` are inside it.
    serial: Option<DelimitedRecords<std::io::Chain<Cursor<Vec<u8>>, R>>>,
}

impl<R: Read> ParallelDelimited<R> {
    /// Reads the header; `Ok(None)` when the input holds no header. `chunks` is how many
    /// pieces a block is parsed in (the thread count is a good value; 1 parses serially
    /// but still reads blocks).
    pub fn open(input: R, opts: &DelimitedOptions, chunks: usize) -> Result<Option<ParallelDelimited<R>>, ReadError> {
        let mut this = ParallelDelimited {
            input: Some(input),
            opts: *opts,
            columns: Vec::new(),
            pending: Vec::new(),
            ends: Vec::new(),
            scanner: RecordEnds::new(opts.delimiter, opts.quote),
            scanned: 0,
            lines_before: 0,
            chunks: chunks.max(1),
            eof: false,
            serial: None,
        };
        let scan_follows_csv =
            opts.delimiter != opts.quote && ![opts.delimiter, opts.quote].iter().any(|b| matches!(b, b'\n' | b'\r'));
        if !scan_follows_csv {
            this.go_serial(true)?;
            return Ok(if this.columns.is_empty() { None } else { Some(this) });
        }
        // The header is the first record that is not a blank line.
        loop {
            let mut start = 0;
            let mut header_end = None;
            for &e in &this.ends {
                if this.pending[start..e].iter().any(|&b| b != b'\n' && b != b'\r') {
                    header_end = Some(e);
                    break;
                }
                start = e;
            }
            if let Some(end) = header_end {
                let Some(mut header) = DelimitedRecords::open(&this.pending[..end], opts)? else {
                    return Ok(None);
                };
                if header.read_batch(&mut Discard)?.is_some() {
                    // Records after the header before the first line feed (lone-CR line
                    // ends): read serially.
                    this.go_serial(true)?;
                    return Ok(Some(this));
                }
                this.columns = header.columns().to_vec();
                this.consume(end);
                return Ok(Some(this));
            }
            if this.eof || this.pending.len() > MAX_PENDING {
                this.go_serial(true)?;
                return Ok(if this.columns.is_empty() { None } else { Some(this) });
            }
            this.fill()?;
        }
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Reads more input into `pending` and scans it for record ends.
    fn fill(&mut self) -> Result<(), ReadError> {
        let Some(input) = self.input.as_mut() else {
            self.eof = true;
            return Ok(());
        };
        // `read_to_end` on a `take` fills spare capacity without zeroing it first, retries
        // on `Interrupted`, and stops at the limit or at the end of the input.
        let n = input.by_ref().take(READ_BYTES as u64).read_to_end(&mut self.pending).map_err(ReadError::Io)?;
        if n < READ_BYTES {
            self.eof = true;
        }
        self.scanner.scan(&self.pending[self.scanned..], self.scanned, &mut self.ends);
        self.scanned = self.pending.len();
        Ok(())
    }

    /// Drops the first `n` bytes of `pending` (they end at a record end).
    fn consume(&mut self, n: usize) {
        self.lines_before += count_line_breaks(&self.pending[..n]);
        self.pending.drain(..n);
        self.ends.retain(|&e| e > n);
        for e in &mut self.ends {
            *e -= n;
        }
        self.scanned -= n;
    }

    /// Reads the rest serially, from what is pending on; with `header`, the header first.
    fn go_serial(&mut self, header: bool) -> Result<(), ReadError> {
        let Some(input) = self.input.take() else { return Ok(()) };
        let rest = Cursor::new(std::mem::take(&mut self.pending)).chain(input);
        self.ends.clear();
        let records = if header {
            match DelimitedRecords::open(rest, &self.opts)? {
                Some(r) => {
                    self.columns = r.columns().to_vec();
                    r
                }
                None => return Ok(()),
            }
        } else {
            DelimitedRecords::headless(rest, self.columns.clone(), &self.opts, self.lines_before)
        };
        self.serial = Some(records);
        Ok(())
    }

    /// The next batch of rows (about `batch_rows` rows, or fewer when the block reaches 8
    /// MiB), as one sink per chunk in row order, each with its rows, lines and problems
    /// (row indices within the chunk). `Ok(None)` at the end.
    pub fn read_batch<S, F>(&mut self, new_sink: F) -> Result<Option<Vec<(S, BatchRows)>>, ReadError>
    where
        S: ColumnSink + Send,
        F: Fn(usize) -> S + Sync,
    {
        if self.serial.is_none() && self.input.is_some() {
            let want = self.opts.batch_rows.max(1);
            loop {
                let enough = if self.ends.is_empty() {
                    self.pending.len() > MAX_PENDING
                } else {
                    self.ends.len() >= want || self.pending.len() >= BLOCK_BYTES
                };
                if self.eof || enough {
                    break;
                }
                self.fill()?;
            }
            if self.ends.is_empty() && !self.eof {
                // No record end in reach: read on serially.
                self.go_serial(false)?;
            }
        }
        if let Some(serial) = self.serial.as_mut() {
            let mut sink = new_sink(self.opts.batch_rows.min(1 << 16));
            return Ok(serial.read_batch(&mut sink)?.map(|rows| vec![(sink, rows)]));
        }
        // The block: up to the batch's last record end, or everything at the end of input.
        let want = self.opts.batch_rows.max(1);
        let (block_end, cuts): (usize, Vec<usize>) = if self.eof && self.ends.len() <= want {
            (self.pending.len(), self.ends.clone())
        } else {
            let last = want.min(self.ends.len());
            (self.ends[last - 1], self.ends[..last].to_vec())
        };
        if block_end == 0 {
            return Ok(None);
        }
        // Chunks of about equal record counts, cut at record ends.
        let pieces = self.chunks.min(cuts.len().max(1));
        let mut bounds = vec![0usize];
        for k in 1..pieces {
            let cut = cuts[k * cuts.len() / pieces - 1];
            if cut > *bounds.last().unwrap_or(&0) && cut < block_end {
                bounds.push(cut);
            }
        }
        bounds.push(block_end);
        let block = &self.pending[..block_end];
        let mut starts = Vec::with_capacity(bounds.len());
        let mut lines = self.lines_before;
        for w in bounds.windows(2) {
            starts.push((w[0], w[1], lines));
            lines += count_line_breaks(&block[w[0]..w[1]]);
        }
        let (columns, opts) = (&self.columns, &self.opts);
        let parse = |&(from, to, lines_before): &(usize, usize, u64)| {
            let piece = &block[from..to];
            let opts = DelimitedOptions { batch_rows: usize::MAX, ..*opts };
            let mut records = DelimitedRecords::headless(piece, columns.clone(), &opts, lines_before);
            let mut sink = new_sink(cuts.len() / pieces + 1);
            Ok(records.read_batch(&mut sink)?.map(|rows| (sink, rows)))
        };
        // One piece, or one thread: parsed here, with no hand-over to the thread pool.
        let parsed: Vec<Result<Option<(S, BatchRows)>, ReadError>> =
            if starts.len() == 1 || rayon::current_num_threads() == 1 {
                starts.iter().map(parse).collect()
            } else {
                starts.par_iter().map(parse).collect()
            };
        self.consume(block_end);
        let mut out = Vec::with_capacity(parsed.len());
        for p in parsed {
            if let Some(chunk) = p? {
                out.push(chunk);
            }
        }
        if out.is_empty() {
            // Only blank lines in this block: go on to the next one.
            return self.read_batch(new_sink);
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_sink::Cells;

    type Read = (Vec<String>, Vec<String>, Vec<u64>, Vec<(usize, u64, &'static str)>);

    fn serial(bytes: &[u8], opts: &DelimitedOptions) -> Option<Read> {
        let mut r = DelimitedRecords::open(bytes, opts).unwrap()?;
        let (mut cells, mut lines, mut problems) = (Cells::default(), Vec::new(), Vec::new());
        while let Some(b) = r.read_batch(&mut cells).unwrap() {
            let before = lines.len();
            problems.extend(b.problems.iter().map(|(i, p)| (before + i, p.line, p.code)));
            lines.extend(b.lines);
        }
        Some((r.columns().to_vec(), cells.0, lines, problems))
    }

    fn parallel(bytes: &[u8], opts: &DelimitedOptions, chunks: usize) -> Option<Read> {
        let mut r = ParallelDelimited::open(bytes, opts, chunks).unwrap()?;
        let (mut rows, mut lines, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        while let Some(batch) = r.read_batch(|_| Cells::default()).unwrap() {
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

    #[test]
    fn record_ends_follow_quotes_like_the_csv_parser() {
        let mut ends = Vec::new();
        let text = b"a,\"b\nc\",d\n\"x\"\"\n\"\ny\"z\n\n";
        RecordEnds::new(b',', b'"').scan(text, 0, &mut ends);
        assert_eq!(ends, [10, 17, 21, 22]);
        // Scanning in pieces gives the same ends.
        let mut s = RecordEnds::new(b',', b'"');
        let mut pieces = Vec::new();
        for (i, chunk) in text.chunks(3).enumerate() {
            s.scan(chunk, i * 3, &mut pieces);
        }
        assert_eq!(pieces, ends);
    }

    #[test]
    fn line_breaks_count_crlf_once() {
        assert_eq!(count_line_breaks(b"a\r\nb\nc\rd\r"), 4);
        assert_eq!(count_line_breaks(b""), 0);
    }

    #[test]
    fn parallel_reads_give_the_serial_rows_lines_and_problems() {
        let texts: [&[u8]; 6] = [
            b"id,name\r\n1,Siemens AG\r\n\r\n2,\"Sony\r\nCorp\",JP\r\n3\n\n4,M\xfcller\n5,\"a\"\"b\",x\n",
            b"\n\nh\na\n\"\"\n\nb",
            b"h1,h2\ra,b\rc,d\r",
            b"h,x\n\"unclosed,1\n2,3\n",
            b"h\n",
            b"h,i\n1,2",
        ];
        for text in texts {
            for batch_rows in [1, 2, 3, 1000] {
                for chunks in [1, 2, 3] {
                    let opts = DelimitedOptions { batch_rows, ..DelimitedOptions::csv() };
                    assert_eq!(
                        parallel(text, &opts, chunks),
                        serial(text, &opts),
                        "{:?} batch {batch_rows} chunks {chunks}",
                        String::from_utf8_lossy(text)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Text made of the bytes that matter (quotes, delimiters, CR, LF, NUL, a Latin-1
        /// byte) and letters: the parallel reader gives exactly the serial reader's rows,
        /// lines and problems, whatever the batch size and chunk count.
        #[test]
        fn parallel_equals_serial(bytes in proptest::collection::vec(
                proptest::sample::select(b"\",;\r\n\0\xfcab".to_vec()), 0..300),
            batch_rows in 1usize..6, chunks in 1usize..5, semicolon in proptest::bool::ANY) {
            let opts = if semicolon {
                DelimitedOptions { delimiter: b';', batch_rows, ..DelimitedOptions::csv() }
            } else {
                DelimitedOptions { batch_rows, ..DelimitedOptions::csv() }
            };
            proptest::prop_assert_eq!(parallel(&bytes, &opts, chunks), serial(&bytes, &opts));
        }
    }
}
