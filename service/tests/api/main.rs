//! Integration tests against the real server on port 0: every endpoint, every error
//! status, reconciliation shapes as OpenRefine sends them, limits, CORS, reload.

mod helpers;

mod applicants;
mod assess;
mod browser;
mod config;
mod errors;
mod hostile;
mod overload;
mod reconcile;
mod reload;
mod security;
mod service;
