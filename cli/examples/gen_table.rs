//! Writes a synthetic applicant table for the batch benchmarks: `id,name,country` rows whose
//! names are variants of the real names in `data/batch/applicants.csv` (case, punctuation,
//! legal-form spelling, numbered subsidiaries), one distinct name per `--dup` rows on average,
//! drawn with a skew so some names repeat often, as in office tables.
//!
//! `cargo run --release -p namestd-cli --example gen_table -- ROWS OUT.csv [--dup 10]`
//! (a `.parquet` OUT is written with polars).

use polars::prelude::*;
use std::io::Write;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows: usize = args.first().and_then(|a| a.replace('_', "").parse().ok()).unwrap_or(1_000_000);
    let out = args.get(1).cloned().unwrap_or_else(|| "/tmp/namestd-bench.csv".into());
    let dup: usize = args.iter().position(|a| a == "--dup").and_then(|i| args.get(i + 1)).and_then(|a| a.parse().ok()).unwrap_or(10);
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/batch/applicants.csv");
    let mut base: Vec<(String, String)> = Vec::new();
    let mut rdr = csv::Reader::from_path(sample)?;
    for r in rdr.records() {
        let r = r?;
        base.push((r[1].to_string(), r[2].to_string()));
    }
    let distinct = (rows / dup.max(1)).max(1);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Distinct names: a base name, a variation, a number for the subsidiaries.
    let forms = ["", " Inc.", " INC", " Ltd", " GmbH", " AG", " S.A.", " B.V.", " Co., Ltd.", " Corporation"];
    let mut names: Vec<(String, String)> = Vec::with_capacity(distinct);
    for i in 0..distinct {
        let (n, c) = &base[i % base.len()];
        let round = i / base.len();
        let mut name = match round % 4 {
            0 => n.clone(),
            1 => n.to_uppercase(),
            2 => n.replace(['.', ','], ""),
            _ => n.to_lowercase(),
        };
        if round >= 4 {
            name = format!("{name} {}{}", round / 4, forms[(round / 4) % forms.len()]);
        }
        names.push((name, c.clone()));
    }
    if out.ends_with(".parquet") {
        let mut ids = Vec::with_capacity(rows);
        let mut ns = Vec::with_capacity(rows);
        let mut cs = Vec::with_capacity(rows);
        for i in 0..rows {
            let k = pick(&mut next, distinct);
            ids.push(i as u64 + 1);
            ns.push(names[k].0.as_str());
            cs.push(names[k].1.as_str());
        }
        let mut df = DataFrame::new(
            rows,
            vec![
                Column::new("id".into(), ids),
                Column::new("name".into(), ns),
                Column::new("country".into(), cs),
            ],
        )?;
        let f = std::fs::File::create(&out)?;
        ParquetWriter::new(f).with_row_group_size(Some(256 * 1024)).finish(&mut df)?;
    } else {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(&out)?));
        w.write_record(["id", "name", "country"])?;
        for i in 0..rows {
            let k = pick(&mut next, distinct);
            w.write_record([(i + 1).to_string().as_str(), names[k].0.as_str(), names[k].1.as_str()])?;
        }
        w.flush()?;
    }
    writeln!(std::io::stderr(), "{out}: {rows} rows, {distinct} distinct names")?;
    Ok(())
}

/// A skewed pick: half the draws from the first tenth of the names.
fn pick(next: &mut impl FnMut() -> u64, n: usize) -> usize {
    let r = next();
    if r % 2 == 0 {
        ((r >> 8) as usize) % (n / 10).max(1)
    } else {
        ((r >> 8) as usize) % n
    }
}
