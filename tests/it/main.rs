//! Integration tests: one binary, so the throwaway PostgreSQL cluster starts once per run.

mod common;
mod fixtures;
mod harness;
