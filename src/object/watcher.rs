//! The one place `optout object` couples to the watcher of `optout watch`:
//! [`watch_one_mailbox`] runs the same supervisor, pipeline and alert task
//! for one mailbox, so that what it commits is exactly what `watch` would
//! have committed (a later `watch` finds nothing twice, the outbox decides
//! which sink still has to deliver). When the watcher's entry points
//! change, only this file changes.

use super::view::{FolderState, How, Watching};
use crate::alerts;
use crate::config::Mailbox;
use crate::imap;
use crate::pipeline::Pipeline;
use anyhow::Result;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

/// Watch mailbox `m` (INBOX and spam, IDLE where the budget allows) and
/// deliver alerts, until `shutdown` turns true; then deliver what is still
/// in the outbox. `report` gets the folders and how each is watched.
/// The caller holds the watcher lock of the database.
pub async fn watch_one_mailbox(
    pipeline: Arc<Pipeline>,
    m: Mailbox,
    shutdown: watch::Receiver<bool>,
    report: watch::Sender<Watching>,
) -> Result<()> {
    let store_path = pipeline.config.store_path();
    let wake = Arc::new(Notify::new());
    let (store, link, store_thread) =
        crate::watch::start_store(&pipeline, &store_path, Some(shutdown.clone()))?;
    let alert_task = tokio::spawn(alerts::run(
        pipeline.clone(),
        store.clone(),
        alerts::Alerter::from_config(&pipeline.config).until(shutdown.clone()),
        wake.clone(),
        shutdown.clone(),
    ));
    let ctx = imap::Ctx {
        link,
        wake,
        shutdown: shutdown.clone(),
        reconnect: crate::watch::resume::spawn_detector(),
        health: imap::health::Reporter::none(),
    };
    let watcher = tokio::spawn(imap::watch_mailbox(m.clone(), ctx));
    // For the status line: the folders and the plan the supervisor makes
    // from the same survey (one short extra login).
    let mut stop = shutdown.clone();
    let surveyed = tokio::select! {
        r = imap::survey(&m) => Some(r),
        _ = stop.changed() => None,
    };
    match surveyed {
        Some(Ok((folders, caps))) => {
            let plan = imap::plan(folders, m.connections, caps.has("IDLE"));
            let every_secs = m.poll_interval.as_secs();
            let folders = plan
                .idle
                .iter()
                .map(|f| (f, How::Idle))
                .chain(plan.polled.iter().map(|f| (f, How::Polled { every_secs })))
                .map(|(f, how)| FolderState {
                    name: f.name.clone(),
                    spam: f.is_spam,
                    how,
                })
                .collect();
            report.send_replace(Watching {
                folders,
                ..Default::default()
            });
        }
        Some(Err(e)) => {
            report.send_replace(Watching {
                error: Some(e.message),
                ..Default::default()
            });
        }
        None => {}
    }
    let _ = watcher.await;
    alert_task.await??;
    // The last commit's alerts (the code) are delivered before we go.
    alerts::process(
        &pipeline,
        &store,
        &alerts::Alerter::from_config(&pipeline.config),
    )
    .await?;
    drop(store);
    store_thread.finish(std::time::Duration::from_secs(1)).await;
    Ok(())
}
