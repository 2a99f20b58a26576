//! The store end of the IMAP stage's [`StoreLink`]: DKIM on the calling
//! task (it may ask DNS, and folders verify side by side), then parse,
//! classify and commit on the store thread ([`StoreHandle`]), in one
//! transaction with the cursor.

use super::{FolderBatch, Pipeline};
use crate::config::Mailbox;
use crate::imap::batch::{self, Committed, FolderCursor, Link};
use crate::store::{Store, StoreHandle};
use chrono::Utc;
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// After shutdown, how long a batch already handed over may still take to
/// commit; then its caller stops waiting (the mail is fetched again at the
/// next start).
pub const COMMIT_GRACE: Duration = Duration::from_millis(700);

pub struct StoreTask {
    pipeline: Arc<Pipeline>,
    store: StoreHandle,
    shutdown: Option<watch::Receiver<bool>>,
}

impl StoreTask {
    /// `shutdown`: the daemon's; `None` waits for every commit (`--once`).
    pub fn link(
        pipeline: Arc<Pipeline>,
        store: StoreHandle,
        shutdown: Option<watch::Receiver<bool>>,
    ) -> batch::StoreLink {
        Arc::new(StoreTask {
            pipeline,
            store,
            shutdown,
        })
    }

    /// Wait for `f`, or until shortly after shutdown.
    async fn answer<R>(
        &self,
        f: impl std::future::Future<Output = anyhow::Result<R>>,
    ) -> Result<R, String> {
        let stopping = async {
            match self.shutdown.clone() {
                Some(mut rx) => {
                    let _ = rx.wait_for(|s| *s).await;
                    tokio::time::sleep(COMMIT_GRACE).await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            r = f => r.map_err(|e| format!("{e:#}")),
            _ = stopping => Err("shutting down: not committed, fetched again at the next start".into()),
        }
    }
}

impl Link for StoreTask {
    fn cursor<'a>(
        &'a self,
        mailbox: &'a str,
        folder: &'a str,
    ) -> BoxFuture<'a, Result<Option<FolderCursor>, String>> {
        let (mailbox, folder) = (mailbox.to_owned(), folder.to_owned());
        Box::pin(self.answer(self.store.call(move |s: &mut Store| {
            Ok(s.cursor(&mailbox, &folder)?.map(|c| FolderCursor {
                uidvalidity: c.uidvalidity,
                next_uid: c.next_uid,
            }))
        })))
    }

    fn commit(&self, mut b: batch::FolderBatch) -> BoxFuture<'_, Result<Committed, String>> {
        Box::pin(async move {
            let pipeline = self.pipeline.clone();
            let Some(idx) = pipeline
                .config
                .mailboxes
                .iter()
                .position(|m| m.name == b.mailbox)
            else {
                return Err(format!("no [[mailbox]] \"{}\" in the config", b.mailbox));
            };
            // DKIM (may ask DNS) before, and outside, the store transaction.
            let verdicts = {
                let v = FolderBatch {
                    mailbox: &pipeline.config.mailboxes[idx],
                    folder: &b.folder,
                    in_spam: b.in_spam,
                    uidvalidity: b.cursor.uidvalidity,
                    mails: std::mem::take(&mut b.mails),
                    next_uid: b.cursor.next_uid,
                };
                let verdicts = pipeline.verify_batch(&v).await;
                b.mails = v.mails;
                verdicts
            };
            let cursor = b.cursor;
            let job = move |store: &mut Store| {
                let v = FolderBatch {
                    mailbox: &pipeline.config.mailboxes[idx],
                    folder: &b.folder,
                    in_spam: b.in_spam,
                    uidvalidity: b.cursor.uidvalidity,
                    mails: std::mem::take(&mut b.mails),
                    next_uid: b.cursor.next_uid,
                };
                let r = pipeline.commit_verified(store, &v, &verdicts, Utc::now());
                b.mails = v.mails;
                r
            };
            let report = self.answer(self.store.call(job)).await?;
            Ok(Committed {
                cursor: Some(cursor),
                mails: report.mails,
                recorded: report.recorded.len(),
                duplicates: report.duplicates,
                malformed: report.malformed,
                alerts: report.alerts,
            })
        })
    }

    fn sender_domains(&self) -> Vec<String> {
        self.pipeline.classifier.sender_domains()
    }

    fn keeps_whole(&self, mailbox: &Mailbox, raw: &[u8]) -> bool {
        self.pipeline.keeps_whole(mailbox, raw)
    }
}
