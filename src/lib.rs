//! proton-local: a local emulator of AWS Proton environment account connections and environment
//! templates.
//!
//! argv → `cli` → `commands` → `service` (the rules) → `store` (SQLite); the reply goes back
//! through `api` (the AWS shapes) to `output`. `server` answers the AWS JSON protocol with the
//! same `service`; `client` sends a command to such a server instead of opening a database.

pub mod api;
pub mod aws_config;
pub mod cli;
pub mod client;
pub mod commands;
pub mod completion;
pub mod config;
pub mod debug;
pub mod domain;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod output;
pub mod paramfile;
pub mod server;
pub mod service;
pub mod shapes;
pub mod store;
pub mod waiters;
