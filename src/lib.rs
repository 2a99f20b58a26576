//! optout: track GDPR Art. 21 objections to AI training by watching the
//! person's mailboxes.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! imap (fetch, read-only) -> mail (parse MIME) -> verify (DKIM, here)
//!     -> classify (rules)
//!     -> tracker (pure state machine) -> store (SQLite, one transaction)
//!     -> alerts (desktop, command hook, log)
//! ```
//!
//! [`pipeline`] ties mail, classify, tracker and store together; [`cli`]
//! is the command line.

pub mod alerts;
pub mod classify;
pub mod cli;
pub mod clock;
pub mod config;
pub mod discover;
pub mod dns;
pub mod imap;
pub mod init;
pub mod lock;
pub mod login;
pub mod mail;
pub mod model;
pub mod object;
pub mod pipeline;
pub mod secret;
pub mod service;
pub mod store;
pub mod text;
pub mod tracker;
pub mod verify;
pub mod watch;
