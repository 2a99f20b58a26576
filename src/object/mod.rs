//! `optout object ACCOUNT`: the live flow for the moment the person sits
//! at the provider's objection form.
//!
//! It shows (and opens) the form of the account's platform (`form_url` in
//! the provider rules), the address to type and a justification text (data:
//! `justification.{de,en}.toml`), starts expecting a code (as
//! `expect-code`), then waits on one status line until the code is
//! committed, and prints it. Who watches the mailbox:
//!
//! - `optout watch` runs (it holds the database's watcher lock): `object`
//!   opens no IMAP connection and follows the daemon's commits through
//!   SQLite's `PRAGMA data_version`;
//! - otherwise `object` takes the lock and runs the watcher itself for the
//!   account's mailbox ([`watcher::watch_one_mailbox`]), alert sinks
//!   included, until the code is there.
//!
//! - [`view`]: pure: status line, code frame, advice
//! - [`screen`]: redraw in place on a terminal, one line per event elsewhere
//! - [`watcher`]: the one coupling to the watcher
//! - [`announce`]: the code line of `optout watch` on a terminal

pub mod announce;
pub mod screen;
pub mod view;
pub mod watcher;

use crate::alerts::desktop::{clipboard_tool, copy_to_clipboard};
use crate::config::{Account, Mailbox};
use crate::imap::folders::is_spam_name;
use crate::lock::{self, AlreadyRunning};
use crate::model::State;
use crate::pipeline::Pipeline;
use crate::service;
use crate::store::Store;
use crate::t;
use crate::text::Lang;
use crate::tracker::Input;
use anyhow::Result;
use chrono::{DateTime, Utc};
use screen::Screen;
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use view::{FolderState, How, Watching};

/// How often the store is asked whether someone committed (`PRAGMA
/// data_version`: one cheap read); the code is seen at most this late.
pub const COMMIT_CHECK: Duration = Duration::from_millis(20);
/// How often, while a daemon watches, `object` looks whether it still runs.
const DAEMON_CHECK: Duration = Duration::from_secs(2);
/// How long the own watcher may take to log out after the code.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub open_browser: bool,
    /// Give up (exit 1) after this long without a code.
    pub timeout: Duration,
}

/// How the wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Code(String),
    TimedOut,
    Interrupted,
}

/// The justification texts of one language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Justification {
    pub short: String,
    pub long: String,
}

pub fn justification(lang: Lang) -> Justification {
    let text = match lang {
        Lang::De => include_str!("justification.de.toml"),
        Lang::En => include_str!("justification.en.toml"),
    };
    let j: Justification = toml::from_str(text).expect("the embedded justification parses");
    Justification {
        short: j.short.trim().to_owned(),
        long: j.long.trim().to_owned(),
    }
}

/// "facebook" → "Facebook".
fn display_platform(p: &str) -> String {
    let mut c = p.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Who watches the mailbox while `object` waits.
enum Watcher {
    /// `optout watch` (pid, as its lock file says).
    Daemon(String),
    /// This process: the lock is ours, the watcher task runs.
    Own {
        _lock: lock::WatchLock,
        task: tokio::task::JoinHandle<Result<()>>,
    },
}

/// The whole flow; the caller maps the outcome to an exit code.
pub async fn run(
    pipeline: Arc<Pipeline>,
    mut store: Store,
    account: &Account,
    opts: &Options,
) -> Result<Outcome> {
    let lang = opts.lang;
    let cfg = &pipeline.config;
    let mailbox = cfg
        .mailboxes
        .iter()
        .find(|m| m.name == account.mailbox)
        .expect("the config checks every account's mailbox")
        .clone();
    let platform = display_platform(&account.platform);
    let mut screen = Screen::stdout();

    // The form, the address, the text.
    match pipeline.classifier.form_url(&account.platform) {
        Some(url) => {
            screen.line(&t!(lang, "object-form-title", platform = platform.as_str()));
            screen.line(&format!("  {url}"));
            if opts.open_browser {
                match open::that_detached(url) {
                    Ok(()) => screen.line(&format!("  {}", t!(lang, "object-form-opened"))),
                    Err(e) => {
                        screen.line(&t!(lang, "object-form-not-opened", error = e.to_string()))
                    }
                }
            }
        }
        None => screen.line(&t!(lang, "object-no-form", platform = platform.as_str())),
    }
    let address = account
        .address
        .clone()
        .or_else(|| mailbox.user.contains('@').then(|| mailbox.user.clone()));
    screen.line(&match &address {
        Some(a) => t!(lang, "object-address", address = a.as_str()),
        None => t!(
            lang,
            "object-address-unknown",
            mailbox = mailbox.name.as_str()
        ),
    });
    let text = justification(lang);
    screen.line("");
    screen.line(&t!(lang, "object-justification-intro"));
    screen.line(&format!("  {}", t!(lang, "object-justification-short")));
    screen.line(&format!("  {}", text.short));
    screen.line(&format!("  {}", t!(lang, "object-justification-long")));
    for para in text.long.lines() {
        screen.line(&format!("  {para}"));
    }
    let clipboard = clipboard_tool();
    if let Some(tool) = &clipboard {
        if copy_to_clipboard(tool, &text.long).is_ok() {
            screen.line(&t!(lang, "object-justification-copied"));
        }
    }
    screen.line("");

    // Who watches: a running `optout watch`, or we.
    let (report_tx, mut report) = watch::channel(Watching::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let store_path = cfg.store_path();
    let mut watcher = match lock::acquire_watch_lock(&store_path) {
        Ok(l) => Watcher::Own {
            _lock: l,
            task: tokio::spawn(watcher::watch_one_mailbox(
                pipeline.clone(),
                mailbox.clone(),
                stop_rx.clone(),
                report_tx.clone(),
            )),
        },
        Err(e) => match e.downcast_ref::<AlreadyRunning>() {
            Some(r) => Watcher::Daemon(r.pid.trim_start_matches(", pid ").to_owned()),
            None => return Err(e),
        },
    };

    // "I just asked for a code."
    let asked = Utc::now();
    pipeline.command(&mut store, &account.id, Input::ExpectCode, asked)?;
    screen.line(&t!(lang, "object-press-send"));

    let started = Instant::now();
    let mut watching = Watching::default();
    let mut seen_version: Option<i64> = None;
    let mut advised = false;
    let mut last_daemon_check = Instant::now();
    let mut tick = tokio::time::interval(COMMIT_CHECK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let outcome = loop {
        tokio::select! {
            _ = &mut ctrl_c => break Outcome::Interrupted,
            changed = report.changed() => {
                if changed.is_ok() {
                    watching = report.borrow_and_update().clone();
                }
            }
            _ = tick.tick() => {}
        }
        let version = store.data_version()?;
        if seen_version != Some(version) {
            seen_version = Some(version);
            if let Watcher::Daemon(pid) = &watcher {
                watching = daemon_view(&store, &mailbox, pid)?;
            }
            if let Some(found) = code_since(&store, &account.id, asked)? {
                let spam = found
                    .folder
                    .as_deref()
                    .map(|f| folder_is_spam(f, &watching, &mailbox));
                let where_ =
                    view::found_where(found.folder.as_deref(), spam.unwrap_or(false), lang);
                screen.end_status();
                if screen.terminal {
                    screen.line("");
                    for l in view::code_box(&found.code) {
                        screen.line(&l);
                    }
                    screen.line(&t!(
                        lang,
                        "object-code-title",
                        platform = platform.as_str(),
                        where = where_.as_str()
                    ));
                } else {
                    screen.line(&t!(
                        lang,
                        "object-code-line",
                        code = found.code.as_str(),
                        account = account.id.as_str(),
                        platform = account.platform.as_str(),
                        where = where_.as_str()
                    ));
                }
                if let Some(tool) = &clipboard {
                    if copy_to_clipboard(tool, &found.code).is_ok() {
                        screen.line(&t!(lang, "object-code-copied"));
                    }
                }
                break Outcome::Code(found.code);
            }
        }
        // The daemon may stop while we wait: then we watch ourselves.
        if let Watcher::Daemon(_) = watcher {
            if last_daemon_check.elapsed() >= DAEMON_CHECK {
                last_daemon_check = Instant::now();
                if let Ok(l) = lock::acquire_watch_lock(&store_path) {
                    screen.line(&t!(lang, "object-daemon-gone"));
                    watcher = Watcher::Own {
                        _lock: l,
                        task: tokio::spawn(watcher::watch_one_mailbox(
                            pipeline.clone(),
                            mailbox.clone(),
                            stop_rx.clone(),
                            report_tx.clone(),
                        )),
                    };
                }
            }
        }
        let waited = started.elapsed();
        let folders = view::folders_line(&watching, lang);
        screen.status(&view::status_line(waited, &watching, lang), &folders);
        if !advised && waited >= cfg.alerts.code_timeout {
            advised = true;
            for l in view::advice(waited, &watching, lang) {
                screen.line(&l);
            }
        }
        if waited >= opts.timeout {
            screen.end_status();
            for l in view::advice(waited, &watching, lang) {
                screen.line(&l);
            }
            break Outcome::TimedOut;
        }
    };
    screen.end_status();

    // Stop our own watcher (LOGOUT, the last alerts delivered).
    let _ = stop_tx.send(true);
    if let Watcher::Own { task, .. } = watcher {
        match tokio::time::timeout(SHUTDOWN_GRACE, task).await {
            Ok(Ok(Err(e))) => tracing::warn!("watcher: {e:#}"),
            Ok(Err(e)) => tracing::warn!("watcher: {e}"),
            Err(_) => tracing::warn!("the watcher did not stop in time"),
            Ok(Ok(Ok(()))) => {}
        }
        if matches!(outcome, Outcome::Code(_)) {
            next_steps(&mut screen, lang, None);
        }
    } else if let (Watcher::Daemon(pid), Outcome::Code(_)) = (&watcher, &outcome) {
        next_steps(&mut screen, lang, Some(pid));
    }
    Ok(outcome)
}

/// What happens after the code, and whether optout keeps watching.
fn next_steps(screen: &mut Screen, lang: Lang, daemon: Option<&str>) {
    screen.line("");
    screen.line(&t!(lang, "object-next"));
    if daemon.is_some() {
        screen.line(&t!(lang, "object-next-daemon"));
        return;
    }
    let manager = service::Manager::current();
    match service::service_file(manager) {
        Ok(path) if path.exists() => screen.line(&t!(
            lang,
            "object-next-service",
            hint = service::enable_hint(manager, &path)
        )),
        _ => screen.line(&t!(lang, "object-next-install")),
    }
}

/// A code that answers the `expect-code` made at `asked`.
struct Found {
    code: String,
    folder: Option<String>,
}

fn code_since(store: &Store, account: &str, asked: DateTime<Utc>) -> Result<Option<Found>> {
    let Some(row) = store.accounts()?.into_iter().find(|r| r.id == account) else {
        return Ok(None);
    };
    let t = row.tracked;
    // `expecting_since` as stored may have lost sub-second digits.
    let ours = t
        .expecting_since
        .is_some_and(|e| e >= asked - chrono::Duration::seconds(1));
    Ok(match (t.state, t.code) {
        (State::CodeReceived, Some(code)) if ours => Some(Found {
            code,
            folder: t.code_folder,
        }),
        _ => None,
    })
}

/// The watched folders other than INBOX are the spam folders, unless the
/// config names the folders itself (then by name).
fn folder_is_spam(folder: &str, watching: &Watching, m: &Mailbox) -> bool {
    if let Some(f) = watching.folders.iter().find(|f| f.name == folder) {
        return f.spam;
    }
    !folder.eq_ignore_ascii_case("INBOX")
        && (m.folders.is_none()
            || is_spam_name(folder, Some("."))
            || is_spam_name(folder, Some("/")))
}

/// What the daemon watches, as far as the store tells: the folders it has
/// synced.
fn daemon_view(store: &Store, m: &Mailbox, pid: &str) -> Result<Watching> {
    let empty = Watching::default();
    let folders = store
        .synced_folders(&m.name)?
        .into_iter()
        .map(|r| FolderState {
            spam: folder_is_spam(&r.folder, &empty, m),
            name: r.folder,
            how: How::Daemon,
        })
        .collect();
    Ok(Watching {
        folders,
        daemon: Some(pid.to_owned()),
        error: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_come_from_the_rules_and_threads_uses_instagrams() {
        let rules = crate::classify::Classifier::builtin();
        let fb = rules.form_url("facebook").unwrap();
        let ig = rules.form_url("instagram").unwrap();
        assert!(
            fb.starts_with("https://www.facebook.com/help/contact/"),
            "{fb}"
        );
        assert!(
            ig.starts_with("https://help.instagram.com/contact/"),
            "{ig}"
        );
        assert_eq!(rules.form_url("threads"), Some(ig));
        assert_eq!(rules.form_url("slack"), None);
    }

    #[test]
    fn both_justifications_parse_and_say_art_21() {
        for lang in Lang::ALL {
            let j = justification(lang);
            assert!(j.short.contains("21"), "{lang:?}");
            assert!(j.long.len() > j.short.len(), "{lang:?}");
        }
    }
}
