//! `namestd cluster`: cluster the names of a CSV and write each row with its cluster.

use crate::table::Table;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `namestd cluster`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input CSV (`-` for stdin).
    #[arg(long, short)]
    pub input: PathBuf,
    /// Column holding the names.
    #[arg(long)]
    pub name_col: String,
    /// Column holding mention counts (weights the canonical name) [default: 1 per row].
    #[arg(long)]
    pub count_col: Option<String>,
    /// Column holding ISO country codes, if any.
    #[arg(long)]
    pub country_col: Option<String>,
    /// Clustering settings.
    #[command(flatten)]
    pub tuning: super::Tuning,
    /// Output CSV (`-` or absent: stdout).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Runs `namestd cluster`.
pub fn run(args: &Args) -> Result<()> {
    let table = Table::read(&args.input)?;
    let name = table.column(&args.name_col)?;
    let count = table.optional_column(args.count_col.as_deref(), None)?;
    let country = table.optional_column(args.country_col.as_deref(), None)?;
    let inputs = table.inputs(name, count, country)?;
    let started = Instant::now();
    let clustering = args.tuning.clusterer().cluster(&inputs);
    let elapsed = started.elapsed();

    let sink: Box<dyn Write> = match &args.output {
        Some(p) if p.as_os_str() != "-" => {
            Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        _ => Box::new(std::io::stdout().lock()),
    };
    let mut wtr = csv::Writer::from_writer(std::io::BufWriter::new(sink));
    let mut header = table.headers.clone();
    header.push_field("cluster_id");
    header.push_field("cluster_name");
    wtr.write_record(&header)?;
    for (i, row) in table.rows.iter().enumerate() {
        let c = clustering.cluster_of_input(i);
        let mut rec = row.clone();
        rec.push_field(&c.id);
        rec.push_field(&c.name);
        wtr.write_record(&rec)?;
    }
    wtr.flush()?;
    eprintln!(
        "namestd cluster: {} rows, {} distinct names, {} clusters in {:.2} s",
        table.rows.len(),
        clustering.stats.distinct_names,
        clustering.stats.clusters,
        elapsed.as_secs_f64()
    );
    Ok(())
}
