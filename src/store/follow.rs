//! Reads for a process that follows another one's commits (`optout
//! object` while `optout watch` runs, the code line of `watch` on a
//! terminal): which folders a mailbox's watcher has synced, and the code
//! alerts committed since a given one.

use super::{parse_ts, Store};
use crate::model::{Alert, AlertKind};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};

/// A folder the watcher of a mailbox has synced at least once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFolderRow {
    pub folder: String,
    /// When its cursor last moved (new mail, or the first sync).
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// The folders of `mailbox` that have a sync cursor, INBOX first.
    pub fn synced_folders(&self, mailbox: &str) -> Result<Vec<WatchedFolderRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT folder, updated_at FROM sync_cursor WHERE mailbox = ?1
             ORDER BY upper(folder) <> 'INBOX', folder",
        )?;
        let rows = stmt
            .query_map([mailbox], |r| {
                Ok(WatchedFolderRow {
                    folder: r.get(0)?,
                    updated_at: parse_ts(&r.get::<_, String>(1)?)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The id of the newest alert in the outbox (0 when empty).
    pub fn last_alert_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM alert_outbox", [], |r| {
                r.get(0)
            })?)
    }

    /// The `code_received` alerts with an id above `after`, oldest first.
    pub fn code_alerts_after(&self, after: i64) -> Result<Vec<(i64, Alert)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, payload FROM alert_outbox WHERE id > ?1 AND kind = ?2 ORDER BY id",
        )?;
        let rows = stmt
            .query_map(
                rusqlite::params![after, AlertKind::CodeReceived.as_str()],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, payload)| {
                let alert = serde_json::from_str(&payload)
                    .with_context(|| format!("alert {id} in the outbox is not readable"))?;
                Ok((id, alert))
            })
            .collect()
    }
}
