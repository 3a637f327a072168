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
//! A block larger than [`BlockingOptions::block_cap`] is not read whole: the name only
//! meets its [`BlockingOptions::window`] neighbours on each side in content order (sorted
//! neighbourhood). The caps are reported in [`BlockingStats`]. Work per name is bounded,
//! so candidate generation grows linearly with the number of names.

use super::corpus::Corpus;
use super::fxhash::FxHashMap;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Settings of candidate generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockingOptions {
    /// How many of a name's rarest tokens it probes. By default, 3.
    pub probe_tokens: usize,
    /// Blocks larger than this are windowed. By default, 100.
    pub block_cap: usize,
    /// Neighbours met on each side in a windowed block. By default, 10.
    pub window: usize,
    /// Candidates kept per name. By default, 24.
    pub candidates_per_name: usize,
}

impl Default for BlockingOptions {
    fn default() -> Self {
        BlockingOptions { probe_tokens: 3, block_cap: 100, window: 10, candidates_per_name: 24 }
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
    /// Probes of a block over the cap (windowed reads).
    pub windowed_probes: u64,
    /// Names whose candidate list was cut to the per-name limit.
    pub names_truncated: usize,
    /// Distinct candidate pairs produced (same-key pairs included).
    pub candidate_pairs: usize,
    /// Pairs from names sharing a comparison key.
    pub same_key_pairs: usize,
}

/// Fuzzy neighbours of a token probed at most (the most frequent ones).
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

/// Candidate pairs `(i, j)` with `i < j`, sorted, and the stats.
pub fn candidates(corpus: &Corpus, opts: &BlockingOptions) -> (Vec<(u32, u32)>, BlockingStats) {
    let n = corpus.entries.len();
    let mut stats = BlockingStats::default();
    // Postings, members in content order: (key, entry) pairs sorted, then one slice of
    // `members` per key.
    let mut pairs_by_key: Vec<(Key, u32)> = (0..n)
        .into_par_iter()
        .flat_map_iter(|e| index_keys(corpus, e).into_iter().map(move |k| (k, e as u32)))
        .collect();
    pairs_by_key.par_sort_unstable();
    let members: Vec<u32> = pairs_by_key.iter().map(|p| p.1).collect();
    let mut postings: FxHashMap<Key, (u32, u32)> = FxHashMap::default();
    let mut start = 0usize;
    for k in 1..=pairs_by_key.len() {
        if k == pairs_by_key.len() || pairs_by_key[k].0 != pairs_by_key[start].0 {
            let len = k - start;
            postings.insert(pairs_by_key[start].0, (start as u32, len as u32));
            stats.largest_block = stats.largest_block.max(len);
            if len > opts.block_cap {
                stats.blocks_over_cap += 1;
                stats.names_in_blocks_over_cap += len;
            }
            start = k;
        }
    }
    drop(pairs_by_key);
    stats.blocks = postings.len();
    let block = |k: &Key| postings.get(k).map(|&(s, l)| &members[s as usize..(s + l) as usize]);
    let nf = n.max(1) as f64;
    let windowed = std::sync::atomic::AtomicU64::new(0);
    let truncated = std::sync::atomic::AtomicUsize::new(0);

    let mut pairs: Vec<(u32, u32)> = (0..n as u32)
        .into_par_iter()
        .fold(
            || (Vec::new(), Vec::<(u32, f32)>::new()),
            |(mut out, mut acc), i| {
                acc.clear();
                let e = &corpus.entries[i as usize];
                let v = &corpus.vocab;
                let mut probes: Vec<Key> = Vec::new();
                let mut by_rarity: Vec<u32> = e.tokens.iter().copied().filter(|&t| !v.legal[t as usize]).collect();
                by_rarity.sort_unstable_by_key(|&t| (v.df[t as usize], t));
                by_rarity.dedup();
                for &t in by_rarity.iter().take(opts.probe_tokens) {
                    probes.push(Key::Token(t));
                    // The most frequent few neighbours, so the work per name stays bounded
                    // as the corpus (and the number of typos of a word) grows.
                    let mut nbs: Vec<(u32, u32)> =
                        v.neighbours[t as usize].iter().map(|&(nb, _)| (v.df[nb as usize], nb)).collect();
                    nbs.sort_unstable_by(|a, b| b.cmp(a));
                    probes.extend(nbs.iter().take(MAX_NEIGHBOUR_PROBES).map(|&(_, nb)| Key::Token(nb)));
                }
                probes.extend(acronym_keys(corpus, i as usize));
                probes.extend(compact_key(corpus, i as usize));
                probes.sort_unstable();
                probes.dedup();
                for k in &probes {
                    let Some(p) = block(k) else { continue };
                    let w = (1.0 + nf / p.len() as f64).ln();
                    let slice: &[u32] = if p.len() > opts.block_cap {
                        windowed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let at = p.binary_search(&i).unwrap_or_else(|x| x);
                        &p[at.saturating_sub(opts.window)..(at + opts.window + 1).min(p.len())]
                    } else {
                        p
                    };
                    acc.extend(slice.iter().filter(|&&j| j != i).map(|&j| (j, w as f32)));
                }
                acc.sort_by_key(|x| x.0);
                let mut cands: Vec<(u32, f32)> = Vec::new();
                for &(j, w) in acc.iter() {
                    match cands.last_mut() {
                        Some(last) if last.0 == j => last.1 += w,
                        _ => cands.push((j, w)),
                    }
                }
                if cands.len() > opts.candidates_per_name {
                    truncated.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    cands.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    cands.truncate(opts.candidates_per_name);
                }
                out.extend(cands.into_iter().map(|(j, _)| (i.min(j), i.max(j))));
                (out, acc)
            },
        )
        .map(|(out, _)| out)
        .reduce(Vec::new, |mut a, mut b| {
            a.append(&mut b);
            a
        });
    // Same comparison key: star to the first.
    let mut start = 0usize;
    for k in 1..=n {
        if k == n || corpus.entries[k].key != corpus.entries[start].key {
            if corpus.entries[start].key.is_empty() {
                start = k;
                continue;
            }
            for j in start + 1..k {
                pairs.push((start as u32, j as u32));
                stats.same_key_pairs += 1;
            }
            start = k;
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    stats.windowed_probes = windowed.into_inner();
    stats.names_truncated = truncated.into_inner();
    stats.candidate_pairs = pairs.len();
    (pairs, stats)
}
