//! The index's flat tables: every string in one arena per column with `u32` offsets,
//! every list (tokens of a name, postings, owners, neighbours) as one flat array with
//! offsets, no `String`/`Vec`/`Box` per entry. The same tables are written to bytes
//! section by section ([`Tables::write`]) and read back without deriving anything again
//! ([`Tables::read`], which checks every length, offset and id before the index is used).

use super::registry::{Applicant, Variant};
use super::store::StoreError;
use crate::cluster::corpus::{Corpus, Entry, LegalFacts};
use crate::model::Kind;
use std::collections::BTreeMap;

/// Strings in one arena: string `i` is `arena[offs[i]..offs[i + 1]]`.
#[derive(Debug, Clone)]
pub(crate) struct Strs {
    arena: String,
    offs: Vec<u32>,
}

impl Default for Strs {
    fn default() -> Self {
        Strs { arena: String::new(), offs: vec![0] }
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("lookup index: a table over 4 GiB (registry too large for one index)")
}

impl Strs {
    pub(crate) fn push(&mut self, s: &str) {
        self.arena.push_str(s);
        self.offs.push(offset(self.arena.len()));
    }
    pub(crate) fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }
    /// String `i` (empty if out of range: ids are checked at load, this is belt and braces).
    pub(crate) fn get(&self, i: usize) -> &str {
        match (self.offs.get(i), self.offs.get(i + 1)) {
            (Some(&a), Some(&b)) => self.arena.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }
    /// Index of `s` when the strings are sorted.
    pub(crate) fn find_sorted(&self, s: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }
    fn heap_bytes(&self) -> usize {
        self.arena.len() + 4 * self.offs.len()
    }
}

/// Lists in one flat array: list `i` is `items[offs[i]..offs[i + 1]]`.
#[derive(Debug, Clone)]
pub(crate) struct Lists<T> {
    offs: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists { offs: vec![0], items: Vec::new() }
    }
}

impl<T: Copy> Lists<T> {
    pub(crate) fn push(&mut self, list: &[T]) {
        self.items.extend_from_slice(list);
        self.offs.push(offset(self.items.len()));
    }
    pub(crate) fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }
    /// List `i` (empty if out of range).
    pub(crate) fn get(&self, i: usize) -> &[T] {
        match (self.offs.get(i), self.offs.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
    /// The range of list `i` in the flat array.
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        match (self.offs.get(i), self.offs.get(i + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }
    fn heap_bytes(&self) -> usize {
        4 * self.offs.len() + std::mem::size_of::<T>() * self.items.len()
    }
}

// Flag bits.
const KIND_MASK: u8 = 0b11; // 0 none, 1 organization, 2 person, 3 unknown
const HAS_IDENT: u8 = 1 << 3; // applicants
const NAME_IS_FIRST_VARIANT: u8 = 1 << 4; // applicants
const WELL_FORMED: u8 = 1 << 4;
const MIXED_CASE: u8 = 1 << 5;
const TOK_DIGIT: u8 = 1;
const TOK_LEGAL: u8 = 2;
const NO_COUNTRY: u16 = u16::MAX;
/// No canonical entry / no legal form.
pub(crate) const NONE: u32 = u32::MAX;

/// The id of a country code in `table` (added if new); `NO_COUNTRY` for none.
fn country_id(ids: &mut std::collections::HashMap<String, u16>, table: &mut Strs, c: Option<&str>) -> u16 {
    let Some(c) = c else { return NO_COUNTRY };
    if let Some(&i) = ids.get(c) {
        return i;
    }
    let i =
        u16::try_from(table.len()).ok().filter(|&i| i < NO_COUNTRY).expect("lookup index: over 65,534 country codes");
    table.push(c);
    ids.insert(c.to_string(), i);
    i
}

fn kind_bits(k: Option<Kind>) -> u8 {
    match k {
        None => 0,
        Some(Kind::Organization) => 1,
        Some(Kind::Person) => 2,
        Some(Kind::Unknown) => 3,
    }
}

fn bits_kind(b: u8) -> Option<Kind> {
    match b & KIND_MASK {
        1 => Some(Kind::Organization),
        2 => Some(Kind::Person),
        3 => Some(Kind::Unknown),
        _ => None,
    }
}

/// Everything the index holds besides its standardizer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    // Applicants, in registry order.
    app_id: Strs,
    /// The canonical name, empty when it is the first variant's (flag `NAME_IS_FIRST_VARIANT`).
    app_name: Strs,
    /// Index into `countries`, or `NO_COUNTRY`.
    app_country: Vec<u16>,
    app_ident: Strs,
    app_flags: Vec<u8>,
    /// Applicant → its variants (a range of `var_name`/`var_count`).
    app_vars: Lists<()>,
    var_name: Strs,
    var_count: Vec<u64>,
    // Entries: distinct (name, country), in the corpus's content order.
    /// The variant spelled as the entry (its name).
    ent_var: Vec<u32>,
    /// The country given with the name (its applicant's): index into `countries`, or `NO_COUNTRY`.
    ent_country: Vec<u16>,
    /// Index into `countries`, or `NO_COUNTRY`.
    ent_std_country: Vec<u16>,
    /// Distinct country codes, referenced by `app_country` and `ent_std_country`.
    countries: Strs,
    ent_count: Vec<u64>,
    ent_flags: Vec<u8>,
    ent_legal: Vec<u32>,
    pub(crate) ent_tokens: Lists<u32>,
    /// Entry → applicants holding that name.
    pub(crate) owners: Lists<u32>,
    /// Distinct legal-form facts, referenced by `ent_legal`.
    legal: Vec<LegalFacts>,
    // Vocabulary: sorted tokens, with df, weight, flags and fuzzy neighbours.
    tok_text: Strs,
    pub(crate) tok_df: Vec<u32>,
    pub(crate) tok_weight: Vec<f32>,
    tok_flags: Vec<u8>,
    tok_nb: Lists<u32>,
    tok_nb_sim: Vec<f32>,
    // Derived maps.
    /// Token → entries holding it.
    pub(crate) postings: Lists<u32>,
    /// Folded key → group (`groups`: the entries with that key).
    pub(crate) names: fst::Map<Vec<u8>>,
    pub(crate) groups: Lists<u32>,
    /// Applicant id → applicant (the first with that id).
    pub(crate) ids: fst::Map<Vec<u8>>,
    /// Identifier → applicant (the first holding it).
    pub(crate) identifiers: fst::Map<Vec<u8>>,
    /// Trigram of a token → list (`gram_tokens`: the vocabulary tokens holding it).
    pub(crate) grams: fst::Map<Vec<u8>>,
    pub(crate) gram_tokens: Lists<u32>,
    /// Acronym → list (`acronym_entries`: the entries with those initials).
    pub(crate) acronyms: fst::Map<Vec<u8>>,
    pub(crate) acronym_entries: Lists<u32>,
    /// Applicant → the entry of its canonical name ([`NONE`] if none).
    pub(crate) canonical: Vec<u32>,
}

fn build_map<K: AsRef<[u8]> + Ord>(keys: impl IntoIterator<Item = (K, u64)>) -> fst::Map<Vec<u8>> {
    fst::Map::from_iter(keys).expect("keys are sorted and distinct")
}

/// `keys` (sorted) → an fst map from each key to its list, and the lists.
fn map_of_lists(keys: BTreeMap<String, Vec<u32>>) -> (fst::Map<Vec<u8>>, Lists<u32>) {
    let mut lists = Lists::default();
    let map = build_map(keys.into_iter().enumerate().map(|(i, (k, v))| {
        lists.push(&v);
        (k, i as u64)
    }));
    (map, lists)
}

/// The folded key of a name: its comparison tokens in order, space-joined.
pub(crate) fn folded<'a>(tokens: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (i, t) in tokens.enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

/// The initials of a name of 2 to 6 tokens, if all are ASCII lower-case letters.
pub(crate) fn acronym<'a>(tokens: impl ExactSizeIterator<Item = &'a str>) -> Option<String> {
    let n = tokens.len();
    if !(2..=6).contains(&n) {
        return None;
    }
    let s: String = tokens.filter_map(|t| t.chars().next()).collect();
    (s.len() == n && s.bytes().all(|b| b.is_ascii_lowercase())).then_some(s)
}

/// The character trigrams of a token, with `^` and `$` at its ends, sorted and distinct.
pub(crate) fn trigrams(token: &str) -> Vec<String> {
    let chars: Vec<char> = format!("^{token}$").chars().collect();
    let mut out: Vec<String> = chars.windows(3).map(|w| w.iter().collect()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Tables {
    /// The tables of a registry and its prepared corpus (`owners`: entry → applicants).
    pub(crate) fn build(applicants: &[Applicant], corpus: &Corpus, owners: &[Vec<u32>]) -> Tables {
        let mut t = Tables::default();
        let mut countries: std::collections::HashMap<String, u16> = std::collections::HashMap::new();
        for a in applicants {
            t.app_id.push(&a.id);
            let mut f = kind_bits(a.kind);
            if a.variants.first().is_some_and(|v| v.name == a.name) {
                f |= NAME_IS_FIRST_VARIANT;
                t.app_name.push("");
            } else {
                t.app_name.push(&a.name);
            }
            t.app_country.push(country_id(&mut countries, &mut t.countries, a.country.as_deref()));
            t.app_ident.push(a.identifier.as_deref().unwrap_or(""));
            if a.identifier.is_some() {
                f |= HAS_IDENT;
            }
            t.app_flags.push(f);
            for v in &a.variants {
                t.var_name.push(&v.name);
                t.var_count.push(v.count);
            }
            t.app_vars.offs.push(offset(t.var_count.len()));
        }
        // The corpus's inputs are the variants, in order: an entry's first input is its variant.
        t.ent_var = vec![NONE; corpus.entries.len()];
        for (k, &e) in corpus.input_entry.iter().enumerate() {
            if t.ent_var[e as usize] == NONE {
                t.ent_var[e as usize] = k as u32;
            }
        }
        let mut legal: BTreeMap<(&str, &str, Vec<&str>), u32> = BTreeMap::new();
        for (i, e) in corpus.entries.iter().enumerate() {
            let k = t.ent_var[i] as usize;
            assert!(
                t.var_name.get(k) == e.name && t.app_country_of(t.var_applicant(k)) == e.country.as_deref(),
                "lookup index: corpus entry {i} is not its variant"
            );
            t.ent_country.push(country_id(&mut countries, &mut t.countries, e.country.as_deref()));
            t.ent_std_country.push(country_id(&mut countries, &mut t.countries, e.std_country.as_deref()));
            t.ent_count.push(e.count);
            let mut f = kind_bits(Some(e.kind));
            if e.well_formed {
                f |= WELL_FORMED;
            }
            if e.mixed_case {
                f |= MIXED_CASE;
            }
            t.ent_flags.push(f);
            t.ent_tokens.push(&e.tokens);
            let l = e.legal.as_ref().map_or(NONE, |l| {
                let key = (&*l.canonical, &*l.generic, l.jurisdictions.iter().map(|j| &**j).collect());
                let next = t.legal.len() as u32;
                *legal.entry(key).or_insert_with(|| {
                    t.legal.push(l.clone());
                    next
                })
            });
            t.ent_legal.push(l);
        }
        for o in owners {
            t.owners.push(o);
        }
        let v = &corpus.vocab;
        for (i, text) in v.text.iter().enumerate() {
            t.tok_text.push(text);
            t.tok_flags.push((u8::from(v.digit[i]) * TOK_DIGIT) | (u8::from(v.legal[i]) * TOK_LEGAL));
            let nb: Vec<u32> = v.neighbours[i].iter().map(|x| x.0).collect();
            t.tok_nb.push(&nb);
            t.tok_nb_sim.extend(v.neighbours[i].iter().map(|x| x.1));
        }
        t.tok_df = v.df.clone();
        t.tok_weight = v.weight.clone();

        // Derived maps.
        let mut by_key: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); v.len()];
        let mut acronyms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, e) in corpus.entries.iter().enumerate() {
            by_key.entry(folded(e.tokens.iter().map(|&x| &*v.text[x as usize]))).or_default().push(i as u32);
            for &x in &e.tokens {
                postings[x as usize].push(i as u32);
            }
            if let Some(a) = acronym(e.tokens.iter().map(|&x| &*v.text[x as usize])) {
                acronyms.entry(a).or_default().push(i as u32);
            }
        }
        for p in &postings {
            t.postings.push(p);
        }
        (t.names, t.groups) = map_of_lists(by_key);
        (t.acronyms, t.acronym_entries) = map_of_lists(acronyms);
        t.ids = build_map(
            applicants.iter().enumerate().rev().map(|(i, a)| (a.id.as_str(), i as u64)).collect::<BTreeMap<_, _>>(),
        );
        let mut identifiers: BTreeMap<&str, u64> = BTreeMap::new();
        for (i, a) in applicants.iter().enumerate() {
            if let Some(x) = &a.identifier {
                identifiers.entry(x).or_insert(i as u64);
            }
        }
        t.identifiers = build_map(identifiers);
        let mut grams: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, text) in v.text.iter().enumerate() {
            if v.digit[i] || text.chars().count() < crate::cluster::similarity::FUZZY_MIN_CHARS {
                continue;
            }
            for g in trigrams(text) {
                grams.entry(g).or_default().push(i as u32);
            }
        }
        (t.grams, t.gram_tokens) = map_of_lists(grams);
        let by_name: std::collections::HashMap<(&str, Option<&str>), u32> = corpus
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.name.as_str(), e.country.as_deref()), i as u32))
            .collect();
        t.canonical = applicants
            .iter()
            .map(|a| by_name.get(&(a.name.as_str(), a.country.as_deref())).copied().unwrap_or(NONE))
            .collect();
        t
    }

    // --- Applicants ---

    pub(crate) fn applicant_count(&self) -> usize {
        self.app_flags.len()
    }

    pub(crate) fn applicant_id(&self, a: u32) -> &str {
        self.app_id.get(a as usize)
    }

    /// The canonical name.
    pub(crate) fn applicant_name(&self, a: u32) -> &str {
        let i = a as usize;
        let f = self.app_flags.get(i).copied().unwrap_or(0);
        if f & NAME_IS_FIRST_VARIANT != 0 {
            self.var_name.get(self.app_vars.range(i).start)
        } else {
            self.app_name.get(i)
        }
    }

    fn app_country_of(&self, a: usize) -> Option<&str> {
        self.app_country.get(a).filter(|&&c| c != NO_COUNTRY).map(|&c| self.countries.get(c as usize))
    }

    /// The applicant whose variant `k` is.
    fn var_applicant(&self, k: usize) -> usize {
        self.app_vars.offs.partition_point(|&o| o as usize <= k).saturating_sub(1)
    }

    pub(crate) fn applicant_kind(&self, a: u32) -> Option<Kind> {
        self.app_flags.get(a as usize).and_then(|&f| bits_kind(f))
    }

    /// The applicant, as a registry record.
    pub(crate) fn applicant(&self, a: u32) -> Applicant {
        let i = a as usize;
        let f = self.app_flags.get(i).copied().unwrap_or(0);
        let opt = |s: &Strs, bit: u8| (f & bit != 0).then(|| s.get(i).to_string());
        Applicant {
            id: self.app_id.get(i).to_string(),
            name: self.applicant_name(a).to_string(),
            variants: self
                .app_vars
                .range(i)
                .map(|v| Variant { name: self.var_name.get(v).to_string(), count: self.var_count[v] })
                .collect(),
            country: self.app_country_of(i).map(str::to_string),
            kind: bits_kind(f),
            identifier: opt(&self.app_ident, HAS_IDENT),
        }
    }

    // --- Entries ---

    pub(crate) fn entry_count(&self) -> usize {
        self.ent_flags.len()
    }

    pub(crate) fn entry_name(&self, e: u32) -> &str {
        self.ent_var.get(e as usize).map_or("", |&k| self.var_name.get(k as usize))
    }

    pub(crate) fn entry_country(&self, e: u32) -> Option<&str> {
        self.ent_country.get(e as usize).filter(|&&c| c != NO_COUNTRY).map(|&c| self.countries.get(c as usize))
    }

    pub(crate) fn entry_count_of(&self, e: u32) -> u64 {
        self.ent_count.get(e as usize).copied().unwrap_or(0)
    }

    pub(crate) fn entry_tokens(&self, e: u32) -> &[u32] {
        self.ent_tokens.get(e as usize)
    }

    /// Whether the folded key of an entry is `key`, without building it.
    pub(crate) fn entry_folded_is(&self, e: u32, key: &str) -> bool {
        let mut rest = key;
        for (i, &t) in self.entry_tokens(e).iter().enumerate() {
            if i > 0 {
                match rest.strip_prefix(' ') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(self.token(t)) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }

    /// The entry as clustering's [`Entry`], for scoring: what the pair score reads
    /// (tokens, as ids of this vocabulary; legal form; countries; kind; flags), with the
    /// name and the sorted key left empty (the scorer does not read them; the test that a
    /// lookup scores as clustering does would tell).
    pub(crate) fn entry_for_scoring(&self, e: u32) -> Entry {
        let i = e as usize;
        let f = self.ent_flags.get(i).copied().unwrap_or(0);
        Entry {
            name: String::new(),
            country: self.entry_country(e).map(str::to_string),
            count: self.entry_count_of(e),
            key: String::new(),
            tokens: self.entry_tokens(e).to_vec(),
            legal: self.ent_legal.get(i).and_then(|&l| self.legal.get(l as usize)).cloned(),
            std_country: self
                .ent_std_country
                .get(i)
                .filter(|&&c| c != NO_COUNTRY)
                .map(|&c| self.countries.get(c as usize).to_string()),
            kind: bits_kind(f).unwrap_or(Kind::Unknown),
            well_formed: f & WELL_FORMED != 0,
            mixed_case: f & MIXED_CASE != 0,
        }
    }

    // --- Vocabulary ---

    pub(crate) fn token(&self, t: u32) -> &str {
        self.tok_text.get(t as usize)
    }

    pub(crate) fn token_id(&self, text: &str) -> Option<u32> {
        self.tok_text.find_sorted(text)
    }

    pub(crate) fn token_legal(&self, t: u32) -> bool {
        self.tok_flags.get(t as usize).is_some_and(|f| f & TOK_LEGAL != 0)
    }

    /// The fuzzy neighbours of a token with their similarity.
    pub(crate) fn neighbours(&self, t: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        let r = self.tok_nb.range(t as usize);
        self.tok_nb.items[r.clone()].iter().copied().zip(self.tok_nb_sim[r].iter().copied())
    }

    /// Approximate heap size, bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        let strs = [&self.app_id, &self.app_name, &self.countries, &self.app_ident, &self.var_name, &self.tok_text];
        let maps = [&self.names, &self.ids, &self.identifiers, &self.grams, &self.acronyms];
        strs.iter().map(|s| s.heap_bytes()).sum::<usize>()
            + maps.iter().map(|m| m.as_fst().as_bytes().len()).sum::<usize>()
            + [&self.ent_tokens, &self.owners, &self.tok_nb, &self.postings, &self.groups, &self.gram_tokens]
                .iter()
                .map(|l| l.heap_bytes())
                .sum::<usize>()
            + self.acronym_entries.heap_bytes()
            + self.app_vars.heap_bytes()
            + 8 * (self.var_count.len() + self.ent_count.len())
            + 2 * (self.app_country.len() + self.ent_country.len() + self.ent_std_country.len())
            + 4 * self.ent_var.len()
            + 4 * (self.ent_legal.len() + self.tok_df.len() + self.tok_weight.len() + self.tok_nb_sim.len())
            + 4 * self.canonical.len()
            + self.app_flags.len()
            + self.ent_flags.len()
            + self.tok_flags.len()
    }

    // --- Bytes ---

    /// Writes every table, in a fixed order.
    pub(crate) fn write(&self, w: &mut Writer) {
        for s in [&self.app_id, &self.app_name, &self.app_ident, &self.countries] {
            w.strs(s);
        }
        w.u16s(&self.app_country);
        w.u8s(&self.app_flags);
        w.u32s(&self.app_vars.offs);
        w.strs(&self.var_name);
        w.u64s(&self.var_count);
        w.u32s(&self.ent_var);
        w.u16s(&self.ent_country);
        w.u16s(&self.ent_std_country);
        w.u64s(&self.ent_count);
        w.u8s(&self.ent_flags);
        w.u32s(&self.ent_legal);
        w.lists(&self.ent_tokens);
        w.lists(&self.owners);
        let mut legal = Strs::default();
        for l in &self.legal {
            let mut s = format!("{}\t{}", l.canonical, l.generic);
            for j in &l.jurisdictions {
                s.push('\t');
                s.push_str(j);
            }
            legal.push(&s);
        }
        w.strs(&legal);
        w.strs(&self.tok_text);
        w.u32s(&self.tok_df);
        w.f32s(&self.tok_weight);
        w.u8s(&self.tok_flags);
        w.lists(&self.tok_nb);
        w.f32s(&self.tok_nb_sim);
        w.lists(&self.postings);
        w.bytes(self.names.as_fst().as_bytes());
        w.lists(&self.groups);
        w.bytes(self.ids.as_fst().as_bytes());
        w.bytes(self.identifiers.as_fst().as_bytes());
        w.bytes(self.grams.as_fst().as_bytes());
        w.lists(&self.gram_tokens);
        w.bytes(self.acronyms.as_fst().as_bytes());
        w.lists(&self.acronym_entries);
        w.u32s(&self.canonical);
    }

    /// Reads the tables written by [`Tables::write`] and checks them: lengths agree,
    /// offsets are in order and in range, every id points into its table, strings are
    /// UTF-8 cut at character boundaries, the vocabulary is sorted, fst checksums hold.
    pub(crate) fn read<R: std::io::Read>(r: &mut Reader<R>) -> Result<Tables, StoreError> {
        let mut t = Tables {
            app_id: r.strs("applicant ids")?,
            app_name: r.strs("applicant names")?,
            app_ident: r.strs("applicant identifiers")?,
            countries: r.strs("countries")?,
            app_country: r.u16s("applicant countries")?,
            app_flags: r.u8s("applicant flags")?,
            app_vars: Lists { offs: r.u32s("applicant variants")?, items: Vec::new() },
            var_name: r.strs("variant names")?,
            var_count: r.u64s("variant counts")?,
            ent_var: r.u32s("entry variants")?,
            ent_country: r.u16s("entry countries")?,
            ent_std_country: r.u16s("entry standardized countries")?,
            ent_count: r.u64s("entry counts")?,
            ent_flags: r.u8s("entry flags")?,
            ent_legal: r.u32s("entry legal forms")?,
            ent_tokens: r.lists("entry tokens")?,
            owners: r.lists("entry owners")?,
            legal: Vec::new(),
            tok_text: Strs::default(),
            tok_df: Vec::new(),
            tok_weight: Vec::new(),
            tok_flags: Vec::new(),
            tok_nb: Lists::default(),
            tok_nb_sim: Vec::new(),
            postings: Lists::default(),
            names: fst::Map::default(),
            groups: Lists::default(),
            ids: fst::Map::default(),
            identifiers: fst::Map::default(),
            grams: fst::Map::default(),
            gram_tokens: Lists::default(),
            acronyms: fst::Map::default(),
            acronym_entries: Lists::default(),
            canonical: Vec::new(),
        };
        let legal = r.strs("legal forms")?;
        t.legal = (0..legal.len())
            .map(|i| {
                let mut parts = legal.get(i).split('\t');
                let canonical = parts.next().unwrap_or("").into();
                let generic = parts.next().unwrap_or("").into();
                LegalFacts { canonical, generic, jurisdictions: parts.map(Into::into).collect() }
            })
            .collect();
        t.tok_text = r.strs("vocabulary")?;
        t.tok_df = r.u32s("document frequencies")?;
        t.tok_weight = r.f32s("token weights")?;
        t.tok_flags = r.u8s("token flags")?;
        t.tok_nb = r.lists("neighbours")?;
        t.tok_nb_sim = r.f32s("neighbour similarities")?;
        t.postings = r.lists("postings")?;
        t.names = r.map("names")?;
        t.groups = r.lists("name groups")?;
        t.ids = r.map("ids")?;
        t.identifiers = r.map("identifiers")?;
        t.grams = r.map("trigrams")?;
        t.gram_tokens = r.lists("trigram tokens")?;
        t.acronyms = r.map("acronyms")?;
        t.acronym_entries = r.lists("acronym entries")?;
        t.canonical = r.u32s("canonical names")?;
        t.check()?;
        Ok(t)
    }

    fn check(&self) -> Result<(), StoreError> {
        let apps = self.app_flags.len();
        let ents = self.ent_flags.len();
        let toks = self.tok_text.len();
        let vars = self.var_count.len();
        let same = |what: &str, n: usize, want: usize| {
            if n == want {
                Ok(())
            } else {
                Err(StoreError::new(format!("{what}: {n} rows, expected {want}")))
            }
        };
        offsets("applicant variants", &self.app_vars.offs, vars)?;
        same("applicant ids", self.app_id.len(), apps)?;
        same("applicant names", self.app_name.len(), apps)?;
        same("applicant countries", self.app_country.len(), apps)?;
        same("applicant identifiers", self.app_ident.len(), apps)?;
        same("applicant variants", self.app_vars.len(), apps)?;
        same("canonical names", self.canonical.len(), apps)?;
        same("variant names", self.var_name.len(), vars)?;
        same("entry variants", self.ent_var.len(), ents)?;
        same("entry countries", self.ent_country.len(), ents)?;
        same("entry standardized countries", self.ent_std_country.len(), ents)?;
        same("entry counts", self.ent_count.len(), ents)?;
        same("entry legal forms", self.ent_legal.len(), ents)?;
        same("entry tokens", self.ent_tokens.len(), ents)?;
        same("entry owners", self.owners.len(), ents)?;
        same("document frequencies", self.tok_df.len(), toks)?;
        same("token weights", self.tok_weight.len(), toks)?;
        same("token flags", self.tok_flags.len(), toks)?;
        same("neighbours", self.tok_nb.len(), toks)?;
        same("neighbour similarities", self.tok_nb_sim.len(), self.tok_nb.items.len())?;
        same("postings", self.postings.len(), toks)?;
        same("name groups", self.groups.len(), self.names.len())?;
        same("trigram tokens", self.gram_tokens.len(), self.grams.len())?;
        same("acronym entries", self.acronym_entries.len(), self.acronyms.len())?;
        let below = |what: &str, ids: &[u32], n: usize, none_ok: bool| {
            if ids.iter().all(|&x| (x as usize) < n || (none_ok && x == NONE)) {
                Ok(())
            } else {
                Err(StoreError::new(format!("{what}: an id out of range")))
            }
        };
        below("entry variants", &self.ent_var, vars, false)?;
        let countries = self.countries.len();
        if !self
            .app_country
            .iter()
            .chain(&self.ent_country)
            .chain(&self.ent_std_country)
            .all(|&c| c == NO_COUNTRY || (c as usize) < countries)
        {
            return Err(StoreError::new("countries: an id out of range".into()));
        }
        below("entry tokens", &self.ent_tokens.items, toks, false)?;
        below("entry owners", &self.owners.items, apps, false)?;
        below("entry legal forms", &self.ent_legal, self.legal.len(), true)?;
        below("neighbours", &self.tok_nb.items, toks, false)?;
        below("postings", &self.postings.items, ents, false)?;
        below("name groups", &self.groups.items, ents, false)?;
        below("trigram tokens", &self.gram_tokens.items, toks, false)?;
        below("acronym entries", &self.acronym_entries.items, ents, false)?;
        below("canonical names", &self.canonical, ents, true)?;
        if !(1..toks).all(|i| self.tok_text.get(i - 1) < self.tok_text.get(i)) {
            return Err(StoreError::new("vocabulary: not sorted".into()));
        }
        Ok(())
    }
}

/// Offsets start at 0, never decrease and end at `len`.
fn offsets(what: &str, offs: &[u32], len: usize) -> Result<(), StoreError> {
    let ok = offs.first() == Some(&0)
        && offs.windows(2).all(|w| w[0] <= w[1])
        && offs.last().is_some_and(|&l| l as usize == len);
    if ok {
        Ok(())
    } else {
        Err(StoreError::new(format!("{what}: offsets out of order or out of range")))
    }
}

/// Little-endian sections: each a `u64` element count, then the elements.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) out: Vec<u8>,
}

impl Writer {
    fn len(&mut self, n: usize) {
        self.out.extend_from_slice(&(n as u64).to_le_bytes());
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.out.extend_from_slice(b);
    }
    fn u8s(&mut self, v: &[u8]) {
        self.bytes(v);
    }
    /// A section of `N`-byte numbers.
    fn numbers<T: Copy, const N: usize>(&mut self, v: &[T], conv: fn(T) -> [u8; N]) {
        self.len(v.len());
        self.out.reserve(N * v.len());
        for &x in v {
            self.out.extend_from_slice(&conv(x));
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.numbers(v, u32::to_le_bytes);
    }
    fn u16s(&mut self, v: &[u16]) {
        self.numbers(v, u16::to_le_bytes);
    }
    fn u64s(&mut self, v: &[u64]) {
        self.numbers(v, u64::to_le_bytes);
    }
    fn f32s(&mut self, v: &[f32]) {
        self.numbers(v, f32::to_le_bytes);
    }
    fn strs(&mut self, s: &Strs) {
        self.bytes(s.arena.as_bytes());
        self.u32s(&s.offs);
    }
    fn lists(&mut self, l: &Lists<u32>) {
        self.u32s(&l.offs);
        self.u32s(&l.items);
    }
}

/// Reads what [`Writer`] wrote, from bytes or a file, every length checked against the
/// bytes left before anything is allocated.
#[derive(Debug)]
pub(crate) struct Reader<R> {
    pub(crate) src: R,
    /// Bytes left in the source.
    pub(crate) left: u64,
}

impl<R: std::io::Read> Reader<R> {
    fn exact(&mut self, what: &str, buf: &mut [u8]) -> Result<(), StoreError> {
        self.src.read_exact(buf).map_err(|e| StoreError::new(format!("{what}: {e}")))?;
        self.left -= buf.len() as u64;
        Ok(())
    }
    fn take(&mut self, what: &str, size: u64) -> Result<Vec<u8>, StoreError> {
        let short = || StoreError::new(format!("{what}: truncated"));
        if self.left < 8 {
            return Err(short());
        }
        let mut n = [0u8; 8];
        self.exact(what, &mut n)?;
        let n = u64::from_le_bytes(n);
        let bytes = n.checked_mul(size).filter(|&b| b <= self.left).ok_or_else(short)?;
        let mut out = vec![0u8; usize::try_from(bytes).map_err(|_| short())?];
        self.exact(what, &mut out)?;
        Ok(out)
    }
    fn u8s(&mut self, what: &str) -> Result<Vec<u8>, StoreError> {
        self.take(what, 1)
    }
    /// A section of `N`-byte numbers, read in chunks straight into the vector (no copy of
    /// the whole section).
    fn numbers<T, const N: usize>(&mut self, what: &str, conv: fn([u8; N]) -> T) -> Result<Vec<T>, StoreError> {
        let short = || StoreError::new(format!("{what}: truncated"));
        if self.left < 8 {
            return Err(short());
        }
        let mut n = [0u8; 8];
        self.exact(what, &mut n)?;
        let n = u64::from_le_bytes(n);
        let bytes = n.checked_mul(N as u64).filter(|&b| b <= self.left).ok_or_else(short)?;
        let mut out = Vec::with_capacity(usize::try_from(n).map_err(|_| short())?);
        let mut buf = [0u8; 1 << 16];
        let mut left = bytes as usize;
        while left > 0 {
            let k = left.min(buf.len());
            self.exact(what, &mut buf[..k])?;
            out.extend(buf[..k].chunks_exact(N).map(|c| conv(c.try_into().expect("N bytes"))));
            left -= k;
        }
        Ok(out)
    }
    fn u16s(&mut self, what: &str) -> Result<Vec<u16>, StoreError> {
        self.numbers(what, u16::from_le_bytes)
    }
    fn u32s(&mut self, what: &str) -> Result<Vec<u32>, StoreError> {
        self.numbers(what, u32::from_le_bytes)
    }
    fn u64s(&mut self, what: &str) -> Result<Vec<u64>, StoreError> {
        self.numbers(what, u64::from_le_bytes)
    }
    fn f32s(&mut self, what: &str) -> Result<Vec<f32>, StoreError> {
        self.numbers(what, f32::from_le_bytes)
    }
    fn strs(&mut self, what: &str) -> Result<Strs, StoreError> {
        let arena =
            String::from_utf8(self.take(what, 1)?).map_err(|_| StoreError::new(format!("{what}: not UTF-8")))?;
        let offs = self.u32s(what)?;
        offsets(what, &offs, arena.len())?;
        if !offs.iter().all(|&o| arena.is_char_boundary(o as usize)) {
            return Err(StoreError::new(format!("{what}: an offset inside a character")));
        }
        Ok(Strs { arena, offs })
    }
    fn lists(&mut self, what: &str) -> Result<Lists<u32>, StoreError> {
        let offs = self.u32s(what)?;
        let items = self.u32s(what)?;
        offsets(what, &offs, items.len())?;
        Ok(Lists { offs, items })
    }
    fn map(&mut self, what: &str) -> Result<fst::Map<Vec<u8>>, StoreError> {
        let map = fst::Map::new(self.take(what, 1)?).map_err(|e| StoreError::new(format!("{what}: {e}")))?;
        map.as_fst().verify().map_err(|e| StoreError::new(format!("{what}: {e}")))?;
        Ok(map)
    }
}
