//! `namestd index build`: the registry index the service loads (`namestd-server --index`).

use crate::batch::{open_input, TableArgs};
use anyhow::{anyhow, Context, Result};
use namestd::lookup::{Applicant, LookupIndex, Variant};
use namestd::Kind;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

/// `namestd index ...`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Build a registry index from a table of applicant names.
    Build(BuildArgs),
}

/// Options of `namestd index build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Input table (rows of id, name, optional country and kind); `-` for stdin.
    pub input: PathBuf,
    /// The index file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Input format, when the extension does not say it.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<crate::format::Format>,
    /// Input columns. Rows sharing an id are one applicant with several name variants;
    /// without an id column, the names are clustered and each cluster is an applicant.
    #[command(flatten)]
    pub roles: crate::roles::RoleFlags,
    /// Clustering settings (without an id column).
    #[command(flatten)]
    pub tuning: super::Tuning,
    /// Text encoding of delimited and NDJSON input.
    #[arg(long, value_enum, default_value_t = crate::format::Encoding::Utf8)]
    pub encoding: crate::format::Encoding,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `namestd index ...`.
pub fn run(cmd: &Command) -> Result<()> {
    match cmd {
        Command::Build(args) => build(args),
    }
}

#[derive(Default)]
struct Gathered {
    variants: HashMap<String, u64>,
    countries: BTreeMap<String, u64>,
    kind: Option<Kind>,
}

fn table_args(args: &BuildArgs) -> TableArgs {
    use clap::Parser;
    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        t: TableArgs,
    }
    let mut t = Wrap::parse_from(["namestd", "-"]).t;
    t.input = args.input.clone();
    t.from = args.from;
    t.roles = args.roles.clone();
    t.encoding = args.encoding;
    t.quiet = true;
    t
}

fn build(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let (table, _spool) = super::cluster::replayable(&table_args(args))?;
    let (mut input, roles) = open_input(&table)?;
    let clusters = if roles.id.is_none() { Some(super::cluster::cluster_pass(&table, &args.tuning)?) } else { None };
    let mut by_id: BTreeMap<String, Gathered> = BTreeMap::new();
    let mut rows = 0u64;
    while let Some(batch) = input.next_batch().map_err(|e| anyhow!(e))? {
        let text = |i: usize| crate::input::text_column(&batch.frame, i).map_err(|e| anyhow!(e));
        let names = text(roles.name)?;
        let ids = roles.id.map(text).transpose()?;
        let countries = roles.country.map(text).transpose()?;
        let kinds = roles.kind.map(text).transpose()?;
        for row in 0..batch.frame.height() {
            rows += 1;
            let name = names.get(row).unwrap_or("").trim();
            if name.is_empty() {
                continue;
            }
            let country = countries.as_ref().and_then(|c| c.get(row)).unwrap_or("").trim();
            let id = match (&ids, &clusters) {
                (Some(ids), _) => ids.get(row).unwrap_or("").trim().to_string(),
                (None, Some(c)) => c
                    .map
                    .get(&(Box::<str>::from(names.get(row).unwrap_or("")), Box::<str>::from(country)))
                    .map(|f| f.id.to_string())
                    .unwrap_or_default(),
                (None, None) => String::new(),
            };
            if id.is_empty() {
                continue;
            }
            let g = by_id.entry(id).or_default();
            *g.variants.entry(name.to_string()).or_default() += 1;
            if !country.is_empty() {
                *g.countries.entry(country.to_string()).or_default() += 1;
            }
            if let Some(k) = kinds.as_ref().and_then(|k| k.get(row)).and_then(crate::enrich::parse_kind) {
                g.kind = Some(match k {
                    namestd::KindHint::Person => Kind::Person,
                    namestd::KindHint::Organization => Kind::Organization,
                });
            }
        }
    }
    let applicants: Vec<Applicant> = by_id
        .into_iter()
        .map(|(id, g)| {
            let mut variants: Vec<Variant> =
                g.variants.into_iter().map(|(name, count)| Variant { name, count }).collect();
            variants.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
            let country =
                g.countries.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse((*c).clone()))).map(|(c, _)| c.clone());
            Applicant { id, name: variants[0].name.clone(), variants, country, kind: g.kind, identifier: None }
        })
        .collect();
    let n = applicants.len();
    let index = LookupIndex::build(applicants);
    let bytes = index.to_bytes();
    crate::output::write_atomically(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    if !args.quiet {
        eprintln!(
            "namestd index build: {rows} rows, {n} applicants, {} names → {} ({} bytes) in {:.2} s",
            index.names(),
            args.output.display(),
            bytes.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
