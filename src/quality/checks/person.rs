//! Natural persons: family and given names not separated, family name missing, family and
//! given likely swapped; and a declared kind that the name contradicts.

use super::{key, Ctx};
use crate::model::{Kind, KindHint, KindReason};
use crate::quality::Suggestion;

fn is_given_name(word: &str) -> bool {
    let k = key(word);
    k.chars().count() >= 2 && !k.contains(' ') && crate::word_index::GIVEN_NAMES.contains_key(k.as_str())
}

fn is_initial(word: &str) -> bool {
    word.trim_end_matches('.').chars().count() <= 1
}

/// Whether an undeclared name the pipeline calls a person reads like one: two to four
/// words, no company or organization word, no place, no `of` or `&`.
fn looks_personal(ctx: &mut Ctx<'_>) -> bool {
    ctx.load_tokens();
    let n = ctx.tokens.len();
    (2..=4).contains(&n)
        && ctx.tokens.iter().all(|t| {
            let x = t.text.as_str();
            x != "of"
                && x != "&"
                && !crate::word_index::COMPANY_WORDS.contains_key(x)
                && !crate::word_index::ORGANIZATION_WORDS.contains_key(x)
                && !crate::word_index::CITIES.contains_key(x)
                && super::country::country_named(x).is_none()
        })
}

pub(super) fn check(ctx: &mut Ctx<'_>) {
    kind_conflict(ctx);
    let person = match ctx.rec.kind {
        Some(KindHint::Person) => true,
        Some(KindHint::Organization) => false,
        // Undeclared: only on good evidence (a title, a known given name); `FAMILY, Given`
        // alone also fits `UNILEVER N.V., ROTTERDAM`.
        None => {
            ctx.name.kind == Kind::Person
                && match &ctx.name.kind_reason {
                    KindReason::PersonAffix(_) => true,
                    // `Kaoru Motoya`, `SMITH John Paul`; not `Martin Universal Design`.
                    KindReason::GivenName(_) => {
                        ctx.cleaned().split_whitespace().count() == 2
                            || ctx
                                .name
                                .person
                                .as_ref()
                                .is_some_and(|p| p.order == crate::model::PersonOrder::CapitalizedFamily)
                    }
                    KindReason::FamilyCommaGiven => {
                        ctx.name.person.as_ref().is_some_and(|p| p.given.split_whitespace().any(is_given_name))
                    }
                    _ => false,
                }
                && ctx.forms().is_empty()
                && looks_personal(ctx)
        }
    };
    if !person {
        return;
    }
    let family = ctx.rec.family.as_deref().map(str::trim).unwrap_or("");
    let given = ctx.rec.given.as_deref().map(str::trim).unwrap_or("");
    let split = ctx.name.person.as_ref();
    let suggestion = || {
        split.filter(|p| !p.family.is_empty() && !p.given.is_empty()).map(|p| Suggestion {
            family: Some(p.family.clone()),
            given: Some(p.given.clone()),
            ..Default::default()
        })
    };
    if family.is_empty() && given.is_empty() {
        ctx.flag(
            "person.notSplit",
            "a natural person's name given as one string; give the family name and the given names in their own fields"
                .to_string(),
            None,
            suggestion(),
        );
        return;
    }
    if family.is_empty() {
        ctx.flag(
            "person.familyMissing",
            format!("given names `{given}` but no family name (the family name is required)"),
            None,
            None,
        );
        return;
    }
    if given.is_empty() {
        if family.split_whitespace().count() >= 2 || family.contains(',') {
            let s = crate::person::analyze(family, ctx.name.country.as_deref());
            let sug = (!s.parts.given.is_empty()).then(|| Suggestion {
                family: Some(s.parts.family.clone()),
                given: Some(s.parts.given.clone()),
                ..Default::default()
            });
            ctx.flag(
                "person.notSplit",
                format!("the whole name `{family}` is in the family-name field and the given-name field is empty"),
                None,
                sug,
            );
        }
        return;
    }
    // Swapped: the family field holds a known given name, the given field none.
    let fam_words: Vec<&str> = family.split_whitespace().collect();
    let giv_words: Vec<&str> = given.split_whitespace().filter(|w| !is_initial(w)).collect();
    if fam_words.len() == 1
        && is_given_name(fam_words[0])
        && !giv_words.is_empty()
        && giv_words.iter().all(|w| !is_given_name(w))
    {
        ctx.flag(
            "person.reversed",
            format!("family `{family}` is a given name and given `{given}` is not: the fields are probably swapped"),
            None,
            Some(Suggestion { family: Some(given.to_string()), given: Some(family.to_string()), ..Default::default() }),
        );
    }
}

fn kind_conflict(ctx: &mut Ctx<'_>) {
    match ctx.rec.kind {
        Some(KindHint::Person) => {
            ctx.load_tokens();
            let cleaned = ctx.cleaned();
            let n = ctx.tokens.len();
            if n < 2 {
                return;
            }
            let forms = ctx.forms();
            let toks = &ctx.tokens;
            let form = forms.into_iter().find(|&(i, k)| {
                let written = &cleaned[toks[i].span.start..toks[i + k - 1].span.end];
                let letters = written.chars().filter(|c| c.is_alphabetic()).count();
                let strong = written.contains('.')
                    || letters >= 4
                    || (letters >= 2
                        && written.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                        && cleaned.chars().any(char::is_lowercase));
                (i == 0 || i + k == n) && strong
            });
            let org_word = toks.iter().find(|t| crate::word_index::ORGANIZATION_WORDS.contains_key(t.text.as_str()));
            let what = if let Some((i, k)) = form {
                Some(format!("legal form `{}`", &cleaned[toks[i].span.start..toks[i + k - 1].span.end]))
            } else {
                org_word.map(|t| format!("organization word `{}`", &cleaned[t.span.clone()]))
            };
            if let Some(what) = what {
                ctx.flag("kind.conflict", format!("declared a person, but the name has the {what}"), None, None);
            }
        }
        Some(KindHint::Organization) => {
            let cleaned = ctx.cleaned();
            if !cleaned.contains(',') || ctx.name.legal_form.is_some() {
                return;
            }
            let a = crate::person::analyze(cleaned, ctx.name.country.as_deref());
            if a.evidence != Some(KindReason::FamilyCommaGiven) {
                return;
            }
            ctx.load_tokens();
            if !ctx.forms().is_empty()
                || ctx.tokens.iter().any(|t| crate::word_index::ORGANIZATION_WORDS.contains_key(t.text.as_str()))
            {
                return;
            }
            {
                ctx.flag(
                    "kind.conflict",
                    "declared an organization, but the name is written like a person's (`FAMILY, Given`)".to_string(),
                    None,
                    None,
                );
            }
        }
        None => {}
    }
}
