//! Character-level cleaning: control characters, compatibility forms, quotes and
//! dashes, whitespace.

use super::{CleanContext, TextStage};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Removes control, format (zero-width, BOM, bidi) and private-use characters, and
/// composes the text to NFC.
pub struct ControlChars;

fn is_removable(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false, // whitespace: turned into spaces later
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' => true,
        '\u{00AD}' => true, // soft hyphen
        '\u{E000}'..='\u{F8FF}' => true,
        _ => c.is_control(),
    }
}

impl TextStage for ControlChars {
    fn id(&self) -> &'static str {
        "controlChars"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        let dirty =
            !text.is_ascii() || text.bytes().any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') || b == 0x7f);
        if !dirty {
            return None;
        }
        let removed = text.chars().any(is_removable);
        let nfc = surely_nfc(text) || matches!(is_nfc_quick(text.chars()), IsNormalized::Yes);
        if !removed && nfc {
            return None;
        }
        Some(text.chars().filter(|&c| !is_removable(c)).nfc().collect())
    }
}

/// Whether `text` is in NFC by characters alone, without the normalization tables: each
/// is below U+0300, a Greek or Cyrillic letter, a Han ideograph, a Kana letter or a Hangul
/// syllable (all NFC and of combining class 0, so `is_nfc_quick` would answer yes; a test
/// checks every one). `false` means "ask the tables".
pub(crate) fn surely_nfc(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c as u32,
            0..=0x2FF
            | 0x0386 | 0x0388..=0x038A | 0x038C | 0x038E..=0x03CE // Greek letters, with tonos too
            | 0x0400..=0x0482 | 0x048A..=0x052F // Cyrillic (not the combining U+0483–0489)
            | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3)
    })
}

/// Folds compatibility forms that only change how a letter looks: full-width ASCII
/// (`ＡＢＣ` → `ABC`), half-width Katakana, enclosed ideographs (`㈱` → `(株)`),
/// ligatures (`ﬁ` → `fi`). Other characters are left as written.
pub struct CompatibilityForms;

fn is_compat_target(c: char) -> bool {
    matches!(c as u32,
        0xFF01..=0xFFEF // full-width and half-width forms
        | 0x3200..=0x32FF // enclosed CJK letters (㈱)
        | 0x3300..=0x33FF // CJK compatibility (㍿)
        | 0xFB00..=0xFB06 // Latin ligatures
        | 0x2474..=0x24FF // parenthesized and circled letters
    )
}

impl TextStage for CompatibilityForms {
    fn id(&self) -> &'static str {
        "compatibilityForms"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        if text.is_ascii() || !text.chars().any(is_compat_target) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if is_compat_target(c) {
                out.extend(std::iter::once(c).nfkc());
            } else {
                out.push(c);
            }
        }
        Some(out.nfc().collect())
    }
}

/// Normalizes quotes (`“ ” « » „` → `"`, `‘ ’ ‚ ´ \`` → `'`) and dashes (`– — ‐ −` → `-`).
pub struct QuotesAndDashes;

fn quote_or_dash(c: char) -> Option<char> {
    Some(match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' | '\u{301D}'
        | '\u{301E}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '\u{0060}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
        _ => return None,
    })
}

impl TextStage for QuotesAndDashes {
    fn id(&self) -> &'static str {
        "quotesAndDashes"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        if !text.chars().any(|c| quote_or_dash(c).is_some()) {
            return None;
        }
        Some(text.chars().map(|c| quote_or_dash(c).unwrap_or(c)).collect())
    }
}

/// Whether the spaces of `text` are already tidy: single ASCII spaces between words,
/// none at the ends or before `,` `;` `)` `]`.
fn is_tidy(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for c in text.chars() {
        if c == ' ' {
            if prev_space {
                return false;
            }
            prev_space = true;
            continue;
        }
        if c.is_whitespace() || (prev_space && matches!(c, ',' | ';' | ')' | ']')) {
            return false;
        }
        prev_space = false;
    }
    true
}

/// Turns every kind of space (tabs, newlines, no-break, U+3000 ideographic) into one ASCII
/// space, collapses runs, trims the ends, and drops spaces before `,` `.` `;` `)`.
pub struct Whitespace;

impl TextStage for Whitespace {
    fn id(&self) -> &'static str {
        "whitespace"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        if is_tidy(text) {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut pending_space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space && !matches!(c, ',' | ';' | ')' | ']') {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
        (out != text).then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::surely_nfc;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfc_quick, IsNormalized};

    #[test]
    fn surely_nfc_characters_are_nfc_by_the_tables() {
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            if surely_nfc(c.encode_utf8(&mut buf)) {
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            }
        }
    }
}
