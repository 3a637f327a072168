//! Cleaning: the lossless-in-meaning text stages that turn a raw name into `cleaned`.
//!
//! Each stage is a unit struct with one job implementing [`TextStage`]; the order is data
//! ([`CLEANING_STAGES`]). A stage returns `None` when it changes nothing, so the common
//! case allocates nothing, and the pipeline records the stages that fired.

mod chars;
mod entities;
mod mojibake;
mod noise;

pub(crate) use chars::surely_nfc;
pub use chars::{CompatibilityForms, ControlChars, QuotesAndDashes, Whitespace};
pub use entities::Entities;
pub use mojibake::Mojibake;
pub use noise::{is_marker, is_trailing_junk, CountryTag, LeadingMarker, NameAcronym, TrailingJunk};

use crate::model::Aside;

/// What cleaning keeps aside while it works on the text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CleanContext {
    /// Text moved out of the name.
    pub aside: Vec<Aside>,
    /// An ISO country code found in a tag like `(NL)`.
    pub country_tag: Option<String>,
}

/// One cleaning step over the whole name.
pub trait TextStage: Sync + Send {
    /// The step's name in `steps` (lowerCamelCase).
    fn id(&self) -> &'static str;
    /// The cleaned text, or `None` when nothing changes.
    fn apply(&self, text: &str, ctx: &mut CleanContext) -> Option<String>;
}

/// The cleaning steps, in order. Decoding steps come first (so entities and mojibake
/// produce real characters), then character normalization, then noise removal, then the
/// spaces are tidied once more.
pub static CLEANING_STAGES: &[&dyn TextStage] = &[
    &ControlChars,
    &Entities,
    &Mojibake,
    &CompatibilityForms,
    &QuotesAndDashes,
    &Whitespace,
    &LeadingMarker,
    &CountryTag,
    &NameAcronym,
    &TrailingJunk,
    &Whitespace,
];

/// Byte classes for [`is_plainly_clean`].
mod class {
    /// A byte no stage looks at.
    pub const ORDINARY: u8 = 0;
    /// A space (not plainly clean after another).
    pub const SPACE: u8 = 1;
    /// Never plainly clean: control characters, `{`, backquote (and non-ASCII bytes,
    /// which [`plain::NEXT`] sends to a check of their characters).
    pub const NEVER: u8 = 2;
    /// Not after a space: `,`, `)`, `]`.
    pub const NOT_AFTER_SPACE: u8 = 3;
    /// `&`: may open a character reference (`&amp;`), which a later `;` closes.
    pub const AMPERSAND: u8 = 4;
    /// `;`: not after a space, nor anywhere after a `&`.
    pub const SEMICOLON: u8 = 5;
}

const PLAIN_CLASS: [u8; 256] = {
    let mut t = [class::NEVER; 256];
    let mut i = 0x20;
    while i < 0x7f {
        t[i] = class::ORDINARY;
        i += 1;
    }
    t[b' ' as usize] = class::SPACE;
    t[b'{' as usize] = class::NEVER;
    t[b'`' as usize] = class::NEVER;
    t[b',' as usize] = class::NOT_AFTER_SPACE;
    t[b')' as usize] = class::NOT_AFTER_SPACE;
    t[b']' as usize] = class::NOT_AFTER_SPACE;
    t[b'&' as usize] = class::AMPERSAND;
    t[b';' as usize] = class::SEMICOLON;
    t
};

/// Whether no stage can change `text`: ASCII and Greek, Cyrillic, Kana, Han or Hangul
/// letters, without control characters, character references (a `&` with a `;` after
/// it), backquotes or double spaces, no marker or space at the start, no junk, space,
/// country tag (`, NL`, `(NL)`) or possible acronym (`(IBM)`) at the end. Most names are;
/// they skip the stages.
pub fn is_plainly_clean(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
    if is_marker(first as char) || first == b' ' {
        return false;
    }
    if is_trailing_junk(last as char) || last == b' ' {
        return false;
    }
    let before_last = b.len().checked_sub(2).map(|i| b[i]);
    // A period after a word stays (`Inc.`); after anything else it is junk.
    if last == b'.' && !before_last.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if matches!(last, b')' | b']') && !plain_closing_bracket(b) {
        return false;
    }
    // Capitals after a comma may be a country code closing a seat (`..., EINDHOVEN, NL`).
    let n = b.len();
    if n >= 4 && last.is_ascii_uppercase() && b[n - 2].is_ascii_uppercase() && (b[n - 3] == b',' || b[n - 4] == b',') {
        return false;
    }
    // Two bytes a turn: one loop test for two table loads.
    let mut row = plain::row(plain::START);
    let mut pairs = b.chunks_exact(2);
    for pair in &mut pairs {
        row = plain::next(row, pair[0]);
        row = plain::next(row, pair[1]);
    }
    for &c in pairs.remainder() {
        row = plain::next(row, c);
    }
    match plain::state(row) {
        plain::REJECT => false,
        s if s & plain::NON_ASCII != 0 => text.chars().all(|c| c.is_ascii() || is_plain_letter(c)),
        _ => true,
    }
}

/// Letters no cleaning stage changes: Greek and Cyrillic letters, Kana, Han ideographs
/// and Hangul syllables (all NFC, of combining class 0 and ranges [`surely_nfc`] accepts;
/// no control character, compatibility form, quote, dash, space, marker or mojibake
/// lead among them).
fn is_plain_letter(c: char) -> bool {
    matches!(c as u32,
        0x0386 | 0x0388..=0x038A | 0x038C | 0x038E..=0x03CE // Greek
        | 0x0400..=0x0482 | 0x048A..=0x052F // Cyrillic
        | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC // Kana
        | 0x4E00..=0x9FFF // Han
        | 0xAC00..=0xD7A3) // Hangul
}

/// The byte-by-byte part of [`is_plainly_clean`] as a table-driven automaton (one load
/// per byte, no branch; the table holds each next state as its row, `state << 8`): a state says whether the byte before was a space, whether a `&`
/// came before and whether a non-ASCII byte did (the characters are then checked one by
/// one); [`plain::REJECT`] keeps what it once rejects.
mod plain {
    use super::{class, PLAIN_CLASS};

    /// State bit: the byte before was a space.
    const AFTER_SPACE: u8 = 1;
    /// State bit: a `&` came before.
    const AFTER_AMPERSAND: u8 = 2;
    /// State bit: a non-ASCII byte came before.
    pub const NON_ASCII: u8 = 4;
    /// The state before the first byte.
    pub const START: u8 = 0;
    /// Not plainly clean.
    pub const REJECT: u8 = 8;

    /// A state as the start of its row of [`NEXT`] (`state << 8`).
    pub const fn row(state: u8) -> u16 {
        (state as u16) << 8
    }

    /// The state of a row.
    pub const fn state(row: u16) -> u8 {
        (row >> 8) as u8
    }

    /// The row after `byte`: `NEXT[row | byte]` (the mask keeps any `u16` in the table,
    /// so there is no bounds check).
    #[inline(always)]
    pub fn next(row: u16, byte: u8) -> u16 {
        NEXT[usize::from(row | u16::from(byte)) & (NEXT.len() - 1)]
    }

    /// The row of the state after a byte: `NEXT[row(state) | byte]` (sixteen rows of 256;
    /// rows past `REJECT` reject).
    static NEXT: [u16; 16 * 256] = {
        let mut t = [row(REJECT); 16 * 256];
        let mut state = 0;
        while state < REJECT as usize {
            let s = state as u8;
            let after_space = s & AFTER_SPACE != 0;
            let after_ampersand = s & AFTER_AMPERSAND != 0;
            let kept = s & (AFTER_AMPERSAND | NON_ASCII);
            let mut c = 0;
            while c < 256 {
                t[state << 8 | c] = row(match PLAIN_CLASS[c] {
                    _ if c >= 0x80 => kept | NON_ASCII,
                    class::ORDINARY => kept,
                    class::SPACE if !after_space => kept | AFTER_SPACE,
                    class::NOT_AFTER_SPACE if !after_space => kept,
                    class::AMPERSAND => kept | AFTER_AMPERSAND,
                    class::SEMICOLON if !after_space && !after_ampersand => kept,
                    _ => REJECT,
                });
                c += 1;
            }
            state += 1;
        }
        t
    };
}

/// Whether the brackets closing a name (`)` or `]`) stay: they hold something besides
/// capitals and periods, so neither a country tag (`(NL)`) nor the name's acronym (`(IBM)`,
/// `(I.B.M.)`). Without an opening bracket: `false` (the stages decide).
fn plain_closing_bracket(b: &[u8]) -> bool {
    let open = if b.last() == Some(&b')') { b'(' } else { b'[' };
    let Some(start) = b.iter().rposition(|&c| c == open) else { return false };
    let inner = &b[start + 1..b.len() - 1];
    !inner.iter().all(|&c| c.is_ascii_uppercase() || c == b'.')
}

/// Runs every cleaning stage on `raw`; returns the cleaned text and the ids of the
/// stages that changed it.
/// The stages run until nothing changes (at most three rounds), so that cleaning is
/// idempotent even where one step uncovers work for an earlier one (`Siemens (NL) ,`).
pub fn clean(raw: &str, ctx: &mut CleanContext, steps: &mut Vec<std::borrow::Cow<'static, str>>) -> String {
    if is_plainly_clean(raw) {
        return raw.to_string();
    }
    let mut text = raw.to_string();
    for _ in 0..3 {
        let mut changed = false;
        for stage in CLEANING_STAGES {
            if let Some(t) = stage.apply(&text, ctx) {
                if t != text {
                    if !steps.iter().any(|s| s == stage.id()) {
                        steps.push(std::borrow::Cow::Borrowed(stage.id()));
                    }
                    text = t;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        clean(s, &mut CleanContext::default(), &mut Vec::new())
    }

    #[test]
    fn cleaning_is_idempotent_on_examples() {
        for s in [
            "* AKZO NOBEL N.V.",
            "FÃ¶rderung der Wissenschaften e.V.",
            "AT&amp;T Corp.",
            "Philips Electronics N.V. (NL)",
            "ＡＢＣ　株式会社",
            "ООО «Газпром нефть»",
            "Foo\u{200b}Bar\u{0007} Ltd.,",
        ] {
            let once = c(s);
            assert_eq!(c(&once), once, "{s}");
        }
    }

    #[test]
    fn plainly_clean_text_is_what_the_stages_leave_alone() {
        for s in [
            "Acme Corp",
            "SIEMENS AG",
            "A B C",
            "Foo (Bar) Baz",
            "3M Co",
            "X-Y Z",
            "Acme Inc.",
            "Foo (Bar)",
            "Foo (NL)",
        ] {
            assert!(!is_plainly_clean(s) || staged(s) == s, "{s}");
        }
        assert!(is_plainly_clean("Acme Corp"));
        assert!(is_plainly_clean("Acme, Inc."));
        assert!(!is_plainly_clean("Acme  Corp"));
        assert!(!is_plainly_clean("* Acme"));
        assert!(!is_plainly_clean("Philips (NL)"));
    }

    fn staged(s: &str) -> String {
        let mut t = s.to_string();
        for stage in CLEANING_STAGES {
            if let Some(n) = stage.apply(&t, &mut CleanContext::default()) {
                t = n;
            }
        }
        t
    }

    #[test]
    fn letters_of_other_scripts_are_plain() {
        for s in
            ["株式会社東芝", "トヨタ自動車株式会社", "삼성전자 주식회사", "ООО Газпром", "Ελληνικά ΑΕ", "東芝 (株)"]
        {
            assert!(is_plainly_clean(s), "{s}");
            assert_eq!(staged(s), s, "{s}");
        }
        for s in ["ＡＢＣ", "㈱東芝", "東芝\u{200b}", "FÃ¶rderung", "«Газпром»", "東芝　株式会社", "Müller"]
        {
            assert!(!is_plainly_clean(s), "{s}");
        }
    }

    #[test]
    fn ampersands_and_brackets_that_no_stage_changes_are_plain() {
        for s in ["AT&T Corp", "Smith & Jones, Inc.", "A&B (Del.)", "Acme (a Div. of Foo)", "Foo [Bar]"] {
            assert!(is_plainly_clean(s), "{s}");
            assert_eq!(staged(s), s, "{s}");
        }
        for s in ["AT&amp;T", "Foo & Bar; Baz", "Acme (IBM)", "Acme (I.B.M.)", "Foo (NL)", "Foo [DE]", "Foo)"] {
            assert!(!is_plainly_clean(s), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plainly_clean_implies_unchanged(s in "[ -~]{1,30}") {
            if is_plainly_clean(&s) {
                proptest::prop_assert_eq!(staged(&s), s);
            }
        }

        #[test]
        fn plainly_clean_implies_unchanged_with_letters_of_other_scripts(
            s in "[a-c &;.,()·•　（）]{0,4}[株式会社東芝ーガカ가나ООО«»АяΑωάΐ₀ﾃ㈱Ã¶ͅ\u{0301}\u{3099}\u{200b} ,.()]{1,12}"
        ) {
            if is_plainly_clean(&s) {
                proptest::prop_assert_eq!(staged(&s), s);
            }
        }

        #[test]
        fn plainly_clean_implies_unchanged_around_references_and_brackets(
            s in "[a-cA-C&;#.,() \\[\\]]{1,24}|([a-cA ;&]|amp|AMP|#38|eacute){1,10}|([A-Za-z]{1,6} ){1,3}[(\\[][A-Za-z.]{0,5}[)\\]]"
        ) {
            if is_plainly_clean(&s) {
                proptest::prop_assert_eq!(staged(&s), s);
            }
        }
    }

    #[test]
    fn examples() {
        assert_eq!(c("* AKZO NOBEL N.V."), "AKZO NOBEL N.V.");
        assert_eq!(c("FÃƒÂ¶rderung"), "Förderung");
        assert_eq!(c("AT&amp;T Corp."), "AT&T Corp.");
        assert_eq!(c("SOCI&Eacute;T&Eacute; G&EACUTE;N&Eacute;RALE"), "SOCIÉTÉ GÉNÉRALE");
        assert_eq!(c("Philips Electronics N.V. (NL)"), "Philips Electronics N.V.");
        assert_eq!(c("ＡＢＣ　㈱"), "ABC (株)");
        assert_eq!(c("ООО «Газпром нефть»"), "ООО \"Газпром нефть\"");
        assert_eq!(c("Foo\u{200b}Bar\u{0007} Ltd.,"), "FooBar Ltd.");
        assert_eq!(c("  Acme   Corp ;"), "Acme Corp");
    }
}
