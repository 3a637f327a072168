//! Delimited text out: rows formatted in parallel slices, a field quoted only when it must
//! be (separator, quote, line break, leading or trailing space), an empty string written
//! `""` so that it stays apart from a null (an empty field).

use polars::prelude::{DataFrame, DataType, PolarsResult, StringChunked};
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

/// The rows of a frame as delimited text (no header), in consecutive parts (written one
/// after another; joining them would copy every byte once more).
pub fn encode(frame: &DataFrame, sep: u8) -> PolarsResult<Vec<Vec<u8>>> {
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
    let parts: Vec<Vec<u8>> = slices
        .par_iter()
        .map(|&(start, len)| {
            let mut out = Vec::with_capacity(len * 16 * arrays.len().max(1));
            for row in start..start + len {
                for (j, a) in arrays.iter().enumerate() {
                    if j > 0 {
                        out.push(sep);
                    }
                    if let Some(v) = a.get(row) {
                        field(&mut out, v.as_bytes(), sep);
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
