//! namestd: applicant name standardization.
//!
//! One name in, one [`StandardizedName`] out: the original kept, a cleaned and a standard
//! display form, the kind (organization / person) with its reason, the legal form
//! separated and typed (canonical abbreviation, generic class, ISO 20275 ELF codes,
//! jurisdictions, position), person name parts, comparison keys, scripts, and the steps
//! that fired.
//!
//! ```
//! use namestd::{NameInput, Standardizer};
//!
//! let std = Standardizer::default();
//! let s = std.standardize_input(&NameInput::new("Koninklijke Philips Electronics N.V.").country("NL"));
//! assert_eq!(s.core, "Koninklijke Philips Electronics");
//! assert_eq!(s.standard, "KONINKLIJKE PHILIPS ELECTRONICS NV");
//! let form = s.legal_form.unwrap();
//! assert_eq!(form.canonical, "NV");
//! assert_eq!(form.jurisdictions, vec!["NL"]);
//! ```
//!
//! Data-quality rules and a 0-100 score per applicant record are in [`quality`].
//!
//! The library does no I/O: it takes strings and returns values. Dictionaries are
//! embedded (compiled from `dictionaries/source/*.tsv`); an office adds its own legal
//! forms at run time with [`Dictionaries::with_extra_legal_forms`].

#![deny(missing_docs)]

pub mod clean;
pub mod cluster;
pub mod dictionary;
pub mod error;
pub mod keys;
pub mod legal_form;
pub mod lookup;
pub mod model;
pub mod person;
pub mod pipeline;
pub mod quality;
mod short_table;
pub mod standard;
pub mod word_index;
mod word_table;

pub use cluster::{ClusterInput, Clusterer, Clustering};
pub use dictionary::Dictionaries;
pub use error::{Error, ErrorKind, Result};
pub use model::{
    Aside, CountryCode, JurisdictionDecision, Keys, Kind, KindHint, KindReason, LegalForm, NameInput, PersonName,
    PersonOrder, Position, Script, SharedList, SharedStr, StandardizedName,
};
pub use pipeline::Standardizer;
pub use quality::{ApplicantRecord, Assessment, Issue, QualityChecker, QualityConfig, QualitySummary, Severity};

/// Standardizes one name with the embedded dictionaries and no hints.
pub fn standardize(name: &str) -> StandardizedName {
    Standardizer::default().standardize(name)
}
