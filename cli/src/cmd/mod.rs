//! One module per subcommand, each with its clap `Args` and a `run`.

pub mod cluster;
pub mod eval;
