//! HTML and SGML character references (`&amp;`, `&OACUTE;`, `&#233;`, `&#xE9;`) and the
//! proprietary codes of old patent data (`{UMLAUT OVER (A)}`), decoded to characters.

use super::{CleanContext, TextStage};
use unicode_normalization::UnicodeNormalization;

/// Decodes character references and proprietary accent codes.
pub struct Entities;

/// Named references that are not `<letter><accent>`.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "szlig" => "ß",
        "aelig" => "æ",
        "oelig" => "œ",
        "oslash" => "ø",
        "eth" => "ð",
        "thorn" => "þ",
        "ndash" | "mdash" | "hyphen" | "dash" => "-",
        "lsquo" | "rsquo" | "sbquo" => "'",
        "ldquo" | "rdquo" | "bdquo" | "laquo" | "raquo" => "\"",
        "hellip" => "...",
        "middot" | "bull" | "ctdot" => ".",
        "reg" => "®",
        "trade" => "™",
        "copy" => "©",
        "sect" => "§",
        "excl" => "!",
        "num" => "#",
        "percnt" => "%",
        "plus" => "+",
        "comma" => ",",
        "period" => ".",
        "sol" => "/",
        "colon" => ":",
        "semi" => ";",
        "equals" => "=",
        "quest" => "?",
        "commat" => "@",
        "lpar" => "(",
        "rpar" => ")",
        "lsqb" => "[",
        "rsqb" => "]",
        "deg" => "°",
        _ => return None,
    })
}

/// The combining mark of an accent name (`acute`, `UMLAUT`, ...).
fn accent(name: &str) -> Option<char> {
    Some(match name {
        "acute" => '\u{0301}',
        "grave" => '\u{0300}',
        "circ" | "circumflex" => '\u{0302}',
        "tilde" => '\u{0303}',
        "uml" | "umlaut" | "diaeresis" => '\u{0308}',
        "ring" => '\u{030A}',
        "cedil" | "cedilla" => '\u{0327}',
        "caron" | "haeck" | "hacek" => '\u{030C}',
        "macr" | "overscore" | "macron" => '\u{0304}',
        "breve" => '\u{0306}',
        "dot" | "dot over" => '\u{0307}',
        "ogon" | "ogonek" => '\u{0328}',
        "dblac" => '\u{030B}',
        _ => return None,
    })
}

/// Decodes one reference body (between `&` and `;`), keeping the case of SGML upper-case
/// references (`OACUTE` → `Ó`, `Oacute` → `Ó`, `oacute` → `ó`).
fn decode_ref(body: &str) -> Option<String> {
    if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        let c = char::from_u32(code)?;
        return Some(if c.is_control() { " ".to_string() } else { c.to_string() });
    }
    let lower = body.to_ascii_lowercase();
    if let Some(s) = named(&lower) {
        let all_upper = body.len() > 1 && body.bytes().all(|b| b.is_ascii_uppercase());
        let first_upper = body.as_bytes().first().is_some_and(|b| b.is_ascii_uppercase());
        return Some(if (all_upper || first_upper) && s.chars().all(char::is_alphabetic) && s != "ß" {
            s.to_uppercase()
        } else {
            s.to_string()
        });
    }
    let mut chars = body.chars();
    let base = chars.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mark = accent(&lower[1..])?;
    let upper = base.is_ascii_uppercase();
    let letter = if upper { base.to_ascii_uppercase() } else { base.to_ascii_lowercase() };
    Some([letter, mark].iter().collect::<String>().nfc().collect())
}

/// Decodes `{MARK OVER (X)}`, in either case (`{umlaut over (n)}`).
fn decode_proprietary(body: &str) -> Option<String> {
    let (mark, rest) =
        body.split_once(" OVER (").or_else(|| body.split_once(" over (")).or_else(|| body.split_once(" ("))?;
    let letter = rest.strip_suffix(')')?;
    let mut it = letter.chars();
    let (Some(l), None) = (it.next(), it.next()) else { return None };
    let m = accent(&mark.to_ascii_lowercase())?;
    Some([l, m].iter().collect::<String>().nfc().collect())
}

impl TextStage for Entities {
    fn id(&self) -> &'static str {
        "entities"
    }

    fn apply(&self, text: &str, _: &mut CleanContext) -> Option<String> {
        if !text.contains('&') && !text.contains('{') {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut changed = false;
        while let Some(pos) = rest.find(['&', '{']) {
            out.push_str(&rest[..pos]);
            let tail = &rest[pos..];
            let (close, decode): (char, fn(&str) -> Option<String>) =
                if tail.starts_with('&') { (';', decode_ref) } else { ('}', decode_proprietary) };
            let decoded = tail[1..]
                .find(close)
                .filter(|&end| end > 0 && end <= 32)
                .and_then(|end| decode(&tail[1..1 + end]).map(|s| (s, end)));
            match decoded {
                Some((s, end)) => {
                    out.push_str(&s);
                    rest = &tail[end + 2..];
                    changed = true;
                }
                None => {
                    out.push_str(&tail[..1]);
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        changed.then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        Entities.apply(s, &mut CleanContext::default()).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn decodes_references() {
        assert_eq!(d("AT&amp;T"), "AT&T");
        assert_eq!(d("AT&AMP;T"), "AT&T");
        assert_eq!(d("GR&OACUTE;NINGEN"), "GRÓNINGEN");
        assert_eq!(d("caf&eacute;"), "café");
        assert_eq!(d("caf&#233; &#xE9;"), "café é");
        assert_eq!(d("M{UMLAUT OVER (U)}LLER"), "MÜLLER");
        assert_eq!(d("I{umlaut over (n)}ternational"), "In\u{308}ternational");
        assert_eq!(d("Smith & Jones; Ltd"), "Smith & Jones; Ltd");
        assert_eq!(d("&unknown; & &#xZZ;"), "&unknown; & &#xZZ;");
        assert_eq!(d("STRA&SZLIG;E"), "STRAßE");
    }
}
