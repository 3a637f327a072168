//! The text itself: empty and placeholder names, length, characters (controls,
//! replacement, private use, mojibake, entities, spaces), brackets and quotes, junk
//! punctuation, letter case.

use super::Ctx;
use crate::quality::config::CaseStyle;
use crate::quality::Suggestion;

/// Values that stand for "no name" (compared lower-cased, trimmed, outer brackets removed).
const PLACEHOLDERS: &[&str] = &[
    "n/a",
    "n.a.",
    "n.a",
    "na",
    "n/k",
    "n.k.",
    "nk",
    "#n/a",
    "unknown",
    "unk",
    "none",
    "nil",
    "null",
    "tbd",
    "tba",
    "tbc",
    "not available",
    "not applicable",
    "not known",
    "not given",
    "no name",
    "noname",
    "unbekannt",
    "inconnu",
    "desconocido",
    "sconosciuto",
    "onbekend",
    "okänd",
    "ukjent",
    "неизвестно",
    "нет",
    "不明",
    "なし",
    "无",
    "未知",
    "x",
    "xx",
    "xxx",
    "xxxx",
    "test",
    "dummy",
    "same as above",
    "see above",
    "various",
    "applicant",
    "name",
    "-",
    "?",
    "0",
];

fn normalize_placeholder(s: &str) -> String {
    let t = s.trim().trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '"' | '\'' | ' '));
    let mut out = String::with_capacity(t.len());
    for w in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Windows-1252 characters that stand for bytes 0x80-0x9F.
const CP1252_HIGH: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

/// Whether `n`, read as a Windows-1252 byte, is a UTF-8 continuation byte (0x80-0xBF).
fn is_continuation(n: char) -> bool {
    matches!(n as u32, 0x80..=0xBF) || CP1252_HIGH.contains(n)
}

/// The byte offset of the first mojibake pair (a UTF-8 lead byte read as a Latin-1
/// character, followed by a continuation byte read the same way) in `text`.
pub(crate) fn mojibake_at(text: &str) -> Option<usize> {
    if text.is_ascii() {
        return None;
    }
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c as u32, 0xC2..=0xF4) {
            if let Some(&(_, n)) = it.peek() {
                if is_continuation(n) {
                    return Some(i);
                }
            }
        }
    }
    None
}

/// The byte offset of the first of two spaces in a row: `find_bytes(s, "  ")` in one tight
/// pass. (Only the tests use it now, as the reference for [`scan`], which finds it in the
/// pass that reads every byte of the name.)
#[cfg(test)]
fn double_space(s: &str) -> Option<usize> {
    let mut prev = false;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let space = b == b' ';
        if space && prev {
            return Some(i - 1);
        }
        prev = space;
    }
    None
}

fn is_odd_space(c: char) -> bool {
    c != ' ' && c.is_whitespace()
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let original = ctx.original();
    let cleaned = ctx.cleaned();
    let visible = original.chars().any(|c| !c.is_whitespace() && !c.is_control() && !is_format_char(c));
    if !visible {
        let what =
            if original.is_empty() { "the name is empty" } else { "the name is only spaces or invisible characters" };
        ctx.flag("name.empty", what.to_string(), None, None);
        return;
    }
    let placeholder = cleaned.len() <= 24
        && if cleaned.is_ascii() && !cleaned.contains(['(', '[', '<', '"', '\'']) {
            {
                let t = cleaned.trim();
                PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(t))
            }
        } else {
            PLACEHOLDERS.contains(&normalize_placeholder(cleaned).as_str())
        };
    if placeholder || !cleaned.chars().any(char::is_alphanumeric) {
        let span = ctx.loc.original(0, original.len());
        ctx.flag(
            "name.placeholder",
            format!("`{}` is a placeholder, not an applicant name", original.trim()),
            Some(span),
            None,
        );
        return;
    }
    let len = if original.len() > ctx.cfg.max_length { original.chars().count() } else { original.len() };
    if len > ctx.cfg.max_length && ctx.on("name.tooLong") {
        let span = ctx.loc.original(0, original.len());
        ctx.flag(
            "name.tooLong",
            format!(
                "the name has {len} characters, more than the {} allowed; it may hold more than a name",
                ctx.cfg.max_length
            ),
            Some(span),
            None,
        );
    }
    let sc = scan(original);
    characters(ctx, sc);
    brackets(ctx, sc);
    junk(ctx);
    case(ctx);
}

/// Byte classes of [`scan`]: not ASCII, an ASCII control, an ASCII bracket or double quote.
const NON_ASCII: u8 = 1;
const CONTROL: u8 = 2;
const BRACKET: u8 = 4;

/// The class bits of every byte (see [`scan`]).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if b >= 0x80 {
            t[b] = NON_ASCII;
        } else if b < 0x20 || b == 0x7f {
            t[b] = CONTROL;
        } else if ASCII_BRACKET[b] {
            t[b] = BRACKET;
        }
        b += 1;
    }
    t
};

/// What one pass over the bytes of the original name finds: the classes of its bytes
/// ([`NON_ASCII`], [`CONTROL`], [`BRACKET`], or-ed) and the first doubled space
/// ([`double_space`]). The character rules and the bracket rule read it instead of
/// passing over the name each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scan {
    classes: u8,
    double: Option<usize>,
}

fn scan(s: &str) -> Scan {
    let mut classes = 0u8;
    // Whether two spaces follow each other somewhere; where, only then.
    let (mut pair, mut prev) = (false, false);
    for &b in s.as_bytes() {
        classes |= CLASS[usize::from(b)];
        let space = b == b' ';
        pair |= space & prev;
        prev = space;
    }
    let double = if pair { s.as_bytes().windows(2).position(|w| w == b"  ") } else { None };
    Scan { classes, double }
}

fn characters(ctx: &mut Ctx<'_>, sc: Scan) {
    let original = ctx.original();
    let cleaned = ctx.cleaned();
    let fix = || Some(Suggestion::name(cleaned));
    if sc.classes & (NON_ASCII | CONTROL) != 0 {
        let mut control: Option<(usize, char, usize)> = None;
        let mut replacement: Option<(usize, usize)> = None;
        let mut private: Option<(usize, usize)> = None;
        let mut space: Option<usize> = None;
        for (i, c) in original.char_indices() {
            if (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_format_char(c) {
                let e = control.get_or_insert((i, c, 0));
                e.2 += 1;
            } else if c == '\u{FFFD}' {
                replacement.get_or_insert((i, 0)).1 += 1;
            } else if is_private_use(c) {
                private.get_or_insert((i, 0)).1 += 1;
            } else if is_odd_space(c) && space.is_none() && !(c == '\u{A0}' && original[..i].ends_with(['Â', 'Ã'])) {
                space = Some(i);
            }
        }
        if let Some((i, c, n)) = control {
            let span = ctx.loc.original(i, i + c.len_utf8());
            ctx.flag(
                "chars.control",
                format!("{n} control or invisible character(s) in the name, the first U+{:04X}", c as u32),
                Some(span),
                fix(),
            );
        }
        if let Some((i, n)) = replacement {
            let span = ctx.loc.original(i, i + '\u{FFFD}'.len_utf8());
            ctx.flag(
                "chars.replacement",
                format!("{n} replacement character(s) U+FFFD: letters were lost in a conversion; re-enter the name from its source"),
                Some(span),
                None,
            );
        }
        if let Some((i, n)) = private {
            let c = original[i..].chars().next().unwrap_or(' ');
            let span = ctx.loc.original(i, i + c.len_utf8());
            ctx.flag(
                "chars.privateUse",
                format!(
                    "{n} private-use character(s) (U+{:04X}): they mean nothing outside the system that wrote them",
                    c as u32
                ),
                Some(span),
                fix(),
            );
        }
        if let Some(i) = space {
            if ctx.on("chars.whitespace") {
                let span = ctx.loc.original(i, i + original[i..].chars().next().map_or(1, char::len_utf8));
                ctx.flag(
                    "chars.whitespace",
                    "tab, line break or unusual space in the name".to_string(),
                    Some(span),
                    Some(Suggestion::name(collapse(original))),
                );
            }
        }
    }
    if !ctx.fired("chars.whitespace") && ctx.on("chars.whitespace") {
        let at = if original.starts_with(' ') {
            Some(0)
        } else if original.ends_with(' ') {
            Some(original.trim_end().len())
        } else {
            sc.double
        };
        if let Some(i) = at {
            let span = ctx.loc.original(i, i + 1);
            ctx.flag(
                "chars.whitespace",
                "spaces at the ends or doubled spaces in the name".to_string(),
                Some(span),
                Some(Suggestion::name(collapse(original))),
            );
        }
    }
    let repaired = ctx.name.steps.iter().any(|s| s == "mojibake");
    if repaired || mojibake_at(cleaned).is_some() {
        let at = mojibake_at(original);
        let span = at.map(|i| {
            let end = original[i..].char_indices().nth(2).map_or(original.len(), |(j, _)| i + j);
            ctx.loc.original(i, end)
        });
        if repaired && mojibake_at(cleaned).is_none() {
            ctx.flag(
                "chars.mojibake",
                format!("mis-decoded characters (UTF-8 read as Latin-1/CP1252); repaired: `{cleaned}`"),
                span,
                fix(),
            );
        } else {
            ctx.flag(
                "chars.mojibake",
                "mis-decoded characters (UTF-8 read as Latin-1/CP1252) that could not be repaired; re-enter the name from its source".to_string(),
                span,
                None,
            );
        }
    }
    if ctx.name.steps.iter().any(|s| s == "entities") {
        let span = original.find('&').map(|i| {
            let end = original[i..].find(';').map_or(original.len(), |j| i + j + 1);
            ctx.loc.original(i, end)
        });
        ctx.flag("chars.htmlEntity", format!("HTML/SGML entities in the name; decoded: `{cleaned}`"), span, fix());
    }
}

/// `s` with spaces of every kind collapsed to one and the ends trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn closing_of(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '（' => '）',
        '【' => '】',
        '「' => '」',
        '『' => '』',
        '〈' => '〉',
        '《' => '》',
        '«' => '»',
        '‹' => '›',
        '〔' => '〕',
        _ => return None,
    })
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '）' | '】' | '」' | '』' | '〉' | '》' | '»' | '›' | '〕')
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '〝' | '〞' | '＂')
}

/// ASCII brackets and the double quote, by byte.
const ASCII_BRACKET: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 7 {
        t[b"()[]{}\""[i] as usize] = true;
        i += 1;
    }
    t
};

fn brackets(ctx: &mut Ctx<'_>, sc: Scan) {
    let original = ctx.original();
    let any = if sc.classes & NON_ASCII == 0 {
        sc.classes & BRACKET != 0
    } else {
        original.chars().any(|c| closing_of(c).is_some() || is_closing(c) || is_double_quote(c))
    };
    if !any {
        return;
    }
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut bad: Option<(usize, char)> = None;
    let mut quotes: Vec<(usize, char)> = Vec::new();
    for (i, c) in original.char_indices() {
        if closing_of(c).is_some() {
            // `«`/`»` are also written reversed (`»Foo«`, German): handled by the pairing below.
            stack.push((i, c));
        } else if is_closing(c) {
            match stack.last() {
                Some(&(_, o)) if closing_of(o) == Some(c) => {
                    stack.pop();
                }
                _ if c == '»' && stack.last().is_none_or(|&(_, o)| o != '«') => stack.push((i, c)),
                _ if c == '›' && stack.last().is_none_or(|&(_, o)| o != '‹') => stack.push((i, c)),
                _ => {
                    bad.get_or_insert((i, c));
                }
            }
        } else if is_double_quote(c) {
            quotes.push((i, c));
        }
        if c == '«' && stack.len() >= 2 && stack[stack.len() - 2].1 == '»' {
            stack.truncate(stack.len() - 2); // »Foo«
        }
    }
    let unmatched =
        bad.or_else(|| stack.first().copied()).or_else(|| (quotes.len() % 2 == 1).then(|| quotes[quotes.len() - 1]));
    let Some((i, c)) = unmatched else { return };
    // A quote or guillemet that is a byte of mis-decoded text (`Ã¢â‚¬Å“`, `MontrÃƒÂ«al`)
    // is reported as mojibake.
    if mojibake_at(original).is_some() && (is_continuation(c) || is_double_quote(c)) {
        return;
    }
    let span = ctx.loc.original(i, i + c.len_utf8());
    let trimmed = original.trim();
    let at_end = original[i..].trim() == c.to_string() || original[..i].trim().is_empty();
    let suggestion = (at_end && trimmed.chars().count() > 1).then(|| {
        let cleaned = ctx.cleaned();
        let fixed = cleaned.trim_matches(|x: char| x == c || is_double_quote(x) && is_double_quote(c)).trim();
        Suggestion::name(fixed)
    });
    ctx.flag("punctuation.unbalanced", format!("`{c}` has no partner"), Some(span), suggestion);
}

/// Punctuation that is junk at the start of a name.
fn is_leading_junk(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | ':' | '/' | '\\' | '|' | '!' | '?' | '*' | '#' | '_' | '=' | '+' | '~' | '>' | '•' | '·'
    )
}

fn junk(ctx: &mut Ctx<'_>) {
    if !ctx.on("punctuation.junk") {
        return;
    }
    let original = ctx.original();
    let cleaned = ctx.cleaned();
    let aside: Vec<&str> = ctx
        .name
        .aside
        .iter()
        .filter(|a| a.kind == "leadingMarker" || a.kind == "trailingJunk")
        .map(|a| a.text.as_str())
        .collect();
    let lead = cleaned.chars().next().filter(|&c| is_leading_junk(c));
    // A period after a short word closes an abbreviation (`Research Found.`, `Univ. of
    // So. Calif.`), even where cleaning took it off.
    let aside: Vec<&str> = aside
        .into_iter()
        .filter(|t| {
            *t != "." || cleaned.rsplit(|c: char| !c.is_alphanumeric()).next().is_none_or(|w| w.chars().count() > 5)
        })
        .collect();
    if aside.is_empty() && lead.is_none() {
        return;
    }
    let mut texts: Vec<String> = aside.iter().map(|s| format!("`{s}`")).collect();
    let mut fixed = cleaned.to_string();
    if let Some(c) = lead {
        texts.push(format!("`{c}`"));
        fixed = cleaned.trim_start_matches(|x: char| is_leading_junk(x) || x == ' ').to_string();
    }
    let span = ctx.name.aside.iter().find(|a| a.kind == "leadingMarker" || a.kind == "trailingJunk").and_then(|a| {
        let t = a.text.as_str();
        if a.kind == "leadingMarker" {
            original.find(t).map(|i| ctx.loc.original(i, i + t.len()))
        } else {
            original.rfind(t).map(|i| ctx.loc.original(i, i + t.len()))
        }
    });
    let span = span.or_else(|| lead.and_then(|c| original.find(c).map(|i| ctx.loc.original(i, i + c.len_utf8()))));
    if fixed.is_empty() {
        return;
    }
    ctx.flag(
        "punctuation.junk",
        format!("punctuation junk around the name: {}", texts.join(", ")),
        span,
        Some(Suggestion::name(fixed)),
    );
}

fn case(ctx: &mut Ctx<'_>) {
    let style = ctx.cfg.case_style;
    if style == CaseStyle::Any {
        return;
    }
    let cleaned = ctx.cleaned();
    // One pass: capitals, small letters, and the longest run of capitals in a word.
    let (mut upper, mut lower, mut run, mut longest) = (0usize, 0usize, 0usize, 0usize);
    let mut count = |up: bool, low: bool, alpha: bool| {
        if up {
            upper += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            if low {
                lower += 1;
            }
            if !alpha {
                run = 0;
            }
        }
    };
    if cleaned.is_ascii() {
        // Capitals and small letters both: nothing to report unless the office writes
        // capitals only (the test below returns). Mixed-case names stop at their first
        // letters here.
        if style != CaseStyle::Upper {
            let b = cleaned.as_bytes();
            if b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase) {
                return;
            }
        }
        for b in cleaned.bytes() {
            count(b.is_ascii_uppercase(), b.is_ascii_lowercase(), b.is_ascii_alphabetic());
        }
    } else {
        for c in cleaned.chars() {
            count(c.is_uppercase(), c.is_lowercase(), c.is_alphabetic());
        }
    }
    if upper + lower < 3 || (lower > 0 && upper > 0 && style != CaseStyle::Upper) {
        return;
    }
    let span = ctx.loc.original(0, ctx.original().len());
    match style {
        CaseStyle::Mixed | CaseStyle::Lower => {
            // All capitals, with at least one word of five letters or more (acronyms such
            // as `IBM` or `BASF SE` are not all-caps writing).
            let long_word = longest >= 5;
            if lower == 0 && long_word && ctx.on("case.allCaps") {
                ctx.flag("case.allCaps", "the name is written in capitals only".to_string(), Some(span), None);
            }
            if upper == 0 && style == CaseStyle::Mixed {
                ctx.flag("case.allLower", "the name is written in small letters only".to_string(), Some(span), None);
            }
        }
        CaseStyle::Upper => {
            if lower > 0 && ctx.on("case.notUpper") {
                ctx.flag(
                    "case.notUpper",
                    "the office writes names in capitals".to_string(),
                    Some(span),
                    Some(Suggestion::name(cleaned.to_uppercase())),
                );
            }
        }
        CaseStyle::Any => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{double_space, scan, ASCII_BRACKET, BRACKET, CONTROL, NON_ASCII};

    proptest::proptest! {
        #[test]
        fn double_space_agrees_with_find_bytes(s in "[ ab\u{e9}\t]{0,12}") {
            proptest::prop_assert_eq!(double_space(&s), super::super::find_bytes(&s, "  "));
        }

        #[test]
        fn scan_agrees_with_separate_passes(s in "[ a(\")\u{e9}\t\x7f\u{1}\u{ff08}]{0,12}") {
            let sc = scan(&s);
            proptest::prop_assert_eq!(sc.double, double_space(&s));
            proptest::prop_assert_eq!(sc.classes & NON_ASCII != 0, !s.is_ascii());
            proptest::prop_assert_eq!(sc.classes & CONTROL != 0, s.bytes().any(|b| b < 0x20 || b == 0x7f));
            proptest::prop_assert_eq!(sc.classes & BRACKET != 0, s.bytes().any(|b| ASCII_BRACKET[usize::from(b)]));
        }
    }
}
