//! Backups: the repository layout and the manifest shared by `backup`, `restore` and
//! `backup verify`.

pub mod manifest;
pub mod repo;
