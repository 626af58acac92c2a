//! proton-local: a local emulator of AWS Proton environment account connections.
//!
//! argv → `cli` → `commands` → `service` (the rules) → `store` (SQLite); the reply goes back
//! through `api` (the AWS shapes) to `output`.

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod output;
pub mod service;
pub mod store;
