//! The watch monitor of `optout watch`: collects what the IMAP tasks
//! report ([`crate::imap::health`]), keeps each mailbox's watch state in
//! the database (for `status`), and puts the "optout cannot see this
//! mailbox" alert — once per episode — and the "watching again" alert into
//! the outbox, where every sink (log, desktop, hook) gets them.
//!
//! Its own thread: its SQLite writes never stall the IMAP tasks.

use super::state;
use crate::config::{Config, UNWATCHABLE_WHILE_EXPECTING};
use crate::imap::health::{MailboxHealth, Reported, Reporter, Transition};
use crate::model::{Alert, AlertKind, State};
use crate::store::{ts, Store};
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};

/// How often thresholds are looked at.
const TICK: Duration = Duration::from_secs(1);
/// A last-sync time alone is written at most this often.
const SYNC_WRITE_EVERY: Duration = Duration::from_secs(15);

/// Start the monitor; the IMAP tasks report to the returned [`Reporter`].
/// It ends when every reporter is gone.
/// `resumed` changes on every resume or network change (see
/// [`super::resume`]).
pub fn spawn(
    cfg: Arc<Config>,
    store_path: PathBuf,
    alerts: Arc<Notify>,
    resumed: watch::Receiver<u64>,
) -> Reporter {
    let (tx, rx) = mpsc::channel::<Reported>();
    let spawned = std::thread::Builder::new()
        .name("watch-monitor".into())
        .spawn(move || {
            if let Err(e) = run(&cfg, &store_path, &alerts, rx, resumed) {
                tracing::error!("the watch monitor stopped: {e:#}");
            }
        });
    match spawned {
        Ok(_) => Reporter::new(tx),
        Err(e) => {
            tracing::error!("cannot start the watch monitor: {e}");
            Reporter::none()
        }
    }
}

fn run(
    cfg: &Config,
    store_path: &std::path::Path,
    alerts: &Notify,
    rx: mpsc::Receiver<Reported>,
    mut resumed: watch::Receiver<u64>,
) -> Result<()> {
    let store = Store::open(store_path)?;
    let mut db = state::open(store_path)?;
    let mut health: HashMap<String, MailboxHealth> = HashMap::new();
    for m in &cfg.mailboxes {
        health.insert(m.name.clone(), state::load_seed(&db, &m.name)?);
    }
    let mut dirty: HashSet<String> = HashSet::new();
    let mut urgent = false;
    let mut written = Instant::now();
    let mut store = store;
    loop {
        match rx.recv_timeout(TICK) {
            Ok(r) => {
                urgent |= apply(&mut health, &mut dirty, r);
                while let Ok(r) = rx.try_recv() {
                    urgent |= apply(&mut health, &mut dirty, r);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
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
            let threshold = if h.unwatchable_since().is_some() && h.alerted.is_none() {
                threshold(cfg, &store, &m.name)
            } else {
                cfg.alerts.unwatchable_after
            };
            if let Some(t) = h.decide(now, threshold) {
                raise(&mut store, &m.name, &t, now)?;
                alerts.notify_one();
                dirty.insert(m.name.clone());
                urgent = true;
            }
        }
        if !dirty.is_empty() && (urgent || written.elapsed() >= SYNC_WRITE_EVERY) {
            for name in dirty.drain() {
                if let Some(h) = health.get(&name) {
                    if let Err(e) = state::save(&mut db, &name, h, now) {
                        tracing::warn!(mailbox = %name, "cannot write the watch state: {e:#}");
                    }
                }
            }
            urgent = false;
            written = Instant::now();
        }
    }
    // The last word before exit.
    let now = Utc::now();
    for name in dirty {
        if let Some(h) = health.get(&name) {
            let _ = state::save(&mut db, &name, h, now);
        }
    }
    Ok(())
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

/// The alert for a transition, into the outbox (one per episode, by key).
fn raise(store: &mut Store, mailbox: &str, t: &Transition, now: DateTime<Utc>) -> Result<()> {
    let alert = alert_for(mailbox, t, now);
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
    let tx = store.transaction()?;
    tx.enqueue_alert(&alert)?;
    tx.commit()?;
    Ok(())
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
