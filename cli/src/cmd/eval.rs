//! `namestd eval`: cluster a labelled CSV and score the clusters against its labels.

use crate::table::Table;
use anyhow::{Context, Result};
use namestd::cluster::{Evaluation, Pairwise, Similarity};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `namestd eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labelled CSV (`-` for stdin).
    #[arg(long, short)]
    pub input: PathBuf,
    /// Column holding the names.
    #[arg(long, default_value = "organization")]
    pub name_col: String,
    /// Column holding the truth entity of each name.
    #[arg(long, default_value = "unique_id")]
    pub id_col: String,
    /// Column holding mention counts [default: n_mentions when present, else 1 per row].
    #[arg(long)]
    pub count_col: Option<String>,
    /// Column holding ISO country codes, if any.
    #[arg(long)]
    pub country_col: Option<String>,
    /// Clustering settings.
    #[command(flatten)]
    pub tuning: super::Tuning,
    /// How many of the worst false and missed merges to explain.
    #[arg(long, default_value_t = 10)]
    pub worst: usize,
    /// Print the evaluation as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `namestd eval`.
pub fn run(args: &Args) -> Result<()> {
    let table = Table::read(&args.input)?;
    let name = table.column(&args.name_col)?;
    let id = table.column(&args.id_col)?;
    let count = table.optional_column(args.count_col.as_deref(), Some("n_mentions"))?;
    let country = table.optional_column(args.country_col.as_deref(), None)?;
    let inputs = table.inputs(name, count, country)?;
    let truth: Vec<&str> = table.rows.iter().map(|r| r.get(id).unwrap_or("")).collect();
    let started = Instant::now();
    let clustering = args.tuning.clusterer().cluster(&inputs);
    let elapsed = started.elapsed();
    let eval = Evaluation::new(&clustering, &inputs, &truth, args.worst);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &eval).context("writing JSON")?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "input: {} ({} rows)", args.input.display(), table.rows.len())?;
    writeln!(
        out,
        "distinct names {}, truth entities {}, clusters {}, clustered in {:.2} s",
        eval.names,
        eval.truth_entities,
        eval.clusters,
        elapsed.as_secs_f64()
    )?;
    let b = &clustering.stats.blocking;
    writeln!(
        out,
        "candidates {} pairs ({} blocks, {} over cap, largest {}, {} names truncated); edges {}; merges {} ({} refused)",
        b.candidate_pairs,
        b.blocks,
        b.blocks_over_cap,
        b.largest_block,
        b.names_truncated,
        clustering.stats.edges,
        clustering.stats.merges,
        clustering.stats.refused_merges
    )?;
    writeln!(out)?;
    writeln!(out, "{:<22} {:>9} {:>9} {:>9}", "", "precision", "recall", "f1")?;
    let line = |out: &mut dyn Write, label: &str, p: &Pairwise| -> std::io::Result<()> {
        writeln!(out, "{label:<22} {:>9.4} {:>9.4} {:>9.4}", p.precision, p.recall, p.f1)
    };
    line(&mut out, "pairwise (strings)", &eval.strings)?;
    line(&mut out, "pairwise (mentions)", &eval.mentions)?;
    writeln!(
        out,
        "{:<22} {:>9.4} {:>9.4} {:>9.4}",
        "b-cubed (strings)", eval.bcubed.precision, eval.bcubed.recall, eval.bcubed.f1
    )?;
    writeln!(out)?;
    writeln!(out, "worst false merges ({}):", eval.false_merges.len())?;
    for (k, m) in eval.false_merges.iter().enumerate() {
        writeln!(out, "{:>3}. {:?} [{}]", k + 1, m.a, m.truth_a)?;
        writeln!(out, "     {:?} [{}]", m.b, m.truth_b)?;
        writeln!(
            out,
            "     -> {} {:?}: joined {}x{} names, edge {:.3}, linkage {:.3}",
            m.cluster_id, m.cluster_name, m.sides.0, m.sides.1, m.merge.score, m.merge.linkage
        )?;
        writeln!(out, "     {}", explain(&m.similarity))?;
    }
    writeln!(out)?;
    writeln!(out, "worst missed merges ({}):", eval.missed_merges.len())?;
    for (k, m) in eval.missed_merges.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. [{}] {} names in {} clusters, {} pairs missed",
            k + 1,
            m.truth,
            m.names,
            m.pieces,
            m.missed_pairs
        )?;
        writeln!(out, "     {:?} ({})", m.a, m.cluster_a)?;
        writeln!(out, "     {:?} ({})", m.b, m.cluster_b)?;
        writeln!(out, "     {}", explain(&m.similarity))?;
    }
    Ok(())
}

/// One line of explanation of a similarity.
pub fn explain(s: &Similarity) -> String {
    let matches: Vec<String> = s
        .matches
        .iter()
        .map(|m| {
            if m.a == m.b {
                format!("{}({:.1})", m.a, m.weight)
            } else {
                format!("{}~{}({:?} {:.2}, {:.1})", m.a, m.b, m.kind, m.similarity, m.weight)
            }
        })
        .collect();
    let mut text = format!(
        "score {:.3} = tokens {:.3} - penalty {:.2}; matched [{}]; only a [{}]; only b [{}]",
        s.score,
        s.tokens,
        s.penalty,
        matches.join(" "),
        s.unmatched_a.join(" "),
        s.unmatched_b.join(" ")
    );
    if let Some(v) = s.veto {
        text.push_str(&format!("; veto {v:?}"));
    }
    text.push_str(&format!("; legal form {:?}, country {:?}, digits {:?}", s.legal_form, s.country, s.digits));
    text
}
