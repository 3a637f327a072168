//! Delimited text out: rows formatted in parallel slices, a field quoted only when it must
//! be (separator, quote, line break, leading or trailing space), an empty string written
//! `""` so that it stays apart from a null (an empty field).

use polars::prelude::{DataFrame, DataType, PolarsResult, StringChunked};
use rayon::prelude::*;

/// Rows per slice formatted by one thread.
const SLICE_ROWS: usize = 8192;

/// Which bytes force quotes in a field: the separator, `"`, CR and LF.
struct Special([bool; 256]);

impl Special {
    fn new(sep: u8) -> Special {
        let mut t = [false; 256];
        for b in [sep, b'"', b'\n', b'\r'] {
            t[usize::from(b)] = true;
        }
        Special(t)
    }
}

/// Appends one field, quoted when it must be.
pub fn field(out: &mut Vec<u8>, bytes: &[u8], sep: u8) {
    field_with(out, bytes, &Special::new(sep));
}

/// [`field`] with the separator's table made once.
fn field_with(out: &mut Vec<u8>, bytes: &[u8], special: &Special) {
    let needs_quotes = match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            matches!(first, b' ' | b'\t')
                || matches!(last, b' ' | b'\t')
                || bytes.iter().any(|&b| special.0[usize::from(b)])
        }
        _ => true,
    };
    if !needs_quotes {
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

/// The rows of a frame as delimited text (no header), in consecutive parts (written one
/// after another; joining them would copy every byte once more).
pub fn encode(frame: &DataFrame, sep: u8) -> PolarsResult<Vec<Vec<u8>>> {
    let columns: Vec<StringChunked> = frame
        .columns()
        .iter()
        .map(|c| {
            let c = if c.dtype() == &DataType::String { c.clone() } else { c.cast(&DataType::String)? };
            Ok(c.str()?.rechunk().into_owned())
        })
        .collect::<PolarsResult<_>>()?;
    let height = frame.height();
    let slices: Vec<(usize, usize)> =
        (0..height).step_by(SLICE_ROWS).map(|start| (start, SLICE_ROWS.min(height - start))).collect();
    let parts: Vec<Vec<u8>> = slices
        .par_iter()
        .map(|&(start, len)| {
            let cols: Vec<StringChunked> = columns.iter().map(|c| c.slice(start as i64, len)).collect();
            let mut iters: Vec<_> = cols.iter().map(|c| c.iter()).collect();
            let mut out = Vec::with_capacity(len * 16 * cols.len().max(1));
            let special = Special::new(sep);
            for _ in 0..len {
                for (j, it) in iters.iter_mut().enumerate() {
                    if j > 0 {
                        out.push(sep);
                    }
                    if let Some(Some(v)) = it.next() {
                        field_with(&mut out, v.as_bytes(), &special);
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
