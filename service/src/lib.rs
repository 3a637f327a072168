//! namestd HTTP service: real-time applicant lookup during filing, name standardization,
//! the legal-form dictionary and the W3C Reconciliation API 0.2 for OpenRefine.
//!
//! A library plus a thin `main`: [`startup::Application::build`] binds a listener (port
//! 0 allowed) and exposes [`startup::Application::port`], so tests run the real server.
//! Handlers are thin adapters over the core `namestd` crate ([`namestd::lookup`] for the
//! lookup index); CPU work runs in `web::block`. See `README.md` for the endpoints.

#![deny(missing_docs)]

pub mod configuration;
pub mod error;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod state;

pub use configuration::{IndexSource, Settings};
pub use error::{ApiError, ErrorCode};
pub use startup::Application;
