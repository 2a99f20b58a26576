//! The store's part of DKIM proof: archived keys and, per event, how its
//! authenticity was decided (migration 0002_dkim.sql).

use super::{parse_opt_ts, parse_ts, ts, Store, Tx};
use crate::verify::dkim::KeyRecord;
use crate::verify::Verdict;
use anyhow::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// How one event's mail was authenticated, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofRow {
    pub auth_by: Option<String>,
    pub dkim: Option<String>,
    pub domain: Option<String>,
    pub selector: Option<String>,
    pub detail: Option<String>,
    pub arrived: Option<DateTime<Utc>>,
    pub key: Option<KeyRecord>,
}

impl Tx<'_> {
    /// Keep a key; the first fetch of a given record is the one kept.
    /// Returns its id.
    pub fn archive_key(&self, k: &KeyRecord) -> Result<i64> {
        self.tx.execute(
            "INSERT OR IGNORE INTO dkim_key (domain, selector, txt, fetched_at, dns_server, ttl, strings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![k.domain, k.selector, k.txt, ts(k.fetched_at), k.dns_server, k.ttl, k.strings],
        )?;
        Ok(self.tx.query_row(
            "SELECT id FROM dkim_key WHERE domain = ?1 AND selector = ?2 AND txt = ?3",
            params![k.domain, k.selector, k.txt],
            |r| r.get(0),
        )?)
    }

    /// Store the verdict (and the key it used) with event `seq`.
    pub fn record_verdict(
        &self,
        seq: i64,
        v: &Verdict,
        arrived: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let key = v.key.as_ref().map(|k| self.archive_key(k)).transpose()?;
        self.tx.execute(
            "UPDATE event SET auth_by = ?2, dkim = ?3, dkim_domain = ?4, dkim_selector = ?5,
                    dkim_key = ?6, auth_detail = ?7, arrived = ?8 WHERE seq = ?1",
            params![
                seq,
                v.by.as_str(),
                v.dkim.as_str(),
                v.domain,
                v.selector,
                key,
                v.detail,
                arrived.map(ts)
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// How event `seq`'s mail was authenticated (all `None` for events
    /// recorded before optout checked DKIM, and for commands).
    pub fn proof(&self, seq: i64) -> Result<Option<ProofRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT e.auth_by, e.dkim, e.dkim_domain, e.dkim_selector, e.auth_detail, e.arrived,
                        k.domain, k.selector, k.txt, k.fetched_at, k.dns_server, k.ttl, k.strings
                 FROM event e LEFT JOIN dkim_key k ON k.id = e.dkim_key WHERE e.seq = ?1",
                [seq],
                |r| {
                    let key = match r.get::<_, Option<String>>(6)? {
                        None => None,
                        Some(domain) => Some(KeyRecord {
                            domain,
                            selector: r.get(7)?,
                            txt: r.get(8)?,
                            fetched_at: parse_ts(&r.get::<_, String>(9)?)?,
                            dns_server: r.get(10)?,
                            ttl: r.get(11)?,
                            strings: r.get(12)?,
                        }),
                    };
                    Ok(ProofRow {
                        auth_by: r.get(0)?,
                        dkim: r.get(1)?,
                        domain: r.get(2)?,
                        selector: r.get(3)?,
                        detail: r.get(4)?,
                        arrived: parse_opt_ts(r.get(5)?)?,
                        key,
                    })
                },
            )
            .optional()?)
    }

    /// Every archived key, oldest first.
    pub fn dkim_keys(&self) -> Result<Vec<KeyRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT domain, selector, txt, fetched_at, dns_server, ttl, strings FROM dkim_key ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(KeyRecord {
                    domain: r.get(0)?,
                    selector: r.get(1)?,
                    txt: r.get(2)?,
                    fetched_at: parse_ts(&r.get::<_, String>(3)?)?,
                    dns_server: r.get(4)?,
                    ttl: r.get(5)?,
                    strings: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
