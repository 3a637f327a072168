//! Regenerates namestd's imported dictionary tables from the raw upstream files.
//!
//! `dictionaries/raw/` holds the upstream files unmodified (ISO 20275 ELF list, rigour,
//! KU Leuven and NBER tables from nstandr, cleanco, DNB, fedmatch); this crate turns them into
//! `dictionaries/source/legal_forms.tsv`, `company_words.tsv` and `stop_words.tsv`,
//! deterministically (sorted, deduplicated). The hand-reviewed `*_additions.tsv` files are
//! never touched.
//!
//! ```no_run
//! let tables = namestd_dict_import::generate(std::path::Path::new("dictionaries/raw")).unwrap();
//! assert!(tables.legal_forms.starts_with('#'));
//! ```

pub mod legal;
pub mod stopwords;
pub mod text;
pub mod words;

mod fold_table;

use anyhow::{Context, Result};
use std::path::Path;

/// The imported tables as TSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// `legal_forms.tsv`.
    pub legal_forms: String,
    /// `company_words.tsv`.
    pub company_words: String,
    /// `stop_words.tsv`.
    pub stop_words: String,
}

impl Tables {
    /// The tables with their file names under `source/`.
    pub fn files(&self) -> [(&'static str, &str); 3] {
        [
            ("legal_forms.tsv", self.legal_forms.as_str()),
            ("company_words.tsv", self.company_words.as_str()),
            ("stop_words.tsv", self.stop_words.as_str()),
        ]
    }
}

/// Generates the imported tables from the raw directory (`dictionaries/raw`).
pub fn generate(raw: &Path) -> Result<Tables> {
    let legal_rows = legal::build(raw).context("building legal_forms.tsv")?;
    let legal_forms = legal::render(&legal_rows);
    let word_rows = words::build(raw, &legal_rows).context("building company_words.tsv")?;
    let company_words = words::render(&word_rows);
    let stop_rows = stopwords::build(raw).context("building stop_words.tsv")?;
    let stop_words = stopwords::render(&stop_rows);
    Ok(Tables { legal_forms, company_words, stop_words })
}

/// Regenerates `dir/source/*.tsv` from `dir/raw/` and returns each file with its number of
/// data rows.
pub fn run(dir: &Path) -> Result<Vec<(String, usize)>> {
    let tables = generate(&dir.join("raw"))?;
    let source = dir.join("source");
    std::fs::create_dir_all(&source).with_context(|| format!("creating {}", source.display()))?;
    let mut out = Vec::new();
    for (name, text) in tables.files() {
        let path = source.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        out.push((name.to_string(), data_rows(text)));
    }
    Ok(out)
}

/// Number of data rows of a TSV text (not counting comments, blank lines and the header).
pub fn data_rows(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count().saturating_sub(1)
}

/// The first lines where two table texts differ, as `line N: expected / actual` messages
/// (at most `max`), for the drift test.
pub fn first_differences(expected: &str, actual: &str, max: usize) -> Vec<String> {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = Vec::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            out.push(format!(
                "line {}:\n    regenerated: {}\n    committed:   {}",
                i + 1,
                x.unwrap_or("<missing>"),
                y.unwrap_or("<missing>")
            ));
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

/// The records of a CSV file with a header row; errors name the file.
pub(crate) fn csv_records(path: &std::path::Path) -> anyhow::Result<Vec<csv::StringRecord>> {
    use anyhow::Context;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .with_context(|| format!("reading {}", path.display()))?;
    rdr.records().map(|r| r.with_context(|| format!("parsing {}", path.display()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_differences() {
        assert_eq!(data_rows("# c\nh\ta\nx\ty\n\nz\tw\n"), 2);
        let d = first_differences("a\nb\nc\n", "a\nB\nc\nd\n", 5);
        assert_eq!(d.len(), 2);
        assert!(d[0].starts_with("line 2:"));
        assert!(d[1].contains("<missing>"));
    }
}
