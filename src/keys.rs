//! Comparison keys: the folded form matching and clustering compare.
//!
//! Folding: case folded, marks stripped, special letters expanded (`ß` → `ss`, `æ` → `ae`,
//! `ø` → `o`, `ł` → `l`); Cyrillic and Greek transliterated by the dictionary table,
//! Hangul romanized (Revised Romanization, syllable by syllable); Han and Kana kept native
//! (reading kanji as Mandarin would be wrong); company words harmonized
//! (`CORPORATION` → `corp`, `LABORATORIES` → `labs`); stop words dropped.

use crate::model::Keys;
use namestd_dictionaries as dicts;
use namestd_dictionaries::key::form_tokens;

const CHOSEONG: [&str; 19] =
    ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"];
const JUNGSEONG: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu",
    "ui", "i",
];
const JONGSEONG: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t",
    "t", "k", "t", "p", "t",
];

/// Romanizes one Hangul syllable.
fn romanize_hangul(c: char, out: &mut String) -> bool {
    let u = c as u32;
    if !(0xAC00..=0xD7A3).contains(&u) {
        return false;
    }
    let s = u - 0xAC00;
    out.push_str(CHOSEONG[(s / 588) as usize]);
    out.push_str(JUNGSEONG[((s % 588) / 28) as usize]);
    out.push_str(JONGSEONG[(s % 28) as usize]);
    true
}

/// Rewrites Cyrillic, Greek and Hangul letters into Latin, leaving everything else.
pub fn transliterate(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let needs = text.chars().any(|c| matches!(c as u32, 0x0370..=0x052F | 0x1F00..=0x1FFF | 0xAC00..=0xD7A3));
    if !needs {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if romanize_hangul(c, &mut out) {
            continue;
        }
        match dicts::transliterate(c) {
            Some(t) => out.push_str(t),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The folded key tokens of a text, company words harmonized and stop words dropped
/// (unless nothing else would be left).
pub fn key_tokens(text: &str) -> Vec<String> {
    let t = transliterate(text);
    let tokens = form_tokens(&t);
    key_tokens_of(tokens.iter().map(|t| t.text.as_str()))
}

/// The key tokens of already folded form tokens ([`form_tokens`] texts): symbols dropped,
/// company words harmonized, stop words dropped unless nothing else is left.
pub fn key_tokens_of<'a>(tokens: impl Iterator<Item = &'a str>) -> Vec<String> {
    key_token_strs(tokens).into_iter().map(str::to_string).collect()
}

/// [`key_tokens_of`] without allocating: the key tokens are the input tokens or the
/// (static) harmonized words.
pub fn key_token_strs<'a>(tokens: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut words: Vec<(&'a str, bool)> = Vec::with_capacity(8);
    for tok in tokens {
        let Some((word, stop)) = key_word(tok) else { continue };
        words.push((word, stop));
    }
    let all_stop = words.iter().all(|(_, stop)| *stop);
    let mut out = Vec::with_capacity(words.len());
    out.extend(words.into_iter().filter(|(_, stop)| all_stop || !stop).map(|(w, _)| w));
    out
}

/// A token as a key word: its company-word replacement and whether it is a stop word, or
/// `None` for a token without a letter or digit (`&`, `+`).
#[inline]
fn key_word(tok: &str) -> Option<(&str, bool)> {
    let word = tok.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) || tok.chars().any(char::is_alphanumeric);
    if !word {
        return None;
    }
    Some(match crate::word_index::KEY_WORD_TABLE.get(tok.as_bytes()).copied() {
        Some(v) => {
            let stop = v & dicts::KEY_WORD_STOP != 0;
            let repl = (v & !dicts::KEY_WORD_STOP) as usize;
            (if repl > 0 { dicts::COMPANY_WORD_VALUES[repl - 1] } else { tok }, stop)
        }
        None => (tok, false),
    })
}

/// `keys_from_strs(&key_token_strs(tokens))` in one pass, without the intermediate lists
/// and joins: what the pipeline computes for every ASCII name.
pub(crate) fn keys_of_token_strs<'a>(tokens: impl Iterator<Item = &'a str>) -> Keys {
    // (word, stop word) for each key token, as `key_token_strs` finds them: on the stack
    // for the first `STACK` (every name but the longest), then in a list.
    const STACK: usize = 16;
    let mut stack: [(&'a str, bool); STACK] = [("", false); STACK];
    let mut spill: Vec<(&'a str, bool)> = Vec::new();
    let (mut count, mut bytes, mut stops, mut stop_bytes) = (0usize, 0usize, 0usize, 0usize);
    for tok in tokens {
        let Some((word, stop)) = key_word(tok) else { continue };
        bytes += word.len();
        if stop {
            stops += 1;
            stop_bytes += word.len();
        }
        if count < STACK {
            stack[count] = (word, stop);
        } else {
            if spill.is_empty() {
                spill.extend_from_slice(&stack);
            }
            spill.push((word, stop));
        }
        count += 1;
    }
    let words: &mut [(&'a str, bool)] = if count <= STACK { &mut stack[..count] } else { &mut spill };
    // Stop words are dropped unless nothing else is left.
    let all_stop = stops == words.len();
    let mut n = words.len();
    if !all_stop && stops > 0 {
        n = 0;
        for i in 0..words.len() {
            if !words[i].1 {
                words[n] = words[i];
                n += 1;
            }
        }
        bytes -= stop_bytes;
    }
    let words = &words[..n];
    let mut folded = String::with_capacity(bytes + n.saturating_sub(1));
    let (mut latin, mut in_order) = (0usize, true);
    // Each word's first eight bytes as a number (see `prefix_word`), for ordering.
    let mut prefixes = [0u64; STACK];
    let mut last = 0u64;
    for (i, (w, _)) in words.iter().enumerate() {
        let p = prefix_word(w);
        if i > 0 {
            folded.push(' ');
            in_order &= str_less((last, words[i - 1].0), (p, w));
        }
        if i < STACK {
            prefixes[i] = p;
        }
        last = p;
        folded.push_str(w);
        latin += usize::from(w.as_bytes().first().is_some_and(u8::is_ascii_alphabetic));
    }
    let acronym = if latin >= 2 {
        let mut a = String::with_capacity(latin);
        a.extend(
            words
                .iter()
                .filter_map(|(w, _)| w.as_bytes().first().filter(|b| b.is_ascii_alphabetic()))
                .map(|&b| char::from(b)),
        );
        a
    } else if n == 1 && (2..=5).contains(&words[0].0.len()) && words[0].0.bytes().all(|b| b.is_ascii_alphabetic()) {
        words[0].0.to_string()
    } else {
        String::new()
    };
    // Already in order (`ab cd`) and without repeats: the sorted key is the folded one.
    let sorted = if in_order {
        folded.clone()
    } else if n <= STACK {
        sorted_key(words, &prefixes[..n], folded.len())
    } else {
        let mut sorted: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.join(" ")
    };
    Keys { folded, sorted, acronym }
}

/// Whether `a` sorts strictly before `b` (as `a.1 < b.1`), each given with its
/// [`prefix_word`]: the first eight bytes compared as one number, the rest only when
/// those are the same.
#[inline]
fn str_less(a: (u64, &str), b: (u64, &str)) -> bool {
    if a.0 != b.0 {
        // Differing padded prefixes order as the strings do: at the first differing byte
        // both have a byte, or the shorter string ended (a padding 0 below any byte but 0,
        // and a real 0 there would have made the prefixes equal).
        return a.0 < b.0;
    }
    a.1 < b.1
}

/// The first eight bytes of `s` as a big-endian number, padded with zeros.
#[inline]
fn prefix_word(s: &str) -> u64 {
    let b = s.as_bytes();
    if b.len() >= 8 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[..8]);
        return u64::from_be_bytes(w);
    }
    let mut w = 0u64;
    for (i, &c) in b.iter().enumerate() {
        w |= u64::from(c) << (56 - 8 * i);
    }
    w
}

/// The words (at most 16, with their [`prefix_word`]s) sorted, without repeats, joined by
/// spaces: `words.sort(); words.dedup(); words.join(" ")`, written into one string of at
/// most `len` bytes.
fn sorted_key(words: &[(&str, bool)], prefixes: &[u64], len: usize) -> String {
    let mut order: [(u64, &str); 16] = [(0, ""); 16];
    let n = words.len();
    for (i, ((w, _), &p)) in words.iter().zip(prefixes).enumerate() {
        order[i] = (p, w);
    }
    // Insertion sort: a name has a handful of words.
    for i in 1..n {
        let mut j = i;
        while j > 0 && str_less(order[j], order[j - 1]) {
            order.swap(j, j - 1);
            j -= 1;
        }
    }
    let mut out = String::with_capacity(len);
    for (i, &(p, w)) in order[..n].iter().enumerate() {
        if i > 0 {
            if order[i - 1] == (p, w) {
                continue;
            }
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Builds the keys from folded tokens.
pub fn keys_from_tokens(tokens: &[String]) -> Keys {
    let strs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    keys_from_strs(&strs)
}

/// Builds the keys from folded tokens given as string slices.
pub fn keys_from_strs(tokens: &[&str]) -> Keys {
    let folded = tokens.join(" ");
    let latin_first = |t: &&&str| t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    let latin = tokens.iter().filter(latin_first).count();
    // Already in order (`ab cd`) and without repeats: the sorted key is the folded one.
    let sorted = if tokens.windows(2).all(|w| w[0] < w[1]) {
        folded.clone()
    } else {
        let mut sorted: Vec<&str> = tokens.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted.join(" ")
    };
    let acronym = if latin >= 2 {
        let mut a = String::with_capacity(latin);
        a.extend(tokens.iter().filter(latin_first).map(|t| char::from(t.as_bytes()[0])));
        a
    } else if tokens.len() == 1
        && (2..=5).contains(&tokens[0].len())
        && tokens[0].bytes().all(|b| b.is_ascii_alphabetic())
    {
        tokens[0].to_string()
    } else {
        String::new()
    };
    Keys { folded, sorted, acronym }
}

/// The keys of a text.
pub fn keys_of(text: &str) -> Keys {
    keys_from_tokens(&key_tokens(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn fused_keys_agree_with_the_two_steps(
            words in proptest::collection::vec("(the|and|of|co|corp|corporation|inc|[a-c]{1,3}|&|[0-9]|\\+)", 0..20)
        ) {
            let two = keys_from_strs(&key_token_strs(words.iter().map(String::as_str)));
            proptest::prop_assert_eq!(keys_of_token_strs(words.iter().map(String::as_str)), two);
        }
    }

    proptest::proptest! {
        #[test]
        fn str_less_orders_as_str_does(a in "[a-c\\x00é]{0,11}", b in "[a-c\\x00é]{0,11}") {
            let (pa, pb) = ((prefix_word(&a), a.as_str()), (prefix_word(&b), b.as_str()));
            proptest::prop_assert_eq!(str_less(pa, pb), a < b);
            proptest::prop_assert_eq!(str_less(pb, pa), b < a);
            proptest::prop_assert!(!str_less(pa, pa));
        }

        #[test]
        fn sorted_key_sorts_dedups_and_joins(words in proptest::collection::vec("[a-c\\x00]{0,10}", 0..17)) {
            let pairs: Vec<(&str, bool)> = words.iter().map(|w| (w.as_str(), false)).collect();
            let prefixes: Vec<u64> = words.iter().map(|w| prefix_word(w)).collect();
            let len = words.iter().map(|w| w.len() + 1).sum::<usize>();
            let mut expected: Vec<&str> = words.iter().map(String::as_str).collect();
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(sorted_key(&pairs, &prefixes, len), expected.join(" "));
        }
    }

    #[test]
    fn hangul_romanizes() {
        assert_eq!(transliterate("삼성"), "samseong");
    }

    #[test]
    fn han_and_kana_stay_native() {
        assert_eq!(keys_of("トヨタ自動車").folded, "トヨタ自動車");
    }

    #[test]
    fn special_letters_fold() {
        assert_eq!(keys_of("Straße Øresund Łódź").folded, "strasse oresund lodz");
    }
}
