//! Comparison keys: the folded form matching and clustering compare.
//!
//! Folding: case folded, marks stripped, special letters expanded (`ß` → `ss`, `æ` → `ae`,
//! `ø` → `o`, `ł` → `l`); Cyrillic and Greek transliterated by the dictionary table,
//! Hangul romanized (Revised Romanization, syllable by syllable); Han and Kana kept native
//! (reading kanji as Mandarin would be wrong); company words harmonized
//! (`CORPORATION` → `corp`, `LABORATORIES` → `labs`); stop words dropped.

use crate::model::Keys;
use crate::word_table::WordTable;
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

/// The key words ([`dicts::key_words`]: company words and stop words, with their
/// replacement and stop-word bit) as a [`WordTable`].
static KEY_WORD_TABLE: std::sync::LazyLock<WordTable<u64>> = std::sync::LazyLock::new(|| {
    let mut pairs = Vec::with_capacity(dicts::key_words().len());
    let mut s = dicts::key_words().stream();
    while let Some((k, v)) = fst::Streamer::next(&mut s) {
        pairs.push((k.to_vec(), v));
    }
    WordTable::new(pairs)
});

/// A token as a key word: its company-word replacement and whether it is a stop word, or
/// `None` for a token without a letter or digit (`&`, `+`).
#[inline]
fn key_word(tok: &str) -> Option<(&str, bool)> {
    key_word_in(&KEY_WORD_TABLE, tok)
}

/// [`key_word`] with the key-word table at hand (looked up once per name, not per token).
#[inline(always)]
fn key_word_in<'a>(table: &WordTable<u64>, tok: &'a str) -> Option<(&'a str, bool)> {
    let word = tok.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric) || tok.chars().any(char::is_alphanumeric);
    if !word {
        return None;
    }
    Some(match table.get(tok.as_bytes()).copied() {
        Some(v) => {
            let stop = v & dicts::KEY_WORD_STOP != 0;
            let repl = (v & !dicts::KEY_WORD_STOP) as usize;
            (if repl > 0 { dicts::COMPANY_WORD_VALUES[repl - 1] } else { tok }, stop)
        }
        None => (tok, false),
    })
}

/// Most key words [`keys_of_token_strs`] keeps on the stack (every name but the longest,
/// whose words go to a list).
const STACK: usize = 16;

/// `keys_from_strs(&key_token_strs(tokens))` in one pass, without the intermediate lists
/// and joins: what the pipeline computes for every ASCII name.
pub(crate) fn keys_of_token_strs<'a>(tokens: impl Iterator<Item = &'a str>) -> Keys {
    let table = &*KEY_WORD_TABLE;
    // The key words on the stack, bit `i` of `stop_mask` telling whether word `i` is a
    // stop word; from the 17th word on, all of them in `spill`.
    let mut words: [&'a str; STACK] = [""; STACK];
    let mut stop_mask = 0u32;
    let mut spill: Vec<(&'a str, bool)> = Vec::new();
    let (mut count, mut bytes, mut stop_bytes) = (0usize, 0usize, 0usize);
    for tok in tokens {
        let Some((word, stop)) = key_word_in(table, tok) else { continue };
        if count < STACK {
            words[count] = word;
            stop_mask |= u32::from(stop) << count;
        } else {
            if spill.is_empty() {
                spill.extend(words.iter().enumerate().map(|(i, &w)| (w, stop_mask >> i & 1 != 0)));
            }
            spill.push((word, stop));
        }
        bytes += word.len();
        stop_bytes += if stop { word.len() } else { 0 };
        count += 1;
    }
    if count > STACK {
        // Stop words are dropped unless nothing else is left.
        let all_stop = spill.iter().all(|&(_, stop)| stop);
        let mut kept: Vec<&str> = spill.iter().filter(|&&(_, stop)| all_stop || !stop).map(|&(w, _)| w).collect();
        let bytes = kept.iter().map(|w| w.len()).sum();
        return keys_of_words(&mut kept, bytes);
    }
    // Stop words are dropped unless nothing else is left.
    let stops = stop_mask.count_ones() as usize;
    let mut n = count;
    if stops > 0 && stops < count {
        n = 0;
        for i in 0..count {
            if stop_mask >> i & 1 == 0 {
                words[n] = words[i];
                n += 1;
            }
        }
        bytes -= stop_bytes;
    }
    keys_of_words(&mut words[..n], bytes)
}

/// The keys of the key words (`bytes` long together), as [`keys_from_strs`] builds them;
/// reorders `words`.
fn keys_of_words(words: &mut [&str], bytes: usize) -> Keys {
    let n = words.len();
    let mut folded = String::with_capacity(bytes + n.saturating_sub(1));
    let (mut latin, mut in_order) = (0usize, true);
    // The first letters of the words that start with a Latin letter (the first `STACK`).
    let mut initials = [0u8; STACK];
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            folded.push(' ');
            in_order &= str_less(words[i - 1], w);
        }
        folded.push_str(w);
        if let Some(&c) = w.as_bytes().first().filter(|c| c.is_ascii_alphabetic()) {
            if let Some(slot) = initials.get_mut(latin) {
                *slot = c;
            }
            latin += 1;
        }
    }
    let acronym = if latin >= 2 {
        let mut a = String::with_capacity(latin);
        if latin <= STACK {
            a.extend(initials[..latin].iter().map(|&c| char::from(c)));
        } else {
            let firsts = words.iter().filter_map(|w| w.as_bytes().first().filter(|c| c.is_ascii_alphabetic()));
            a.extend(firsts.map(|&c| char::from(c)));
        }
        a
    } else if n == 1 && (2..=5).contains(&words[0].len()) && words[0].bytes().all(|b| b.is_ascii_alphabetic()) {
        words[0].to_string()
    } else {
        String::new()
    };
    // Already in order (`ab cd`) and without repeats: the sorted key is the folded one.
    let sorted = if in_order { folded.clone() } else { sorted_key(words, folded.len()) };
    Keys { folded, sorted, acronym }
}

/// Whether `a` sorts strictly before `b` (`a < b`): most words differ in their first
/// byte, which then decides without a call to compare the rest.
#[inline]
fn str_less(a: &str, b: &str) -> bool {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => a < b,
    }
}

/// The words sorted, without repeats, joined by spaces: `words.sort(); words.dedup();
/// words.join(" ")`, written into one string of at most `len` bytes (sorts `words`).
fn sorted_key(words: &mut [&str], len: usize) -> String {
    if words.len() > STACK {
        words.sort_unstable();
    }
    // Insertion sort: a name has a handful of words.
    for i in 1..words.len() {
        let mut j = i;
        while j > 0 && str_less(words[j], words[j - 1]) {
            words.swap(j, j - 1);
            j -= 1;
        }
    }
    let mut out = String::with_capacity(len);
    let mut last: Option<&str> = None;
    for &w in words.iter() {
        if let Some(l) = last {
            if l == w {
                continue;
            }
            out.push(' ');
        }
        out.push_str(w);
        last = Some(w);
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
            words in proptest::collection::vec("(the|and|of|co|corp|corporation|inc|[a-c]{1,3}|&|[0-9]|\\+)", 0..24)
        ) {
            let two = keys_from_strs(&key_token_strs(words.iter().map(String::as_str)));
            proptest::prop_assert_eq!(keys_of_token_strs(words.iter().map(String::as_str)), two);
        }
    }

    proptest::proptest! {
        #[test]
        fn str_less_orders_as_str_does(a in "[a-c\\x00é]{0,11}", b in "[a-c\\x00é]{0,11}") {
            proptest::prop_assert_eq!(str_less(&a, &b), a < b);
            proptest::prop_assert_eq!(str_less(&b, &a), b < a);
            proptest::prop_assert!(!str_less(&a, &a));
        }

        #[test]
        fn sorted_key_sorts_dedups_and_joins(words in proptest::collection::vec("[a-c\\x00]{0,10}", 0..40)) {
            let mut strs: Vec<&str> = words.iter().map(String::as_str).collect();
            let len = words.iter().map(|w| w.len() + 1).sum::<usize>();
            let mut expected = strs.clone();
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(sorted_key(&mut strs, len), expected.join(" "));
        }
    }

    #[test]
    fn key_word_table_agrees_with_the_index() {
        let index = &*crate::word_index::KEY_WORDS;
        for (k, v) in index.iter() {
            assert_eq!(KEY_WORD_TABLE.get(k.as_bytes()), Some(v), "{k}");
            for extra in ["s", " ", "x"] {
                let longer = format!("{k}{extra}");
                assert_eq!(KEY_WORD_TABLE.get(longer.as_bytes()), index.get(longer.as_str()), "{longer}");
            }
            let shorter = k.char_indices().last().map_or("", |(i, _)| &k[..i]);
            assert_eq!(KEY_WORD_TABLE.get(shorter.as_bytes()), index.get(shorter), "{shorter}");
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
