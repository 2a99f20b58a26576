//! `optout status`: where each objection stands.

use super::known_account;
use crate::config::Config;
use crate::model::{AlertKind, State};
use crate::store::{AccountRow, Store};
use crate::t;
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
        let unreviewed = unreviewed(store)?;
        let watch = watch_states(cfg, store);
        let out: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut j = to_json(cfg, r, now);
                j["unrecognised"] = json!(unreviewed.get(&r.id).copied().unwrap_or(0));
                j["watch"] = watch_json(&r.mailbox, watch.get(&r.mailbox));
                j
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    let lang = cfg.alerts.lang();
    if rows.is_empty() {
        println!(
            "{}",
            t!(lang, "status-no-accounts", path = cfg.path.display())
        );
        return Ok(());
    }
    let warnings = recent_warnings(store, now)?;
    let unreviewed = unreviewed(store)?;
    print!("{}", table(cfg, &rows, &warnings, &unreviewed, now));
    print!("{}", watch_lines(cfg, store, &rows, now));
    Ok(())
}

/// Each mailbox's watch state as the daemon last wrote it (none for a
/// mailbox it never watched). A database it cannot read shows nothing.
fn watch_states(
    cfg: &Config,
    store: &Store,
) -> std::collections::HashMap<String, crate::store::MailboxWatch> {
    let mut out = std::collections::HashMap::new();
    for m in &cfg.mailboxes {
        if let Ok(Some(w)) = store.watch_state(&m.name) {
            out.insert(m.name.clone(), w);
        }
    }
    out
}

/// A mailbox's watch state in `status --json` (the account's `watch`).
fn watch_json(mailbox: &str, w: Option<&crate::store::MailboxWatch>) -> serde_json::Value {
    let Some(w) = w else {
        return json!({ "mailbox": mailbox, "state": "unknown", "folders": [] });
    };
    let state = if w.unwatchable_since.is_some() {
        "unwatchable"
    } else {
        "watched"
    };
    json!({
        "mailbox": mailbox,
        "state": state,
        "unwatchable_since": w.unwatchable_since,
        "alerted": w.alerted,
        "last_sync": w.last_sync,
        "last_error": w.last_error.as_ref().map(|(at, f)| json!({
            "at": at,
            "problem": f.problem.as_str(),
            "message": f.message,
        })),
        "updated_at": w.updated_at,
        "folders": w.folders.iter().map(|(name, f)| json!({
            "name": name,
            "watch": f.mode.map(|m| m.as_str()),
            "last_sync": f.last_sync,
            "failing_since": f.failure.as_ref().map(|x| x.since),
            "problem": f.failure.as_ref().map(|x| x.problem.as_str()),
            "error": f.failure.as_ref().map(|x| x.message.as_str()),
        })).collect::<Vec<_>>(),
    })
}

/// Under the table: how each shown account's mailbox is watched.
fn watch_lines(cfg: &Config, store: &Store, rows: &[AccountRow], now: DateTime<Utc>) -> String {
    use crate::alerts::watch_text::reason;
    let lang = cfg.alerts.lang();
    let states = watch_states(cfg, store);
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        if !seen.insert(r.mailbox.clone()) {
            continue;
        }
        if out.is_empty() {
            out.push_str(&format!("\n{}\n", t!(lang, "watch-status-heading")));
        }
        let Some(w) = states.get(&r.mailbox) else {
            out.push_str(&format!(
                "  {}  ? {}\n",
                r.mailbox,
                t!(lang, "watch-status-never")
            ));
            continue;
        };
        let folders: Vec<String> = w
            .folders
            .iter()
            .map(|(name, f)| {
                let how = match (&f.failure, f.mode) {
                    (Some(_), _) => "✗".to_owned(),
                    (None, Some(crate::imap::health::Mode::Idle)) => "IDLE".to_owned(),
                    (None, Some(crate::imap::health::Mode::Poll)) => t!(lang, "watch-status-poll"),
                    (None, None) => "…".to_owned(),
                };
                format!("{name} {how}")
            })
            .collect();
        let synced = match w.last_sync {
            Some(t) => t!(lang, "watch-status-synced", ago = text::ago(t, now, lang)),
            None => t!(lang, "watch-status-never-synced"),
        };
        let mut line = match w.unwatchable_since {
            None => format!("  {}  ✓ {}", r.mailbox, t!(lang, "watch-status-watched")),
            Some(since) => {
                let why = w
                    .last_error
                    .as_ref()
                    .map(|(_, f)| reason(f.problem, lang))
                    .unwrap_or_default();
                format!(
                    "  {}  ✗ {}",
                    r.mailbox,
                    t!(
                        lang,
                        "watch-status-unwatchable",
                        ago = text::ago(since, now, lang),
                        reason = why
                    )
                )
            }
        };
        if !folders.is_empty() {
            line.push_str(&format!(" · {}", folders.join(", ")));
        }
        line.push_str(&format!(" · {synced}"));
        if let (None, Some((at, f))) = (w.unwatchable_since, &w.last_error) {
            line.push_str(&format!(
                " · {}",
                t!(
                    lang,
                    "watch-status-last-error",
                    ago = text::ago(*at, now, lang),
                    reason = reason(f.problem, lang)
                )
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The CODE column: the code and its folder while it can still be
/// entered, marked expired after `code_valid`; after submission the old
/// code is history (`optout log`) and not shown.
fn code_cell(
    t: &tracker::Tracked,
    now: DateTime<Utc>,
    timeouts: &tracker::Timeouts,
    lang: text::Lang,
) -> String {
    let Some(code) = t.code.as_ref().filter(|_| t.state == State::CodeReceived) else {
        return "-".into();
    };
    let mut notes: Vec<String> = t.code_folder.iter().cloned().collect();
    if tracker::code_expired(t, now, timeouts) {
        notes.push(t!(lang, "status-code-expired"));
    }
    if notes.is_empty() {
        code.clone()
    } else {
        format!("{code} ({})", notes.join(", "))
    }
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
        "code_valid_until": tracker::code_valid_until(&r.tracked, &timeouts),
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

/// How far back `status` looks for unexpected codes and phishing mails.
const WARNINGS_DAYS: i64 = 7;

/// Per account: unexpected codes and mails posing as the provider of the
/// last days (someone may be trying to log in, or to phish).
#[derive(Debug, Default, Clone, Copy)]
struct Warnings {
    unexpected_codes: u32,
    phishing: u32,
}

fn recent_warnings(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<std::collections::HashMap<String, Warnings>> {
    let since = now - chrono::Duration::days(WARNINGS_DAYS);
    let mut out = std::collections::HashMap::<String, Warnings>::new();
    for (alert, _) in store.all_alerts()? {
        if alert.created_at < since {
            continue;
        }
        let w = out.entry(alert.account.clone()).or_default();
        match alert.kind {
            AlertKind::CodeReceived if alert.unexpected => w.unexpected_codes += 1,
            AlertKind::Suspicious => w.phishing += 1,
            _ => {}
        }
    }
    Ok(out)
}

/// Who sent a platform's mail: Meta answers for Facebook, Instagram and
/// Threads.
pub(super) fn provider_name(platform: &str) -> String {
    match platform {
        "facebook" | "instagram" | "threads" => "Meta".into(),
        other => crate::alerts::text::platform_name(other),
    }
}

/// Per account: provider mails waiting for `optout review`.
fn unreviewed(store: &Store) -> Result<std::collections::HashMap<String, u32>> {
    let mut out = std::collections::HashMap::new();
    for e in store.unreviewed(None)? {
        *out.entry(e.account).or_insert(0) += 1;
    }
    Ok(out)
}

fn table(
    cfg: &Config,
    rows: &[AccountRow],
    warnings: &std::collections::HashMap<String, Warnings>,
    unreviewed: &std::collections::HashMap<String, u32>,
    now: DateTime<Utc>,
) -> String {
    let lang = cfg.alerts.lang();
    let timeouts = cfg.alerts.timeouts();
    let header = [
        t!(lang, "status-col-account"),
        t!(lang, "status-col-platform"),
        t!(lang, "status-col-state"),
        t!(lang, "status-col-since"),
        t!(lang, "status-col-code"),
        t!(lang, "status-col-deadline"),
        t!(lang, "status-col-flags"),
    ];
    let body: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let flags: Vec<_> = tracker::flags(&r.tracked, now, &timeouts, &Local)
                .into_iter()
                .map(|f| text::flag_name(f, lang))
                .collect();
            let code = code_cell(&r.tracked, now, &timeouts, lang);
            // The deadline matters while the objection waits for an answer.
            let deadline = match (r.tracked.state, r.tracked.submitted_at) {
                (State::Submitted, Some(at)) => {
                    crate::alerts::text::day(tracker::deadline(at, &Local), lang)
                }
                _ => "-".into(),
            };
            [
                r.id.clone(),
                crate::alerts::text::platform_name(&r.platform),
                text::state_name(r.tracked.state, lang),
                text::ago(r.tracked.since, now, lang),
                code,
                deadline,
                if flags.is_empty() {
                    "-".into()
                } else {
                    flags.join(", ")
                },
            ]
        })
        .collect();
    let mut widths = header.clone().map(|h| h.chars().count());
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
    let mut out = line(&header);
    for (row, r) in body.iter().zip(rows) {
        out.push_str(&line(row));
        let step = tracker::next_step(&r.tracked, now, &timeouts, &Local);
        out.push_str(&format!("  → {}\n", text::next_step(step, &r.id, lang)));
        if let Some(&n) = unreviewed.get(&r.id) {
            out.push_str(&format!(
                "  ? {}\n",
                t!(
                    lang,
                    "review-status-line",
                    n = n,
                    p = provider_name(&r.platform)
                )
            ));
        }
        let w = warnings.get(&r.id).copied().unwrap_or_default();
        if w.unexpected_codes + w.phishing > 0 {
            out.push_str(&format!(
                "  ! {}\n",
                t!(
                    lang,
                    "status-recent-warnings",
                    codes = w.unexpected_codes,
                    phishing = w.phishing,
                    days = WARNINGS_DAYS,
                    account = &r.id
                )
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::{apply, Input, Tracked};
    use chrono::TimeZone;

    fn config(alerts: &str) -> Config {
        Config::parse(
            &format!(
                "[[mailbox]]\nname = \"gmx\"\nhost = \"imap.gmx.net\"\nuser = \"max@gmx.de\"\npassword_env = \"PW\"\n\n\
                 [[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"gmx\"\n\n[alerts]\nlanguage = \"en\"\n{alerts}\n"
            ),
            std::path::Path::new("/tmp/optout.toml"),
        )
        .unwrap()
    }

    fn row(tracked: Tracked) -> AccountRow {
        AccountRow {
            id: "fb".into(),
            platform: "facebook".into(),
            mailbox: "gmx".into(),
            address: None,
            created_at: tracked.since,
            tracked,
            last_event: None,
        }
    }

    fn code_at(at: DateTime<Utc>) -> Tracked {
        let asked = apply(&Tracked::new(at), &Input::ExpectCode, at).0;
        apply(
            &asked,
            &Input::Mail {
                kind: crate::model::ObservationKind::Code,
                code: Some("123456".into()),
                folder: Some("Spam".into()),
            },
            at,
        )
        .0
    }

    fn render(cfg: &Config, t: Tracked, now: DateTime<Utc>, w: Warnings) -> String {
        let warnings = [("fb".to_owned(), w)].into_iter().collect();
        table(cfg, &[row(t)], &warnings, &Default::default(), now)
    }

    #[test]
    fn a_code_past_its_validity_says_ask_for_a_new_one() {
        let cfg = config("");
        let arrived = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let fresh = render(
            &cfg,
            code_at(arrived),
            arrived + chrono::Duration::minutes(59),
            Warnings::default(),
        );
        assert!(fresh.contains("123456 (Spam)"), "{fresh}");
        assert!(fresh.contains("enter the code in the form"), "{fresh}");
        // The default validity is one hour.
        let old = render(
            &cfg,
            code_at(arrived),
            arrived + chrono::Duration::minutes(60),
            Warnings::default(),
        );
        assert!(old.contains("123456 (Spam, expired)"), "{old}");
        assert!(
            old.contains(
                "this code has expired — ask for a new one in the form (`optout object fb`"
            ),
            "{old}"
        );
        assert!(!old.contains("enter the code"), "{old}");
        // `[alerts] code_valid` sets it.
        let cfg = config("code_valid = \"10m\"");
        let old = render(
            &cfg,
            code_at(arrived),
            arrived + chrono::Duration::minutes(11),
            Warnings::default(),
        );
        assert!(old.contains("this code has expired"), "{old}");
        let j = to_json(&cfg, &row(code_at(arrived)), arrived);
        assert_eq!(j["code_valid_until"], "2026-03-02T10:10:00Z");
    }

    #[test]
    fn after_submission_the_code_is_gone_and_the_deadline_is_shown() {
        let cfg = config("");
        let arrived = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let submitted = apply(
            &code_at(arrived),
            &Input::Mark(State::Submitted),
            arrived + chrono::Duration::minutes(5),
        )
        .0;
        let out = render(
            &cfg,
            submitted,
            arrived + chrono::Duration::days(2),
            Warnings::default(),
        );
        assert!(!out.contains("123456"), "{out}");
        assert!(out.contains("DEADLINE"), "{out}");
        let last_day = tracker::deadline(arrived + chrono::Duration::minutes(5), &Local);
        assert!(
            out.contains(&crate::alerts::text::day(last_day, text::Lang::En)),
            "{out}"
        );
    }

    #[test]
    fn unexpected_codes_and_phishing_appear_under_the_account() {
        let cfg = config("");
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let out = render(
            &cfg,
            Tracked::new(now),
            now,
            Warnings {
                unexpected_codes: 2,
                phishing: 1,
            },
        );
        let line = out.lines().find(|l| l.starts_with("  ! ")).unwrap_or("");
        assert_eq!(
            line,
            "  ! in the last 7 days: 2 unexpected security codes, 1 mail posing as the provider (phishing?) — details: `optout log fb`",
            "{out}"
        );
        let none = render(&cfg, Tracked::new(now), now, Warnings::default());
        assert!(!none.contains("  ! "), "{none}");
    }
}
