//! Mojibake repair: UTF-8 that was read as Windows-1252 or Latin-1, once or twice
//! (`FÃ¶rderung`, `FÃƒÂ¶rderung` → `Förderung`).

use super::{CleanContext, TextStage};

/// Re-decodes text whose characters, taken as Windows-1252 bytes, form valid UTF-8 with
/// fewer suspicious characters. Real names such as `Müller GmbH` are left alone: `ü` alone
/// is not valid UTF-8 once encoded.
pub struct Mojibake;

/// The Windows-1252 byte of a character, if it has one.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) || (0x80..=0x9F).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Characters that appear as the first byte of a mis-decoded UTF-8 sequence.
fn is_lead(c: char) -> bool {
    matches!(c as u32, 0xC2..=0xF4)
}

/// Whether a word holds a lead character followed by a continuation character, the mark
/// of UTF-8 read as Windows-1252.
fn suspicious(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if is_lead(c) && chars.peek().and_then(|&n| cp1252_byte(n)).is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            return true;
        }
    }
    false
}

/// The word re-decoded, if it looks like mojibake and decodes cleanly.
fn repair_word(word: &str) -> Option<String> {
    if !suspicious(word) {
        return None;
    }
    let bytes: Vec<u8> = word.chars().map(cp1252_byte).collect::<Option<_>>()?;
    String::from_utf8(bytes).ok().filter(|s| s != word)
}

/// One round of repair, word by word (`Müller FÃ¶rderung 株式会社` → `Müller Förderung
/// 株式会社`): a word is repaired when it looks like mojibake and decodes cleanly.
fn repair_once(text: &str) -> Option<String> {
    if !suspicious(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match repair_word(word) {
            Some(r) => {
                out.push_str(&r);
                changed = true;
            }
            None => out.push_str(word),
        }
    }
    changed.then_some(out)
}

impl TextStage for Mojibake {
    fn id(&self) -> &'static str {
        "mojibake"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        if text.is_ascii() {
            return None;
        }
        let mut cur = repair_once(text)?;
        for _ in 0..2 {
            match repair_once(&cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Option<String> {
        Mojibake.apply(s, &mut CleanContext::default())
    }

    #[test]
    fn repairs_single_and_double() {
        assert_eq!(r("FÃ¶rderung").as_deref(), Some("Förderung"));
        assert_eq!(r("FÃƒÂ¶rderung").as_deref(), Some("Förderung"));
        assert_eq!(r("SociÃ©tÃ© GÃ©nÃ©rale").as_deref(), Some("Société Générale"));
        assert_eq!(r("Ð“Ð°Ð·Ð¿Ñ€Ð¾Ð¼").as_deref(), Some("Газпром"));
        assert_eq!(r("Müller FÃ¶rderung 株式会社").as_deref(), Some("Müller Förderung 株式会社"));
    }

    #[test]
    fn leaves_real_names() {
        for s in ["Müller GmbH", "Société Générale", "Ångström AB", "ÖSTERREICH", "Ã", "Газпром", "株式会社東芝"]
        {
            assert_eq!(r(s), None, "{s}");
        }
    }
}
