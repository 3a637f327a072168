//! Reading a CSV of names (the `csv` crate; `-` is stdin).

use anyhow::{bail, Context, Result};
use namestd::ClusterInput;
use std::io::Read;
use std::path::Path;

/// A CSV read whole: header and rows.
pub struct Table {
    /// Column names.
    pub headers: csv::StringRecord,
    /// Rows.
    pub rows: Vec<csv::StringRecord>,
}

impl Table {
    /// Reads a CSV file, or stdin for `-`.
    pub fn read(path: &Path) -> Result<Table> {
        let reader: Box<dyn Read> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?)
        };
        let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(reader);
        let headers = rdr.headers().with_context(|| format!("cannot read the header of {}", path.display()))?.clone();
        let mut rows = Vec::new();
        for (i, r) in rdr.records().enumerate() {
            rows.push(r.with_context(|| format!("{}: bad CSV record {}", path.display(), i + 2))?);
        }
        Ok(Table { headers, rows })
    }

    /// The index of a column, an error naming the columns there are when it is missing.
    pub fn column(&self, name: &str) -> Result<usize> {
        match self.headers.iter().position(|h| h == name) {
            Some(i) => Ok(i),
            None => bail!("no column `{name}`; columns: {}", self.headers.iter().collect::<Vec<_>>().join(", ")),
        }
    }

    /// The index of an optional column: given explicitly it must exist, else the default
    /// is used when present.
    pub fn optional_column(&self, given: Option<&str>, default: Option<&str>) -> Result<Option<usize>> {
        match (given, default) {
            (Some(g), _) => self.column(g).map(Some),
            (None, Some(d)) => Ok(self.headers.iter().position(|h| h == d)),
            (None, None) => Ok(None),
        }
    }

    /// The cluster inputs: name, count (1 when absent or empty), country (empty = none).
    pub fn inputs(&self, name: usize, count: Option<usize>, country: Option<usize>) -> Result<Vec<ClusterInput>> {
        let mut out = Vec::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            let mut input = ClusterInput::new(r.get(name).unwrap_or(""));
            if let Some(c) = count {
                let cell = r.get(c).unwrap_or("").trim();
                if !cell.is_empty() {
                    input.count = cell
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite() && *x >= 0.0)
                        .map(|x| x.round() as u64)
                        .with_context(|| format!("row {}: count `{cell}` is not a number", i + 2))?;
                }
            }
            if let Some(c) = country {
                let cell = r.get(c).unwrap_or("").trim();
                if !cell.is_empty() {
                    input.country = Some(cell.to_string());
                }
            }
            out.push(input);
        }
        Ok(out)
    }
}
