//! Whether a mailbox is being watched, from what its tasks report: the
//! pure logic behind the "optout cannot see this mailbox" alert and the
//! watch state `status` shows. The tasks only report ([`Reporter`]); the
//! monitor (`watch::monitor`) keeps one [`MailboxHealth`] per mailbox,
//! persists it and raises the alerts [`MailboxHealth::decide`] asks for.

use super::{ImapError, ImapErrorKind};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::time::Duration;

/// After this many refused logins in a row the alert comes at once: the
/// password will not get better by waiting.
pub const REFUSALS: u32 = 3;

/// How a folder is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Idle,
    Poll,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Idle => "idle",
            Mode::Poll => "poll",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "idle" => Some(Mode::Idle),
            "poll" => Some(Mode::Poll),
            _ => None,
        }
    }
}

/// What went wrong, as the alert names it (from the typed [`ImapErrorKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    LoginRefused,
    Credential,
    Dns,
    Connect,
    Tls,
    PlaintextRefused,
    NoAnswer,
    Protocol,
}

impl Problem {
    pub fn of(kind: &ImapErrorKind) -> Problem {
        match kind {
            ImapErrorKind::LoginRefused { .. } => Problem::LoginRefused,
            ImapErrorKind::Credential => Problem::Credential,
            ImapErrorKind::Dns { .. } => Problem::Dns,
            ImapErrorKind::Connect { .. } => Problem::Connect,
            ImapErrorKind::Tls { .. } => Problem::Tls,
            ImapErrorKind::PlaintextRefused { .. } => Problem::PlaintextRefused,
            ImapErrorKind::NoAnswer => Problem::NoAnswer,
            ImapErrorKind::Protocol => Problem::Protocol,
        }
    }
    /// The name in the alert's `detail`, the database and `status --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::LoginRefused => "login_refused",
            Problem::Credential => "credential",
            Problem::Dns => "dns",
            Problem::Connect => "connect",
            Problem::Tls => "tls",
            Problem::PlaintextRefused => "plaintext_refused",
            Problem::NoAnswer => "no_answer",
            Problem::Protocol => "protocol",
        }
    }
    pub fn parse(s: &str) -> Option<Problem> {
        [
            Problem::LoginRefused,
            Problem::Credential,
            Problem::Dns,
            Problem::Connect,
            Problem::Tls,
            Problem::PlaintextRefused,
            Problem::NoAnswer,
            Problem::Protocol,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// One report of a watcher task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// Logged in and planned: these folders, watched so.
    Plan { folders: Vec<(String, Mode)> },
    /// The folder is caught up (after a connect, a fetch, a poll round).
    Synced { folder: String },
    /// A connection failed: of one folder, or (`None`) of the mailbox as
    /// a whole (login before the folders are known).
    Failed {
        folder: Option<String>,
        problem: Problem,
        message: String,
    },
}

/// Where the tasks of one mailbox report; sends never block, and a
/// reporter without a monitor (`watch --once`, tests) drops them.
#[derive(Clone, Debug)]
pub struct Reporter {
    tx: Option<tokio::sync::mpsc::UnboundedSender<Reported>>,
}

/// A report as the monitor receives it.
#[derive(Debug, Clone)]
pub struct Reported {
    pub mailbox: String,
    pub at: DateTime<Utc>,
    pub report: Report,
}

impl Reporter {
    pub fn new(tx: tokio::sync::mpsc::UnboundedSender<Reported>) -> Reporter {
        Reporter { tx: Some(tx) }
    }
    /// Reports go nowhere.
    pub fn none() -> Reporter {
        Reporter { tx: None }
    }
    pub fn report(&self, mailbox: &str, report: Report) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Reported {
                mailbox: mailbox.to_owned(),
                at: Utc::now(),
                report,
            });
        }
    }
    pub fn failed(&self, folder: Option<&str>, e: &ImapError) {
        self.report(
            &e.mailbox,
            Report::Failed {
                folder: folder.map(str::to_owned),
                problem: Problem::of(&e.kind),
                message: e.message.clone(),
            },
        );
    }
}

/// A failure that has lasted since `since`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub since: DateTime<Utc>,
    pub problem: Problem,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FolderHealth {
    pub mode: Option<Mode>,
    pub last_sync: Option<DateTime<Utc>>,
    pub failure: Option<Failure>,
}

/// What the monitor must tell the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Not watched since `since`; the worst failure.
    Unwatchable {
        since: DateTime<Utc>,
        folder: Option<String>,
        failure: Failure,
    },
    /// Watched again after the unwatchable alert for the episode since `since`.
    WatchingAgain { since: DateTime<Utc> },
}

/// The watch state of one mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MailboxHealth {
    pub folders: BTreeMap<String, FolderHealth>,
    /// The mailbox as a whole fails (the login before the folders are known).
    pub login: Option<Failure>,
    /// Refused logins in a row.
    pub refusals: u32,
    /// The start of the episode the unwatchable alert was raised for.
    pub alerted: Option<DateTime<Utc>>,
    /// An episode that began before a restart: its start carries over to
    /// the first failure reported after it.
    pub carried_since: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
    /// The last failure reported, kept after recovery (for `status`).
    pub last_error: Option<(DateTime<Utc>, Failure)>,
}

impl MailboxHealth {
    pub fn apply(&mut self, at: DateTime<Utc>, report: &Report) {
        match report {
            Report::Plan { folders } => {
                self.login = None;
                self.refusals = 0;
                self.folders
                    .retain(|name, _| folders.iter().any(|(f, _)| f == name));
                for (name, mode) in folders {
                    self.folders.entry(name.clone()).or_default().mode = Some(*mode);
                }
            }
            Report::Synced { folder } => {
                self.login = None;
                self.refusals = 0;
                self.last_sync = Some(at);
                let f = self.folders.entry(folder.clone()).or_default();
                f.last_sync = Some(at);
                f.failure = None;
                if self.unwatchable_since().is_none() {
                    self.carried_since = None;
                }
            }
            Report::Failed {
                folder,
                problem,
                message,
            } => {
                if *problem == Problem::LoginRefused {
                    self.refusals += 1;
                }
                self.last_error = Some((
                    at,
                    Failure {
                        since: at,
                        problem: *problem,
                        message: message.clone(),
                    },
                ));
                let carried = self.carried_since;
                let slot = match folder {
                    Some(f) => &mut self.folders.entry(f.clone()).or_default().failure,
                    None => &mut self.login,
                };
                let since = slot.as_ref().map(|f| f.since).or(carried).unwrap_or(at);
                *slot = Some(Failure {
                    since,
                    problem: *problem,
                    message: message.clone(),
                });
            }
        }
    }

    /// Since when some watched folder (or the login) fails, if one does.
    pub fn unwatchable_since(&self) -> Option<DateTime<Utc>> {
        self.failures().map(|(_, f)| f.since).min()
    }

    fn failures(&self) -> impl Iterator<Item = (Option<&str>, &Failure)> {
        self.login.iter().map(|f| (None, f)).chain(
            self.folders
                .iter()
                .filter_map(|(n, f)| f.failure.as_ref().map(|x| (Some(n.as_str()), x))),
        )
    }

    /// The failure to name: a refused login first, else the oldest.
    fn worst(&self) -> Option<(Option<String>, Failure)> {
        self.failures()
            .min_by_key(|(_, f)| (f.problem != Problem::LoginRefused, f.since))
            .map(|(n, f)| (n.map(str::to_owned), f.clone()))
    }

    /// After a resume from suspend: a sleeping machine watches nothing,
    /// and the wall clock has jumped; an episode not yet alerted starts
    /// over now (else a Wi-Fi that dropped as the lid closed would raise
    /// "not watched for an hour" before the reconnect had a chance).
    pub fn resumed(&mut self, now: DateTime<Utc>) {
        if self.alerted.is_some() {
            return;
        }
        self.carried_since = None;
        let failures = self
            .login
            .iter_mut()
            .chain(self.folders.values_mut().filter_map(|f| f.failure.as_mut()));
        for f in failures {
            f.since = now;
        }
    }

    /// What to tell the person now, given the threshold in force; at most
    /// one unwatchable alert per episode, and one "watching again" after it.
    pub fn decide(&mut self, now: DateTime<Utc>, threshold: Duration) -> Option<Transition> {
        match (self.unwatchable_since(), self.alerted) {
            (Some(since), None) => {
                let long = (now - since).to_std().unwrap_or_default() >= threshold;
                if !long && self.refusals < REFUSALS {
                    return None;
                }
                let (folder, failure) = self.worst()?;
                self.alerted = Some(since);
                Some(Transition::Unwatchable {
                    since,
                    folder,
                    failure,
                })
            }
            (None, Some(since)) => {
                self.alerted = None;
                Some(Transition::WatchingAgain { since })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
    }
    fn failed(folder: Option<&str>, problem: Problem) -> Report {
        Report::Failed {
            folder: folder.map(str::to_owned),
            problem,
            message: "x".into(),
        }
    }
    fn synced(folder: &str) -> Report {
        Report::Synced {
            folder: folder.into(),
        }
    }
    const TEN_MIN: Duration = Duration::from_secs(600);

    #[test]
    fn one_alert_after_the_threshold_and_one_when_watched_again() {
        let mut h = MailboxHealth::default();
        h.apply(
            t(0),
            &Report::Plan {
                folders: vec![("INBOX".into(), Mode::Idle), ("Junk".into(), Mode::Idle)],
            },
        );
        h.apply(t(1), &synced("INBOX"));
        h.apply(t(1), &synced("Junk"));
        assert_eq!(h.decide(t(2), TEN_MIN), None);
        h.apply(t(100), &failed(Some("Junk"), Problem::NoAnswer));
        h.apply(t(200), &failed(Some("Junk"), Problem::Connect));
        h.apply(t(300), &failed(Some("INBOX"), Problem::Connect));
        assert_eq!(h.unwatchable_since(), Some(t(100)));
        assert_eq!(h.decide(t(699), TEN_MIN), None);
        let Some(Transition::Unwatchable {
            since,
            folder,
            failure,
        }) = h.decide(t(700), TEN_MIN)
        else {
            panic!("no alert")
        };
        assert_eq!((since, folder.as_deref()), (t(100), Some("Junk")));
        assert_eq!(failure.problem, Problem::Connect);
        h.apply(t(800), &failed(Some("Junk"), Problem::Connect));
        assert_eq!(h.decide(t(2000), TEN_MIN), None, "one alert per episode");
        h.apply(t(2100), &synced("Junk"));
        assert_eq!(h.decide(t(2101), TEN_MIN), None, "INBOX still fails");
        h.apply(t(2102), &synced("INBOX"));
        assert_eq!(
            h.decide(t(2103), TEN_MIN),
            Some(Transition::WatchingAgain { since: t(100) })
        );
        assert_eq!(h.decide(t(2104), TEN_MIN), None);
    }

    #[test]
    fn a_resume_restarts_the_clock_of_an_episode_not_yet_alerted() {
        let mut h = MailboxHealth::default();
        h.apply(t(0), &failed(Some("INBOX"), Problem::Connect));
        h.resumed(t(3600));
        assert_eq!(h.decide(t(3601), TEN_MIN), None);
        assert!(h.decide(t(3600 + 600), TEN_MIN).is_some());
        // An episode already alerted keeps its start.
        h.apply(t(4300), &failed(Some("INBOX"), Problem::Connect));
        h.resumed(t(9000));
        assert_eq!(h.unwatchable_since(), Some(t(3600)));
    }

    #[test]
    fn refused_logins_alert_at_once_after_three() {
        let mut h = MailboxHealth::default();
        for i in 0..2 {
            h.apply(t(i), &failed(None, Problem::LoginRefused));
            assert_eq!(h.decide(t(i), TEN_MIN), None);
        }
        h.apply(t(5), &failed(None, Problem::LoginRefused));
        let Some(Transition::Unwatchable { since, failure, .. }) = h.decide(t(5), TEN_MIN) else {
            panic!("no alert")
        };
        assert_eq!((since, failure.problem), (t(0), Problem::LoginRefused));
    }

    #[test]
    fn a_short_outage_says_nothing_and_a_restart_keeps_the_episode() {
        let mut h = MailboxHealth::default();
        h.apply(t(0), &failed(Some("INBOX"), Problem::Connect));
        h.apply(t(30), &synced("INBOX"));
        assert_eq!(h.decide(t(1000), TEN_MIN), None);
        // After a restart: the episode began before it.
        let mut h = MailboxHealth {
            carried_since: Some(t(0)),
            ..Default::default()
        };
        h.apply(t(500), &failed(None, Problem::Connect));
        assert_eq!(h.unwatchable_since(), Some(t(0)));
        assert!(h.decide(t(601), TEN_MIN).is_some());
    }
}
