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
    // The key looked up below is the form tokens joined by spaces (`key` gives `form_key`),
    // less a leading `the `: its first word is the first token, or the second after `the`.
    ctx.load_tokens();
    let first = match ctx.tokens.as_slice() {
        [t, u, ..] if t.text == "the" => u.text.as_str(),
        [t, ..] => t.text.as_str(),
        [] => return,
    };
    if !PLACE_FIRST_WORDS.contains_key(first) {
        return;
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
    use super::{key, COUNTRY_NAMES, PLACE_FIRST_WORDS};
    use namestd_dictionaries::key::form_tokens;

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
