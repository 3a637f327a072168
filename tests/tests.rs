//! Integration tests of the core library: one binary, a module per area.

mod cluster;
mod golden;
mod lookup;
mod properties;
mod quality;
mod regression;
