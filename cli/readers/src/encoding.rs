//! Text encodings of delimited and NDJSON inputs, and decoding one field.

use std::borrow::Cow;

/// The text encoding of a delimited or NDJSON input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark; invalid bytes are replaced (U+FFFD) and the
    /// row is reported.
    #[default]
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same number.
    Latin1,
    /// Windows-1252: Latin-1 with printable characters (`€`, `‚`, `Œ`, `“`...) in 0x80–0x9F.
    Cp1252,
}

/// Windows-1252's characters for bytes 0x80–0x9F (undefined bytes map to the C1 control of
/// the same number, as the WHATWG encoding standard does).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// A field decoded to text, and whether its bytes were not valid in the encoding.
pub fn decode(bytes: &[u8], encoding: Encoding) -> (Cow<'_, str>, bool) {
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => (Cow::Borrowed(s), false),
            Err(_) => (String::from_utf8_lossy(bytes), true),
        },
        Encoding::Latin1 | Encoding::Cp1252 => {
            if bytes.is_ascii() {
                // ASCII is UTF-8: borrowed, no copy.
                if let Ok(ascii) = std::str::from_utf8(bytes) {
                    return (Cow::Borrowed(ascii), false);
                }
            }
            let s = bytes
                .iter()
                .map(|&b| match (encoding, b) {
                    (Encoding::Cp1252, 0x80..=0x9F) => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            (Cow::Owned(s), false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_encodings_decode_every_byte() {
        assert_eq!(decode(b"M\xfcller", Encoding::Latin1).0, "Müller");
        assert_eq!(decode(b"\x80 \x93x\x94", Encoding::Cp1252).0, "€ “x”");
        assert_eq!(decode(b"\x80", Encoding::Latin1).0, "\u{80}");
        let (s, bad) = decode(b"M\xfcller", Encoding::Utf8);
        assert!(bad);
        assert_eq!(s, "M\u{FFFD}ller");
        assert!(!decode("Müller".as_bytes(), Encoding::Utf8).1);
    }
}
