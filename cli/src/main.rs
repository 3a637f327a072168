//! `namestd`: the command line of the namestd applicant-name library.
//!
//! Exit codes: 0 success (a closed output pipe counts as success), 1 rows rejected
//! (`--on-error stop`) or flagged under `--fail-on`, 2 usage or I/O error.

use clap::{Parser, Subcommand};
use namestd_cli::batch::Rejected;
use namestd_cli::cmd;
use std::process::ExitCode;

// mimalloc rather than the system allocator: the row pass allocates and frees many small
// strings on several threads, where glibc's allocator spent about a tenth of the CPU time
// (free-list consolidation) in a 10^7-row `standardize` (perf).
#[global_allocator]
static GLOBAL: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

/// Applicant-name standardization, quality scoring and clustering for whole tables.
#[derive(Debug, Parser)]
#[command(name = "namestd", version, about, propagate_version = true)]
struct Cli {
    /// Worker threads [default: all cores].
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Standardize, score and cluster every row, with a summary and an optional report (the main job).
    Run(cmd::run::Args),
    /// Add the standardized columns to every row.
    Standardize(cmd::standardize::Args),
    /// Add the quality score and issues to every row.
    Quality(cmd::quality::Args),
    /// Add the cluster id and canonical name to every row.
    Cluster(cmd::cluster::Args),
    /// Build the registry index the service loads.
    #[command(subcommand)]
    Index(cmd::index::Command),
    /// Look up and list legal forms.
    #[command(subcommand)]
    Dict(cmd::dict::Command),
    /// Cluster a labelled CSV and score the clusters against the labels.
    Eval(cmd::eval::Args),
}

fn main() -> ExitCode {
    // One line per internal panic (the library recovers from pipeline panics per name).
    std::panic::set_hook(Box::new(|info| eprintln!("namestd: internal error: {info}")));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage_error = e.use_stderr();
            let _ = e.print();
            return if usage_error { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    if let Some(n) = cli.threads {
        if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global() {
            eprintln!("namestd: error: cannot start {n} threads: {e}");
            return ExitCode::from(2);
        }
    }
    let result = match &cli.command {
        Command::Run(args) => cmd::run::run(args).map(|f| f.flagged),
        Command::Standardize(args) => cmd::standardize::run(args).map(|f| f.flagged),
        Command::Quality(args) => cmd::quality::run(args).map(|f| f.flagged),
        Command::Cluster(args) => cmd::cluster::run(args).map(|f| f.flagged),
        Command::Index(c) => cmd::index::run(c).map(|()| None),
        Command::Dict(c) => cmd::dict::run(c).map(|()| None),
        Command::Eval(args) => cmd::eval::run(args).map(|()| None),
    };
    match result {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(why)) => {
            eprintln!("namestd: exit code 1 (--fail-on): {why}");
            ExitCode::from(1)
        }
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<Rejected>().is_some() => {
            eprintln!("namestd: error: {err:#} (--on-error stop; nothing was written)");
            ExitCode::from(1)
        }
        Err(err) => {
            eprintln!("namestd: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<namestd_cli::output::OutputError>()
                .is_some_and(|e| e.io_kind == Some(std::io::ErrorKind::BrokenPipe) || e.reason.contains("Broken pipe"))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}
