//! IDLE on one selected folder, under our own deadline.
//!
//! async-imap's IDLE timer restarts on every response, and Dovecot sends
//! `* OK Still here` every 2 minutes, so its timeout alone would never
//! re-issue IDLE there; some servers (GMX) silently drop connections idle
//! for 10–15 minutes. So IDLE ends after `idle_renew` at the latest, and
//! the DONE → tagged OK exchange that follows (under the normal read
//! timeout) proves the connection is still alive: a half-open connection
//! is noticed within `idle_renew` plus one read timeout.

use super::connect::{Conn, STEP_TIMEOUT};
use async_imap::extensions::idle::IdleResponse;
use async_imap::types::UnsolicitedResponse;
use std::time::Duration;
use tokio::sync::watch;

/// Why IDLE ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The server reported a change (EXISTS, RECENT, EXPUNGE, …).
    Changed,
    /// Our deadline: time to re-issue IDLE.
    Renew,
    /// The shutdown signal.
    Shutdown,
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

/// IDLE until the server reports a change, `renew` passes, or shutdown.
/// The connection comes back out of IDLE (DONE sent and answered).
pub async fn idle(
    conn: Conn,
    renew: Duration,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<(Conn, Woken), String> {
    let Conn {
        session,
        timeout,
        caps,
    } = conn;
    let mut handle = session.idle();
    handle
        .init()
        .await
        .map_err(|e| format!("IDLE failed: {e}"))?;
    // While idling, silence is normal: no read timeout, our deadline instead.
    timeout.set(None);
    let woken = {
        // The library's own timer is only a backstop behind our deadline.
        let (wait, _stop) = handle.wait_with_timeout(renew + Duration::from_secs(60));
        tokio::pin!(wait);
        tokio::select! {
            r = &mut wait => match r {
                Ok(IdleResponse::NewData(_)) => Ok(Woken::Changed),
                Ok(IdleResponse::Timeout) => Ok(Woken::Renew),
                // The stream ended: with our stop handle still alive, that
                // means the server closed the connection.
                Ok(IdleResponse::ManualInterrupt) => Err("the server closed the connection".to_owned()),
                Err(e) => Err(format!("IDLE failed: {e}")),
            },
            _ = tokio::time::sleep(renew) => Ok(Woken::Renew),
            _ = shutdown.changed() => Ok(Woken::Shutdown),
        }
    };
    timeout.set(Some(STEP_TIMEOUT));
    let woken = woken?;
    let session = handle
        .done()
        .await
        .map_err(|e| format!("ending IDLE failed (connection lost?): {e}"))?;
    Ok((
        Conn {
            session,
            timeout,
            caps,
        },
        woken,
    ))
}
