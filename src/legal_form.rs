//! Finding legal forms in a cleaned name and separating them from the core.
//!
//! Forms are matched in their own script before any transliteration: space-separated
//! scripts token by token ([`form_tokens`]), Han, Kana and Hangul character by character
//! from either end, so `トヨタ自動車株式会社` needs no spaces. The longest form wins;
//! stacked forms (`Foo Ltd. Inc.`) are peeled one by one; a name that is only a legal form
//! keeps it as its core. The country hint ranks candidates where a form exists in several
//! jurisdictions, and the result says when nothing decided between them.

use crate::dictionary::{country_code, Dictionaries, FormRecord, SOURCE_FAMILIES};
use crate::model::{CountryCode, JurisdictionDecision, LegalForm, SharedStr};
use namestd_dictionaries::key::{form_tokens, is_alphabetic, is_alphanumeric, is_unspaced_script, FormToken};
use namestd_dictionaries::{Position, LEGAL_FORM_MAX_TOKENS};

/// A match of a legal form in the text: byte span and the records it may be.
#[derive(Debug, Clone)]
struct FormMatch {
    start: usize,
    end: usize,
    records: Records,
    at: Position,
}

/// The records of a match: most often an embedded group as it is (no copy).
type Records = std::borrow::Cow<'static, [u32]>;

/// The result of separating legal forms from a name.
#[derive(Debug, Clone, Default)]
pub struct Separation {
    /// The name without its legal forms (never empty for a non-empty name).
    pub core: String,
    /// Byte range of the core in the text.
    pub core_span: (usize, usize),
    /// The forms found, main one first.
    pub forms: Vec<LegalForm>,
    /// Whether a form was stacked on another.
    pub stacked: bool,
    /// Whether the whole name is a legal form (kept as the core, not stripped).
    pub only_form: bool,
    /// Words after an inside legal form that are not part of the name (`DELFT` in `GIST
    /// BROCADES NV, DELFT`): byte range in the text.
    pub tail: Option<(usize, usize)>,
    /// A place written after the name of a name whose legal form is a prefix (`ZOETERMEER`
    /// in `N.V. NUTRICIA, ZOETERMEER`): byte range in the text.
    pub seat: Option<(usize, usize)>,
}

/// Characters that separate a form from the core and are dropped with it.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, ',' | ';' | ':' | '-' | '&' | '/' | '(' | '[' | '+')
        || crate::clean::is_marker(c)
        || crate::clean::is_trailing_junk(c)
}

/// The byte range of `s` without separators at its ends (an opening bracket and `&` are
/// kept at the start); `(0, 0)` when nothing is left.
pub(crate) fn trim_core(s: &str) -> (usize, usize) {
    // Most cores start with an ASCII letter or digit and end with one or with a period
    // after one (`Corp.`), perhaps before spaces and commas (the text before a form, `Foo,
    // ` in `Foo, Inc.`): only those are trimmed, no character to classify.
    let b = s.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    if alnum(0) {
        // (Stops at the first byte at the latest: it is a letter or digit.)
        let mut end = b.len();
        while matches!(b[end - 1], b' ' | b',') {
            end -= 1;
        }
        let last = b[end - 1];
        if last.is_ascii_alphanumeric() || (last == b'.' && alnum(end.wrapping_sub(2))) {
            return (0, end);
        }
    }
    trim_core_general(s)
}

/// [`trim_core`] without its first test, character by character.
fn trim_core_general(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start_matches(|c: char| is_separator(c) && c != '(' && c != '&').len();
    // A lone period (`X & .`) goes too; one closing an abbreviation (`U.K.`) stays.
    let mut end = s.len();
    loop {
        let t = s[..end].trim_end_matches(is_separator);
        let lone_period =
            t.ends_with('.') && t[..t.len() - 1].chars().next_back().is_none_or(|c| is_separator(c) || c == '.');
        end = if lone_period { t.len() - 1 } else { t.len() };
        if !lone_period {
            break;
        }
    }
    if start >= end {
        (0, 0)
    } else {
        (start, end)
    }
}

/// Whether `s` holds a letter or digit: answered by its first byte when that is an ASCII
/// one (most texts), without a walk over its characters.
#[inline]
fn has_word(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) || s.chars().any(is_alphanumeric)
}

/// [`has_word`] for a token's text.
#[inline]
fn token_has_word(t: &FormToken) -> bool {
    has_word(&t.text)
}

/// Whether `b` holds the byte `x`: eight bytes at a time (a zero byte of `word ^ x`
/// repeated is a match), then the last few one by one.
// `iter().any` on purpose: `contains` calls `memchr`, which costs more on a few bytes.
#[allow(clippy::manual_contains)]
fn has_byte(b: &[u8], x: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let splat = ONES * u64::from(x);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w) ^ splat;
        if v.wrapping_sub(ONES) & !v & HIGHS != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| c == x)
}

/// `s.trim_end()`, answered at once when `s` ends in an ASCII byte that is no space.
#[inline]
fn trim_end_spaces(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(&c) if c.is_ascii() && !matches!(c, b' ' | b'\t'..=b'\r') => s,
        _ => s.trim_end(),
    }
}

/// The records that may stand at `at`, filtered in place.
fn allowed(dict: &Dictionaries, mut recs: Vec<u32>, at: Position) -> Vec<u32> {
    recs.retain(|&r| dict.records()[r as usize].allows(at));
    recs
}

/// A plain ASCII word (`Inc.`), the first case in which [`joined_letters`] finds nothing:
/// answered inline, as most tokens are.
#[inline]
fn is_plain_word(text: &str, t: &FormToken) -> bool {
    let span = text.as_bytes().get(t.span.clone()).unwrap_or(&[]);
    let word = match span {
        [rest @ .., b'.'] => rest,
        _ => span,
    };
    // One pass over the (short) word, not a `memchr` and an ASCII test.
    word.len() == t.text.len() && word.iter().all(|&b| b != b'.' && b.is_ascii())
}

/// [`is_plain_word`] for a token of ASCII text: ASCII folds byte for byte, so the word
/// is plain exactly when it is as long as the token (joined letters would bring the
/// separators between them into the span).
#[inline]
fn is_plain_ascii_word(text: &str, t: &FormToken) -> bool {
    let span = text.as_bytes().get(t.span.clone()).unwrap_or(&[]);
    let word = usize::from(span.last() == Some(&b'.'));
    span.len() - word == t.text.len()
}

/// Where the letters of a token joined from single letters stand (`D S M N.V.` is one
/// token `dsmnv`): byte offset of each letter in `text`, and the folded letter.
fn joined_letters(text: &str, t: &FormToken) -> Vec<(usize, usize, String)> {
    // Single letters joined into one token have a separator between them in its span (the
    // ones the split below knows): without one, nothing (a byte scan, not a walk over the
    // characters).
    if !text.as_bytes()[t.span.clone()].iter().any(|&b| matches!(b, b'.' | b' ' | b'/' | b'-')) {
        return Vec::new();
    }
    joined_letters_general(text, t)
}

/// [`joined_letters`] without its first test.
fn joined_letters_general(text: &str, t: &FormToken) -> Vec<(usize, usize, String)> {
    let span = &text[t.span.clone()];
    // Most tokens are plain words (`Inc.`): nothing between their letters.
    let word = span.trim_end_matches('.');
    // ASCII folds letter for letter: a token as long as its word has nothing between them.
    if (word.len() == t.text.len() && word.is_ascii()) || !word.contains(|c: char| !is_alphanumeric(c)) {
        return Vec::new();
    }
    // Only a token joined from single letters (`D S M N.V.`), not a word with a period
    // after it (`Ebookers.`).
    let single_letters = span
        .split(['.', ' ', '/', '-'])
        .filter(|seg| !seg.is_empty())
        .all(|seg| seg.chars().count() == 1 && seg.chars().all(is_alphabetic));
    if !single_letters || !span.contains(|c: char| !is_alphanumeric(c)) {
        return Vec::new();
    }
    span.char_indices()
        .filter(|&(_, c)| is_alphabetic(c))
        .map(|(i, c)| {
            let mut f = String::new();
            namestd_dictionaries::key::fold_char_into(c, &mut f);
            (t.span.start + i, c.len_utf8(), f)
        })
        .collect()
}

/// What the searches in one name share: a buffer for keys, and whether the whole name is
/// ASCII (then every token is, and [`is_plain_ascii_word`] answers for [`is_plain_word`]).
struct Scan {
    buf: String,
    ascii: bool,
}

/// The longest form at the end of `text`.
/// `tokens` are the tokens of `text[lo..hi]` with spans in `text`; the match's span is in
/// `text` too.
fn suffix_match(
    dict: &Dictionaries,
    text: &str,
    (lo, hi): (usize, usize),
    tokens: &[FormToken],
    scan: &mut Scan,
) -> Option<FormMatch> {
    let n = tokens.len();
    let suffix = |r: u32| dict.records()[r as usize].allows(Position::Suffix);
    if let Some((k, recs)) = dict.first_token_form_at_edge(tokens, true, suffix) {
        return Some(suffix_form(text, tokens[n - k].span.start, tokens[n - 1].span.end, recs));
    }
    // The first token of a form may have swallowed letters of the name (`D S M N.V.` is
    // one token `dsmnv`): try the form starting inside a joined token.
    let max = LEGAL_FORM_MAX_TOKENS.min(n);
    let ascii = scan.ascii || text.as_bytes().get(lo..hi).is_some_and(<[u8]>::is_ascii);
    let buf = &mut scan.buf;
    for k in (1..=max).rev() {
        let slice = &tokens[n - k..];
        let plain = if ascii { is_plain_ascii_word(text, &slice[0]) } else { is_plain_word(text, &slice[0]) };
        if plain {
            continue; // `joined_letters` would find nothing
        }
        let letters = joined_letters(text, &slice[0]);
        for i in 1..letters.len() {
            // The form starts where the writing changes: after a space (`D S M N.V.`), not
            // inside letters joined by periods (`C.T.I.`).
            if !text[..letters[i].0].ends_with(' ') {
                continue;
            }
            buf.clear();
            for (_, _, l) in &letters[i..] {
                buf.push_str(l);
            }
            if k == 1 && buf.chars().count() < 2 {
                break;
            }
            for t in &slice[1..] {
                buf.push(' ');
                buf.push_str(&t.text);
            }
            let recs = allowed(dict, dict.token_forms(buf), Position::Suffix);
            if !recs.is_empty() {
                return Some(suffix_form(text, letters[i].0, slice[k - 1].span.end, recs.into()));
            }
        }
    }
    // Punctuation after the name (`株式会社 & .`) does not hide a form.
    let trimmed = text[lo..hi].trim_end_matches(|c: char| !is_alphanumeric(c) && c != ')');
    let last = trimmed.chars().next_back()?;
    if (!last.is_ascii() && is_unspaced_script(last)) || last == ')' {
        if let Some((len, recs)) = dict.char_forms(trimmed, true) {
            let recs = allowed(dict, recs, Position::Suffix);
            if !recs.is_empty() {
                let end = lo + trimmed.len();
                return Some(FormMatch { start: end - len, end, records: recs.into(), at: Position::Suffix });
            }
        }
    }
    None
}

/// The comma before a trailing `, XX` that is an ISO 3166-1 country code written in capitals
/// after a seat (`GIST-BROCADES N.V., DELFT, NL`), when another comma comes before it: the
/// code ends the seat there and is not a legal form (`NL` is also Australia's No
/// Liability). Byte checks first; no allocation.
fn seat_country_comma(text: &str, lo: usize, hi: usize) -> Option<usize> {
    let t = trim_end_spaces(&text[lo..hi]);
    let b = t.as_bytes();
    let n = b.len();
    if n < 8 || !b[n - 2].is_ascii_uppercase() || !b[n - 1].is_ascii_uppercase() || b[n - 3] != b' ' || b[n - 4] != b','
    {
        return None;
    }
    namestd_dictionaries::country(&t[n - 2..])?;
    let comma = lo + n - 4;
    text[lo..comma].contains(',').then_some(comma)
}

/// A legal form ending the text before its last comma when what follows is one to three
/// plain words (a place, a note; `/` allowed: `ARNHEIM/ARNHEM`): `GIST BROCADES NV, DELFT`.
/// Returns the match (position `Inside`) and the byte range of the words after the comma.
fn inside_match(
    dict: &Dictionaries,
    text: &str,
    (lo, hi): (usize, usize),
    tokens: &[FormToken],
    scan: &mut Scan,
) -> Option<(FormMatch, (usize, usize))> {
    let (comma, (tail_start, tail_end)) = words_after_last_comma(dict, text, (lo, hi), 3)?;
    // The tokens before the comma: the first ones (tokens come in text order).
    let before = tokens.iter().position(|t| t.span.end > comma).unwrap_or(tokens.len());
    let m = if tokens[before..].iter().all(|t| t.span.end > comma) {
        suffix_match(dict, text, (lo, comma), &tokens[..before], scan)?
    } else {
        let head: Vec<FormToken> = tokens.iter().filter(|t| t.span.end <= comma).cloned().collect();
        suffix_match(dict, text, (lo, comma), &head, scan)?
    };
    Some((FormMatch { at: Position::Inside, ..m }, (tail_start, tail_end)))
}

/// The words after the last comma of `text[lo..hi]` when they are one to `max` plain words
/// (letters, `-`, `.`, `'`, `/`: a place or a note, `ARNHEIM/ARNHEM`) and none of them is a
/// legal form (`Foo Co., Ltd.`): the comma's position and the byte range of the words.
/// Counts the words without collecting them; one key per word only once they pass.
#[inline(always)]
fn words_after_last_comma(
    dict: &Dictionaries,
    text: &str,
    (lo, hi): (usize, usize),
    max: usize,
) -> Option<(usize, (usize, usize))> {
    // Most names have no comma: a word-wide search says so first. (`,` is ASCII: its byte
    // position is the character's.)
    let region = &text.as_bytes()[lo..hi];
    if !has_byte(region, b',') {
        return None;
    }
    let comma = lo + region.iter().rposition(|&b| b == b',')?;
    let after = text[comma + 1..hi].trim();
    let plain = |w: &str| {
        // Byte by byte first (ASCII letters and marks); by character only past ASCII.
        w.bytes().all(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'.' | b'\'' | b'/'))
            || (!w.is_ascii() && w.chars().all(|c| is_alphabetic(c) || matches!(c, '-' | '.' | '\'' | '/')))
    };
    let mut words = 0;
    for w in after.split_whitespace() {
        words += 1;
        if words > max || !plain(w) {
            return None;
        }
    }
    if words == 0 {
        return None;
    }
    if after.split_whitespace().any(|w| is_token_form(dict, w)) {
        return None;
    }
    let start = comma + 1 + (text[comma + 1..hi].len() - text[comma + 1..hi].trim_start().len());
    Some((comma, (start, start + after.len())))
}

/// Whether a word's key ([`namestd_dictionaries::key::form_key`]) is a legal form: tokenized
/// with pooled buffers, and a word of one token (most) looked up as its token, no key built.
fn is_token_form(dict: &Dictionaries, word: &str) -> bool {
    let tokens = crate::pipeline::pooled_form_tokens(word);
    let found = match tokens.as_slice() {
        [] => false,
        [t] => !t.text.is_empty() && dict.has_token_form(&t.text),
        _ => {
            let key = tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
            !key.is_empty() && dict.has_token_form(&key)
        }
    };
    crate::pipeline::recycle_tokens(tokens);
    found
}

/// Endings of street names that, before a house number, make an address (`GROENEWOUDSEWEG
/// 1`, `CAREL VAN BYLANDTLAAN 30`, `HAUPTSTRASSE 5`): Dutch, German and Scandinavian
/// streets, whose names are one word with the number after it.
const STREET_ENDINGS: &[&str] = &[
    "allee", "damm", "dreef", "gasse", "gata", "gatan", "gracht", "kade", "laan", "plein", "singel", "straat",
    "strasse", "str", "vej", "weg",
];

/// Whether a folded token is a house number (`1`, `30`, `12a`).
fn is_house_number(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=5).contains(&digits) && t.len() <= digits + 1 && t.bytes().skip(digits).all(|b| b.is_ascii_lowercase())
}

/// Whether a folded token names a street ([`STREET_ENDINGS`]).
fn is_street(t: &str) -> bool {
    t.is_ascii() && STREET_ENDINGS.iter().any(|e| t.ends_with(e))
}

/// Where a seat or an address written after a legal form without a comma may start, first
/// the likeliest: the Dutch seat `te` (`gevestigd te`) and one or two words (`PHILIPS
/// ELECTRONICS N.V. TE EINDHOVEN.`), or a street and house number, with at most two more
/// words of the street's name before it (`... N.V. GROENEWOUDSEWEG 1`, `... B. V. CAREL VAN
/// BYLANDTLAAN 30`). Token checks only; no allocation.
fn place_tail_starts(tokens: &[FormToken]) -> impl Iterator<Item = usize> + '_ {
    let n = tokens.len();
    let seat = (2..=3)
        .filter(move |&k| n > k)
        .map(move |k| n - k)
        .find(|&s| tokens[s].text == "te" && tokens[s + 1..].iter().all(|t| t.text.chars().all(is_alphabetic)));
    let seat = seat.map(|s| if s > 1 && tokens[s - 1].text == "gevestigd" { s - 1 } else { s });
    let address = n >= 3 && is_house_number(&tokens[n - 1].text) && is_street(&tokens[n - 2].text);
    let streets = (2..=4).filter(move |&k| address && n > k).map(move |k| n - k);
    seat.into_iter().chain(streets)
}

/// Whether the name's last tokens may be a seat or an address ([`place_tail_starts`]): its
/// last token starts with a digit, or one of the two before it is `te`. A test on two
/// tokens, made before anything else is looked at, for the many names that end otherwise.
fn may_end_with_place(all: &[FormToken]) -> bool {
    let n = all.len();
    n >= 3
        && (all[n - 1].text.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || all[n - 2].text == "te"
            || all[n - 3].text == "te")
}

/// A legal form followed, with no comma, by its seat or address ([`place_tail_starts`]).
/// Returns the match (position `Inside`) and the byte range of the seat or address.
fn place_match(
    dict: &Dictionaries,
    text: &str,
    (lo, hi): (usize, usize),
    tokens: &[FormToken],
    scan: &mut Scan,
) -> Option<(FormMatch, (usize, usize))> {
    for s in place_tail_starts(tokens) {
        let head = &tokens[..s];
        if let Some(m) = suffix_match(dict, text, (lo, head[s - 1].span.end), head, scan) {
            let end = lo + text[lo..hi].trim_end().len();
            return Some((FormMatch { at: Position::Inside, ..m }, (tokens[s].span.start, end)));
        }
    }
    None
}

/// A place after the name when the legal form is a prefix (`N.V. NUTRICIA, ZOETERMEER`,
/// `N.V. PHILIPS' GLOEILAMPENFABRIEKEN, EINDHOVEN`): one or two plain words after the last
/// comma, none of them a legal form or a company word. Returns the end of the name before
/// the comma and the byte range of the place.
fn seat_after_name(dict: &Dictionaries, text: &str, (lo, hi): (usize, usize)) -> Option<(usize, (usize, usize))> {
    let (comma, (start, end)) = words_after_last_comma(dict, text, (lo, hi), 2)?;
    let company_words = namestd_dictionaries::company_words();
    if text[start..end].split_whitespace().any(|w| {
        let k = namestd_dictionaries::key::form_key(w);
        k.is_empty()
            || company_words.contains_key(&k)
            || namestd_dictionaries::COMPANY_WORD_VALUES.contains(&k.as_str())
    }) {
        return None;
    }
    let (_, name_end) = trim_core(&text[lo..comma]);
    if name_end == 0 || !has_word(&text[lo..lo + name_end]) {
        return None;
    }
    Some((lo + name_end, (start, end)))
}

/// A suffix match of `text[start..end]`, with the opening bracket before it when the form
/// closes one (`(Pty) Ltd`).
// `iter().any` on purpose: `contains` calls `memchr`, which costs more on a short form.
#[allow(clippy::manual_contains)]
fn suffix_form(text: &str, mut start: usize, end: usize, records: Records) -> FormMatch {
    // `(Pty) Ltd`: take the opening bracket with the form.
    let form = &text.as_bytes()[start..end];
    if form.iter().any(|&b| b == b')') && !form.iter().any(|&b| b == b'(') && text[..start].ends_with('(') {
        start -= 1;
    }
    FormMatch { start, end, records, at: Position::Suffix }
}

/// The longest form at the start of `text`.
fn prefix_match(
    dict: &Dictionaries,
    text: &str,
    (lo, hi): (usize, usize),
    tokens: &[FormToken],
    scan: &Scan,
) -> Option<FormMatch> {
    // Punctuation before the name (`. 株式会社 X`) does not hide a form.
    let skip = match text.as_bytes()[lo..hi].first() {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'(' => 0,
        _ => text[lo..hi].len() - text[lo..hi].trim_start_matches(|c: char| !is_alphanumeric(c) && c != '(').len(),
    };
    let lo = lo + skip;
    let region = &text[lo..hi];
    let first = region.chars().next()?;
    if (!first.is_ascii() && is_unspaced_script(first)) || first == '(' {
        if let Some((len, recs)) = dict.char_forms(region, false) {
            let recs = allowed(dict, recs, Position::Prefix);
            if !recs.is_empty() {
                return Some(FormMatch { start: lo, end: lo + len, records: recs.into(), at: Position::Prefix });
            }
        }
    }
    // Symbols before the name (`& N.V. Foo`) do not hide a form either.
    let first_word = tokens.iter().position(token_has_word).unwrap_or(tokens.len());
    let tokens = &tokens[first_word..];
    if tokens.is_empty() {
        return None;
    }
    let prefix = |r: u32| dict.records()[r as usize].allows(Position::Prefix);
    if let Some((k, recs)) = dict.first_token_form_at_edge(tokens, false, prefix) {
        return Some(FormMatch {
            start: tokens[0].span.start,
            end: tokens[k - 1].span.end,
            records: recs,
            at: Position::Prefix,
        });
    }
    // A joined token may start with a form (`N.V. N.V. Foo` is `nvnv foo`); a plain word
    // is none (`joined_letters` would find nothing).
    let plain = if scan.ascii { is_plain_ascii_word(text, &tokens[0]) } else { is_plain_word(text, &tokens[0]) };
    if plain {
        return None;
    }
    let letters = joined_letters(text, &tokens[0]);
    for i in (2..letters.len()).rev() {
        // The form ends where the writing changes: before a space (`N.V. N.V. Foo`).
        if !text[..letters[i].0].ends_with(' ') {
            continue;
        }
        let key: String = letters[..i].iter().map(|(_, _, l)| l.as_str()).collect();
        let recs = allowed(dict, dict.token_forms(&key), Position::Prefix);
        if !recs.is_empty() {
            let (at, len, _) = letters[i - 1];
            let mut end = at + len;
            while text[end..].starts_with('.') {
                end += 1;
            }
            return Some(FormMatch { start: tokens[0].span.start, end, records: recs.into(), at: Position::Prefix });
        }
    }
    None
}

/// Separates the legal forms of `text` (a cleaned name) using `country` to rank
/// jurisdictions.
pub fn separate(dict: &Dictionaries, text: &str, country: Option<&str>) -> Separation {
    separate_tokens(dict, text, &form_tokens(text), country)
}

/// [`separate`] with the text's [`form_tokens`] already computed.
pub fn separate_tokens(dict: &Dictionaries, text: &str, all: &[FormToken], country: Option<&str>) -> Separation {
    let mut scan = Scan { buf: String::new(), ascii: text.is_ascii() };
    // The list of matches is this thread's, kept between names (most names find one form:
    // no allocation and no growth for it).
    let mut found: Vec<FormMatch> = FOUND.try_with(std::cell::Cell::take).unwrap_or_default();
    let (mut lo, mut hi) = (0usize, text.len());

    let mut only_form = false;
    // Tokenized once; each region uses the tokens that lie inside it. A form found inside
    // a token (`N.V. N.V.` is one token `nvnv`) cuts it: the rest is tokenized again.
    let mut retokenized: Option<Vec<FormToken>> = None;
    fn inside(all: &[FormToken], lo: usize, hi: usize) -> &[FormToken] {
        let a = all.iter().position(|t| t.span.start >= lo).unwrap_or(all.len());
        let mut b = all.iter().rposition(|t| t.span.end <= hi).map_or(0, |i| i + 1);
        // Symbols at the end (`Foo Kabushiki Kaisha &`) do not hide a form before them.
        while b > a && !token_has_word(&all[b - 1]) {
            b -= 1;
        }
        if a < b {
            &all[a..b]
        } else {
            &[]
        }
    }

    // A form before a short trailing place or note (`GIST BROCADES NV, DELFT`): the words
    // after the comma go aside and the forms are peeled from before it.
    let mut tail = None;
    // The tokens of the whole text, found once for the first steps.
    let whole = inside(all, lo, hi);
    // (Asked only where an inside form may follow: after a comma, or before a seat or an
    // address at the end.)
    let ends_with_form = || whole.last().is_some_and(|t| dict.may_end_form(&t.text));
    // A seat and a country code after the form (`GIST-BROCADES N.V., DELFT, NL`): the seat
    // and the code go aside together.
    // (Both need a comma; most names have none.)
    let comma = has_byte(&text.as_bytes()[lo..hi], b',');
    let seat = comma.then(|| seat_country_comma(text, lo, hi)).flatten().and_then(|c| {
        let end = lo + text[lo..hi].trim_end().len();
        inside_match(dict, text, (lo, c), inside(all, lo, c), &mut scan).map(|(m, (s, _))| (m, (s, end)))
    });
    let inside_form = match seat {
        Some(x) => Some(x),
        None => {
            let place = may_end_with_place(all);
            if !(place || comma) || ends_with_form() {
                None
            } else {
                inside_match(dict, text, (lo, hi), whole, &mut scan)
                    .or_else(|| place.then(|| place_match(dict, text, (lo, hi), whole, &mut scan))?)
            }
        }
    };
    if let Some((m, t)) = inside_form {
        let (cs, ce) = trim_core(&text[lo..m.start]);
        if ce > 0 && has_word(&text[lo + cs..lo + ce]) {
            tail = Some(t);
            hi = m.end;
        }
    }
    // Suffixes, peeled from the end: at most three (`Foo Ltd. Inc.`, `Siemens AG AG`).
    for _ in 0..3 {
        let tokens = match &retokenized {
            None if (lo, hi) == (0, text.len()) => whole,
            _ => inside(retokenized.as_deref().unwrap_or(all), lo, hi),
        };
        let Some(m) = suffix_match(dict, text, (lo, hi), tokens, &mut scan) else { break };
        let (cs, ce) = trim_core(&text[lo..m.start]);
        if ce == 0 || !has_word(&text[lo + cs..lo + ce]) {
            // The rest would be empty: the name is (only) a legal form.
            only_form = found.is_empty() && m.start == lo;
            break;
        }
        let cut = retokenized.as_deref().unwrap_or(all).iter().any(|t| t.span.start < m.start && t.span.end > m.start);
        found.push(m);
        hi = lo + ce;
        lo += cs;
        if cut {
            retokenized = Some(form_tokens(&text[..hi]));
        }
    }
    merge_compounds(dict, text, &mut found);
    if tail.is_some() {
        match found.first_mut() {
            Some(m) => m.at = Position::Inside,
            None => tail = None,
        }
    }
    // One prefix (`KABUSHIKI KAISHA TOSHIBA`, `ООО "Газпром нефть"`).
    if let Some(m) = prefix_match(dict, text, (lo, hi), inside(retokenized.as_deref().unwrap_or(all), lo, hi), &scan) {
        let rest = &text[m.end..hi];
        let (cs, ce) = trim_core(rest);
        if ce > 0 && has_word(&rest[cs..ce]) {
            hi = m.end + ce;
            lo = m.end + cs;
            found.push(m);
        }
    }
    // A place after the name when the only form is a prefix (`N.V. NUTRICIA, ZOETERMEER`).
    let mut seat = None;
    if tail.is_none() && found.len() == 1 && found[0].at == Position::Prefix {
        let tokens = inside(retokenized.as_deref().unwrap_or(all), lo, hi);
        let place = seat_after_name(dict, text, (lo, hi)).or_else(|| {
            // `N.V. PHILIPS' GLOEILAMPENFABRIEKEN TE EINDHOVEN.`: the seat or address with
            // no comma, as after a suffix form, where the name before it keeps a word.
            let s = place_tail_starts(tokens).next().filter(|&s| s > 0)?;
            let start = tokens[s].span.start;
            let (_, end) = trim_core(&text[lo..start]);
            (end > 0 && has_word(&text[lo..lo + end])).then(|| (lo + end, (start, lo + text[lo..hi].trim_end().len())))
        });
        if let Some((end, place)) = place {
            seat = Some(place);
            hi = end;
        }
    }
    let (mut lo, mut hi) = (lo, hi);
    // Quotes around the core once a form is gone: `ООО "Газпром нефть"` → `Газпром нефть`.
    if !found.is_empty() {
        let core = &text[lo..hi];
        if core.len() >= 2 && core.starts_with('"') && core.ends_with('"') && has_word(&core[1..core.len() - 1]) {
            lo += 1;
            hi -= 1;
        }
    }
    if found.is_empty() || lo >= hi {
        give_back_found(found);
        let (s, e) = trim_core(text);
        let (s, e) = if e > s { (s, e) } else { (0, text.len()) };
        return Separation {
            core: text[s..e].to_string(),
            core_span: (s, e),
            forms: Vec::new(),
            stacked: false,
            only_form,
            tail: None,
            seat: None,
        };
    }
    // Main form: a strict prefix form (`PT`, `ООО`) if there is one, else the outermost suffix.
    let main = found
        .iter()
        .position(|m| {
            m.at == Position::Prefix
                && m.records.iter().any(|&r| dict.records()[r as usize].position == Position::Prefix)
        })
        .unwrap_or(0);
    found.swap(0, main);
    let stacked = found.iter().filter(|m| m.at == Position::Suffix).count() > 1;
    let forms = found.iter().map(|m| describe_cached(dict, text, m, country)).collect();
    give_back_found(found);
    Separation { core: text[lo..hi].to_string(), core_span: (lo, hi), forms, stacked, only_form: false, tail, seat }
}

thread_local! {
    /// The (empty) list of matches [`separate_tokens`] fills, kept between calls.
    static FOUND: std::cell::Cell<Vec<FormMatch>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Gives the list of matches back to this thread, emptied, unless it grew long.
fn give_back_found(mut found: Vec<FormMatch>) {
    if found.capacity() <= 8 {
        found.clear();
        let _ = FOUND.try_with(|f| f.set(found));
    }
}

/// The canonical abbreviation the records agree on: that of a row whose form is written
/// exactly so (`A/S`, not `a.s.`), else a hand-reviewed (`namestd`) row's, else the most
/// frequent.
fn preferred_canonical(recs: &[&FormRecord], written: &str) -> String {
    let same = |r: &&&FormRecord| r.form.eq_ignore_ascii_case(written) || r.form == written;
    let namestd = |r: &&&FormRecord| r.source.iter().any(|s| s == "namestd");
    if let Some(r) = recs.iter().find(|r| same(r) && namestd(r)).or_else(|| recs.iter().find(same)) {
        return r.canonical.clone();
    }
    if let Some(r) = recs.iter().find(namestd) {
        return r.canonical.clone();
    }
    majority(recs.iter().map(|r| r.canonical.as_str()))
}

/// Joins two suffix forms written next to each other into one when the pair is itself a
/// known form (`Company` + `Ltd.` → `CO LTD`), so a compound is reported once.
fn merge_compounds(dict: &Dictionaries, text: &str, found: &mut Vec<FormMatch>) {
    let mut i = 0;
    while i + 1 < found.len() {
        let (outer, inner) = (&found[i], &found[i + 1]);
        let between = &text[inner.end.min(outer.start)..outer.start];
        if between.chars().all(is_separator) {
            let canon = |m: &FormMatch| {
                let recs: Vec<&FormRecord> = m.records.iter().map(|&r| &dict.records()[r as usize]).collect();
                preferred_canonical(&recs, &text[m.start..m.end])
            };
            let recs = compound_records(dict, canon(inner), canon(outer));
            if !recs.is_empty() {
                let merged =
                    FormMatch { start: inner.start, end: outer.end, records: recs.into(), at: Position::Suffix };
                found[i] = merged;
                found.remove(i + 1);
                continue;
            }
        }
        i += 1;
    }
}

thread_local! {
    /// The records of compounds of two canonical forms (`CO` + `LTD`), by dictionaries
    /// and the two forms, on this thread: a few pairs make most stacked forms.
    static COMPOUNDS: std::cell::RefCell<Compounds> = std::cell::RefCell::new(Compounds::default());
}

/// Suffix records by dictionaries and two canonical forms ([`compound_records`]).
type Compounds = std::collections::HashMap<(u64, String, String), Vec<u32>, Words>;

/// Entries kept per thread before the compound cache is emptied.
const COMPOUNDS_MAX: usize = 1024;

/// The suffix records of the form `inner outer` (two canonical forms), through the
/// per-thread cache.
fn compound_records(dict: &Dictionaries, inner: String, outer: String) -> Vec<u32> {
    let key = (dict.id(), inner, outer);
    if let Some(recs) = COMPOUNDS.with(|c| c.borrow().get(&key).cloned()) {
        return recs;
    }
    let form = namestd_dictionaries::key::form_key(&format!("{} {}", key.1, key.2));
    let recs = allowed(dict, dict.token_forms(&form), Position::Suffix);
    COMPOUNDS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= COMPOUNDS_MAX {
            c.clear();
        }
        c.insert(key, recs.clone());
    });
    recs
}

/// What a match's description depends on besides its span: the dictionaries, the
/// records (identified by first, last and count), where it stands, the country, and the
/// form as written (by hash; a hit is checked against the cached `written`).
type DescribeKey = (u64, u32, u32, usize, Position, u16, u64);

type Words = std::hash::BuildHasherDefault<crate::short_table::WordHasher>;

thread_local! {
    /// Descriptions of recently seen matches on this thread: a handful of forms (`Inc`,
    /// `Ltd.`, `GmbH`) make most of any table, and describing one walks all its records.
    static DESCRIBED: std::cell::RefCell<std::collections::HashMap<DescribeKey, LegalForm, Words>> =
        std::cell::RefCell::new(std::collections::HashMap::default());
}

/// Entries kept per thread before the cache is emptied.
const DESCRIBED_MAX: usize = 4096;

/// [`describe`] through the per-thread cache.
fn describe_cached(dict: &Dictionaries, text: &str, m: &FormMatch, country: Option<&str>) -> LegalForm {
    let (Some(&first), Some(&last)) = (m.records.first(), m.records.last()) else {
        return describe(dict, text, m, country);
    };
    let written = &text[m.start..m.end];
    let written_hash = crate::short_table::hash(written.as_bytes());
    let key: DescribeKey =
        (dict.id(), first, last, m.records.len(), m.at, country.map(country_code).unwrap_or(0), written_hash);
    let hit = DESCRIBED.with(|c| c.borrow().get(&key).filter(|f| f.written == written).cloned());
    if let Some(mut hit) = hit {
        hit.span = (m.start, m.end);
        return hit;
    }
    let form = describe(dict, text, m, country);
    DESCRIBED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= DESCRIBED_MAX {
            c.clear();
        }
        c.insert(key, form.clone());
    });
    form
}

/// Types a match: canonical form, generic class, jurisdictions and ELF codes.
fn describe(dict: &Dictionaries, text: &str, m: &FormMatch, country: Option<&str>) -> LegalForm {
    let recs: Vec<&FormRecord> = m.records.iter().map(|&r| &dict.records()[r as usize]).collect();
    // Jurisdictions with their record counts, most records first.
    let mut counts: Vec<(u16, usize)> = Vec::new();
    for r in &recs {
        for &c in &r.codes {
            match counts.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let all_j = || counts.iter().map(|(c, _)| CountryCode::from_u16(*c)).collect::<Vec<_>>();
    let hint = country.map(country_code);
    let hinted: Vec<&FormRecord> = match hint {
        Some(h) => recs.iter().copied().filter(|r| r.codes.contains(&h)).collect(),
        None => Vec::new(),
    };
    let has_generic = recs.iter().any(|r| r.countries.is_empty());

    let hint_code = country.and_then(CountryCode::new);
    let (chosen, mut decision, mut juris): (Vec<&FormRecord>, JurisdictionDecision, Vec<CountryCode>) = match country {
        Some(_) if !hinted.is_empty() => (hinted, JurisdictionDecision::CountryHint, hint_code.into_iter().collect()),
        Some(_) if has_generic => (
            recs.iter().copied().filter(|r| r.countries.is_empty()).collect(),
            JurisdictionDecision::NotJurisdictional,
            Vec::new(),
        ),
        Some(_) if !counts.is_empty() => (recs, JurisdictionDecision::HintConflict, all_j()),
        _ if counts.len() == 1 => (recs, JurisdictionDecision::Unique, all_j()),
        _ if counts.is_empty() => (recs, JurisdictionDecision::NotJurisdictional, Vec::new()),
        _ => (recs, JurisdictionDecision::Ambiguous, all_j()),
    };
    let canonical = preferred_canonical(&chosen, &text[m.start..m.end]);
    // The standard form writes the canonical abbreviation when it is itself recognized as
    // this form (so the standard form re-reads the same), else the form as written.
    // (Periods become spaces so the written form keeps its tokens: `Sp. z o.o.` is shown
    // `SP Z O O`, which reads as the same form again.)
    let shown = if chosen.iter().any(|r| r.canonical == canonical && r.canonical_is_form) {
        canonical.clone()
    } else {
        text[m.start..m.end].replace('.', " ")
    };
    let generic = majority(chosen.iter().map(|r| r.generic.as_str()).filter(|g| !g.is_empty()));
    // ELF codes: from the active records of the decided jurisdiction; where the form as
    // written is not the one the ELF list names (`Limited` for India's `Ltd`), from the
    // jurisdiction's records with the same canonical abbreviation.
    let mut elf: Vec<&str> = Vec::new();
    let mut too_many = false;
    if matches!(decision, JurisdictionDecision::CountryHint | JurisdictionDecision::Unique) {
        too_many = collect_elf(&mut elf, chosen.iter().copied());
    }
    if let (Some(c), true) = (country, elf.is_empty() && !too_many) {
        let same = dict.same_canonical(&canonical, c).iter().map(|&r| &dict.records()[r as usize]);
        too_many = collect_elf(&mut elf, same);
        if !elf.is_empty() || too_many {
            decision = JurisdictionDecision::CountryHint;
            juris = CountryCode::new(c).into_iter().collect();
        }
    }
    // A form registered separately in many states or provinces (`Inc` in the US) has one
    // code per sub-national jurisdiction: the country alone cannot choose among them.
    if too_many {
        elf.clear();
        decision = JurisdictionDecision::Subnational;
    }
    elf.sort_unstable();
    let families = chosen.iter().fold(0u16, |acc, r| acc | r.families);
    let sources: Vec<std::borrow::Cow<'static, str>> = SOURCE_FAMILIES
        .iter()
        .enumerate()
        .filter(|(i, _)| families & (1 << i) != 0)
        .map(|(_, f)| std::borrow::Cow::Borrowed(*f))
        .collect();
    LegalForm {
        written: text[m.start..m.end].to_string(),
        span: (m.start, m.end),
        canonical: canonical.into(),
        shown: shown.into(),
        generic: generic.into(),
        elf: elf.into_iter().map(SharedStr::from).collect(),
        jurisdictions: juris.into(),
        decision,
        position: m.at,
        sources: sources.into(),
    }
}

/// More ELF codes than this for one form in one country means sub-national forms.
const MAX_ELF_CODES: usize = 4;

/// Adds the distinct ELF codes of the active records to `elf`; true when there are more
/// than [`MAX_ELF_CODES`] (then it stops early).
fn collect_elf<'a>(elf: &mut Vec<&'a str>, records: impl Iterator<Item = &'a FormRecord>) -> bool {
    for r in records.filter(|r| !r.inactive) {
        for code in r.elf.iter().filter(|c| !r.inactive_elf.contains(c)) {
            if !elf.contains(&code.as_str()) {
                if elf.len() == MAX_ELF_CODES {
                    return true;
                }
                elf.push(code);
            }
        }
    }
    false
}

/// The most frequent value, ties to the first seen (additions tables come first).
fn majority<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (k, n) in counts {
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The core and the text of the tail set aside (a seat, an address), if any.
    fn core(text: &str) -> (String, Option<&str>) {
        let s = separate(&crate::Dictionaries::embedded(), text, None);
        (s.core, s.tail.map(|(start, end)| &text[start..end]))
    }

    #[test]
    fn a_seat_and_country_code_after_the_form_go_aside() {
        let (c, tail) = core("GIST-BROCADES N.V., DELFT, NL");
        assert_eq!(c, "GIST-BROCADES");
        assert_eq!(tail, Some("DELFT, NL"));
        assert_eq!(core("CARGILL B.V., BERGEN OP ZOOM, NL").0, "CARGILL");
        assert_eq!(core("AKZO NOBEL N.V., ARNHEIM/ARNHEM").0, "AKZO NOBEL");
        // Without a form before the seat, no seat; a code alone stays a form.
        assert_eq!(core("Foo Bar, Delft, NL").1, None);
        assert_eq!(core("Great Boulder Mines NL").0, "Great Boulder Mines");
    }

    #[test]
    fn a_seat_or_address_after_the_form_without_a_comma_goes_aside() {
        let (c, tail) = core("PHILIPS ELECTRONICS N.V. TE EINDHOVEN.");
        assert_eq!(c, "PHILIPS ELECTRONICS");
        assert_eq!(tail, Some("TE EINDHOVEN."));
        assert_eq!(core("Foo B.V. gevestigd te Den Haag").0, "Foo");
        let (c, tail) = core("KONINKLIJKE PHILIPS ELECTRONICS N.V. GROENEWOUDSEWEG 1");
        assert_eq!(c, "KONINKLIJKE PHILIPS ELECTRONICS");
        assert_eq!(tail, Some("GROENEWOUDSEWEG 1"));
        // Words of the street's name before it go with it.
        let (c, tail) = core("SHELL INTERNATIONALE RESEARCH MAATSCHAPPIJ B. V. CAREL VAN BYLANDTLAAN 30");
        assert_eq!(c, "SHELL INTERNATIONALE RESEARCH MAATSCHAPPIJ");
        assert_eq!(tail, Some("CAREL VAN BYLANDTLAAN 30"));
        assert_eq!(core("Muster GmbH Hauptstrasse 12a").0, "Muster");
        // Not a seat or an address: no form before it, a word that is no street, or no number.
        assert_eq!(core("Philips Groenewoudseweg 1").1, None);
        assert_eq!(core("Foo N.V. Building 1").1, None);
        assert_eq!(core("Foo N.V. Groenewoudseweg").1, None);
        assert_eq!(core("Foo N.V. te").1, None);
    }

    #[test]
    fn a_seat_after_a_name_whose_form_is_a_prefix_goes_aside() {
        let sep = |text: &str| separate(&crate::Dictionaries::embedded(), text, None);
        let text = "N.V. NUTRICIA, ZOETERMEER";
        let s = sep(text);
        assert_eq!(s.core, "NUTRICIA");
        assert_eq!(s.seat.map(|(a, b)| &text[a..b]), Some("ZOETERMEER"));
        let text = "N.V. PHILIPS' GLOEILAMPENFABRIEKEN TE EINDHOVEN.";
        let s = sep(text);
        assert_eq!(s.core, "PHILIPS' GLOEILAMPENFABRIEKEN");
        assert_eq!(s.seat.map(|(a, b)| &text[a..b]), Some("TE EINDHOVEN."));
        // Not when the words after the comma are a company word, a legal form, or too many.
        assert_eq!(sep("N.V. Foo, Holding").seat, None);
        assert_eq!(sep("N.V. Foo, Bar Baz Qux").seat, None);
        // Not without a prefix form, nor when the form is a suffix.
        assert_eq!(sep("Foo Bar, Delft").seat, None);
        assert_eq!(sep("Foo B.V., Delft").seat, None);
    }

    #[test]
    fn trim_core_quick_path_trims_spaces_and_commas_as_the_general_one() {
        for s in [
            "Foo, ",
            "Foo ,",
            "Foo Corp. , ",
            "A ,, ",
            "1 ",
            "x., ",
            "Foo  ",
            "Foo., ",
            "a.b. ,",
            "Foo - ",
            "Foo ,.",
            "é, ",
        ] {
            assert_eq!(trim_core(s), trim_core_general(s), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Names cut before a form (`Foo, ` of `Foo, Inc.`): the quick path's own ground.
        #[test]
        fn trim_core_agrees_before_a_form(s in "[a-z0-9][a-z0-9 .,&-]{0,10}[., ]{0,4}") {
            proptest::prop_assert_eq!(trim_core(&s), trim_core_general(&s));
        }

        #[test]
        fn quick_tests_agree_with_the_general_ones(s in "[ a-zA-Z0-9.,;:&()/+*#'\\-]{0,16}|[ -~]{0,30}|[ a-zé株式会社·.,&\u{a0}]{0,10}") {
            proptest::prop_assert_eq!(trim_core(&s), trim_core_general(&s));
            proptest::prop_assert_eq!(has_word(&s), s.chars().any(is_alphanumeric));
            proptest::prop_assert_eq!(trim_end_spaces(&s), s.trim_end());
            for x in [b',', b'.', b' ', 0xa0] {
                proptest::prop_assert_eq!(has_byte(s.as_bytes(), x), s.as_bytes().contains(&x));
            }
            for t in namestd_dictionaries::key::form_tokens(&s) {
                proptest::prop_assert_eq!(joined_letters(&s, &t), joined_letters_general(&s, &t));
            }
        }

        #[test]
        fn token_forms_of_words_agree_with_their_keys(w in "(co|ltd|s|a|gmbh|inc|x|n|v|b)([.'/-]?(co|ltd|s|a|gmbh|inc|x|n|v|b)){0,3}\\.?") {
            let dict = crate::Dictionaries::embedded();
            let k = namestd_dictionaries::key::form_key(&w);
            proptest::prop_assert_eq!(is_token_form(&dict, &w), !k.is_empty() && dict.has_token_form(&k));
        }

        #[test]
        fn plain_ascii_words_are_plain_words(s in "[ -~]{0,40}") {
            for t in namestd_dictionaries::key::form_tokens(&s) {
                proptest::prop_assert_eq!(is_plain_ascii_word(&s, &t), is_plain_word(&s, &t), "{:?}", t);
            }
        }
    }

    #[test]
    fn house_numbers_and_streets() {
        for t in ["1", "30", "12a", "12345"] {
            assert!(is_house_number(t), "{t}");
        }
        for t in ["", "a1", "123456", "12ab", "1-2"] {
            assert!(!is_house_number(t), "{t}");
        }
        assert!(is_street("groenewoudseweg") && is_street("bylandtlaan") && is_street("hauptstr"));
        assert!(!is_street("philips") && !is_street("straße"));
    }
}
