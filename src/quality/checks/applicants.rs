//! Several applicants in one field: `A GmbH; B Ltd`, `X Inc. and Y Corp.`,
//! `SMITH, John; DOE, Jane`, `株式会社東芝、ソニー株式会社`. A connector between two parts of
//! one name (`Johnson & Johnson`, `Procter & Gamble Co.`, `AT&T`, `GmbH & Co. KG`) is not:
//! each part must carry its own legal form, or be a person written `FAMILY, Given`.

use super::Ctx;
use crate::quality::Suggestion;

/// Words that make the second part a unit of the first or its parent.
const UNIT_WORDS: &[&str] = &[
    "division",
    "divison",
    "div",
    "subsidiary",
    "dept",
    "department",
    "unit",
    "branch",
    "affiliate",
    "member",
    "nka",
    "fka",
    "formerly",
    "dba",
];

/// Words and symbols that join two applicants.
const CONNECTORS: &[&str] = &["&", "+", "and", "und", "et", "y", "e", "och", "en", "og", "ve", "и", "i"];

/// Whether a word is one of [`CONNECTORS`] but for ASCII case, by one comparison of its
/// lower-cased bytes.
fn is_connector(word: &str) -> bool {
    if word.len() > 3 {
        return false;
    }
    let mut buf = [0u8; 3];
    for (d, s) in buf.iter_mut().zip(word.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    // `и` is the two bytes D0 B8.
    matches!(
        &buf[..word.len()],
        b"&" | b"+" | b"and" | b"und" | b"et" | b"y" | b"e" | b"och" | b"en" | b"og" | b"ve" | b"\xd0\xb8" | b"i"
    )
}

fn suggestion(cleaned: &str, split: usize, rest: usize) -> Suggestion {
    let first = cleaned[..split].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '、'));
    Suggestion {
        name: Some(first.to_string()),
        moved: Some(cleaned[rest..].trim().to_string()),
        field: Some("applicant".to_string()),
        ..Default::default()
    }
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    if cleaned.len() < 7 {
        return;
    }
    let ascii = cleaned.is_ascii();
    if !ascii && cleaned.contains('、') {
        cjk(ctx);
        return;
    }
    if (cleaned.contains(';') || cleaned.contains(" / ")) && persons(ctx) {
        return;
    }
    // Something must join two names: a separator or a connector word.
    // Something must join two names, right after a legal form: a separator or a
    // connector word preceded by a word that is a form (`Inc. and`, `AG;`, `GmbH /`).
    // The last applicant's form ends the name, where the pipeline finds it.
    if ctx.name.legal_form.is_none() {
        return;
    }
    let d = ctx.std.dictionaries();
    let mut prev: Option<&str> = None;
    let mut joined = false;
    // No word holds a slash when the name has none: one search for all the words.
    let slash = cleaned.contains('/');
    for w in cleaned.split_whitespace() {
        let bare = w.trim_end_matches([',', ';', '/', '+']);
        let sep_after = bare.len() < w.len();
        let is_connector = w == "/" || is_connector(bare);
        if is_connector {
            if let Some(p) = prev {
                joined |= d.has_token_form(&super::key(p));
            }
        }
        if sep_after && !bare.is_empty() {
            joined |= d.has_token_form(&super::key(bare));
        }
        // `Foo GmbH/Bar AG`: a slash inside the word.
        if slash && bare.len() > 2 {
            if let Some((l, r)) = bare.split_once('/') {
                joined |= !r.is_empty() && d.has_token_form(&super::key(l));
            }
        }
        if joined {
            break;
        }
        prev = Some(bare);
    }
    if joined {
        organizations(ctx);
    }
}

fn organizations(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    ctx.load_tokens();
    if ctx.tokens.len() < 4 {
        return;
    }
    let forms = ctx.forms();
    let toks = &ctx.tokens;
    if forms.len() < 2 {
        return;
    }
    for w in forms.windows(2) {
        let (a, ak) = w[0];
        let (b, _) = w[1];
        let j = a + ak; // first token after form A
        if j >= b || a == 0 {
            continue;
        }
        let gap = &cleaned[toks[j - 1].span.end..toks[j].span.start];
        let (joined, name_from) = if gap.contains([';', '/', ',', '\n']) {
            (true, j)
        } else if CONNECTORS.contains(&toks[j].text.as_str()) {
            (true, j + 1)
        } else {
            (false, j)
        };
        // Form B is a real form, not a country code closing the name (`B.V., DELFT, NL`),
        // and the part before it is a name of its own, not a place (`Netherlands B.V.` is).
        let (bk, bw) = (w[1].1, &cleaned[toks[b].span.start..toks[b + w[1].1 - 1].span.end]);
        let country_tag = bk == 1
            && bw.len() == 2
            && bw.bytes().all(|c| c.is_ascii_uppercase())
            && cleaned[..toks[b].span.start].trim_end().ends_with(',');
        let own_name = (name_from..b).any(|t| {
            let x = toks[t].text.as_str();
            !crate::word_index::CITIES.contains_key(x) && super::country::country_named(x).is_none()
        });
        // `Foo Co., a Division of Bar Company`: a unit and its parent, not two applicants.
        let unit = (name_from..toks.len()).any(|t| UNIT_WORDS.contains(&toks[t].text.as_str()))
            // `Golden Peanut Company, a Georgia General Partnership`: a description.
            || matches!(toks[name_from].text.as_str(), "a" | "an" | "as");
        if joined && name_from < b && own_name && !country_tag && !unit {
            let split = toks[j - 1].span.end;
            let rest = toks[name_from].span.start;
            let span = ctx.span_cleaned(rest, cleaned.len());
            let msg = format!(
                "several applicants in one name: `{}` and `{}`; give each its own record",
                cleaned[..split].trim(),
                cleaned[rest..].trim()
            );
            ctx.flag("applicant.multiple", msg, span, Some(suggestion(cleaned, split, rest)));
            return;
        }
    }
}

/// `FAMILY, Given; FAMILY, Given` or with ` / `.
fn persons(ctx: &mut Ctx<'_>) -> bool {
    let cleaned = ctx.cleaned();
    let parts: Vec<&str> =
        if cleaned.contains(';') { cleaned.split(';').collect() } else { cleaned.split(" / ").collect() };
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| p.chars().any(char::is_alphabetic)).collect();
    if parts.len() < 2 {
        return false;
    }
    let person_like = |p: &str| {
        let mut it = p.splitn(2, ',');
        let (Some(f), Some(g)) = (it.next(), it.next()) else { return false };
        let nw = |s: &str| s.split_whitespace().count();
        (1..=3).contains(&nw(f))
            && (1..=4).contains(&nw(g))
            && p.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | ',' | '.' | '-' | '\''))
    };
    if !parts.iter().all(|p| person_like(p)) {
        return false;
    }
    let second = cleaned.find(parts[1]).unwrap_or(cleaned.len());
    let split = cleaned.find(parts[0]).map_or(0, |i| i + parts[0].len());
    let span = ctx.span_cleaned(second, cleaned.len());
    ctx.flag(
        "applicant.multiple",
        format!("{} persons in one name; give each its own record", parts.len()),
        span,
        Some(suggestion(cleaned, split, second)),
    );
    true
}

/// `株式会社東芝、ソニー株式会社`: parts joined by `、`, each with a legal form at an end.
fn cjk(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    let d = ctx.std.dictionaries();
    let parts: Vec<&str> = cleaned.split('、').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return;
    }
    let has_form = |p: &str| {
        d.char_forms(p, false).is_some_and(|(l, _)| l < p.len())
            || d.char_forms(p, true).is_some_and(|(l, _)| l < p.len())
    };
    if parts.iter().filter(|p| has_form(p)).count() >= 2 {
        let split = cleaned.find('、').unwrap_or(cleaned.len());
        let rest = split + '、'.len_utf8();
        let span = ctx.span_cleaned(rest, cleaned.len());
        ctx.flag(
            "applicant.multiple",
            format!("{} applicants in one name; give each its own record", parts.len()),
            span,
            Some(suggestion(cleaned, split, rest)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{is_connector, CONNECTORS};

    proptest::proptest! {
        #[test]
        fn connector_match_agrees_with_the_list(w in "[&+aAnNdDuUeEtTyYoOcChHgGvViI\u{438}\u{418}]{0,4}") {
            let expected = w.len() <= 3 && CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(&w));
            proptest::prop_assert_eq!(is_connector(&w), expected);
        }
    }

    #[test]
    fn connectors_are_matched() {
        for c in CONNECTORS {
            assert!(is_connector(c), "{c}");
            assert!(is_connector(&c.to_uppercase()) == c.is_ascii(), "{c}");
        }
    }
}
