//! Contact data inside the name: street address, postcode or city, e-mail, web address,
//! telephone, and care-of / attention / signing text.

use super::{key, Ctx};
use crate::quality::Suggestion;

/// Whitespace-separated words of `text` with their byte ranges, `,` `;` trimmed off.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let sep = c.is_whitespace() || c == ',' || c == ';';
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Street words written as a word of their own (folded).
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "avda",
    "avenida",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "suite",
    "ste",
    "floor",
    "building",
    "bldg",
    "rue",
    "via",
    "viale",
    "piazza",
    "corso",
    "calle",
    "carrer",
    "rua",
    "straat",
    "laan",
    "weg",
    "plein",
    "gade",
    "gatan",
    "vagen",
    "vej",
    "veien",
    "katu",
    "ulica",
    "ul",
    "utca",
    "strasse",
    "str",
    "platz",
    "allee",
    "gasse",
    "chome",
    "plaza",
    "square",
    "sq",
    "place",
    "court",
    "ct",
    "circle",
    "way",
    "terrace",
    "room",
    "rm",
];

/// Endings of street names written as one word (`Hauptstraße`, `Kanalweg`).
const STREET_ENDINGS: &[&str] = &[
    "strasse", "str", "weg", "allee", "platz", "gasse", "straat", "laan", "gatan", "vagen", "vej", "katu", "damm",
    "ufer", "steig",
];

fn is_house_number(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']);
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    (1..=5).contains(&digits)
        && w.chars().skip(digits).all(|c| c.is_ascii_alphabetic() || c == '-' || c.is_ascii_digit())
        && w.len() <= digits + 2
}

fn is_street_word(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    if w.is_ascii() {
        if STREET_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            return true;
        }
        let n = w.len();
        return n >= 6 && STREET_ENDINGS.iter().any(|e| n > e.len() && w[n - e.len()..].eq_ignore_ascii_case(e));
    }
    let k = key(w);
    STREET_WORDS.contains(&k.as_str()) || (k.len() >= 6 && STREET_ENDINGS.iter().any(|e| k.ends_with(e)))
}

/// Where the part of the name that can hold an address starts: the second segment (after
/// `,` or `;`), or the text after a legal form that is not at the end of the name.
fn tail_start(ctx: &mut Ctx<'_>) -> Option<usize> {
    ctx.load();
    let mut start = ctx.segments.get(1).map(|s| s.0);
    let forms = ctx.forms();
    let toks = &ctx.tokens;
    for (i, k) in forms {
        if i + k < toks.len() && i > 0 {
            let s = toks[i + k].span.start;
            start = Some(start.map_or(s, |x| x.min(s)));
            break;
        }
    }
    start
}

fn cut_before(cleaned: &str, at: usize) -> String {
    cleaned[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '/' | ':' | '('))
        .to_string()
}

fn moved(cleaned: &str, start: usize, end: usize, field: &str) -> Suggestion {
    let before =
        cleaned[..start].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | '/' | ':'));
    let after = cleaned[end..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')'));
    let name = match (before.is_empty(), after.is_empty()) {
        (false, false) => format!("{before} {after}"),
        (false, true) => before.to_string(),
        (true, _) => after.to_string(),
    };
    Suggestion {
        name: (!name.is_empty()).then_some(name),
        moved: Some(cleaned[start..end].trim().to_string()),
        field: Some(field.to_string()),
        ..Default::default()
    }
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    if cleaned.len() < 4 {
        return;
    }
    let (web, digits, tail) = if cleaned.is_ascii() {
        // One pass finds the care-of marker and the other rules' triggers.
        let (found, web, digits, tail) = scan_ascii(cleaned, &ctx.lower);
        flag_care_of(ctx, found);
        (web, digits, tail)
    } else {
        care_of(ctx);
        (
            cleaned.contains('@') || ctx.lower.contains("www.") || ctx.lower.contains("http"),
            cleaned.bytes().any(|b| b.is_ascii_digit()),
            cleaned.contains([',', ';', '〒']),
        )
    };
    if !(web || digits || tail) {
        return;
    }
    if !web && !digits && !cleaned.contains('〒') {
        // Only a city after a comma can be an address here.
        return city_segment(ctx);
    }
    let ws = words(cleaned);
    if web {
        email_url(ctx, &ws);
    }
    if digits {
        phone(ctx, &ws);
    }
    {
        address(ctx, &ws);
    }
}

/// What the contact rules need from an ASCII name, in one pass over its lower-cased bytes
/// (the same bytes but for case: `@`, digits, `,` and `;` are the cleaned name's): the
/// first care-of marker (as [`care_of`] finds it), and which rules can apply (`@`, `www.`
/// or `http` present; a digit present; `,` or `;` present).
fn scan_ascii(cleaned: &str, lower: &str) -> (Option<(usize, &'static str)>, bool, bool, bool) {
    let b = lower.as_bytes();
    let (mut web, mut digits, mut tail) = (false, false, false);
    let mut found = None;
    let mut prev_alnum = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'@' => web = true,
            b'0'..=b'9' => digits = true,
            b',' | b';' => tail = true,
            b'w' => web |= b[i..].starts_with(b"www."),
            b'h' => web |= b[i..].starts_with(b"http"),
            // Markers start a word: look only at word starts.
            b'c' | b'a' | b't' | b'z' | b'p' if !prev_alnum && found.is_none() => {
                found = care_of_at(cleaned, lower, i);
            }
            _ => {}
        }
        prev_alnum = c.is_ascii_alphanumeric();
    }
    (found, web, digits, tail)
}

/// Flags an address that runs from byte `start` of the cleaned name to its end, with the
/// fix: the name cut before it, the address moved to the address field.
fn flag_address_from(ctx: &mut Ctx<'_>, code: &'static str, message: String, start: usize) {
    let cleaned = ctx.cleaned();
    let span = ctx.span_cleaned(start, cleaned.len());
    let suggestion = Suggestion {
        name: Some(cut_before(cleaned, start)),
        moved: Some(cleaned[start..].trim().to_string()),
        field: Some("address".to_string()),
        ..Default::default()
    };
    ctx.flag(code, message, span, Some(suggestion));
}

fn email_url(ctx: &mut Ctx<'_>, ws: &[(usize, usize)]) {
    let cleaned = ctx.cleaned();
    for &(s, e) in ws {
        let w = &cleaned[s..e];
        if let Some(at) = w.find('@') {
            if at > 0 && w[at + 1..].contains('.') {
                let span = ctx.span_cleaned(s, e);
                ctx.flag(
                    "contact.email",
                    format!("e-mail address `{w}` in the name"),
                    span,
                    Some(moved(cleaned, s, e, "contact")),
                );
                break;
            }
        }
    }
    for &(s, e) in ws {
        let w = &cleaned[s..e];
        let lw = w.to_ascii_lowercase();
        if lw.starts_with("http://") || lw.starts_with("https://") || (lw.starts_with("www.") && lw.len() > 6) {
            let span = ctx.span_cleaned(s, e);
            ctx.flag(
                "contact.url",
                format!("web address `{w}` in the name"),
                span,
                Some(moved(cleaned, s, e, "contact")),
            );
            break;
        }
    }
}

const PHONE_LABELS: &[&str] = &[
    "tel",
    "tel.",
    "tel:",
    "tél",
    "tél.",
    "phone",
    "phone:",
    "telephone",
    "fax",
    "fax:",
    "telefax",
    "fon",
    "telefon",
    "телефон",
    "電話",
    "tfno",
    "tlf",
];

fn phone(ctx: &mut Ctx<'_>, ws: &[(usize, usize)]) {
    let cleaned = ctx.cleaned();
    if !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    // Labelled numbers: `Tel. 089 636 00`, `Fax: +49 ...`.
    for (i, &(s, _)) in ws.iter().enumerate() {
        let lw = cleaned[s..ws[i].1].to_lowercase();
        if PHONE_LABELS.contains(&lw.as_str())
            || PHONE_LABELS.iter().any(|l| {
                lw.starts_with(l)
                    && lw[l.len()..].starts_with(|c: char| c == ':' || c == '.' || c.is_ascii_digit() || c == '+')
            })
        {
            let rest = &cleaned[s..];
            let digits = rest.chars().take(30).filter(char::is_ascii_digit).count();
            if digits >= 5 {
                let end = phone_end(cleaned, s);
                let span = ctx.span_cleaned(s, end);
                ctx.flag(
                    "contact.phone",
                    format!("telephone or fax number `{}` in the name", cleaned[s..end].trim()),
                    span,
                    Some(moved(cleaned, s, end, "contact")),
                );
                return;
            }
        }
    }
    // Unlabelled: a run of digits and phone punctuation with at least 7 digits in two or
    // more groups, or starting with `+`.
    let b = cleaned.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let starts = c.is_ascii_digit() || ((c == b'+' || c == b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !(starts && boundary) {
            i += 1;
            continue;
        }
        let mut j = i;
        let (mut digits, mut groups, mut in_group) = (0, 0, false);
        while j < b.len() && (b[j].is_ascii_digit() || matches!(b[j], b' ' | b'-' | b'/' | b'(' | b')' | b'.' | b'+')) {
            if b[j].is_ascii_digit() {
                digits += 1;
                if !in_group {
                    groups += 1;
                    in_group = true;
                }
            } else {
                in_group = false;
                if b[j] == b' ' && !b.get(j + 1).is_some_and(|x| x.is_ascii_digit() || matches!(x, b'(' | b'-')) {
                    break;
                }
            }
            j += 1;
        }
        let followed_by_letter = b.get(j).is_some_and(u8::is_ascii_alphabetic);
        // `Reel/Frame 8536/0732`: a USPTO assignment reference, not a telephone number.
        let reference = cleaned[..i].to_ascii_lowercase().trim_end().ends_with("frame");
        if digits >= 7 && (groups >= 2 || c == b'+') && !followed_by_letter && !reference && digits <= 15 {
            let end = cleaned[..j].trim_end_matches([' ', '-', '/', '.', '(']).len();
            let span = ctx.span_cleaned(i, end);
            ctx.flag(
                "contact.phone",
                format!("telephone or fax number `{}` in the name", &cleaned[i..end]),
                span,
                Some(moved(cleaned, i, end, "contact")),
            );
            return;
        }
        i = j.max(i + 1);
    }
}

fn phone_end(text: &str, from: usize) -> usize {
    let mut end = from;
    let mut seen_digit = false;
    for (i, c) in text[from..].char_indices() {
        if c.is_ascii_digit() {
            seen_digit = true;
            end = from + i + 1;
        } else if seen_digit && !matches!(c, ' ' | '-' | '/' | '(' | ')' | '.' | '+') {
            break;
        }
    }
    end.max(from)
}

/// Care-of, attention and signing markers (lower case), and whether they must stand at
/// the start of the name or after `,`/`(`.
const CARE_OF: &[(&str, bool)] = &[
    ("c/o", false),
    ("c/ o", false),
    ("c./o.", false),
    ("care of", true),
    ("attn", false),
    ("attention:", false),
    ("to the attention of", false),
    ("z.hd.", false),
    ("z. hd.", false),
    ("z.h.", false),
    ("zu händen", false),
    ("zhd.", false),
    ("per pro", false),
    ("per procurationem", false),
    ("p.p.", false),
    ("p. p.", false),
    ("à l'attention de", false),
    ("a/c", false),
];

fn care_of(ctx: &mut Ctx<'_>) {
    let found = care_of_found(ctx);
    flag_care_of(ctx, found);
}

/// The first care-of marker starting a word of the name, if any: (byte offset, marker).
/// Flags the marker itself when lower-casing changed byte lengths (rare scripts).
fn care_of_found(ctx: &mut Ctx<'_>) -> Option<(usize, &'static str)> {
    let cleaned = ctx.cleaned();
    let lower = ctx.lower.as_str();
    if lower.len() != cleaned.len() {
        care_of_slow(ctx);
        return None;
    }
    // Markers start a word: look only at word starts.
    let found = if lower.is_ascii() {
        // The same walk over bytes: in ASCII text each byte is a character.
        let mut prev_alnum = false;
        lower.bytes().enumerate().find_map(|(s, c)| {
            let alnum = c.is_ascii_alphanumeric();
            let starts_word = !prev_alnum && alnum;
            prev_alnum = alnum;
            if !starts_word || !matches!(c, b'c' | b'a' | b't' | b'z' | b'p') {
                return None;
            }
            care_of_at(cleaned, lower, s)
        })
    } else {
        let mut prev_alnum = false;
        lower.char_indices().find_map(|(s, c)| {
            let starts_word = !prev_alnum && c.is_alphanumeric();
            prev_alnum = c.is_alphanumeric();
            if !starts_word || !matches!(c, 'c' | 'a' | 't' | 'z' | 'p' | 'à') {
                return None;
            }
            care_of_at(cleaned, lower, s)
        })
    };
    found
}

/// Flags the care-of marker found (see [`care_of_found`]), with the fix.
fn flag_care_of(ctx: &mut Ctx<'_>, found: Option<(usize, &'static str)>) {
    let cleaned = ctx.cleaned();
    if let Some((s, m)) = found {
        let e = s + m.len();
        let marker = &cleaned[s..e];
        let span = ctx.span_cleaned(s, e);
        let suggestion = if s == 0 {
            // `p.p. Foo Ltd`: the name follows; `c/o Foo`: the applicant is missing.
            m.starts_with('p').then(|| Suggestion::name(cleaned[e..].trim()))
        } else {
            Some(Suggestion {
                name: Some(cut_before(cleaned, s)),
                moved: Some(cleaned[s..].trim().to_string()),
                field: Some("address".to_string()),
                ..Default::default()
            })
        };
        ctx.flag(
            "contact.careOf",
            format!("`{marker}` text in the name: it belongs in the address or correspondence fields"),
            span,
            suggestion,
        );
    }
}

/// The care-of marker starting a word at byte `s` of the lower-cased name, if any:
/// (`s`, marker).
fn care_of_at(cleaned: &str, lower: &str, s: usize) -> Option<(usize, &'static str)> {
    // Every marker is longer than two bytes: look at the markers only when the first two
    // bytes start one (`co` of `Company` does not).
    let pair = lower.as_bytes().get(s..s + 2)?;
    if !starts_care_of(pair) {
        return None;
    }
    for &(m, strict) in CARE_OF {
        if m.as_bytes()[0] != lower.as_bytes()[s] || !lower[s..].starts_with(m) {
            continue;
        }
        let e = s + m.len();
        if !cleaned.is_char_boundary(s) || !cleaned.is_char_boundary(e) {
            continue; // lower-casing moved the character boundaries
        }
        let after_ok = e == lower.len()
            || !lower[e..].chars().next().is_some_and(char::is_alphanumeric)
            || m.ends_with(['.', ' ', ':']);
        if !after_ok || (strict && !(s == 0 || lower[..s].trim_end().ends_with([',', '(', ';']))) {
            continue;
        }
        return Some((s, m));
    }
    None
}

/// Whether two bytes are the first two of a [`CARE_OF`] marker (a test keeps the two lists
/// in step).
#[inline]
fn starts_care_of(pair: &[u8]) -> bool {
    matches!(
        pair,
        [b'c', b'/' | b'.' | b'a']
            | [b'a', b't' | b'/']
            | [b't', b'o']
            | [b'z', b'.' | b'u' | b'h']
            | [b'p', b'e' | b'.']
            | [0xC3, 0xA0]
    )
}

/// Whole-word search when lower-casing changes byte lengths (rare scripts).
fn care_of_slow(ctx: &mut Ctx<'_>) {
    if CARE_OF.iter().any(|(m, _)| ctx.lower.split_whitespace().any(|w| w == *m)) {
        ctx.flag("contact.careOf", "care-of or attention text in the name".to_string(), None, None);
    }
}

fn address(ctx: &mut Ctx<'_>, ws: &[(usize, usize)]) {
    let cleaned = ctx.cleaned();
    if let Some(i) = cleaned.find('〒') {
        let span = ctx.span_cleaned(i, cleaned.len());
        ctx.flag(
            "address.postcode",
            "postcode `〒` in the name".to_string(),
            span,
            Some(moved(cleaned, i, cleaned.len(), "address")),
        );
        return;
    }
    if !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        // No number: no street, P.O. box or postcode; only a city segment.
        return city_segment(ctx);
    }
    let Some(tail) = tail_start(ctx) else { return };
    let tw: Vec<(usize, usize)> = ws.iter().copied().filter(|&(s, _)| s >= tail).collect();
    if tw.is_empty() {
        return;
    }
    let w = |i: usize| &cleaned[tw[i].0..tw[i].1];
    // Street: a house number next to a street word, or a P.O. box.
    for i in 0..tw.len() {
        let word = w(i);
        let bare = word.trim_end_matches(['.', ',', ':']);
        let is = |x: &str| bare.eq_ignore_ascii_case(x);
        let pobox = (is("po") || is("p.o") || is("p. o") || is("bp") || is("b.p"))
            && i + 1 < tw.len()
            && w(i + 1).trim_end_matches(['.', ',', ':']).eq_ignore_ascii_case("box")
            || is("pobox")
            || is("postfach")
            || is("postbus")
            || is("apartado");
        // `Hauptstr. 5`, `5 Main Street`, `10 Downing Street`, `1600 Amphitheatre Parkway`.
        let number_before = (1..=2).find(|&d| i >= d && is_house_number(w(i - d)));
        let street =
            is_street_word(word) && ((i + 1 < tw.len() && is_house_number(w(i + 1))) || number_before.is_some());
        if pobox || street {
            let s = tw[i - number_before.filter(|_| street).unwrap_or(0)].0;
            // The address starts at the nearest segment start or legal-form end before it.
            let form_ends: Vec<usize> = ctx.forms().iter().map(|&(f, k)| ctx.tokens[f + k - 1].span.end).collect();
            let seg_start = ctx
                .segments
                .iter()
                .map(|x| x.0)
                .chain(
                    form_ends
                        .iter()
                        .map(|&e| e + (cleaned[e..].len() - cleaned[e..].trim_start_matches([' ', ',', ';']).len())),
                )
                .filter(|&x| x <= s && x >= tail)
                .max()
                .unwrap_or(s)
                .max(tail);
            let message = format!("street address `{}` in the name", cleaned[seg_start..].trim());
            flag_address_from(ctx, "address.street", message, seg_start);
            return;
        }
    }
    // Postcode (with or without a city), or a segment that is only a city.
    for i in 0..tw.len() {
        let word = w(i).trim_end_matches(['.', ',']);
        let next = (i + 1 < tw.len()).then(|| w(i + 1));
        let capitalized = |x: Option<&str>| x.is_some_and(|x| x.chars().next().is_some_and(char::is_uppercase));
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let all_digits = digits == word.len();
        let country_prefixed = {
            let mut it = word.splitn(2, '-');
            matches!((it.next(), it.next()), (Some(p), Some(n)) if (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase()) && (4..=5).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()))
        };
        let us = word.len() == 2
            && word.chars().all(|c| c.is_ascii_uppercase())
            && next.is_some_and(|n| {
                let n = n.trim_end_matches(['.', ',']);
                n.len() >= 5 && n.bytes().take(5).all(|c| c.is_ascii_digit()) && (n.len() == 5 || n.len() == 10)
            });
        let five = all_digits && digits == 5 && capitalized(next);
        let four = all_digits
            && digits == 4
            && next.is_some_and(|n| {
                let n = n.trim_end_matches(['.', ',']);
                (n.len() == 2 && n.chars().all(|c| c.is_ascii_uppercase()))
                    || crate::word_index::CITIES.contains_key(key(n).as_str())
            });
        let jp = word.len() == 8 && word.as_bytes()[3] == b'-' && digits == 7;
        let uk = next.is_some_and(|n| is_uk_postcode(word, n.trim_end_matches(['.', ','])));
        if country_prefixed || us || five || four || jp || uk {
            let s = tw[i].0;
            let seg_start =
                ctx.segments.iter().map(|x| x.0).filter(|&x| x <= s && x >= tail).max().unwrap_or(s).max(tail);
            let message =
                format!("postcode `{}` in the name", cleaned[s..tw[(i + 1).min(tw.len() - 1)].1].trim_end_matches(','));
            flag_address_from(ctx, "address.postcode", message, seg_start);
            return;
        }
    }
    city_segment(ctx);
}

/// A segment after the name that is only a city (`UNILEVER N.V., ROTTERDAM`). It counts only
/// after a complete entity name, one that ends with its legal form: `University of
/// California, Los Angeles` is a name.
fn city_segment(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    // The legal form after a comma (`Motorola, Inc.`) is not a place: skip it unread.
    let form = ctx.name.legal_form.as_ref().map_or((usize::MAX, 0), |f| f.span);
    // The segments read below all lie after the first `,` or `;`: none when there is no
    // separator or only spaces after it, and all unread when that text is inside the legal
    // form (`Motorola, Inc.`). Then the segments are not computed.
    let Some(p) = cleaned.bytes().position(|c| c == b',' || c == b';') else { return };
    let rest = &cleaned[p + 1..];
    let (a, b) = (p + 1 + (rest.len() - rest.trim_start().len()), p + 1 + rest.trim_end().len());
    if a >= b || (a >= form.0 && b <= form.1) {
        return;
    }
    ctx.load_segments();
    let Some((s, e)) = ctx.segments.iter().copied().skip(1).find(|&(s, e)| {
        let seg = &cleaned[s..e];
        if (s >= form.0 && e <= form.1)
            || !seg.starts_with(char::is_uppercase)
            || seg.contains(|c: char| c.is_ascii_digit())
        {
            return false;
        }
        let k = key(seg);
        !k.is_empty() && crate::word_index::CITIES.contains_key(k.as_str())
    }) else {
        return;
    };
    let form_ends: Vec<usize> = ctx.forms().iter().map(|&(f, k)| ctx.tokens[f + k - 1].span.end).collect();
    let before = cleaned[..s].trim_end_matches([',', ';', ' ', '.']);
    if !form_ends.iter().any(|&fe| fe >= before.len() && fe <= s) {
        return;
    }
    let seg = &cleaned[s..e];
    let span = ctx.span_cleaned(s, e);
    ctx.flag(
        "address.postcode",
        format!("city `{seg}` in the name"),
        span,
        Some(Suggestion {
            name: Some(cut_before(cleaned, s)),
            moved: Some(seg.to_string()),
            field: Some("address".to_string()),
            ..Default::default()
        }),
    );
}

/// `SW1A 1AA`, `EC2V 7HH`, `M1 1AE`: outward code and inward code (digit + two letters).
fn is_uk_postcode(out: &str, inw: &str) -> bool {
    let o = out.as_bytes();
    let i = inw.as_bytes();
    let outward = (2..=4).contains(&o.len())
        && o[0].is_ascii_uppercase()
        && o.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && o.iter().any(u8::is_ascii_digit);
    let inward = i.len() == 3 && i[0].is_ascii_digit() && i[1].is_ascii_uppercase() && i[2].is_ascii_uppercase();
    outward && inward
}

#[cfg(test)]
mod tests {
    use super::{care_of_at, scan_ascii, starts_care_of, CARE_OF};

    proptest::proptest! {
        #[test]
        fn ascii_scan_agrees_with_the_searches(s in "[wWhHtTpPcCoO./@1,; a]{0,14}") {
            let lower = s.to_ascii_lowercase();
            let mut prev_alnum = false;
            let care = lower.bytes().enumerate().find_map(|(i, c)| {
                let starts_word = !prev_alnum && c.is_ascii_alphanumeric();
                prev_alnum = c.is_ascii_alphanumeric();
                if !starts_word || !matches!(c, b'c' | b'a' | b't' | b'z' | b'p') {
                    return None;
                }
                care_of_at(&s, &lower, i)
            });
            let expected = (
                care,
                s.contains('@') || lower.contains("www.") || lower.contains("http"),
                s.bytes().any(|b| b.is_ascii_digit()),
                s.bytes().any(|b| b == b',' || b == b';'),
            );
            proptest::prop_assert_eq!(scan_ascii(&s, &lower), expected);
        }
    }

    #[test]
    fn care_of_pairs_are_the_markers_first_two_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let pair = [a, b];
                let expected = CARE_OF.iter().any(|(m, _)| m.as_bytes()[..2] == pair);
                assert_eq!(starts_care_of(&pair), expected, "{pair:?}");
            }
        }
    }
}
