//! The alerts stage: the outbox in the store -> every sink (log, desktop,
//! command hook). A sink that fails never stops the watcher.
//!
//! Delivery guarantee: an alert is written to the outbox in the same
//! transaction as the state change that raised it. Each sink's success is
//! recorded on its own (`alert_delivery`), right after that sink ran; the
//! alert is closed once every sink has delivered it. A process killed in
//! between delivers the rest after its restart: every sink that had
//! succeeded is skipped, the others run (at-least-once per sink — a sink
//! killed mid-run may run again — and one alert per cause, by key).
//!
//! Failure policy: a failed sink is retried with backoff (1 min, doubling,
//! at most 1 h; at once after a restart) while the alert is younger than
//! [`GIVE_UP_AFTER`] (24 h). After that the alert is closed with a warning
//! naming the sinks that never delivered it, so the outbox cannot grow
//! without bound (no desktop session for days, a hook that always fails),
//! and no alert is dropped before every sink had its chances. The desktop
//! sink warns once per outage, not once per alert, and after one failure it
//! is skipped for the rest of a pass ([`Sink::fails_together`]).
//!
//! Wake-up: [`run`] sleeps until the next timed alert falls due or the next
//! retry, or until woken by the watcher (`wake`). `expect-code` and `mark`
//! run in other processes: every [`DB_CHECK_INTERVAL`] the task reads
//! SQLite's `PRAGMA data_version` (one cheap read, no write) and processes
//! again when another connection has committed.
//!
//! Time: timed alerts are planned from the wall clock ([`crate::clock`]),
//! not from tokio's monotonic timers, which stand still during a suspend:
//! every [`DB_CHECK_INTERVAL`] the task also compares the wall clock with
//! the next due time, so a `code_overdue` due during a suspend fires within
//! that interval of the resume. Whoever notices a resume sooner (the IMAP
//! supervisor) calls `wake.notify_one()`: that re-plans at once.
//!
//! Shutdown: the task stops between alerts (and between sinks); a sink
//! already running gets [`SHUTDOWN_GRACE`], then it is dropped (the hook's
//! process group is killed). What was not delivered stays in the outbox
//! for the next start. The store is the store thread's
//! ([`crate::store::StoreHandle`]): a database locked by another process
//! never blocks the runtime.

pub mod desktop;
pub mod hook;
pub mod text;
pub mod watch_text;

use crate::clock::{self, SharedClock};
use crate::config::Config;
use crate::model::Alert;
use crate::pipeline::Pipeline;
use crate::store::StoreHandle;
use anyhow::Result;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// An alert that some sink could not deliver for this long is closed.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 3600);
/// How often the alert task looks whether another process wrote the
/// database (`PRAGMA data_version`).
pub const DB_CHECK_INTERVAL: Duration = Duration::from_secs(2);
/// After shutdown, how long a sink already running may still take.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);
const RETRY_FIRST: Duration = Duration::from_secs(60);
const RETRY_MAX: Duration = Duration::from_secs(3600);

/// Somewhere an alert can go.
pub trait Sink: Send + Sync {
    /// A stable name: recorded per delivered alert.
    fn name(&self) -> &'static str;
    /// Deliver one alert; an error is logged and retried on the next start.
    fn deliver<'a>(&'a self, alert: &'a Alert) -> BoxFuture<'a, Result<(), String>>;
    /// A failure means the sink is down for every alert (the desktop: no
    /// bus, or a server that hangs): after one failure the rest of this
    /// pass skips it (and waits for its retry) instead of paying the
    /// timeout once per alert.
    fn fails_together(&self) -> bool {
        false
    }
}

/// Writes every alert to the log (stderr / journald). Never fails. The code
/// itself is left out of the log: `optout status` shows it.
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
                spam = alert.in_spam,
                unexpected = alert.unexpected,
                "alert"
            );
            Ok(())
        })
    }
}

/// When a failed sink may try an alert again (in memory: a restart retries
/// at once).
#[derive(Debug, Clone, Copy)]
struct Retry {
    failures: u32,
    next: DateTime<Utc>,
}

/// All configured sinks.
pub struct Alerter {
    sinks: Vec<Box<dyn Sink>>,
    retries: Mutex<HashMap<(i64, &'static str), Retry>>,
    clock: SharedClock,
    shutdown: Option<watch::Receiver<bool>>,
}

impl Alerter {
    /// The log sink always; the desktop when `desktop = true`; the hook when
    /// `command` is set.
    pub fn from_config(cfg: &Config) -> Alerter {
        let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(LogSink)];
        if cfg.alerts.desktop {
            sinks.push(Box::new(desktop::DesktopSink::new(cfg.alerts.lang())));
        }
        if let Some(hook) = hook::CommandSink::from_config(cfg) {
            sinks.push(Box::new(hook));
        }
        Alerter::with_sinks(sinks)
    }

    pub fn with_sinks(sinks: Vec<Box<dyn Sink>>) -> Alerter {
        Alerter {
            sinks,
            retries: Mutex::new(HashMap::new()),
            clock: clock::system(),
            shutdown: None,
        }
    }

    /// Plan and stamp with `clock` instead of the system's.
    pub fn with_clock(mut self, clock: SharedClock) -> Alerter {
        self.clock = clock;
        self
    }

    /// Stop delivering when `shutdown` turns true (see the module docs).
    pub fn until(mut self, shutdown: watch::Receiver<bool>) -> Alerter {
        self.shutdown = Some(shutdown);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn stopping(&self) -> bool {
        self.shutdown.as_ref().is_some_and(|rx| *rx.borrow())
    }

    /// Resolves [`SHUTDOWN_GRACE`] after shutdown began (never without).
    async fn past_grace(&self) {
        match self.shutdown.clone() {
            Some(mut rx) => {
                if rx.wait_for(|s| *s).await.is_err() {
                    std::future::pending::<()>().await;
                }
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            }
            None => std::future::pending().await,
        }
    }

    /// The names of the sinks, in delivery order.
    pub fn sink_names(&self) -> Vec<&'static str> {
        self.sinks.iter().map(|s| s.name()).collect()
    }

    /// The earliest time a failed delivery may be retried.
    pub fn next_retry(&self) -> Option<DateTime<Utc>> {
        let retries = self.retries.lock().unwrap_or_else(|e| e.into_inner());
        retries.values().map(|r| r.next).min()
    }

    /// Deliver every pending alert to every sink that has not delivered it
    /// yet (and is not waiting for its retry). Returns how many alerts were
    /// closed.
    pub async fn deliver_pending(&self, store: &StoreHandle) -> Result<usize> {
        let mut done = 0;
        let mut down: Vec<&'static str> = Vec::new();
        for pending in store.call(|s| s.pending_alerts()).await? {
            let now = self.now();
            let mut missing = Vec::new();
            for sink in &self.sinks {
                if self.stopping() {
                    // The rest stays in the outbox for the next start.
                    return Ok(done);
                }
                let name = sink.name();
                if pending.delivered_to.iter().any(|s| s == name) {
                    continue;
                }
                let key = (pending.id, name);
                let waiting = self.retry(key).is_some_and(|r| r.next > now);
                if waiting {
                    missing.push(name);
                    continue;
                }
                if down.contains(&name) {
                    missing.push(name);
                    self.failed(key, now);
                    continue;
                }
                let delivered = tokio::select! {
                    r = sink.deliver(&pending.alert) => r,
                    // Dropping the delivery ends it (the hook's group is killed).
                    _ = self.past_grace() => {
                        tracing::info!(sink = name, alert = %pending.alert.key,
                            "shutting down: delivery cut short; it is retried at the next start");
                        return Ok(done);
                    }
                };
                match delivered {
                    Ok(()) => {
                        let (id, at) = (pending.id, self.now());
                        store
                            .call(move |s| s.mark_sink_delivered(id, name, at))
                            .await?;
                        self.forget(key);
                    }
                    Err(e) => {
                        // The sink has said why (once); this is the detail.
                        tracing::debug!(sink = name, alert = %pending.alert.key, "alert not delivered: {e}");
                        missing.push(name);
                        self.failed(key, self.now());
                        if sink.fails_together() {
                            down.push(name);
                        }
                    }
                }
            }
            let age = (now - pending.alert.created_at)
                .to_std()
                .unwrap_or_default();
            let (id, at) = (pending.id, self.now());
            if missing.is_empty() {
                store.call(move |s| s.mark_alert_delivered(id, at)).await?;
                done += 1;
            } else if age >= GIVE_UP_AFTER {
                tracing::warn!(
                    alert = %pending.alert.kind,
                    account = %pending.alert.account,
                    "giving up on an alert from {} ago: never delivered by {}",
                    humantime::format_duration(Duration::from_secs(age.as_secs())),
                    missing.join(", ")
                );
                store.call(move |s| s.mark_alert_delivered(id, at)).await?;
                for name in missing {
                    self.forget((pending.id, name));
                }
                done += 1;
            }
        }
        Ok(done)
    }

    fn retry(&self, key: (i64, &'static str)) -> Option<Retry> {
        let retries = self.retries.lock().unwrap_or_else(|e| e.into_inner());
        retries.get(&key).copied()
    }

    fn forget(&self, key: (i64, &'static str)) {
        let mut retries = self.retries.lock().unwrap_or_else(|e| e.into_inner());
        retries.remove(&key);
    }

    fn failed(&self, key: (i64, &'static str), now: DateTime<Utc>) {
        let mut retries = self.retries.lock().unwrap_or_else(|e| e.into_inner());
        let failures = retries.get(&key).map_or(0, |r| r.failures) + 1;
        let wait = RETRY_FIRST
            .saturating_mul(1 << (failures - 1).min(10))
            .min(RETRY_MAX);
        let next = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1));
        retries.insert(key, Retry { failures, next });
    }
}

/// Put the timed alerts that are due into the outbox and deliver the
/// outbox. Returns when the next timed alert falls due.
pub async fn process(
    pipeline: &Arc<Pipeline>,
    store: &StoreHandle,
    alerter: &Alerter,
) -> Result<Option<DateTime<Utc>>> {
    let (p, now) = (pipeline.clone(), alerter.now());
    let (_, next_due) = store
        .call(move |s| p.enqueue_due_timed_alerts(s, now))
        .await?;
    alerter.deliver_pending(store).await?;
    Ok(next_due)
}

/// The alert task of `optout watch`: processes the outbox at start, when
/// `wake` is notified (new mail committed alerts; a resume: re-plan), when
/// another process wrote the database (`expect-code`, `mark`: seen through
/// `PRAGMA data_version` every [`DB_CHECK_INTERVAL`]), when the next timed
/// alert falls due by the wall clock and when a failed delivery may be
/// retried. It sleeps between those. Ends when `shutdown` turns true,
/// within [`SHUTDOWN_GRACE`] (the `alerter` should be [`Alerter::until`]
/// the same `shutdown`).
pub async fn run(
    pipeline: Arc<Pipeline>,
    store: StoreHandle,
    alerter: Alerter,
    wake: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<()> {
    let mut tick = tokio::time::interval(DB_CHECK_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        let processed = tokio::select! {
            r = process(&pipeline, &store, &alerter) => r,
            // A store job waiting for another process's lock, a sink that
            // overruns its grace: shutdown does not wait for them.
            _ = async { alerter.past_grace().await; tokio::time::sleep(SHUTDOWN_GRACE / 2).await } => return Ok(()),
        };
        let next = match processed {
            Ok(due) => [due, alerter.next_retry()].into_iter().flatten().min(),
            Err(e) => {
                tracing::error!("alerts: {e:#}");
                Some(alerter.now() + chrono::Duration::seconds(30))
            }
        };
        // Our own writes (the store thread's connection) leave
        // data_version alone; other processes' change it.
        let data_version = || store.call(|s| s.data_version());
        let seen = data_version().await.ok();
        let sleep = next
            .map(|t| (t - alerter.now()).to_std().unwrap_or_default())
            .unwrap_or(Duration::from_secs(24 * 3600));
        tracing::debug!(
            "alerts: next check in {}",
            humantime::format_duration(Duration::from_secs(sleep.as_secs()))
        );
        let until = tokio::time::Instant::now() + sleep;
        loop {
            tokio::select! {
                _ = wake.notified() => break,
                _ = tokio::time::sleep_until(until) => break,
                changed = shutdown.changed() => {
                    if changed.is_err() || *shutdown.borrow() {
                        return Ok(());
                    }
                }
                _ = tick.tick() => {
                    // Due by the wall clock (after a suspend the monotonic
                    // sleep is late by the time asleep).
                    if next.is_some_and(|t| alerter.now() >= t) {
                        break;
                    }
                    let now = tokio::select! {
                        v = data_version() => v.ok(),
                        _ = shutdown.changed() => return Ok(()),
                    };
                    if now.is_some() && now != seen {
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SharedClock;
    use crate::model::AlertKind;
    use crate::store::Store;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A sink that always fails, counting its attempts.
    struct Broken(Arc<AtomicUsize>);

    impl Sink for Broken {
        fn name(&self) -> &'static str {
            "broken"
        }
        fn deliver<'a>(&'a self, _: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Err("down".to_string()) })
        }
    }

    fn alert(key: &str, created_at: DateTime<Utc>) -> Alert {
        Alert {
            key: key.into(),
            kind: AlertKind::Receipt,
            account: "fb".into(),
            platform: "facebook".into(),
            code: None,
            folder: None,
            mailbox: None,
            in_spam: false,
            unexpected: false,
            detail: None,
            since: None,
            created_at,
        }
    }

    /// Down for everyone, like a desktop without a bus.
    struct Outage(Arc<AtomicUsize>);

    impl Sink for Outage {
        fn name(&self) -> &'static str {
            "outage"
        }
        fn deliver<'a>(&'a self, _: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Err("no bus".to_string()) })
        }
        fn fails_together(&self) -> bool {
            true
        }
    }

    #[tokio::test]
    async fn a_sink_that_is_down_for_all_is_tried_once_per_pass() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("o.db")).unwrap();
        let tx = store.transaction().unwrap();
        for i in 0..5 {
            tx.enqueue_alert(&alert(&format!("a{i}"), Utc::now()))
                .unwrap();
        }
        tx.commit().unwrap();
        let (store, _thread) = crate::store::owner::spawn(store).unwrap();
        let attempts = Arc::new(AtomicUsize::new(0));
        let alerter =
            Alerter::with_sinks(vec![Box::new(Outage(attempts.clone())), Box::new(LogSink)]);
        alerter.deliver_pending(&store).await.unwrap();
        assert_eq!(attempts.load(Ordering::SeqCst), 1);
        let pending = store.call(|s| s.pending_alerts()).await.unwrap();
        assert_eq!(pending.len(), 5);
        assert!(
            pending.iter().all(|p| p.delivered_to == ["log"]),
            "the others go on"
        );
    }

    #[tokio::test]
    async fn a_failing_sink_is_retried_with_backoff_and_given_up_after_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("o.db")).unwrap();
        let now = Utc::now();
        let tx = store.transaction().unwrap();
        tx.enqueue_alert(&alert("young", now)).unwrap();
        tx.enqueue_alert(&alert("old", now - chrono::Duration::hours(25)))
            .unwrap();
        tx.commit().unwrap();
        let (store, _thread) = crate::store::owner::spawn(store).unwrap();
        let attempts = Arc::new(AtomicUsize::new(0));
        let alerter =
            Alerter::with_sinks(vec![Box::new(LogSink), Box::new(Broken(attempts.clone()))]);

        // The old one had its try and is closed; the young one waits.
        assert_eq!(alerter.deliver_pending(&store).await.unwrap(), 1);
        assert_eq!(attempts.load(Ordering::SeqCst), 2);
        let pending = store.call(|s| s.pending_alerts()).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].alert.key, "young");
        assert_eq!(pending[0].delivered_to, ["log"]);
        let retry = alerter.next_retry().unwrap();
        assert!(retry > now + chrono::Duration::seconds(50), "{retry}");

        // At once again: the broken sink is not hammered, the log not repeated.
        assert_eq!(alerter.deliver_pending(&store).await.unwrap(), 0);
        assert_eq!(attempts.load(Ordering::SeqCst), 2);

        // A restart (a new Alerter) tries again at once.
        let restarted =
            Alerter::with_sinks(vec![Box::new(LogSink), Box::new(Broken(attempts.clone()))]);
        restarted.deliver_pending(&store).await.unwrap();
        assert_eq!(attempts.load(Ordering::SeqCst), 3);
    }

    type Got = Arc<Mutex<Vec<(AlertKind, DateTime<Utc>)>>>;

    /// Records what it got, and when by the injected clock.
    struct Recorder(Got, SharedClock);

    impl Sink for Recorder {
        fn name(&self) -> &'static str {
            "recorder"
        }
        fn deliver<'a>(&'a self, a: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
            self.0.lock().unwrap().push((a.kind, self.1.now()));
            Box::pin(async { Ok(()) })
        }
    }

    /// A store with one account that asked for a code at the clock's
    /// start (code_timeout 15 min), its thread, and the pipeline.
    fn asked_for_a_code(
        dir: &std::path::Path,
        clock: &SharedClock,
    ) -> (Arc<Pipeline>, StoreHandle) {
        let cfg_path = dir.join("config.toml");
        let cfg = Config::parse(
            "[[mailbox]]\nname = \"local\"\nhost = \"127.0.0.1\"\nport = 1\ntls = \"none\"\nuser = \"max\"\npassword = \"x\"\n\n\
             [[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"local\"\n\n\
             [alerts]\ndesktop = false\ncode_timeout = \"15m\"\n\n[store]\npath = \"o.db\"\n",
            &cfg_path,
        )
        .unwrap();
        let mut store = Store::open(&cfg.store_path()).unwrap();
        store.sync_accounts(&cfg.accounts, clock.now()).unwrap();
        let pipeline = Arc::new(Pipeline::with_verifier(
            cfg,
            crate::classify::Classifier::builtin(),
            crate::verify::Verifier::off(),
        ));
        pipeline
            .command(
                &mut store,
                "fb",
                crate::tracker::Input::ExpectCode,
                clock.now(),
            )
            .unwrap();
        let (handle, _thread) = crate::store::owner::spawn(store).unwrap();
        (pipeline, handle)
    }

    fn start(
        pipeline: &Arc<Pipeline>,
        store: &StoreHandle,
        clock: &SharedClock,
        wake: &Arc<Notify>,
    ) -> (
        Got,
        watch::Sender<bool>,
        tokio::task::JoinHandle<Result<()>>,
    ) {
        let got: Got = Arc::default();
        let (stop, rx) = watch::channel(false);
        let alerter = Alerter::with_sinks(vec![Box::new(Recorder(got.clone(), clock.clone()))])
            .with_clock(clock.clone())
            .until(rx.clone());
        let task = tokio::spawn(run(
            pipeline.clone(),
            store.clone(),
            alerter,
            wake.clone(),
            rx,
        ));
        (got, stop, task)
    }

    /// Paused time that moves only by [`Tick::pass`]: a task that always
    /// yields keeps the runtime from looking idle (tokio would otherwise
    /// jump to the next timer whenever the alert task waits for the store
    /// thread, and time would run away during an fsync).
    struct Tick(tokio::task::JoinHandle<()>);

    impl Tick {
        fn start() -> Tick {
            Tick(tokio::spawn(async {
                loop {
                    tokio::task::yield_now().await;
                }
            }))
        }

        /// Let the other tasks and the store thread finish what is due now
        /// (a few ms of real time; the paused clock stands still).
        async fn settle(&self) {
            for _ in 0..10 {
                std::thread::sleep(Duration::from_millis(1));
                tokio::task::yield_now().await;
            }
        }

        /// `d` of paused time in steps of `step`, settling after each.
        async fn pass(&self, d: Duration, step: Duration, until: impl Fn() -> bool) {
            let end = tokio::time::Instant::now() + d;
            self.settle().await;
            while tokio::time::Instant::now() < end && !until() {
                tokio::time::advance(step).await;
                self.settle().await;
            }
        }
    }

    impl Drop for Tick {
        fn drop(&mut self) {
            self.0.abort();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn code_overdue_fires_when_due_by_the_clock_and_once_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Utc::now();
        let clock: SharedClock = crate::clock::TokioClock::starting_at(t0);
        let (pipeline, store) = asked_for_a_code(dir.path(), &clock);
        let wake = Arc::new(Notify::new());
        let tick = Tick::start();
        let (got, stop, task) = start(&pipeline, &store, &clock, &wake);
        let s = Duration::from_secs(1);
        tick.pass(Duration::from_secs(14 * 60), 10 * s, || false)
            .await;
        assert!(got.lock().unwrap().is_empty(), "not due yet");
        tick.pass(Duration::from_secs(2 * 60), s, || {
            !got.lock().unwrap().is_empty()
        })
        .await;
        let fired = got.lock().unwrap().clone();
        assert_eq!(fired.len(), 1, "{fired:?}");
        assert_eq!(fired[0].0, AlertKind::CodeOverdue);
        let due = t0 + chrono::Duration::minutes(15);
        let late = (fired[0].1 - due).to_std().expect("not before it was due");
        // Paused time moves on while the test waits on the store thread:
        // a margin, far from a missed timer (minutes).
        assert!(late <= 30 * s, "{late:?} late");
        stop.send(true).unwrap();
        tick.settle().await;
        task.await.unwrap().unwrap();

        // A restart, an hour later: the cause has had its alert.
        tick.pass(Duration::from_secs(3600), 60 * s, || false).await;
        let (again, stop, task) = start(&pipeline, &store, &clock, &wake);
        tick.pass(Duration::from_secs(60), s, || false).await;
        assert!(again.lock().unwrap().is_empty());
        stop.send(true).unwrap();
        task.await.unwrap().unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_suspend_a_due_alert_fires_at_once_not_when_the_timer_ends() {
        let dir = tempfile::tempdir().unwrap();
        let clock = crate::clock::TokioClock::starting_at(Utc::now());
        let shared: SharedClock = clock.clone();
        let (pipeline, store) = asked_for_a_code(dir.path(), &shared);
        let wake = Arc::new(Notify::new());
        let tick = Tick::start();
        let (got, stop, task) = start(&pipeline, &store, &shared, &wake);
        let step = Duration::from_millis(250);
        tick.pass(Duration::from_secs(60), step, || false).await;
        assert!(got.lock().unwrap().is_empty());
        // An hour asleep: the wall clock jumps, tokio's timers do not move
        // (the alert task's 14-minute sleep would end 14 minutes later).
        clock.jump(chrono::Duration::hours(1));
        let resumed = tokio::time::Instant::now();
        tick.pass(Duration::from_secs(600), step, || {
            !got.lock().unwrap().is_empty()
        })
        .await;
        // At its next look at the wall clock (every DB_CHECK_INTERVAL), not
        // when the 14-minute timer ends. Paused time also moves while the
        // test waits on the store thread (a real thread), so allow a margin.
        let after = resumed.elapsed();
        assert!(after <= DB_CHECK_INTERVAL * 15, "{after:?}");
        assert_eq!(got.lock().unwrap()[0].0, AlertKind::CodeOverdue);

        // And only once.
        let n = got.lock().unwrap().len();
        tick.pass(Duration::from_secs(60), step, || false).await;
        assert_eq!(got.lock().unwrap().len(), n, "nothing else due");
        stop.send(true).unwrap();
        tick.settle().await;
        task.await.unwrap().unwrap();
    }
}
