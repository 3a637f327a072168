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

/// Byte classes for [`is_plainly_clean`]: 0 ordinary, 1 space, 2 never plainly clean
/// (non-ASCII, control characters, `&`, `{`, backquote), 3 not after a space (`,`, `;`,
/// `)`, `]`).
const PLAIN_CLASS: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut i = 0x20;
    while i < 0x7f {
        t[i] = 0;
        i += 1;
    }
    t[b' ' as usize] = 1;
    t[b'&' as usize] = 2;
    t[b'{' as usize] = 2;
    t[b'`' as usize] = 2;
    t[b',' as usize] = 3;
    t[b';' as usize] = 3;
    t[b')' as usize] = 3;
    t[b']' as usize] = 3;
    t
};

/// Runs every cleaning stage on `raw`; returns the cleaned text and the ids of the
/// stages that changed it.
/// Whether no stage can change `text`: ASCII without control characters, entities,
/// backquotes or double spaces, no marker or space at the start, no junk, space, closing
/// bracket or country tag (`, NL`) at the end. Most names are; they skip the stages.
pub fn is_plainly_clean(text: &str) -> bool {
    let b = text.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else { return false };
    if first >= 0x80 || is_marker(first as char) || first == b' ' {
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
    // A closing bracket may end a country tag (`(NL)`) or the name's acronym (`(IBM)`).
    if matches!(last, b')' | b']') {
        return false;
    }
    // Capitals after a comma may be a country code closing a seat (`..., EINDHOVEN, NL`).
    let n = b.len();
    if n >= 4 && last.is_ascii_uppercase() && b[n - 2].is_ascii_uppercase() && (b[n - 3] == b',' || b[n - 4] == b',') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        match PLAIN_CLASS[c as usize] {
            0 => prev_space = false,
            1 if prev_space => return false,
            1 => prev_space = true,
            3 if prev_space => return false,
            3 => prev_space = false,
            _ => return false,
        }
    }
    true
}

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

    proptest::proptest! {
        #[test]
        fn plainly_clean_implies_unchanged(s in "[ -~]{1,30}") {
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
