//! Similarity between two standardized names: a score and the features behind it.
//!
//! The score is a soft, IDF-weighted Dice coefficient over the names' comparison tokens
//! (`keys.folded`): each token weighs `ln(1 + N / df)` in the corpus being clustered, so
//! `inc`, `corp` or `university` count for little and `motorola` for much. Tokens pair up
//! exactly, fuzzily (one edit, two for long words, same first letter: a typo), or as an
//! acronym (`ibm` ↔ `international business machines`); the score is the matched weight
//! over the total weight of both names. Then:
//!
//! - **distinctive tokens**: when neither name's rarest token has a counterpart in the
//!   other, the names are different (`Bank of the West` / `Bank of the East`,
//!   `AMTECH` / `IMTECH`): veto;
//!   When one name's rarest token has no counterpart and the other name has a word
//!   without counterpart too, a word was replaced rather than added (`Leland Stanford
//!   Junior University` / `Leland Stanford Junior Foundation`): veto;
//! - **modifiers**: a common word that still tells organizations apart ([`MODIFIERS`]:
//!   `state`, `north`, `southern`...) on one side only (`Iowa State University` /
//!   `University of Iowa`): veto;
//! - **represented body**: in names that act for someone (`... as represented by the
//!   Secretary of the Navy`, `... on behalf of Portland State University`), every word of
//!   the represented body must have a counterpart in the other name (`Navy` is not
//!   `Army`): veto;
//! - **digits**: numbers that differ on both sides (`11447 Second Street` /
//!   `11449 Second Street`): veto;
//! - **legal form** is evidence, not noise: forms of different classes in disjoint
//!   jurisdictions (`NV` vs `Inc`) cost [`LEGAL_FORM_CONFLICT_PENALTY`];
//! - **country**: different countries cost [`COUNTRY_PENALTY`], and both together cost
//!   [`COUNTRY_AND_LEGAL_FORM_PENALTY`] (same core, different legal forms in different
//!   countries: likely different entities).
//!
//! Every score comes with its [`Similarity`] breakdown, serializable, so a match can be
//! explained.

use super::corpus::{Corpus, Entry, Vocabulary};
use serde::{Deserialize, Serialize};

/// Common words that still tell organizations apart when only one name has them:
/// `Iowa State University` is not the `University of Iowa`, `Southern Illinois University`
/// is not the `University of Illinois`, `Bank of the West` is not the `Bank of America`.
/// Sorted.
pub const MODIFIERS: &[&str] = &[
    "central", "city", "county", "east", "eastern", "north", "northern", "south", "southern", "state", "west",
    "western",
];

/// Fuzzy token agreement needs tokens of at least this many characters.
pub const FUZZY_MIN_CHARS: usize = 5;
/// Weight kept by a joined-words match (`storagetechnologies` ↔ `storage tech`).
pub const JOINED_SIMILARITY: f64 = 0.95;
/// Weight kept by an acronym match (`ibm` ↔ `international business machines`).
pub const ACRONYM_SIMILARITY: f64 = 0.9;
/// Weight kept by an abbreviation match (`calif` ↔ `california`, `bd` ↔ `board`).
pub const ABBREVIATION_SIMILARITY: f64 = 0.85;
/// A rare word stands for a replaced one only when every word the other name has without
/// counterpart weighs at most this share of it (a common word replaced by a rare one:
/// `University` by `Staration`; not `Trustees` by `Directors`).
pub const REPLACED_WEIGHT_RATIO: f64 = 0.6;
/// The represented-body and replaced-word vetoes are looked for only in pairs whose token
/// score reaches this (no string is compared for the many candidate pairs below it).
pub const VETO_MIN_TOKENS: f64 = 0.5;
/// A token weighing at least this share of a name's rarest token counts as about as rare.
pub const RARE_TIE_SHARE: f32 = 0.9;
/// Score lost when the legal forms conflict (different classes, disjoint jurisdictions).
pub const LEGAL_FORM_CONFLICT_PENALTY: f64 = 0.05;
/// Score lost when the countries differ.
pub const COUNTRY_PENALTY: f64 = 0.10;
/// Score lost when the countries differ and the legal forms conflict.
pub const COUNTRY_AND_LEGAL_FORM_PENALTY: f64 = 0.25;

/// Similarity of two tokens that may be one word misspelled: same first letter, at least
/// [`FUZZY_MIN_CHARS`] characters, one edit apart (Damerau-Levenshtein; two for words of
/// eight characters or more, by `strsim`'s Damerau-Levenshtein). The value is `strsim`'s
/// Jaro-Winkler similarity; `None` when the tokens do not agree. Tokens with digits agree only when equal.
pub fn token_similarity(a: &str, b: &str) -> Option<f64> {
    if a == b {
        return Some(1.0);
    }
    if a.chars().chain(b.chars()).any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    if shorter < FUZZY_MIN_CHARS || la.abs_diff(lb) > 2 || a.chars().next() != b.chars().next() {
        return None;
    }
    let d = strsim::damerau_levenshtein(a, b);
    let allowed = if shorter >= 8 { 2 } else { 1 };
    (d <= allowed).then(|| strsim::jaro_winkler(a, b))
}

/// Whether one token may abbreviate the other: same first letter, and the shorter one's
/// letters appear in the longer one in order (`bd` / `board`, `tech` / `technologica`,
/// `r` / `res`).
pub fn abbreviates(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() || short.len() == long.len() || short.as_bytes()[0] != long.as_bytes()[0] {
        return false;
    }
    let mut rest = long.bytes();
    short.bytes().all(|c| rest.any(|x| x == c))
}

/// Whether one token may be an abbreviation of the other as a name's one differing word
/// is: both alphabetic, the shorter of at least 3 letters, starting with the longer one's
/// first 3 letters and keeping the rest of its letters in order (`calif` / `california`,
/// `tex` / `texas`, `penna` / `pennsylvania`, `admin` / `administration`), and not itself
/// a company word's standard abbreviation (`amer`, `res`, `gen`, `motor`: those stand
/// for their own word, so `amer` is not `amersave`). Two-letter codes (`mn`, `ne`) are
/// not read: `mn` has its letters in `michigan` too.
pub fn abbreviation_of(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let alpha = |t: &str| t.bytes().all(|c| c.is_ascii_lowercase());
    short.len() >= 3
        && short.len() < long.len()
        && alpha(short)
        && alpha(long)
        && short.as_bytes()[..3] == long.as_bytes()[..3]
        && abbreviates(short, long)
        && !namestd_dictionaries::COMPANY_WORD_VALUES.contains(&short)
}

/// US postal codes of the states whose name is one word, with that word, sorted by code
/// (USPS Publication 28, appendix B). `co` and `in` are left out: they are a legal form
/// and a function word before they are Colorado and Indiana.
pub const US_STATE_CODES: &[(&str, &str)] = &[
    ("ak", "alaska"),
    ("al", "alabama"),
    ("ar", "arkansas"),
    ("az", "arizona"),
    ("ca", "california"),
    ("ct", "connecticut"),
    ("de", "delaware"),
    ("fl", "florida"),
    ("ga", "georgia"),
    ("hi", "hawaii"),
    ("ia", "iowa"),
    ("id", "idaho"),
    ("il", "illinois"),
    ("ks", "kansas"),
    ("ky", "kentucky"),
    ("la", "louisiana"),
    ("ma", "massachusetts"),
    ("md", "maryland"),
    ("me", "maine"),
    ("mi", "michigan"),
    ("mn", "minnesota"),
    ("mo", "missouri"),
    ("ms", "mississippi"),
    ("mt", "montana"),
    ("ne", "nebraska"),
    ("nv", "nevada"),
    ("oh", "ohio"),
    ("ok", "oklahoma"),
    ("or", "oregon"),
    ("pa", "pennsylvania"),
    ("tn", "tennessee"),
    ("tx", "texas"),
    ("ut", "utah"),
    ("va", "virginia"),
    ("vt", "vermont"),
    ("wa", "washington"),
    ("wi", "wisconsin"),
    ("wy", "wyoming"),
];

/// Whether one token is the US postal code of the state the other names (`tx` / `texas`):
/// [`US_STATE_CODES`].
pub fn state_code_of(a: &str, b: &str) -> bool {
    let (code, name) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    code.len() == 2 && US_STATE_CODES.binary_search_by(|(c, _)| c.cmp(&code)).is_ok_and(|i| US_STATE_CODES[i].1 == name)
}

/// Whether two tokens may be one word badly misspelled (beyond [`token_similarity`]):
/// same first letter, both of at least [`FUZZY_MIN_CHARS`] characters, Jaro-Winkler
/// similarity at least 0.85 (`repeated` / `represented`, `administer` / `administrator`).
pub fn misspelled(a: &str, b: &str) -> bool {
    a.len().min(b.len()) >= FUZZY_MIN_CHARS
        && a.as_bytes().first() == b.as_bytes().first()
        && strsim::jaro_winkler(a, b) >= 0.85
}

/// How two tokens (or a token and a run of tokens) were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    /// The same token.
    Exact,
    /// One word misspelled (see [`token_similarity`]).
    Fuzzy,
    /// A token is the initials of a run of tokens in the other name.
    Acronym,
    /// A token is two adjacent tokens of the other name written together
    /// (`stmicroelectronics` ↔ `st microelectronics`).
    Joined,
    /// The one word in which the names differ is abbreviated in one of them (`calif` ↔
    /// `california`, `bd` ↔ `board`, `tx` ↔ `texas`): see [`abbreviates`].
    Abbreviation,
}

/// One pairing of tokens in a [`Similarity`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenMatch {
    /// The token(s) of the first name.
    pub a: String,
    /// The token(s) of the second name.
    pub b: String,
    /// How they were paired.
    pub kind: MatchKind,
    /// Token similarity (1 for exact).
    pub similarity: f64,
    /// IDF weight of the matched tokens, both sides.
    pub weight: f64,
}

/// Legal-form compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum LegalFormAgreement {
    /// One or both names carry no legal form.
    #[default]
    Unknown,
    /// Same canonical form.
    Same,
    /// Same generic class (`LLC` and `GmbH`).
    SameGeneric,
    /// Different forms, jurisdictions overlapping or unknown.
    Different,
    /// Different classes in disjoint jurisdictions.
    Conflict,
}

/// Country compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum CountryAgreement {
    /// One or both names have no country.
    #[default]
    Unknown,
    /// Same country.
    Same,
    /// Different countries.
    Different,
}

/// Numbers in the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum DigitAgreement {
    /// Neither name has a token with digits, or all of them match.
    #[default]
    Same,
    /// Only one name has unmatched numbers.
    OneSided,
    /// Both names have numbers the other lacks.
    Differ,
}

/// Why a pair was ruled out whatever its token score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Veto {
    /// Numbers differ on both sides.
    DigitsDiffer,
    /// Neither name's most distinctive token has a counterpart in the other.
    DistinctiveTokensDiffer,
    /// One name's most distinctive token has no counterpart while the other name has a
    /// word without counterpart too: a word replaced, not added (`Leland Stanford Junior
    /// University` / `Leland Stanford Junior Foundation`).
    DistinctiveTokenReplaced,
    /// One name has a modifier word ([`MODIFIERS`]: `state`, `north`...) the other lacks.
    ModifierDiffers,
    /// A word of the represented body (`... as represented by the Secretary of the Navy`,
    /// `... on behalf of Portland State University`) has no counterpart in the other name.
    RepresentedBodyDiffers,
}

/// The score of a pair and its breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Similarity {
    /// Final score in `[0, 1]`: `tokens` minus penalties, 0 when vetoed.
    pub score: f64,
    /// Soft IDF-weighted Dice over the tokens: matched weight / total weight.
    pub tokens: f64,
    /// Share of the first name's token weight matched.
    pub coverage_a: f64,
    /// Share of the second name's token weight matched.
    pub coverage_b: f64,
    /// The token pairings (filled by explanations).
    pub matches: Vec<TokenMatch>,
    /// First-name tokens without counterpart.
    pub unmatched_a: Vec<String>,
    /// Second-name tokens without counterpart.
    pub unmatched_b: Vec<String>,
    /// The first name's most distinctive (rarest) token, and whether it matched.
    pub distinctive_a: Option<(String, bool)>,
    /// The second name's most distinctive token, and whether it matched.
    pub distinctive_b: Option<(String, bool)>,
    /// Whether an acronym pairing was used.
    pub acronym: bool,
    /// Numbers.
    pub digits: DigitAgreement,
    /// Legal forms.
    pub legal_form: LegalFormAgreement,
    /// Countries.
    pub country: CountryAgreement,
    /// Total penalty subtracted.
    pub penalty: f64,
    /// Why the pair was ruled out, if it was.
    pub veto: Option<Veto>,
}

/// Compact scoring result for the hot path.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Quick {
    pub score: f64,
    pub veto: bool,
    pub digits: bool,
}

struct Work<'a> {
    a: &'a Entry,
    b: &'a Entry,
    vocab: &'a Vocabulary,
    ma: u64,
    mb: u64,
    matched: f64,
    acronym: bool,
    trace: Option<Vec<TokenMatch>>,
}

fn bit(i: usize) -> u64 {
    1u64 << i
}

impl Work<'_> {
    fn w(&self, id: u32) -> f64 {
        f64::from(self.vocab.weight[id as usize])
    }

    fn exact(&mut self) {
        for (i, &x) in self.a.tokens.iter().enumerate() {
            // The first unmatched equal token (a represented body may repeat a word).
            if let Some(j) = self.b.tokens.iter().enumerate().position(|(j, &y)| y == x && self.mb & bit(j) == 0) {
                self.ma |= bit(i);
                self.mb |= bit(j);
                self.matched += 2.0 * self.w(x);
                if let Some(t) = self.trace.as_mut() {
                    let tok = self.vocab.text[x as usize].to_string();
                    t.push(TokenMatch {
                        a: tok.clone(),
                        b: tok,
                        kind: MatchKind::Exact,
                        similarity: 1.0,
                        weight: 2.0 * f64::from(self.vocab.weight[x as usize]),
                    });
                }
            }
        }
    }

    fn fuzzy(&mut self) {
        if self.ma.count_ones() as usize == self.a.tokens.len() || self.mb.count_ones() as usize == self.b.tokens.len()
        {
            return;
        }
        let mut cands: Vec<(f32, u32, u32, usize, usize)> = Vec::new();
        for (i, &x) in self.a.tokens.iter().enumerate() {
            if self.ma & bit(i) != 0 {
                continue;
            }
            let nb = &self.vocab.neighbours[x as usize];
            if nb.is_empty() {
                continue;
            }
            for (j, &y) in self.b.tokens.iter().enumerate() {
                if self.mb & bit(j) != 0 {
                    continue;
                }
                if let Ok(k) = nb.binary_search_by_key(&y, |e| e.0) {
                    cands.push((nb[k].1, x.min(y), x.max(y), i, j));
                }
            }
        }
        if cands.is_empty() {
            return;
        }
        cands.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
        for (s, _, _, i, j) in cands {
            if self.ma & bit(i) != 0 || self.mb & bit(j) != 0 {
                continue;
            }
            self.ma |= bit(i);
            self.mb |= bit(j);
            let (x, y) = (self.a.tokens[i], self.b.tokens[j]);
            let weight = self.w(x) + self.w(y);
            self.matched += f64::from(s) * weight;
            if let Some(t) = self.trace.as_mut() {
                t.push(TokenMatch {
                    a: self.vocab.text[x as usize].to_string(),
                    b: self.vocab.text[y as usize].to_string(),
                    kind: MatchKind::Fuzzy,
                    similarity: f64::from(s),
                    weight,
                });
            }
        }
    }

    /// Unmatched tokens of one side that are two adjacent unmatched tokens of the other
    /// side written together (the second may be an abbreviation of the rest:
    /// `storagetechnologies` ↔ `storage tech`).
    fn joined(&mut self, swap: bool) {
        let (x, y) = if swap { (self.b, self.a) } else { (self.a, self.b) };
        let (mut mx, mut my) = if swap { (self.mb, self.ma) } else { (self.ma, self.mb) };
        if y.tokens.len() < 2 {
            return;
        }
        let vocab = self.vocab;
        for (i, &t) in x.tokens.iter().enumerate() {
            let text: &str = &vocab.text[t as usize];
            if mx & bit(i) != 0 || text.len() < 8 {
                continue;
            }
            let found = (0..y.tokens.len() - 1).find(|&s| {
                if my & bit(s) != 0 || my & bit(s + 1) != 0 {
                    return false;
                }
                let (y1, y2): (&str, &str) = (&vocab.text[y.tokens[s] as usize], &vocab.text[y.tokens[s + 1] as usize]);
                text.strip_prefix(y1)
                    .is_some_and(|rest| rest == y2 || (y2.len() >= 3 && rest.len() > y2.len() && rest.starts_with(y2)))
            });
            if let Some(s) = found {
                mx |= bit(i);
                my |= bit(s) | bit(s + 1);
                let weight = self.w(t) + self.w(y.tokens[s]) + self.w(y.tokens[s + 1]);
                self.matched += JOINED_SIMILARITY * weight;
                if let Some(tr) = self.trace.as_mut() {
                    let run = format!("{} {}", vocab.text[y.tokens[s] as usize], vocab.text[y.tokens[s + 1] as usize]);
                    let (a, b) = if swap { (run, text.to_string()) } else { (text.to_string(), run) };
                    tr.push(TokenMatch { a, b, kind: MatchKind::Joined, similarity: JOINED_SIMILARITY, weight });
                }
            }
        }
        if swap {
            self.mb = mx;
            self.ma = my;
        } else {
            self.ma = mx;
            self.mb = my;
        }
    }

    /// Unmatched short tokens of one side that are the initials of a run of unmatched
    /// tokens on the other side.
    fn acronyms(&mut self, swap: bool) {
        let (x, y) = if swap { (self.b, self.a) } else { (self.a, self.b) };
        let (mut mx, mut my) = if swap { (self.mb, self.ma) } else { (self.ma, self.mb) };
        if y.tokens.len() < 2 {
            return;
        }
        for (i, &t) in x.tokens.iter().enumerate() {
            if mx & bit(i) != 0 {
                continue;
            }
            let vocab = self.vocab;
            let text: &str = &vocab.text[t as usize];
            let n = text.len();
            if !(2..=6).contains(&n) || !text.bytes().all(|c| c.is_ascii_lowercase()) || n > y.tokens.len() {
                continue;
            }
            let found = (0..=y.tokens.len() - n).find(|&s| {
                (s..s + n).all(|k| my & bit(k) == 0)
                    && y.tokens[s..s + n]
                        .iter()
                        .zip(text.bytes())
                        .all(|(&tok, c)| vocab.text[tok as usize].as_bytes().first() == Some(&c))
            });
            if let Some(s) = found {
                mx |= bit(i);
                let mut weight = self.w(t);
                for k in s..s + n {
                    my |= bit(k);
                    weight += self.w(y.tokens[k]);
                }
                self.matched += ACRONYM_SIMILARITY * weight;
                self.acronym = true;
                if let Some(tr) = self.trace.as_mut() {
                    let run: Vec<&str> = y.tokens[s..s + n].iter().map(|&k| &*self.vocab.text[k as usize]).collect();
                    let (ta, tb) = (text.to_string(), run.join(" "));
                    let (a, b) = if swap { (tb, ta) } else { (ta, tb) };
                    tr.push(TokenMatch { a, b, kind: MatchKind::Acronym, similarity: ACRONYM_SIMILARITY, weight });
                }
            }
        }
        if swap {
            self.mb = mx;
            self.ma = my;
        } else {
            self.ma = mx;
            self.mb = my;
        }
    }

    /// The words in which the names differ, abbreviated on one side (`Regents of the
    /// University of Calif.` / `... of California`, `Nat'l Aero. and Space Admin.` /
    /// `... Aeronautics and Space Administration`, `Penna.` / `Pennsylvania`): when both
    /// names have the same number (one to three) of unmatched tokens besides legal forms
    /// and honorifics, and each abbreviates its counterpart in name order
    /// ([`abbreviation_of`], or a US state's postal code: [`state_code_of`]), they pair up, provided the names share another word. Abbreviations are only read there: with
    /// anything else differing, `tex` could abbreviate another word.
    fn abbreviation(&mut self) {
        let vocab = self.vocab;
        // The unmatched tokens of a name besides legal forms and honorifics, in name order
        // (at most `MAX` of them).
        const MAX: usize = 3;
        let rest = |e: &Entry, mask: u64| -> Option<([usize; MAX], usize)> {
            let (mut out, mut n) = ([0usize; MAX], 0);
            for (i, &t) in e.tokens.iter().enumerate() {
                if mask & bit(i) != 0 || vocab.legal[t as usize] {
                    continue;
                }
                if n == MAX {
                    return None;
                }
                out[n] = i;
                n += 1;
            }
            Some((out, n))
        };
        let (Some((ia, na)), Some((ib, nb))) = (rest(self.a, self.ma), rest(self.b, self.mb)) else { return };
        // The names must also share a word besides legal forms: a name that is only the
        // abbreviated word is a brand, and brands may share a prefix (`Univer` /
        // `Universo`).
        let shared = |e: &Entry, mask: u64| {
            e.tokens.iter().enumerate().any(|(i, &t)| mask & bit(i) != 0 && !vocab.legal[t as usize])
        };
        if na == 0 || na != nb || !shared(self.a, self.ma) || !shared(self.b, self.mb) {
            return;
        }
        let text = |e: &Entry, i: usize| -> &str { &vocab.text[e.tokens[i] as usize] };
        let abbr = |x: &str, y: &str| abbreviation_of(x, y) || state_code_of(x, y);
        if !(0..na).all(|k| abbr(text(self.a, ia[k]), text(self.b, ib[k]))) {
            return;
        }
        for k in 0..na {
            let (i, j) = (ia[k], ib[k]);
            let (x, y) = (self.a.tokens[i], self.b.tokens[j]);
            self.ma |= bit(i);
            self.mb |= bit(j);
            let weight = self.w(x) + self.w(y);
            self.matched += ABBREVIATION_SIMILARITY * weight;
            if let Some(t) = self.trace.as_mut() {
                t.push(TokenMatch {
                    a: vocab.text[x as usize].to_string(),
                    b: vocab.text[y as usize].to_string(),
                    kind: MatchKind::Abbreviation,
                    similarity: ABBREVIATION_SIMILARITY,
                    weight,
                });
            }
        }
    }

    fn total(&self, e: &Entry) -> f64 {
        e.tokens.iter().map(|&t| self.w(t)).sum()
    }

    fn matched_weight(&self, e: &Entry, mask: u64) -> f64 {
        e.tokens.iter().enumerate().filter(|(i, _)| mask & bit(*i) != 0).map(|(_, &t)| self.w(t)).sum()
    }

    /// Index of the most distinctive token (highest weight, then smallest id).
    fn distinctive(&self, e: &Entry) -> Option<usize> {
        let mut best: Option<(usize, f32, u32)> = None;
        for (i, &t) in e.tokens.iter().enumerate() {
            let w = self.vocab.weight[t as usize];
            if best.is_none_or(|(_, bw, bt)| w > bw || (w == bw && t < bt)) {
                best = Some((i, w, t));
            }
        }
        best.map(|b| b.0)
    }

    fn unmatched_digits(&self, e: &Entry, mask: u64) -> bool {
        e.tokens.iter().enumerate().any(|(i, &t)| mask & bit(i) == 0 && self.vocab.digit[t as usize])
    }
}

/// Legal-form compatibility of two entries (a breakdown's `legal_form`).
pub(crate) fn legal_agreement(a: &Entry, b: &Entry) -> LegalFormAgreement {
    match (&a.legal, &b.legal) {
        (Some(x), Some(y)) => {
            if x.canonical == y.canonical {
                LegalFormAgreement::Same
            } else if !x.generic.is_empty() && x.generic == y.generic {
                LegalFormAgreement::SameGeneric
            } else if !x.jurisdictions.is_empty()
                && !y.jurisdictions.is_empty()
                && !x.jurisdictions.iter().any(|j| y.jurisdictions.contains(j))
            {
                LegalFormAgreement::Conflict
            } else {
                LegalFormAgreement::Different
            }
        }
        _ => LegalFormAgreement::Unknown,
    }
}

fn country_agreement(a: &Entry, b: &Entry) -> CountryAgreement {
    let ca = a.country.as_deref().or(a.std_country.as_deref());
    let cb = b.country.as_deref().or(b.std_country.as_deref());
    match (ca, cb) {
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => CountryAgreement::Same,
        (Some(_), Some(_)) => CountryAgreement::Different,
        _ => CountryAgreement::Unknown,
    }
}

/// Scores a pair of corpus entries; fills the breakdown when `explain` is set.
fn compute(a: &Entry, b: &Entry, vocab: &Vocabulary, explain: bool) -> (Quick, Option<Similarity>) {
    let mut w = Work { a, b, vocab, ma: 0, mb: 0, matched: 0.0, acronym: false, trace: explain.then(Vec::new) };
    w.exact();
    w.joined(false);
    w.joined(true);
    w.fuzzy();
    w.acronyms(false);
    w.acronyms(true);
    w.abbreviation();
    let (ta, tb) = (w.total(a), w.total(b));
    let tokens = if ta + tb > 0.0 { (w.matched / (ta + tb)).min(1.0) } else { 0.0 };
    let da = w.distinctive(a);
    let db = w.distinctive(b);
    let da_ok = da.is_none_or(|i| w.ma & bit(i) != 0);
    let db_ok = db.is_none_or(|i| w.mb & bit(i) != 0);
    let (dig_a, dig_b) = (w.unmatched_digits(a, w.ma), w.unmatched_digits(b, w.mb));
    let digits = match (dig_a, dig_b) {
        (true, true) => DigitAgreement::Differ,
        (false, false) => DigitAgreement::Same,
        _ => DigitAgreement::OneSided,
    };
    // A modifier the other name has too, though paired with another copy of it, is not
    // one-sided (`Arizona Board of Regents, a body corporate of the State of Arizona, acting
    // for Arizona State University` / `Arizona Board of Regents acting for Arizona State
    // University`: the second `state` repeats a word both names have).
    let modifier = |e: &Entry, mask: u64, other: &Entry| {
        e.tokens.iter().enumerate().any(|(i, &t)| {
            mask & bit(i) == 0
                && !other.tokens.contains(&t)
                && MODIFIERS.binary_search(&&*vocab.text[t as usize]).is_ok()
        })
    };
    // The represented bodies (`... as represented by the Secretary of the Navy`: `navy`).
    // A body word (not a legal form or honorific) is without counterpart when it is
    // unmatched and, if the other name has no body, absent from it too (`State of Oregon
    // ... on behalf of Oregon Health Sciences University` / `Oregon Health Sciences
    // University`). A pair is vetoed when neither side's body is wholly matched (`Navy` /
    // `Army`), or one side's body is not and the other side has none (`USA as represented
    // by the Secretary of the Navy` / `USA`).
    let (all_a, all_b) = (w.ma.count_ones() as usize == a.tokens.len(), w.mb.count_ones() as usize == b.tokens.len());
    // Looked for only when the token score could matter (the vetoes below too): most
    // candidate pairs score far lower, and comparing strings for them is wasted work.
    let worth_checking = tokens >= VETO_MIN_TOKENS;
    let body_differs = if (all_a && all_b) || !worth_checking {
        false // the common case: no string compared
    } else {
        let body_of = |e: &Entry| super::tokens::represented_body(e.tokens.iter().map(|&t| &*vocab.text[t as usize]));
        let (body_a, body_b) = (body_of(a), body_of(b));
        let unmatched = |e: &Entry, body: u64, mask: u64, other: &Entry, other_body: u64| {
            e.tokens.iter().enumerate().any(|(i, &t)| {
                body & !mask & bit(i) != 0
                    && !vocab.legal[t as usize]
                    && (other_body != 0 || !other.tokens.contains(&t))
            })
        };
        let ua = body_a != 0 && unmatched(a, body_a, w.ma, b, body_b);
        let ub = body_b != 0 && unmatched(b, body_b, w.mb, a, body_a);
        (ua && (ub || body_b == 0)) || (ub && body_a == 0)
    };
    // The unmatched rarest token `d` of `e` (or one about as rare) stands where the other
    // name has a word without counterpart (not a legal form, honorific or representation
    // word), every such word
    // being much commoner than `d` ([`REPLACED_WEIGHT_RATIO`]) and neither an abbreviation
    // of `d` or it of that word (`bd` / `board`, `va` / `virginia`, `r d` / `res dev`) nor
    // a misspelling too far for the fuzzy match (`repeated` / `represented`).
    let replaced = |e: &Entry, top: Option<usize>, mask: u64, other: &Entry, other_mask: u64| {
        // Nothing unmatched on either side: nothing replaced (no string compared).
        if mask.count_ones() as usize == e.tokens.len() || other_mask.count_ones() as usize == other.tokens.len() {
            return false;
        }
        let Some(top) = top else { return false };
        // The rarest unmatched token, if it is about as rare as the rarest token (rare
        // words tie often: each spelling of a name brings its own).
        let top_w = vocab.weight[e.tokens[top] as usize];
        let Some(d) = (0..e.tokens.len())
            .filter(|&i| mask & bit(i) == 0 && vocab.weight[e.tokens[i] as usize] >= RARE_TIE_SHARE * top_w)
            .max_by(|&x, &y| {
                let (wx, wy) = (vocab.weight[e.tokens[x] as usize], vocab.weight[e.tokens[y] as usize]);
                wx.total_cmp(&wy).then(e.tokens[y].cmp(&e.tokens[x]))
            })
        else {
            return false;
        };
        let dt: &str = &vocab.text[e.tokens[d] as usize];
        let dw = f64::from(vocab.weight[e.tokens[d] as usize]);
        let mut any = false;
        for (i, &t) in other.tokens.iter().enumerate() {
            let text: &str = &vocab.text[t as usize];
            if other_mask & bit(i) != 0 || vocab.legal[t as usize] || super::tokens::is_representation(text) {
                continue;
            }
            if f64::from(vocab.weight[t as usize]) > REPLACED_WEIGHT_RATIO * dw
                || abbreviates(dt, text)
                || misspelled(dt, text)
            {
                return false;
            }
            any = true;
        }
        any
    };
    let veto = if digits == DigitAgreement::Differ {
        Some(Veto::DigitsDiffer)
    } else if body_differs {
        Some(Veto::RepresentedBodyDiffers)
    } else if modifier(a, w.ma, b) != modifier(b, w.mb, a) {
        Some(Veto::ModifierDiffers)
    } else if !da_ok && !db_ok {
        Some(Veto::DistinctiveTokensDiffer)
    } else if worth_checking && (replaced(a, da, w.ma, b, w.mb) || replaced(b, db, w.mb, a, w.ma)) {
        Some(Veto::DistinctiveTokenReplaced)
    } else {
        None
    };
    let legal = legal_agreement(a, b);
    let country = country_agreement(a, b);
    let penalty = match (country == CountryAgreement::Different, legal == LegalFormAgreement::Conflict) {
        (true, true) => COUNTRY_AND_LEGAL_FORM_PENALTY,
        (true, false) => COUNTRY_PENALTY,
        (false, true) => LEGAL_FORM_CONFLICT_PENALTY,
        (false, false) => 0.0,
    };
    let score = if veto.is_some() { 0.0 } else { (tokens - penalty).clamp(0.0, 1.0) };
    let quick = Quick { score, veto: veto.is_some(), digits: veto == Some(Veto::DigitsDiffer) };
    if !explain {
        return (quick, None);
    }
    let names = |e: &Entry, mask: u64| -> Vec<String> {
        e.tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & bit(*i) == 0)
            .map(|(_, &t)| vocab.text[t as usize].to_string())
            .collect()
    };
    let dist = |e: &Entry, i: Option<usize>, ok: bool| i.map(|i| (vocab.text[e.tokens[i] as usize].to_string(), ok));
    let sim = Similarity {
        score,
        tokens,
        coverage_a: if ta > 0.0 { w.matched_weight(a, w.ma) / ta } else { 0.0 },
        coverage_b: if tb > 0.0 { w.matched_weight(b, w.mb) / tb } else { 0.0 },
        matches: w.trace.take().unwrap_or_default(),
        unmatched_a: names(a, w.ma),
        unmatched_b: names(b, w.mb),
        distinctive_a: dist(a, da, da_ok),
        distinctive_b: dist(b, db, db_ok),
        acronym: w.acronym,
        digits,
        legal_form: legal,
        country,
        penalty,
        veto,
    };
    (quick, Some(sim))
}

/// Fast score of two corpus entries (no breakdown).
pub(crate) fn quick(corpus: &Corpus, i: u32, j: u32) -> Quick {
    let (i, j) = (i.min(j), i.max(j));
    compute(&corpus.entries[i as usize], &corpus.entries[j as usize], &corpus.vocab, false).0
}

/// Score and breakdown of two corpus entries.
pub(crate) fn explain(corpus: &Corpus, i: u32, j: u32) -> Similarity {
    let (x, y) = (i.min(j), i.max(j));
    let mut s =
        compute(&corpus.entries[x as usize], &corpus.entries[y as usize], &corpus.vocab, true).1.unwrap_or_default();
    if x != i {
        std::mem::swap(&mut s.coverage_a, &mut s.coverage_b);
        std::mem::swap(&mut s.unmatched_a, &mut s.unmatched_b);
        std::mem::swap(&mut s.distinctive_a, &mut s.distinctive_b);
        for m in &mut s.matches {
            std::mem::swap(&mut m.a, &mut m.b);
        }
    }
    s
}

/// Compares two names outside a clustering, with token weights from a reference corpus
/// (`names`, which should hold both names and others like them: weights are IDF over it).
///
/// ```
/// use namestd::cluster::compare;
/// let names = ["Bank of the West", "Bank of the East", "Bank of America", "First Bank"];
/// let s = compare("Bank of the West", "Bank of the East", &names);
/// assert_eq!(s.score, 0.0);
/// assert!(s.veto.is_some());
/// ```
pub fn compare(a: &str, b: &str, names: &[&str]) -> Similarity {
    let mut inputs: Vec<super::ClusterInput> = names.iter().map(|n| super::ClusterInput::new(*n)).collect();
    let ia = inputs.len();
    inputs.push(super::ClusterInput::new(a));
    inputs.push(super::ClusterInput::new(b));
    let corpus = super::corpus::build(&crate::Standardizer::default(), &inputs);
    explain(&corpus, corpus.input_entry[ia], corpus.input_entry[ia + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_keep_their_letters_in_order() {
        assert!(abbreviates("bd", "board"));
        assert!(abbreviates("technologica", "tech"));
        assert!(abbreviates("r", "res"));
        assert!(!abbreviates("univ", "staration"));
        assert!(!abbreviates("navy", "army"));
        assert!(!abbreviates("board", "board"));
        assert!(abbreviation_of("calif", "california") && abbreviation_of("pennsylvania", "penna"));
        assert!(US_STATE_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(state_code_of("tx", "texas") && state_code_of("michigan", "mi") && !state_code_of("mn", "michigan"));
        assert!(abbreviation_of("tex", "texas") && abbreviation_of("admin", "administration"));
        assert!(!abbreviation_of("amer", "amersave") && !abbreviation_of("mn", "michigan"));
        assert!(!abbreviation_of("res", "refractories") && !abbreviation_of("texas", "texas"));
        assert!(misspelled("repeated", "represented"));
        assert!(misspelled("administer", "administrator"));
        assert!(!misspelled("starsity", "stanford") || strsim::jaro_winkler("starsity", "stanford") >= 0.85);
        assert!(!misspelled("univ", "university"));
    }

    #[test]
    fn a_rare_word_replaced_is_not_a_variant() {
        let names = [
            "Leland Stanford Junior University",
            "Leland Stanford Junior Foundation",
            "Acme University",
            "Beta University",
            "Gamma University",
        ];
        let s = compare(names[0], names[1], &names);
        assert_eq!(s.veto, Some(Veto::DistinctiveTokenReplaced), "{s:?}");
        // An abbreviation in place of the word is a variant.
        let names = ["Board of Trustees of Leland Stanford University", "Bd of Trustees of Leland Stanford University"];
        assert_ne!(compare(names[0], names[1], &names).veto, Some(Veto::DistinctiveTokenReplaced));
    }

    #[test]
    fn the_one_word_that_differs_may_be_abbreviated() {
        let names = [
            "The Regents of the University of California",
            "The Regents of the University of Calif.",
            "University of Colorado",
            "Amersave Products Corporation",
            "American Products Company",
        ];
        let s = compare(names[0], names[1], &names);
        assert!(s.matches.iter().any(|m| m.kind == MatchKind::Abbreviation), "{s:?}");
        assert!(s.score >= 0.8, "{s:?}");
        // A company word's own abbreviation stands for that word.
        let s = compare(names[3], names[4], &names);
        assert!(!s.matches.iter().any(|m| m.kind == MatchKind::Abbreviation), "{s:?}");
    }

    #[test]
    fn a_modifier_both_names_have_is_not_one_sided() {
        let names = [
            "Arizona Board of Regents acting on behalf of Arizona State University",
            "Arizona Board of Regents, a body corporate of the State of Arizona, acting on behalf of Arizona State University",
            "Iowa State University",
            "University of Iowa",
        ];
        assert_ne!(compare(names[0], names[1], &names).veto, Some(Veto::ModifierDiffers));
        assert_eq!(compare(names[2], names[3], &names).veto, Some(Veto::ModifierDiffers));
    }
}
