//! `namestd_cli`: the library half of the `namestd` command line, the parts of the batch
//! tool that do no I/O of their own and can be tested and reused on their own.
//!
//! - [`report`]: the self-contained HTML report of a batch run (summary, charts drawn as
//!   inline SVG, largest clusters, worst records, errors) and the terminal summary printed
//!   at the end of a run.

pub mod report;
