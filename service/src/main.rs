//! `namestd-server`: settings from file, environment and flags, then serve.

use namestd_service::{Application, Settings};
use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("namestd-server: {e}");
            return ExitCode::from(2);
        }
    };
    let app = match Application::build(settings.clone()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("namestd-server: {e}");
            return ExitCode::from(2);
        }
    };
    let state = app.state();
    let info = state.index().map(|i| (i.source.clone(), i.index.applicants().len(), i.load_ms));
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
