//! IDLE on one selected folder, under our own deadlines.
//!
//! Two clocks watch an IDLE:
//! - the **watchdog** (`idle_watchdog`): Dovecot sends `* OK Still here`
//!   every 2 minutes (`imap_idle_notify_interval`), other servers other
//!   keepalives or none. After `watchdog` without a single byte from the
//!   server optout sends DONE and waits [`DONE_TIMEOUT`] for the tagged
//!   OK: an answer proves the connection alive (a server that sends no
//!   keepalives: IDLE again), silence means it is dead (a suspend, a NAT
//!   that forgot it, a network that went quiet): the caller reconnects and
//!   catches up by UID. The library's IDLE timer restarts on every
//!   response, keepalives included, which is exactly this watchdog.
//! - **renewal** (`idle_renew`): some servers (GMX) silently drop
//!   connections idle for 10–15 minutes, and RFC 2177 lets them end IDLE
//!   after 29: IDLE is re-issued at least that often, keepalives or not.
//!
//! Below both, TCP keepalive and `TCP_USER_TIMEOUT` ([`super::socket`])
//! end a connection whose peer stopped answering at the TCP level.

use super::connect::{Conn, STEP_TIMEOUT};
use async_imap::extensions::idle::IdleResponse;
use async_imap::types::UnsolicitedResponse;
use std::time::Duration;
use tokio::sync::watch;

/// How long DONE may wait for its tagged OK before the connection counts
/// as dead.
pub const DONE_TIMEOUT: Duration = Duration::from_secs(5);

/// Why IDLE ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The server reported a change (EXISTS, RECENT, EXPUNGE, …).
    Changed,
    /// Our deadline: time to re-issue IDLE.
    Renew,
    /// The watchdog found the server silent, but DONE was answered: alive.
    Checked,
    /// The shutdown signal.
    Shutdown,
}

/// Why IDLE failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdleFailure {
    pub message: String,
    /// The server stopped answering (watchdog, DONE unanswered): a dead
    /// connection rather than an error the server reported.
    pub no_answer: bool,
}

impl IdleFailure {
    fn error(message: String) -> IdleFailure {
        IdleFailure {
            message,
            no_answer: false,
        }
    }
}

/// The two deadlines of one IDLE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub renew: Duration,
    pub watchdog: Duration,
}

/// Empty the queue of unsolicited responses (it holds 100 and drops the
/// rest); true if one of them announced mail, which must be fetched before
/// idling again.
pub fn drain(conn: &mut Conn) -> bool {
    let mut changed = false;
    while let Ok(r) = conn.session.unsolicited_responses.try_recv() {
        changed |= matches!(
            r,
            UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
        );
    }
    changed
}

/// IDLE until the server reports a change, `renew` passes, the watchdog
/// checked the connection, or shutdown. The connection comes back out of
/// IDLE (DONE sent and answered); `Err` means it is unusable.
pub async fn idle(
    conn: Conn,
    deadlines: Deadlines,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<(Conn, Woken), IdleFailure> {
    let Conn { session, caps } = conn;
    let mut handle = session.idle();
    handle
        .init()
        .await
        .map_err(|e| IdleFailure::error(format!("IDLE failed: {e}")))?;
    // While idling, silence is normal up to the watchdog: no read timeout.
    handle.as_mut().set_read_timeout(None);
    let woken = {
        let (wait, _stop) = handle.wait_with_timeout(deadlines.watchdog);
        tokio::pin!(wait);
        tokio::select! {
            r = &mut wait => match r {
                Ok(IdleResponse::NewData(_)) => Ok(Woken::Changed),
                // Nothing, not even a keepalive, for `watchdog`.
                Ok(IdleResponse::Timeout) => Ok(Woken::Checked),
                // The stream ended: with our stop handle still alive, that
                // means the server closed the connection.
                Ok(IdleResponse::ManualInterrupt) => Err(IdleFailure::error("the server closed the connection".to_owned())),
                Err(e) => Err(IdleFailure::error(format!("IDLE failed: {e}"))),
            },
            _ = tokio::time::sleep(deadlines.renew) => Ok(Woken::Renew),
            _ = shutdown.changed() => Ok(Woken::Shutdown),
        }
    };
    let woken = woken?;
    // DONE must be answered promptly: a dead connection is not waited for.
    handle.as_mut().set_read_timeout(Some(DONE_TIMEOUT));
    let done = tokio::time::timeout(DONE_TIMEOUT, handle.done()).await;
    let mut session = match done {
        Ok(Ok(session)) => session,
        Ok(Err(e)) if woken != Woken::Checked => {
            return Err(IdleFailure::error(format!(
                "ending IDLE failed (connection lost?): {e}"
            )))
        }
        _ => {
            let silent = if woken == Woken::Checked {
                format!(
                    "no answer from the server for {} s (not even to DONE): the connection is dead",
                    (deadlines.watchdog + DONE_TIMEOUT).as_secs()
                )
            } else {
                format!(
                    "no answer to DONE within {} s: the connection is dead",
                    DONE_TIMEOUT.as_secs()
                )
            };
            return Err(IdleFailure {
                message: silent,
                no_answer: true,
            });
        }
    };
    session.get_mut().set_read_timeout(Some(STEP_TIMEOUT));
    Ok((Conn { session, caps }, woken))
}
