//! The IMAP stage: connect (TLS, STARTTLS, or plain to loopback), log in,
//! find INBOX and the spam folder, fetch new mail by UID, and wait for more
//! in IDLE — read-only: EXAMINE and `BODY.PEEK[]`, never STORE, EXPUNGE,
//! MOVE or CLOSE.
//!
//! - [`connect`]: TLS, login, capabilities, the per-connection read timeout
//! - [`folders`]: which folders to watch
//! - [`sync`]: EXAMINE, cursor, first-sync search, batched fetch
//! - [`batch`]: what goes to the store owner, and the link to it
//! - [`idle`]: one IDLE round under our own deadline
//! - [`supervisor`]: per-mailbox tasks, connection budget, back-off
//! - [`probe`]: for `check`, whose authserv-id the newest INBOX mails carry
//! - `utf7`: folder names as the wire sends them (modified UTF-7) to text

pub mod batch;
pub mod connect;
pub mod error;
pub mod folders;
pub mod health;
pub mod idle;
pub mod probe;
pub mod socket;
pub mod supervisor;
pub mod sync;
mod utf7;

pub use connect::{connect, connect_with, Caps, Conn, Session};
pub use folders::{discover, WatchedFolder};
pub use probe::{survey_with_authserv, AuthservProbe};
pub use supervisor::{plan, survey, watch_mailbox, Ctx, Plan};

pub use error::{cert_line, ConnectFailure, ImapError, ImapErrorKind, Provider, TlsProblem};
