//! `optout log`, `optout expect-code`, `optout mark`: the event history and
//! the manual commands that add to it.

use super::{known_account, UsageError};
use crate::config::Config;
use crate::model::State;
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::tracker::Input;
use anyhow::Result;
use chrono::{Local, Utc};

pub fn log(cfg: &Config, store: &Store, account: Option<&str>, as_json: bool) -> Result<()> {
    if let Some(id) = account {
        known_account(cfg, id)?;
    }
    let events = store.events(account)?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&events)?);
        return Ok(());
    }
    if events.is_empty() {
        println!("No events yet.");
        return Ok(());
    }
    for e in events {
        let when = e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
        let mut what = e.kind.clone();
        if let Some(s) = &e.state {
            what = format!("mark {s}");
        }
        let mut details = Vec::new();
        if let Some(c) = &e.code {
            details.push(format!("code {c}"));
        }
        if let (Some(m), Some(f)) = (&e.mailbox, &e.folder) {
            details.push(format!("in {m}/{f}"));
        }
        if let Some(s) = &e.subject {
            details.push(format!("\"{s}\""));
        }
        if let Some(r) = &e.reason {
            details.push(format!("({r})"));
        }
        println!(
            "{when}  {:<16} {:<14} {}",
            e.account,
            what,
            details.join(" ")
        );
    }
    Ok(())
}

pub fn expect_code(pipeline: &Pipeline, mut store: Store, account: &str) -> Result<()> {
    known_account(&pipeline.config, account)?;
    let timeout = humantime::format_duration(pipeline.config.alerts.code_timeout).to_string();
    pipeline.command(&mut store, account, Input::ExpectCode, Utc::now())?;
    println!("{account}: waiting for the code. If none arrives within {timeout}, check the spam folder; `optout watch` tells you when it comes.");
    Ok(())
}

pub fn mark(pipeline: &Pipeline, mut store: Store, account: &str, state: &str) -> Result<()> {
    known_account(&pipeline.config, account)?;
    let state: State = state.parse().map_err(UsageError)?;
    let tracked = pipeline.command(&mut store, account, Input::Mark(state), Utc::now())?;
    println!("{account}: now {}", tracked.state);
    Ok(())
}
