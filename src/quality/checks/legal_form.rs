//! Legal forms: missing where the country expects one, written twice, misspelled, or not
//! valid for the stated country.

use super::{is_known_word, Ctx};
use crate::model::{JurisdictionDecision, Kind, KindHint, LegalForm};
use crate::pipeline::Standardizer;
use crate::quality::Suggestion;
use namestd_dictionaries::key::{form_key, FormToken};
use namestd_dictionaries::LEGAL_FORM_MAX_TOKENS;

/// Legal forms of the dictionaries prepared for the misspelling rule: single-word Latin
/// forms of four letters or more, by first letter.
#[derive(Debug, Default)]
pub(crate) struct FormIndex {
    /// `by_first[b - b'a']`: (folded key, form as written), for keys starting with that letter.
    by_first: Vec<Vec<(String, String)>>,
}

impl FormIndex {
    pub(crate) fn new(std: &Standardizer) -> Self {
        let mut by_first: Vec<Vec<(String, String)>> = vec![Vec::new(); 26];
        for r in std.dictionaries().records() {
            let k = form_key(&r.form);
            if k.len() < 4 || !k.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let bucket = &mut by_first[(k.as_bytes()[0] - b'a') as usize];
            if !bucket.iter().any(|(x, _)| *x == k) {
                bucket.push((k, r.form.clone()));
            }
        }
        FormIndex { by_first }
    }

    /// The known form nearest to a folded word, if it is close enough to be a misspelling:
    /// one edit for words up to eight letters, two for longer ones; a plural `s` is not a
    /// misspelling.
    fn nearest(&self, word: &str) -> Option<&(String, String)> {
        let first = *word.as_bytes().first()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        let max = if word.len() >= 9 { 2 } else { 1 };
        let mut best: Option<(usize, &(String, String))> = None;
        for cand in &self.by_first[(first - b'a') as usize] {
            let k = cand.0.as_str();
            if k.len().abs_diff(word.len()) > max || k == word {
                continue;
            }
            if word.strip_suffix('s').is_some_and(|w| w == k) || word.strip_suffix("es").is_some_and(|w| w == k) {
                continue;
            }
            // Short forms need a longer word: `Comp` is not `Corp` misspelled.
            if k.len().min(word.len()) < 5 && word.len() <= k.len() {
                continue;
            }
            let d = strsim::damerau_levenshtein(word, k);
            if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, cand));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Token windows of the cleaned name that are known legal forms: (first token, token
/// count), left to right, the longest form at each position. The embedded forms are found
/// by walking their fst once per position; forms an office added at run time by lookups.
pub(crate) fn forms_in_tokens(std: &Standardizer, tokens: &[FormToken]) -> Vec<(usize, usize)> {
    let fst = namestd_dictionaries::legal_form_tokens().as_fst();
    let extra = std.dictionaries().records().len() > namestd_dictionaries::LEGAL_FORM_ENTRIES.len();
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found = 0;
        let mut node = fst.root();
        'walk: for (j, t) in tokens[i..].iter().enumerate().take(LEGAL_FORM_MAX_TOKENS) {
            let sep = (j > 0).then_some(b' ');
            for b in sep.into_iter().chain(t.text.bytes()) {
                match node.find_input(b) {
                    Some(x) => node = fst.node(node.transition(x).addr),
                    None => break 'walk,
                }
            }
            if node.is_final() {
                found = j + 1;
            }
        }
        if extra {
            for k in (found + 1..=LEGAL_FORM_MAX_TOKENS.max(4).min(tokens.len() - i)).rev() {
                buf.clear();
                for (j, t) in tokens[i..i + k].iter().enumerate() {
                    if j > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(&t.text);
                }
                if !std.dictionaries().token_forms(&buf).is_empty() {
                    found = k;
                    break;
                }
            }
        }
        if found > 0 {
            out.push((i, found));
            i += found;
        } else {
            i += 1;
        }
    }
    out
}

/// Folded words of names that are not companies and need no legal form.
const EXEMPT: &[&str] = &[
    "university", "universitat", "universite", "universidad", "universita", "universiteit", "universitet", "univ",
    "college", "school", "hochschule", "institute", "institut", "instituto", "istituto", "inst", "hospital", "klinikum",
    "clinic", "foundation", "stiftung", "fondation", "fundacion", "fundacao", "fondazione", "stichting", "association",
    "verein", "society", "academy", "akademie", "academie", "council", "ministry", "ministere", "ministerio",
    "government", "republic", "state", "states", "city", "county", "commission", "commissariat", "agency", "office",
    "department", "bureau", "authority", "center", "centre", "centrum", "centro", "laboratory", "laboratories", "national",
    "federal", "fraunhofer", "planck", "cnrs", "inserm", "trust", "church", "army", "navy", "secretary", "represented",
    "administration", "council", "board", "museum", "library", "kommune", "gemeinde", "land", "bundesrepublik",
    "regents", "trustees", "research",
];

pub(super) fn check(ctx: &mut Ctx<'_>) {
    duplicated(ctx);
    conflict(ctx);
    if ctx.name.kind == Kind::Person || ctx.rec.kind == Some(KindHint::Person) {
        return;
    }
    misspelled(ctx);
    missing(ctx);
}

fn duplicated(ctx: &mut Ctx<'_>) {
    let cleaned = ctx.cleaned();
    let forms: Vec<&LegalForm> = ctx.name.legal_forms().collect();
    let mut pair: Option<(&LegalForm, &LegalForm)> = None;
    'outer: for (i, a) in forms.iter().enumerate() {
        for b in &forms[i + 1..] {
            if !a.canonical.is_empty() && a.canonical == b.canonical {
                let (x, y) = if a.span.0 < b.span.0 { (*a, *b) } else { (*b, *a) };
                pair = Some((x, y));
                break 'outer;
            }
        }
    }
    if let Some((a, b)) = pair {
        let between = &cleaned[a.span.1.min(b.span.0)..b.span.0];
        let fixed = if between.chars().any(char::is_alphanumeric) {
            format!("{}{}", cleaned[..b.span.0].trim_end(), &cleaned[b.span.1..])
        } else {
            format!("{}{}", &cleaned[..a.span.1], &cleaned[b.span.1..])
        };
        let span = ctx.span_cleaned(b.span.0, b.span.1);
        ctx.flag(
            "legalForm.duplicated",
            format!("legal form written twice: `{}` and `{}` (both {})", a.written, b.written, a.canonical),
            span,
            Some(Suggestion::name(fixed.trim())),
        );
        return;
    }
    // The pipeline peels a limited number of forms: also catch `Foo Ltd Ltd` at token level.
    if ctx.name.legal_form.is_none() {
        return;
    }
    ctx.load();
    let std = ctx.std;
    let toks = &ctx.tokens;
    let n = toks.len();
    if n >= 3 && toks[n - 1].text == toks[n - 2].text && !std.dictionaries().token_forms(&toks[n - 1].text).is_empty() {
        let (s, e, keep) = (toks[n - 1].span.start, toks[n - 1].span.end, toks[n - 2].span.end);
        let w = cleaned[s..e].to_string();
        let fixed = format!("{}{}", &cleaned[..keep], &cleaned[e..]);
        let span = ctx.span_cleaned(s, e);
        ctx.flag("legalForm.duplicated", format!("legal form `{w}` written twice"), span, Some(Suggestion::name(fixed)));
    }
}

fn conflict(ctx: &mut Ctx<'_>) {
    let Some(f) = ctx.name.legal_forms().find(|f| f.decision == JurisdictionDecision::HintConflict) else { return };
    let country = ctx.name.country.as_deref().unwrap_or("?");
    let span = ctx.span_cleaned(f.span.0, f.span.1);
    ctx.flag(
        "legalForm.countryConflict",
        format!(
            "legal form `{}` is not listed for {country}; it is a form of {}",
            f.written,
            f.jurisdictions.join(", ")
        ),
        span,
        None,
    );
}

fn misspelled(ctx: &mut Ctx<'_>) {
    if !ctx.on("legalForm.misspelled") || ctx.name.legal_form.is_some() {
        return;
    }
    ctx.load();
    let std = ctx.std;
    let forms = ctx.forms;
    let toks = &ctx.tokens;
    if toks.len() < 2 {
        return;
    }
    let last = &toks[toks.len() - 1];
    let word = last.text.as_str();
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) || is_known_word(word) {
        return;
    }
    if !std.dictionaries().token_forms(word).is_empty() {
        return;
    }
    let Some((_, form)) = forms.nearest(word) else { return };
    let (s, e) = (last.span.start, last.span.end);
    let cleaned = ctx.cleaned();
    let written = cleaned[s..e].to_string();
    let fixed = format!("{}{}{}", &cleaned[..s], form, &cleaned[e..]);
    let span = ctx.span_cleaned(s, e);
    ctx.flag(
        "legalForm.misspelled",
        format!("`{written}` looks like the legal form `{form}` misspelled"),
        span,
        Some(Suggestion::name(fixed)),
    );
}

fn missing(ctx: &mut Ctx<'_>) {
    if !ctx.on("legalForm.missing") || ctx.fired("legalForm.misspelled") || ctx.name.legal_form.is_some() {
        return;
    }
    let org = match ctx.rec.kind {
        Some(KindHint::Organization) => true,
        Some(KindHint::Person) => false,
        None => ctx.name.kind == Kind::Organization,
    };
    if !org {
        return;
    }
    let Some(cc) = ctx.name.country.as_deref() else { return };
    let Some(country) = namestd_dictionaries::country(cc) else { return };
    if !country.legal_form_usual {
        return;
    }
    ctx.load();
    let std = ctx.std;
    if ctx.tokens.iter().any(|t| EXEMPT.contains(&t.text.as_str())) {
        return;
    }
    // A form elsewhere in the name (`Foo GmbH, Werk Erlangen`) is not a missing form.
    if !ctx.forms().is_empty() {
        return;
    }
    if ctx.cleaned().chars().any(namestd_dictionaries::key::is_unspaced_script) {
        // Unspaced scripts: only the pipeline's matching at both ends is reliable.
        if std.dictionaries().char_forms(ctx.cleaned(), false).is_some() || std.dictionaries().char_forms(ctx.cleaned(), true).is_some() {
            return;
        }
    }
    ctx.flag(
        "legalForm.missing",
        format!("no legal form in the name; organizations in {} ({}) normally write one", country.name, country.code),
        None,
        None,
    );
}
