//! Shared test harness: a real Dovecot on loopback, and a small IMAP client
//! that APPENDs mail and reads flags the way a person's mail app would.
#![allow(dead_code)]

pub mod dovecot;
pub mod imap_client;
pub mod optout;
