//! The standardization pipeline: stages with one job each, run in the order of
//! [`PIPELINE`], over a shared [`Work`] record.

use crate::clean::{clean, CleanContext};
use crate::dictionary::Dictionaries;
use crate::keys::{key_tokens, keys_from_tokens, keys_of_token_strs};
use crate::legal_form::{separate_tokens, Separation};
use crate::model::{Kind, KindHint, KindReason, NameInput, Position, Script, StandardizedName};
use crate::person::{analyze, PersonAnalysis};
use crate::standard::{standard_org, standard_person, standard_text, standard_text_keep_commas};
use namestd_dictionaries::key::{form_tokens, form_tokens_into, FormToken};

/// The state one name carries through the stages.
#[derive(Debug, Default)]
pub struct Work {
    /// The raw name.
    pub original: String,
    /// The country hint given by the caller.
    pub country_hint: Option<String>,
    /// The kind hint given by the caller.
    pub kind_hint: Option<KindHint>,
    /// The cleaned name.
    pub cleaned: String,
    /// What cleaning moved aside.
    pub clean_ctx: CleanContext,
    /// The form tokens of the cleaned name (computed once, shared by the stages).
    pub tokens: Vec<FormToken>,
    /// Legal forms separated from the core.
    pub separation: Separation,
    /// A word naming organizations found in the name, if any.
    pub organization_word: Option<String>,
    /// The person analysis.
    pub person: PersonAnalysis,
    /// The decided kind and why.
    pub kind: Option<(Kind, KindReason)>,
    /// The display form.
    pub standard: String,
    /// The result under construction.
    pub out: Option<StandardizedName>,
    /// Steps that fired.
    pub steps: Vec<std::borrow::Cow<'static, str>>,
    /// Undecided points.
    pub notes: Vec<String>,
}

impl Work {
    /// The country in use: the hint, else a country tag found in the name.
    pub fn country(&self) -> Option<&str> {
        self.country_hint.as_deref().or(self.clean_ctx.country_tag.as_deref())
    }
}

/// One pipeline stage.
pub trait Stage: Sync + Send {
    /// The stage's name.
    fn id(&self) -> &'static str;
    /// Runs the stage.
    fn run(&self, work: &mut Work, dict: &Dictionaries);
}

/// Cleaning: the text stages of [`crate::clean::CLEANING_STAGES`].
pub struct Cleaning;
/// Legal forms found and separated, in their own script.
pub struct LegalForms;
/// Person name analysis (titles, suffixes, family/given).
pub struct PersonNames;
/// Organization, person or unknown, with the reason.
pub struct KindDecision;
/// The display form.
pub struct StandardForm;
/// Comparison keys, scripts, and the final record.
pub struct Assemble;

/// The stages, in order.
pub static PIPELINE: &[&dyn Stage] = &[&Cleaning, &LegalForms, &PersonNames, &KindDecision, &StandardForm, &Assemble];

impl Stage for Cleaning {
    fn id(&self) -> &'static str {
        "clean"
    }
    fn run(&self, w: &mut Work, _: &Dictionaries) {
        w.cleaned = clean(&w.original, &mut w.clean_ctx, &mut w.steps);
    }
}

impl Stage for LegalForms {
    fn id(&self) -> &'static str {
        "legalForm"
    }
    fn run(&self, w: &mut Work, dict: &Dictionaries) {
        if w.kind_hint == Some(KindHint::Person) {
            w.separation =
                Separation { core: w.cleaned.clone(), core_span: (0, w.cleaned.len()), ..Default::default() };
            return;
        }
        let country = w.country().map(str::to_string);
        w.tokens = pooled_form_tokens(&w.cleaned);
        w.separation = separate_tokens(dict, &w.cleaned, &w.tokens, country.as_deref());
        for f in &w.separation.forms {
            let step = match f.position {
                Position::Prefix => "legalForm.prefix",
                _ => "legalForm.suffix",
            };
            if !w.steps.iter().any(|s| s == step) {
                if w.steps.capacity() == 0 {
                    // The room a first push would make (4), without the growth path.
                    w.steps = Vec::with_capacity(4);
                }
                w.steps.push(std::borrow::Cow::Borrowed(step));
            }
            if f.decision == crate::model::JurisdictionDecision::Ambiguous {
                // The candidates are in `legalForm.jurisdictions`.
                // (Built piece by piece: most names without a country hint get this note.)
                let mut note = String::with_capacity(f.written.len() + 104);
                note.push_str("legal form `");
                note.push_str(&f.written);
                note.push_str("` exists in several jurisdictions (");
                push_count(&mut note, f.jurisdictions.len());
                note.push_str(", listed in the legal form); give a country to decide");
                if w.notes.capacity() == 0 {
                    // The room a first push would make (4), without the growth path.
                    w.notes = Vec::with_capacity(4);
                }
                w.notes.push(note);
            }
            if f.decision == crate::model::JurisdictionDecision::HintConflict {
                w.notes.push(format!(
                    "legal form `{}` is not listed for {}; it is known in {}",
                    f.written,
                    country.as_deref().unwrap_or("?"),
                    f.jurisdictions.iter().map(|j| j.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if w.separation.stacked {
            w.steps.push("legalForm.stacked".into());
        }
        if let Some((s, e)) = w.separation.tail {
            w.steps.push("legalForm.inside".into());
            w.clean_ctx
                .aside
                .push(crate::model::Aside { kind: "afterLegalForm".to_string(), text: w.cleaned[s..e].to_string() });
        }
        if let Some((s, e)) = w.separation.seat {
            w.steps.push("legalForm.seat".into());
            w.clean_ctx.aside.push(crate::model::Aside { kind: "seat".to_string(), text: w.cleaned[s..e].to_string() });
        }
    }
}

/// Token lists and token texts kept per thread between names: tokenizing a name reuses
/// the buffers of the names before it instead of allocating one string per token.
#[derive(Default)]
struct TokenPool {
    lists: Vec<Vec<FormToken>>,
    texts: Vec<String>,
}

/// Most token texts kept per thread.
const POOL_TEXTS: usize = 256;
/// Longest token text buffer kept (bytes of capacity).
const POOL_TEXT_BYTES: usize = 64;
/// Most token lists kept per thread, and the longest kept (tokens of capacity).
const POOL_LISTS: usize = 4;
const POOL_LIST_TOKENS: usize = 64;

thread_local! {
    static TOKEN_POOL: std::cell::RefCell<TokenPool> =
        std::cell::RefCell::new(TokenPool { lists: Vec::new(), texts: Vec::with_capacity(POOL_TEXTS) });
}

/// [`form_tokens`] with buffers from this thread's pool (give them back with
/// [`recycle_tokens`]).
pub(crate) fn pooled_form_tokens(s: &str) -> Vec<FormToken> {
    let pooled = TOKEN_POOL.try_with(|p| {
        let Ok(mut p) = p.try_borrow_mut() else { return None };
        let p = &mut *p;
        let mut out = p.lists.pop().unwrap_or_else(|| Vec::with_capacity(8));
        form_tokens_into(s, &mut out, &mut p.texts);
        Some(out)
    });
    pooled.ok().flatten().unwrap_or_else(|| form_tokens(s))
}

/// Gives tokens' buffers back to this thread's pool: the list is kept whole, its tokens
/// with it (the tokenizer overwrites them in place), unless a text or the list grew long.
pub(crate) fn recycle_tokens(mut tokens: Vec<FormToken>) {
    let _ = TOKEN_POOL.try_with(|p| {
        let Ok(mut p) = p.try_borrow_mut() else { return };
        if p.lists.len() < POOL_LISTS
            && tokens.capacity() <= POOL_LIST_TOKENS
            && tokens.iter().all(|t| t.text.capacity() <= POOL_TEXT_BYTES)
        {
            p.lists.push(tokens);
            return;
        }
        for t in tokens.drain(..) {
            if p.texts.len() < POOL_TEXTS && t.text.capacity() <= POOL_TEXT_BYTES {
                p.texts.push(t.text);
            }
        }
        if p.lists.len() < POOL_LISTS && tokens.capacity() <= POOL_LIST_TOKENS {
            p.lists.push(tokens);
        }
    });
}

/// Appends `n` in decimal.
fn push_count(out: &mut String, n: usize) {
    if n < 10 {
        // One digit (most counts): no buffer.
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// A misspelled long organization word (`Univeristy`): one edit or transposition away
/// from a word of seven letters or more.
fn misspelled_organization_word(tokens: &[FormToken]) -> Option<String> {
    let words = &*crate::word_index::ORGANIZATION_WORDS;
    let long_words = LONG_ORG_WORDS.get_or_init(|| {
        let mut out: Vec<String> = words
            .keys()
            .filter(|w| w.chars().count() >= 7 && w.chars().all(|c| c.is_ascii_alphabetic()))
            .map(|w| w.to_string())
            .collect();
        out.sort();
        out
    });
    for t in tokens {
        let n = t.text.len();
        if n >= 7 && t.text.bytes().all(|b| b.is_ascii_alphabetic()) {
            // The words sharing the token's first letter: one run of the sorted list.
            let first = t.text.as_bytes()[0];
            let lo = long_words.partition_point(|w| w.as_bytes()[0] < first);
            let hi = lo + long_words[lo..].partition_point(|w| w.as_bytes()[0] == first);
            let close = |w: &&String| one_edit_apart(w.as_bytes(), t.text.as_bytes());
            if let Some(w) = long_words[lo..hi].iter().find(close) {
                return Some(format!("{} (~{w})", t.text));
            }
        }
    }
    None
}

/// Whether two ASCII words differ by exactly one insertion, deletion, substitution or
/// swap of neighbours (`Univeristy` / `University`), without allocating.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 || a == b {
        return false;
    }
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        let (ra, rb) = (&a[start..], &b[start..]);
        // One substitution, or one swap of neighbours.
        ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else {
        // One insertion into the shorter word.
        a[start..] == b[start + 1..]
    }
}

/// Whether a token crosses an edge of `span` (a form was found inside it).
fn straddles(t: &std::ops::Range<usize>, (lo, hi): (usize, usize)) -> bool {
    (t.start < lo && t.end > lo) || (t.start < hi && t.end > hi)
}

/// Whether a whole word is a legal form.
fn is_legal_form(dict: &Dictionaries, word: &str) -> bool {
    let key = namestd_dictionaries::key::form_key(word);
    if key.chars().count() >= 2 && !dict.token_forms(&key).is_empty() {
        return true;
    }
    let ck = namestd_dictionaries::key::char_key(word);
    dict.char_forms(&ck, false).is_some_and(|(len, _)| len == ck.len())
}

impl Stage for PersonNames {
    fn id(&self) -> &'static str {
        "person"
    }
    fn run(&self, w: &mut Work, dict: &Dictionaries) {
        if !w.separation.forms.is_empty() || w.separation.only_form || w.kind_hint == Some(KindHint::Organization) {
            return;
        }
        if w.kind_hint.is_none() {
            w.organization_word = organization_word(&w.cleaned, &w.tokens);
            if w.organization_word.is_some() {
                return;
            }
        }
        let country = w.country().map(str::to_string);
        w.person = analyze(&w.cleaned, country.as_deref());
        // A word that is a legal form (`Dr. 주식회사 X`) is no part of a person's name.
        if w.person.evidence.is_some() && w.cleaned.split_whitespace().any(|word| is_legal_form(dict, word)) {
            w.person.evidence = None;
        }
        // A misspelled organization word outweighs a given name (`Thomas Jefferson
        // Univeristy`), not a title or a `FAMILY, Given` comma.
        let weak = matches!(w.person.evidence, None | Some(KindReason::GivenName(_)));
        if weak && w.kind_hint.is_none() {
            w.organization_word = misspelled_organization_word(&w.tokens);
            if w.organization_word.is_some() {
                w.person.evidence = None;
            }
        }
    }
}

static LONG_ORG_WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// The organization words ([`crate::word_index::ORGANIZATION_WORDS`]) as a
/// [`WordTable`](crate::word_table::WordTable): the probe made for every token of a name
/// without a legal form.
static ORGANIZATION_WORD_TABLE: std::sync::LazyLock<crate::word_table::WordTable<()>> =
    std::sync::LazyLock::new(|| {
        crate::word_table::WordTable::new(
            crate::word_index::ORGANIZATION_WORDS.keys().map(|k| (k.as_bytes().to_vec(), ())),
        )
    });

/// A word naming organizations: a whole token (`University`), or for Han, Kana and
/// Hangul, which write words without spaces, a run of characters anywhere (`清华大学`).
fn organization_word(text: &str, tokens: &[FormToken]) -> Option<String> {
    let table = &*ORGANIZATION_WORD_TABLE;
    if let Some(t) = tokens.iter().find(|t| table.get(t.text.as_bytes()).is_some()) {
        return Some(t.text.clone());
    }
    let words = &*crate::word_index::ORGANIZATION_WORDS;
    if text.is_ascii() {
        return None;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(start, c)) in chars.iter().enumerate() {
        if !namestd_dictionaries::key::is_unspaced_script(c) {
            continue;
        }
        for &(j, d) in chars[i..].iter().take(6) {
            if !namestd_dictionaries::key::is_unspaced_script(d) {
                break;
            }
            let end = j + d.len_utf8();
            if end - start >= 6 && words.contains_key(&text[start..end]) {
                return Some(text[start..end].to_string());
            }
        }
    }
    None
}

impl Stage for KindDecision {
    fn id(&self) -> &'static str {
        "kind"
    }
    fn run(&self, w: &mut Work, _: &Dictionaries) {
        let decided = match w.kind_hint {
            Some(KindHint::Person) => (Kind::Person, KindReason::Hint),
            Some(KindHint::Organization) => (Kind::Organization, KindReason::Hint),
            None => {
                if let Some(f) = w.separation.forms.first() {
                    (Kind::Organization, KindReason::LegalForm(f.written.clone()))
                } else if w.separation.only_form {
                    (Kind::Organization, KindReason::LegalForm(w.separation.core.clone()))
                } else if let Some(word) = w.organization_word.take() {
                    (Kind::Organization, KindReason::OrganizationWord(word))
                } else if let Some(ev) = w.person.evidence.clone() {
                    (Kind::Person, ev)
                } else {
                    (Kind::Unknown, KindReason::NoEvidence)
                }
            }
        };
        if decided.0 == Kind::Person {
            w.steps.push("person.split".into());
        }
        w.kind = Some(decided);
    }
}

impl Stage for StandardForm {
    fn id(&self) -> &'static str {
        "standard"
    }
    fn run(&self, w: &mut Work, _: &Dictionaries) {
        let kind = w.kind.as_ref().map(|k| k.0).unwrap_or(Kind::Unknown);
        w.standard = match kind {
            Kind::Person if !w.person.parts.family.is_empty() => standard_person(&w.person.parts),
            _ if !w.separation.forms.is_empty() => standard_org(&w.separation),
            Kind::Unknown => standard_text_keep_commas(&w.separation.core),
            _ => standard_text(&w.separation.core),
        };
        if w.standard.is_empty() {
            w.standard = w.cleaned.clone();
        }
        // Upper-casing can make text that cleaning would change (`â¡` → `Â¡`, which reads
        // as mojibake): the standard form is itself clean.
        for _ in 0..2 {
            if w.standard.is_ascii() || crate::clean::is_plainly_clean(&w.standard) {
                break;
            }
            let cleaned = clean(&w.standard, &mut CleanContext::default(), &mut Vec::new());
            if cleaned.is_empty() || cleaned == w.standard {
                break;
            }
            w.standard = standard_text(&cleaned);
        }
    }
}

fn scripts_of(text: &str) -> Vec<Script> {
    if text.is_ascii() {
        return if text.bytes().any(|b| b.is_ascii_alphabetic()) { vec![Script::Latin] } else { Vec::new() };
    }
    let mut out: Vec<Script> = Vec::new();
    for c in text.chars() {
        if let Some(s) = Script::of(c) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

impl Stage for Assemble {
    fn id(&self) -> &'static str {
        "keys"
    }
    fn run(&self, w: &mut Work, _: &Dictionaries) {
        let keyed = keyed(w);
        w.out = Some(assemble(w, keyed));
    }
}

/// What the assembling stage computes from the stages' work before it builds the result:
/// the kind and its reason, the core and its keys.
struct Keyed {
    kind: Kind,
    reason: KindReason,
    core: String,
    keys: crate::model::Keys,
}

/// The keys of the name (the first half of [`Assemble`]; reads the form tokens).
fn keyed(w: &mut Work) -> Keyed {
    let (kind, reason) = w.kind.take().unwrap_or((Kind::Unknown, KindReason::NoEvidence));
    let is_person = kind == Kind::Person;
    let (core, mut keys) = if is_person {
        let p = &w.person.parts;
        let mut t = key_tokens(&p.family);
        t.extend(key_tokens(&p.given));
        (std::mem::take(&mut w.person.core), keys_from_tokens(&t))
    } else {
        let ascii = w.separation.core.is_ascii() && !w.tokens.is_empty();
        let keys = ascii.then(|| ascii_core_keys(&w.tokens, w.separation.core_span)).flatten();
        let keys = keys.unwrap_or_else(|| {
            // `keys_from_tokens(&key_tokens(core))`, with pooled tokens and one pass.
            let text = crate::keys::transliterate(&w.separation.core);
            let tokens = pooled_form_tokens(&text);
            let keys = keys_of_token_strs(tokens.iter().map(|t| t.text.as_str()));
            recycle_tokens(tokens);
            keys
        });
        (std::mem::take(&mut w.separation.core), keys)
    };
    if is_person {
        keys.acronym.clear();
    }
    Keyed { kind, reason, core, keys }
}

/// The keys of an ASCII core from the form tokens of the cleaned name: ASCII needs no
/// transliteration, so the tokens inside the core are its key tokens. `None` when a token
/// crosses an edge of the core (a form was found inside it).
///
/// The tokens come in text order and do not overlap, so those inside the core are one run
/// (found by two short scans, no test per token of the run) and only the token just
/// before the run and the one just after it can cross an edge.
fn ascii_core_keys(tokens: &[FormToken], core_span: (usize, usize)) -> Option<crate::model::Keys> {
    let (a, b) = core_run(tokens, core_span);
    let crosses = |i: usize| tokens.get(i).is_some_and(|t| straddles(&t.span, core_span));
    if (a > 0 && crosses(a - 1)) || crosses(b) {
        return None;
    }
    Some(keys_of_token_strs(tokens[a..b].iter().map(|t| t.text.as_str())))
}

/// The run `a..b` of the tokens (in text order, not overlapping) that lie inside `span`:
/// `a` the first token starting at or after its start, `b` the first token from `a` on
/// that ends after its end.
fn core_run(tokens: &[FormToken], (lo, hi): (usize, usize)) -> (usize, usize) {
    let a = tokens.iter().position(|t| t.span.start >= lo).unwrap_or(tokens.len());
    let b = a + tokens[a..].iter().position(|t| t.span.end > hi).unwrap_or(tokens.len() - a);
    (a, b)
}

/// [`ascii_core_keys`] token by token (the tests' reference): every token tested for
/// lying inside the core and for crossing an edge.
#[cfg(test)]
fn ascii_core_keys_general(tokens: &[FormToken], core_span: (usize, usize)) -> Option<crate::model::Keys> {
    let (lo, hi) = core_span;
    if tokens.iter().any(|t| straddles(&t.span, core_span)) {
        return None;
    }
    let inside = tokens.iter().filter(|t| t.span.start >= lo && t.span.end <= hi);
    Some(keys_of_token_strs(inside.map(|t| t.text.as_str())))
}

/// The result (the second half of [`Assemble`]): built as the caller's return value, not
/// moved into it.
fn assemble(w: &mut Work, Keyed { kind, reason, core, keys }: Keyed) -> StandardizedName {
    let is_person = kind == Kind::Person;
    let core = if core.is_empty() { w.cleaned.clone() } else { core };
    let mut forms = std::mem::take(&mut w.separation.forms).into_iter();
    let legal_form = forms.next();
    StandardizedName {
        original: std::mem::take(&mut w.original),
        scripts: scripts_of(&w.cleaned),
        cleaned: std::mem::take(&mut w.cleaned),
        kind,
        kind_reason: reason,
        core,
        legal_form,
        other_legal_forms: forms.collect(),
        standard: std::mem::take(&mut w.standard),
        person: is_person.then(|| std::mem::take(&mut w.person.parts)),
        keys,
        country: w.country().map(str::to_string),
        aside: std::mem::take(&mut w.clean_ctx.aside),
        steps: std::mem::take(&mut w.steps),
        notes: std::mem::take(&mut w.notes),
    }
}

/// Standardizes names with a set of dictionaries. Cheap to clone and share across threads.
///
/// ```
/// let s = namestd::Standardizer::default().standardize("Siemens Aktiengesellschaft");
/// assert_eq!(s.core, "Siemens");
/// assert_eq!(s.legal_form.unwrap().canonical, "AG");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Standardizer {
    dict: Dictionaries,
}

impl Standardizer {
    /// A standardizer over the given dictionaries (see [`Dictionaries::with_extra_legal_forms`]).
    pub fn with_dictionaries(dict: Dictionaries) -> Self {
        Standardizer { dict }
    }

    /// The dictionaries in use.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// Standardizes a name with no hints.
    #[inline]
    pub fn standardize(&self, name: &str) -> StandardizedName {
        self.standardize_input(&NameInput::new(name))
    }

    /// Standardizes a name with its hints. Never panics; never returns an empty core for a
    /// name with any letter or digit.
    pub fn standardize_input(&self, input: &NameInput<'_>) -> StandardizedName {
        self.run_keep_tokens(input, None, true)
    }

    /// [`Standardizer::standardize_input`], also returning the form tokens of the cleaned
    /// name when the pipeline computed them (not for names declared persons), so the
    /// quality rules need not tokenize the name again.
    pub(crate) fn standardize_with_tokens(&self, input: &NameInput<'_>) -> (StandardizedName, Option<Vec<FormToken>>) {
        let mut tokens = None;
        let out = self.run_keep_tokens(input, Some(&mut tokens), true);
        (out, tokens)
    }

    /// The pipeline's result. The form tokens go to `tokens_out` when given (else back to
    /// the pool). With `fixed_point`, a name with several legal forms gets the standard
    /// form that standardizes to itself. (The result is the last expression, built where
    /// the caller wants it, not moved there.)
    fn run_keep_tokens(
        &self,
        input: &NameInput<'_>,
        tokens_out: Option<&mut Option<Vec<FormToken>>>,
        fixed_point: bool,
    ) -> StandardizedName {
        let country = input
            .country
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()));
        let mut w = Work {
            original: input.name.to_string(),
            country_hint: country,
            kind_hint: input.kind,
            ..Default::default()
        };
        // Every stage but the last, `Assemble`, done here in two halves.
        let (last, stages) = PIPELINE.split_last().expect("stages");
        debug_assert_eq!(last.id(), Assemble.id());
        for stage in stages {
            stage.run(&mut w, &self.dict);
        }
        // Names with several legal forms (`株式会社 (株) ООО AG`) can display differently
        // once their forms are written canonically: the standard form is the fixed point.
        if fixed_point && w.separation.forms.len() > 1 {
            let country = w.country().map(str::to_string);
            for _ in 0..3 {
                let again = self.run_keep_tokens(
                    &NameInput { name: &w.standard, country: country.as_deref(), kind: input.kind },
                    None,
                    false,
                );
                if again.standard == w.standard {
                    break;
                }
                w.standard = again.standard;
            }
        }
        let keyed = keyed(&mut w);
        // The tokens are those of the cleaned name when the legal-form stage computed them.
        debug_assert!(w.tokens.is_empty() || w.tokens == form_tokens(&w.cleaned), "stale tokens");
        let tokens = (input.kind != Some(KindHint::Person)).then(|| std::mem::take(&mut w.tokens));
        match tokens_out {
            Some(out) => *out = tokens,
            None => {
                if let Some(tokens) = tokens {
                    recycle_tokens(tokens);
                }
            }
        }
        assemble(&mut w, keyed)
    }
}

#[cfg(test)]
mod tests {
    use super::{ascii_core_keys, ascii_core_keys_general, one_edit_apart, push_count};
    use namestd_dictionaries::key::form_tokens;

    #[test]
    fn counts_print_as_format_does() {
        for n in [0, 1, 9, 10, 42, 100, 12345, usize::MAX] {
            let mut s = String::new();
            push_count(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn one_edit_apart_agrees_with_damerau_levenshtein() {
        let words = [
            "university",
            "univeristy",
            "universty",
            "universityy",
            "unibersity",
            "uinversity",
            "universities",
            "laboratory",
            "laborartory",
        ];
        for a in words {
            for b in words {
                let expected = strsim::damerau_levenshtein(a, b) == 1;
                assert_eq!(one_edit_apart(a.as_bytes(), b.as_bytes()), expected, "{a} {b}");
            }
        }
    }

    proptest::proptest! {
        /// The run of tokens inside the core and the two edge tests agree with testing
        /// every token, for any span (on a char boundary or not) of any text.
        #[test]
        fn core_keys_from_the_run_agree_with_every_token(
            text in "[ a-zA-Z0-9.,&+/()-]{0,30}|[ a-zé株式会社.,&]{0,12}",
            lo in 0usize..32,
            len in 0usize..32,
        ) {
            let tokens = form_tokens(&text);
            let lo = lo.min(text.len());
            let span = (lo, (lo + len).min(text.len()));
            proptest::prop_assert_eq!(ascii_core_keys(&tokens, span), ascii_core_keys_general(&tokens, span));
        }

        #[test]
        fn one_edit_apart_matches_damerau_on_any_pair(a in "[a-d]{0,6}", b in "[a-d]{0,6}") {
            proptest::prop_assert_eq!(one_edit_apart(a.as_bytes(), b.as_bytes()), strsim::damerau_levenshtein(&a, &b) == 1);
        }
    }
}
