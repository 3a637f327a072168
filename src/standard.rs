//! The standard display form: upper case, periods, commas and quotes dropped, the legal
//! form in its canonical abbreviation where it was written (`KONINKLIJKE PHILIPS
//! ELECTRONICS NV`, `KK TOSHIBA`, `トヨタ自動車株式会社`, `SMITH, JOHN A`).

use crate::legal_form::Separation;
use crate::model::{PersonName, Position};
use namestd_dictionaries::key::{is_alphabetic, is_alphanumeric};

/// Upper-cases `text` and drops periods (except between digits), commas and double quotes;
/// collapses spaces.
pub fn standard_text(text: &str) -> String {
    standard_text_room(text, 0)
}

/// [`standard_text`], with room for `room` more bytes when the text is ASCII (where the
/// caller appends a legal form: no regrowth).
fn standard_text_room(text: &str, room: usize) -> String {
    let out = if is_standard_spacing(text) {
        // ASCII with nothing to drop or collapse (most cores): the text upper-cased.
        let mut out = String::with_capacity(text.len() + room);
        out.push_str(text);
        out.make_ascii_uppercase();
        out
    } else if text.is_ascii() {
        standard_ascii(text, room)
    } else {
        standard_chars(text)
    };
    // Dropping periods can leave separators at the ends (`.:!` → `:!`): trim them as the
    // core is trimmed, so the standard form is a fixed point.
    let junk = |c: char| crate::clean::is_marker(c) || crate::clean::is_trailing_junk(c);
    let edge = |c: Option<char>| c.is_some_and(|c| !is_alphanumeric(c) && c != ')' && c != '"' && c != '\'');
    if !edge(out.chars().next()) && !edge(out.chars().next_back()) {
        return out;
    }
    let mut cur: &str = &out;
    loop {
        let (s, e) = crate::legal_form::trim_core(cur);
        let next = if e > s { &cur[s..e] } else { cur };
        let next = next.trim_start_matches(junk).trim_end_matches(junk).trim();
        if next.is_empty() || next == cur {
            break;
        }
        cur = next;
    }
    if cur.len() == out.len() {
        out
    } else {
        cur.to_string()
    }
}

/// [`standard_text`] for any text; upper-casing can decompose (`ῢ`), so the result is
/// composed to NFC again.
fn standard_chars(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let out = standard_chars_raw(text);
    if crate::clean::surely_nfc(&out) {
        return out;
    }
    match is_nfc_quick(out.chars()) {
        IsNormalized::Yes => out,
        _ => out.nfc().collect(),
    }
}

fn standard_chars_raw(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        let drop = match c {
            '.' => !(i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())),
            ',' => true,
            // A double quote between two letters is an abbreviation mark (Hebrew `בע"מ`).
            '"' => !(i > 0 && is_letter(chars[i - 1]) && chars.get(i + 1).is_some_and(|&n| is_letter(n))),
            _ => false,
        };
        if drop {
            // A period or comma between two words still separates them.
            if c != '"' && chars.get(i + 1).is_some_and(|&n| is_alphanumeric(n)) && !out.is_empty() && c == ',' {
                space = true;
            }
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space && !matches!(c, ')' | ']' | ';') {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_uppercase());
    }
    out
}

fn is_letter(c: char) -> bool {
    is_alphabetic(c) || unicode_normalization::char::is_combining_mark(c)
}

/// [`standard_text`] keeping commas (for names whose kind is unknown: a comma may be
/// what tells `SMITH, John` is a person).
pub fn standard_text_keep_commas(text: &str) -> String {
    if !text.as_bytes().contains(&b',') {
        // One part (most texts): the parts' list and their join would give the same.
        return standard_text(text);
    }
    let parts: Vec<String> = text.split(',').map(standard_text).filter(|p| p.chars().any(is_alphanumeric)).collect();
    if parts.is_empty() {
        standard_text(text)
    } else {
        parts.join(", ")
    }
}

/// [`standard_text`] for ASCII text: runs of ordinary bytes are copied whole and the
/// result upper-cased at the end; periods, commas, double quotes and spaces are decided
/// byte by byte.
fn standard_ascii(text: &str, room: usize) -> String {
    let special = |c: u8| SPECIAL[usize::from(c)];
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + room);
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let run = if special(c) {
            let next = b.get(i + 1).copied();
            let drop = match c {
                b'.' => !(i > 0 && b[i - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())),
                b',' => {
                    if next.is_some_and(|n| n.is_ascii_alphanumeric()) && !out.is_empty() {
                        space = true;
                    }
                    true
                }
                b'"' => !(i > 0 && b[i - 1].is_ascii_alphabetic() && next.is_some_and(|n| n.is_ascii_alphabetic())),
                _ => false,
            };
            i += 1;
            if drop {
                continue;
            }
            if c.is_ascii_whitespace() {
                space = !out.is_empty();
                continue;
            }
            i - 1..i
        } else {
            let st = i;
            i += 1;
            while i < b.len() && !special(b[i]) {
                i += 1;
            }
            st..i
        };
        if space && !matches!(c, b')' | b']' | b';') {
            out.push(' ');
        }
        space = false;
        out.push_str(&text[run]);
    }
    out.make_ascii_uppercase();
    out
}

/// Whether `text` is ASCII and [`standard_ascii`] would only upper-case it: no period,
/// comma, double quote or whitespace but single spaces, each between two bytes and not
/// before `)`, `]` or `;` (one pass; no separate ASCII check).
fn is_standard_spacing(text: &str) -> bool {
    let b = text.as_bytes();
    if b.first() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if SPECIAL_OR_NON_ASCII[usize::from(b[i])] {
            if b[i] != b' ' {
                return false;
            }
            match b.get(i + 1) {
                Some(&next) if !SPECIAL_OR_NON_ASCII[usize::from(next)] && !matches!(next, b')' | b']' | b';') => {
                    i += 1
                }
                _ => return false,
            }
        }
        i += 1;
    }
    true
}

/// [`SPECIAL`] and the non-ASCII bytes: what [`is_standard_spacing`] stops at.
const SPECIAL_OR_NON_ASCII: [bool; 256] = {
    let mut t = SPECIAL;
    let mut i = 0x80;
    while i < 256 {
        t[i] = true;
        i += 1;
    }
    t
};

/// The bytes [`standard_ascii`] decides one by one: periods, commas, double quotes and
/// ASCII whitespace (one load per byte in its inner loop).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = matches!(c, b'.' | b',' | b'"') || c.is_ascii_whitespace();
        i += 1;
    }
    t
};

/// Whether a legal form is written in Han or Kana and joins its name without a space.
fn joins_without_space(form: &str) -> bool {
    form.chars().any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
}

fn join(a: &str, b: &str, form: &str) -> String {
    if a.is_empty() {
        return b.to_string();
    }
    if b.is_empty() {
        return a.to_string();
    }
    if joins_without_space(form) {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// The standard form of an organization: core plus its legal forms, each canonical, in
/// the order written; a form written twice appears once.
pub fn standard_org(sep: &Separation) -> String {
    // One form after the name, the common case: no sorting or de-duplication to do.
    if let [f] = sep.forms.as_slice() {
        if f.position != Position::Prefix {
            let mut out = standard_text_room(&sep.core, f.shown.len() + 1);
            // The canonical abbreviation is usually already in standard form (`INC`).
            let plain = f.shown.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'&');
            let canon =
                if plain { std::borrow::Cow::Borrowed(f.shown.as_str()) } else { standard_text(&f.shown).into() };
            if !out.is_empty() && !joins_without_space(&canon) {
                out.push(' ');
            }
            out.push_str(&canon);
            return out;
        }
    }
    let mut forms: Vec<_> = sep.forms.iter().collect();
    forms.sort_by_key(|f| f.span.0);
    let mut seen: Vec<String> = Vec::new();
    let mut out = standard_text(&sep.core);
    let mut prefix = String::new();
    for f in forms {
        let canon = standard_text(&f.shown);
        if seen.contains(&canon) {
            continue;
        }
        seen.push(canon.clone());
        if f.position == Position::Prefix {
            prefix = join(&prefix, &canon, &canon);
        } else {
            out = join(&out, &canon, &canon);
        }
    }
    if prefix.is_empty() {
        out
    } else {
        join(&prefix, &out, &prefix)
    }
}

/// The standard form of a person: `FAMILY, GIVEN`.
pub fn standard_person(p: &PersonName) -> String {
    let family = standard_text(&p.family);
    let given = standard_text(&p.given);
    if given.is_empty() {
        family
    } else {
        format!("{family}, {given}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text() {
        assert_eq!(standard_text("U.S. Philips, Inc."), "US PHILIPS INC");
        assert_eq!(standard_text("Version 2.5 Labs"), "VERSION 2.5 LABS");
        assert_eq!(standard_text("Straße \"Nord\""), "STRASSE NORD");
        assert_eq!(standard_text("A,B"), "A B");
    }

    /// The byte-by-byte version [`standard_ascii`] replaced, kept as its oracle.
    fn standard_ascii_bytewise(text: &str) -> String {
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        for (i, &c) in b.iter().enumerate() {
            let next = b.get(i + 1).copied();
            let drop = match c {
                b'.' => !(i > 0 && b[i - 1].is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())),
                b',' => {
                    if next.is_some_and(|n| n.is_ascii_alphanumeric()) && !out.is_empty() {
                        space = true;
                    }
                    true
                }
                b'"' => !(i > 0 && b[i - 1].is_ascii_alphabetic() && next.is_some_and(|n| n.is_ascii_alphabetic())),
                _ => false,
            };
            if drop {
                continue;
            }
            if c.is_ascii_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space && !matches!(c, b')' | b']' | b';') {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_uppercase() as char);
        }
        out
    }

    #[test]
    fn special_bytes_are_periods_commas_quotes_and_whitespace() {
        for c in 0..=255u8 {
            assert_eq!(SPECIAL[usize::from(c)], matches!(c, b'.' | b',' | b'"') || c.is_ascii_whitespace(), "{c}");
        }
    }

    /// [`standard_text_keep_commas`] without its quick path: every text split at commas.
    fn keep_commas_by_parts(text: &str) -> String {
        let parts: Vec<String> =
            text.split(',').map(standard_text).filter(|p| p.chars().any(is_alphanumeric)).collect();
        if parts.is_empty() {
            standard_text(text)
        } else {
            parts.join(", ")
        }
    }

    proptest::proptest! {
        #[test]
        fn keep_commas_quick_path_agrees_with_the_parts(s in "[a-c1 .,\"();&é-]{0,20}|[ -~]{0,30}") {
            proptest::prop_assert_eq!(standard_text_keep_commas(&s), keep_commas_by_parts(&s));
        }

        #[test]
        fn ascii_runs_agree_with_bytewise(s in "[ -~\\t\\n]{0,40}") {
            proptest::prop_assert_eq!(standard_ascii(&s, 0), standard_ascii_bytewise(&s));
        }

        #[test]
        fn ascii_spacing_agrees_with_bytewise(s in "[a-c ();\\]]{0,16}") {
            proptest::prop_assert_eq!(standard_ascii(&s, 0), standard_ascii_bytewise(&s));
        }

        #[test]
        fn standard_spacing_means_ascii_upper_cased(s in "[a-cé ();.\\]]{0,16}") {
            if is_standard_spacing(&s) {
                proptest::prop_assert!(s.is_ascii());
                proptest::prop_assert_eq!(standard_ascii_bytewise(&s), s.to_ascii_uppercase());
            }
        }

        #[test]
        fn ascii_runs_agree_on_punctuation(s in "[a1 .,\"();\\]]{0,24}") {
            proptest::prop_assert_eq!(standard_ascii(&s, 0), standard_ascii_bytewise(&s));
        }
    }
}
