//! What the IMAP stage hands over, and to whom: a [`FolderBatch`] (the
//! mail fetched from one folder and the cursor that goes with it) sent
//! through a [`StoreLink`] to the one owner of the store, which commits it
//! on its own thread and answers with what it committed ([`Committed`]).
//!
//! The IMAP stage knows neither the pipeline nor the store: the daemon's
//! top (`watch`) plugs in the implementation (`pipeline::StoreTask`). A
//! store locked by another process (a CLI `mark`) then delays only the
//! folder whose batch waits for its answer, never the other folders'
//! IDLE, nor the signal handling.

use crate::config::Mailbox;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use std::sync::Arc;

/// One mail as the IMAP stage fetched it.
#[derive(Debug, Clone)]
pub struct FetchedMail {
    pub uid: u32,
    pub raw: Vec<u8>,
    /// The server's INTERNALDATE (arrival), when known.
    pub arrived: Option<DateTime<Utc>>,
}

/// Where a folder's sync stands: fetch from `next_uid` next time, as long
/// as the folder's UIDVALIDITY is `uidvalidity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderCursor {
    pub uidvalidity: u32,
    pub next_uid: u32,
}

/// New mail of one folder, and the cursor to commit with it (in the same
/// transaction: at least once, nothing lost on a crash).
#[derive(Debug, Clone)]
pub struct FolderBatch {
    /// The `[[mailbox]]` name.
    pub mailbox: String,
    pub folder: String,
    /// The folder is the spam folder.
    pub in_spam: bool,
    pub mails: Vec<FetchedMail>,
    pub cursor: FolderCursor,
}

/// What the store owner committed for one batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Committed {
    /// The cursor now stored (`None` only in a sum of nothing).
    pub cursor: Option<FolderCursor>,
    pub mails: usize,
    /// New events recorded.
    pub recorded: usize,
    /// Mails already recorded before (a rescan, a replayed batch).
    pub duplicates: usize,
    /// Mails that could not be parsed (logged, skipped).
    pub malformed: usize,
    pub alerts: usize,
}

impl Committed {
    /// Add a later batch of the same folder.
    pub fn add(&mut self, later: Committed) {
        self.cursor = later.cursor.or(self.cursor);
        self.mails += later.mails;
        self.recorded += later.recorded;
        self.duplicates += later.duplicates;
        self.malformed += later.malformed;
        self.alerts += later.alerts;
    }
}

/// The other end of a [`StoreLink`]. Errors are one line, for the log.
pub trait Link: Send + Sync {
    /// The stored cursor of a folder.
    fn cursor<'a>(
        &'a self,
        mailbox: &'a str,
        folder: &'a str,
    ) -> BoxFuture<'a, Result<Option<FolderCursor>, String>>;
    /// Classify and commit a batch; resolves once it is committed.
    fn commit(&self, batch: FolderBatch) -> BoxFuture<'_, Result<Committed, String>>;
    /// The providers' sender domains (the first sync's server-side search).
    fn sender_domains(&self) -> Vec<String>;
    /// Whether a mail (perhaps only its beginning) is proof to fetch whole.
    fn keeps_whole(&self, mailbox: &Mailbox, raw: &[u8]) -> bool;
}

/// The IMAP stage's only way to the store.
pub type StoreLink = Arc<dyn Link>;
