//! `optout status`: where each objection stands.

use super::known_account;
use crate::config::Config;
use crate::store::{AccountRow, Store};
use crate::text;
use crate::tracker;
use anyhow::Result;
use chrono::{DateTime, Local, Utc};
use serde_json::json;

pub fn run(cfg: &Config, store: &Store, account: Option<&str>, as_json: bool) -> Result<()> {
    if let Some(id) = account {
        known_account(cfg, id)?;
    }
    let now = Utc::now();
    let rows: Vec<AccountRow> = store
        .accounts()?
        .into_iter()
        .filter(|r| cfg.accounts.iter().any(|a| a.id == r.id))
        .filter(|r| account.is_none_or(|id| r.id == id))
        .collect();
    if as_json {
        let out: Vec<_> = rows.iter().map(|r| to_json(cfg, r, now)).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!(
            "No accounts tracked. Add an [[account]] to {}",
            cfg.path.display()
        );
        return Ok(());
    }
    print!("{}", table(cfg, &rows, now));
    Ok(())
}

/// One account as `status --json` prints it (the schema in DESIGN.md).
pub fn to_json(cfg: &Config, r: &AccountRow, now: DateTime<Utc>) -> serde_json::Value {
    let timeouts = cfg.alerts.timeouts();
    let flags: Vec<_> = tracker::flags(&r.tracked, now, &timeouts, &Local)
        .into_iter()
        .map(|f| f.as_str())
        .collect();
    let step = tracker::next_step(&r.tracked, now, &timeouts, &Local);
    json!({
        "account": r.id,
        "platform": r.platform,
        "mailbox": r.mailbox,
        "address": r.address,
        "state": r.tracked.state,
        "since": r.tracked.since,
        "code": r.tracked.code,
        "code_folder": r.tracked.code_folder,
        "flags": flags,
        "submitted_at": r.tracked.submitted_at,
        "deadline": r.tracked.submitted_at.map(deadline),
        "next_step": text::next_step(step, &r.id, cfg.alerts.lang()),
        "last_event": r.last_event,
    })
}

/// The one-month deadline as the person reads it: the last day on which
/// the provider may answer, a calendar date in the local time zone
/// ("2026-11-14"); `deadline_passed` is set from the start of the next day.
pub fn deadline(submitted_at: DateTime<Utc>) -> String {
    tracker::deadline(submitted_at, &Local)
        .format("%Y-%m-%d")
        .to_string()
}

fn table(cfg: &Config, rows: &[AccountRow], now: DateTime<Utc>) -> String {
    let lang = cfg.alerts.lang();
    let timeouts = cfg.alerts.timeouts();
    let header = ["ACCOUNT", "PLATFORM", "STATE", "SINCE", "CODE", "FLAGS"];
    let body: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let flags: Vec<_> = tracker::flags(&r.tracked, now, &timeouts, &Local)
                .into_iter()
                .map(|f| f.as_str())
                .collect();
            let code = match (&r.tracked.code, &r.tracked.code_folder) {
                (Some(c), Some(f)) => format!("{c} ({f})"),
                (Some(c), None) => c.clone(),
                _ => "-".into(),
            };
            [
                r.id.clone(),
                r.platform.clone(),
                r.tracked.state.to_string(),
                text::ago(r.tracked.since, now, lang),
                code,
                if flags.is_empty() {
                    "-".into()
                } else {
                    flags.join(",")
                },
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &body {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_owned() + "\n"
    };
    let mut out = line(&header.map(String::from));
    for (row, r) in body.iter().zip(rows) {
        out.push_str(&line(row));
        let step = tracker::next_step(&r.tracked, now, &timeouts, &Local);
        out.push_str(&format!("  → {}\n", text::next_step(step, &r.id, lang)));
    }
    out
}
