//! pmc: the operator toolkit for the PimpMyCase store.

pub mod fixtures;
pub mod pg_cluster;
