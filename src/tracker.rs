//! The objection state machine: `(state, input, at, now) -> (state, alerts)`.
//!
//! Pure: no clock, no I/O. The caller passes the time of each input (`at`:
//! the mail's arrival on the server, or the moment of a manual command) and
//! the time it is processed (`now`). Every decision about the state uses
//! `at` only, so replaying the stored event history reproduces the stored
//! state exactly, whatever order the mails were found in.

use crate::model::{AlertKind, ObservationKind, State};
use chrono::{DateTime, Months, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use serde::Serialize;
use std::time::Duration;

/// The tracker's memory of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tracked {
    pub state: State,
    /// When `state` was entered.
    pub since: DateTime<Utc>,
    /// The code that answers the last `expect-code` (the latest to arrive),
    /// and where it was found. In `code_received`, `since` is its arrival.
    pub code: Option<String>,
    pub code_folder: Option<String>,
    /// When the person said "I just asked for a code".
    pub expecting_since: Option<DateTime<Utc>>,
    /// When the objection was submitted (the receipt's arrival, or a manual
    /// `mark submitted`): the start of the GDPR one-month deadline.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the latest decision arrived; an older decision that is
    /// processed later (another folder, a rescan) does not override it.
    /// Kept when a receipt that arrived after it starts a new round, so
    /// mails of the earlier round processed later stay history.
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

/// How far the mail server's clock (a mail's arrival, IMAP INTERNALDATE)
/// and the local clock (the moment of `expect-code`) may disagree: a code
/// that arrived up to this long before `expect-code` still counts as the
/// answer to it.
pub const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(2);

/// How old an unexpected code may be and still be announced as a possible
/// login attempt. Codes expire within minutes to hours, and a login attempt
/// from days ago is not actionable any more: a first sync that looks back
/// 90 days must not sound a critical alarm for every code it finds. Older
/// ones are only recorded in the history.
pub const UNEXPECTED_CODE_MAX_AGE: TimeDelta = TimeDelta::hours(24);

/// An alert the transition raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised {
    pub kind: AlertKind,
    /// A security code that arrived while none was expected.
    pub unexpected: bool,
    /// When the alert's cause began: for a receipt the submission that the
    /// one-month deadline counts from, otherwise the input's own time (the
    /// mail's arrival).
    pub since: DateTime<Utc>,
}

impl Raised {
    fn new(kind: AlertKind, since: DateTime<Utc>) -> Self {
        Raised {
            kind,
            unexpected: false,
            since,
        }
    }
}

/// Apply one input that happened at `at`, processed the moment it happened
/// (`now == at`): manual commands, and replaying the history.
pub fn apply(current: &Tracked, input: &Input, at: DateTime<Utc>) -> (Tracked, Vec<Raised>) {
    apply_at(current, input, at, at)
}

/// Apply one input that happened at `at` (a mail's arrival on the server,
/// or the moment of a command) and is processed at `now` (a first sync or a
/// catch-up finds mail long after it arrived).
///
/// The new state depends only on `current`, `input` and `at` — never on
/// `now` — so replaying the history reproduces it; `now` only decides
/// whether an old mail still deserves an alert.
pub fn apply_at(
    current: &Tracked,
    input: &Input,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> (Tracked, Vec<Raised>) {
    let mut next = current.clone();
    let mut raised = Vec::new();
    let enter = |t: &mut Tracked, state: State| {
        if t.state != state {
            t.state = state;
            t.since = at;
        }
    };
    // Whether a receipt or decision belongs to an earlier round that a
    // known, newer decision closed.
    let before_last_decision = |t: &Tracked| t.decided_at.is_some_and(|d| at <= d);
    match input {
        Input::ExpectCode | Input::Mark(State::AwaitingCode) => {
            // "I just asked for a code": the old code is void, the timer
            // starts now.
            enter(&mut next, State::AwaitingCode);
            next.since = at;
            next.expecting_since = Some(at);
            next.code = None;
            next.code_folder = None;
        }
        Input::Mark(state) => {
            match state {
                State::NotStarted => next = Tracked::new(at),
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
                    // Only a code that arrived after the person asked for
                    // one answers it; of several, the latest arrival wins,
                    // whatever the order they are processed in. Older ones
                    // (a first sync's look-back, another folder synced
                    // later) stay in the history only.
                    let asked = current.expecting_since.unwrap_or(current.since);
                    let fresh = at >= asked - CLOCK_SKEW;
                    // In `code_received`, `since` is the current code's arrival.
                    let newest = current.state != State::CodeReceived
                        || current.code.is_none()
                        || at >= current.since;
                    if fresh && newest {
                        enter(&mut next, State::CodeReceived);
                        next.since = at;
                        next.code = code.clone();
                        next.code_folder = folder.clone();
                        raised.push(Raised::new(AlertKind::CodeReceived, at));
                    }
                } else if now - at <= UNEXPECTED_CODE_MAX_AGE {
                    // Nobody asked for it: a login attempt, or a form flow the
                    // person did not tell us about. Never a state change.
                    raised.push(Raised {
                        kind: AlertKind::CodeReceived,
                        unexpected: true,
                        since: at,
                    });
                }
            }
            ObservationKind::Receipt => {
                if current.state.is_decided() {
                    let decided = current.decided_at.unwrap_or(current.since);
                    if at > decided {
                        // Objected again after the decision (typically after
                        // a refusal): a new round, with its own deadline.
                        next.state = State::Submitted;
                        next.since = at;
                        next.submitted_at = Some(at);
                        raised.push(Raised::new(AlertKind::Receipt, at));
                    } else if next.submitted_at.is_none_or(|s| at < s) {
                        // The receipt of the decided round, processed after
                        // the decision (another folder, a late sync): keep
                        // the decision, remember the date.
                        next.submitted_at = Some(at);
                    }
                } else if before_last_decision(current) {
                    // The receipt of a round a known decision closed
                    // (processed late): history only.
                } else {
                    match current.submitted_at {
                        // Same round, an earlier receipt processed later
                        // (or `mark submitted` after the fact): the deadline
                        // counts from the earliest.
                        Some(s) if current.state == State::Submitted && at < s => {
                            next.submitted_at = Some(at)
                        }
                        Some(_) if current.state == State::Submitted => {}
                        _ => next.submitted_at = Some(at),
                    }
                    enter(&mut next, State::Submitted);
                    let since = next.submitted_at.unwrap_or(at);
                    raised.push(Raised::new(AlertKind::Receipt, since));
                }
            }
            ObservationKind::Accepted | ObservationKind::Rejected => {
                let older_than_current = current.decided_at.is_some_and(|d| at < d);
                // In a new round (submitted again after a known decision), a
                // decision that arrived before the new receipt answered the
                // earlier round.
                let earlier_round = current.state == State::Submitted
                    && current.decided_at.is_some()
                    && current.submitted_at.is_some_and(|s| at < s);
                if !older_than_current && !earlier_round {
                    let (state, alert) = if *kind == ObservationKind::Accepted {
                        (State::Accepted, AlertKind::Accepted)
                    } else {
                        (State::Rejected, AlertKind::Rejected)
                    };
                    enter(&mut next, state);
                    next.decided_at = Some(at);
                    raised.push(Raised::new(alert, at));
                }
            }
            ObservationKind::Suspicious => raised.push(Raised::new(AlertKind::Suspicious, at)),
            // Never a state change: the person says what it is (`review`).
            ObservationKind::Unrecognised => raised.push(Raised::new(AlertKind::Unrecognised, at)),
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
    /// How long a one-time code can still be entered after it arrived
    /// (Meta's expire; `[alerts] code_valid`).
    pub code_valid: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            code_timeout: Duration::from_secs(15 * 60),
            reply_timeout: Duration::from_secs(7 * 24 * 3600),
            code_valid: Duration::from_secs(3600),
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
/// (29).
///
/// Returns that last day — the deadline as the person reads it — as a
/// calendar date in `tz`, the person's time zone (submitted on Oct 14 at
/// 00:30 in Berlin is Oct 13 in UTC, but the person counts from Oct 14).
pub fn deadline<Tz: TimeZone>(submitted_at: DateTime<Utc>, tz: &Tz) -> NaiveDate {
    submitted_at
        .with_timezone(tz)
        .date_naive()
        .checked_add_months(Months::new(1))
        .expect("date in range")
}

/// The moment `deadline_passed` is set: the start, in `tz`, of the day after
/// [`deadline`].
pub fn deadline_passed_at<Tz: TimeZone>(submitted_at: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
    let day_after = deadline(submitted_at, tz)
        .succ_opt()
        .expect("date in range");
    start_of_day(day_after, tz)
}

/// The first moment of `day` in `tz`. Where a clock change skips midnight,
/// the first local time that exists.
fn start_of_day<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    (0..=24 * 4)
        .find_map(|quarter| {
            tz.from_local_datetime(&(midnight + TimeDelta::minutes(15 * quarter)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
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
/// Dates (the one-month deadline) are calendar days in `tz`.
pub fn timed<Tz: TimeZone>(t: &Tracked, timeouts: &Timeouts, tz: &Tz) -> Vec<Timed> {
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
                    due: deadline_passed_at(sub, tz),
                    cause: sub,
                });
            }
        }
        _ => {}
    }
    out
}

/// The flags set at `now`.
pub fn flags<Tz: TimeZone>(
    t: &Tracked,
    now: DateTime<Utc>,
    timeouts: &Timeouts,
    tz: &Tz,
) -> Vec<Flag> {
    timed(t, timeouts, tz)
        .into_iter()
        .filter(|x| x.due <= now)
        .map(|x| x.flag)
        .collect()
}

/// The moment the current code can no longer be entered: `code_valid`
/// after it arrived (in `code_received`, `since` is its arrival).
pub fn code_valid_until(t: &Tracked, timeouts: &Timeouts) -> Option<DateTime<Utc>> {
    (t.state == State::CodeReceived && t.code.is_some()).then(|| {
        t.since
            .checked_add_signed(to_chrono(timeouts.code_valid))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    })
}

/// Whether the current code is too old to be entered.
pub fn code_expired(t: &Tracked, now: DateTime<Utc>, timeouts: &Timeouts) -> bool {
    code_valid_until(t, timeouts).is_some_and(|until| now >= until)
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
    /// The code is older than `code_valid`: ask for a new one in the form.
    CodeExpired,
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

pub fn next_step<Tz: TimeZone>(
    t: &Tracked,
    now: DateTime<Utc>,
    timeouts: &Timeouts,
    tz: &Tz,
) -> NextStep {
    let set = flags(t, now, timeouts, tz);
    let days_since_submission = t.submitted_at.map(|s| (now - s).num_days()).unwrap_or(0);
    match t.state {
        State::NotStarted => NextStep::Object,
        State::AwaitingCode if set.contains(&Flag::CodeOverdue) => NextStep::CheckSpam,
        State::AwaitingCode => NextStep::WaitForCode,
        State::CodeReceived if code_expired(t, now, timeouts) => NextStep::CodeExpired,
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
