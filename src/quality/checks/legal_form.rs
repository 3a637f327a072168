//! Legal forms: missing where the country expects one, written twice, misspelled, or not
//! valid for the stated country.

use super::Ctx;
use crate::model::{JurisdictionDecision, Kind, KindHint};
use crate::pipeline::Standardizer;
use crate::quality::Suggestion;
use namestd_dictionaries::key::{form_key, FormToken};
use namestd_dictionaries::LEGAL_FORM_MAX_TOKENS;

/// One single-word Latin legal form of the dictionaries, for the misspelling rule.
#[derive(Debug, Clone)]
struct FormEntry {
    /// Folded key (`limited`).
    key: String,
    /// As written in the table (`Limited`).
    form: String,
    /// Canonical abbreviations of its rows.
    canonical: Vec<String>,
    /// Whether the spelling is established: several rows, or an ISO 20275 ELF code.
    established: bool,
}

/// Canonical abbreviations of the English forms written everywhere (in the English
/// versions of names too): never foreign, never misspelt when the pipeline read them.
const ENGLISH: &[&str] =
    &["CO", "CORP", "INC", "LTD", "LLC", "PLC", "LP", "LLP", "CO LTD", "CO INC", "PTY LTD", "CORP LTD", "LTD CO"];

/// Endings that make another word of a form, not a misspelling (`Aktiebolag`/`Aktiebolaget`).
const INFLECTIONS: &[&str] = &["s", "es", "e", "en", "et", "er", "n", "t", "a", "i", "o", "as", "os", "ed", "d"];

/// Legal forms of the dictionaries prepared for the misspelling rule: single-word Latin
/// forms of four letters or more, by first letter.
#[derive(Debug, Default)]
pub(crate) struct FormIndex {
    /// `by_first[b - b'a']`: the forms whose key starts with that letter.
    by_first: Vec<Vec<FormEntry>>,
    /// Key → (bucket, position) in `by_first`.
    by_key: crate::quality::rules::FastMap<String, (usize, usize)>,
    /// Countries that have legal forms in the dictionaries: their canonical abbreviations
    /// and the languages of those forms.
    countries: std::collections::HashMap<String, (Vec<String>, Vec<String>)>,
}

impl FormIndex {
    pub(crate) fn new(std: &Standardizer) -> Self {
        let mut by_first: Vec<Vec<FormEntry>> = vec![Vec::new(); 26];
        let mut countries: std::collections::HashMap<String, (Vec<String>, Vec<String>)> =
            std::collections::HashMap::new();
        let mut rows: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for r in std.dictionaries().records() {
            for c in &r.countries {
                let e = countries.entry(c.clone()).or_default();
                if !e.0.contains(&r.canonical) {
                    e.0.push(r.canonical.clone());
                }
                if !r.language.is_empty() && !e.1.contains(&r.language) {
                    e.1.push(r.language.clone());
                }
            }
            let k = form_key(&r.form);
            if k.len() < 4 || !k.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            *rows.entry(k.clone()).or_default() += 1;
            let bucket = &mut by_first[(k.as_bytes()[0] - b'a') as usize];
            let e = match bucket.iter_mut().position(|x| x.key == k) {
                Some(i) => &mut bucket[i],
                None => {
                    bucket.push(FormEntry {
                        key: k.clone(),
                        form: r.form.clone(),
                        canonical: Vec::new(),
                        established: false,
                    });
                    let n = bucket.len() - 1;
                    &mut bucket[n]
                }
            };
            if !e.canonical.contains(&r.canonical) {
                e.canonical.push(r.canonical.clone());
            }
            e.established |= !r.elf.is_empty() || rows[&k] >= 2;
        }
        let mut by_key = crate::quality::rules::FastMap::default();
        for (b, bucket) in by_first.iter().enumerate() {
            for (i, e) in bucket.iter().enumerate() {
                by_key.insert(e.key.clone(), (b, i));
            }
        }
        FormIndex { by_first, by_key, countries }
    }

    /// Whether a folded word ends with an established form of eight letters or more
    /// (`telefonaktiebolaget`).
    fn ends_with_form(&self, word: &str) -> bool {
        let n = word.len();
        (8..n - 2)
            .any(|len| word.is_char_boundary(n - len) && self.entry(&word[n - len..]).is_some_and(|e| e.established))
    }

    fn entry(&self, key: &str) -> Option<&FormEntry> {
        self.by_key.get(key).map(|&(b, i)| &self.by_first[b][i])
    }

    /// The established form nearest to a folded word, if it is close enough to be a
    /// misspelling: one edit, two for words of eleven letters or more. The other word with
    /// an inflection (`Aktiebolag`/`Aktiebolaget`, a plural `s`) is not a misspelling. With `canonical`, only forms of that canonical abbreviation qualify.
    fn nearest(&self, word: &str, canonical: Option<&[String]>) -> Option<&FormEntry> {
        let first = *word.as_bytes().first()?;
        if !first.is_ascii_lowercase() {
            return None;
        }
        let max = if word.len() >= 11 { 2 } else { 1 };
        let mut best: Option<(usize, &FormEntry)> = None;
        for cand in &self.by_first[(first - b'a') as usize] {
            let k = cand.key.as_str();
            if !cand.established || k.len().abs_diff(word.len()) > max || k == word {
                continue;
            }
            let (short, long) = if k.len() < word.len() { (k, word) } else { (word, k) };
            if long.starts_with(short) && INFLECTIONS.contains(&&long[short.len()..]) {
                continue;
            }
            // Short forms need a longer word: `Comp` is not `Corp` misspelled.
            if k.len().min(word.len()) < 5 && word.len() <= k.len() {
                continue;
            }
            if canonical.is_some_and(|c| !cand.canonical.iter().any(|x| c.contains(x))) {
                continue;
            }
            // Short words: a letter added or dropped (`GmbhH`, `Limted`), not replaced
            // (`CEMIG` is not `CEMIX`).
            if word.len() <= 6 && k.len() == word.len() {
                continue;
            }
            // One or two edits leave the first or the last two letters alone.
            let (wb, kb) = (word.as_bytes(), k.as_bytes());
            if wb[..2] != kb[..2] && wb[wb.len() - 2..] != kb[kb.len() - 2..] {
                continue;
            }
            // One edit allowed: whether there is one is enough (the first such form wins).
            let d = if max == 1 {
                if within_one_edit(wb, kb) {
                    1
                } else {
                    2
                }
            } else {
                strsim::osa_distance(word, k)
            };
            if d <= max && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, cand));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// `f` of the [`form_key`] of a written legal form, the key remembered per thread: the
/// same few forms (`Corporation`, `Company`) come back in every table, and the key of a
/// text never changes. At most 1,024 keys are kept (all are dropped when full).
fn written_key<R>(written: &str, f: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static KEYS: std::cell::RefCell<crate::quality::rules::FastMap<String, String>> =
            std::cell::RefCell::default();
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some(k) = keys.get(written) {
            return f(k);
        }
        let k = form_key(written);
        let out = f(&k);
        if keys.len() >= 1024 {
            keys.clear();
        }
        keys.insert(written.to_string(), k);
        out
    })
}

/// Whether two different byte strings are one edit apart in the sense of
/// `strsim::osa_distance` over bytes (one byte replaced, added or dropped, or two
/// neighbouring bytes swapped), without building its table. The form keys compared are
/// ASCII, so bytes are characters.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        if p == short.len() {
            return true; // equal: no edit
        }
        // One replaced at `p`, or `p` and `p + 1` swapped.
        short[p + 1..] == long[p + 1..]
            || (p + 1 < short.len()
                && short[p] == long[p + 1]
                && short[p + 1] == long[p]
                && short[p + 2..] == long[p + 2..])
    } else {
        // One added at `p` to the shorter.
        short[p..] == long[p + 1..]
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
        // No form, embedded or added, starts with this token: nothing to walk.
        if !std.dictionaries().may_start_form(&tokens[i].text) {
            i += 1;
            continue;
        }
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
                if std.dictionaries().has_token_form(&buf) {
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

static EXEMPT_SET: std::sync::LazyLock<crate::quality::rules::FastMap<&'static str, ()>> =
    std::sync::LazyLock::new(|| EXEMPT.iter().map(|w| (*w, ())).collect());

/// Folded words of names that are not companies and need no legal form.
const EXEMPT: &[&str] = &[
    "university",
    "universitat",
    "universite",
    "universidad",
    "universita",
    "universiteit",
    "universitet",
    "univ",
    "college",
    "school",
    "hochschule",
    "institute",
    "institut",
    "instituto",
    "istituto",
    "inst",
    "hospital",
    "klinikum",
    "clinic",
    "foundation",
    "stiftung",
    "fondation",
    "fundacion",
    "fundacao",
    "fondazione",
    "stichting",
    "association",
    "verein",
    "society",
    "academy",
    "akademie",
    "academie",
    "council",
    "ministry",
    "ministere",
    "ministerio",
    "government",
    "republic",
    "state",
    "states",
    "city",
    "county",
    "commission",
    "commissariat",
    "agency",
    "office",
    "department",
    "bureau",
    "authority",
    "center",
    "centre",
    "centrum",
    "centro",
    "laboratory",
    "laboratories",
    "national",
    "federal",
    "fraunhofer",
    "planck",
    "cnrs",
    "inserm",
    "trust",
    "church",
    "army",
    "navy",
    "secretary",
    "represented",
    "administration",
    "council",
    "board",
    "museum",
    "library",
    "kommune",
    "gemeinde",
    "land",
    "bundesrepublik",
    "regents",
    "trustees",
    "research",
    // Banks and funds are often chartered by statute, with no form in the name
    // (`Royal Bank of Canada`, `Banco de Chile`).
    "bank",
    "banco",
    "banque",
    "banca",
    "fund",
    // `Companhia` designates a Brazilian sociedade anônima by itself.
    "companhia",
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
    let std = ctx.std;
    let Some(main) = ctx.name.legal_form.as_ref() else {
        // No form at the ends (`Siemens AG AG, Werk Erlangen`): look inside.
        return duplicated_inside(ctx);
    };
    // One form of one word: nothing written twice, unless the pipeline left the second
    // copy in the core (`Foo Ltd Ltd`, peeled once).
    if ctx.name.other_legal_forms.is_empty() && !main.written.trim_end_matches('.').contains([' ', '.', ',', '&', '-'])
    {
        let mut words = cleaned.rsplit(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
        let (last, prev) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        if !last.trim_end_matches('.').eq_ignore_ascii_case(prev.trim_end_matches('.')) {
            return;
        }
    } else if ctx.name.other_legal_forms.is_empty() && namestd_dictionaries::key::form_tokens(&main.written).len() < 2 {
        // One form of one token (`L.L.C.`): nothing to cut, nothing to pair below.
        return duplicated_inside(ctx);
    }
    // Every form written, compound forms (`AG Aktiengesellschaft`, one row of the tables)
    // cut in two where both halves are forms: (byte range in the cleaned name, canonical
    // abbreviations).
    let mut parts: Vec<((usize, usize), Vec<&str>)> = Vec::new();
    // The token texts joined by spaces, written into `out`.
    let join = |toks: &[namestd_dictionaries::key::FormToken], out: &mut String| {
        out.clear();
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&t.text);
        }
    };
    let (mut lk, mut rk) = (String::new(), String::new());
    let recs = std.dictionaries().records();
    let canon_of = |key: &str| -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for i in std.dictionaries().token_forms(key) {
            let c = recs[i as usize].canonical.as_str();
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    };
    // One form alone pairs only with itself cut in two: its own canonicals are not needed.
    let alone = ctx.name.other_legal_forms.is_empty();
    for f in ctx.name.legal_forms() {
        let toks = namestd_dictionaries::key::form_tokens(&f.written);
        let mut cut = false;
        for p in 1..toks.len() {
            // Both halves must be forms: the hash lookups say so before the records are read.
            join(&toks[..p], &mut lk);
            if !std.dictionaries().has_token_form(&lk) {
                continue;
            }
            join(&toks[p..], &mut rk);
            if !std.dictionaries().has_token_form(&rk) {
                continue;
            }
            let (l, r) = (canon_of(&lk), canon_of(&rk));
            if !l.is_empty() && !r.is_empty() && l.iter().any(|c| r.contains(c)) {
                let o = f.span.0;
                parts.push(((o + toks[0].span.start, o + toks[p - 1].span.end), l));
                parts.push(((o + toks[p].span.start, o + toks[toks.len() - 1].span.end), r));
                cut = true;
                break;
            }
        }
        if !cut && !alone {
            let mut c = canon_of(&form_key(&f.written));
            if !c.contains(&f.canonical.as_str()) {
                c.push(&f.canonical);
            }
            parts.push((f.span, c));
        }
    }
    parts.sort_by_key(|p| p.0);
    let mut pair = None;
    'outer: for (i, a) in parts.iter().enumerate() {
        for b in &parts[i + 1..] {
            if a.1.iter().any(|c| !c.is_empty() && b.1.contains(c)) {
                pair = Some((a.0, b.0, a.1[0]));
                break 'outer;
            }
        }
    }
    if let Some((a, b, canonical)) = pair {
        let between = &cleaned[a.1.min(b.0)..b.0];
        let fixed = if between.chars().any(char::is_alphanumeric) {
            format!("{}{}", cleaned[..b.0].trim_end(), &cleaned[b.1..])
        } else {
            format!("{}{}", &cleaned[..a.1], &cleaned[b.1..])
        };
        let span = ctx.span_cleaned(b.0, b.1);
        ctx.flag(
            "legalForm.duplicated",
            format!(
                "legal form written twice: `{}` and `{}` (both {canonical})",
                &cleaned[a.0..a.1],
                &cleaned[b.0..b.1]
            ),
            span,
            Some(Suggestion::name(fixed.trim())),
        );
        return;
    }
    duplicated_inside(ctx);
}

/// Whether two neighbouring words (split at spaces and commas, trailing periods off) are
/// the same word but for ASCII case.
fn repeated_word(text: &str) -> bool {
    if text.is_ascii() {
        // The same split on bytes: ASCII whitespace is `\t`..`\r` and the space.
        let trim = |w: &'_ [u8]| -> usize { w.len() - w.iter().rev().take_while(|&&c| c == b'.').count() };
        let mut words =
            text.as_bytes().split(|&c| c == b',' || matches!(c, b'\t'..=b'\r' | b' ')).filter(|w| !w.is_empty());
        let mut prev: &[u8] = words.next().map_or(b"", |w| &w[..trim(w)]);
        for w in words {
            let w = &w[..trim(w)];
            if w.eq_ignore_ascii_case(prev) {
                return true;
            }
            prev = w;
        }
        return false;
    }
    let mut words = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
    let mut prev = words.next().unwrap_or("").trim_end_matches('.');
    let mut repeat = false;
    for w in words {
        let w = w.trim_end_matches('.');
        repeat |= w.eq_ignore_ascii_case(prev);
        prev = w;
    }
    repeat
}

/// Two legal forms written one after the other with the same canonical abbreviation,
/// anywhere in the name (`Foo Ltd Ltd`, `Siemens AG AG, Werk Erlangen`).
fn duplicated_inside(ctx: &mut Ctx<'_>) {
    // Forms the pipeline did not peel are found only when two neighbouring words repeat.
    if !repeated_word(ctx.cleaned()) {
        return;
    }
    let forms = ctx.forms();
    if forms.len() < 2 {
        return;
    }
    let cleaned = ctx.cleaned();
    let std = ctx.std;
    let toks = &ctx.tokens;
    let canon = |i: usize, k: usize| -> Vec<String> {
        let key = toks[i..i + k].iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
        let recs = std.dictionaries().records();
        std.dictionaries().token_forms(&key).into_iter().map(|r| recs[r as usize].canonical.clone()).collect()
    };
    for w in forms.windows(2) {
        let ((a, ak), (b, bk)) = (w[0], w[1]);
        if a == 0 || a + ak != b {
            continue;
        }
        let (a_end, b_start, b_end) = (toks[a + ak - 1].span.end, toks[b].span.start, toks[b + bk - 1].span.end);
        if cleaned[a_end..b_start].chars().any(char::is_alphanumeric) {
            continue;
        }
        let (ca, cb) = (canon(a, ak), canon(b, bk));
        let Some(c) = ca.iter().find(|c| !c.is_empty() && cb.contains(c)) else { continue };
        let fixed = format!("{}{}", &cleaned[..a_end], &cleaned[b_end..]);
        let span = ctx.span_cleaned(b_start, b_end);
        let msg = format!(
            "legal form written twice: `{}` and `{}` (both {c})",
            &cleaned[toks[a].span.start..a_end],
            &cleaned[b_start..b_end]
        );
        ctx.flag("legalForm.duplicated", msg, span, Some(Suggestion::name(fixed.trim())));
        return;
    }
}

/// A legal form not listed for the stated country. The pipeline says `hintConflict` only
/// when no row of the form is jurisdiction-free; here the rows tied to jurisdictions
/// decide. English forms (`Corp`, `Ltd`, `Inc`) are exempt: companies everywhere write
/// them in English versions of their names. So is a form whose canonical abbreviation or
/// language the country's own forms share (the tables are not complete).
fn conflict(ctx: &mut Ctx<'_>) {
    // Decided by the country hint: listed for it; English: written everywhere.
    if ctx
        .name
        .legal_form
        .as_ref()
        .is_none_or(|f| f.decision == JurisdictionDecision::CountryHint || ENGLISH.contains(&f.canonical.as_str()))
    {
        return;
    }
    let Some(country) = ctx.name.country.as_deref() else { return };
    if ctx.rec.country.is_some() && !ctx.rec.country.as_deref().is_some_and(|c| c.trim().eq_ignore_ascii_case(country))
    {
        return; // the country came from a tag in the name, not from the record
    }
    // A country the tables list no form for: nothing to compare with.
    let Some((canonicals, languages)) = ctx.forms.countries.get(country) else { return };
    let recs = ctx.std.dictionaries().records();
    let cleaned = ctx.cleaned();
    // The main form only: inner stacked "forms" are often part of the name (`Mind C.T.I. Ltd.`).
    for f in ctx.name.legal_form.iter() {
        if f.decision == JurisdictionDecision::CountryHint {
            continue; // listed for the country
        }
        // Inside a word (`Ebookers.com` read as `S.Com`): not a form of the name.
        if cleaned[..f.span.0].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '.') {
            continue;
        }
        let ids = written_key(&f.written, |k| ctx.std.dictionaries().token_forms(k));
        let rows: Vec<_> = if ids.is_empty() {
            // Unspaced forms (株式会社): the pipeline's decision is all there is.
            if f.decision != JurisdictionDecision::HintConflict {
                continue;
            }
            Vec::new()
        } else {
            ids.iter().map(|&i| &recs[i as usize]).collect()
        };
        if rows.iter().any(|r| r.language == "en" || r.countries.iter().any(|c| c == country)) {
            continue;
        }
        // The country has the same form under another spelling (`N.V.` where the tables
        // list `Naamloze Vennootschap`), or forms in the same language: a gap in the tables
        // rather than a wrong form.
        if canonicals.iter().any(|c| *c == f.canonical)
            || rows.iter().any(|r| !r.language.is_empty() && languages.contains(&r.language))
        {
            continue;
        }
        let mut listed: Vec<&str> = rows.iter().flat_map(|r| r.countries.iter().map(String::as_str)).collect();
        listed.sort_unstable();
        listed.dedup();
        if listed.is_empty() {
            listed = f.jurisdictions.iter().map(|j| j.as_str()).collect();
        }
        if listed.is_empty() {
            continue;
        }
        let shown = if listed.len() > 8 {
            format!("{} and {} more", listed[..8].join(", "), listed.len() - 8)
        } else {
            listed.join(", ")
        };
        let span = ctx.span_cleaned(f.span.0, f.span.1);
        let msg = format!("legal form `{}` is not a form of {country}; it is listed for {shown}", f.written);
        ctx.flag("legalForm.countryConflict", msg, span, None);
        return;
    }
}

fn misspelled(ctx: &mut Ctx<'_>) {
    if !ctx.on("legalForm.misspelled") {
        return;
    }
    let cleaned = ctx.cleaned();
    let index = ctx.forms;
    // A form the pipeline recognized through a misspelt variant of the tables (`Limted`).
    for f in ctx.name.legal_forms() {
        // A form the country hint or its only jurisdiction decided is an established one.
        if f.written.len() < 4
            || f.written.contains(' ')
            || (f.written.len() <= 5 && ENGLISH.contains(&f.canonical.as_str()))
            || matches!(f.decision, JurisdictionDecision::CountryHint | JurisdictionDecision::Unique)
        {
            continue;
        }
        // (The entry found has the written form's key as its own.)
        let Some(e) = written_key(&f.written, |k| index.entry(k)) else { continue };
        if e.established {
            continue;
        }
        if let Some(good) = index.nearest(&e.key, Some(&e.canonical)) {
            let fixed = format!("{}{}{}", &cleaned[..f.span.0], good.form, &cleaned[f.span.1..]);
            let span = ctx.span_cleaned(f.span.0, f.span.1);
            let msg = format!("`{}` looks like the legal form `{}` misspelled", f.written, good.form);
            ctx.flag("legalForm.misspelled", msg, span, Some(Suggestion::name(fixed)));
            return;
        }
    }
    if ctx.name.legal_form.is_some() {
        return;
    }
    // The last word, not recognized as a form, close to one (`Corporaton`, `GmbhH`):
    // ASCII letters only, so the folded key is the lower-case word.
    let std = ctx.std;
    let trimmed = cleaned.trim_end_matches(|c: char| !c.is_alphanumeric());
    let s = trimmed.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    let e = trimmed.len();
    if s == 0 || e - s < 4 || !trimmed[s..].bytes().all(|b| b.is_ascii_alphabetic()) {
        return;
    }
    let word = trimmed[s..].to_ascii_lowercase();
    let word = word.as_str();
    // Company words are not excluded: the tables list misspellings there (`Corporaton`).
    use crate::word_index as wi;
    let known = wi::ORGANIZATION_WORDS.contains_key(word)
        || wi::STOP_WORDS.contains_key(word)
        || wi::GIVEN_NAMES.contains_key(word);
    if known {
        return;
    }
    let extra = std.dictionaries().records().len() > namestd_dictionaries::LEGAL_FORM_ENTRIES.len();
    let is_form = if extra { std.dictionaries().has_token_form(word) } else { wi::LEGAL_FORM_KEYS.contains_key(word) };
    if is_form {
        return;
    }
    let Some(good) = index.nearest(word, None) else { return };
    let written = cleaned[s..e].to_string();
    let fixed = format!("{}{}{}", &cleaned[..s], good.form, &cleaned[e..]);
    let span = ctx.span_cleaned(s, e);
    ctx.flag(
        "legalForm.misspelled",
        format!("`{written}` looks like the legal form `{}` misspelled", good.form),
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
    let Some(country) = super::country(cc) else { return };
    if !country.legal_form_usual {
        return;
    }
    // Exempt words, read from the lower-cased name first, then folded. (In an ASCII name
    // every lower-case word of two letters or more is also a token: the tokens decide.)
    if !ctx.cleaned().is_ascii() && ctx.any_lower_word(|w| EXEMPT_SET.contains_key(w)) {
        return;
    }
    ctx.load_tokens();
    let std = ctx.std;
    if ctx.tokens.iter().any(|t| EXEMPT_SET.contains_key(t.text.as_str())) {
        return;
    }
    // A form elsewhere in the name (`Foo GmbH, Werk Erlangen`) is not a missing form.
    if !ctx.forms().is_empty() {
        return;
    }
    // Nor is a form that ends a compound word (`Telefonaktiebolaget`), or a last word
    // written as initials with periods (`S.A.I.C.`), which is almost always a form the
    // tables do not have.
    let index = ctx.forms;
    let compound = ctx.tokens.iter().any(|t| t.text.len() > 12 && index.ends_with_form(&t.text));
    let cleaned = ctx.cleaned();
    let last = cleaned.rsplit(' ').next().unwrap_or("");
    let initials = last.len() >= 4
        && last.ends_with('.')
        && last
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
        && last.matches('.').count() >= 2;
    if compound || initials {
        return;
    }
    // (Unspaced scripts are not ASCII: an ASCII name is not read again.)
    if !ctx.cleaned().is_ascii() && ctx.cleaned().chars().any(namestd_dictionaries::key::is_unspaced_script) {
        // Unspaced scripts: only the pipeline's matching at both ends is reliable.
        if std.dictionaries().char_forms(ctx.cleaned(), false).is_some()
            || std.dictionaries().char_forms(ctx.cleaned(), true).is_some()
        {
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

#[cfg(test)]
mod tests {
    use super::repeated_word;

    fn repeated_word_chars(text: &str) -> bool {
        let mut words = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty());
        let mut prev = words.next().unwrap_or("").trim_end_matches('.');
        let mut repeat = false;
        for w in words {
            let w = w.trim_end_matches('.');
            repeat |= w.eq_ignore_ascii_case(prev);
            prev = w;
        }
        repeat
    }

    #[test]
    fn exempt_words_are_words_of_two_letters_or_more() {
        assert!(super::EXEMPT.iter().all(|w| w.len() >= 2));
    }

    proptest::proptest! {
        #[test]
        fn remembered_keys_are_form_keys(words in proptest::collection::vec("[aB. &-]{0,6}", 1..40)) {
            // Each text twice (the second answer comes from the cache): both are `form_key`'s.
            for w in words.iter().chain(words.iter()) {
                let k = super::written_key(w, str::to_string);
                proptest::prop_assert_eq!(k, namestd_dictionaries::key::form_key(w));
            }
        }

        #[test]
        fn one_edit_agrees_with_osa_distance(a in "[abc]{0,7}", b in "[abc]{0,7}") {
            proptest::prop_assert_eq!(
                super::within_one_edit(a.as_bytes(), b.as_bytes()),
                strsim::osa_distance(&a, &b) <= 1
            );
        }

        #[test]
        fn byte_split_agrees_with_char_split(s in "[aA. ,\t\n\x0b\x0cé]{0,16}") {
            proptest::prop_assert_eq!(repeated_word(&s), repeated_word_chars(&s));
        }
    }
}
