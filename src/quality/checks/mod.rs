//! The rule families. Each family is a function over a shared [`Ctx`] (the record, the
//! pipeline's output, the configuration); it pushes [`Finding`]s and returns quickly when
//! its rules cannot apply. The order of [`FAMILIES`] is the order rules are checked in.

mod applicants;
mod contact;
mod country;
mod entity;
mod legal_form;
mod person;
mod script;
mod text;

use super::rules::rule_index;
use super::span::Locator;
use super::{ApplicantRecord, QualityConfig, Span, Suggestion};
use crate::model::StandardizedName;
use crate::pipeline::Standardizer;
use namestd_dictionaries::key::{form_key, FormToken};

pub(crate) use legal_form::FormIndex;

/// A rule that fired, before configuration is applied.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    /// Index of the rule in [`super::RULES`].
    pub rule: usize,
    pub message: String,
    pub span: Option<Span>,
    pub suggestion: Option<Suggestion>,
}

/// What every family reads.
pub(crate) struct Ctx<'a> {
    pub rec: &'a ApplicantRecord,
    pub name: &'a StandardizedName,
    pub cfg: &'a QualityConfig,
    pub forms: &'a FormIndex,
    pub std: &'a Standardizer,
    pub loc: Locator<'a>,
    /// Form tokens of the cleaned name, once [`Ctx::load`] ran.
    pub tokens: Vec<FormToken>,
    tokens_ready: bool,
    segments_ready: bool,
    /// The cleaned name in lower case.
    pub lower: String,
    /// Legal forms anywhere in the tokens, computed on first use.
    found_forms: Option<Vec<(usize, usize)>>,
    /// Segments of the cleaned name at `,` and `;`, once [`Ctx::load`] ran.
    pub segments: Vec<(usize, usize)>,
    out: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// The cleaned name.
    pub fn cleaned(&self) -> &'a str {
        &self.name.cleaned
    }

    /// The original name.
    pub fn original(&self) -> &'a str {
        &self.name.original
    }

    /// Computes the form tokens and segments of the cleaned name (once); read them in
    /// `tokens` and `segments`.
    pub fn load(&mut self) {
        self.load_tokens();
        self.load_segments();
    }

    /// Computes the form tokens of the cleaned name (once); read them in `tokens`.
    pub fn load_tokens(&mut self) {
        if !self.tokens_ready {
            self.tokens = crate::pipeline::pooled_form_tokens(&self.name.cleaned);
            self.tokens_ready = true;
        }
    }

    /// Computes the segments of the cleaned name (once); read them in `segments`.
    pub fn load_segments(&mut self) {
        if !self.segments_ready {
            self.segments = segments(&self.name.cleaned);
            self.segments_ready = true;
        }
    }

    /// Token windows that are known legal forms, anywhere in the name: (first token,
    /// token count), left to right, longest match first.
    pub fn forms(&mut self) -> Vec<(usize, usize)> {
        self.load_tokens();
        if self.found_forms.is_none() {
            self.found_forms = Some(legal_form::forms_in_tokens(self.std, &self.tokens));
        }
        self.found_forms.clone().unwrap_or_default()
    }

    /// Whether any piece of the lower-cased name split at every character that is not a
    /// letter or digit (as `str::split` gives them, empty pieces included) satisfies `pred`.
    pub fn any_lower_word(&self, mut pred: impl FnMut(&str) -> bool) -> bool {
        let l = self.lower.as_str();
        if !l.is_ascii() {
            return l.split(|c: char| !c.is_alphanumeric()).any(pred);
        }
        // ASCII: the same pieces, byte by byte.
        let mut start = 0;
        for (i, c) in l.bytes().enumerate() {
            if !c.is_ascii_alphanumeric() {
                if pred(&l[start..i]) {
                    return true;
                }
                start = i + 1;
            }
        }
        pred(&l[start..])
    }

    /// Whether a piece of the lower-cased name (split as [`Ctx::any_lower_word`] splits it)
    /// of at least `min` bytes, `min` two or more, satisfies `pred`. In an ASCII name those
    /// pieces are exactly the form tokens that were not joined from single letters (the
    /// tokens are loaded: most families need them anyway).
    pub fn any_lower_word_of(&mut self, min: usize, mut pred: impl FnMut(&str) -> bool) -> bool {
        let cleaned = self.cleaned();
        if min < 2 || !cleaned.is_ascii() {
            return self.any_lower_word(|w| w.len() >= min && pred(w));
        }
        self.load_tokens();
        unjoined_words(cleaned, &self.tokens, min).any(pred)
    }

    /// Whether a rule is switched on (checks skip work for rules that are off).
    pub fn on(&self, code: &str) -> bool {
        self.cfg.all_on() || rule_index(code).is_some_and(|i| self.cfg.setting_at(i).severity.is_some())
    }

    /// Records a finding.
    pub fn flag(&mut self, code: &'static str, message: String, span: Option<Span>, suggestion: Option<Suggestion>) {
        let Some(rule) = rule_index(code) else {
            debug_assert!(false, "unknown rule code {code}");
            return;
        };
        self.out.push(Finding { rule, message, span, suggestion });
    }

    /// Whether a rule already fired on this record.
    pub fn fired(&self, code: &str) -> bool {
        !self.out.is_empty() && rule_index(code).is_some_and(|i| self.out.iter().any(|f| f.rule == i))
    }

    /// The span of a byte range of the cleaned name in the original.
    pub fn span_cleaned(&self, start: usize, end: usize) -> Option<Span> {
        self.loc.cleaned(start, end)
    }
}

/// The rule families, in checking order.
type Family = fn(&mut Ctx<'_>);
static FAMILIES: &[Family] = &[
    text::check,
    script::check,
    country::check,
    legal_form::check,
    contact::check,
    applicants::check,
    entity::check,
    person::check,
];

/// Runs every family on a record.
pub(crate) fn run(
    rec: &ApplicantRecord,
    name: &StandardizedName,
    tokens: Option<Vec<FormToken>>,
    cfg: &QualityConfig,
    forms: &FormIndex,
    std: &Standardizer,
) -> Vec<Finding> {
    let mut ctx = Ctx {
        rec,
        name,
        cfg,
        forms,
        std,
        loc: Locator::new(&name.original, &name.cleaned),
        tokens_ready: tokens.is_some(),
        tokens: tokens.unwrap_or_default(),
        segments_ready: false,
        lower: if name.cleaned.is_ascii() { name.cleaned.to_ascii_lowercase() } else { name.cleaned.to_lowercase() },
        found_forms: None,
        segments: Vec::new(),
        out: Vec::new(),
    };
    for (i, family) in FAMILIES.iter().enumerate() {
        family(&mut ctx);
        // A name that is empty or a placeholder gets nothing else: the other rules would
        // only repeat that there is no name.
        if i == 0 && !ctx.out.is_empty() && (ctx.fired("name.empty") || ctx.fired("name.placeholder")) {
            break;
        }
    }
    crate::pipeline::recycle_tokens(std::mem::take(&mut ctx.tokens));
    ctx.out
}

/// [`namestd_dictionaries::country`] through a table indexed by the two letters (the
/// rules look the record's country up several times per record).
pub(crate) fn country(code: &str) -> Option<&'static namestd_dictionaries::Country> {
    static BY_LETTERS: std::sync::LazyLock<Vec<u16>> = std::sync::LazyLock::new(|| {
        let mut t = vec![u16::MAX; 26 * 26];
        for (i, c) in namestd_dictionaries::COUNTRIES.iter().enumerate() {
            if let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = *c.code.as_bytes() {
                t[usize::from(a - b'A') * 26 + usize::from(b - b'A')] = i as u16;
            }
        }
        t
    });
    match *code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            let i = BY_LETTERS[usize::from(a - b'A') * 26 + usize::from(b - b'A')];
            namestd_dictionaries::COUNTRIES.get(usize::from(i))
        }
        _ => namestd_dictionaries::country(code),
    }
}

/// The texts of the form tokens of an ASCII `text` of at least `min` (two or more) bytes
/// that were not joined from single letters: the lower-cased maximal runs of letters and
/// digits of that length.
fn unjoined_words<'t>(text: &'t str, tokens: &'t [FormToken], min: usize) -> impl Iterator<Item = &'t str> {
    tokens.iter().filter_map(move |t| {
        let span = &text[t.span.clone()];
        let word = span.strip_suffix('.').unwrap_or(span);
        (t.text.len() >= min && word.len() == t.text.len()).then_some(t.text.as_str())
    })
}

/// The byte offset of the first `needle` in `haystack`: `str::find` for the short
/// needles and names of the rules, without building a substring searcher. (Only the
/// tests use it now, as the reference for the rules' own searches.)
#[cfg(test)]
pub(crate) fn find_bytes(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    if h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i] == first && h[i + 1..].starts_with(rest))
}

/// Splits `text` into segments at `,` and `;` (byte ranges, trimmed, non-empty).
pub(crate) fn segments(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut start = 0;
    // `,` and `;` are ASCII: no byte of another character equals them.
    loop {
        let i = b[start..].iter().position(|&c| c == b',' || c == b';').map_or(b.len(), |p| start + p);
        let seg = &text[start..i];
        let lead = seg.len() - seg.trim_start().len();
        let s = start + lead;
        let e = start + seg.trim_end().len();
        if e > s {
            out.push((s, e));
        }
        if i >= b.len() {
            return out;
        }
        start = i + 1;
    }
}

/// The folded key of a text (see [`form_key`]). ASCII text made of words and spaces takes
/// a short path that gives the same key: lower case, periods dropped, other punctuation a
/// space; anything else (single letters to join, `&`, non-ASCII) goes through `form_key`.
pub(crate) fn key(text: &str) -> String {
    if text.is_ascii() {
        // One pass: the key is built while checking that the short path applies (only
        // words, spaces, `.`, `,`, `-`, `'`; no one-letter word, which `form_key` would
        // join with its neighbours).
        let mut out = String::with_capacity(text.len());
        let mut gap = false;
        let mut run = 0usize;
        let mut simple = true;
        for &c in text.as_bytes() {
            if c.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(c.to_ascii_lowercase()));
                run += 1;
            } else if run == 1 || !matches!(c, b' ' | b'.' | b',' | b'-' | b'\'') {
                simple = false;
                break;
            } else {
                run = 0;
                gap |= c != b'.';
            }
        }
        if simple && run != 1 {
            return out;
        }
    }
    form_key(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use namestd_dictionaries::key::form_tokens;

    #[test]
    fn short_key_agrees_with_form_key() {
        for s in [
            "Los Angeles",
            "TOKYO",
            "St. Louis",
            "Bank of America",
            "Inc.",
            "Foo-Bar",
            "O'Reilly",
            "A B",
            "U.S.A.",
            "AT&T",
            "München",
        ] {
            assert_eq!(key(s), form_key(s), "{s}");
        }
    }

    /// The three-pass version of [`key`], kept as its oracle.
    fn key_three_passes(text: &str) -> String {
        if text.is_ascii() {
            let b = text.as_bytes();
            let simple = b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'.' | b',' | b'-' | b'\''));
            let single = text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w.len() == 1);
            if simple && !single {
                let mut out = String::with_capacity(text.len());
                let mut gap = false;
                for &c in b {
                    if c.is_ascii_alphanumeric() {
                        if gap && !out.is_empty() {
                            out.push(' ');
                        }
                        gap = false;
                        out.push(c.to_ascii_lowercase() as char);
                    } else if c != b'.' {
                        gap = true;
                    }
                }
                return out;
            }
        }
        form_key(text)
    }

    proptest::proptest! {
        #[test]
        fn one_pass_key_agrees_with_three_passes(s in "[ab1 .,'&-]{0,16}") {
            proptest::prop_assert_eq!(key(&s), key_three_passes(&s));
        }

        #[test]
        fn unjoined_tokens_are_the_lower_case_words(s in "[ -~]{0,30}", min in 2usize..5) {
            let lower = s.to_ascii_lowercase();
            let mut a: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.len() >= min).collect();
            let tokens = form_tokens(&s);
            let mut b: Vec<&str> = unjoined_words(&s, &tokens, min).collect();
            a.sort_unstable();
            b.sort_unstable();
            proptest::prop_assert_eq!(a, b);
        }

        #[test]
        fn find_bytes_agrees_with_find(h in "[ aw.ht]{0,12}", n in "[ aw.ht]{1,4}") {
            proptest::prop_assert_eq!(find_bytes(&h, &n), h.find(n.as_str()));
        }
    }

    #[test]
    fn country_table_agrees_with_the_search() {
        for a in b'A'..=b'[' {
            for b in b'@'..=b'Z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(country(&code), namestd_dictionaries::country(&code), "{code}");
            }
        }
        assert_eq!(country("us"), namestd_dictionaries::country("us"));
        assert_eq!(country("USA"), None);
    }

    /// The segment split as one pass over every byte with an end marker, kept as the
    /// oracle of [`segments`].
    fn segments_by_bytes(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &c) in text.as_bytes().iter().enumerate().chain(std::iter::once((text.len(), &b','))) {
            if c == b',' || c == b';' {
                let seg = &text[start..i];
                let lead = seg.len() - seg.trim_start().len();
                let s = start + lead;
                let e = start + seg.trim_end().len();
                if e > s {
                    out.push((s, e));
                }
                start = (i + 1).min(text.len());
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn segments_agree_with_the_byte_walk(s in "[a ,;\u{e9}\u{3000}]{0,14}") {
            proptest::prop_assert_eq!(segments(&s), segments_by_bytes(&s));
        }
    }

    #[test]
    fn segments_split_and_trim() {
        let t = "Siemens AG, Werk Erlangen ; x";
        let s: Vec<&str> = segments(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(s, vec!["Siemens AG", "Werk Erlangen", "x"]);
    }
}
