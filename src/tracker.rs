//! The objection state machine: `(state, input, time) -> (state, alerts)`.
//!
//! Pure: no clock, no I/O. The caller passes the time of each input (the
//! mail's arrival, or the moment of a manual command), so replaying the
//! stored event history reproduces the stored state exactly.

use crate::model::{AlertKind, ObservationKind, State};
use chrono::{DateTime, Days, Months, NaiveTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// The tracker's memory of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tracked {
    pub state: State,
    /// When `state` was entered.
    pub since: DateTime<Utc>,
    /// The last code received while one was expected, and where it was found.
    pub code: Option<String>,
    pub code_folder: Option<String>,
    /// When the person said "I just asked for a code".
    pub expecting_since: Option<DateTime<Utc>>,
    /// When the objection was submitted (the receipt's arrival, or a manual
    /// `mark submitted`): the start of the GDPR one-month deadline.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the current decision arrived; an older decision that is
    /// processed later (another folder, a rescan) does not override it.
    pub decided_at: Option<DateTime<Utc>>,
}

impl Tracked {
    pub fn new(at: DateTime<Utc>) -> Self {
        Tracked {
            state: State::NotStarted,
            since: at,
            code: None,
            code_folder: None,
            expecting_since: None,
            submitted_at: None,
            decided_at: None,
        }
    }
}

/// What can happen to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A trusted mail from the provider (untrusted ones arrive as
    /// `ObservationKind::Suspicious`).
    Mail {
        kind: ObservationKind,
        code: Option<String>,
        folder: Option<String>,
    },
    /// "I just asked for a code."
    ExpectCode,
    /// A manual correction.
    Mark(State),
}

/// An alert the transition raises. `unexpected` marks a security code that
/// arrived while none was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised {
    pub kind: AlertKind,
    pub unexpected: bool,
}

impl Raised {
    fn new(kind: AlertKind) -> Self {
        Raised {
            kind,
            unexpected: false,
        }
    }
}

/// Apply one input at time `at`.
pub fn apply(current: &Tracked, input: &Input, at: DateTime<Utc>) -> (Tracked, Vec<Raised>) {
    let mut next = current.clone();
    let mut raised = Vec::new();
    let enter = |t: &mut Tracked, state: State| {
        if t.state != state {
            t.state = state;
            t.since = at;
        }
    };
    match input {
        Input::ExpectCode => {
            enter(&mut next, State::AwaitingCode);
            next.since = at;
            next.expecting_since = Some(at);
            next.code = None;
            next.code_folder = None;
        }
        Input::Mark(state) => {
            match state {
                State::NotStarted => next = Tracked::new(at),
                State::AwaitingCode => next.expecting_since = Some(at),
                State::Submitted if current.state != State::Submitted => {
                    next.submitted_at = Some(at);
                    next.decided_at = None;
                }
                State::Accepted | State::Rejected => next.decided_at = Some(at),
                _ => {}
            }
            enter(&mut next, *state);
        }
        Input::Mail { kind, code, folder } => match kind {
            ObservationKind::Code => {
                if matches!(current.state, State::AwaitingCode | State::CodeReceived) {
                    enter(&mut next, State::CodeReceived);
                    next.code = code.clone();
                    next.code_folder = folder.clone();
                    raised.push(Raised::new(AlertKind::CodeReceived));
                } else {
                    // Nobody asked for it: a login attempt, or a form flow the
                    // person did not tell us about. Never a state change.
                    raised.push(Raised {
                        kind: AlertKind::CodeReceived,
                        unexpected: true,
                    });
                }
            }
            ObservationKind::Receipt => {
                if current.state.is_decided() {
                    // A receipt processed after the decision (another folder,
                    // a late sync): keep the decision, remember the date.
                    if next.submitted_at.is_none_or(|s| at < s) {
                        next.submitted_at = Some(at);
                    }
                } else {
                    if current.state != State::Submitted {
                        next.submitted_at = Some(at);
                    }
                    enter(&mut next, State::Submitted);
                    raised.push(Raised::new(AlertKind::Receipt));
                }
            }
            ObservationKind::Accepted | ObservationKind::Rejected => {
                let older_than_current = current.decided_at.is_some_and(|d| at < d);
                if !older_than_current {
                    let (state, alert) = if *kind == ObservationKind::Accepted {
                        (State::Accepted, AlertKind::Accepted)
                    } else {
                        (State::Rejected, AlertKind::Rejected)
                    };
                    enter(&mut next, state);
                    next.decided_at = Some(at);
                    raised.push(Raised::new(alert));
                }
            }
            ObservationKind::Suspicious => raised.push(Raised::new(AlertKind::Suspicious)),
        },
    }
    (next, raised)
}

/// Replay a history of `(input, time)` from a fresh account.
pub fn replay<'a>(
    created: DateTime<Utc>,
    history: impl IntoIterator<Item = &'a (Input, DateTime<Utc>)>,
) -> Tracked {
    history
        .into_iter()
        .fold(Tracked::new(created), |t, (input, at)| {
            apply(&t, input, *at).0
        })
}

/// The configurable durations the derived flags use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub code_timeout: Duration,
    pub reply_timeout: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            code_timeout: Duration::from_secs(15 * 60),
            reply_timeout: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// Conditions derived from the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    CodeOverdue,
    ReplyOverdue,
    DeadlinePassed,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::CodeOverdue => "code_overdue",
            Flag::ReplyOverdue => "reply_overdue",
            Flag::DeadlinePassed => "deadline_passed",
        }
    }

    pub fn alert_kind(self) -> AlertKind {
        match self {
            Flag::CodeOverdue => AlertKind::CodeOverdue,
            Flag::ReplyOverdue => AlertKind::ReplyOverdue,
            Flag::DeadlinePassed => AlertKind::DeadlinePassed,
        }
    }
}

/// GDPR Art. 12(3): the controller answers "within one month of receipt".
/// A period in months ends at the end of the day with the same date one
/// month later, or of the month's last day when it has no such date
/// (Regulation 1182/71 Art. 3): submitted Jan 31, due by the end of Feb 28
/// (29). Dates are taken in UTC.
pub fn deadline(submitted_at: DateTime<Utc>) -> DateTime<Utc> {
    let last_day = submitted_at
        .date_naive()
        .checked_add_months(Months::new(1))
        .expect("date in range");
    let day_after = last_day
        .checked_add_days(Days::new(1))
        .expect("date in range");
    day_after.and_time(NaiveTime::MIN).and_utc()
}

/// A flag that is set, or will be set at `due` if nothing happens before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub flag: Flag,
    pub due: DateTime<Utc>,
    /// When the cause began (`expecting_since` or `submitted_at`): with the
    /// account and the flag it makes the alert's deduplication key.
    pub cause: DateTime<Utc>,
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// Every timed flag the current state can raise, with the moment it falls
/// due. The daemon sleeps until the earliest future one.
pub fn timed(t: &Tracked, timeouts: &Timeouts) -> Vec<Timed> {
    let mut out = Vec::new();
    match t.state {
        State::AwaitingCode => {
            if let Some(since) = t.expecting_since {
                out.push(Timed {
                    flag: Flag::CodeOverdue,
                    due: since
                        .checked_add_signed(to_chrono(timeouts.code_timeout))
                        .unwrap_or(DateTime::<Utc>::MAX_UTC),
                    cause: since,
                });
            }
        }
        State::Submitted => {
            if let Some(sub) = t.submitted_at {
                out.push(Timed {
                    flag: Flag::ReplyOverdue,
                    due: sub
                        .checked_add_signed(to_chrono(timeouts.reply_timeout))
                        .unwrap_or(DateTime::<Utc>::MAX_UTC),
                    cause: sub,
                });
                out.push(Timed {
                    flag: Flag::DeadlinePassed,
                    due: deadline(sub),
                    cause: sub,
                });
            }
        }
        _ => {}
    }
    out
}

/// The flags set at `now`.
pub fn flags(t: &Tracked, now: DateTime<Utc>, timeouts: &Timeouts) -> Vec<Flag> {
    timed(t, timeouts)
        .into_iter()
        .filter(|x| x.due <= now)
        .map(|x| x.flag)
        .collect()
}

/// What the person should do next, for `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum NextStep {
    /// Fill in the provider's objection form, then `optout expect-code`.
    Object,
    WaitForCode,
    /// The code is late: check spam; two-factor accounts often get none.
    CheckSpam,
    /// Enter the code in the form.
    EnterCode,
    WaitForDecision,
    /// No answer for `days` days.
    NoAnswer {
        days: i64,
    },
    /// The one-month deadline has passed `days` days after submission.
    SendReminder {
        days: i64,
    },
    /// Keep the acceptance mail: it is the proof (`optout evidence`).
    KeepProof,
    /// Refused: consider a complaint to the supervisory authority.
    ConsiderComplaint,
}

pub fn next_step(t: &Tracked, now: DateTime<Utc>, timeouts: &Timeouts) -> NextStep {
    let set = flags(t, now, timeouts);
    let days_since_submission = t.submitted_at.map(|s| (now - s).num_days()).unwrap_or(0);
    match t.state {
        State::NotStarted => NextStep::Object,
        State::AwaitingCode if set.contains(&Flag::CodeOverdue) => NextStep::CheckSpam,
        State::AwaitingCode => NextStep::WaitForCode,
        State::CodeReceived => NextStep::EnterCode,
        State::Submitted if set.contains(&Flag::DeadlinePassed) => NextStep::SendReminder {
            days: days_since_submission,
        },
        State::Submitted if set.contains(&Flag::ReplyOverdue) => NextStep::NoAnswer {
            days: days_since_submission,
        },
        State::Submitted => NextStep::WaitForDecision,
        State::Accepted => NextStep::KeepProof,
        State::Rejected => NextStep::ConsiderComplaint,
    }
}

#[cfg(test)]
mod tests;
