//! A read-only hash table for short byte-string keys, built once from a dictionary map:
//! the probe the pipeline makes for every token (key words, legal-form edges).
//!
//! Compared with `HashMap<Box<str>, V>` and FNV: the hash reads eight bytes at a time,
//! the table keeps each key's full hash beside it (a probe compares bytes only when the
//! hashes agree, that is on a hit), and the keys live in one string.

/// A multiplier with good bit mixing (from splitmix64).
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of a key: eight bytes at a time, the length mixed in. The last bytes are
/// read as at most two overlapping words (all bytes covered, so with the length the
/// words say which key it is); no loop over single bytes.
#[inline]
pub(crate) fn hash(key: &[u8]) -> u64 {
    let n = key.len();
    let mut h = (n as u64).wrapping_mul(K);
    let tail = if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = (h.rotate_left(23) ^ read8(&key[i..])).wrapping_mul(K);
            i += 8;
        }
        read8(&key[n - 8..])
    } else if n >= 4 {
        read4(key) | (read4(&key[n - 4..]) << 32)
    } else if n > 0 {
        u64::from(key[0]) | (u64::from(key[n / 2]) << 8) | (u64::from(key[n - 1]) << 16)
    } else {
        0
    };
    h = (h.rotate_left(23) ^ tail).wrapping_mul(K);
    h ^ (h >> 32)
}

/// The first eight bytes of `b` (at least eight long), little-endian.
#[inline]
fn read8(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[..8]);
    u64::from_le_bytes(w)
}

/// The first four bytes of `b` (at least four long), little-endian.
#[inline]
fn read4(b: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(w))
}

// Keys of at most eight bytes hash one to one, so a hit needs no byte comparison: the
// bytes are all in `tail` (n < 4: the first, middle and last byte; n = 4..=8: the first
// four and the last four), so for a given length `tail` tells the key; `x ^ c`
// (constant c) and `x * K` (odd K, modulo 2^64) are one to one, and so is `h ^ (h >> 32)`
// (the high half is kept, then gives the low half back).

/// A hasher for keys made of integers (tuples of them): one multiply per integer, not
/// one per byte as FNV. Byte strings go eight bytes at a time as [`hash`] does.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(23) ^ x).wrapping_mul(K);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.add(hash(bytes));
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// One key: its hash, where its bytes are in the key text, and its value.
#[derive(Debug, Clone)]
struct Entry<V> {
    hash: u64,
    start: u32,
    len: u32,
    value: V,
}

/// A hash table from short byte strings to values, filled once, then only read.
#[derive(Debug, Clone)]
pub(crate) struct ShortTable<V> {
    /// Entry index plus one per slot; 0 is an empty slot. At most half the slots are used.
    slots: Vec<u32>,
    entries: Vec<Entry<V>>,
    text: Vec<u8>,
}

impl<V> ShortTable<V> {
    /// A table of the given keys and values; a repeated key keeps its first value.
    pub(crate) fn new(pairs: impl IntoIterator<Item = (Vec<u8>, V)>) -> ShortTable<V> {
        let mut entries: Vec<Entry<V>> = Vec::new();
        let mut text: Vec<u8> = Vec::new();
        for (key, value) in pairs {
            let start = u32::try_from(text.len()).expect("key text under 4 GB");
            let len = u32::try_from(key.len()).expect("short key");
            text.extend_from_slice(&key);
            entries.push(Entry { hash: hash(&key), start, len, value });
        }
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = ShortTable { slots: vec![0; size], entries: Vec::new(), text };
        let mask = size - 1;
        // Insert in order, skipping repeats (a repeated key keeps its first value).
        let mut kept: Vec<Entry<V>> = Vec::with_capacity(entries.len());
        for e in entries {
            let key = &table.text[e.start as usize..(e.start + e.len) as usize];
            let mut i = e.hash as usize & mask;
            let mut repeat = false;
            while table.slots[i] != 0 {
                let o = &kept[table.slots[i] as usize - 1];
                if o.hash == e.hash && &table.text[o.start as usize..(o.start + o.len) as usize] == key {
                    repeat = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if !repeat {
                kept.push(e);
                table.slots[i] = u32::try_from(kept.len()).expect("under 4G keys");
            }
        }
        table.entries = kept;
        table
    }

    /// The value of `key`, if it is in the table.
    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&V> {
        let h = hash(key);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            let e = &self.entries[s as usize - 1];
            // Up to eight bytes, the hash is one-to-one (see `short_hash_is_one_to_one`):
            // equal hashes and lengths are equal keys, no bytes to compare.
            if e.hash == h
                && e.len as usize == key.len()
                && (key.len() <= 8 || &self.text[e.start as usize..][..key.len()] == key)
            {
                return Some(&e.value);
            }
            i = (i + 1) & mask;
        }
    }

    /// How many distinct keys the table holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_nothing_else() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        let t = ShortTable::new(words.iter().enumerate().map(|(i, w)| (w.as_bytes().to_vec(), i)));
        assert_eq!(t.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.get(w.as_bytes()), Some(&i));
            assert_eq!(t.get(format!("{w}y").as_bytes()), None);
            assert_eq!(t.get(&w.as_bytes()[..w.len() - 1]), None);
        }
        assert_eq!(t.get(b""), None);
    }

    #[test]
    fn a_repeated_key_keeps_its_first_value() {
        let t = ShortTable::new([(b"a".to_vec(), 1), (b"b".to_vec(), 2), (b"a".to_vec(), 3)]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(b"a"), Some(&1));
        assert_eq!(t.get(b"b"), Some(&2));
    }

    #[test]
    fn empty_table_finds_nothing() {
        let t: ShortTable<u8> = ShortTable::new([]);
        assert_eq!(t.get(b"x"), None);
        assert_eq!(t.get(b""), None);
    }

    #[test]
    fn short_hash_is_one_to_one() {
        // Every key of up to two bytes, and keys of three to eight bytes over a small
        // alphabet (all their lengths and positions).
        let mut seen = std::collections::HashMap::new();
        let mut keys: Vec<Vec<u8>> = vec![vec![]];
        keys.extend((0..=255u8).map(|a| vec![a]));
        keys.extend((0..=255u8).flat_map(|a| (0..=255u8).map(move |b| vec![a, b])));
        let alphabet = [0u8, b'a', b'z', 0x80, 0xff];
        for n in 3..=8usize {
            let total = alphabet.len().pow(n as u32);
            for mut code in 0..total {
                let mut k = Vec::with_capacity(n);
                for _ in 0..n {
                    k.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                keys.push(k);
            }
        }
        for k in keys {
            if let Some(other) = seen.insert((k.len(), hash(&k)), k.clone()) {
                panic!("{k:?} and {other:?} share a hash");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn short_keys_with_one_hash_are_one_key(a in proptest::collection::vec(proptest::num::u8::ANY, 0..=8), b in proptest::collection::vec(proptest::num::u8::ANY, 0..=8)) {
            if a.len() == b.len() && hash(&a) == hash(&b) {
                proptest::prop_assert_eq!(a, b);
            }
        }

        #[test]
        fn agrees_with_a_hash_map(keys in proptest::collection::vec("[a-c ]{0,12}", 0..40), probe in "[a-c ]{0,12}") {
            let t = ShortTable::new(keys.iter().enumerate().map(|(i, k)| (k.as_bytes().to_vec(), i)));
            let mut m = std::collections::HashMap::new();
            for (i, k) in keys.iter().enumerate() {
                m.entry(k.clone()).or_insert(i);
            }
            proptest::prop_assert_eq!(t.get(probe.as_bytes()), m.get(&probe));
            for k in &keys {
                proptest::prop_assert_eq!(t.get(k.as_bytes()), m.get(k));
            }
        }
    }
}
