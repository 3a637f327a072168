//! Text helpers shared by the importers: whitespace, canonical abbreviations, join keys,
//! letter folding, script detection and mojibake repair.

use crate::fold_table::FOLD;

/// Trims `s` and collapses every run of whitespace (including no-break spaces) to one space.
///
/// ```
/// assert_eq!(namestd_dict_import::text::collapse_ws("  Sp.\u{a0} z  o.o. "), "Sp. z o.o.");
/// ```
pub fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The canonical spelling of an abbreviation or name: upper case, periods removed, commas
/// turned into spaces, whitespace collapsed. The script is kept.
///
/// ```
/// use namestd_dict_import::text::canonical;
/// assert_eq!(canonical("G.m.b.H."), "GMBH");
/// assert_eq!(canonical("S.p.A."), "SPA");
/// assert_eq!(canonical("Sh.p.k."), "SHPK");
/// assert_eq!(canonical("Co., Ltd."), "CO LTD");
/// assert_eq!(canonical("ООО"), "ООО");
/// ```
pub fn canonical(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '.' | '\u{2024}' => {}
            ',' | '\u{3001}' => out.push(' '),
            _ => out.extend(c.to_uppercase()),
        }
    }
    // Join runs of single letters written with spaces (`S. A. de C. V.` → `SA DE CV`).
    let mut words: Vec<String> = Vec::new();
    let mut prev_single = false;
    for w in out.split_whitespace() {
        let single = w.chars().count() == 1 && w.chars().all(char::is_alphabetic);
        if single && prev_single {
            if let Some(last) = words.last_mut() {
                last.push_str(w);
                continue;
            }
        }
        prev_single = single;
        words.push(w.to_string());
    }
    words.join(" ")
}

/// Whether `c` is punctuation for the join key (not a letter, digit, mark or space).
fn is_punct(c: char) -> bool {
    !(c.is_alphanumeric() || c.is_whitespace() || is_mark(c))
}

/// Whether `c` is a combining mark (the common combining blocks).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x3099..=0x309A)
}

/// The key that decides whether two written forms are the same form: lower case, periods
/// removed, commas as spaces, spaces around other punctuation removed, runs of single
/// letters joined (`S. A.` = `S.A.` = `SA`). Accents are kept (`Société` ≠ `Societe`).
///
/// ```
/// use namestd_dict_import::text::join_key;
/// assert_eq!(join_key("S.A."), "sa");
/// assert_eq!(join_key("S. A."), "sa");
/// assert_eq!(join_key("GmbH & Co. KG"), "gmbh&co kg");
/// assert_eq!(join_key("Co., Ltd."), "co ltd");
/// assert_eq!(join_key("Société Anonyme"), "société anonyme");
/// ```
pub fn join_key(s: &str) -> String {
    let mut lowered = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '.' | '\u{2024}' => lowered.push(' '),
            ',' => lowered.push(' '),
            _ => lowered.extend(c.to_lowercase()),
        }
    }
    // Tokens: words and single punctuation characters.
    let mut tokens: Vec<(String, bool)> = Vec::new(); // (text, is_punct)
    let mut cur = String::new();
    for c in lowered.chars() {
        if c.is_whitespace() {
            if !cur.is_empty() {
                tokens.push((std::mem::take(&mut cur), false));
            }
        } else if is_punct(c) {
            if !cur.is_empty() {
                tokens.push((std::mem::take(&mut cur), false));
            }
            tokens.push((c.to_string(), true));
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        tokens.push((cur, false));
    }
    // Periods separate letters without a space in the written form (`S.A.` → `s a`), so
    // join runs of single letters (not across punctuation).
    let mut words: Vec<(String, bool, bool)> = Vec::new(); // (text, is_punct, is_letter_run)
    for (t, p) in tokens {
        let single = !p && t.chars().count() == 1 && t.chars().all(char::is_alphabetic);
        if single {
            if let Some((last, false, true)) = words.last_mut() {
                last.push_str(&t);
                continue;
            }
        }
        words.push((t, p, single));
    }
    let mut out = String::new();
    let mut prev_punct = true;
    for (w, p, _) in &words {
        if !out.is_empty() && !p && !prev_punct {
            out.push(' ');
        }
        out.push_str(w);
        prev_punct = *p;
    }
    out
}

/// Lower case with diacritics removed for Latin, Greek and Cyrillic letters (`Société` →
/// `societe`, `Ανώνυμη` → `ανωνυμη`, `ß` → `ss`); other characters are lower-cased.
///
/// ```
/// use namestd_dict_import::text::fold;
/// assert_eq!(fold("Société Générale"), "societe generale");
/// assert_eq!(fold("AKTIEBOLAGET"), "aktiebolaget");
/// assert_eq!(fold("Straße"), "strasse");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_mark(c) {
            continue;
        } else if let Ok(i) = FOLD.binary_search_by(|(k, _)| k.cmp(&c)) {
            out.push_str(FOLD[i].1);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The writing systems the importer distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Greek letters.
    Greek,
    /// Cyrillic letters.
    Cyrillic,
    /// Armenian letters.
    Armenian,
    /// Georgian letters.
    Georgian,
    /// Hebrew letters.
    Hebrew,
    /// Arabic letters.
    Arabic,
    /// Devanagari and other Indic scripts.
    Indic,
    /// Thai, Lao, Khmer and Myanmar (written without spaces between words).
    SoutheastAsian,
    /// Ethiopic.
    Ethiopic,
    /// Han ideographs (including enclosed ideographs such as `㈱`).
    Han,
    /// Hiragana and Katakana.
    Kana,
    /// Hangul (including enclosed Hangul such as `㈜`).
    Hangul,
    /// Any other letter.
    Other,
}

impl Script {
    /// Whether the script writes words without spaces between them.
    pub fn is_unspaced(self) -> bool {
        matches!(self, Script::Han | Script::Kana | Script::SoutheastAsian)
    }
}

/// The script of a letter, or `None` for digits, punctuation, spaces and marks.
pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    let s = match u {
        0x3200..=0x321E | 0x3260..=0x327E => Script::Hangul,
        0x3220..=0x3247 | 0x3280..=0x32FF => Script::Han,
        _ if !c.is_alphabetic() => return None,
        0x0041..=0x024F | 0x0250..=0x02AF | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0xFF21..=0xFF5A => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x10A0..=0x10FF => Script::Georgian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0900..=0x0DFF => Script::Indic,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => Script::SoutheastAsian,
        0x1200..=0x139F => Script::Ethiopic,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => {
            Script::Han
        }
        _ => Script::Other,
    };
    Some(s)
}

/// The script most letters of `s` are written in (ties go to the script seen first); Kana
/// mixed with Han counts as Kana (Japanese). `None` when `s` has no letters.
///
/// ```
/// use namestd_dict_import::text::{dominant_script, Script};
/// assert_eq!(dominant_script("ООО"), Some(Script::Cyrillic));
/// assert_eq!(dominant_script("(株)"), Some(Script::Han));
/// assert_eq!(dominant_script("S.A."), Some(Script::Latin));
/// assert_eq!(dominant_script("..."), None);
/// ```
pub fn dominant_script(s: &str) -> Option<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in s.chars() {
        if let Some(sc) = script_of(c) {
            match counts.iter_mut().find(|(k, _)| *k == sc) {
                Some((_, n)) => *n += 1,
                None => counts.push((sc, 1)),
            }
        }
    }
    if counts.iter().any(|(k, _)| *k == Script::Kana) && counts.iter().any(|(k, _)| *k == Script::Han) {
        return Some(Script::Kana);
    }
    let mut best: Option<(Script, usize)> = None;
    for (k, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k)
}

/// Whether every letter of `s` is in `script`.
pub fn is_all_script(s: &str, script: Script) -> bool {
    s.chars().filter_map(script_of).all(|sc| sc == script)
}

/// Repairs text that was UTF-8 decoded as Latin-1 (`veÅ\u{99}.` → `veř.`). Returns the
/// repaired text, or `None` when `s` shows no sign of that (or cannot be repaired).
///
/// ```
/// use namestd_dict_import::text::repair_mojibake;
/// assert_eq!(repair_mojibake("ve\u{c5}\u{99}. obch. spol.").as_deref(), Some("veř. obch. spol."));
/// assert_eq!(repair_mojibake("société"), None);
/// assert_eq!(repair_mojibake("gmbh"), None);
/// ```
pub fn repair_mojibake(s: &str) -> Option<String> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xFF) {
        return None;
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(fixed) if fixed != s => Some(fixed),
        _ => None,
    }
}

/// Whether `s` still looks like mojibake (C1 control characters, or `Ã`/`Â`/`Å` followed by
/// a Latin-1 symbol, or the replacement character).
pub fn looks_like_mojibake(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().any(|&c| ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{fffd}')
        || chars.windows(2).any(|w| matches!(w[0], 'Ã' | 'Â' | 'Å') && ('\u{80}'..='\u{bf}').contains(&w[1]))
}

/// Maps Cyrillic letters that look like Latin ones to Latin (`ZAО` with a Cyrillic `О`
/// → `ZAO`), for fields that should be Latin.
///
/// ```
/// assert_eq!(namestd_dict_import::text::latin_homoglyphs("ZA\u{41e}"), "ZAO");
/// ```
pub fn latin_homoglyphs(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'А' => 'A',
            'В' => 'B',
            'Е' => 'E',
            'К' => 'K',
            'М' => 'M',
            'Н' => 'H',
            'О' => 'O',
            'Р' => 'P',
            'С' => 'C',
            'Т' => 'T',
            'Х' => 'X',
            'У' => 'Y',
            'а' => 'a',
            'е' => 'e',
            'о' => 'o',
            'р' => 'p',
            'с' => 'c',
            'у' => 'y',
            'х' => 'x',
            'і' => 'i',
            'ј' => 'j',
            'ѕ' => 's',
            'І' => 'I',
            'Ј' => 'J',
            'Ѕ' => 'S',
            _ => c,
        })
        .collect()
}

/// Splits a `;`-separated list, trimming items and dropping empty ones.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(';').map(collapse_ws).filter(|s| !s.is_empty()).collect()
}

/// Number of whitespace-separated words.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Number of letters (alphabetic characters).
pub fn letter_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Makes a string safe for a TSV cell: tabs, newlines and carriage returns become spaces.
pub fn cell(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) {
        collapse_ws(&s.replace(['\t', '\n', '\r'], " "))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_examples() {
        assert_eq!(canonical("G.m.b.H."), "GMBH");
        assert_eq!(canonical("S.p.A."), "SPA");
        assert_eq!(canonical("Sh.p.k."), "SHPK");
        assert_eq!(canonical("Sp. z o.o."), "SP Z OO");
        assert_eq!(canonical("GmbH & Co. KG"), "GMBH & CO KG");
        assert_eq!(canonical("株式会社"), "株式会社");
        assert_eq!(canonical("Ε.Π.Ε."), "ΕΠΕ");
        assert_eq!(canonical("S. A. de C. V."), "SA DE CV");
        assert_eq!(canonical("S. de R. L."), "S DE RL");
    }

    #[test]
    fn join_keys() {
        assert_eq!(join_key("S.A."), "sa");
        assert_eq!(join_key("S A"), "sa");
        assert_eq!(join_key("s.a"), "sa");
        assert_eq!(join_key("S.A. de C.V."), "sa de cv");
        assert_eq!(join_key("S. de R.L. de C.V."), "s de rl de cv");
        assert_eq!(join_key("A/S"), "a/s");
        assert_eq!(join_key("GmbH & Co. KG"), "gmbh&co kg");
        assert_eq!(join_key("GMBH & CO.KG"), "gmbh&co kg");
        assert_eq!(join_key("Sp. z o.o."), "sp zoo");
        assert_eq!(join_key("Sp. z o. o."), "sp zoo");
        assert_eq!(join_key("(PTY) LTD"), "(pty)ltd");
        assert_eq!(join_key("LTD.."), "ltd");
        assert_eq!(join_key("ООО"), "ооо");
        assert_eq!(join_key("Kabushiki Kaisha"), "kabushiki kaisha");
        assert_eq!(join_key("Ανώνυμη Εταιρεία"), "ανώνυμη εταιρεία");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Coöperatie"), "cooperatie");
        assert_eq!(fold("Ανώνυμη"), "ανωνυμη");
        assert_eq!(fold("Акционерное"), "акционерное");
        assert_eq!(fold("ŁÓDŹ"), "lodz");
    }

    #[test]
    fn scripts() {
        assert_eq!(dominant_script("株式会社"), Some(Script::Han));
        assert_eq!(dominant_script("合同会社"), Some(Script::Han));
        assert_eq!(dominant_script("その他"), Some(Script::Kana));
        assert_eq!(dominant_script("㈜"), Some(Script::Hangul));
        assert_eq!(dominant_script("주식회사"), Some(Script::Hangul));
        assert_eq!(dominant_script("บริษัท"), Some(Script::SoutheastAsian));
        assert_eq!(dominant_script("شركة"), Some(Script::Arabic));
        assert_eq!(dominant_script("בע\"מ"), Some(Script::Hebrew));
        assert!(Script::Han.is_unspaced());
        assert!(!Script::Latin.is_unspaced());
    }

    #[test]
    fn mojibake() {
        assert_eq!(repair_mojibake("spÃ³Å\u{82}ka").as_deref(), Some("spółka"));
        assert!(looks_like_mojibake("ve\u{c5}\u{99}."));
        assert!(!looks_like_mojibake("veř."));
        assert!(!looks_like_mojibake("société"));
    }

    #[test]
    fn cells_and_lists() {
        assert_eq!(split_list("S.L.; S.R.L.;;"), vec!["S.L.", "S.R.L."]);
        assert_eq!(cell("a\tb\nc"), "a b c");
        assert_eq!(word_count(" a  b c "), 3);
        assert_eq!(letter_count("S.A."), 2);
        assert_eq!(latin_homoglyphs("ТDA"), "TDA");
    }
}
