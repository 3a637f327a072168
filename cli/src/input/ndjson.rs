//! Newline-delimited JSON: one object per line. The columns are the keys of the first
//! batch's objects, in order of first appearance; values that are not strings are kept as
//! their JSON text.

use super::{open_reader, Batch, Counting, Input, InputError, InputOptions, RowProblem, StringColumns};
use crate::format::{decode, Encoding};
use serde_json::{Map, Value};
use std::io::BufRead;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One line read: its number, the object (None when the line is not one) and its problems.
type ParsedLine = (u64, Option<Map<String, Value>>, Vec<RowProblem>);

/// An NDJSON input.
pub struct NdjsonInput {
    reader: std::io::BufReader<Counting<Box<dyn std::io::Read + Send>>>,
    columns: Vec<String>,
    encoding: Encoding,
    batch_rows: usize,
    pending: Vec<ParsedLine>,
    line: u64,
    read: Arc<AtomicU64>,
    size: Option<u64>,
    path: std::path::PathBuf,
    done: bool,
}

impl NdjsonInput {
    /// Opens the file and reads its first batch to learn the columns.
    pub fn open(opts: &InputOptions) -> Result<NdjsonInput, InputError> {
        let (raw, size) = open_reader(&opts.path)?;
        let (counting, read) = Counting::new(raw);
        let mut input = NdjsonInput {
            reader: std::io::BufReader::with_capacity(1 << 16, counting),
            columns: Vec::new(),
            encoding: opts.encoding,
            batch_rows: opts.batch_rows.max(1),
            pending: Vec::new(),
            line: 0,
            read,
            size,
            path: opts.path.clone(),
            done: false,
        };
        input.pending = input.read_lines()?;
        if input.pending.is_empty() {
            return Err(InputError::Empty { path: opts.path.clone() });
        }
        let mut columns: Vec<String> = Vec::new();
        for (_, obj, _) in &input.pending {
            for k in obj.iter().flat_map(|o| o.keys()) {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        if columns.is_empty() {
            columns.push("value".to_string());
        }
        input.columns = columns;
        Ok(input)
    }

    fn read_lines(&mut self) -> Result<Vec<ParsedLine>, InputError> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while out.len() < self.batch_rows {
            buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut buf)
                .map_err(|source| InputError::Io { path: self.path.clone(), source })?;
            if n == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                buf.pop();
            }
            let bytes = if self.line == 1 { buf.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&buf) } else { &buf };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (text, bad) = decode(bytes, self.encoding);
            let mut problems = Vec::new();
            if bad {
                problems.push(RowProblem {
                    line: self.line,
                    code: "invalid_utf8",
                    message: "bytes that are not UTF-8 were replaced by U+FFFD (see --encoding)".into(),
                });
            }
            let obj = match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(m)) => Some(m),
                Ok(other) => {
                    problems.push(RowProblem {
                        line: self.line,
                        code: "not_an_object",
                        message: format!("the line is a JSON {}, not an object; row left empty", json_kind(&other)),
                    });
                    None
                }
                Err(e) => {
                    problems.push(RowProblem {
                        line: self.line,
                        code: "invalid_json",
                        message: format!("{e}; row left empty"),
                    });
                    None
                }
            };
            out.push((self.line, obj, problems));
        }
        Ok(out)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Input for NdjsonInput {
    fn columns(&self) -> &[String] {
        &self.columns
    }

    fn progress(&self) -> Option<f64> {
        self.size.filter(|&s| s > 0).map(|s| (self.read.load(Ordering::Relaxed) as f64 / s as f64).min(1.0))
    }

    fn next_batch(&mut self) -> Result<Option<Batch>, InputError> {
        let rows = if self.pending.is_empty() {
            if self.done {
                return Ok(None);
            }
            self.read_lines()?
        } else {
            std::mem::take(&mut self.pending)
        };
        if rows.is_empty() {
            return Ok(None);
        }
        let mut out = StringColumns::new(&self.columns, rows.len());
        let mut lines = Vec::with_capacity(rows.len());
        let mut problems = Vec::new();
        for (row, (line, obj, row_problems)) in rows.into_iter().enumerate() {
            for (i, col) in self.columns.iter().enumerate() {
                match obj.as_ref().and_then(|o| o.get(col)) {
                    None | Some(Value::Null) => out.push(i, None),
                    Some(Value::String(s)) => out.push(i, Some(s)),
                    Some(other) => out.push(i, Some(&other.to_string())),
                }
            }
            out.end_row();
            lines.push(line);
            problems.extend(row_problems.into_iter().map(|p| (row, p)));
            if let Some(o) = &obj {
                let unknown: Vec<String> = o.keys().filter(|k| !self.columns.contains(k)).cloned().collect();
                if !unknown.is_empty() {
                    problems.push((
                        row,
                        RowProblem {
                            line,
                            code: "unknown_field",
                            message: format!(
                                "fields not seen in the first {} lines are not in the output: {}",
                                self.batch_rows,
                                super::quote_list(&unknown)
                            ),
                        },
                    ));
                }
                if o.values().any(|v| v.as_str().is_some_and(|s| s.contains('\0'))) {
                    problems.push((
                        row,
                        RowProblem { line, code: "nul_byte", message: "a field holds a NUL character (kept as read)".into() },
                    ));
                }
            }
        }
        Ok(Some(Batch { frame: out.finish(), lines, problems }))
    }
}
