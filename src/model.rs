//! The vocabulary every stage shares: objection states, what the classifier
//! observed in a mail, and the alerts that reach the person.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where one tracked objection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    NotStarted,
    AwaitingCode,
    CodeReceived,
    Submitted,
    Accepted,
    Rejected,
}

impl State {
    pub const ALL: [State; 6] = [
        State::NotStarted,
        State::AwaitingCode,
        State::CodeReceived,
        State::Submitted,
        State::Accepted,
        State::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::NotStarted => "not_started",
            State::AwaitingCode => "awaiting_code",
            State::CodeReceived => "code_received",
            State::Submitted => "submitted",
            State::Accepted => "accepted",
            State::Rejected => "rejected",
        }
    }

    /// A decision has been made; nothing but a newer decision or a manual
    /// command changes it.
    pub fn is_decided(self) -> bool {
        matches!(self, State::Accepted | State::Rejected)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        State::ALL
            .into_iter()
            .find(|st| st.as_str() == norm)
            .ok_or_else(|| {
                let all: Vec<_> = State::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown state {s:?}; one of: {}", all.join(", "))
            })
    }
}

/// What a provider's mail says, as the classifier reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationKind {
    /// A one-time verification code.
    Code,
    /// "We received your request."
    Receipt,
    /// The objection was honoured.
    Accepted,
    /// The provider refused to act.
    Rejected,
    /// Provider wording from a sender that is not the provider (phishing).
    Suspicious,
    /// A trusted provider mail about the objection that no rule and no
    /// exclusion decides: kept whole, and the person is asked (`review`).
    Unrecognised,
}

impl ObservationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObservationKind::Code => "code",
            ObservationKind::Receipt => "receipt",
            ObservationKind::Accepted => "accepted",
            ObservationKind::Rejected => "rejected",
            ObservationKind::Suspicious => "suspicious",
            ObservationKind::Unrecognised => "unrecognised",
        }
    }

    /// Mails worth keeping whole: the person's proof of what happened.
    pub fn is_proof(self) -> bool {
        matches!(
            self,
            ObservationKind::Receipt | ObservationKind::Accepted | ObservationKind::Rejected
        )
    }
}

impl fmt::Display for ObservationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ObservationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "code" => ObservationKind::Code,
            "receipt" => ObservationKind::Receipt,
            "accepted" => ObservationKind::Accepted,
            "rejected" => ObservationKind::Rejected,
            "suspicious" => ObservationKind::Suspicious,
            "unrecognised" => ObservationKind::Unrecognised,
            other => return Err(format!("unknown observation kind {other:?}")),
        })
    }
}

/// The classifier's verdict on one mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub kind: ObservationKind,
    /// "facebook", "instagram", "threads", or a provider from a rules file.
    pub platform: String,
    /// The code, for `Code`.
    pub code: Option<String>,
    /// The sender is the provider and the receiving server vouches for it.
    /// Untrusted observations never change an account's state.
    pub trusted: bool,
    /// Why, in words a person understands.
    pub reason: String,
}

/// Why the person is told something. The names are the hook's
/// `OPTOUT_ALERT` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    CodeReceived,
    Receipt,
    Accepted,
    Rejected,
    CodeOverdue,
    ReplyOverdue,
    DeadlinePassed,
    Suspicious,
    /// A provider mail optout did not understand waits for `review`.
    Unrecognised,
    /// A mailbox could not be watched for longer than `unwatchable_after`
    /// (or its login was refused repeatedly); `account` and `mailbox` are
    /// the mailbox's name, `detail` the problem.
    Unwatchable,
    /// The mailbox is watched again after an `unwatchable` alert.
    WatchingAgain,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::CodeReceived => "code_received",
            AlertKind::Receipt => "receipt",
            AlertKind::Accepted => "accepted",
            AlertKind::Rejected => "rejected",
            AlertKind::CodeOverdue => "code_overdue",
            AlertKind::ReplyOverdue => "reply_overdue",
            AlertKind::DeadlinePassed => "deadline_passed",
            AlertKind::Suspicious => "suspicious",
            AlertKind::Unrecognised => "unrecognised",
            AlertKind::Unwatchable => "unwatchable",
            AlertKind::WatchingAgain => "watching_again",
        }
    }
}

impl fmt::Display for AlertKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One alert as it is stored in the outbox and handed to every sink (the
/// command hook gets exactly this as JSON on stdin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Deduplication key: one alert per cause, across restarts.
    pub key: String,
    pub kind: AlertKind,
    pub account: String,
    pub platform: String,
    /// The verification code, for `code_received`.
    pub code: Option<String>,
    /// The mailbox folder the causing mail was found in.
    pub folder: Option<String>,
    /// The configured mailbox (by name) the mail was found in.
    pub mailbox: Option<String>,
    /// The folder is the spam folder: say so, people never look there.
    pub in_spam: bool,
    /// A code that arrived while none was expected: someone may be trying
    /// to log in.
    pub unexpected: bool,
    /// The classifier's reason, or the rule that made a timed alert due.
    pub detail: Option<String>,
    /// When the cause began. Timed alerts: the `expect-code` or the
    /// submission. `receipt`: the submission the one-month deadline counts
    /// from (the receipt's arrival, never the moment it was found). Other
    /// mail alerts: the mail's arrival on the server.
    pub since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
