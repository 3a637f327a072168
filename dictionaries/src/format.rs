//! The TSV row format of the source tables, shared by the build script and the run-time
//! loader (an office's own tables use the same format).
//!
//! A table is UTF-8 text: one header row naming the columns, then one row per line;
//! `#` starts a comment line; blank lines are skipped; lists inside a cell are
//! `;`-separated. Columns are found by name, so their order is free and extra columns are
//! ignored.

use std::fmt;

/// Where a legal form stands in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// After the name (`Siemens AG`).
    Suffix,
    /// Before the name (`ООО «Газпром нефть»`).
    Prefix,
    /// Either (`株式会社東芝`, `トヨタ自動車株式会社`).
    Any,
    /// Found before trailing words that are not part of the entity's name (`GIST BROCADES
    /// NV, DELFT`): a position of a match, never of a table row.
    Inside,
}

impl Position {
    /// Parses `suffix`, `prefix` or `any`.
    pub fn parse(s: &str) -> Option<Position> {
        match s.trim() {
            "suffix" => Some(Position::Suffix),
            "prefix" => Some(Position::Prefix),
            "any" => Some(Position::Any),
            _ => None,
        }
    }

    /// The table spelling of this position.
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Suffix => "suffix",
            Position::Prefix => "prefix",
            Position::Any => "any",
            Position::Inside => "inside",
        }
    }
}

/// One row of a legal-form table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalFormRow {
    /// The form as written in names.
    pub form: String,
    /// Canonical abbreviation (upper case, no periods, own script).
    pub canonical: String,
    /// Generic class (`LLC`, `JSC`, ...), empty if unknown.
    pub generic: String,
    /// ISO 20275 ELF codes.
    pub elf: Vec<String>,
    /// ISO 3166-1 alpha-2 jurisdictions; empty means any.
    pub countries: Vec<String>,
    /// ISO 639-1 language, empty if unknown.
    pub language: String,
    /// Where the form stands in a name.
    pub position: Position,
    /// Provenance tags.
    pub source: Vec<String>,
    /// Free text for the reviewer; `inactive` marks ELF forms no longer in use.
    pub note: String,
    /// Line number in its table (1-based), for error messages.
    pub line: usize,
}

impl LegalFormRow {
    /// Whether the ELF list marks this form inactive (kept for matching old names; its
    /// codes are not reported).
    pub fn inactive(&self) -> bool {
        self.note.split(';').any(|n| n.trim() == "inactive")
    }

    /// The ELF codes the note marks inactive: all of them for `inactive`, the listed ones
    /// for `inactive: CODE CODE`.
    pub fn inactive_codes(&self) -> Vec<String> {
        if self.inactive() {
            return self.elf.clone();
        }
        self.note
            .split(';')
            .filter_map(|n| n.trim().strip_prefix("inactive:"))
            .flat_map(|codes| codes.split_whitespace().map(str::to_string))
            .collect()
    }
}

/// A problem in a table, with the place to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The table's name as given to the parser (a file name).
    pub table: String,
    /// 1-based line number (0 for the header as a whole).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.table, self.line, self.message)
    }
}

impl std::error::Error for FormatError {}

/// A parsed table: header columns and data rows with their line numbers.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    name: String,
    columns: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    /// Splits `text` into header and rows. Fails on an empty table or a row with more
    /// cells than the header.
    pub fn parse(name: &str, text: &'a str) -> Result<Table<'a>, FormatError> {
        let err = |line: usize, message: String| FormatError { table: name.to_string(), line, message };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut columns: Option<Vec<&'a str>> = None;
        let mut rows = Vec::new();
        for (idx, line) in text.lines().enumerate() {
            let lineno = idx + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&'a str> = line.split('\t').collect();
            match &columns {
                None => columns = Some(cells.iter().map(|c| c.trim()).collect()),
                Some(cols) => {
                    if cells.len() > cols.len() {
                        return Err(err(
                            lineno,
                            format!("{} cells but the header has {} columns", cells.len(), cols.len()),
                        ));
                    }
                    rows.push((lineno, cells));
                }
            }
        }
        let columns = columns.ok_or_else(|| err(0, "no header row".to_string()))?;
        Ok(Table { name: name.to_string(), columns, rows })
    }

    /// The index of a required column.
    pub fn column(&self, name: &str) -> Result<usize, FormatError> {
        self.columns.iter().position(|c| *c == name).ok_or_else(|| FormatError {
            table: self.name.clone(),
            line: 0,
            message: format!("missing column `{name}` (columns present: {})", self.columns.join(", ")),
        })
    }

    /// The index of an optional column.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }

    /// The data rows: line number and cells (missing trailing cells read as empty).
    pub fn rows(&self) -> impl Iterator<Item = (usize, Row<'_, 'a>)> + '_ {
        self.rows.iter().map(|(l, cells)| (*l, Row { cells }))
    }

    /// An error at `line` of this table.
    pub fn error(&self, line: usize, message: impl Into<String>) -> FormatError {
        FormatError { table: self.name.clone(), line, message: message.into() }
    }
}

/// One data row.
#[derive(Debug, Clone, Copy)]
pub struct Row<'r, 'a> {
    cells: &'r [&'a str],
}

impl<'a> Row<'_, 'a> {
    /// The trimmed cell at `idx`, empty when the row is short.
    pub fn get(&self, idx: usize) -> &'a str {
        self.cells.get(idx).map(|c| c.trim()).unwrap_or("")
    }

    /// The cell at an optional column.
    pub fn get_opt(&self, idx: Option<usize>) -> &'a str {
        idx.map(|i| self.get(i)).unwrap_or("")
    }
}

/// Splits a `;`-separated list cell, dropping empty items.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Parses a legal-form table (columns `form`, `canonical`, `generic`, `elf`, `countries`,
/// `language`, `position`, `source`).
pub fn parse_legal_forms(name: &str, text: &str) -> Result<Vec<LegalFormRow>, FormatError> {
    let t = Table::parse(name, text)?;
    let c_form = t.column("form")?;
    let c_canon = t.column("canonical")?;
    let c_generic = t.optional_column("generic");
    let c_elf = t.optional_column("elf");
    let c_countries = t.optional_column("countries");
    let c_lang = t.optional_column("language");
    let c_pos = t.optional_column("position");
    let c_source = t.column("source")?;
    let c_note = t.optional_column("note");
    let mut out = Vec::new();
    for (line, row) in t.rows() {
        let form = row.get(c_form);
        if form.is_empty() {
            return Err(t.error(line, "empty `form`"));
        }
        let canonical = row.get(c_canon);
        if canonical.is_empty() {
            return Err(t.error(line, format!("empty `canonical` for form `{form}`")));
        }
        let pos_cell = row.get_opt(c_pos);
        let position = if pos_cell.is_empty() {
            Position::Suffix
        } else {
            Position::parse(pos_cell)
                .ok_or_else(|| t.error(line, format!("position `{pos_cell}` is not one of suffix, prefix, any")))?
        };
        let countries = split_list(row.get_opt(c_countries));
        for c in &countries {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(t.error(line, format!("country `{c}` is not an ISO 3166-1 alpha-2 code")));
            }
        }
        let source = split_list(row.get(c_source));
        if source.is_empty() {
            return Err(t.error(line, format!("empty `source` for form `{form}` (every entry needs provenance)")));
        }
        out.push(LegalFormRow {
            form: form.to_string(),
            canonical: canonical.to_string(),
            generic: row.get_opt(c_generic).to_string(),
            elf: split_list(row.get_opt(c_elf)),
            countries,
            language: row.get_opt(c_lang).to_string(),
            position,
            source,
            note: row.get_opt(c_note).to_string(),
            line,
        });
    }
    Ok(out)
}

/// Parses a two-column word table (`key_col` → `value_col`), e.g. company words
/// (`word` → `replacement`) or person affixes (`affix` → `kind`). Rows need a `source`.
pub fn parse_pairs(
    name: &str,
    text: &str,
    key_col: &str,
    value_col: &str,
) -> Result<Vec<(String, String, usize)>, FormatError> {
    let t = Table::parse(name, text)?;
    let ck = t.column(key_col)?;
    let cv = t.column(value_col)?;
    let cs = t.optional_column("source");
    let mut out = Vec::new();
    for (line, row) in t.rows() {
        let k = row.get(ck);
        if k.is_empty() {
            return Err(t.error(line, format!("empty `{key_col}`")));
        }
        if cs.is_some() && row.get_opt(cs).is_empty() {
            return Err(t.error(line, format!("empty `source` for `{k}`")));
        }
        out.push((k.to_string(), row.get(cv).to_string(), line));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_reports_lines() {
        let text = "form\tcanonical\tgeneric\telf\tcountries\tlanguage\tposition\tsource\n\
                    # comment\n\
                    GmbH\tGMBH\tLLC\t2HBR\tDE\tde\tsuffix\telf:2HBR\n";
        let rows = parse_legal_forms("t.tsv", text).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].countries, vec!["DE"]);
        let bad = "form\tcanonical\tsource\tposition\nAG\tAG\tx\tmiddle\n";
        let e = parse_legal_forms("t.tsv", bad).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("t.tsv:2"));
        let missing = "form\tsource\nAG\tx\n";
        assert!(parse_legal_forms("t.tsv", missing).unwrap_err().message.contains("canonical"));
    }
}
