//! The IMAP stage: connect (TLS, STARTTLS, or plain to loopback), log in,
//! find INBOX and the spam folder, and fetch new mail by UID — read-only:
//! EXAMINE and `BODY.PEEK[]`, never STORE, EXPUNGE, MOVE or CLOSE.

mod connect;
mod folders;
mod sync;

pub use connect::{connect, Session};
pub use folders::{discover, WatchedFolder};
pub use sync::sync_folder;

/// A failure that names the mailbox it happened to.
#[derive(Debug, thiserror::Error)]
#[error("mailbox \"{mailbox}\": {message}")]
pub struct ImapError {
    pub mailbox: String,
    pub message: String,
}
