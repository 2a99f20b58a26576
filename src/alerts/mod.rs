//! The alerts stage: the outbox in the store -> every sink (desktop, command
//! hook, log). A sink that fails never stops the watcher; an alert is marked
//! delivered per sink, so a restart retries only the sinks that had not
//! succeeded (at-least-once, one alert per cause).
//!
//! FOUNDATION: only the log sink so far; the alerts issue adds the desktop
//! and command-hook sinks and the texts.

use crate::config::Config;
use crate::model::Alert;
use crate::pipeline::Pipeline;
use crate::store::Store;
use anyhow::Result;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

/// Somewhere an alert can go.
pub trait Sink: Send + Sync {
    /// A stable name: recorded per delivered alert.
    fn name(&self) -> &'static str;
    /// Deliver one alert; an error is logged and retried on the next start.
    fn deliver<'a>(&'a self, alert: &'a Alert) -> BoxFuture<'a, Result<(), String>>;
}

/// Writes every alert to the log (stderr / journald). Never fails.
pub struct LogSink;

impl Sink for LogSink {
    fn name(&self) -> &'static str {
        "log"
    }
    fn deliver<'a>(&'a self, alert: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            tracing::info!(
                kind = %alert.kind,
                account = %alert.account,
                folder = alert.folder.as_deref().unwrap_or("-"),
                unexpected = alert.unexpected,
                "alert"
            );
            Ok(())
        })
    }
}

/// All configured sinks.
pub struct Alerter {
    sinks: Vec<Box<dyn Sink>>,
}

impl Alerter {
    pub fn from_config(_cfg: &Config) -> Alerter {
        Alerter {
            sinks: vec![Box::new(LogSink)],
        }
    }

    pub fn with_sinks(sinks: Vec<Box<dyn Sink>>) -> Alerter {
        Alerter { sinks }
    }

    /// Deliver every pending alert to every sink that has not delivered it
    /// yet. Returns how many alerts were completed.
    pub async fn deliver_pending(&self, store: &mut Store) -> Result<usize> {
        let mut done = 0;
        for pending in store.pending_alerts()? {
            let mut all_ok = true;
            for sink in &self.sinks {
                if pending.delivered_to.iter().any(|s| s == sink.name()) {
                    continue;
                }
                match sink.deliver(&pending.alert).await {
                    Ok(()) => store.mark_sink_delivered(pending.id, sink.name(), Utc::now())?,
                    Err(e) => {
                        all_ok = false;
                        tracing::warn!(sink = sink.name(), alert = %pending.alert.key, "alert not delivered: {e}");
                    }
                }
            }
            if all_ok {
                store.mark_alert_delivered(pending.id, Utc::now())?;
                done += 1;
            }
        }
        Ok(done)
    }
}

/// Put the timed alerts that are due into the outbox and deliver the
/// outbox. Returns when the next timed alert falls due.
pub async fn process(
    pipeline: &Pipeline,
    store: &mut Store,
    alerter: &Alerter,
) -> Result<Option<DateTime<Utc>>> {
    let (_, next_due) = pipeline.enqueue_due_timed_alerts(store, Utc::now())?;
    alerter.deliver_pending(store).await?;
    Ok(next_due)
}

/// The alert task of `optout watch`: processes the outbox at start, when
/// `wake` is notified (new mail committed alerts), and when the next timed
/// alert falls due — it sleeps until then, it does not poll the clock.
/// Ends when `shutdown` turns true.
pub async fn run(
    pipeline: Arc<Pipeline>,
    store_path: PathBuf,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<()> {
    let mut store = Store::open(&store_path)?;
    let alerter = Alerter::from_config(&pipeline.config);
    loop {
        let next_due = match process(&pipeline, &mut store, &alerter).await {
            Ok(n) => n,
            Err(e) => {
                tracing::error!("alerts: {e:#}");
                Some(Utc::now() + chrono::Duration::seconds(30))
            }
        };
        let sleep = next_due
            .map(|t| (t - Utc::now()).to_std().unwrap_or_default())
            .unwrap_or(std::time::Duration::from_secs(24 * 3600));
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(sleep) => {}
            _ = shutdown.changed() => return Ok(()),
        }
        if *shutdown.borrow() {
            return Ok(());
        }
    }
}
