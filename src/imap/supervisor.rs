//! The watcher of one mailbox: discover its folders once, then one task per
//! IDLE folder (each its own connection) and one poller for the rest, each
//! reconnecting on its own with jittered exponential back-off and catching
//! up by UID after every reconnect.
//!
//! A reconnect signal (`Ctx::reconnect`: a resume from suspend, a network
//! change) ends every connection at once — in IDLE, connecting, or waiting
//! out a back-off — and reconnects without back-off. Every task reports
//! how its folders fare to `Ctx::health` (the unwatchable alert, `status`).

use super::batch::{Committed, StoreLink};
use super::connect::{connect, Caps, Conn};
use super::folders::{discover, WatchedFolder};
use super::health::{Mode, Report, Reporter};
use super::idle::{self, Deadlines, Woken};
use super::sync::{catch_up, examine, fetch_new};
use super::ImapError;
use crate::config::Mailbox;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// How a mailbox's folders are watched within its connection budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Each on its own connection, in IDLE.
    pub idle: Vec<WatchedFolder>,
    /// Together on one connection, every `poll_interval`.
    pub polled: Vec<WatchedFolder>,
}

/// IDLE for as many folders as the budget allows (in discovery order:
/// INBOX, then the spam folder); if not all fit, one connection of the
/// budget polls the rest. Without IDLE, one connection polls them all.
pub fn plan(folders: Vec<WatchedFolder>, budget: u32, has_idle: bool) -> Plan {
    let budget = budget.max(1) as usize;
    if !has_idle {
        return Plan {
            idle: Vec::new(),
            polled: folders,
        };
    }
    if folders.len() <= budget {
        return Plan {
            idle: folders,
            polled: Vec::new(),
        };
    }
    let mut idle = folders;
    let polled = idle.split_off(budget - 1);
    Plan { idle, polled }
}

/// Reconnect delays: 1 s doubling to 4 min, each drawn uniformly from the
/// upper half of its step so that many clients (or folders) do not
/// reconnect in lockstep.
#[derive(Debug)]
pub struct Backoff {
    step: Duration,
    seed: u64,
}

impl Backoff {
    pub const FIRST: Duration = Duration::from_secs(1);
    pub const MAX: Duration = Duration::from_secs(240);

    pub fn new() -> Backoff {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        Backoff {
            step: Self::FIRST,
            seed,
        }
    }

    /// The next delay.
    pub fn next_delay(&mut self) -> Duration {
        // xorshift64: jitter needs no cryptographic randomness.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let step = self.step;
        self.step = (self.step * 2).min(Self::MAX);
        let half = step / 2;
        half + half.mul_f64((self.seed % 1_000) as f64 / 1_000.0)
    }

    /// After a connection that worked: start from the beginning.
    pub fn reset(&mut self) {
        self.step = Self::FIRST;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new()
    }
}

/// What every task of the watcher shares.
#[derive(Clone)]
pub struct Ctx {
    /// To the store owner: cursors read, batches committed.
    pub link: StoreLink,
    /// Notified after a commit that recorded something (the alert task).
    pub wake: Arc<Notify>,
    pub shutdown: watch::Receiver<bool>,
    /// Bumped on a resume from suspend or a network change: every
    /// connection is made again at once, skipping the back-off.
    pub reconnect: watch::Receiver<u64>,
    /// Where the tasks report how each folder is watched.
    pub health: Reporter,
}

/// How a pause ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pause {
    Elapsed,
    Stop,
    /// The reconnect signal: go on at once.
    Reconnect,
}

/// A connection's life ended.
enum Ended {
    Shutdown,
    Failed(ImapError),
    /// The reconnect signal: make the connection again now.
    Reconnect,
}

impl From<ImapError> for Ended {
    fn from(e: ImapError) -> Self {
        Ended::Failed(e)
    }
}

/// The next reconnect signal (never, once its sender is gone).
async fn reconnect_signal(rx: &mut watch::Receiver<u64>) {
    if rx.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

impl Ctx {
    fn stopping(&self) -> bool {
        *self.shutdown.borrow()
    }

    /// Sleep `d`, or less if shutdown or the reconnect signal comes.
    async fn pause(&mut self, d: Duration) -> Pause {
        if self.stopping() {
            return Pause::Stop;
        }
        tokio::select! {
            _ = tokio::time::sleep(d) => if self.stopping() { Pause::Stop } else { Pause::Elapsed },
            _ = self.shutdown.changed() => Pause::Stop,
            _ = reconnect_signal(&mut self.reconnect) => Pause::Reconnect,
        }
    }

    /// Connect, unless shutdown comes first (a connect can hang for its
    /// whole timeout on an unreachable host). `Ok(None)`: shutting down.
    /// The reconnect signal starts the attempt over (the old one may be
    /// waiting on a dead network).
    async fn connect(&mut self, m: &Mailbox) -> Result<Option<Conn>, ImapError> {
        loop {
            if self.stopping() {
                return Ok(None);
            }
            tokio::select! {
                c = connect(m) => return c.map(Some),
                _ = self.shutdown.changed() => return Ok(None),
                _ = reconnect_signal(&mut self.reconnect) => {
                    tracing::info!(mailbox = %m.name, "reconnecting now (resume or network change)");
                }
            }
        }
    }

    fn note(&self, m: &Mailbox, folder: &WatchedFolder, r: &Committed) {
        if r.mails > 0 {
            tracing::info!(mailbox = %m.name, folder = %folder.name, spam = folder.is_spam, mails = r.mails,
                recorded = r.recorded, duplicates = r.duplicates, "synced");
        }
        if r.recorded > 0 {
            self.wake.notify_one();
        }
    }
}

/// Log in, list the folders and the capabilities, log out.
pub async fn survey(m: &Mailbox) -> Result<(Vec<WatchedFolder>, Caps), ImapError> {
    let mut conn = connect(m).await?;
    let folders = discover(&mut conn.session, m).await?;
    let caps = conn.caps.clone();
    conn.logout().await;
    Ok((folders, caps))
}

/// Watch one mailbox until shutdown. Never returns an error: failures are
/// logged (one line naming the mailbox) and retried after a back-off.
pub async fn watch_mailbox(m: Mailbox, mut ctx: Ctx) {
    let mut backoff = Backoff::new();
    let (folders, caps) = loop {
        if ctx.stopping() {
            return;
        }
        // Like every connect: shutdown does not wait for its timeouts.
        let surveyed = tokio::select! {
            r = survey(&m) => r,
            _ = ctx.shutdown.changed() => return,
            _ = reconnect_signal(&mut ctx.reconnect) => {
                backoff.reset();
                continue;
            }
        };
        match surveyed {
            Ok(x) => break x,
            Err(e) => {
                ctx.health.failed(None, &e);
                let d = backoff.next_delay();
                tracing::error!("{e}; retrying in {} s", d.as_secs_f32().ceil());
                match ctx.pause(d).await {
                    Pause::Stop => return,
                    Pause::Reconnect => backoff.reset(),
                    Pause::Elapsed => {}
                }
            }
        }
    };
    let plan = plan(folders, m.connections, caps.has("IDLE"));
    let mut modes: Vec<(String, Mode)> = Vec::new();
    modes.extend(plan.idle.iter().map(|f| (f.name.clone(), Mode::Idle)));
    modes.extend(plan.polled.iter().map(|f| (f.name.clone(), Mode::Poll)));
    ctx.health.report(&m.name, Report::Plan { folders: modes });
    let names = |f: &[WatchedFolder]| f.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    tracing::info!(mailbox = %m.name, idle = ?names(&plan.idle), polled = ?names(&plan.polled),
        poll_interval = ?m.poll_interval, "watching");
    let mut tasks = tokio::task::JoinSet::new();
    for folder in plan.idle {
        tasks.spawn(idle_folder(m.clone(), folder, ctx.clone()));
    }
    if !plan.polled.is_empty() {
        tasks.spawn(poll_folders(m.clone(), plan.polled, ctx.clone()));
    }
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done {
            tracing::error!(mailbox = %m.name, "a watcher task failed: {e}");
        }
    }
}

/// One folder in IDLE on its own connection, reconnecting forever.
async fn idle_folder(m: Mailbox, folder: WatchedFolder, mut ctx: Ctx) {
    let mut backoff = Backoff::new();
    loop {
        let err = match idle_session(&m, &folder, &mut ctx, &mut backoff).await {
            Ended::Shutdown => return,
            Ended::Reconnect => {
                tracing::info!(mailbox = %m.name, folder = %folder.name, "reconnecting now (resume or network change)");
                backoff.reset();
                continue;
            }
            Ended::Failed(e) => e,
        };
        if ctx.stopping() {
            return;
        }
        ctx.health.failed(Some(&folder.name), &err);
        let d = backoff.next_delay();
        tracing::warn!("{err}; reconnecting in {:.1} s", d.as_secs_f32());
        match ctx.pause(d).await {
            Pause::Stop => return,
            Pause::Reconnect => backoff.reset(),
            Pause::Elapsed => {}
        }
    }
}

/// One connection's life: connect, catch up, then IDLE → fetch → IDLE …
/// until shutdown (after LOGOUT), a failure, or the reconnect signal.
async fn idle_session(
    m: &Mailbox,
    folder: &WatchedFolder,
    ctx: &mut Ctx,
    backoff: &mut Backoff,
) -> Ended {
    match idle_session_inner(m, folder, ctx, backoff).await {
        Ok(()) => Ended::Shutdown,
        Err(e) => e,
    }
}

async fn idle_session_inner(
    m: &Mailbox,
    folder: &WatchedFolder,
    ctx: &mut Ctx,
    backoff: &mut Backoff,
) -> Result<(), Ended> {
    let fail = |f: idle::IdleFailure| {
        let message = format!("{}: {}", folder.name, f.message);
        if f.no_answer {
            ImapError::with_kind(m.name.clone(), message, super::ImapErrorKind::NoAnswer)
        } else {
            ImapError::new(m.name.clone(), message)
        }
    };
    let Some(mut conn) = ctx.connect(m).await? else {
        return Ok(());
    };
    let sel = examine(&mut conn.session, m, folder).await?;
    let stop = {
        let rx = ctx.shutdown.clone();
        move || *rx.borrow()
    };
    let r = catch_up(&mut conn.session, m, folder, &sel, &ctx.link, &stop).await?;
    ctx.note(m, folder, &r);
    ctx.health.report(
        &m.name,
        Report::Synced {
            folder: folder.name.clone(),
        },
    );
    backoff.reset();
    tracing::info!(mailbox = %m.name, folder = %folder.name, spam = folder.is_spam, "IDLE");
    let deadlines = Deadlines {
        renew: m.idle_renew,
        watchdog: m.idle_watchdog,
    };
    let mut changed = false;
    loop {
        changed |= idle::drain(&mut conn);
        if ctx.stopping() {
            conn.logout().await;
            return Ok(());
        }
        if changed {
            changed = false;
            let r = fetch_new(
                &mut conn.session,
                m,
                folder,
                sel.uidvalidity,
                &ctx.link,
                &stop,
            )
            .await?;
            ctx.note(m, folder, &r);
            ctx.health.report(
                &m.name,
                Report::Synced {
                    folder: folder.name.clone(),
                },
            );
            continue;
        }
        // The reconnect signal drops the connection where it is: after a
        // resume it is most likely dead, and DONE would only wait.
        let idled = tokio::select! {
            r = idle::idle(conn, deadlines, &mut ctx.shutdown) => r,
            _ = reconnect_signal(&mut ctx.reconnect) => return Err(Ended::Reconnect),
        };
        let (c, woken) = idled.map_err(|f| Ended::Failed(fail(f)))?;
        conn = c;
        match woken {
            Woken::Changed => changed = true,
            // A cheap look after every renewal, in case a notification was lost.
            Woken::Renew => {
                tracing::debug!(mailbox = %m.name, folder = %folder.name, "IDLE renewed");
                changed = true;
            }
            // Silent past the watchdog, but DONE was answered: alive.
            Woken::Checked => {
                tracing::debug!(mailbox = %m.name, folder = %folder.name, "IDLE silent, connection checked");
                changed = true;
            }
            Woken::Shutdown => {
                conn.logout().await;
                return Ok(());
            }
        }
    }
}

/// Folders beyond the budget (or all, without IDLE): one connection, every
/// `poll_interval`.
async fn poll_folders(m: Mailbox, folders: Vec<WatchedFolder>, mut ctx: Ctx) {
    let mut backoff = Backoff::new();
    // Servers log out connections silent for 30 minutes (RFC 9051): for
    // long intervals, log in afresh each time.
    let keep_open = m.poll_interval <= Duration::from_secs(300);
    let mut conn: Option<Conn> = None;
    let stop = {
        let rx = ctx.shutdown.clone();
        move || *rx.borrow()
    };
    loop {
        let result: Result<(), ImapError> = async {
            let c = match &mut conn {
                Some(c) => c,
                None => match ctx.connect(&m).await? {
                    Some(c) => conn.insert(c),
                    None => return Ok(()),
                },
            };
            if ctx.stopping() {
                return Ok(());
            }
            for f in &folders {
                let sel = examine(&mut c.session, &m, f).await?;
                let r = catch_up(&mut c.session, &m, f, &sel, &ctx.link, &stop).await?;
                ctx.note(&m, f, &r);
                ctx.health.report(
                    &m.name,
                    Report::Synced {
                        folder: f.name.clone(),
                    },
                );
            }
            Ok(())
        }
        .await;
        let delay = match result {
            Ok(()) => {
                backoff.reset();
                if !keep_open {
                    if let Some(c) = conn.take() {
                        c.logout().await;
                    }
                }
                m.poll_interval
            }
            Err(e) => {
                conn = None;
                for f in &folders {
                    ctx.health.failed(Some(&f.name), &e);
                }
                let d = backoff.next_delay();
                tracing::warn!("{e}; reconnecting in {:.1} s", d.as_secs_f32());
                d
            }
        };
        match ctx.pause(delay).await {
            Pause::Stop => {
                if let Some(c) = conn.take() {
                    c.logout().await;
                }
                return;
            }
            // After a resume the open connection is likely dead: poll now,
            // on a new one.
            Pause::Reconnect => {
                tracing::info!(mailbox = %m.name, "polling now (resume or network change)");
                conn = None;
                backoff.reset();
            }
            Pause::Elapsed => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, is_spam: bool) -> WatchedFolder {
        WatchedFolder {
            name: name.into(),
            wire: name.into(),
            is_spam,
        }
    }

    #[test]
    fn the_budget_decides_between_idle_and_polling() {
        let all = vec![f("INBOX", false), f("Junk", true), f("Spam", true)];
        let p = plan(all[..2].to_vec(), 2, true);
        assert_eq!((p.idle.len(), p.polled.len()), (2, 0));
        let p = plan(all.clone(), 2, true);
        assert_eq!(p.idle, vec![f("INBOX", false)]);
        assert_eq!(p.polled, vec![f("Junk", true), f("Spam", true)]);
        let p = plan(all.clone(), 1, true);
        assert_eq!((p.idle.len(), p.polled.len()), (0, 3));
        let p = plan(all[..1].to_vec(), 1, true);
        assert_eq!((p.idle.len(), p.polled.len()), (1, 0));
        let p = plan(all.clone(), 5, false);
        assert_eq!((p.idle.len(), p.polled.len()), (0, 3));
        let p = plan(all, 0, true);
        assert_eq!((p.idle.len(), p.polled.len()), (0, 3));
    }

    #[test]
    fn backoff_grows_jittered_to_a_cap_and_resets() {
        let mut b = Backoff::new();
        let mut steps = Vec::new();
        for _ in 0..12 {
            steps.push(b.next_delay());
        }
        assert!(steps[0] >= Duration::from_millis(500) && steps[0] <= Backoff::FIRST);
        assert!(steps[3] >= Duration::from_secs(4) && steps[3] <= Duration::from_secs(8));
        assert!(steps.iter().all(|d| *d <= Backoff::MAX));
        assert!(steps[11] >= Backoff::MAX / 2);
        b.reset();
        assert!(b.next_delay() <= Backoff::FIRST);
    }
}
