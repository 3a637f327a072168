//! Integration tests of the core library: one binary, a module per area.

mod golden;
mod properties;
mod quality;
mod regression;
