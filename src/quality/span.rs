//! Spans: character offsets in the name as received, and how spans found in the cleaned
//! name are mapped back to it.

use serde::{Deserialize, Serialize};

/// A range of characters (Unicode scalar values, end exclusive) in the original name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Maps byte ranges of the original or the cleaned name to character spans of the original.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Locator<'a> {
    original: &'a str,
    cleaned: &'a str,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(original: &'a str, cleaned: &'a str) -> Self {
        Locator { original, cleaned }
    }

    /// A byte range of the original name as a character span.
    pub(crate) fn original(&self, start: usize, end: usize) -> Span {
        Span { start: char_offset(self.original, start), end: char_offset(self.original, end) }
    }

    /// A byte range of the cleaned name as a character span of the original: the same
    /// offsets when cleaning changed nothing, else the text looked up in the original
    /// (exactly, then ignoring case), the occurrence nearest the same relative position.
    pub(crate) fn cleaned(&self, start: usize, end: usize) -> Option<Span> {
        let (start, end) = (start.min(self.cleaned.len()), end.min(self.cleaned.len()));
        if start >= end || !self.cleaned.is_char_boundary(start) || !self.cleaned.is_char_boundary(end) {
            return None;
        }
        if self.cleaned == self.original {
            return Some(self.original(start, end));
        }
        let needle = &self.cleaned[start..end];
        let hits: Vec<usize> = self.original.match_indices(needle).map(|(i, _)| i).collect();
        let pick = |hits: &[usize]| -> Option<usize> {
            // Cleaning mostly removes text before the name: prefer the last occurrence at or
            // after the same offset, else the first.
            hits.iter().copied().find(|&h| h >= start).or_else(|| hits.first().copied())
        };
        if let Some(h) = pick(&hits) {
            return Some(self.original(h, h + needle.len()));
        }
        if needle.is_ascii() && self.original.is_ascii() {
            let lo = self.original.to_ascii_lowercase();
            let n = needle.to_ascii_lowercase();
            let hits: Vec<usize> = lo.match_indices(&n).map(|(i, _)| i).collect();
            if let Some(h) = pick(&hits) {
                return Some(self.original(h, h + needle.len()));
            }
        }
        None
    }
}

/// The character offset of a byte offset (clamped to the string, rounded down to a
/// character boundary).
pub(crate) fn char_offset(s: &str, byte: usize) -> usize {
    let mut b = byte.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    if s.is_ascii() {
        b
    } else {
        s[..b].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_through_cleaning() {
        let l = Locator::new("* Müller  GmbH", "Müller GmbH");
        let s = l.cleaned(8, 12).expect("GmbH is found");
        assert_eq!(s, Span { start: 10, end: 14 });
        let same = Locator::new("Müller GmbH", "Müller GmbH");
        assert_eq!(same.cleaned(0, 7), Some(Span { start: 0, end: 6 }));
        let moji = Locator::new("FÃ¶rderung", "Förderung");
        assert_eq!(moji.cleaned(0, 3), None);
    }
}
