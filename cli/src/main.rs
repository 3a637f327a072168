//! `namestd`: the command line of the namestd applicant-name library.
//!
//! Exit codes: 0 success (a closed output pipe counts as success), 2 usage or I/O error.

mod cmd;
mod table;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Applicant-name standardization and clustering.
#[derive(Debug, Parser)]
#[command(name = "namestd", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Cluster a labelled CSV and score the clusters against the labels.
    Eval(cmd::eval::Args),
    /// Cluster the names of a CSV; write each row with `cluster_id` and `cluster_name`.
    Cluster(cmd::cluster::Args),
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
    let result = match &cli.command {
        Command::Eval(args) => cmd::eval::run(args),
        Command::Cluster(args) => cmd::cluster::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("namestd: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}
