//! In-memory completion and correction data, rebuilt when the index changes: approved
//! titles and frequent keywords sorted by their lower-cased text (a prefix is then one
//! contiguous range, found by binary search), with a sparse table over the weights so the
//! heaviest entries of any range come out in O(k log k); and the indexed vocabulary as an
//! fst map (term -> document frequency) searched with a Levenshtein automaton (the
//! `levenshtein_automata` DFA tantivy's fuzzy queries use: built in microseconds, where
//! fst's own automaton takes milliseconds at distance 2).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::LazyLock;

use fst::{IntoStreamer, Map, Streamer};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};

use super::analyzer;

/// Words shorter than this (in characters) are never corrected: too many neighbours.
const MIN_CORRECTED_CHARS: usize = 3;

/// Automaton builders for 1 and 2 edits (a transposition counts as one); costly to make,
/// so made once.
static EDITS: LazyLock<[LevenshteinAutomatonBuilder; 2]> = LazyLock::new(|| {
    [
        LevenshteinAutomatonBuilder::new(1, true),
        LevenshteinAutomatonBuilder::new(2, true),
    ]
});

#[derive(Default)]
pub struct Suggestions {
    /// Lower-cased, whitespace-collapsed texts, sorted.
    keys: Vec<String>,
    /// What is shown, per key.
    texts: Vec<String>,
    weights: Vec<u64>,
    /// `best[j][i]`: index of the heaviest entry in `i .. i + 2^j`.
    best: Vec<Vec<u32>>,
    vocab: Map<Vec<u8>>,
}

/// The form texts are compared in: lower case, single spaces, trimmed.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Suggestions {
    /// `titles` weigh 1 each (a repeated title adds up), keywords their count; `vocab` is
    /// the indexed terms with their document frequencies, in any order.
    pub fn build(
        titles: impl IntoIterator<Item = String>,
        keywords: &[(String, u64)],
        vocab: BTreeMap<String, u64>,
    ) -> Self {
        let mut entries: BTreeMap<String, (String, u64)> = BTreeMap::new();
        let all = titles
            .into_iter()
            .map(|t| (t, 1))
            .chain(keywords.iter().cloned());
        for (text, weight) in all {
            let key = normalize(&text);
            if key.is_empty() {
                continue;
            }
            let e = entries
                .entry(key)
                .or_insert_with(|| (text.trim().to_owned(), 0));
            e.1 = e.1.saturating_add(weight);
        }
        let mut s = Suggestions {
            vocab: Map::from_iter(vocab).unwrap_or_default(),
            ..Default::default()
        };
        for (key, (text, weight)) in entries {
            s.keys.push(key);
            s.texts.push(text);
            s.weights.push(weight);
        }
        s.build_table();
        s
    }

    fn build_table(&mut self) {
        let n = self.keys.len();
        self.best = vec![(0..n as u32).collect()];
        let mut span = 1;
        while span * 2 <= n {
            let Some(prev) = self.best.last() else { break };
            let level = (0..=n - span * 2)
                .map(|i| self.heavier(prev[i], prev[i + span]))
                .collect();
            self.best.push(level);
            span *= 2;
        }
    }

    /// The heavier of two entries; the first in order on a tie.
    fn heavier(&self, a: u32, b: u32) -> u32 {
        if self.weights[b as usize] > self.weights[a as usize] {
            b
        } else {
            a
        }
    }

    /// The heaviest entry in `lo..hi` (non-empty).
    fn heaviest(&self, lo: usize, hi: usize) -> u32 {
        let level = (usize::BITS - 1 - (hi - lo).leading_zeros()) as usize;
        let row = &self.best[level];
        self.heavier(row[lo], row[hi - (1 << level)])
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Up to `limit` texts starting with `prefix` (case-insensitive), heaviest first.
    pub fn complete(&self, prefix: &str, limit: usize) -> Vec<String> {
        let p = normalize(prefix);
        if p.is_empty() || limit == 0 {
            return Vec::new();
        }
        let lo = self.keys.partition_point(|k| k.as_str() < p.as_str());
        let hi = lo + self.keys[lo..].partition_point(|k| k.starts_with(&p));
        let mut out = Vec::new();
        let mut heap = BinaryHeap::new();
        let push = |heap: &mut BinaryHeap<_>, lo: usize, hi: usize| {
            if lo < hi {
                let i = self.heaviest(lo, hi) as usize;
                heap.push((self.weights[i], Reverse(i), lo, hi));
            }
        };
        push(&mut heap, lo, hi);
        while let Some((_, Reverse(i), lo, hi)) = heap.pop() {
            out.push(self.texts[i].clone());
            if out.len() == limit {
                break;
            }
            push(&mut heap, lo, i);
            push(&mut heap, i + 1, hi);
        }
        out
    }

    /// Corrections of `text`: for one word, the closest indexed terms (fewest edits, then
    /// most documents); for several, `text` with each unknown word replaced by its closest
    /// term. Empty when nothing needs or admits correcting.
    pub fn correct(&self, text: &str, limit: usize) -> Vec<String> {
        let words = analyzer::words(text);
        if words.len() == 1 {
            return self
                .candidates(&words[0].text)
                .into_iter()
                .take(limit)
                .collect();
        }
        let lower = text.to_lowercase();
        let mut fixed = String::new();
        let mut last = 0;
        let mut changed = false;
        for w in &words {
            if let Some(best) = self.candidates(&w.text).into_iter().next()
                && lower.is_char_boundary(w.from)
                && lower.is_char_boundary(w.to)
                && w.from >= last
            {
                fixed.push_str(&lower[last..w.from]);
                fixed.push_str(&best);
                last = w.to;
                changed = true;
            }
        }
        if !changed || last > lower.len() {
            return Vec::new();
        }
        fixed.push_str(&lower[last..]);
        vec![normalize(&fixed)]
    }

    /// Indexed terms close to an unknown `word`, best first; empty for a known word.
    fn candidates(&self, word: &str) -> Vec<String> {
        let chars = word.chars().count();
        if chars < MIN_CORRECTED_CHARS || self.vocab.contains_key(word) {
            return Vec::new();
        }
        let dfa = EDITS[usize::from(chars >= 7)].build_dfa(word);
        let mut stream = self.vocab.search(&dfa).into_stream();
        let mut found = Vec::new();
        while let Some((term, docs)) = stream.next() {
            if let (Ok(text), Distance::Exact(edits)) = (std::str::from_utf8(term), dfa.eval(term))
            {
                found.push((edits, Reverse(docs), text.to_owned()));
            }
        }
        found.sort();
        found.into_iter().map(|(_, _, t)| t).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(terms: &[(&str, u64)]) -> BTreeMap<String, u64> {
        terms.iter().map(|(t, n)| (t.to_string(), *n)).collect()
    }

    #[test]
    fn completions_are_distinct_case_insensitive_and_heaviest_first() {
        let titles = [
            "Rust 入门",
            "rust 入门",
            "Rust 进阶",
            "Python 入门",
            "Rusty nails",
        ]
        .map(String::from);
        let s = Suggestions::build(titles, &[("rust 宏".into(), 5)], BTreeMap::new());
        assert_eq!(
            s.complete("RUST", 10),
            ["rust 宏", "Rust 入门", "Rust 进阶", "Rusty nails"]
        );
        assert_eq!(s.complete("rust", 2), ["rust 宏", "Rust 入门"]);
        assert_eq!(s.complete("Py", 10), ["Python 入门"]);
        assert!(s.complete("Go", 10).is_empty());
    }

    #[test]
    fn top_k_over_a_large_range_is_exact() {
        let titles: Vec<String> = (0..1000).map(|i| format!("t{i:04}")).collect();
        let kws: Vec<(String, u64)> = (0..1000).map(|i| (format!("t{i:04}"), i % 97)).collect();
        let s = Suggestions::build(titles, &kws, BTreeMap::new());
        let got = s.complete("t", 3);
        assert_eq!(got, ["t0096", "t0193", "t0290"]);
    }

    #[test]
    fn unknown_words_are_corrected_to_the_closest_frequent_term() {
        let s = Suggestions::build(
            Vec::new(),
            &[],
            vocab(&[("python", 9), ("pythons", 1), ("rust", 3), ("入门", 4)]),
        );
        assert_eq!(s.correct("pyhton", 10), ["python"]); // a swap is one edit
        assert_eq!(s.correct("pythn", 10), ["python"]);
        assert_eq!(s.correct("pythonss", 10), ["pythons", "python"]);
        assert_eq!(s.correct("pythn 入门", 10), ["python 入门"]);
        assert!(s.correct("python", 10).is_empty());
    }
}
