//! Integration tests: one binary, so the throwaway PostgreSQL cluster starts once per run.

mod backup;
mod cleanup;
mod cli;
mod common;
mod config;
mod db_size;
mod demo;
mod fixtures;
mod generated;
mod harness;
mod journal;
mod orders;
mod restore;
mod sql_files;
mod vacuum;
