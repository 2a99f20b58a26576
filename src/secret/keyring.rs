//! The OS keyring: the Secret Service (GNOME Keyring, KWallet, KeePassXC)
//! on Linux and the BSDs, the Keychain on macOS, the Credential Manager on
//! Windows — each store picked here, explicitly, not by a default.
//!
//! Entries: service `optout` (passwords) or `optout-oauth2` (refresh
//! tokens), user `USER@HOST`, so that `secret-tool lookup service optout
//! username max@imap.gmx.net` finds the password too.

use crate::config::{Mailbox, Secret};
use std::sync::Arc;

/// What is kept for a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Password,
    /// OAuth2: the refresh token and the current access token (JSON).
    OAuth2,
}

impl Kind {
    fn service(self) -> &'static str {
        match self {
            Kind::Password => "optout",
            Kind::OAuth2 => "optout-oauth2",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// No keyring to talk to (a headless server: no Secret Service on the
    /// session bus, or no session bus at all).
    #[error("no keyring is available: {0}")]
    Unavailable(String),
    /// The keyring is there but locked, or refused access.
    #[error("the keyring is locked or refused access: {0}")]
    Locked(String),
    /// Nothing stored for this mailbox.
    #[error("the keyring holds nothing for {0}")]
    Missing(String),
    #[error("the keyring failed: {0}")]
    Failed(String),
}

/// The keyring user name of a mailbox: `USER@HOST`.
pub fn account_of(m: &Mailbox) -> String {
    format!("{}@{}", m.user, m.host)
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn store() -> Result<Arc<keyring_core::CredentialStore>, KeyringError> {
    // Connecting opens an encrypted session with the Secret Service: it
    // fails when there is no bus or nobody owns org.freedesktop.secrets.
    let s = dbus_secret_service_keyring_store::Store::new()
        .map_err(|e| KeyringError::Unavailable(e.to_string()))?;
    Ok(s)
}

#[cfg(target_os = "macos")]
fn store() -> Result<Arc<keyring_core::CredentialStore>, KeyringError> {
    let s = apple_native_keyring_store::keychain::Store::new()
        .map_err(|e| KeyringError::Unavailable(e.to_string()))?;
    Ok(s)
}

#[cfg(windows)]
fn store() -> Result<Arc<keyring_core::CredentialStore>, KeyringError> {
    let s = windows_native_keyring_store::Store::new()
        .map_err(|e| KeyringError::Unavailable(e.to_string()))?;
    Ok(s)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    windows
)))]
fn store() -> Result<Arc<keyring_core::CredentialStore>, KeyringError> {
    Err(KeyringError::Unavailable(
        "optout knows no keyring on this system".into(),
    ))
}

fn entry(m: &Mailbox, kind: Kind) -> Result<keyring_core::Entry, KeyringError> {
    let account = account_of(m);
    keyring_core::Entry::new_in_store(&store()?, kind.service(), &account)
        .map_err(|e| classify(e, &account))
}

fn classify(e: keyring_core::Error, account: &str) -> KeyringError {
    match e {
        keyring_core::Error::NoEntry => KeyringError::Missing(account.to_owned()),
        keyring_core::Error::NoStorageAccess(e) => KeyringError::Locked(e.to_string()),
        // No session bus, or nobody owns org.freedesktop.secrets: the
        // store connects lazily on some platforms, so a failure here may
        // still mean there is no keyring at all.
        keyring_core::Error::PlatformFailure(e) if no_service(&e.to_string()) => {
            KeyringError::Unavailable(e.to_string())
        }
        e => KeyringError::Failed(e.to_string()),
    }
}

fn no_service(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "serviceunknown",
        "not provided by any",
        "autolaunch",
        "no such file",
        "connection refused",
        "dbus_session_bus_address",
    ]
    .iter()
    .any(|s| m.contains(s))
}

/// The secret stored for `m`.
pub fn get(m: &Mailbox, kind: Kind) -> Result<Secret, KeyringError> {
    let account = account_of(m);
    entry(m, kind)?
        .get_password()
        .map(Secret::new)
        .map_err(|e| classify(e, &account))
}

/// Store (or replace) the secret for `m`.
pub fn set(m: &Mailbox, kind: Kind, secret: &Secret) -> Result<(), KeyringError> {
    let account = account_of(m);
    entry(m, kind)?
        .set_password(secret.expose())
        .map_err(|e| classify(e, &account))
}

/// Whether a keyring can be reached at all (before asking for a password).
pub fn available() -> Result<(), KeyringError> {
    store().map(|_| ())
}
