//! `optout watch`: every mailbox, every watched folder, into the pipeline;
//! alerts delivered by the alert task. One failing mailbox never stops the
//! others.

pub mod monitor;
pub mod resume;

use crate::alerts;
use crate::config::Mailbox;
use crate::imap;
use crate::imap::batch::StoreLink;
use crate::pipeline::{Pipeline, StoreTask};
use crate::store::{owner, Store, StoreHandle};
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// At the end, how long to wait for the store thread's last commit.
const STORE_FINISH: Duration = Duration::from_secs(1);

/// Open the store and start its owner thread: the handle is the alert
/// task's way to it, the link the IMAP stage's. The thread ends when the
/// last of them is dropped. `shutdown` `None`: commits are always waited
/// for (`--once`).
pub fn start_store(
    pipeline: &Arc<Pipeline>,
    store_path: &Path,
    shutdown: Option<watch::Receiver<bool>>,
) -> Result<(StoreHandle, StoreLink, owner::StoreThread)> {
    let (handle, thread) = owner::spawn(Store::open(store_path)?)?;
    let link = StoreTask::link(pipeline.clone(), handle.clone(), shutdown);
    Ok((handle, link, thread))
}

/// What a `--once` run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Mailboxes that failed, with the reason.
    pub failed: Vec<(String, String)>,
    pub mails: usize,
    pub recorded: usize,
}

/// Sync every folder of one mailbox once.
pub async fn sync_mailbox(
    m: &Mailbox,
    link: &StoreLink,
) -> Result<(usize, usize), imap::ImapError> {
    let mut conn = imap::connect(m).await?;
    let folders = imap::discover(&mut conn.session, m).await?;
    let (mut mails, mut recorded) = (0, 0);
    for folder in &folders {
        let sel = imap::sync::examine(&mut conn.session, m, folder).await?;
        let report =
            imap::sync::catch_up(&mut conn.session, m, folder, &sel, link, &|| false).await?;
        tracing::info!(mailbox = %m.name, folder = %folder.name, spam = folder.is_spam, mails = report.mails, recorded = report.recorded, "synced");
        mails += report.mails;
        recorded += report.recorded;
    }
    conn.logout().await;
    Ok((mails, recorded))
}

/// Sync every mailbox once, then fire due timed alerts and deliver the
/// outbox.
pub async fn run_once(pipeline: Arc<Pipeline>, store_path: &Path) -> Result<Outcome> {
    let (store, link, store_thread) = start_store(&pipeline, store_path, None)?;
    let mut outcome = Outcome::default();
    for m in &pipeline.config.mailboxes {
        match sync_mailbox(m, &link).await {
            Ok((mails, recorded)) => {
                outcome.mails += mails;
                outcome.recorded += recorded;
            }
            Err(e) => {
                tracing::error!("{e}");
                // Cause and remedy, as the person reads them.
                outcome
                    .failed
                    .push((m.name.clone(), e.explained(pipeline.config.alerts.lang())));
            }
        }
    }
    drop(link);
    let alerter = alerts::Alerter::from_config(&pipeline.config);
    alerts::process(&pipeline, &store, &alerter).await?;
    drop(store);
    store_thread.finish(STORE_FINISH).await;
    Ok(outcome)
}

/// The daemon: every mailbox watched by its own supervisor (IDLE where
/// the budget allows, polling otherwise), alerts delivered as they come,
/// until `shutdown` turns true. One failing mailbox never stops the others.
pub async fn run(
    pipeline: Arc<Pipeline>,
    store_path: &Path,
    shutdown: watch::Receiver<bool>,
) -> Result<()> {
    // The caller (`cli::watch`) holds the single-instance lock.
    // Notified after a commit that recorded something, and on a resume
    // (it re-plans the timed alerts from the wall clock).
    let wake = Arc::new(Notify::new());
    let (store, link, store_thread) = start_store(&pipeline, store_path, Some(shutdown.clone()))?;
    let mut tasks = tokio::task::JoinSet::new();
    // A resume or a network change: every connection again, at once, and
    // the alert task re-plans its timed alerts.
    let reconnect = resume::spawn_detector_with(Some(wake.clone()));
    // How each mailbox is watched: `status`, and the alert when one
    // cannot be.
    let (health, monitor) = monitor::spawn(
        Arc::new(pipeline.config.clone()),
        store.clone(),
        wake.clone(),
        reconnect.clone(),
    );
    let alerter = alerts::Alerter::from_config(&pipeline.config).until(shutdown.clone());
    tasks.spawn(alerts::run(
        pipeline.clone(),
        store,
        alerter,
        wake.clone(),
        shutdown.clone(),
    ));
    let ctx = imap::Ctx {
        link,
        wake: wake.clone(),
        shutdown,
        reconnect,
        health,
    };
    for m in &pipeline.config.mailboxes {
        let watcher = imap::watch_mailbox(m.clone(), ctx.clone());
        tasks.spawn(async move {
            watcher.await;
            Ok(())
        });
    }
    drop(ctx);
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    // Every reporter is gone: the monitor writes its last state and ends.
    let abort = monitor.abort_handle();
    if tokio::time::timeout(STORE_FINISH, monitor).await.is_err() {
        // Stuck behind a locked database: its store handle must go.
        abort.abort();
    }
    store_thread.finish(STORE_FINISH).await;
    Ok(())
}
