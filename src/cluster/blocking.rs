//! Candidate generation: which pairs of names get scored. Never all pairs.
//!
//! Every name is indexed under several keys: each of its tokens, and acronym keys (the
//! initials of its first 2..=6 tokens, and each short alphabetic token as a possible
//! acronym). A name then *probes* the blocks of its [`BlockingOptions::probe_tokens`]
//! rarest tokens, their fuzzy neighbours (one-edit typos: `motorla` probes `motorola`),
//! and its acronym keys. Candidates are ranked by the summed weight (`ln(1 + N / size)`)
//! of the blocks they share with the name and the best
//! [`BlockingOptions::candidates_per_name`] are kept. Names with the same comparison key
//! are always paired (star to the first of them).
//!
//! A token's fuzzy neighbours are probed most frequent first, while their reads stay within
//! [`BlockingOptions::neighbour_budget`]: the number of typo variants of a word grows with
//! the corpus, and without a budget so would the reads of every name holding it.
//!
//! A block larger than [`BlockingOptions::block_cap`] is not read whole: the name only
//! meets its [`BlockingOptions::window`] neighbours on each side in content order (sorted
//! neighbourhood). Blocks under the cap are read whole, smallest first, up to
//! [`BlockingOptions::read_budget`] names; past it they are windowed too. The caps are
//! reported in [`BlockingStats`].
//!
//! Work per name is bounded (probes × the larger of the window and the budget), and the
//! data structures are flat: token postings in one array indexed by token id (a counting
//! sort, no hashing), acronym and compact keys in one sorted array, a windowed block
//! entered by interpolation rather than binary search, and the candidate pairs grouped by
//! their smaller name with a counting sort before each small group is sorted and
//! deduplicated, instead of one sort of every pair. So candidate generation grows
//! linearly with the number of names.

use super::corpus::Corpus;
use super::fxhash::FxHashMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of candidate generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlockingOptions {
    /// How many of a name's rarest tokens it probes. By default, 3.
    pub probe_tokens: usize,
    /// Blocks larger than this are windowed. By default, 100.
    pub block_cap: usize,
    /// Neighbours met on each side in a windowed block. By default, 10.
    pub window: usize,
    /// Candidates kept per name. By default, 24.
    pub candidates_per_name: usize,
    /// Names a name reads from whole blocks at most, if set: past it, the largest of its
    /// blocks under the cap are read through a window too, so the work per name stays
    /// bounded however large every block grows. By default, none (every block under the
    /// cap is read whole): 400 cuts the reads at 10^6 names by a tenth and moves the
    /// generated corpus's precision at 3×10^5 names by about -0.001.
    pub read_budget: Option<usize>,
    /// Reads of one probed token's fuzzy neighbours at most: neighbours are probed most
    /// frequent first (a typo's correct spelling is its most frequent neighbour), each
    /// costing its block's size, or the window if the block is over the cap, and the first
    /// is always probed. By default, 80: the neighbours' reads per name grow 41 → 221 → 304
    /// from 10^5 to 3×10^6 generated names without it (the number of typo variants of each
    /// word grows with the corpus); at 10^5 names most tokens are within it.
    pub neighbour_budget: usize,
}

impl Default for BlockingOptions {
    fn default() -> Self {
        BlockingOptions {
            probe_tokens: 3,
            block_cap: 100,
            window: 10,
            candidates_per_name: 24,
            read_budget: None,
            neighbour_budget: 80,
        }
    }
}

/// What candidate generation did, with its caps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockingStats {
    /// Blocks (distinct keys) indexed.
    pub blocks: usize,
    /// Blocks larger than the cap (read through a window).
    pub blocks_over_cap: usize,
    /// Names held in blocks over the cap.
    pub names_in_blocks_over_cap: usize,
    /// Size of the largest block.
    pub largest_block: usize,
    /// Probes read through a window (blocks over the cap, and blocks past a name's
    /// read budget).
    pub windowed_probes: u64,
    /// Names whose whole-block reads were cut to the read budget.
    pub names_over_read_budget: usize,
    /// Names read from blocks, all probes of all names: the work of candidate generation.
    pub block_reads: u64,
    /// Names whose candidate list was cut to the per-name limit.
    pub names_truncated: usize,
    /// Distinct candidate pairs produced (same-key pairs included).
    pub candidate_pairs: usize,
    /// Pairs from names sharing a comparison key.
    pub same_key_pairs: usize,
}

/// Fuzzy neighbours of a token probed at most (the most frequent ones), whatever the
/// budget.
const MAX_NEIGHBOUR_PROBES: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Token(u32),
    Acronym(u64),
    /// All tokens written together (`st microelectronics` / `stmicroelectronics`).
    Compact(u64),
}

fn compact_key(corpus: &Corpus, e: usize) -> Option<Key> {
    let toks = &corpus.entries[e].tokens;
    if toks.is_empty() {
        return None;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &t in toks {
        for &b in corpus.vocab.text[t as usize].as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    Some(Key::Compact(h))
}

fn acronym_code(bytes: impl Iterator<Item = u8>) -> u64 {
    // up to 6 lowercase letters, 5 bits each, plus a length marker
    let mut code = 1u64;
    for b in bytes {
        code = (code << 5) | u64::from(b - b'a' + 1);
    }
    code
}

fn index_keys(corpus: &Corpus, e: usize) -> Vec<Key> {
    let toks = &corpus.entries[e].tokens;
    let mut keys: Vec<Key> =
        toks.iter().filter(|&&t| !corpus.vocab.legal[t as usize]).map(|&t| Key::Token(t)).collect();
    keys.extend(acronym_keys(corpus, e));
    keys.extend(compact_key(corpus, e));
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn acronym_keys(corpus: &Corpus, e: usize) -> Vec<Key> {
    let v = &corpus.vocab;
    let toks = &corpus.entries[e].tokens;
    let mut keys = Vec::new();
    let initials: Vec<Option<u8>> =
        toks.iter().map(|&t| v.text[t as usize].as_bytes().first().copied().filter(u8::is_ascii_lowercase)).collect();
    for k in 2..=toks.len().min(6) {
        if initials[..k].iter().all(Option::is_some) {
            keys.push(Key::Acronym(acronym_code(initials[..k].iter().map(|c| c.unwrap_or(b'a')))));
        } else {
            break;
        }
    }
    for &t in toks {
        let s = &v.text[t as usize];
        if (2..=6).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_lowercase()) {
            keys.push(Key::Acronym(acronym_code(s.bytes())));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Postings of every key, members in content order, in flat arrays: tokens (dense ids)
/// by offset, acronym and compact keys (64-bit codes) through a map to their range.
struct Postings {
    /// `members[tok_start[t]..tok_start[t + 1]]` hold token `t`.
    tok_start: Vec<u32>,
    tok_members: Vec<u32>,
    /// Code → (start, length) in `code_members`.
    codes: FxHashMap<u64, (u32, u32)>,
    code_members: Vec<u32>,
}

/// The keys of a run of names: (token, name) and (code, name).
type KeyChunk = (Vec<(u32, u32)>, Vec<(u64, u32)>);

/// The 64-bit code of a non-token key: acronym codes are below 2^31, compact keys have
/// the top bit set, so the two never meet.
fn code_of(k: Key) -> u64 {
    match k {
        Key::Token(t) => u64::from(t),
        Key::Acronym(a) => a,
        Key::Compact(h) => h | (1 << 63),
    }
}

impl Postings {
    fn build(corpus: &Corpus, opts: &BlockingOptions, stats: &mut BlockingStats) -> Postings {
        let n = corpus.entries.len();
        let vocab = corpus.vocab.len();
        // Keys of every name, in parallel, by chunks in entry order: tokens as
        // (token, name), the other keys as (code, name).
        let chunks: Vec<KeyChunk> = (0..n.div_ceil(PROBE_CHUNK))
            .into_par_iter()
            .map(|c| {
                let (mut toks, mut others) = (Vec::new(), Vec::new());
                for e in c * PROBE_CHUNK..((c + 1) * PROBE_CHUNK).min(n) {
                    for k in index_keys(corpus, e) {
                        match k {
                            Key::Token(t) => toks.push((t, e as u32)),
                            _ => others.push((code_of(k), e as u32)),
                        }
                    }
                }
                (toks, others)
            })
            .collect();
        // Tokens: counting sort by token; names come in entry (content) order, so each
        // token's members come out sorted.
        let mut tok_start = vec![0u32; vocab + 1];
        for (toks, _) in &chunks {
            for &(t, _) in toks {
                tok_start[t as usize + 1] += 1;
            }
        }
        for t in 0..vocab {
            tok_start[t + 1] += tok_start[t];
        }
        let mut fill = tok_start.clone();
        let mut tok_members = vec![0u32; tok_start[vocab] as usize];
        let mut codes_by_key: Vec<(u64, u32)> = Vec::with_capacity(chunks.iter().map(|c| c.1.len()).sum());
        for (toks, others) in chunks {
            for (t, e) in toks {
                tok_members[fill[t as usize] as usize] = e;
                fill[t as usize] += 1;
            }
            codes_by_key.extend(others);
        }
        drop(fill);
        codes_by_key.par_sort_unstable();
        let code_members: Vec<u32> = codes_by_key.iter().map(|p| p.1).collect();
        // Sized before it is filled: millions of keys, so no rehash on the way.
        let distinct_codes = codes_by_key.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
        let mut codes: FxHashMap<u64, (u32, u32)> =
            FxHashMap::with_capacity_and_hasher(distinct_codes, Default::default());
        let mut note = |len: usize| {
            stats.blocks += 1;
            stats.largest_block = stats.largest_block.max(len);
            if len > opts.block_cap {
                stats.blocks_over_cap += 1;
                stats.names_in_blocks_over_cap += len;
            }
        };
        for t in 0..vocab {
            let len = (tok_start[t + 1] - tok_start[t]) as usize;
            if len > 0 {
                note(len);
            }
        }
        let mut start = 0usize;
        for k in 1..=codes_by_key.len() {
            if k == codes_by_key.len() || codes_by_key[k].0 != codes_by_key[start].0 {
                let len = k - start;
                codes.insert(codes_by_key[start].0, (start as u32, len as u32));
                note(len);
                start = k;
            }
        }
        Postings { tok_start, tok_members, codes, code_members }
    }

    fn block(&self, k: Key) -> Option<&[u32]> {
        let p = match k {
            Key::Token(t) => {
                let (s, e) = (self.tok_start[t as usize] as usize, self.tok_start[t as usize + 1] as usize);
                &self.tok_members[s..e]
            }
            _ => {
                let &(s, l) = self.codes.get(&code_of(k))?;
                &self.code_members[s as usize..(s + l) as usize]
            }
        };
        (!p.is_empty()).then_some(p)
    }
}

/// Where name `i` is, or would be, in a block (members ascending): a guess by
/// interpolation, then a gallop and a binary search around it, so a probe of a block of a
/// million names touches a few cache lines, not twenty.
fn position(p: &[u32], i: u32) -> usize {
    let (first, last) = (p[0], p[p.len() - 1]);
    if p.len() <= 64 || i <= first {
        return p.partition_point(|&x| x < i);
    }
    if i > last {
        return p.len();
    }
    let guess = ((u64::from(i - first) * (p.len() - 1) as u64) / u64::from(last - first)) as usize;
    // Gallop from the guess to a range that holds the answer.
    let (mut lo, mut hi);
    if p[guess] < i {
        let mut step = 1;
        lo = guess;
        hi = (guess + step).min(p.len());
        while hi < p.len() && p[hi] < i {
            lo = hi;
            step *= 2;
            hi = (hi + step).min(p.len());
        }
    } else {
        let mut step = 1;
        hi = guess;
        lo = guess.saturating_sub(step);
        while lo > 0 && p[lo] >= i {
            hi = lo;
            step *= 2;
            lo = lo.saturating_sub(step);
        }
    }
    lo + p[lo..hi].partition_point(|&x| x < i)
}

/// Candidates of one name with their summed weights: an open-addressing table from the
/// candidate to its place in the list, in insertion order. Each weight is added in the
/// order the blocks are read, so the sums are the same as summing a sorted list of
/// (candidate, probe) in probe order. Slots are stamped with the name, so starting the
/// next name clears nothing.
#[derive(Default)]
struct Accumulator {
    /// `stamp << 32 | index in the list`, or a stale stamp for an empty slot.
    slots: Vec<u64>,
    stamp: u32,
}

impl Accumulator {
    const MIN_BITS: u32 = 11;

    /// Starts a new name: every slot becomes empty.
    fn start(&mut self) {
        if self.slots.is_empty() {
            self.slots = vec![0; 1 << Self::MIN_BITS];
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // Stamps wrapped: really clear once, so an old slot never looks current.
            self.slots.fill(0);
            self.stamp = 1;
        }
    }

    fn slot(&self, j: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(j).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// Adds weight `w` to candidate `j` (appended to `cands` if new).
    fn add(&mut self, cands: &mut Vec<(u32, f32)>, j: u32, w: f32) {
        let mask = self.slots.len() - 1;
        let mut s = self.slot(j);
        loop {
            let x = self.slots[s];
            if (x >> 32) as u32 != self.stamp {
                break;
            }
            let at = (x & 0xffff_ffff) as usize;
            if cands[at].0 == j {
                cands[at].1 += w;
                return;
            }
            s = (s + 1) & mask;
        }
        self.slots[s] = (u64::from(self.stamp) << 32) | cands.len() as u64;
        cands.push((j, w));
        if cands.len() * 2 > self.slots.len() {
            self.grow(cands);
        }
    }

    /// Doubles the table and puts the current candidates back.
    fn grow(&mut self, cands: &[(u32, f32)]) {
        self.slots = vec![0; self.slots.len() * 2];
        self.stamp = 1;
        let mask = self.slots.len() - 1;
        for (at, &(j, _)) in cands.iter().enumerate() {
            let mut s = self.slot(j);
            while (self.slots[s] >> 32) as u32 == self.stamp {
                s = (s + 1) & mask;
            }
            self.slots[s] = (u64::from(self.stamp) << 32) | at as u64;
        }
    }
}

/// Orders a token's fuzzy neighbours `(df, token)` most frequent first (ties by token,
/// the [`MAX_NEIGHBOUR_PROBES`] most frequent at most) and returns how many of them are
/// probed: while the reads (the block's size, or the window over the cap) stay within
/// the neighbour budget, and the first always.
fn neighbours_within_budget(nbs: &mut Vec<(u32, u32)>, opts: &BlockingOptions) -> usize {
    if nbs.len() > MAX_NEIGHBOUR_PROBES {
        nbs.select_nth_unstable_by(MAX_NEIGHBOUR_PROBES - 1, |a, b| b.cmp(a));
        nbs.truncate(MAX_NEIGHBOUR_PROBES);
    }
    nbs.sort_unstable_by(|a, b| b.cmp(a));
    let (mut used, mut kept) = (0usize, 0usize);
    for &(df, _) in nbs.iter() {
        let cost = if df as usize > opts.block_cap { 2 * opts.window + 1 } else { df as usize };
        if kept > 0 && used + cost > opts.neighbour_budget {
            break;
        }
        used += cost;
        kept += 1;
    }
    kept
}

/// Counters of one probe task, summed into [`BlockingStats`] at the end.
#[derive(Default)]
struct ProbeCounts {
    windowed: u64,
    over_budget: usize,
    reads: u64,
    truncated: usize,
}

/// Names handled per parallel task in the probe phase.
const PROBE_CHUNK: usize = 4096;

/// Candidate pairs `(i, j)` with `i < j`, sorted, and the stats.
pub fn candidates(corpus: &Corpus, opts: &BlockingOptions) -> (Vec<(u32, u32)>, BlockingStats) {
    let n = corpus.entries.len();
    let mut stats = BlockingStats::default();
    let postings = Postings::build(corpus, opts, &mut stats);
    let nf = n.max(1) as f64;

    // Each name's kept candidates, flat, with their counts (`n` lists, in entry order), and
    // the chunk's counters (kept per task: a shared atomic per probe contends).
    let chunks: Vec<(Vec<u32>, Vec<u32>, ProbeCounts)> = (0..n.div_ceil(PROBE_CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut out: Vec<u32> = Vec::new();
            let mut counts: Vec<u32> = Vec::new();
            let mut probes: Vec<Key> = Vec::new();
            let mut table = Accumulator::default();
            let mut cands: Vec<(u32, f32)> = Vec::new();
            let mut nbs: Vec<(u32, u32)> = Vec::new();
            let mut by_rarity: Vec<u32> = Vec::new();
            let mut blocks: Vec<&[u32]> = Vec::new();
            let mut full: Vec<bool> = Vec::new();
            let mut order: Vec<usize> = Vec::new();
            let mut count = ProbeCounts::default();
            let v = &corpus.vocab;
            for i in (c * PROBE_CHUNK) as u32..((c + 1) * PROBE_CHUNK).min(n) as u32 {
                let e = &corpus.entries[i as usize];
                probes.clear();
                by_rarity.clear();
                by_rarity.extend(e.tokens.iter().copied().filter(|&t| !v.legal[t as usize]));
                by_rarity.sort_unstable_by_key(|&t| (v.df[t as usize], t));
                by_rarity.dedup();
                for &t in by_rarity.iter().take(opts.probe_tokens) {
                    probes.push(Key::Token(t));
                    // The most frequent few neighbours, so the work per name stays bounded
                    // as the corpus (and the number of typos of a word) grows.
                    nbs.clear();
                    nbs.extend(v.neighbours[t as usize].iter().map(|&(nb, _)| (v.df[nb as usize], nb)));
                    let kept = neighbours_within_budget(&mut nbs, opts);
                    probes.extend(nbs[..kept].iter().map(|&(_, nb)| Key::Token(nb)));
                }
                probes.extend(acronym_keys(corpus, i as usize));
                probes.extend(compact_key(corpus, i as usize));
                probes.sort_unstable();
                probes.dedup();
                // Each candidate's weights summed in probe order, in a small table keyed
                // by the candidate.
                blocks.clear();
                blocks.extend(probes.iter().filter_map(|&k| postings.block(k)));
                // Blocks under the cap are read whole while the whole reads stay within the
                // budget, smallest (rarest) first; every other block through its window.
                full.clear();
                full.extend(blocks.iter().map(|p| p.len() <= opts.block_cap));
                let whole: usize = blocks.iter().zip(&full).filter(|x| *x.1).map(|x| x.0.len()).sum();
                let budget = opts.read_budget.unwrap_or(usize::MAX);
                if whole > budget {
                    count.over_budget += 1;
                    order.clear();
                    order.extend((0..blocks.len()).filter(|&b| full[b]));
                    order.sort_unstable_by_key(|&b| (blocks[b].len(), b));
                    let mut used = 0usize;
                    for &b in &order {
                        if used + blocks[b].len() > budget {
                            full[b] = false;
                        } else {
                            used += blocks[b].len();
                        }
                    }
                }
                cands.clear();
                table.start();
                let mut name_reads = 0u64;
                for (b, &p) in blocks.iter().enumerate() {
                    let w = (1.0 + nf / p.len() as f64).ln() as f32;
                    let slice: &[u32] = if full[b] {
                        p
                    } else {
                        count.windowed += 1;
                        let at = position(p, i);
                        &p[at.saturating_sub(opts.window)..(at + opts.window + 1).min(p.len())]
                    };
                    for &j in slice {
                        if j != i {
                            name_reads += 1;
                            table.add(&mut cands, j, w);
                        }
                    }
                }
                count.reads += name_reads;
                if cands.len() > opts.candidates_per_name {
                    count.truncated += 1;
                    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                    cands.select_nth_unstable_by(opts.candidates_per_name - 1, order);
                    cands.truncate(opts.candidates_per_name);
                }
                out.extend(cands.iter().map(|&(j, _)| j));
                counts.push(cands.len() as u32);
            }
            (out, counts, count)
        })
        .collect();
    for (_, _, c) in &chunks {
        stats.windowed_probes += c.windowed;
        stats.names_over_read_budget += c.over_budget;
        stats.block_reads += c.reads;
        stats.names_truncated += c.truncated;
    }

    // Same comparison key: star to the first (entries with one key are adjacent).
    let mut star: Vec<u32> = (0..n as u32).collect();
    let mut start = 0usize;
    for k in 1..=n {
        if k == n || corpus.entries[k].key != corpus.entries[start].key {
            if !corpus.entries[start].key.is_empty() {
                for s in &mut star[start + 1..k] {
                    *s = start as u32;
                    stats.same_key_pairs += 1;
                }
            }
            start = k;
        }
    }

    // Pairs grouped by their smaller name (counting sort), each group sorted and deduplicated:
    // linear, where one sort of all the pairs is not.
    let each_pair = |f: &mut dyn FnMut(u32, u32)| {
        let mut i = 0u32;
        for (out, counts, _) in &chunks {
            let mut at = 0usize;
            for &c in counts {
                for &j in &out[at..at + c as usize] {
                    f(i.min(j), i.max(j));
                }
                at += c as usize;
                if star[i as usize] != i {
                    f(star[i as usize], i);
                }
                i += 1;
            }
        }
    };
    let mut start: Vec<u32> = vec![0; n + 1];
    each_pair(&mut |a, _| start[a as usize + 1] += 1);
    for k in 0..n {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut partner = vec![0u32; start[n] as usize];
    each_pair(&mut |a, b| {
        partner[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
    });
    drop(fill);
    drop(chunks);
    drop(star);
    // Sort and deduplicate each group in place (in parallel over disjoint ranges), then
    // write the pairs out.
    let mut groups: Vec<&mut [u32]> = Vec::with_capacity(n);
    let mut rest: &mut [u32] = &mut partner;
    for a in 0..n {
        let (g, r) = rest.split_at_mut((start[a + 1] - start[a]) as usize);
        groups.push(g);
        rest = r;
    }
    let kept: Vec<u32> = groups
        .par_iter_mut()
        .map(|g| {
            g.sort_unstable();
            let mut w = 0usize;
            for r in 0..g.len() {
                if r == 0 || g[r] != g[w - 1] {
                    g[w] = g[r];
                    w += 1;
                }
            }
            w as u32
        })
        .collect();
    drop(groups);
    let total: usize = kept.iter().map(|&k| k as usize).sum();
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(total);
    for a in 0..n {
        let s = start[a] as usize;
        pairs.extend(partner[s..s + kept[a] as usize].iter().map(|&b| (a as u32, b)));
    }
    stats.candidate_pairs = pairs.len();
    (pairs, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sums of a sorted list of (candidate, probe), as the accumulator replaces.
    fn sorted_sums(reads: &[(u32, f32)]) -> Vec<(u32, f32)> {
        let mut acc: Vec<(u32, usize, f32)> = reads.iter().enumerate().map(|(k, &(j, w))| (j, k, w)).collect();
        acc.sort_by_key(|x| (x.0, x.1));
        let mut out: Vec<(u32, f32)> = Vec::new();
        for (j, _, w) in acc {
            match out.last_mut() {
                Some(last) if last.0 == j => last.1 += w,
                _ => out.push((j, w)),
            }
        }
        out
    }

    #[test]
    fn accumulator_sums_as_a_sorted_list_does() {
        let mut table = Accumulator::default();
        let mut cands = Vec::new();
        // Several names, one with more candidates than the first table holds.
        for name in 0..5u32 {
            let reads: Vec<(u32, f32)> = (0..3000u32)
                .map(|k| {
                    let j = (k.wrapping_mul(2_654_435_761) ^ name) % (200 + name * 700);
                    (j, 0.1 + (k % 7) as f32 * 0.37)
                })
                .collect();
            cands.clear();
            table.start();
            for &(j, w) in &reads {
                table.add(&mut cands, j, w);
            }
            let mut got = cands.clone();
            got.sort_by_key(|x| x.0);
            let want = sorted_sums(&reads);
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.0, w.0);
                assert_eq!(g.1.to_bits(), w.1.to_bits(), "candidate {}", g.0);
            }
        }
    }

    #[test]
    fn neighbours_are_probed_most_frequent_first_within_the_budget() {
        let opts = BlockingOptions::default();
        // Costs: 5000 is over the cap (a window, 21 reads), the others their size.
        let mut nbs = vec![(3, 10), (40, 11), (5000, 12), (40, 9), (2, 13)];
        let kept = neighbours_within_budget(&mut nbs, &opts);
        assert_eq!(nbs, vec![(5000, 12), (40, 11), (40, 9), (3, 10), (2, 13)]);
        // 21 + 40 = 61; + 40 would pass 80.
        assert_eq!(kept, 2);
        // The first is probed whatever its cost.
        let mut one = vec![(90, 1), (1, 2)];
        assert_eq!(neighbours_within_budget(&mut one, &BlockingOptions { neighbour_budget: 10, ..opts }), 1);
        // At most the most frequent few, however cheap.
        let mut many: Vec<(u32, u32)> = (0..40).map(|t| (1 + t % 3, t)).collect();
        let kept = neighbours_within_budget(&mut many, &BlockingOptions { neighbour_budget: 1000, ..opts });
        assert_eq!(kept, MAX_NEIGHBOUR_PROBES);
        assert!(many[..kept].iter().all(|&(df, _)| df == 3 || df == 2));
    }

    #[test]
    fn accumulator_forgets_the_previous_name() {
        let mut table = Accumulator::default();
        let mut cands = Vec::new();
        table.start();
        table.add(&mut cands, 7, 1.0);
        cands.clear();
        table.start();
        table.add(&mut cands, 7, 2.0);
        assert_eq!(cands, vec![(7, 2.0)]);
    }
}
