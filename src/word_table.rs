//! A read-only word table for the probes the pipeline makes for every token (key words,
//! organization words, person affixes): words of any length, where
//! [`ShortTable`](crate::short_table::ShortTable) serves the short edge tokens of legal forms.

/// Slots of a [`WordTable`] (a power of two).
const TABLE_SLOTS: usize = 2048;

/// The slot of a word in a [`WordTable`]: a multiplicative hash of its first, second and
/// last bytes, its top bits (always below [`TABLE_SLOTS`]).
#[inline(always)]
fn table_slot(word: &[u8]) -> usize {
    let (first, second, last) = match word {
        [] => (0, 0, 0),
        [a] => (*a, 0, *a),
        [a, b, ..] => (*a, *b, word[word.len() - 1]),
    };
    let fingerprint = u64::from(first) | u64::from(last) << 8 | u64::from(second) << 16;
    (fingerprint.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - TABLE_SLOTS.trailing_zeros())) as usize
}

/// A read-only table of dictionary words and their values, for the probe made for every
/// token: the first, second and last bytes of a word pick one of 2,048 slots, and a slot
/// lists its few words (none for most words that are not in the table). A probe is the
/// slot, then one length and byte comparison per word listed there, inline.
pub(crate) struct WordTable<V> {
    /// Where each slot's words start in `entries`: slot `s` holds
    /// `entries[starts[s]..starts[s + 1]]`.
    starts: Box<[u32; TABLE_SLOTS + 1]>,
    /// The words and their values, by slot.
    entries: Vec<(Box<[u8]>, V)>,
}

impl<V> WordTable<V> {
    /// A table of the given words and values; a repeated word keeps its first value.
    pub(crate) fn new(pairs: impl IntoIterator<Item = (Vec<u8>, V)>) -> WordTable<V> {
        let mut by_slot: Vec<(usize, Box<[u8]>, V)> =
            pairs.into_iter().map(|(w, v)| (table_slot(&w), w.into_boxed_slice(), v)).collect();
        // Stable: a repeated word's first value comes first in its slot, and is found.
        by_slot.sort_by_key(|e| e.0);
        let mut starts = Box::new([0u32; TABLE_SLOTS + 1]);
        for (slot, _, _) in &by_slot {
            starts[slot + 1] += 1;
        }
        for s in 0..TABLE_SLOTS {
            starts[s + 1] += starts[s];
        }
        WordTable { starts, entries: by_slot.into_iter().map(|(_, w, v)| (w, v)).collect() }
    }

    /// The value of `word`, if it is in the table.
    #[inline(always)]
    pub(crate) fn get(&self, word: &[u8]) -> Option<&V> {
        let s = table_slot(word);
        let (start, end) = (self.starts[s] as usize, self.starts[s + 1] as usize);
        self.entries.get(start..end)?.iter().find(|(w, _)| **w == *word).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::WordTable;

    proptest::proptest! {
        #[test]
        fn a_word_table_finds_its_words_and_nothing_else(
            words in proptest::collection::vec("[a-z0-9é]{0,12}", 0..60),
            other in "[a-z]{0,12}",
        ) {
            let table = WordTable::new(words.iter().enumerate().map(|(i, w)| (w.as_bytes().to_vec(), i)));
            for w in &words {
                // A repeated word keeps its first value.
                let first = words.iter().position(|x| x == w);
                proptest::prop_assert_eq!(table.get(w.as_bytes()).copied(), first);
            }
            let expected = words.iter().position(|x| *x == other);
            proptest::prop_assert_eq!(table.get(other.as_bytes()).copied(), expected);
        }
    }
}
