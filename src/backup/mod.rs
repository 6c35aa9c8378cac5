//! Backups: the repository layout and the manifest shared by `backup`, `restore` and
//! `backup verify`.

pub mod import;
pub mod inventory;
pub mod make;
pub mod manifest;
pub mod pipeline;
pub mod repo;
pub mod retention;
pub mod verify;
