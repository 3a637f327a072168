//! Country codes (ISO 3166-1 alpha-2, not WIPO ST.3 office codes) and names that are only a
//! country or a city.

use super::{key, Ctx};
use crate::quality::Suggestion;
use namestd_dictionaries as dicts;
use std::sync::LazyLock;

/// WIPO ST.3 codes of offices and organizations that are not countries, with their names.
const OFFICE_CODES: &[(&str, &str)] = &[
    ("AP", "African Regional Intellectual Property Organization (ARIPO)"),
    ("BX", "Benelux Office for Intellectual Property"),
    ("EA", "Eurasian Patent Organization"),
    ("EM", "European Union Intellectual Property Office"),
    ("EP", "European Patent Office"),
    ("EU", "European Union"),
    ("GC", "Patent Office of the Cooperation Council for the Arab States of the Gulf"),
    ("IB", "International Bureau of WIPO"),
    ("OA", "African Intellectual Property Organization (OAPI)"),
    ("QZ", "Community Plant Variety Office (EU)"),
    ("WO", "World Intellectual Property Organization (PCT)"),
    ("XN", "Nordic Patent Institute"),
    ("XU", "International Union for the Protection of New Varieties of Plants (UPOV)"),
    ("XV", "Visegrad Patent Institute"),
    ("XX", "unknown state or organization"),
];

/// Country names (English short name and the other names of countries.tsv), by folded
/// key, to their code.
static COUNTRY_NAMES: LazyLock<crate::quality::rules::FastMap<String, &'static str>> = LazyLock::new(|| {
    let mut m = crate::quality::rules::FastMap::default();
    for c in dicts::COUNTRIES {
        for n in std::iter::once(&c.name).chain(c.names.iter()) {
            let k = key(n);
            if !k.is_empty() {
                m.entry(k).or_insert(c.code);
            }
        }
    }
    m
});

/// The first words of the keys of [`COUNTRY_NAMES`] and of the cities: a name whose key
/// starts with another word is neither a country nor a city, and is not looked up.
static PLACE_FIRST_WORDS: LazyLock<crate::quality::rules::FastMap<&'static str, ()>> = LazyLock::new(|| {
    let countries = COUNTRY_NAMES.keys().map(String::as_str);
    let cities = crate::word_index::CITIES.keys().map(|k| &**k);
    countries.chain(cities).map(|k| (k.split(' ').next().unwrap_or(k), ())).collect()
});

/// The code of a country named `text` (any name countries.tsv lists for it).
pub(crate) fn country_named(text: &str) -> Option<&'static str> {
    let k = key(text);
    let k = k.strip_prefix("the ").unwrap_or(&k);
    COUNTRY_NAMES.get(k).copied()
}

/// The text of a form token.
fn token_text(t: &namestd_dictionaries::key::FormToken) -> &str {
    t.text.as_str()
}

/// The first word of the key `key`'s short path gives `text` (lower-cased letters and
/// digits, periods dropped, any other byte ending the word), less a leading `the ` as
/// `name_is_place` strips it, written into `buf`: `Some("")` when there is no letter or
/// digit, `None` when the word does not fit (the caller then cannot skip the name). When
/// the short path does not apply to `text`, the word is read all the same (it is then only
/// one more word the name is let through for).
fn short_key_first_word<'b>(text: &str, buf: &'b mut [u8; 48]) -> Option<&'b str> {
    let b = text.as_bytes();
    // The word from byte `i`: (length written into `buf`, the byte after it), or None when
    // it does not fit.
    let word = |mut i: usize, buf: &mut [u8; 48]| -> Option<(usize, usize)> {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let mut n = 0;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.') {
            if b[i] != b'.' {
                *buf.get_mut(n)? = b[i].to_ascii_lowercase();
                n += 1;
            }
            i += 1;
        }
        Some((n, i))
    };
    let (n, next) = word(0, buf)?;
    if &buf[..n] == b"the" && b[next..].iter().any(u8::is_ascii_alphanumeric) {
        let (m, _) = word(next, buf)?;
        return std::str::from_utf8(&buf[..m]).ok();
    }
    std::str::from_utf8(&buf[..n]).ok()
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    code(ctx);
    name_is_place(ctx);
}

fn code(ctx: &mut Ctx<'_>) {
    let Some(raw) = ctx.rec.country.as_deref() else { return };
    if raw.trim().is_empty() {
        return;
    }
    let t = raw.trim();
    let up = if t.bytes().all(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(t)
    } else {
        std::borrow::Cow::Owned(t.to_ascii_uppercase())
    };
    let up = up.as_ref();
    if let Some((_, office)) = OFFICE_CODES.iter().find(|(c, _)| *c == up) {
        ctx.flag(
            "country.officeCode",
            format!("`{t}` is the WIPO ST.3 code of the {office}, not a country; give the applicant's country of residence or nationality"),
            None,
            None,
        );
        return;
    }
    if dicts::COUNTRIES.is_empty() {
        return; // no country table embedded: nothing to check against
    }
    if super::country(up).is_some() {
        if t != raw || t != up {
            ctx.flag(
                "country.format",
                format!("country code `{raw}` should be written `{up}`"),
                None,
                Some(Suggestion {
                    moved: Some(up.to_string()),
                    field: Some("country".to_string()),
                    ..Default::default()
                }),
            );
        }
        return;
    }
    let named = country_named(t);
    let hint = named.map(|c| format!(" (`{t}` is the name of {c})")).unwrap_or_default();
    ctx.flag(
        "country.invalid",
        format!("`{t}` is not an ISO 3166-1 alpha-2 country code{hint}"),
        None,
        named.map(|c| Suggestion {
            moved: Some(c.to_string()),
            field: Some("country".to_string()),
            ..Default::default()
        }),
    );
}

fn name_is_place(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    // Only short names without a legal form or digits can be a place name alone.
    if cleaned.len() > 60 || ctx.name.kind == crate::model::Kind::Person || ctx.name.legal_form.is_some() {
        return;
    }
    // The key looked up below, less a leading `the `, must start with a word that starts a
    // key of the tables. `key` gives either `form_key` (the form tokens joined by spaces:
    // the first token, or the second after `the`) or its short path's key (see
    // `short_key_first_word`): the name is skipped only when neither first word can match.
    ctx.load_tokens();
    let first = match ctx.tokens.as_slice() {
        [t, u, ..] if t.text == "the" => token_text(u),
        [t, ..] => token_text(t),
        [] => "",
    };
    if !PLACE_FIRST_WORDS.contains_key(first) {
        let mut buf = [0u8; 48];
        // The same word as the token's (the usual case) is not looked up again.
        let short = short_key_first_word(cleaned, &mut buf);
        if short.is_some_and(|w| w == first || !PLACE_FIRST_WORDS.contains_key(w)) {
            return;
        }
    }
    if cleaned.split_whitespace().count() > 6 || cleaned.chars().any(|c| c.is_ascii_digit()) {
        return;
    }
    let span = ctx.span_cleaned(0, cleaned.len());
    let moved = || {
        Some(Suggestion { moved: Some(cleaned.to_string()), field: Some("address".to_string()), ..Default::default() })
    };
    // The formal name of a state is a real applicant (`United States of America`,
    // `Bundesrepublik Deutschland`); only the short name alone is a misplaced country.
    let formal = || {
        ctx.lower.contains(" of ")
            || [
                "republic",
                "republik",
                "république",
                "republica",
                "república",
                "kingdom of",
                "commonwealth",
                "federation",
            ]
            .iter()
            .any(|w| ctx.lower.contains(w))
    };
    let k = key(cleaned);
    let k = k.strip_prefix("the ").unwrap_or(&k);
    if let Some(code) = COUNTRY_NAMES.get(k).copied().filter(|_| !formal()) {
        ctx.flag(
            "name.isCountry",
            format!("`{cleaned}` is the name of a country ({code}), not of an applicant"),
            span,
            Some(Suggestion {
                moved: Some(code.to_string()),
                field: Some("country".to_string()),
                ..Default::default()
            }),
        );
        return;
    }
    if !k.is_empty() && crate::word_index::CITIES.contains_key(k) {
        ctx.flag("name.isCity", format!("`{cleaned}` is the name of a city, not of an applicant"), span, moved());
    }
}

#[cfg(test)]
mod tests {
    use super::{key, short_key_first_word, COUNTRY_NAMES, PLACE_FIRST_WORDS};
    use namestd_dictionaries::key::form_tokens;

    proptest::proptest! {
        /// The first word of the key `name_is_place` looks up is the one of the form
        /// tokens or the one of the short path: the filter never skips a name whose key
        /// could match.
        #[test]
        fn key_first_word_is_one_of_the_two(s in "(the |The )?[aTh1 .,'&-]{0,16}") {
            let k = key(&s);
            let k = k.strip_prefix("the ").unwrap_or(&k);
            let want = k.split(' ').next().unwrap_or("");
            let toks = form_tokens(&s);
            let t = match toks.as_slice() {
                [t, u, ..] if t.text == "the" => u.text.as_str(),
                [t, ..] => t.text.as_str(),
                [] => "",
            };
            let mut buf = [0u8; 48];
            let short = short_key_first_word(&s, &mut buf);
            proptest::prop_assert!(want == t || short == Some(want), "{s:?}: {want:?} {t:?} {short:?}");
        }
    }

    /// The first-word filter of `name_is_place` lets every country name through, read as
    /// the rule reads a name (the first form token, the second after `the`).
    #[test]
    fn every_country_name_passes_the_first_word_filter() {
        for c in namestd_dictionaries::COUNTRIES {
            for n in std::iter::once(&c.name).chain(c.names.iter()) {
                let k = key(n);
                if !COUNTRY_NAMES.contains_key(k.strip_prefix("the ").unwrap_or(&k)) {
                    continue;
                }
                let toks = form_tokens(n);
                let first = match toks.as_slice() {
                    [t, u, ..] if t.text == "the" => u.text.as_str(),
                    [t, ..] => t.text.as_str(),
                    [] => continue,
                };
                assert!(PLACE_FIRST_WORDS.contains_key(first), "{n}");
            }
        }
    }
}
