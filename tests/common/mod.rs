//! Shared test harness: a real Dovecot, Cyrus or Courier on loopback, and a small IMAP client
//! that APPENDs mail and reads flags the way a person's mail app would; a
//! private D-Bus session bus with a recording notification server; a real
//! DNS server (dnsmasq) serving DKIM test keys, and test keys to sign with.
#![allow(dead_code)]

pub mod bus;
pub mod courier;
pub mod cyrus;
pub mod dkim;
pub mod dnsmasq;
pub mod dovecot;
pub mod http_files;
pub mod imap_client;
pub mod keyring;
pub mod oauth2;
pub mod oidc;
pub mod optout;
pub mod proxy;
pub mod servers;
pub mod tmux;
