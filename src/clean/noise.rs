//! Noise around the name: leading markers (`* `), trailing punctuation junk, country tags
//! (`(NL)`, `[DE]`) and the name's own acronym in brackets (`(IBM)`), moved aside rather
//! than lost.

use super::{CleanContext, TextStage};
use crate::model::Aside;

fn push_aside(ctx: &mut CleanContext, kind: &str, text: &str) {
    ctx.aside.push(Aside { kind: kind.to_string(), text: text.to_string() });
}

/// Removes markers written before the name in some extracts (`* AKZO NOBEL N.V.`).
pub struct LeadingMarker;

/// Whether `c` is a marker written before names in some extracts (`*`, `#`, `•`, ...).
pub fn is_marker(c: char) -> bool {
    matches!(c, '*' | '#' | '•' | '·' | '>' | '-' | '+' | '~' | '=' | '_' | '&' | ',' | ';' | ':' | '/')
}

impl TextStage for LeadingMarker {
    fn id(&self) -> &'static str {
        "leadingMarker"
    }

    fn apply(&self, text: &str, ctx: &mut CleanContext) -> Option<String> {
        let first = text.chars().next()?;
        if !is_marker(first) {
            return None;
        }
        let end = text.find(|c: char| !is_marker(c) && !c.is_whitespace()).unwrap_or(text.len());
        if end == text.len() {
            return None; // the name is only markers: keep it, quality rules will flag it
        }
        push_aside(ctx, "leadingMarker", text[..end].trim());
        Some(text[end..].to_string())
    }
}

/// Moves a trailing ISO 3166-1 country tag (`(NL)`, `[DE]`, and `(UK)` read as `GB`) out of
/// the name; it becomes the country hint when none was given.
pub struct CountryTag;

impl TextStage for CountryTag {
    fn id(&self) -> &'static str {
        "countryTag"
    }

    fn apply(&self, text: &str, ctx: &mut CleanContext) -> Option<String> {
        let b = text.as_bytes();
        let n = b.len();
        if n < 5 {
            return None;
        }
        if let Some(comma) = comma_country_tag(text) {
            let tag = &text[n - 2..];
            push_aside(ctx, "countryTag", tag);
            if ctx.country_tag.is_none() {
                ctx.country_tag = Some(tag.to_string());
            }
            return Some(text[..comma].trim_end().to_string());
        }
        let (open, close) = (b[n - 4], b[n - 1]);
        let bracketed = (open == b'(' && close == b')') || (open == b'[' && close == b']');
        // Check the bytes before slicing: all four are ASCII, so the slices below are on
        // character boundaries.
        if !bracketed || !b[n - 3..n - 1].iter().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        let tag = &text[n - 3..n - 1];
        // `UK` is reserved in ISO 3166-1 for the United Kingdom (`GB`) and common in names.
        let code = if tag == "UK" { "GB" } else { tag };
        namestd_dictionaries::country(code)?;
        let rest = text[..n - 4].trim_end();
        if rest.is_empty() {
            return None;
        }
        push_aside(ctx, "countryTag", &text[n - 4..]);
        if ctx.country_tag.is_none() {
            ctx.country_tag = Some(code.to_string());
        }
        Some(rest.to_string())
    }
}

/// The comma before a trailing ISO 3166-1 code in capitals that closes an address or a
/// seat: after a house number (`... BYLANDTLAAN 30,NL`) or after one to three words that
/// follow another comma (`N.V. PHILIPS' GLOEILAMPENFABRIEKEN, EINDHOVEN, NL`). A code after
/// a single comma stays, as it may be a legal form (`Foo Mining, NL` is Australia's No
/// Liability; `Foo, SA`). Byte checks first.
fn comma_country_tag(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let n = b.len();
    if n < 6 || !b[n - 2].is_ascii_uppercase() || !b[n - 1].is_ascii_uppercase() {
        return None;
    }
    let comma = match (b[n - 4], b[n - 3]) {
        (b',', b' ') => n - 4,
        (_, b',') => n - 3,
        _ => return None,
    };
    namestd_dictionaries::country(&text[n - 2..])?;
    let before = text[..comma].trim_end();
    let after_number = before.ends_with(|c: char| c.is_ascii_digit());
    let after_seat = before.rfind(',').is_some_and(|c| {
        let seat = before[c + 1..].split_whitespace().collect::<Vec<_>>();
        (1..=3).contains(&seat.len())
            && seat.iter().all(|w| w.chars().all(|ch| ch.is_alphabetic() || matches!(ch, '-' | '.' | '\'' | '/')))
            && text[..c].chars().any(char::is_alphanumeric)
    });
    (after_number || after_seat).then_some(comma)
}

/// Moves the name's own acronym, written in brackets at its end, out of the name
/// (`International Business Machines Corporation (IBM)`, `Koninklijke Philips Electronics
/// N.V. (KPENV)`): it repeats the name, and left in place it hides the legal form before it
/// and adds a word to the comparison keys. The acronym is 2 to 10 capital letters (periods
/// allowed: `(I.B.M.)`), and it must spell the name: each word gives the first one or more
/// of its letters, in order, except joining words (`of`, `and`, `the`, ...), which may give
/// none, and at most three words at the end (a legal form: `Corporation`, `Co., Ltd.`).
/// Brackets that are not such an acronym (`(Europe)`, `(FB)` after `Acme Widgets`)
/// stay.
pub struct NameAcronym;

/// Words that may give no letter to an acronym.
const ACRONYM_JOINING_WORDS: &[&str] = &[
    "&", "a", "and", "d", "da", "das", "de", "del", "der", "des", "di", "die", "do", "dos", "du", "e", "en", "et",
    "for", "für", "i", "l", "la", "le", "of", "the", "und", "van", "von", "y", "à",
];

impl TextStage for NameAcronym {
    fn id(&self) -> &'static str {
        "nameAcronym"
    }

    fn apply(&self, text: &str, ctx: &mut CleanContext) -> Option<String> {
        let open = match text.as_bytes().last()? {
            b')' => '(',
            b']' => '[',
            _ => return None,
        };
        let start = text.rfind(open)?;
        let inner = &text[start + 1..text.len() - 1];
        if inner.len() > 20 || !inner.bytes().all(|b| b.is_ascii_uppercase() || b == b'.') {
            return None;
        }
        let letters: Vec<u8> = inner.bytes().filter(u8::is_ascii_uppercase).collect();
        if !(2..=10).contains(&letters.len()) {
            return None;
        }
        let rest = text[..start].trim_end();
        let words: Vec<Vec<char>> = rest
            .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | ',' | '\'' | '’'))
            .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '&').flat_map(char::to_lowercase).collect())
            .filter(|w: &Vec<char>| !w.is_empty())
            .collect();
        if words.len() < 2 || !spells(&letters, &words) {
            return None;
        }
        push_aside(ctx, "nameAcronym", &text[start..]);
        Some(rest.to_string())
    }
}

/// Whether `letters` (capitals) spell `words` (lower-cased) as [`NameAcronym`] describes,
/// with at least two words giving letters.
fn spells(letters: &[u8], words: &[Vec<char>]) -> bool {
    let n = words.len();
    // reach[i][j]: the first `i` words can give exactly the first `j` letters, with the
    // number of words that gave letters (the most found), or `None`.
    let mut reach = vec![vec![None::<usize>; letters.len() + 1]; n + 1];
    reach[0][0] = Some(0);
    for (i, w) in words.iter().enumerate() {
        let s: String = w.iter().collect();
        let may_skip = ACRONYM_JOINING_WORDS.contains(&s.as_str()) || i + 3 >= n;
        for j in 0..=letters.len() {
            let Some(given) = reach[i][j] else { continue };
            if may_skip {
                reach[i + 1][j] = reach[i + 1][j].max(Some(given));
            }
            // The word's first k letters.
            for (k, c) in w.iter().enumerate() {
                if j + k >= letters.len() || *c != char::from(letters[j + k].to_ascii_lowercase()) {
                    break;
                }
                let next = &mut reach[i + 1][j + k + 1];
                *next = (*next).max(Some(given + 1));
            }
        }
    }
    reach[n][letters.len()].is_some_and(|given| given >= 2)
}

/// Whether `c` is punctuation junk when it ends a name (`,` `;` `:` `-` `*` `/` ...).
pub fn is_trailing_junk(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '-' | '*' | '/' | '\\' | '|' | '_' | '=' | '+' | '&')
}

/// Removes trailing punctuation junk (`,` `;` `:` `-` `*` `/`, and a period after other
/// punctuation), keeping a period after a word: it may close an abbreviation (`Inc.`,
/// `N.V.`, `Research Found.`).
pub struct TrailingJunk;

impl TextStage for TrailingJunk {
    fn id(&self) -> &'static str {
        "trailingJunk"
    }

    fn apply(&self, text: &str, ctx: &mut CleanContext) -> Option<String> {
        let mut end = text.len();
        loop {
            let trimmed = text[..end].trim_end();
            let last = trimmed.chars().next_back()?;
            let cut = match last {
                c if is_trailing_junk(c) => true,
                // A period after a word may close an abbreviation (`Inc.`, `Research Found.`,
                // `Calif.`): it stays. A period after punctuation or a space is junk.
                '.' => trimmed[..trimmed.len() - 1].ends_with(['.', ',', ' ', ';']),
                _ => false,
            };
            if !cut || trimmed.len() == last.len_utf8() {
                if end == text.len() {
                    return None;
                }
                let kept = text[..end].trim_end();
                let junk = text[kept.len()..].trim();
                if kept.is_empty() {
                    return None;
                }
                if !junk.is_empty() {
                    push_aside(ctx, "trailingJunk", junk);
                }
                return Some(kept.to_string());
            }
            end = trimmed.len() - last.len_utf8();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(stage: &dyn TextStage, s: &str) -> (String, CleanContext) {
        let mut ctx = CleanContext::default();
        let out = stage.apply(s, &mut ctx).unwrap_or_else(|| s.to_string());
        (out, ctx)
    }

    #[test]
    fn trailing_junk_keeps_abbreviations() {
        assert_eq!(run(&TrailingJunk, "Acme Inc.").0, "Acme Inc.");
        assert_eq!(run(&TrailingJunk, "AKZO NOBEL N.V.").0, "AKZO NOBEL N.V.");
        assert_eq!(run(&TrailingJunk, "Research Found.").0, "Research Found.");
        assert_eq!(run(&TrailingJunk, "Philips Electronics .").0, "Philips Electronics");
        assert_eq!(run(&TrailingJunk, "Acme Ltd.,").0, "Acme Ltd.");
        assert_eq!(run(&TrailingJunk, "Acme Corp ;").0, "Acme Corp");
        assert_eq!(run(&TrailingJunk, "-").0, "-");
    }

    #[test]
    fn a_country_code_closing_a_seat_or_address_is_a_tag() {
        let (s, ctx) = run(&CountryTag, "N.V. PHILIPS' GLOEILAMPENFABRIEKEN, EINDHOVEN, NL");
        assert_eq!(s, "N.V. PHILIPS' GLOEILAMPENFABRIEKEN, EINDHOVEN");
        assert_eq!((ctx.aside[0].text.as_str(), ctx.country_tag.as_deref()), ("NL", Some("NL")));
        assert_eq!(
            run(&CountryTag, "SHELL B. V. CAREL VAN BYLANDTLAAN 30,NL").0,
            "SHELL B. V. CAREL VAN BYLANDTLAAN 30"
        );
        assert_eq!(run(&CountryTag, "CARGILL B.V., BERGEN OP ZOOM, NL").0, "CARGILL B.V., BERGEN OP ZOOM");
        // After a single comma the code may be a legal form (No Liability, Sociedad Anónima).
        assert_eq!(run(&CountryTag, "Foo Mining, NL").0, "Foo Mining, NL");
        assert_eq!(run(&CountryTag, "Foo, SA").0, "Foo, SA");
        // Not a country code, or lower case, or a seat of four words.
        assert_eq!(run(&CountryTag, "Foo, Delft, XQ").0, "Foo, Delft, XQ");
        assert_eq!(run(&CountryTag, "Foo, Delft, nl").0, "Foo, Delft, nl");
        assert_eq!(run(&CountryTag, "Foo, a b c d, NL").0, "Foo, a b c d, NL");
    }

    #[test]
    fn the_name_s_own_acronym_in_brackets_goes_aside() {
        let (s, ctx) = run(&NameAcronym, "International Business Machines Corporation (IBM)");
        assert_eq!(s, "International Business Machines Corporation");
        assert_eq!((ctx.aside[0].kind.as_str(), ctx.aside[0].text.as_str()), ("nameAcronym", "(IBM)"));
        assert_eq!(
            run(&NameAcronym, "Koninklijke Philips Electronics N.V. (KPENV)").0,
            "Koninklijke Philips Electronics N.V."
        );
        assert_eq!(run(&NameAcronym, "Commissariat a l'Energie Atomique [CEA]").0, "Commissariat a l'Energie Atomique");
        assert_eq!(
            run(&NameAcronym, "Bayerische Motoren Werke Aktiengesellschaft (B.M.W.)").0,
            "Bayerische Motoren Werke Aktiengesellschaft"
        );
        assert_eq!(
            run(&NameAcronym, "Badische Anilin- und Soda-Fabrik AG (BASF)").0,
            "Badische Anilin- und Soda-Fabrik AG"
        );
        // Not the name's acronym, not capitals, too short, or one word: stays.
        for kept in [
            "Acme Widgets (UK)",
            "Acme Widgets (FB)",
            "Acme Widgets (Europe)",
            "Acme Widgets (aw)",
            "Acme Widgets (A)",
            "Acme (AC)",
            "Foo Bar Baz Qux Quux (FQ)",
            "(IBM)",
            "Acme Widgets (AW",
            "Ünïcode Wörks (ÜW)",
        ] {
            assert_eq!(run(&NameAcronym, kept).0, kept, "{kept}");
        }
    }

    #[test]
    fn uk_in_brackets_is_the_united_kingdom() {
        let (s, ctx) = run(&CountryTag, "Acme Holdings Ltd. (UK)");
        assert_eq!((s.as_str(), ctx.country_tag.as_deref()), ("Acme Holdings Ltd.", Some("GB")));
        assert_eq!(ctx.aside[0].text, "(UK)");
    }

    #[test]
    fn leading_marker_moved_aside() {
        let (s, ctx) = run(&LeadingMarker, "* AKZO NOBEL N.V.");
        assert_eq!(s, "AKZO NOBEL N.V.");
        assert_eq!(ctx.aside[0].text, "*");
        assert_eq!(run(&LeadingMarker, "***").0, "***");
    }
}
