//! The SQLite store: accounts, the append-only event history, current
//! state, IMAP sync cursors and the alert outbox.
//!
//! The schema lives only in `migrations/`; `build.rs` embeds the files and
//! [`Store::open`] applies the missing ones in order, recording the version
//! in `PRAGMA user_version`. WAL and a busy timeout let the CLI read while
//! the daemon writes; writers take the lock up front (`BEGIN IMMEDIATE`).

use crate::config;
use crate::model::{Alert, ObservationKind, State};
use crate::tracker::{Input, Tracked};
use anyhow::{bail, Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod migrations {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}
pub use migrations::MIGRATIONS;

mod follow;
pub use follow::WatchedFolderRow;
pub mod owner;
pub use owner::StoreHandle;

/// The config gives an account id to another address than the one the
/// database tracks an objection under.
#[derive(Debug, thiserror::Error)]
#[error("account `{id}` is tracked in the database for {known_address} (mailbox \"{known_mailbox}\"), but the config now gives it {address}; two objections would become one: give the new one its own id (optout init picks one), or put the old address back")]
pub struct AccountElsewhere {
    pub id: String,
    pub known_address: String,
    pub known_mailbox: String,
    pub address: String,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Where a mail was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailSource {
    pub mailbox: String,
    pub folder: String,
    pub uidvalidity: u32,
    pub uid: u32,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub sender: Option<String>,
}

/// What happened to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Observed(ObservationKind),
    ExpectCode,
    Mark(State),
    /// The person's answer about an `unrecognised` mail (the event `of`):
    /// the kind it is, or `None` for "not relevant".
    Review {
        of: i64,
        answer: Option<ObservationKind>,
    },
}

/// The answer of a review as stored (in `mark_state`).
pub fn review_answer_str(answer: Option<ObservationKind>) -> &'static str {
    answer.map_or("not_relevant", ObservationKind::as_str)
}

impl EventKind {
    fn as_str(self) -> &'static str {
        match self {
            EventKind::Observed(k) => k.as_str(),
            EventKind::ExpectCode => "expect_code",
            EventKind::Mark(_) => "mark",
            EventKind::Review { .. } => "review",
        }
    }
}

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub account: &'a str,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub code: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub source: Option<&'a MailSource>,
    /// One mail, one event per account.
    pub fingerprint: Option<&'a str>,
    /// The whole mail, kept for proof events.
    pub raw: Option<&'a [u8]>,
}

/// An event as stored (without the raw mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRow {
    pub seq: i64,
    pub account: String,
    pub kind: String,
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub code: Option<String>,
    /// The state set by a `mark` event; the kind a `review` answered
    /// (`not_relevant` for none).
    pub state: Option<String>,
    pub reason: Option<String>,
    pub mailbox: Option<String>,
    pub folder: Option<String>,
    pub uid: Option<u32>,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub sender: Option<String>,
    pub has_raw: bool,
}

impl EventRow {
    /// The tracker input this event was, for replay.
    pub fn input(&self) -> Option<Input> {
        Some(match self.kind.as_str() {
            "expect_code" => Input::ExpectCode,
            "mark" => Input::Mark(self.state.as_deref()?.parse().ok()?),
            // A reviewed mail counts as the mail itself (at its arrival).
            "review" => Input::Mail {
                kind: self.state.as_deref()?.parse().ok()?,
                code: self.code.clone(),
                folder: self.folder.clone(),
            },
            other => Input::Mail {
                kind: other.parse().ok()?,
                code: self.code.clone(),
                folder: self.folder.clone(),
            },
        })
    }
}

/// A tracked account with its current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountRow {
    pub id: String,
    pub platform: String,
    pub mailbox: String,
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub tracked: Tracked,
    pub last_event: Option<EventRow>,
}

/// Per-folder IMAP sync position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cursor {
    pub mailbox: String,
    pub folder: String,
    pub uidvalidity: u32,
    pub next_uid: u32,
}

/// An alert waiting in the outbox, with the sinks that already delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAlert {
    pub id: i64,
    pub alert: Alert,
    pub delivered_to: Vec<String>,
}

pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn parse_opt_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

const EVENT_COLUMNS: &str = "seq, account, kind, at, recorded_at, code, mark_state, reason, mailbox, folder, uid, message_id, subject, sender, raw IS NOT NULL";

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        seq: r.get(0)?,
        account: r.get(1)?,
        kind: r.get(2)?,
        at: parse_ts(&r.get::<_, String>(3)?)?,
        recorded_at: parse_ts(&r.get::<_, String>(4)?)?,
        code: r.get(5)?,
        state: r.get(6)?,
        reason: r.get(7)?,
        mailbox: r.get(8)?,
        folder: r.get(9)?,
        uid: r.get(10)?,
        message_id: r.get(11)?,
        subject: r.get(12)?,
        sender: r.get(13)?,
        has_raw: r.get(14)?,
    })
}

const STATE_COLUMNS: &str =
    "state, since, code, code_folder, expecting_since, submitted_at, decided_at";

fn tracked_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Tracked> {
    let state: String = r.get(first)?;
    Ok(Tracked {
        state: state.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(first, rusqlite::types::Type::Text, e.into())
        })?,
        since: parse_ts(&r.get::<_, String>(first + 1)?)?,
        code: r.get(first + 2)?,
        code_folder: r.get(first + 3)?,
        expecting_since: parse_opt_ts(r.get(first + 4)?)?,
        submitted_at: parse_opt_ts(r.get(first + 5)?)?,
        decided_at: parse_opt_ts(r.get(first + 6)?)?,
    })
}

impl Store {
    /// Open (and create, and migrate) the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))?;
        }
        // FULL: the acceptance mail is the person's proof; it must survive
        // a power loss, and optout writes rarely.
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        store
            .migrate()
            .with_context(|| format!("cannot prepare the database {}", path.display()))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long a write waits for another connection's lock before it
    /// fails with SQLITE_BUSY (10 s from [`Store::open`]).
    pub fn set_busy_timeout(&mut self, d: Duration) -> Result<()> {
        self.conn.busy_timeout(d)?;
        Ok(())
    }

    /// SQLite's `PRAGMA data_version`: changes whenever another connection
    /// (another process, or another task's `Store`) commits. Cheap; the
    /// alert task uses it to notice `expect-code` / `mark` run elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let known = MIGRATIONS.len() as u32;
        if self.schema_version()? == known {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > known {
            bail!("the database has schema version {current}, this optout knows only {known}: it was written by a newer optout; use that version (nothing was changed)");
        }
        for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > current) {
            tx.execute_batch(sql)
                .with_context(|| format!("migration {version:04}_{name}.sql failed"))?;
            tx.pragma_update(None, "user_version", version)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Make sure every configured account has a row and a state. Writes only
    /// when something is missing or changed, so readers never wait. An id
    /// the database knows for another address, with an objection under
    /// way there, is an [`AccountElsewhere`] error: two objections never
    /// silently become one.
    pub fn sync_accounts(
        &mut self,
        accounts: &[config::Account],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stale = |conn: &Connection, a: &config::Account| -> Result<bool> {
            let row: Option<(String, String, Option<String>, bool)> = conn
                .query_row(
                    "SELECT a.platform, a.mailbox, a.address, s.account IS NOT NULL
                     FROM account a LEFT JOIN account_state s ON s.account = a.id WHERE a.id = ?1",
                    [&a.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            Ok(row
                != Some((
                    a.platform.clone(),
                    a.mailbox.clone(),
                    a.address.clone(),
                    true,
                )))
        };
        let mut changed = Vec::new();
        for a in accounts {
            if stale(&self.conn, a)? {
                self.check_not_elsewhere(a)?;
                changed.push(a);
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for a in changed {
            tx.execute(
                "INSERT INTO account (id, platform, mailbox, address, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET platform = excluded.platform, mailbox = excluded.mailbox, address = excluded.address",
                params![a.id, a.platform, a.mailbox, a.address, ts(now)],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO account_state (account, state, since) VALUES (?1, 'not_started', ?2)",
                params![a.id, ts(now)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// An account row under this id for another address whose objection
    /// has begun (a state beyond `not_started`, or events): refuse.
    fn check_not_elsewhere(&self, a: &config::Account) -> Result<()> {
        let known: Option<(Option<String>, String, String, i64)> = self
            .conn
            .query_row(
                "SELECT a.address, a.mailbox, COALESCE(s.state, 'not_started'),
                        (SELECT COUNT(*) FROM event e WHERE e.account = a.id)
                 FROM account a LEFT JOIN account_state s ON s.account = a.id WHERE a.id = ?1",
                [&a.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((Some(known_address), known_mailbox, state, events)) = known else {
            return Ok(());
        };
        let same = a
            .address
            .as_deref()
            .is_some_and(|new| new.eq_ignore_ascii_case(&known_address));
        if same || (state == "not_started" && events == 0) {
            return Ok(());
        }
        Err(AccountElsewhere {
            id: a.id.clone(),
            known_address,
            known_mailbox,
            address: a.address.clone().unwrap_or_default(),
        }
        .into())
    }

    /// Start a write transaction (takes the write lock now).
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(Tx {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        })
    }

    /// Every account the store knows, in id order.
    pub fn accounts(&self) -> Result<Vec<AccountRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, a.platform, a.mailbox, a.address, a.created_at, {STATE_COLUMNS}, s.last_event
             FROM account a JOIN account_state s ON s.account = a.id ORDER BY a.id"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    AccountRow {
                        id: r.get(0)?,
                        platform: r.get(1)?,
                        mailbox: r.get(2)?,
                        address: r.get(3)?,
                        created_at: parse_ts(&r.get::<_, String>(4)?)?,
                        tracked: tracked_row(r, 5)?,
                        last_event: None,
                    },
                    r.get::<_, Option<i64>>(12)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(mut row, last)| {
                if let Some(seq) = last {
                    row.last_event = self.event(seq)?;
                }
                Ok(row)
            })
            .collect()
    }

    pub fn event(&self, seq: i64) -> Result<Option<EventRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM event WHERE seq = ?1"),
                [seq],
                event_row,
            )
            .optional()?)
    }

    /// The event history, oldest first; of one account or of all.
    pub fn events(&self, account: Option<&str>) -> Result<Vec<EventRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM event WHERE ?1 IS NULL OR account = ?1 ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([account], event_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// `unrecognised` mails nobody has reviewed yet, oldest first; of one
    /// account or of all.
    pub fn unreviewed(&self, account: Option<&str>) -> Result<Vec<EventRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM event e WHERE (?1 IS NULL OR account = ?1) AND kind = 'unrecognised'
             AND NOT EXISTS (SELECT 1 FROM event r WHERE r.review_of = e.seq) ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([account], event_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The mail a `review` event answered.
    pub fn review_of(&self, seq: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT review_of FROM event WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// The raw mail stored with an event.
    pub fn raw_mail(&self, seq: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT raw FROM event WHERE seq = ?1", [seq], |r| r.get(0))
            .optional()?
            .flatten())
    }

    pub fn cursor(&self, mailbox: &str, folder: &str) -> Result<Option<Cursor>> {
        Ok(self
            .conn
            .query_row(
                "SELECT uidvalidity, next_uid FROM sync_cursor WHERE mailbox = ?1 AND folder = ?2",
                [mailbox, folder],
                |r| {
                    Ok(Cursor {
                        mailbox: mailbox.to_owned(),
                        folder: folder.to_owned(),
                        uidvalidity: r.get(0)?,
                        next_uid: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Alerts not yet delivered to every sink, oldest first.
    pub fn pending_alerts(&self) -> Result<Vec<PendingAlert>> {
        let mut stmt = self.conn.prepare(
            "SELECT o.id, o.payload, (SELECT group_concat(d.sink, char(31)) FROM alert_delivery d WHERE d.alert_id = o.id)
             FROM alert_outbox o WHERE o.delivered_at IS NULL ORDER BY o.id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, payload, sinks)| {
                Ok(PendingAlert {
                    id,
                    alert: serde_json::from_str(&payload)
                        .with_context(|| format!("alert {id} in the outbox is not readable"))?,
                    delivered_to: sinks
                        .map(|s| s.split('\u{1f}').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Record that `sink` delivered alert `id`.
    pub fn mark_sink_delivered(&self, id: i64, sink: &str, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO alert_delivery (alert_id, sink, delivered_at) VALUES (?1, ?2, ?3)",
            params![id, sink, ts(now)],
        )?;
        Ok(())
    }

    /// Every sink has run for alert `id`.
    pub fn mark_alert_delivered(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE alert_outbox SET delivered_at = ?2 WHERE id = ?1",
            params![id, ts(now)],
        )?;
        Ok(())
    }

    /// Every alert ever created, oldest first (for tests and `log`).
    pub fn all_alerts(&self) -> Result<Vec<(Alert, Option<DateTime<Utc>>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT payload, delivered_at FROM alert_outbox ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(p, d)| Ok((serde_json::from_str(&p)?, parse_opt_ts(d)?)))
            .collect()
    }
}

/// A write transaction: everything in it commits together or not at all.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl Tx<'_> {
    /// An event, inside the transaction.
    pub fn event(&self, seq: i64) -> Result<Option<EventRow>> {
        Ok(self
            .tx
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM event WHERE seq = ?1"),
                [seq],
                event_row,
            )
            .optional()?)
    }

    /// Whether the person already answered about the mail of event `seq`.
    pub fn is_reviewed(&self, seq: i64) -> Result<bool> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM event WHERE review_of = ?1",
                [seq],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The current state of an account.
    pub fn tracked(&self, account: &str) -> Result<Tracked> {
        self.tx
            .query_row(
                &format!("SELECT {STATE_COLUMNS} FROM account_state WHERE account = ?1"),
                [account],
                |r| tracked_row(r, 0),
            )
            .optional()?
            .with_context(|| format!("account \"{account}\" is not in the database"))
    }

    /// This mail has already been recorded for this account.
    pub fn has_fingerprint(&self, account: &str, fingerprint: &str) -> Result<bool> {
        Ok(self
            .tx
            .query_row(
                "SELECT 1 FROM event WHERE account = ?1 AND fingerprint = ?2",
                [account, fingerprint],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn append_event(&self, e: &NewEvent<'_>, now: DateTime<Utc>) -> Result<i64> {
        let (mark_state, review_of) = match e.kind {
            EventKind::Mark(s) => (Some(s.as_str()), None),
            EventKind::Review { of, answer } => (Some(review_answer_str(answer)), Some(of)),
            _ => (None, None),
        };
        let src = e.source;
        self.tx.execute(
            "INSERT INTO event (account, kind, at, recorded_at, code, mark_state, reason, mailbox, folder,
                                uidvalidity, uid, message_id, subject, sender, fingerprint, raw, review_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                e.account,
                e.kind.as_str(),
                ts(e.at),
                ts(now),
                e.code,
                mark_state,
                e.reason,
                src.map(|s| &s.mailbox),
                src.map(|s| &s.folder),
                src.map(|s| s.uidvalidity),
                src.map(|s| s.uid),
                src.and_then(|s| s.message_id.as_ref()),
                src.and_then(|s| s.subject.as_ref()),
                src.and_then(|s| s.sender.as_ref()),
                e.fingerprint,
                e.raw,
                review_of,
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn save_tracked(&self, account: &str, t: &Tracked, last_event: i64) -> Result<()> {
        let n = self.tx.execute(
            "UPDATE account_state SET state = ?2, since = ?3, code = ?4, code_folder = ?5, expecting_since = ?6,
                    submitted_at = ?7, decided_at = ?8, last_event = ?9 WHERE account = ?1",
            params![
                account,
                t.state.as_str(),
                ts(t.since),
                t.code,
                t.code_folder,
                t.expecting_since.map(ts),
                t.submitted_at.map(ts),
                t.decided_at.map(ts),
                last_event
            ],
        )?;
        if n != 1 {
            bail!("account \"{account}\" is not in the database");
        }
        Ok(())
    }

    /// Put an alert in the outbox. Returns false when an alert with the
    /// same key exists already (it fired before).
    pub fn enqueue_alert(&self, alert: &Alert) -> Result<bool> {
        let n = self.tx.execute(
            "INSERT OR IGNORE INTO alert_outbox (dedupe_key, kind, account, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                alert.key,
                alert.kind.as_str(),
                alert.account,
                serde_json::to_string(alert)?,
                ts(alert.created_at)
            ],
        )?;
        Ok(n == 1)
    }

    pub fn set_cursor(&self, c: &Cursor, now: DateTime<Utc>) -> Result<()> {
        self.tx.execute(
            "INSERT INTO sync_cursor (mailbox, folder, uidvalidity, next_uid, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(mailbox, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity,
                 next_uid = excluded.next_uid, updated_at = excluded.updated_at",
            params![c.mailbox, c.folder, c.uidvalidity, c.next_uid, ts(now)],
        )?;
        Ok(())
    }

    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

mod dkim;
pub use dkim::ProofRow;
mod watch;
pub use watch::MailboxWatch;

#[cfg(test)]
mod tests;
