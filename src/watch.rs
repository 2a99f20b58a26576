//! `optout watch`: every mailbox, every watched folder, into the pipeline;
//! alerts delivered by the alert task. One failing mailbox never stops the
//! others.

pub mod monitor;
pub mod resume;
pub mod state;

use crate::alerts;
use crate::config::Mailbox;
use crate::imap;
use crate::pipeline::Pipeline;
use crate::store::Store;
use anyhow::Result;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

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
    pipeline: &Pipeline,
    store: &mut Store,
) -> Result<(usize, usize), imap::ImapError> {
    let mut conn = imap::connect(m).await?;
    let folders = imap::discover(&mut conn.session, m).await?;
    let (mut mails, mut recorded) = (0, 0);
    for folder in &folders {
        let sel = imap::sync::examine(&mut conn.session, m, folder).await?;
        let report =
            imap::sync::catch_up(&mut conn.session, m, folder, &sel, pipeline, store, &|| {
                false
            })
            .await?;
        tracing::info!(mailbox = %m.name, folder = %folder.name, spam = folder.is_spam, mails = report.mails, recorded = report.recorded.len(), "synced");
        mails += report.mails;
        recorded += report.recorded.len();
    }
    conn.logout().await;
    Ok((mails, recorded))
}

/// Sync every mailbox once, then fire due timed alerts and deliver the
/// outbox.
pub async fn run_once(pipeline: Arc<Pipeline>, store_path: &Path) -> Result<Outcome> {
    let mut store = Store::open(store_path)?;
    let mut outcome = Outcome::default();
    for m in &pipeline.config.mailboxes {
        match sync_mailbox(m, &pipeline, &mut store).await {
            Ok((mails, recorded)) => {
                outcome.mails += mails;
                outcome.recorded += recorded;
            }
            Err(e) => {
                tracing::error!("{e}");
                outcome.failed.push((m.name.clone(), e.message));
            }
        }
    }
    let alerter = alerts::Alerter::from_config(&pipeline.config);
    alerts::process(&pipeline, &mut store, &alerter).await?;
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
    let wake = Arc::new(Notify::new());
    let mut tasks = tokio::task::JoinSet::new();
    tasks.spawn(alerts::run(
        pipeline.clone(),
        store_path.to_owned(),
        wake.clone(),
        shutdown.clone(),
    ));
    // A resume or a network change: every connection again, at once, and
    // the alert task re-plans its timed alerts.
    let reconnect = resume::spawn_detector_with(Some(wake.clone()));
    // How each mailbox is watched: `status`, and the alert when one
    // cannot be.
    let health = monitor::spawn(
        Arc::new(pipeline.config.clone()),
        store_path.to_owned(),
        wake.clone(),
        reconnect.clone(),
    );
    let ctx = imap::Ctx {
        pipeline: pipeline.clone(),
        store_path: store_path.to_owned(),
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
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}
