//! The dictionaries the pipeline reads: the embedded tables, plus an office's own
//! legal-form rows loaded at run time in the same TSV format.

use crate::error::{Error, Result};
use crate::short_table::ShortTable;
use fst::raw::Fst;
use fst::Map;
use namestd_dictionaries as dicts;
use namestd_dictionaries::format::parse_legal_forms;
use namestd_dictionaries::key::{char_key, form_key, form_tokens, is_unspaced_form, FormToken};
use namestd_dictionaries::Position;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock};

/// One legal-form record, embedded or loaded at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRecord {
    /// The form as written in names.
    pub form: String,
    /// Canonical abbreviation.
    pub canonical: String,
    /// Whether the canonical abbreviation is itself recognized as a form of this family.
    pub canonical_is_form: bool,
    /// Generic class.
    pub generic: String,
    /// ELF codes.
    pub elf: Vec<String>,
    /// Jurisdictions; empty means any.
    pub countries: Vec<String>,
    /// The same jurisdictions as two-byte codes, for fast comparison.
    pub(crate) codes: Vec<u16>,
    /// Language.
    pub language: String,
    /// Where the form stands in a name.
    pub position: Position,
    /// Provenance tags.
    pub source: Vec<String>,
    /// The provenance families of `source` as a bit set over [`SOURCE_FAMILIES`].
    pub(crate) families: u16,
    /// Whether the ELF list marks the form inactive (its codes are not reported).
    pub inactive: bool,
    /// ELF codes of this row that the ELF list marks inactive (not reported).
    pub inactive_elf: Vec<String>,
    /// The table and line it came from (`legal_forms.tsv:120`).
    pub origin: String,
}

impl FormRecord {
    /// Whether the form may stand at `at` (`Suffix` or `Prefix`). Prefix forms are also
    /// accepted at the end (`Газпром ООО` is seen); suffix forms only at the end.
    pub fn allows(&self, at: Position) -> bool {
        match self.position {
            Position::Any | Position::Prefix => true,
            Position::Suffix | Position::Inside => matches!(at, Position::Suffix | Position::Inside),
        }
    }
}

/// Letters and digits only, lower-cased: how a typed legal form (`g.m.b.h.`, `GmbH`) is
/// compared with the dictionary's forms when they are looked up by name.
pub fn loose_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Provenance families, by the part of a source tag before `:` (`elf:2HBR` → `elf`).
/// Tags of other families (an office's own) count as `other`.
pub const SOURCE_FAMILIES: [&str; 9] =
    ["cleanco", "dnb", "elf", "elf-additional", "kul", "namestd", "nber", "rigour", "other"];

fn families<'a>(sources: impl Iterator<Item = &'a str>) -> u16 {
    let mut bits = 0u16;
    for s in sources {
        let fam = s.split(':').next().unwrap_or(s);
        let i = SOURCE_FAMILIES.iter().position(|f| *f == fam).unwrap_or(SOURCE_FAMILIES.len() - 1);
        bits |= 1 << i;
    }
    bits
}

/// A country code as two bytes in a `u16` (`0` for anything that is not two bytes).
pub(crate) fn country_code(c: &str) -> u16 {
    match c.as_bytes() {
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    }
}

/// Extra legal forms loaded at run time: records and their key maps.
#[derive(Debug, Default)]
struct Extra {
    tokens: Option<Map<Vec<u8>>>,
    tokens_rev: Option<Map<Vec<u8>>>,
    chars: Option<Map<Vec<u8>>>,
    chars_rev: Option<Map<Vec<u8>>>,
    groups: Vec<Vec<u32>>,
}

/// Records by (canonical key, country): the forms a jurisdiction writes with the same
/// canonical abbreviation (`Limited` and `Ltd.` in India), for deciding ELF codes when
/// the form as written is not the one the ELF list names.
type CanonicalIndex = HashMap<(String, String), Vec<u32>>;

fn canonical_index(records: &[FormRecord]) -> CanonicalIndex {
    let mut idx: CanonicalIndex = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let k = form_key(&r.canonical);
        for c in &r.countries {
            idx.entry((k.clone(), c.clone())).or_default().push(i as u32);
        }
    }
    idx
}

/// The dictionaries in use. Cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct Dictionaries {
    id: u64,
    records: Arc<Vec<FormRecord>>,
    by_canonical: Arc<CanonicalIndex>,
    extra: Arc<Extra>,
    edges: Arc<EdgeTokens>,
}

/// The tokens legal forms start with (`first`) and end with (`last`): a walk of the
/// form maps from a name's edge is only worth it when its edge token is one of them.
/// Also the characters the forms of unspaced scripts start with (`first_chars`) and end
/// with (`last_chars`), for the same test before a walk of the character maps.
#[derive(Debug)]
struct EdgeTokens {
    first: ShortTable<()>,
    last: ShortTable<()>,
    first_chars: ShortTable<()>,
    last_chars: ShortTable<()>,
}

/// A set of edge tokens being built.
type EdgeSet = std::collections::HashSet<Box<str>, std::hash::BuildHasherDefault<crate::word_index::Fnv>>;

impl EdgeTokens {
    fn add_map<D: AsRef<[u8]>>(set: &mut EdgeSet, map: &Map<D>) {
        use fst::Streamer;
        let mut s = map.stream();
        while let Some((k, _)) = s.next() {
            let k = String::from_utf8_lossy(k);
            let edge = k.split(' ').next().unwrap_or("");
            if !set.contains(edge) {
                set.insert(edge.into());
            }
        }
    }

    /// Adds the first character of each key of a character map.
    fn add_chars<D: AsRef<[u8]>>(set: &mut EdgeSet, map: &Map<D>) {
        use fst::Streamer;
        let mut s = map.stream();
        while let Some((k, _)) = s.next() {
            if let Some(c) = String::from_utf8_lossy(k).chars().next() {
                set.insert(c.to_string().into());
            }
        }
    }

    fn of(extra: &Extra) -> EdgeTokens {
        let (mut first, mut last) = (EdgeSet::default(), EdgeSet::default());
        Self::add_map(&mut first, dicts::legal_form_tokens());
        Self::add_map(&mut last, dicts::legal_form_tokens_reversed());
        if let Some(m) = &extra.tokens {
            Self::add_map(&mut first, m);
        }
        if let Some(m) = &extra.tokens_rev {
            Self::add_map(&mut last, m);
        }
        let (mut first_chars, mut last_chars) = (EdgeSet::default(), EdgeSet::default());
        Self::add_chars(&mut first_chars, dicts::legal_form_chars());
        Self::add_chars(&mut last_chars, dicts::legal_form_chars_reversed());
        if let Some(m) = &extra.chars {
            Self::add_chars(&mut first_chars, m);
        }
        if let Some(m) = &extra.chars_rev {
            Self::add_chars(&mut last_chars, m);
        }
        let table = |set: EdgeSet| ShortTable::new(set.into_iter().map(|k| (k.into_boxed_bytes().into_vec(), ())));
        EdgeTokens {
            first: table(first),
            last: table(last),
            first_chars: table(first_chars),
            last_chars: table(last_chars),
        }
    }

    /// Whether `c` is the first (`last = false`) or last character of a form in an
    /// unspaced script.
    fn has_char(&self, last: bool, c: char) -> bool {
        let set = if last { &self.last_chars } else { &self.first_chars };
        set.get(c.encode_utf8(&mut [0u8; 4]).as_bytes()).is_some()
    }

    /// Whether `token` is a first (`last = false`) or last token of a form.
    fn contains(&self, last: bool, token: &str) -> bool {
        let set = if last { &self.last } else { &self.first };
        set.get(token.as_bytes()).is_some()
    }
}

static EMBEDDED_RECORDS: LazyLock<Arc<Vec<FormRecord>>> = LazyLock::new(|| {
    Arc::new(
        dicts::LEGAL_FORM_ENTRIES
            .iter()
            .map(|e| FormRecord {
                form: e.form.to_string(),
                canonical: e.canonical.to_string(),
                canonical_is_form: e.canonical_is_form,
                generic: e.generic.to_string(),
                elf: e.elf.iter().map(|s| s.to_string()).collect(),
                countries: e.countries.iter().map(|s| s.to_string()).collect(),
                codes: e.countries.iter().map(|c| country_code(c)).collect(),
                language: e.language.to_string(),
                position: e.position,
                source: e.source.iter().map(|s| s.to_string()).collect(),
                families: families(e.source.iter().copied()),
                inactive: e.inactive,
                inactive_elf: e.inactive_elf.iter().map(|s| s.to_string()).collect(),
                origin: format!("{}:{}", e.table, e.line),
            })
            .collect(),
    )
});

/// Identities of dictionary sets, for caches keyed by them.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

static EMBEDDED: LazyLock<Dictionaries> = LazyLock::new(|| Dictionaries {
    id: next_id(),
    records: EMBEDDED_RECORDS.clone(),
    by_canonical: Arc::new(canonical_index(&EMBEDDED_RECORDS)),
    edges: Arc::new(EdgeTokens::of(&Extra::default())),
    extra: Arc::new(Extra::default()),
});

impl Default for Dictionaries {
    fn default() -> Self {
        EMBEDDED.clone()
    }
}

fn build_map(keys: &BTreeMap<String, u64>) -> Result<Option<Map<Vec<u8>>>> {
    if keys.is_empty() {
        return Ok(None);
    }
    Map::from_iter(keys.iter().map(|(k, v)| (k.as_bytes(), *v)))
        .map(Some)
        .map_err(|e| Error::dictionary("<extra legal forms>", 0, e.to_string()))
}

impl Dictionaries {
    /// The embedded dictionaries.
    pub fn embedded() -> Dictionaries {
        EMBEDDED.clone()
    }

    /// Adds an office's own legal-form rows, given as the text of a table in the
    /// `legal_forms.tsv` format (`table` names it in error messages). Rows add to the
    /// embedded ones; a form listed in both is a candidate from both.
    ///
    /// ```
    /// let d = namestd::Dictionaries::embedded().with_extra_legal_forms(
    ///     "office.tsv",
    ///     "form\tcanonical\tgeneric\telf\tcountries\tlanguage\tposition\tsource\n\
    ///      Handelsbolag i likvidation\tHB\tGP\t\tSE\tsv\tsuffix\toffice\n",
    /// )?;
    /// let s = namestd::Standardizer::with_dictionaries(d).standardize("Nordic Handelsbolag i likvidation");
    /// assert_eq!(s.legal_form.unwrap().canonical, "HB");
    /// # Ok::<(), namestd::Error>(())
    /// ```
    pub fn with_extra_legal_forms(self, table: &str, tsv: &str) -> Result<Dictionaries> {
        let rows = parse_legal_forms(table, tsv).map_err(Error::from)?;
        let mut records: Vec<FormRecord> = (*self.records).clone();
        let mut fwd_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut rev_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut char_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        // Keep what earlier extra tables added.
        collect_extra(&self.extra, &mut fwd_groups, &mut rev_groups, &mut char_groups);
        let first_new = records.len();
        for r in rows {
            let idx = records.len() as u32;
            if is_unspaced_form(&r.form) {
                let key = char_key(&r.form);
                if key.chars().count() < 2 && !key.contains('(') {
                    return Err(Error::dictionary(
                        table,
                        r.line,
                        format!("form `{}` has a match key under two letters", r.form),
                    ));
                }
                char_groups.entry(key).or_default().push(idx);
            } else {
                let toks = form_tokens(&r.form);
                let fwd = toks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
                if fwd.chars().filter(|c| *c != ' ').count() < 2 {
                    return Err(Error::dictionary(
                        table,
                        r.line,
                        format!("form `{}` has a match key under two letters", r.form),
                    ));
                }
                fwd_groups.entry(fwd).or_default().push(idx);
                rev_groups
                    .entry(toks.iter().rev().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" "))
                    .or_default()
                    .push(idx);
            }
            let inactive = r.inactive();
            let inactive_elf = r.inactive_codes();
            records.push(FormRecord {
                form: r.form,
                canonical: r.canonical,
                canonical_is_form: false,
                generic: r.generic,
                elf: r.elf,
                codes: r.countries.iter().map(|c| country_code(c)).collect(),
                countries: r.countries,
                language: r.language,
                position: r.position,
                inactive,
                inactive_elf,
                families: families(r.source.iter().map(String::as_str)),
                source: r.source,
                origin: format!("{table}:{}", r.line),
            });
        }
        let mut groups = Vec::new();
        let mut maps = [BTreeMap::new(), BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
        for (k, g) in fwd_groups {
            maps[0].insert(k, groups.len() as u64);
            groups.push(g);
        }
        for (k, g) in rev_groups {
            maps[1].insert(k, groups.len() as u64);
            groups.push(g);
        }
        for (k, g) in char_groups {
            maps[3].insert(k.chars().rev().collect::<String>(), groups.len() as u64);
            maps[2].insert(k, groups.len() as u64);
            groups.push(g);
        }
        let extra = Extra {
            tokens: build_map(&maps[0])?,
            tokens_rev: build_map(&maps[1])?,
            chars: build_map(&maps[2])?,
            chars_rev: build_map(&maps[3])?,
            groups,
        };
        let edges = Arc::new(EdgeTokens::of(&extra));
        let mut dict = Dictionaries {
            id: next_id(),
            by_canonical: Arc::new(CanonicalIndex::new()),
            records: Arc::new(records),
            extra: Arc::new(extra),
            edges,
        };
        // Whether each new row's canonical abbreviation is recognized as its own family.
        let flags: Vec<bool> = dict.records[first_new..]
            .iter()
            .map(|r| {
                let recs = if is_unspaced_form(&r.canonical) {
                    dict.char_forms(&char_key(&r.canonical), false)
                        .filter(|(len, _)| *len == char_key(&r.canonical).len())
                        .map(|(_, g)| g)
                        .unwrap_or_default()
                } else {
                    dict.token_forms(&form_key(&r.canonical))
                };
                recs.iter().any(|&i| dict.records[i as usize].canonical == r.canonical)
            })
            .collect();
        let mut records = (*dict.records).clone();
        for (r, f) in records[first_new..].iter_mut().zip(flags) {
            r.canonical_is_form = f;
        }
        dict.by_canonical = Arc::new(canonical_index(&records));
        dict.records = Arc::new(records);
        Ok(dict)
    }

    /// An identity of this set of dictionaries (clones share it; each set built with
    /// extra tables gets a new one).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// All legal-form records (embedded first, then run-time rows).
    pub fn records(&self) -> &[FormRecord] {
        &self.records
    }

    /// The records of `country` whose canonical abbreviation is `canonical`.
    pub fn same_canonical(&self, canonical: &str, country: &str) -> &[u32] {
        self.by_canonical.get(&(form_key(canonical), country.to_string())).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The records whose form has this token key ([`form_key`]).
    pub fn token_forms(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(g) = dicts::legal_form_tokens().get(key) {
            out.extend(embedded_group(g));
        }
        if let Some(g) = self.extra.tokens.as_ref().and_then(|m| m.get(key)) {
            out.extend_from_slice(&self.extra.groups[g as usize]);
        }
        out
    }

    /// Whether any record has a form with this token key: `!token_forms(key).is_empty()`
    /// by hash lookups, without collecting the records.
    pub fn has_token_form(&self, key: &str) -> bool {
        crate::word_index::LEGAL_FORM_KEYS.contains_key(key)
            || self.extra.tokens.as_ref().is_some_and(|m| m.contains_key(key))
    }

    /// Every legal form made of whole tokens at the end (`from_end`) or the start of
    /// `tokens`: for each, how many tokens it spans and its records, longest first.
    /// One walk of the fst per table, no key strings built.
    pub fn token_forms_at_edge(&self, tokens: &[FormToken], from_end: bool) -> Vec<(usize, Vec<u32>)> {
        let mut hits: Vec<(usize, Vec<u32>)> = Vec::new();
        let edge = if from_end { tokens.last() } else { tokens.first() };
        if !edge.is_some_and(|t| self.edges.contains(from_end, &t.text)) {
            return hits;
        }
        let emb = if from_end { dicts::legal_form_tokens_reversed() } else { dicts::legal_form_tokens() };
        walk_tokens(emb.as_fst(), tokens, from_end, |k, g| hits.push((k, embedded_group(g).collect())));
        let extra = if from_end { self.extra.tokens_rev.as_ref() } else { self.extra.tokens.as_ref() };
        if let Some(m) = extra {
            walk_tokens(m.as_fst(), tokens, from_end, |k, g| {
                let recs = &self.extra.groups[g as usize];
                match hits.iter_mut().find(|(hk, _)| *hk == k) {
                    Some((_, r)) => r.extend_from_slice(recs),
                    None => hits.push((k, recs.clone())),
                }
            });
        }
        hits.sort_by_key(|h| std::cmp::Reverse(h.0));
        hits
    }

    /// The longest legal form made of whole tokens at the end (`from_end`) or the start of
    /// `tokens` that has a record for which `keep` holds: how many tokens it spans and
    /// those records. The same answer as the first entry of [`Self::token_forms_at_edge`]
    /// whose records, filtered by `keep`, are not empty; without the list of every form
    /// (the walk's hits stay on the stack when no forms were added at run time).
    pub(crate) fn first_token_form_at_edge(
        &self,
        tokens: &[FormToken],
        from_end: bool,
        keep: impl Fn(u32) -> bool,
    ) -> Option<(usize, std::borrow::Cow<'static, [u32]>)> {
        let extra = if from_end { self.extra.tokens_rev.as_ref() } else { self.extra.tokens.as_ref() };
        if extra.is_some() {
            // With the embedded tables only, the edge steps' first lookup is the edge test.
            let edge = if from_end { tokens.last() } else { tokens.first() };
            if !edge.is_some_and(|t| self.edges.contains(from_end, &t.text)) {
                return None;
            }
            // Forms added at run time merge with the embedded ones: the general path.
            return self.token_forms_at_edge(tokens, from_end).into_iter().find_map(|(k, mut recs)| {
                recs.retain(|&r| keep(r));
                (!recs.is_empty()).then_some((k, recs.into()))
            });
        }
        // The embedded table's hits come one per token count, in increasing order: the last
        // one with a record to keep is the longest (no list of hits).
        let mut best: Option<(usize, u64)> = None;
        let note = |best: &mut Option<(usize, u64)>, k: usize, g: u64| {
            if embedded_group(g).any(&keep) {
                *best = Some((k, g));
            }
        };
        let table = if from_end { &*EDGE_STEPS_REVERSED } else { &*EDGE_STEPS };
        if !table.walk(tokens, from_end, &mut |k, g| note(&mut best, k, g)) {
            best = None;
            let emb = if from_end { dicts::legal_form_tokens_reversed() } else { dicts::legal_form_tokens() };
            walk_tokens(emb.as_fst(), tokens, from_end, |k, g| note(&mut best, k, g));
        }
        let (k, g) = best?;
        // The group as it is when every record is kept (most forms): no copy.
        let group = embedded_group_slice(g);
        if group.iter().all(|&r| keep(r)) {
            return Some((k, group.into()));
        }
        Some((k, group.iter().copied().filter(|&r| keep(r)).collect::<Vec<u32>>().into()))
    }

    /// Whether a token (folded) can be the first token of a legal form.
    pub(crate) fn may_start_form(&self, token: &str) -> bool {
        self.edges.contains(false, token)
    }

    /// Whether a token (folded) can be the last token of a legal form.
    pub fn may_end_form(&self, token: &str) -> bool {
        self.edges.contains(true, token)
    }

    /// The longest legal form in an unspaced script at the start (`reversed = false`) or
    /// the end (`reversed = true`) of `text`: its length in bytes of `text` and its records.
    pub fn char_forms(&self, text: &str, reversed: bool) -> Option<(usize, Vec<u32>)> {
        // The walk skips spaces; its first character must start (end) a form. (UTF-8 is
        // prefix-free: a key that is a prefix of the text starts with the same character.)
        let edge = if reversed { text.chars().rev().find(|&c| c != ' ') } else { text.chars().find(|&c| c != ' ') };
        if !self.edges.has_char(reversed, edge?) {
            return None;
        }
        self.char_forms_walked(text, reversed)
    }

    /// [`Self::char_forms`] without its first test: the walks of the maps.
    fn char_forms_walked(&self, text: &str, reversed: bool) -> Option<(usize, Vec<u32>)> {
        let (emb, extra) = if reversed {
            (dicts::legal_form_chars_reversed(), self.extra.chars_rev.as_ref())
        } else {
            (dicts::legal_form_chars(), self.extra.chars.as_ref())
        };
        let mut best: Option<(usize, Vec<u32>)> = None;
        if let Some((len, g)) = longest_char_match(emb.as_fst(), text, reversed) {
            best = Some((len, embedded_group(g).collect()));
        }
        if let Some(m) = extra {
            if let Some((len, g)) = longest_char_match(m.as_fst(), text, reversed) {
                let recs = self.extra.groups[g as usize].clone();
                match &mut best {
                    Some((blen, brecs)) if *blen == len => brecs.extend(recs),
                    Some((blen, _)) if *blen > len => {}
                    _ => best = Some((len, recs)),
                }
            }
        }
        best
    }
}

fn collect_extra(
    extra: &Extra,
    fwd: &mut BTreeMap<String, Vec<u32>>,
    rev: &mut BTreeMap<String, Vec<u32>>,
    chars: &mut BTreeMap<String, Vec<u32>>,
) {
    use fst::Streamer;
    for (map, out) in [(&extra.tokens, fwd), (&extra.tokens_rev, rev), (&extra.chars, chars)] {
        if let Some(m) = map {
            let mut s = m.stream();
            while let Some((k, v)) = s.next() {
                out.insert(String::from_utf8_lossy(k).into_owned(), extra.groups[v as usize].clone());
            }
        }
    }
}

/// Feeds whole tokens, space-separated, from one edge into `fst`, calling `hit(k, value)`
/// for every key that ends after `k` tokens.
fn walk_tokens<D: AsRef<[u8]>>(fst: &Fst<D>, tokens: &[FormToken], from_end: bool, mut hit: impl FnMut(usize, u64)) {
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    let n = tokens.len();
    for k in 1..=n {
        let t = if from_end { &tokens[n - k] } else { &tokens[k - 1] };
        let sep: &[u8] = if k > 1 { b" " } else { b"" };
        for &b in sep.iter().chain(t.text.as_bytes()) {
            match node.find_input(b) {
                Some(i) => {
                    let tr = node.transition(i);
                    out = out.cat(tr.out);
                    node = fst.node(tr.addr);
                }
                None => return,
            }
        }
        if node.is_final() {
            hit(k, out.cat(node.final_output()).value());
        }
    }
}

/// One run of whole tokens (space-joined) that an embedded legal-form key starts with:
/// whether a longer key goes on from it, and the key's value if the run is a key.
#[derive(Debug, Clone, Copy, Default)]
struct EdgeStep {
    goes_on: bool,
    value: Option<u64>,
}

/// Every token-boundary prefix of the keys of an embedded token map (`a`, `a b` and
/// `a b c` for the key `a b c`), for walking a name's edge tokens by hash lookups: the
/// same hits as [`walk_tokens`] over the map's fst, for tokens that are not empty and
/// hold no space (the walk's steps then end where the keys' tokens end).
struct EdgeSteps {
    steps: ShortTable<EdgeStep>,
    longest: usize,
}

impl EdgeSteps {
    fn of(map: &Map<&'static [u8]>) -> EdgeSteps {
        use fst::Streamer;
        let mut steps: BTreeMap<Vec<u8>, EdgeStep> = BTreeMap::new();
        let mut longest = 0;
        let mut s = map.stream();
        while let Some((k, v)) = s.next() {
            longest = longest.max(k.len());
            let mut end = 0;
            for part in k.split(|&b| b == b' ') {
                end += part.len();
                let whole = end == k.len();
                let step = steps.entry(k[..end].to_vec()).or_default();
                if whole {
                    step.value = Some(v);
                } else {
                    step.goes_on = true;
                }
                end += 1;
            }
        }
        EdgeSteps { steps: ShortTable::new(steps), longest }
    }

    /// Calls `hit(k, value)` for every key made of the first `k` tokens from the edge, in
    /// increasing `k`, as [`walk_tokens`] does; false when a token that is empty or holds a
    /// space is found as a step (or the run outgrows the buffer), where the walk must go
    /// byte by byte: the hits reported so far are then to be dropped. (A run not found as
    /// a step starts no key, whatever its tokens: the test for spaces waits for a hit.)
    // `iter().any` on purpose: `contains` calls `memchr`, which costs more on a short token
    // (callgrind).
    #[allow(clippy::manual_contains)]
    fn walk(&self, tokens: &[FormToken], from_end: bool, hit: &mut impl FnMut(usize, u64)) -> bool {
        let n = tokens.len();
        // The edge token alone, looked up as it is: most walks end there (the buffer is
        // made, zeroed and filled only for a run of two tokens or more).
        let Some(edge) = (if from_end { tokens.last() } else { tokens.first() }) else { return true };
        let b = edge.text.as_bytes();
        if b.len() > self.longest {
            return true;
        }
        if b.len() > EDGE_RUN_BYTES {
            return false;
        }
        let Some(step) = self.steps.get(b) else { return true };
        if b.is_empty() || b.iter().any(|&c| c == b' ') {
            return false;
        }
        if let Some(v) = step.value {
            hit(1, v);
        }
        if !step.goes_on {
            return true;
        }
        let mut buf = [0u8; EDGE_RUN_BYTES];
        buf[..b.len()].copy_from_slice(b);
        let mut len = b.len();
        for k in 2..=n {
            let t = if from_end { &tokens[n - k] } else { &tokens[k - 1] };
            let b = t.text.as_bytes();
            if len + 1 + b.len() > self.longest {
                // Longer than any key: no more hits.
                return true;
            }
            if len + 1 + b.len() > buf.len() {
                return false;
            }
            buf[len] = b' ';
            buf[len + 1..len + 1 + b.len()].copy_from_slice(b);
            len += 1 + b.len();
            let Some(step) = self.steps.get(&buf[..len]) else { return true };
            if b.is_empty() || b.iter().any(|&c| c == b' ') {
                return false;
            }
            if let Some(v) = step.value {
                hit(k, v);
            }
            if !step.goes_on {
                return true;
            }
        }
        true
    }
}

/// The longest run of edge tokens [`EdgeSteps::walk`] looks up; a longer one (a few long
/// Cyrillic forms) goes through the fst. (The buffer is zeroed per walk: kept short.)
const EDGE_RUN_BYTES: usize = 64;

/// [`EdgeSteps`] of the embedded forward token map.
static EDGE_STEPS: LazyLock<EdgeSteps> = LazyLock::new(|| EdgeSteps::of(dicts::legal_form_tokens()));
/// [`EdgeSteps`] of the embedded reversed token map.
static EDGE_STEPS_REVERSED: LazyLock<EdgeSteps> = LazyLock::new(|| EdgeSteps::of(dicts::legal_form_tokens_reversed()));

fn embedded_group(g: u64) -> impl ExactSizeIterator<Item = u32> {
    embedded_group_slice(g).iter().copied()
}

/// The records of an embedded group.
fn embedded_group_slice(g: u64) -> &'static [u32] {
    let (start, len) = dicts::LEGAL_FORM_GROUPS.get(g as usize).copied().unwrap_or((0, 0));
    &dicts::LEGAL_FORM_GROUP_MEMBERS[start as usize..(start + len) as usize]
}

/// Walks `fst` with the characters of `text` (from the end when `reversed`), skipping
/// spaces, and returns the longest key found: bytes of `text` consumed and the value.
fn longest_char_match<D: AsRef<[u8]>>(fst: &Fst<D>, text: &str, reversed: bool) -> Option<(usize, u64)> {
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    let mut best = None;
    let mut consumed = 0usize;
    let mut buf = [0u8; 4];
    // One character of the walk; false when the walk ends. (The characters are read as
    // they come, not collected first.)
    let mut step = |c: char| {
        consumed += c.len_utf8();
        if c == ' ' {
            return true;
        }
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            match node.find_input(b) {
                Some(i) => {
                    let t = node.transition(i);
                    out = out.cat(t.out);
                    node = fst.node(t.addr);
                }
                None => return false,
            }
        }
        if node.is_final() {
            best = Some((consumed, out.cat(node.final_output()).value()));
        }
        true
    };
    let _ = if reversed { text.chars().rev().take(24).all(&mut step) } else { text.chars().take(24).all(&mut step) };
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[&str]) -> Vec<FormToken> {
        words.iter().map(|w| FormToken { text: w.to_string(), span: 0..0 }).collect()
    }

    fn both_walks(steps: &EdgeSteps, map: &Map<&'static [u8]>, words: &[&str], from_end: bool) {
        let t = tokens(words);
        let mut by_fst = Vec::new();
        walk_tokens(map.as_fst(), &t, from_end, |k, v| by_fst.push((k, v)));
        let mut by_steps = Vec::new();
        if steps.walk(&t, from_end, &mut |k, v| by_steps.push((k, v))) {
            assert_eq!(by_steps, by_fst, "{words:?} from_end={from_end}");
        } else {
            let long = words.join(" ").len() > EDGE_RUN_BYTES;
            assert!(long || words.iter().any(|w| w.is_empty() || w.contains(' ')), "{words:?}");
        }
    }

    /// Every key of both embedded token maps, alone, cut short, run on into other words
    /// and into other keys: the edge steps give the fst walk's hits.
    #[test]
    fn edge_steps_agree_with_the_fst_walk() {
        use fst::Streamer;
        for (map, steps, from_end) in [
            (dicts::legal_form_tokens(), &*EDGE_STEPS, false),
            (dicts::legal_form_tokens_reversed(), &*EDGE_STEPS_REVERSED, true),
        ] {
            let mut keys: Vec<String> = Vec::new();
            let mut s = map.stream();
            while let Some((k, _)) = s.next() {
                keys.push(String::from_utf8_lossy(k).into_owned());
            }
            assert!(keys.len() > 100);
            for (i, key) in keys.iter().enumerate() {
                // Written in name order: the reversed map's keys are the tokens backwards.
                let mut words: Vec<&str> = key.split(' ').collect();
                let other: Vec<&str> = keys[(i * 7919) % keys.len()].split(' ').collect();
                for extra in [vec![], vec!["zzq"], vec!["inc"], vec!["co", "ltd"], other] {
                    let mut w = words.clone();
                    w.extend(extra.iter().copied());
                    if from_end {
                        w.reverse();
                    }
                    both_walks(steps, map, &w, from_end);
                }
                words.pop();
                if from_end {
                    words.reverse();
                }
                both_walks(steps, map, &words, from_end);
            }
            both_walks(steps, map, &[], from_end);
            both_walks(steps, map, &["gmbh", ""], from_end);
            both_walks(steps, map, &["co ltd"], from_end);
            // Empty tokens and tokens holding spaces anywhere in the run.
            for words in [
                &["", "gmbh"][..],
                &["co", "ltd inc"],
                &["ltd inc", "co"],
                &[" ", "ltd"],
                &["ltd", " "],
                &["gmbh & co", "kg"],
                &["kg", "gmbh & co"],
                &["", ""],
            ] {
                both_walks(steps, map, words, from_end);
            }
        }
    }

    /// Every key of both character maps, alone, cut short and run on into other text, from
    /// both ends: the test of the edge character changes no answer.
    #[test]
    fn char_forms_agree_with_the_walks() {
        use fst::Streamer;
        let dict = Dictionaries::embedded();
        let mut keys: Vec<String> = Vec::new();
        for map in [dicts::legal_form_chars(), dicts::legal_form_chars_reversed()] {
            let mut s = map.stream();
            while let Some((k, _)) = s.next() {
                keys.push(String::from_utf8_lossy(k).into_owned());
            }
        }
        assert!(keys.len() > 20);
        let mut texts = vec![String::new(), " ".to_string(), "トヨタ".to_string(), "(株)".to_string()];
        for k in &keys {
            let rev: String = k.chars().rev().collect();
            let cut: String = k.chars().skip(1).collect();
            for t in
                [k.clone(), rev, cut, format!("トヨタ{k}"), format!("{k}トヨタ"), format!(" {k} "), format!("x{k}")]
            {
                texts.push(t);
            }
        }
        for t in &texts {
            for reversed in [false, true] {
                assert_eq!(dict.char_forms(t, reversed), dict.char_forms_walked(t, reversed), "{t:?} {reversed}");
            }
        }
    }

    proptest::proptest! {
        /// Runs of words from legal forms, with spaces and empty words mixed in: the edge
        /// steps give the fst walk's hits whenever they answer.
        #[test]
        fn edge_steps_agree_with_the_fst_walk_on_any_run(
            words in proptest::collection::vec("(co|ltd|gmbh|&|kg|inc|sa|de|cv|s|a| |)( (co|ltd|kg))?", 0..6),
            from_end in proptest::bool::ANY,
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let (map, steps) = if from_end {
                (dicts::legal_form_tokens_reversed(), &*EDGE_STEPS_REVERSED)
            } else {
                (dicts::legal_form_tokens(), &*EDGE_STEPS)
            };
            both_walks(steps, map, &words, from_end);
        }
    }
}
