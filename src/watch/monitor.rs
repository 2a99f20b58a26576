//! The watch monitor of `optout watch`: collects what the IMAP tasks
//! report ([`crate::imap::health`]), keeps each mailbox's watch state in
//! the database (for `status`), and puts the "optout cannot see this
//! mailbox" alert — once per episode — and the "watching again" alert into
//! the outbox, where every sink (log, desktop, hook) gets them.
//!
//! A task on the daemon's runtime; every read and write goes through the
//! store owner ([`StoreHandle`]), so a locked database delays only the
//! monitor, never the IMAP tasks, and no second connection writes.

use crate::config::{Config, UNWATCHABLE_WHILE_EXPECTING};
use crate::imap::health::{MailboxHealth, Reported, Reporter, Transition};
use crate::model::{Alert, AlertKind, State};
use crate::store::{ts, Store, StoreHandle};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;

/// How often thresholds are looked at.
const TICK: Duration = Duration::from_secs(1);
/// A last-sync time alone is written at most this often.
const SYNC_WRITE_EVERY: Duration = Duration::from_secs(15);
/// How long one read or write waits for a database another process has
/// locked (as a connection's busy timeout would); then it is given up.
const BUSY_WAIT: Duration = Duration::from_secs(10);
/// At the end, how long the last write may wait for a locked database.
const LAST_WRITE: Duration = Duration::from_millis(500);

/// Start the monitor; the IMAP tasks report to the returned [`Reporter`].
/// It ends when every reporter is gone (after writing what it holds).
/// `resumed` changes on every resume or network change (see
/// [`super::resume`]).
pub fn spawn(
    cfg: Arc<Config>,
    store: StoreHandle,
    alerts: Arc<Notify>,
    resumed: watch::Receiver<u64>,
) -> (Reporter, JoinHandle<()>) {
    let (tx, rx) = mpsc::unbounded_channel::<Reported>();
    let task = tokio::spawn(async move {
        if let Err(e) = run(cfg, &store, &alerts, rx, resumed).await {
            tracing::error!("the watch monitor stopped: {e:#}");
        }
    });
    (Reporter::new(tx), task)
}

async fn run(
    cfg: Arc<Config>,
    store: &StoreHandle,
    alerts: &Notify,
    mut rx: mpsc::UnboundedReceiver<Reported>,
    mut resumed: watch::Receiver<u64>,
) -> Result<()> {
    let names: Vec<String> = cfg.mailboxes.iter().map(|m| m.name.clone()).collect();
    let mut health: HashMap<String, MailboxHealth> = ask(store, BUSY_WAIT, move |s| {
        names
            .iter()
            .map(|n| Ok((n.clone(), s.watch_seed(n)?)))
            .collect()
    })
    .await?;
    let mut dirty: HashSet<String> = HashSet::new();
    let mut urgent = false;
    let mut written = Instant::now();
    let mut unsent: Vec<Alert> = Vec::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            r = rx.recv() => {
                let Some(r) = r else { break };
                urgent |= apply(&mut health, &mut dirty, r);
                while let Ok(r) = rx.try_recv() {
                    urgent |= apply(&mut health, &mut dirty, r);
                }
            }
            _ = tick.tick() => {}
        }
        let now = Utc::now();
        if resumed.has_changed().unwrap_or(false) {
            resumed.mark_unchanged();
            for h in health.values_mut() {
                h.resumed(now);
            }
        }
        for m in &cfg.mailboxes {
            let Some(h) = health.get_mut(&m.name) else {
                continue;
            };
            let normal = cfg.alerts.unwatchable_after;
            let threshold = if h.unwatchable_since().is_some() && h.alerted.is_none() {
                let (cfg, name) = (Arc::clone(&cfg), m.name.clone());
                ask(store, BUSY_WAIT, move |s| Ok(threshold(&cfg, s, &name)))
                    .await
                    .unwrap_or(normal)
            } else {
                normal
            };
            if let Some(t) = h.decide(now, threshold) {
                log(&m.name, &t);
                unsent.push(alert_for(&m.name, &t, now));
                dirty.insert(m.name.clone());
                urgent = true;
            }
        }
        if !unsent.is_empty() {
            // Into the outbox; kept for the next tick while it is locked.
            let alerts_now = unsent.clone();
            let r = ask(store, BUSY_WAIT, move |s| {
                let tx = s.transaction()?;
                for a in &alerts_now {
                    tx.enqueue_alert(a)?;
                }
                tx.commit()
            })
            .await;
            match r {
                Ok(()) => {
                    unsent.clear();
                    alerts.notify_one();
                }
                Err(e) => tracing::warn!("cannot put a watch alert into the outbox yet: {e:#}"),
            }
        }
        if !dirty.is_empty() && (urgent || written.elapsed() >= SYNC_WRITE_EVERY) {
            save(store, &health, dirty.drain().collect(), now, BUSY_WAIT).await;
            urgent = false;
            written = Instant::now();
        }
    }
    // The last word before exit; a database locked now keeps it unsaid.
    save(
        store,
        &health,
        dirty.into_iter().collect(),
        Utc::now(),
        LAST_WRITE,
    )
    .await;
    Ok(())
}

/// Write the watch state of the `dirty` mailboxes (a failure is logged:
/// the next change writes it again).
async fn save(
    store: &StoreHandle,
    health: &HashMap<String, MailboxHealth>,
    dirty: Vec<String>,
    now: DateTime<Utc>,
    bound: Duration,
) {
    let rows: Vec<(String, MailboxHealth)> = dirty
        .into_iter()
        .filter_map(|n| health.get(&n).map(|h| (n, h.clone())))
        .collect();
    let r = ask(store, bound, move |s| {
        for (name, h) in &rows {
            s.save_watch_state(name, h, now)?;
        }
        Ok(())
    })
    .await;
    if let Err(e) = r {
        tracing::warn!("cannot write the watch state: {e:#}");
    }
}

/// A job on the store thread, given up after `bound` (the job is then
/// abandoned: nothing of it committed).
async fn ask<R, F>(store: &StoreHandle, bound: Duration, f: F) -> Result<R>
where
    R: Send + 'static,
    F: FnMut(&mut Store) -> Result<R> + Send + 'static,
{
    tokio::time::timeout(bound, store.call(f))
        .await
        .map_err(|_| anyhow::anyhow!("the database stayed locked for {bound:?}"))?
}

/// Apply a report; true if it changed more than a sync time (a first
/// sync counts: `status` must show it).
fn apply(
    health: &mut HashMap<String, MailboxHealth>,
    dirty: &mut HashSet<String>,
    r: Reported,
) -> bool {
    let h = health.entry(r.mailbox.clone()).or_default();
    let before = shape(h);
    h.apply(r.at, &r.report);
    let changed =
        before != shape(h) || matches!(r.report, crate::imap::health::Report::Failed { .. });
    dirty.insert(r.mailbox);
    changed
}

/// Everything about a mailbox's state but the sync times.
fn shape(h: &MailboxHealth) -> impl PartialEq {
    let folders: Vec<_> = h
        .folders
        .iter()
        .map(|(n, f)| (n.clone(), f.mode, f.failure.clone(), f.last_sync.is_some()))
        .collect();
    (h.unwatchable_since(), h.refusals, h.alerted, folders)
}

/// The threshold for `mailbox` now: shorter while a code is expected on
/// one of its accounts (the person is at the form, waiting).
fn threshold(cfg: &Config, store: &Store, mailbox: &str) -> Duration {
    let normal = cfg.alerts.unwatchable_after;
    let expecting = store.accounts().is_ok_and(|rows| {
        rows.iter()
            .any(|r| r.mailbox == mailbox && r.tracked.state == State::AwaitingCode)
    });
    if expecting {
        normal.min(UNWATCHABLE_WHILE_EXPECTING)
    } else {
        normal
    }
}

/// The log line of a transition.
fn log(mailbox: &str, t: &Transition) {
    match t {
        Transition::Unwatchable { since, failure, .. } => tracing::warn!(
            mailbox,
            problem = failure.problem.as_str(),
            since = %ts(*since),
            "mailbox cannot be watched: {}",
            failure.message
        ),
        Transition::WatchingAgain { since } => {
            tracing::info!(mailbox, since = %ts(*since), "watching again")
        }
    }
}

/// A mailbox alert: `account` and `mailbox` are the mailbox's name (it is
/// about no one account), `detail` the problem, `since` the episode start.
pub fn alert_for(mailbox: &str, t: &Transition, now: DateTime<Utc>) -> Alert {
    let (kind, since, folder, detail) = match t {
        Transition::Unwatchable {
            since,
            folder,
            failure,
        } => (
            AlertKind::Unwatchable,
            *since,
            folder.clone(),
            Some(failure.problem.as_str().to_owned()),
        ),
        Transition::WatchingAgain { since } => (AlertKind::WatchingAgain, *since, None, None),
    };
    Alert {
        key: format!("{}:{mailbox}:{}", kind.as_str(), ts(since)),
        kind,
        account: mailbox.to_owned(),
        platform: String::new(),
        code: None,
        folder,
        mailbox: Some(mailbox.to_owned()),
        in_spam: false,
        unexpected: false,
        detail,
        since: Some(since),
        created_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Pipeline;
    use crate::tracker::Input;

    #[test]
    fn the_threshold_is_two_minutes_while_a_code_is_expected_on_the_mailbox() {
        let dir = tempfile::tempdir().unwrap();
        let text = "[[mailbox]]\nname = \"m\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nuser = \"u\"\npassword_env = \"X\"\n\n\
                    [[mailbox]]\nname = \"other\"\nhost = \"127.0.0.1\"\ntls = \"none\"\nuser = \"u\"\npassword_env = \"X\"\n\n\
                    [[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"m\"\n\n\
                    [alerts]\nunwatchable_after = \"10m\"\n";
        let cfg = Config::parse(text, &dir.path().join("c.toml")).unwrap();
        let pipeline = Pipeline::new(cfg.clone(), crate::classify::Classifier::builtin());
        let mut store = Store::open(&dir.path().join("o.db")).unwrap();
        store.sync_accounts(&cfg.accounts, Utc::now()).unwrap();
        let ten = Duration::from_secs(600);
        assert_eq!(threshold(&cfg, &store, "m"), ten);
        pipeline
            .command(&mut store, "fb", Input::ExpectCode, Utc::now())
            .unwrap();
        assert_eq!(threshold(&cfg, &store, "m"), UNWATCHABLE_WHILE_EXPECTING);
        assert_eq!(threshold(&cfg, &store, "other"), ten);
    }

    #[test]
    fn one_alert_key_per_episode() {
        let since = Utc::now();
        let t = Transition::WatchingAgain { since };
        let a = alert_for("gmx", &t, since);
        let b = alert_for("gmx", &t, since + chrono::Duration::minutes(3));
        assert_eq!(a.key, b.key);
        assert_eq!(
            (a.kind, a.account.as_str()),
            (AlertKind::WatchingAgain, "gmx")
        );
    }
}
