//! The watch state (migration 0004): each mailbox's last successful sync,
//! IDLE or polling per folder, the last error, and the unwatchable episode
//! under way. Written by the daemon's watch monitor through the store
//! owner (one writer), read by `optout status`.

use super::{ts, Store};
use crate::imap::health::{Failure, FolderHealth, MailboxHealth, Mode, Problem};
use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

impl Store {
    /// Write one mailbox's watch state (its folder rows replaced), in one
    /// transaction. The watch state is no proof: this commit does not wait
    /// for the disk (`synchronous=NORMAL`; the next proof commit syncs it).
    pub fn save_watch_state(
        &mut self,
        mailbox: &str,
        h: &MailboxHealth,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute_batch("PRAGMA synchronous=NORMAL")?;
        let r = save(&mut self.conn, mailbox, h, now);
        self.conn.execute_batch("PRAGMA synchronous=FULL")?;
        r
    }

    /// What a restarted monitor takes over for `mailbox`.
    pub fn watch_seed(&self, mailbox: &str) -> Result<MailboxHealth> {
        load_seed(&self.conn, mailbox)
    }

    /// The watch state of `mailbox`, if the daemon ever wrote one.
    pub fn watch_state(&self, mailbox: &str) -> Result<Option<MailboxWatch>> {
        read(&self.conn, mailbox)
    }
}

fn parse(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// Write one mailbox's state (its folder rows replaced).
fn save(conn: &mut Connection, mailbox: &str, h: &MailboxHealth, now: DateTime<Utc>) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let last = h.last_error.as_ref();
    tx.execute(
        "INSERT INTO watch_mailbox (mailbox, unwatchable_since, alerted_since, refusals, last_sync,
             last_error_at, last_problem, last_error, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(mailbox) DO UPDATE SET unwatchable_since = excluded.unwatchable_since,
             alerted_since = excluded.alerted_since, refusals = excluded.refusals,
             last_sync = excluded.last_sync, last_error_at = excluded.last_error_at,
             last_problem = excluded.last_problem, last_error = excluded.last_error,
             updated_at = excluded.updated_at",
        params![
            mailbox,
            h.unwatchable_since().map(ts),
            h.alerted.map(ts),
            h.refusals,
            h.last_sync.map(ts),
            last.map(|(at, _)| ts(*at)),
            last.map(|(_, f)| f.problem.as_str()),
            last.map(|(_, f)| f.message.as_str()),
            ts(now),
        ],
    )?;
    tx.execute("DELETE FROM watch_folder WHERE mailbox = ?1", [mailbox])?;
    for (name, f) in &h.folders {
        tx.execute(
            "INSERT INTO watch_folder (mailbox, folder, mode, last_sync, failing_since, problem, error, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                mailbox,
                name,
                f.mode.map(Mode::as_str),
                f.last_sync.map(ts),
                f.failure.as_ref().map(|x| ts(x.since)),
                f.failure.as_ref().map(|x| x.problem.as_str()),
                f.failure.as_ref().map(|x| x.message.as_str()),
                ts(now),
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// What a restarted monitor takes over: an episode under way (its start)
/// and the alert raised for it, the last sync and error.
fn load_seed(conn: &Connection, mailbox: &str) -> Result<MailboxHealth> {
    let Some(row) = mailbox_row(conn, mailbox)? else {
        return Ok(MailboxHealth::default());
    };
    Ok(MailboxHealth {
        carried_since: row.unwatchable_since,
        alerted: row.alerted_since,
        last_sync: row.last_sync,
        last_error: row.last_error,
        ..Default::default()
    })
}

/// The `watch_mailbox` row of one mailbox, parsed.
struct MailboxRow {
    unwatchable_since: Option<DateTime<Utc>>,
    alerted_since: Option<DateTime<Utc>>,
    last_sync: Option<DateTime<Utc>>,
    last_error: Option<(DateTime<Utc>, Failure)>,
    updated_at: Option<DateTime<Utc>>,
}

fn mailbox_row(conn: &Connection, mailbox: &str) -> Result<Option<MailboxRow>> {
    let row = conn
        .query_row(
            "SELECT unwatchable_since, alerted_since, last_sync, last_error_at, last_problem, last_error, updated_at
             FROM watch_mailbox WHERE mailbox = ?1",
            [mailbox],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((since, alerted, last_sync, err_at, problem, error, updated)) = row else {
        return Ok(None);
    };
    let last_error = match (parse(err_at), problem.as_deref().and_then(Problem::parse)) {
        (Some(at), Some(problem)) => Some((
            at,
            Failure {
                since: at,
                problem,
                message: error.unwrap_or_default(),
            },
        )),
        _ => None,
    };
    Ok(Some(MailboxRow {
        unwatchable_since: parse(since),
        alerted_since: parse(alerted),
        last_sync: parse(last_sync),
        last_error,
        updated_at: parse(updated),
    }))
}

/// One mailbox as `status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxWatch {
    pub mailbox: String,
    pub unwatchable_since: Option<DateTime<Utc>>,
    pub alerted: bool,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<(DateTime<Utc>, Failure)>,
    pub folders: Vec<(String, FolderHealth)>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The watch state of `mailbox`, if the daemon ever wrote one.
fn read(conn: &Connection, mailbox: &str) -> Result<Option<MailboxWatch>> {
    let Some(row) = mailbox_row(conn, mailbox)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT folder, mode, last_sync, failing_since, problem, error FROM watch_folder
         WHERE mailbox = ?1 ORDER BY upper(folder) <> 'INBOX', folder",
    )?;
    let folders = stmt
        .query_map([mailbox], |r| {
            let failing: Option<String> = r.get(3)?;
            let problem: Option<String> = r.get(4)?;
            let failure = match (parse(failing), problem.as_deref().and_then(Problem::parse)) {
                (Some(since), Some(problem)) => Some(Failure {
                    since,
                    problem,
                    message: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                }),
                _ => None,
            };
            Ok((
                r.get::<_, String>(0)?,
                FolderHealth {
                    mode: r
                        .get::<_, Option<String>>(1)?
                        .as_deref()
                        .and_then(Mode::parse),
                    last_sync: parse(r.get(2)?),
                    failure,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(MailboxWatch {
        mailbox: mailbox.to_owned(),
        unwatchable_since: row.unwatchable_since,
        alerted: row.alerted_since.is_some(),
        last_sync: row.last_sync,
        last_error: row.last_error,
        folders,
        updated_at: row.updated_at,
    }))
}
