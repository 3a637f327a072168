//! The match key of legal forms and dictionary words.
//!
//! One function decides how a form written in a name and a form written in a dictionary
//! table meet: both go through [`form_tokens`] and match when their token lists are equal.
//! The build script includes this file, so the compiled maps and the run-time matcher can
//! never disagree.
//!
//! Folding: NFKC, lower case, Latin/Greek/Cyrillic marks stripped, special letters
//! expanded (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`), periods removed, other
//! punctuation a separator (`&` and `+` are tokens of their own), and runs of single
//! letters joined (`S. A.`, `S.A.` and `SA` all give `sa`; `S.A. de C.V.` gives `sa de cv`).
//! Han, Kana and Hangul characters are kept as they are.

use std::ops::Range;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One token of a name or form: its folded text and where it stands in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormToken {
    /// The folded token text.
    pub text: String,
    /// Byte range in the input string, from the token's first to its last character
    /// (periods inside a token included).
    pub span: Range<usize>,
}

/// Letters of the scripts names are mostly written in, all alphabetic: answered by range,
/// without searching the Unicode tables.
fn is_common_letter(u: u32) -> bool {
    matches!(u,
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F // Latin-1 letters, Latin Extended-A/B
        | 0x0391..=0x03A1 | 0x03A3..=0x03A9 | 0x03B1..=0x03C9 // Greek
        | 0x0400..=0x0481 // Cyrillic
        | 0x3041..=0x3096 | 0x30A1..=0x30FA // Hiragana, Katakana
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7A3 // Hangul syllables
    )
}

/// Hangul jamo (U+1100–11FF, all letters): what folded Hangul tokens are made of
/// ([`fold_char_into`] decomposes the syllables). Asked only after [`is_common_letter`],
/// so other letters pay nothing for it, and before the Unicode tables, whose search is
/// long for these.
fn is_jamo(u: u32) -> bool {
    (0x1100..=0x11FF).contains(&u)
}

/// [`char::is_alphanumeric`], faster for ASCII, the common letters of Latin, Greek,
/// Cyrillic, Kana, Han and Hangul, and Hangul jamo.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_common_letter(c as u32) || is_jamo(c as u32) || c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], faster for ASCII, the common letters of Latin, Greek,
/// Cyrillic, Kana, Han and Hangul, and Hangul jamo.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_common_letter(c as u32) || is_jamo(c as u32) || c.is_alphabetic()
    }
}

/// Whether a character is part of a word for form matching (letters, digits, marks).
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_combining_mark(c)
}

/// Whether a character is its own token (`&`, `+`).
fn is_symbol_token(c: char) -> bool {
    matches!(c, '&' | '+' | '＆')
}

/// Whether a separator lets two single letters around it join (`S.A.`, `S A`, `A/S`).
fn joins_letters(c: char) -> bool {
    matches!(c, '.' | ' ' | '/' | '-' | '·' | '\u{2024}')
}

/// Appends the folded form of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'ð' | 'Ð' => out.push('d'),
        'ı' => out.push('i'),
        'ς' => out.push('σ'),
        // Han ideographs decompose to nothing and have no case: themselves (answered
        // before the decomposition tables, which most names in Han look up per character).
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => out.push(c),
        // Hangul syllables decompose to jamo by arithmetic (Unicode §3.12), which have no
        // case and which the script keeps: the same as the tables, without them.
        '\u{AC00}'..='\u{D7A3}' => push_hangul_jamo(c, out),
        // The basic Cyrillic and Greek letters (not `Й`/`й`, which decompose, nor the
        // unassigned U+03A2) have no decomposition: lower case by offset, before the tables.
        'А'..='Я' | 'Α'..='Ω' if c != 'Й' && c != '\u{3A2}' => {
            out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c))
        }
        'а'..='я' | 'α'..='ω' if c != 'й' => out.push(c),
        _ => fold_decomposed(c, out),
    }
}

/// The jamo of a Hangul syllable (U+AC00–D7A3): its canonical decomposition, computed
/// (leading consonant, vowel, and trailing consonant if any).
fn push_hangul_jamo(c: char, out: &mut String) {
    const S_BASE: u32 = 0xAC00;
    const L_BASE: u32 = 0x1100;
    const V_BASE: u32 = 0x1161;
    const T_BASE: u32 = 0x11A7;
    const T_COUNT: u32 = 28;
    const N_COUNT: u32 = 21 * T_COUNT;
    let s = c as u32 - S_BASE;
    let t = s % T_COUNT;
    let jamo = [L_BASE + s / N_COUNT, V_BASE + (s % N_COUNT) / T_COUNT, T_BASE + t];
    let n = if t == 0 { 2 } else { 3 };
    out.extend(jamo[..n].iter().filter_map(|&j| char::from_u32(j)));
}

/// The general case of [`fold_char_into`]: compatibility decomposition, marks dropped
/// (unless the script keeps them), lower case.
fn fold_decomposed(c: char, out: &mut String) {
    let keep = keeps_marks(c);
    decompose_compatible(c, |d| {
        if is_combining_mark(d) && !keep {
            return;
        }
        for l in d.to_lowercase() {
            out.push(if l == 'ς' { 'σ' } else { l });
        }
    });
}

/// Scripts whose marks are letters in their own right (Hangul decomposes to jamo,
/// Kana voicing marks, Indic vowel signs): keep them whole.
fn keeps_marks(c: char) -> bool {
    let u = c as u32;
    (0x0900..=0x0DFF).contains(&u) // Indic
        || (0x0E00..=0x0EFF).contains(&u) // Thai, Lao
        || (0x3040..=0x30FF).contains(&u) // Kana
        || (0xAC00..=0xD7AF).contains(&u) // Hangul syllables
        || (0x0600..=0x06FF).contains(&u) // Arabic
        || (0x0590..=0x05FF).contains(&u) // Hebrew
}

/// Splits `s` into folded form tokens, joining runs of single letters.
///
/// ```
/// use namestd_dictionaries::key::{form_key, form_tokens};
/// assert_eq!(form_key("G.m.b.H. & Co. KG"), "gmbh & co kg");
/// assert_eq!(form_key("S. A. de C.V."), "sa de cv");
/// assert_eq!(form_key("Aktiengesellschaft"), "aktiengesellschaft");
/// assert_eq!(form_tokens("Co., Ltd.").len(), 2);
/// ```
pub fn form_tokens(s: &str) -> Vec<FormToken> {
    let mut out = Vec::with_capacity(8);
    form_tokens_into(s, &mut out, &mut Vec::new());
    out
}

/// [`form_tokens`] written into `out` (emptied first, its token texts moved to `spare`),
/// taking the token texts' buffers from `spare` before allocating new ones: a caller that
/// tokenizes many names and keeps the texts of its old tokens allocates almost nothing.
///
/// ```
/// use namestd_dictionaries::key::{form_tokens, form_tokens_into};
/// let (mut out, mut spare) = (Vec::new(), vec![String::from("old text")]);
/// form_tokens_into("Siemens AG", &mut out, &mut spare);
/// assert_eq!(out, form_tokens("Siemens AG"));
/// form_tokens_into("S.A. de C.V.", &mut out, &mut spare);
/// assert_eq!(out, form_tokens("S.A. de C.V."));
/// ```
pub fn form_tokens_into(s: &str, out: &mut Vec<FormToken>, spare: &mut Vec<String>) {
    if s.is_ascii() {
        // The old tokens' texts are reused in place (the rest go to `spare`).
        form_tokens_ascii(s, out, spare)
    } else {
        spare.extend(out.drain(..).map(|t| t.text));
        form_tokens_general(s, out, spare)
    }
}

/// An empty string from `spare`, else a new one with room for `capacity` bytes.
fn spare_string(spare: &mut Vec<String>, capacity: usize) -> String {
    match spare.pop() {
        Some(mut t) => {
            t.clear();
            t
        }
        None => String::with_capacity(capacity),
    }
}

/// [`form_tokens`] for any text.
fn form_tokens_general(s: &str, out: &mut Vec<FormToken>, spare: &mut Vec<String>) {
    // Whether the previous token is a single letter, and whether the gap since it only
    // holds letter-joining separators (`S.A.`, `S A`, `A/S`).
    let mut prev_single = false;
    let mut gap_joins = true;
    let mut cur = spare_string(spare, 16);
    let mut start: Option<usize> = None;
    let mut end = 0;
    let finish = |cur: &mut String,
                  st: usize,
                  end: usize,
                  gap_joins: bool,
                  prev_single: &mut bool,
                  out: &mut Vec<FormToken>,
                  spare: &mut Vec<String>| {
        let single = is_single_letter(cur);
        let mut end = end;
        if s.as_bytes().get(end) == Some(&b'.') {
            end += 1; // the period closing an abbreviation belongs to it (`N.V.`, `Co.`)
        }
        match out.last_mut() {
            Some(last) if single && *prev_single && gap_joins => {
                last.text.push_str(cur);
                last.span.end = end;
                cur.clear();
            }
            _ => out.push(FormToken { text: std::mem::replace(cur, spare_string(spare, 16)), span: st..end }),
        }
        *prev_single = single;
    };
    let mut cur_unspaced = false;
    for (i, c) in s.char_indices() {
        if is_word_char(c) {
            // Han, Kana and Hangul glued to Latin letters start a token of their own
            // (`KG株式会社` is `kg` + `株式会社`).
            let unspaced = is_unspaced_script(c);
            if let Some(st) = start {
                if unspaced != cur_unspaced && !is_combining_mark(c) {
                    finish(&mut cur, st, end, gap_joins, &mut prev_single, out, spare);
                    gap_joins = false;
                    start = None;
                }
            }
            if start.is_none() {
                start = Some(i);
                cur_unspaced = unspaced;
            }
            fold_char_into(c, &mut cur);
            end = i + c.len_utf8();
            continue;
        }
        if let Some(st) = start.take() {
            finish(&mut cur, st, end, gap_joins, &mut prev_single, out, spare);
            gap_joins = true;
        }
        if is_symbol_token(c) {
            let mut text = spare_string(spare, c.len_utf8());
            text.push(if c == '＆' { '&' } else { c });
            out.push(FormToken { text, span: i..i + c.len_utf8() });
            prev_single = false;
            gap_joins = false;
        } else if !joins_letters(c) {
            gap_joins = false;
        }
    }
    if let Some(st) = start.take() {
        finish(&mut cur, st, end, gap_joins, &mut prev_single, out, spare);
    }
    // Kept for the next call only where there is room for it already.
    if spare.len() < spare.capacity() {
        spare.push(cur);
    }
}

/// ASCII letters and digits, by byte: one load instead of three range tests in the
/// tokenizer's inner loop.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The `n`th token of `out` (`n <= out.len()`), its text emptied, given `span`: an old
/// token reused in place, else a new one at the end whose text comes from `spare`.
#[inline(always)]
fn token_slot<'a>(
    out: &'a mut Vec<FormToken>,
    n: usize,
    spare: &mut Vec<String>,
    capacity: usize,
    span: Range<usize>,
) -> &'a mut String {
    if n == out.len() {
        out.push(FormToken { text: spare_string(spare, capacity), span });
    } else {
        out[n].text.clear();
        out[n].span = span;
    }
    &mut out[n].text
}

/// [`form_tokens`] for ASCII text: the same tokens, byte by byte. The tokens already in
/// `out` are overwritten in place (their text buffers reused); those left over go to
/// `spare`.
fn form_tokens_ascii(s: &str, out: &mut Vec<FormToken>, spare: &mut Vec<String>) {
    let b = s.as_bytes();
    let mut prev_single = false;
    let mut gap_joins = true;
    // Tokens written so far (`out[..n]`).
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if ASCII_ALNUM[c as usize] {
            let st = i;
            i += 1 + b[i + 1..].iter().position(|&x| !ASCII_ALNUM[x as usize]).unwrap_or(b.len() - i - 1);
            let mut end = i;
            let single = end - st == 1 && c.is_ascii_alphabetic();
            if b.get(end) == Some(&b'.') {
                end += 1;
            }
            if single && prev_single && gap_joins && n > 0 {
                let last = &mut out[n - 1];
                last.text.push(c.to_ascii_lowercase() as char);
                last.span.end = end;
            } else if single {
                // Room for the letters that may join it (`S.A.`, `G.m.b.H.`).
                token_slot(out, n, spare, 8, st..end).push(c.to_ascii_lowercase() as char);
                n += 1;
            } else {
                let t = token_slot(out, n, spare, i - st, st..end);
                t.push_str(&s[st..i]);
                t.make_ascii_lowercase();
                n += 1;
            }
            prev_single = single;
            gap_joins = true;
            continue;
        }
        if c == b'&' || c == b'+' {
            token_slot(out, n, spare, 1, i..i + 1).push(c as char);
            n += 1;
            prev_single = false;
            gap_joins = false;
        } else if !matches!(c, b'.' | b' ' | b'/' | b'-') {
            gap_joins = false;
        }
        i += 1;
    }
    if n < out.len() {
        spare.extend(out.drain(n..).map(|t| t.text));
    }
}

/// Whether a folded token is one letter (not a digit, not a symbol).
fn is_single_letter(t: &str) -> bool {
    let mut it = t.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_alphabetic())
}

/// The match key of a form: its folded tokens joined by one space.
pub fn form_key(s: &str) -> String {
    let toks = form_tokens(s);
    let mut out = String::with_capacity(s.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Whether `c` is written without spaces between words (Han, Kana, and Hangul as it is
/// often written in legal forms); forms containing these are matched character by character.
pub fn is_unspaced_script(c: char) -> bool {
    let u = c as u32;
    (0x3040..=0x30FF).contains(&u) // Hiragana, Katakana
        || (0x3400..=0x4DBF).contains(&u) // CJK ext A
        || (0x4E00..=0x9FFF).contains(&u) // CJK unified
        || (0xF900..=0xFAFF).contains(&u) // CJK compatibility
        || (0xAC00..=0xD7AF).contains(&u) // Hangul syllables
        || (0x20000..=0x2FA1F).contains(&u) // CJK ext B+
        || (0x3200..=0x32FF).contains(&u) // enclosed CJK
}

/// The character key of a form in an unspaced script: NFKC, spaces removed,
/// full-width brackets folded (`（株）` and `㈱` give `(株)`).
pub fn char_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        decompose_compatible(c, |d| {
            if !d.is_whitespace() {
                out.push(d);
            }
        });
    }
    // Recompose Hangul jamo and Kana voicing marks split by the decomposition.
    use unicode_normalization::UnicodeNormalization;
    out.nfc().collect()
}

/// Whether a form belongs in the character-keyed maps (it holds an unspaced-script letter).
pub fn is_unspaced_form(form: &str) -> bool {
    form.chars().any(is_unspaced_script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_folds_to_itself_as_the_tables_say() {
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_decomposed(c, &mut slow);
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn abbreviations_fold_together() {
        for s in ["S.A.", "SA", "S. A.", "s.a", "S.A"] {
            assert_eq!(form_key(s), "sa", "{s}");
        }
        assert_eq!(form_key("GmbH & Co. KG"), "gmbh & co kg");
        assert_eq!(form_key("G.m.b.H."), "gmbh");
        assert_eq!(form_key("Co., Ltd."), "co ltd");
        assert_eq!(form_key("S. de R.L. de C.V."), "s de rl de cv");
        assert_eq!(form_key("Société Anonyme"), "societe anonyme");
        assert_eq!(form_key("Sp. z o.o."), form_key("Sp. z o. o."));
        assert_eq!(form_key("A/S"), "as");
        assert_eq!(form_key("ООО"), "ооо");
        assert_eq!(form_key("Α.Ε."), "αε");
        assert_eq!(form_key("Aktiengesellschaft"), "aktiengesellschaft");
    }

    #[test]
    fn ascii_path_matches_the_general_path() {
        for s in [
            "S.A. de C.V.",
            "D S M N.V.",
            "Co., Ltd.",
            "A & B",
            "AT&T Corp.",
            "Sp. z o. o.",
            "e.Gen.",
            "3M Co",
            "A/S",
            " x ",
            "A+B",
            "a,b c",
        ] {
            assert_eq!(ascii(s), general(s), "{s}");
        }
    }

    fn ascii(s: &str) -> Vec<FormToken> {
        let mut out = Vec::new();
        form_tokens_ascii(s, &mut out, &mut Vec::new());
        out
    }

    fn general(s: &str) -> Vec<FormToken> {
        let mut out = Vec::new();
        form_tokens_general(s, &mut out, &mut Vec::new());
        out
    }

    proptest::proptest! {
        #[test]
        fn ascii_path_agrees_on_any_ascii(s in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(ascii(&s), general(&s));
        }

        #[test]
        fn reused_buffers_give_the_same_tokens(names in proptest::collection::vec("[ -~]{0,20}|[a-zé株式会社 .&＆]{0,12}", 1..6)) {
            let (mut out, mut spare) = (Vec::new(), Vec::new());
            for s in &names {
                form_tokens_into(s, &mut out, &mut spare);
                proptest::prop_assert_eq!(&out, &form_tokens(s));
            }
        }
    }

    #[test]
    fn hangul_syllables_fold_as_the_tables_do() {
        for c in '\u{AC00}'..='\u{D7A3}' {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_decomposed(c, &mut slow);
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn basic_cyrillic_and_greek_fold_as_the_tables_do() {
        for c in ('А'..='я').chain('Α'..='ω') {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char_into(c, &mut fast);
            fold_decomposed(c, &mut slow);
            let slow = if c == 'ς' { "σ".to_string() } else { slow };
            assert_eq!(fast, slow, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fast_classes_agree_with_std_everywhere() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn spans_point_into_the_input() {
        let s = "Philips Electronics N.V.";
        let t = form_tokens(s);
        assert_eq!(t.last().unwrap().text, "nv");
        assert_eq!(&s[t.last().unwrap().span.clone()], "N.V.");
        assert_eq!(&s[t[0].span.clone()], "Philips");
    }

    #[test]
    fn char_keys_fold_width_and_enclosed_forms() {
        assert_eq!(char_key("㈱"), "(株)");
        assert_eq!(char_key("（株）"), "(株)");
        assert_eq!(char_key("株式 会社"), "株式会社");
        assert_eq!(char_key("주식회사"), "주식회사");
    }
}
