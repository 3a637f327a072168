//! Newline-delimited JSON: one object per line. The columns are the keys of the first
//! batch's objects, in order of first appearance; values that are not strings are kept as
//! their JSON text.

use crate::{decode, quote_list, BatchRows, ColumnSink, Encoding, ReadError, RowProblem};
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};

/// One line read: its number, the object (None when the line is not one) and its problems.
type ParsedLine = (u64, Option<Map<String, Value>>, Vec<RowProblem>);

/// An NDJSON table being read a batch at a time.
pub struct NdjsonRecords<R> {
    reader: BufReader<R>,
    columns: Vec<String>,
    encoding: Encoding,
    batch_rows: usize,
    pending: Vec<ParsedLine>,
    line: u64,
    done: bool,
}

impl<R: Read> NdjsonRecords<R> {
    /// Reads the first batch (`batch_rows` non-blank lines) to learn the columns; `Ok(None)`
    /// when the input holds only blank lines. Keys first seen later are reported per row
    /// (`unknown_field`) and left out. Without any object, the one column is `value`.
    pub fn open(input: R, encoding: Encoding, batch_rows: usize) -> Result<Option<NdjsonRecords<R>>, ReadError> {
        let mut records = NdjsonRecords {
            reader: BufReader::with_capacity(1 << 16, input),
            columns: Vec::new(),
            encoding,
            batch_rows: batch_rows.max(1),
            pending: Vec::new(),
            line: 0,
            done: false,
        };
        records.pending = records.read_lines()?;
        if records.pending.is_empty() {
            return Ok(None);
        }
        let mut columns: Vec<String> = Vec::new();
        for (_, obj, _) in &records.pending {
            for k in obj.iter().flat_map(|o| o.keys()) {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        if columns.is_empty() {
            columns.push("value".to_string());
        }
        records.columns = columns;
        Ok(Some(records))
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The underlying reader.
    pub fn get_ref(&self) -> &R {
        self.reader.get_ref()
    }

    fn read_lines(&mut self) -> Result<Vec<ParsedLine>, ReadError> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while out.len() < self.batch_rows {
            buf.clear();
            let n = self.reader.read_until(b'\n', &mut buf).map_err(ReadError::Io)?;
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

    /// Gives the next batch of rows to `sink` (one per non-blank line, a line that is not a
    /// JSON object as an empty row, reported); `Ok(None)` at the end.
    pub fn read_batch(&mut self, sink: &mut impl ColumnSink) -> Result<Option<BatchRows>, ReadError> {
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
        let mut out = BatchRows { rows: 0, lines: Vec::with_capacity(rows.len()), problems: Vec::new() };
        for (row, (line, obj, row_problems)) in rows.into_iter().enumerate() {
            for (i, col) in self.columns.iter().enumerate() {
                match obj.as_ref().and_then(|o| o.get(col)) {
                    None | Some(Value::Null) => sink.push(i, None),
                    Some(Value::String(s)) => sink.push(i, Some(s)),
                    Some(other) => sink.push(i, Some(&other.to_string())),
                }
            }
            sink.end_row();
            out.rows += 1;
            out.lines.push(line);
            out.problems.extend(row_problems.into_iter().map(|p| (row, p)));
            if let Some(o) = &obj {
                let unknown: Vec<String> = o.keys().filter(|k| !self.columns.contains(k)).cloned().collect();
                if !unknown.is_empty() {
                    let message = format!(
                        "fields not seen in the first {} lines are not in the output: {}",
                        self.batch_rows,
                        quote_list(&unknown)
                    );
                    out.problems.push((row, RowProblem { line, code: "unknown_field", message }));
                }
                if o.values().any(|v| v.as_str().is_some_and(|s| s.contains('\0'))) {
                    let message = "a field holds a NUL character (kept as read)".to_string();
                    out.problems.push((row, RowProblem { line, code: "nul_byte", message }));
                }
            }
        }
        Ok(Some(out))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_sink::Cells;

    #[test]
    fn objects_become_rows_and_other_lines_are_reported() {
        let text = "{\"name\":\"A\",\"n\":1}\n\n[1]\nnot json\n{\"name\":\"B\",\"late\":true}\n";
        let mut r = NdjsonRecords::open(text.as_bytes(), Encoding::Utf8, 2).unwrap().unwrap();
        assert_eq!(r.columns(), ["name", "n"]);
        let mut cells = Cells::default();
        let mut codes = Vec::new();
        while let Some(b) = r.read_batch(&mut cells).unwrap() {
            codes.extend(b.problems.iter().map(|(_, p)| (p.line, p.code)));
        }
        assert_eq!(cells.0, ["A,1", "~,~", "~,~", "B,~"]);
        assert_eq!(codes, [(3, "not_an_object"), (4, "invalid_json"), (5, "unknown_field")]);
    }

    #[test]
    fn blank_input_is_none() {
        assert!(NdjsonRecords::open(&b" \n\r\n"[..], Encoding::Utf8, 10).unwrap().is_none());
    }
}
