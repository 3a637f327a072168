//! `namestd-server`: settings from file, environment and flags, then serve.

use clap::Parser;
use namestd_service::{Application, Settings};
use std::process::ExitCode;

// mimalloc rather than the system allocator: an index reload builds the new index on one
// thread and frees the old one on another, and glibc's per-thread arenas kept that memory
// (resident memory grew by about 6 MB per reload in the soak run; docs/robustness.md).
#[global_allocator]
static GLOBAL: namestd_alloc::MiMalloc = namestd_alloc::MiMalloc;

#[actix_web::main]
async fn main() -> ExitCode {
    let flags = namestd_service::configuration::Flags::parse();
    let write_index = flags.write_index.clone();
    let settings = match Settings::from_flags(flags) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("namestd-server: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(out) = write_index {
        return match namestd_service::state::load_index(&settings.index) {
            Ok(i) => match std::fs::write(&out, i.index.to_bytes()) {
                Ok(()) => {
                    eprintln!(
                        "namestd-server: wrote {} ({} applicants, {} names)",
                        out.display(),
                        i.index.applicant_count(),
                        i.index.names()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("namestd-server: {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            },
            Err(e) => {
                eprintln!("namestd-server: cannot load the lookup index: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let app = match Application::build(settings.clone()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("namestd-server: {e}");
            return ExitCode::from(2);
        }
    };
    let state = app.state();
    let info = state.index().map(|i| (i.source.clone(), i.index.applicant_count(), i.load_ms));
    eprintln!(
        "{}",
        serde_json::json!({"level": "info", "message": "listening", "host": settings.host, "port": app.port(), "index": info})
    );
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("namestd-server: {e}");
            ExitCode::FAILURE
        }
    }
}
