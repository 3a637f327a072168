//! Writing systems: look-alike letters of another script inside a word, words in
//! different scripts, Latin beside CJK, and Latin-only names for countries that write
//! another script.

use super::Ctx;
use crate::model::Script;
use crate::quality::Suggestion;

/// Cyrillic and Greek letters that look like Latin ones, and the Latin letter.
const CONFUSABLES: &[(char, char)] = &[
    ('а', 'a'),
    ('е', 'e'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('һ', 'h'),
    ('ԁ', 'd'),
    ('ԛ', 'q'),
    ('ԝ', 'w'),
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('Х', 'X'),
    ('І', 'I'),
    ('Ј', 'J'),
    ('Ѕ', 'S'),
    ('Ү', 'Y'),
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
    ('Ζ', 'Z'),
    ('Η', 'H'),
    ('Ι', 'I'),
    ('Κ', 'K'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Ο', 'O'),
    ('Ρ', 'P'),
    ('Τ', 'T'),
    ('Υ', 'Y'),
    ('Χ', 'X'),
    ('ο', 'o'),
    ('ν', 'v'),
    ('α', 'a'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('ρ', 'p'),
    ('τ', 't'),
    ('υ', 'u'),
];

fn latin_of(c: char) -> Option<char> {
    CONFUSABLES.iter().find(|(k, _)| *k == c).map(|(_, l)| *l)
}

fn cyrillic_of(c: char) -> Option<char> {
    CONFUSABLES.iter().take(29).find(|(_, l)| *l == c).map(|(k, _)| *k)
}

/// The script of a letter for these rules (`ª`, `º`, `µ` count as no script).
fn script(c: char) -> Option<Script> {
    if matches!(c, 'ª' | 'º' | 'µ') {
        return None;
    }
    Script::of(c)
}

fn is_cjk(s: Script) -> bool {
    matches!(s, Script::Han | Script::Kana | Script::Hangul)
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    if cleaned.is_ascii() {
        latin_only(ctx, true);
        return;
    }
    homoglyphs(ctx);
    let mut seen: Vec<Script> = Vec::new();
    for c in cleaned.chars() {
        if let Some(s) = script(c) {
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
    }
    let latin = seen.contains(&Script::Latin);
    let cjk = seen.iter().any(|s| is_cjk(*s));
    if latin && cjk && ctx.on("script.latinWithCjk") {
        ctx.flag("script.latinWithCjk", "Latin words beside Han, Kana or Hangul".to_string(), None, None);
    }
    if !ctx.fired("script.homoglyph") {
        // Writing systems: Han with Kana (Japanese) and Han with Hangul (Korean) are one
        // each; Latin beside CJK is reported above.
        let mut systems: Vec<&str> = Vec::new();
        let japanese = seen.contains(&Script::Kana);
        let korean = seen.contains(&Script::Hangul);
        for s in &seen {
            let sys = match s {
                Script::Latin if cjk => continue,
                Script::Han if japanese || korean => continue,
                Script::Han => "Han",
                Script::Kana => "Japanese",
                Script::Hangul => "Korean",
                Script::Latin => "Latin",
                Script::Cyrillic => "Cyrillic",
                Script::Greek => "Greek",
                Script::Arabic => "Arabic",
                Script::Hebrew => "Hebrew",
                Script::Thai => "Thai",
                Script::Indic => "Indic",
                Script::Other => "other",
            };
            if !systems.contains(&sys) {
                systems.push(sys);
            }
        }
        if systems.len() >= 2 {
            ctx.flag("script.mixed", format!("words in several scripts: {}", systems.join(", ")), None, None);
        }
    }
    latin_only(ctx, seen == [Script::Latin]);
}

/// Words mixing Latin with look-alike Cyrillic or Greek letters.
fn homoglyphs(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    let mut start: Option<usize> = None;
    let mut first: Option<(usize, usize)> = None;
    let mut count = 0;
    let bounds = cleaned.char_indices().map(|(i, c)| (i, Some(c))).chain(std::iter::once((cleaned.len(), None)));
    for (i, c) in bounds {
        let letter = c.is_some_and(|c| c.is_alphabetic());
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = &cleaned[s..i];
                let (mut lat, mut other) = (0, 0);
                for ch in w.chars() {
                    match script(ch) {
                        Some(Script::Latin) => lat += 1,
                        Some(Script::Cyrillic | Script::Greek) => other += 1,
                        _ => {}
                    }
                }
                if lat > 0 && other > 0 {
                    count += 1;
                    first.get_or_insert((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    let Some((s, e)) = first else { return };
    // Fix: each mixed word written in its majority script.
    let mut fixed = String::with_capacity(cleaned.len());
    let mut ok = true;
    for w in split_keep(cleaned) {
        let lat = w.chars().filter(|c| script(*c) == Some(Script::Latin)).count();
        let oth = w.chars().filter(|c| matches!(script(*c), Some(Script::Cyrillic | Script::Greek))).count();
        if lat > 0 && oth > 0 {
            for c in w.chars() {
                let m = if lat >= oth {
                    if matches!(script(c), Some(Script::Cyrillic | Script::Greek)) {
                        latin_of(c)
                    } else {
                        Some(c)
                    }
                } else if script(c) == Some(Script::Latin) {
                    cyrillic_of(c)
                } else {
                    Some(c)
                };
                match m {
                    Some(m) => fixed.push(m),
                    None => {
                        ok = false;
                        fixed.push(c);
                    }
                }
            }
        } else {
            fixed.push_str(w);
        }
    }
    let word = &cleaned[s..e];
    let span = ctx.span_cleaned(s, e);
    ctx.flag(
        "script.homoglyph",
        format!("`{word}` mixes Latin with look-alike Cyrillic or Greek letters ({count} word(s)); it will not match its real spelling"),
        span,
        ok.then(|| Suggestion::name(fixed)),
    );
}

/// `text` cut into runs of letters and runs of other characters.
fn split_keep(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let l = c.is_alphabetic();
        if prev.is_some_and(|p| p != l) {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(l);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn latin_only(ctx: &mut Ctx<'_>, only_latin: bool) {
    if !only_latin || !ctx.on("script.latinOnly") {
        return;
    }
    if ctx.rec.original_script_name.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        return;
    }
    let Some(cc) = ctx.name.country.as_deref() else { return };
    let Some(country) = super::country(cc) else { return };
    // The first script listed is the country's own; Latin after it is for transliterations.
    let Some(primary) = country.scripts.first() else { return };
    if primary.eq_ignore_ascii_case("latin") || primary.eq_ignore_ascii_case("latn") {
        return;
    }
    if !ctx.cleaned().chars().any(|c| c.is_ascii_alphabetic()) {
        return;
    }
    ctx.flag(
        "script.latinOnly",
        format!(
            "{} writes names in {}; this name is in Latin script only and no original-script form is given",
            country.code,
            country.scripts.iter().filter(|s| !s.eq_ignore_ascii_case("latin")).cloned().collect::<Vec<_>>().join(", ")
        ),
        None,
        None,
    );
}
