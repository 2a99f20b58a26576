//! `optout log`, `optout expect-code`, `optout mark`: the event history and
//! the manual commands that add to it.

use super::{known_account, UsageError};
use crate::config::Config;
use crate::model::State;
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::t;
use crate::text;
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
    let lang = cfg.alerts.lang();
    if events.is_empty() {
        println!("{}", t!(lang, "log-no-events"));
        return Ok(());
    }
    for e in events {
        let when = e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
        let mut what = text::event_kind_name(&e.kind, lang);
        if let Some(s) = &e.state {
            let state = s
                .parse::<State>()
                .map(|st| text::state_name(st, lang))
                .unwrap_or_else(|_| s.clone());
            what = t!(lang, "log-mark", state = state);
        }
        let mut details = Vec::new();
        if let Some(c) = &e.code {
            details.push(t!(lang, "log-code", code = c));
        }
        if let (Some(m), Some(f)) = (&e.mailbox, &e.folder) {
            details.push(t!(lang, "log-in-folder", mailbox = m, folder = f));
        }
        if let Some(s) = &e.subject {
            details.push(t!(lang, "log-subject", subject = s));
        }
        // The classifier's reason names what matched (rule ids, quoted
        // text): it is shown as recorded.
        if let Some(r) = &e.reason {
            details.push(format!("({r})"));
        }
        println!(
            "{when}  {:<16} {:<20} {}",
            e.account,
            what,
            details.join(" ")
        );
    }
    Ok(())
}

pub fn expect_code(
    pipeline: &Pipeline,
    mut store: Store,
    account: &str,
    force: bool,
) -> Result<()> {
    let acct = known_account(&pipeline.config, account)?;
    let lang = pipeline.config.alerts.lang();
    // An accepted objection is finished: reopening it takes a decision.
    if !force {
        let row = store.accounts()?.into_iter().find(|r| r.id == account);
        if let Some(t) = row
            .map(|r| r.tracked)
            .filter(|t| t.state == State::Accepted)
        {
            return Err(UsageError(t!(
                lang,
                "expect-accepted-needs-force",
                account = account,
                provider = super::status::provider_name(&acct.platform),
                date = crate::alerts::text::date(t.decided_at.unwrap_or(t.since), lang)
            ))
            .into());
        }
    }
    let timeout = humantime::format_duration(pipeline.config.alerts.code_timeout).to_string();
    pipeline.command(&mut store, account, Input::ExpectCode, Utc::now())?;
    println!(
        "{}",
        t!(
            lang,
            "log-expect-code-waiting",
            account = account,
            timeout = timeout
        )
    );
    println!("{}", watcher_line(&pipeline.config, account, lang));
    Ok(())
}

/// Whether anyone will see the code arrive: a watcher on this database,
/// or how to start one.
fn watcher_line(cfg: &Config, account: &str, lang: text::Lang) -> String {
    let db = cfg.store_path();
    match crate::lock::watcher(&db) {
        Ok(Some(holder)) => t!(
            lang,
            "expect-watcher-running",
            pid = match holder.pid {
                Some(pid) => t!(lang, "expect-watcher-pid", pid = pid),
                None => t!(lang, "expect-watcher-unknown-pid"),
            }
        ),
        // An unreadable lock file says nothing about a watcher: say how
        // to start one, which is harmless if one runs.
        Ok(None) | Err(_) => t!(
            lang,
            "expect-no-watcher",
            db = db.display(),
            account = account
        ),
    }
}

pub fn mark(pipeline: &Pipeline, mut store: Store, account: &str, state: &str) -> Result<()> {
    known_account(&pipeline.config, account)?;
    let lang = pipeline.config.alerts.lang();
    let state: State = state.parse().map_err(|_| {
        let all: Vec<_> = State::ALL.iter().map(|s| s.as_str()).collect();
        UsageError(t!(
            lang,
            "log-mark-unknown-state",
            state = state,
            known = all.join(", ")
        ))
    })?;
    let tracked = pipeline.command(&mut store, account, Input::Mark(state), Utc::now())?;
    println!(
        "{}",
        t!(
            lang,
            "log-marked",
            account = account,
            state = text::state_name(tracked.state, lang)
        )
    );
    Ok(())
}
