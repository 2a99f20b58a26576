use super::*;
use chrono::{FixedOffset, NaiveDate, TimeZone};

fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn mail(kind: ObservationKind) -> Input {
    Input::Mail {
        kind,
        code: (kind == ObservationKind::Code).then(|| "123456".to_string()),
        folder: Some("Junk".into()),
    }
}

fn in_state(state: State) -> Tracked {
    let at = t(2025, 5, 1, 12, 0);
    let mut tr = Tracked::new(at);
    tr.state = state;
    match state {
        State::AwaitingCode => tr.expecting_since = Some(at),
        State::CodeReceived => {
            tr.expecting_since = Some(at);
            tr.code = Some("999999".into());
        }
        State::Submitted => tr.submitted_at = Some(at),
        State::Accepted | State::Rejected => {
            tr.submitted_at = Some(at);
            tr.decided_at = Some(at);
        }
        State::NotStarted => {}
    }
    tr
}

/// Every state × every mail kind: the resulting state and alert.
#[test]
fn every_mail_transition() {
    use AlertKind as A;
    use ObservationKind as O;
    use State::*;
    // (from, mail, to, alert, unexpected)
    let table = [
        (NotStarted, O::Code, NotStarted, Some(A::CodeReceived), true),
        (
            AwaitingCode,
            O::Code,
            CodeReceived,
            Some(A::CodeReceived),
            false,
        ),
        (
            CodeReceived,
            O::Code,
            CodeReceived,
            Some(A::CodeReceived),
            false,
        ),
        (Submitted, O::Code, Submitted, Some(A::CodeReceived), true),
        (Accepted, O::Code, Accepted, Some(A::CodeReceived), true),
        (Rejected, O::Code, Rejected, Some(A::CodeReceived), true),
        (NotStarted, O::Receipt, Submitted, Some(A::Receipt), false),
        (AwaitingCode, O::Receipt, Submitted, Some(A::Receipt), false),
        (CodeReceived, O::Receipt, Submitted, Some(A::Receipt), false),
        (Submitted, O::Receipt, Submitted, Some(A::Receipt), false),
        // Arrived after the decision: objected again, a new round.
        (Accepted, O::Receipt, Submitted, Some(A::Receipt), false),
        (Rejected, O::Receipt, Submitted, Some(A::Receipt), false),
        (NotStarted, O::Accepted, Accepted, Some(A::Accepted), false),
        (
            AwaitingCode,
            O::Accepted,
            Accepted,
            Some(A::Accepted),
            false,
        ),
        (
            CodeReceived,
            O::Accepted,
            Accepted,
            Some(A::Accepted),
            false,
        ),
        (Submitted, O::Accepted, Accepted, Some(A::Accepted), false),
        (Accepted, O::Accepted, Accepted, Some(A::Accepted), false),
        (Rejected, O::Accepted, Accepted, Some(A::Accepted), false),
        (NotStarted, O::Rejected, Rejected, Some(A::Rejected), false),
        (
            AwaitingCode,
            O::Rejected,
            Rejected,
            Some(A::Rejected),
            false,
        ),
        (
            CodeReceived,
            O::Rejected,
            Rejected,
            Some(A::Rejected),
            false,
        ),
        (Submitted, O::Rejected, Rejected, Some(A::Rejected), false),
        (Accepted, O::Rejected, Rejected, Some(A::Rejected), false),
        (Rejected, O::Rejected, Rejected, Some(A::Rejected), false),
    ];
    let later = t(2025, 5, 2, 9, 0);
    for (from, kind, to, alert, unexpected) in table {
        let (next, raised) = apply(&in_state(from), &mail(kind), later);
        assert_eq!(next.state, to, "{from} + {kind}");
        assert_eq!(
            raised.first().map(|r| r.kind),
            alert,
            "{from} + {kind}: alert"
        );
        assert!(raised.len() <= 1);
        if let Some(r) = raised.first() {
            assert_eq!(r.unexpected, unexpected, "{from} + {kind}: unexpected");
        }
        if from != to {
            assert_eq!(next.since, later, "{from} + {kind}: since moves");
        }
    }
    // Suspicious mail never changes anything but raises a warning.
    for from in State::ALL {
        let before = in_state(from);
        let (next, raised) = apply(&before, &mail(O::Suspicious), later);
        assert_eq!(next, before, "suspicious must not change {from}");
        assert_eq!(raised, vec![Raised::new(A::Suspicious, later)]);
    }
}

#[test]
fn expected_code_is_remembered_with_its_folder() {
    let (next, _) = apply(
        &in_state(State::AwaitingCode),
        &mail(ObservationKind::Code),
        t(2025, 5, 1, 12, 3),
    );
    assert_eq!(next.code.as_deref(), Some("123456"));
    assert_eq!(next.code_folder.as_deref(), Some("Junk"));
}

#[test]
fn unexpected_code_is_not_stored_as_the_objection_code() {
    let (next, _) = apply(
        &in_state(State::Accepted),
        &mail(ObservationKind::Code),
        t(2025, 6, 1, 0, 0),
    );
    assert_eq!(next.code, None, "a code after accepted does not reopen");
}

#[test]
fn commands_set_any_state() {
    let at = t(2025, 7, 1, 8, 0);
    for from in State::ALL {
        for to in State::ALL {
            let (next, raised) = apply(&in_state(from), &Input::Mark(to), at);
            assert_eq!(next.state, to);
            assert!(raised.is_empty(), "manual commands raise no alert");
        }
        let (next, raised) = apply(&in_state(from), &Input::ExpectCode, at);
        assert_eq!(next.state, State::AwaitingCode);
        assert_eq!(next.expecting_since, Some(at));
        assert_eq!(next.since, at);
        assert_eq!(next.code, None, "a new request forgets the old code");
        assert!(raised.is_empty());
    }
}

#[test]
fn mark_awaiting_code_clears_the_code_and_starts_the_timer_like_expect_code() {
    let to = Timeouts::default();
    let at = t(2025, 7, 1, 8, 0);
    for from in State::ALL {
        let before = in_state(from);
        let (marked, raised) = apply(&before, &Input::Mark(State::AwaitingCode), at);
        let (expected, _) = apply(&before, &Input::ExpectCode, at);
        assert_eq!(marked, expected, "from {from}");
        assert!(raised.is_empty());
        assert_eq!(marked.code, None, "from {from}: the old code is void");
        assert_eq!(marked.code_folder, None);
        assert_eq!(marked.expecting_since, Some(at));
        assert_eq!(
            timed(&marked, &to, &Utc),
            vec![Timed {
                flag: Flag::CodeOverdue,
                due: at + chrono::Duration::minutes(15),
                cause: at,
            }],
            "from {from}: the code timer runs"
        );
    }
    // Marked while already waiting: the timer starts again.
    let (again, _) = apply(
        &in_state(State::AwaitingCode),
        &Input::Mark(State::AwaitingCode),
        at,
    );
    assert_eq!(again.since, at);
    // A code that came before the mark does not answer it.
    let (after, raised) = apply_at(
        &again,
        &mail(ObservationKind::Code),
        at - chrono::Duration::hours(1),
        at,
    );
    assert_eq!(after, again);
    assert!(raised.is_empty());
}

#[test]
fn mark_submitted_starts_the_deadline_and_mark_not_started_resets() {
    let at = t(2025, 7, 1, 8, 0);
    let (next, _) = apply(
        &in_state(State::CodeReceived),
        &Input::Mark(State::Submitted),
        at,
    );
    assert_eq!(next.submitted_at, Some(at));
    let (again, _) = apply(&next, &Input::Mark(State::Submitted), t(2025, 7, 5, 0, 0));
    assert_eq!(again.submitted_at, Some(at), "re-marking keeps the date");
    let (reset, _) = apply(&again, &Input::Mark(State::NotStarted), t(2025, 7, 6, 0, 0));
    assert_eq!(reset, Tracked::new(t(2025, 7, 6, 0, 0)));
}

#[test]
fn an_older_decision_processed_late_does_not_override_a_newer_one() {
    let start = Tracked::new(t(2025, 1, 1, 0, 0));
    let (accepted, _) = apply(
        &start,
        &mail(ObservationKind::Accepted),
        t(2025, 3, 10, 0, 0),
    );
    // The refusal was sent earlier but sits in the spam folder, synced later.
    let (after, raised) = apply(
        &accepted,
        &mail(ObservationKind::Rejected),
        t(2025, 2, 1, 0, 0),
    );
    assert_eq!(after.state, State::Accepted);
    assert!(raised.is_empty());
}

#[test]
fn receipt_after_decision_keeps_decision_but_records_submission() {
    let start = Tracked::new(t(2025, 1, 1, 0, 0));
    let (accepted, _) = apply(
        &start,
        &mail(ObservationKind::Accepted),
        t(2025, 3, 10, 0, 0),
    );
    assert_eq!(accepted.submitted_at, None, "skipped steps stay unknown");
    let (after, _) = apply(
        &accepted,
        &mail(ObservationKind::Receipt),
        t(2025, 3, 1, 0, 0),
    );
    assert_eq!(after.state, State::Accepted);
    assert_eq!(after.submitted_at, Some(t(2025, 3, 1, 0, 0)));
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn calendar_month_deadline() {
    // Jan 31 + 1 month is the end of February: the deadline is that last
    // day, and it passes when the next day starts.
    assert_eq!(deadline(t(2025, 1, 31, 15, 0), &Utc), d(2025, 2, 28));
    assert_eq!(
        deadline_passed_at(t(2025, 1, 31, 15, 0), &Utc),
        t(2025, 3, 1, 0, 0)
    );
    assert_eq!(deadline(t(2024, 1, 31, 15, 0), &Utc), d(2024, 2, 29));
    assert_eq!(deadline(t(2024, 1, 30, 0, 0), &Utc), d(2024, 2, 29));
    assert_eq!(
        deadline_passed_at(t(2024, 1, 30, 0, 0), &Utc),
        t(2024, 3, 1, 0, 0)
    );
    // Mar 31 -> Apr 30; mid-month keeps the day; year wraps.
    assert_eq!(deadline(t(2025, 3, 31, 0, 0), &Utc), d(2025, 4, 30));
    assert_eq!(deadline(t(2025, 6, 15, 23, 59), &Utc), d(2025, 7, 15));
    assert_eq!(deadline(t(2025, 12, 20, 10, 0), &Utc), d(2026, 1, 20));
    // The review's case: submitted Oct 14, the last day is Nov 14 (not
    // "Nov 15, 00:00").
    assert_eq!(deadline(t(2026, 10, 14, 9, 0), &Utc), d(2026, 11, 14));
}

#[test]
fn the_deadline_is_counted_in_the_persons_time_zone() {
    let berlin_summer = FixedOffset::east_opt(2 * 3600).unwrap();
    let berlin_winter = FixedOffset::east_opt(3600).unwrap();
    let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
    // Submitted Jan 31, 00:30 in Berlin — still Jan 30 in UTC.
    let sub = t(2025, 1, 30, 23, 30);
    assert_eq!(deadline(sub, &Utc), d(2025, 2, 28));
    assert_eq!(deadline(sub, &berlin_winter), d(2025, 2, 28));
    // Oct 14, 23:30 UTC is Oct 15 in Berlin, Oct 14 in New York.
    let sub = t(2026, 10, 14, 23, 30);
    assert_eq!(deadline(sub, &berlin_summer), d(2026, 11, 15));
    assert_eq!(deadline(sub, &new_york), d(2026, 11, 14));
    // Passed when Nov 16 starts in Berlin (22:00 UTC with +02:00), when
    // Nov 15 starts in New York (05:00 UTC).
    assert_eq!(
        deadline_passed_at(sub, &berlin_summer),
        t(2026, 11, 15, 22, 0)
    );
    assert_eq!(deadline_passed_at(sub, &new_york), t(2026, 11, 15, 5, 0));
    // The flag follows the same day.
    let tr = Tracked {
        state: State::Submitted,
        submitted_at: Some(sub),
        ..Tracked::new(sub)
    };
    let to = Timeouts::default();
    let late_on_last_day = t(2026, 11, 15, 21, 59);
    assert!(!flags(&tr, late_on_last_day, &to, &berlin_summer).contains(&Flag::DeadlinePassed));
    assert!(flags(&tr, t(2026, 11, 15, 22, 0), &to, &berlin_summer).contains(&Flag::DeadlinePassed));
    assert!(flags(&tr, late_on_last_day, &to, &new_york).contains(&Flag::DeadlinePassed));
}

#[test]
fn flags_follow_the_clock() {
    let to = Timeouts::default();
    let asked = t(2025, 5, 1, 12, 0);
    let mut tr = Tracked::new(asked);
    tr = apply(&tr, &Input::ExpectCode, asked).0;
    assert!(flags(&tr, asked + chrono::Duration::minutes(14), &to, &Utc).is_empty());
    assert_eq!(
        flags(&tr, asked + chrono::Duration::minutes(15), &to, &Utc),
        vec![Flag::CodeOverdue]
    );
    assert_eq!(
        next_step(&tr, asked + chrono::Duration::minutes(20), &to, &Utc),
        NextStep::CheckSpam
    );
    // The code arrives: no longer overdue.
    tr = apply(
        &tr,
        &mail(ObservationKind::Code),
        asked + chrono::Duration::minutes(20),
    )
    .0;
    assert!(flags(&tr, asked + chrono::Duration::days(1), &to, &Utc).is_empty());

    let sub = t(2025, 1, 31, 10, 0);
    tr = apply(&tr, &mail(ObservationKind::Receipt), sub).0;
    assert!(flags(&tr, sub + chrono::Duration::days(6), &to, &Utc).is_empty());
    assert_eq!(
        flags(&tr, sub + chrono::Duration::days(7), &to, &Utc),
        vec![Flag::ReplyOverdue]
    );
    assert_eq!(
        next_step(&tr, sub + chrono::Duration::days(8), &to, &Utc),
        NextStep::NoAnswer { days: 8 }
    );
    // Feb 28 23:59 is still within the month; Mar 1 is not.
    assert!(!flags(&tr, t(2025, 2, 28, 23, 59), &to, &Utc).contains(&Flag::DeadlinePassed));
    assert!(flags(&tr, t(2025, 3, 1, 0, 0), &to, &Utc).contains(&Flag::DeadlinePassed));
    assert_eq!(
        next_step(&tr, t(2025, 3, 4, 10, 0), &to, &Utc),
        NextStep::SendReminder { days: 32 }
    );
    // A decision clears every flag.
    tr = apply(&tr, &mail(ObservationKind::Accepted), t(2025, 3, 5, 0, 0)).0;
    assert!(flags(&tr, t(2026, 1, 1, 0, 0), &to, &Utc).is_empty());
    assert_eq!(
        next_step(&tr, t(2026, 1, 1, 0, 0), &to, &Utc),
        NextStep::KeepProof
    );
}

#[test]
fn configurable_durations_are_used() {
    let to = Timeouts {
        code_timeout: Duration::from_secs(2),
        reply_timeout: Duration::from_secs(3600),
        code_valid: Duration::from_secs(60),
    };
    let at = t(2025, 5, 1, 12, 0);
    let tr = apply(&Tracked::new(at), &Input::ExpectCode, at).0;
    let due = timed(&tr, &to, &Utc);
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].due, at + chrono::Duration::seconds(2));
    assert_eq!(due[0].cause, at);
    let tr = apply(&tr, &mail(ObservationKind::Receipt), at).0;
    let due = timed(&tr, &to, &Utc);
    assert_eq!(due[0].flag, Flag::ReplyOverdue);
    assert_eq!(due[0].due, at + chrono::Duration::hours(1));
    assert_eq!(due[1].flag, Flag::DeadlinePassed);
}

fn code(c: &str, folder: &str) -> Input {
    Input::Mail {
        kind: ObservationKind::Code,
        code: Some(c.into()),
        folder: Some(folder.into()),
    }
}

/// Apply `(input, arrival)` in order, all processed at `now`; the state and
/// every alert raised on the way.
fn run(
    start: &Tracked,
    inputs: &[(Input, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> (Tracked, Vec<Raised>) {
    let mut all = Vec::new();
    let mut tr = start.clone();
    for (input, at) in inputs {
        let (next, raised) = apply_at(&tr, input, *at, now);
        tr = next;
        all.extend(raised);
    }
    (tr, all)
}

/// Every order of `items` (small inputs only).
fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

#[test]
fn replay_reproduces_incremental_state() {
    let history = vec![
        (Input::ExpectCode, t(2025, 5, 1, 12, 0)),
        // An old code from the first sync's look-back: history only.
        (code("111111", "INBOX"), t(2025, 4, 1, 9, 0)),
        (mail(ObservationKind::Code), t(2025, 5, 1, 12, 2)),
        // A fresh code that arrived earlier, found later in spam.
        (code("222222", "Junk"), t(2025, 5, 1, 12, 1)),
        (mail(ObservationKind::Suspicious), t(2025, 5, 1, 13, 0)),
        (mail(ObservationKind::Receipt), t(2025, 5, 1, 12, 5)),
        (Input::Mark(State::Submitted), t(2025, 5, 2, 0, 0)),
        (mail(ObservationKind::Rejected), t(2025, 5, 20, 0, 0)),
        (mail(ObservationKind::Accepted), t(2025, 5, 21, 0, 0)),
        (mail(ObservationKind::Code), t(2025, 6, 1, 0, 0)),
        // A receipt of the decided round, processed late.
        (mail(ObservationKind::Receipt), t(2025, 4, 30, 0, 0)),
    ];
    let mut incremental = Tracked::new(t(2025, 4, 1, 0, 0));
    for (input, at) in &history {
        incremental = apply_at(&incremental, input, *at, t(2025, 6, 2, 0, 0)).0;
    }
    assert_eq!(replay(t(2025, 4, 1, 0, 0), &history), incremental);
    assert_eq!(incremental.state, State::Accepted);
    assert_eq!(incremental.code.as_deref(), Some("123456"));
    assert_eq!(incremental.submitted_at, Some(t(2025, 4, 30, 0, 0)));

    // Refused, objected again: the new round survives a replay too.
    let mut second = history.clone();
    second.extend([
        (mail(ObservationKind::Rejected), t(2025, 6, 10, 0, 0)),
        (Input::Mark(State::AwaitingCode), t(2025, 6, 11, 8, 0)),
        (code("333333", "INBOX"), t(2025, 6, 11, 8, 1)),
        (mail(ObservationKind::Receipt), t(2025, 6, 11, 8, 5)),
        // The first round's mails, found again in another folder.
        (mail(ObservationKind::Receipt), t(2025, 5, 1, 12, 6)),
        (mail(ObservationKind::Accepted), t(2025, 5, 21, 0, 0)),
    ]);
    let mut incremental = Tracked::new(t(2025, 4, 1, 0, 0));
    for (input, at) in &second {
        incremental = apply_at(&incremental, input, *at, t(2025, 6, 12, 0, 0)).0;
    }
    assert_eq!(replay(t(2025, 4, 1, 0, 0), &second), incremental);
    assert_eq!(incremental.state, State::Submitted);
    assert_eq!(incremental.submitted_at, Some(t(2025, 6, 11, 8, 5)));
    assert_eq!(incremental.code.as_deref(), Some("333333"));
}

#[test]
fn the_state_never_depends_on_when_a_mail_is_processed() {
    let inputs = [
        Input::ExpectCode,
        mail(ObservationKind::Code),
        mail(ObservationKind::Receipt),
        mail(ObservationKind::Accepted),
        mail(ObservationKind::Rejected),
        mail(ObservationKind::Suspicious),
    ];
    let arrivals = [
        t(2025, 1, 1, 0, 0),
        t(2025, 5, 1, 11, 59),
        t(2025, 5, 1, 12, 0),
        t(2025, 5, 3, 0, 0),
    ];
    for from in State::ALL {
        for input in &inputs {
            for at in arrivals {
                let (a, _) = apply_at(&in_state(from), input, at, at);
                let (b, _) = apply_at(&in_state(from), input, at, t(2026, 1, 1, 0, 0));
                assert_eq!(a, b, "{from} + {input:?} at {at}");
            }
        }
    }
}

#[test]
fn an_old_code_found_while_awaiting_is_history_only() {
    // `expect-code`, then the first sync looks back 90 days: codes from 30,
    // 45 and 60 days ago, and the fresh one, in every processing order.
    let asked = t(2026, 3, 1, 12, 0);
    let now = asked + chrono::Duration::minutes(3);
    let waiting = apply(
        &Tracked::new(t(2026, 1, 1, 0, 0)),
        &Input::ExpectCode,
        asked,
    )
    .0;
    let fresh = (code("424242", "Junk"), asked + chrono::Duration::minutes(1));
    let old: Vec<_> = [30, 45, 60]
        .into_iter()
        .map(|days| {
            (
                code(&format!("{days:06}"), "INBOX"),
                asked - chrono::Duration::days(days),
            )
        })
        .collect();
    let mut all = old.clone();
    all.push(fresh.clone());
    for order in permutations(&all) {
        let (tr, raised) = run(&waiting, &order, now);
        assert_eq!(tr.state, State::CodeReceived);
        assert_eq!(tr.code.as_deref(), Some("424242"), "{order:?}");
        assert_eq!(tr.code_folder.as_deref(), Some("Junk"));
        assert_eq!(tr.since, fresh.1, "code_received since the code arrived");
        assert_eq!(
            raised,
            vec![Raised::new(AlertKind::CodeReceived, fresh.1)],
            "only the fresh code is announced: {order:?}"
        );
    }
    // Old codes alone change nothing and announce nothing: still waiting,
    // the timer still runs.
    let (tr, raised) = run(&waiting, &old, now);
    assert_eq!(tr, waiting);
    assert!(raised.is_empty());
}

#[test]
fn a_code_within_the_clock_skew_of_expect_code_counts() {
    let asked = t(2026, 3, 1, 12, 0);
    let waiting = apply(&Tracked::new(asked), &Input::ExpectCode, asked).0;
    let just_before = asked - CLOCK_SKEW;
    let (tr, raised) = apply_at(&waiting, &code("777777", "INBOX"), just_before, asked);
    assert_eq!(tr.code.as_deref(), Some("777777"));
    assert_eq!(raised.len(), 1);
    let too_early = just_before - chrono::Duration::seconds(1);
    let (tr, raised) = apply_at(&waiting, &code("777777", "INBOX"), too_early, asked);
    assert_eq!(tr, waiting);
    assert!(raised.is_empty());
}

#[test]
fn of_several_fresh_codes_the_latest_arrival_wins_in_any_order() {
    let asked = t(2026, 3, 1, 12, 0);
    let waiting = apply(&Tracked::new(asked), &Input::ExpectCode, asked).0;
    let codes = [
        (
            code("100001", "INBOX"),
            asked + chrono::Duration::minutes(1),
        ),
        (code("100002", "Junk"), asked + chrono::Duration::minutes(4)),
        (
            code("100003", "INBOX"),
            asked + chrono::Duration::minutes(2),
        ),
    ];
    let now = asked + chrono::Duration::minutes(10);
    for order in permutations(&codes) {
        let (tr, raised) = run(&waiting, &order, now);
        assert_eq!(tr.code.as_deref(), Some("100002"), "{order:?}");
        assert_eq!(tr.code_folder.as_deref(), Some("Junk"));
        assert_eq!(tr.since, asked + chrono::Duration::minutes(4));
        // Each announced code was the newest when it came; the last one
        // announced is the winner.
        assert_eq!(raised.last().unwrap().since, tr.since, "{order:?}");
        assert!(raised.iter().all(|r| !r.unexpected));
    }
    // An older fresh code processed after the winner: no alert, no change.
    let (won, _) = run(&waiting, &codes[1..2], now);
    let (after, raised) = apply_at(&won, &codes[0].0, codes[0].1, now);
    assert_eq!(after, won);
    assert!(raised.is_empty());
}

#[test]
fn an_unexpected_code_alerts_only_when_recent() {
    let now = t(2026, 3, 1, 12, 0);
    for from in [
        State::NotStarted,
        State::Submitted,
        State::Accepted,
        State::Rejected,
    ] {
        let before = in_state(from);
        // Minutes ago: someone may be logging in right now.
        let recent = now - chrono::Duration::minutes(5);
        let (tr, raised) = apply_at(&before, &mail(ObservationKind::Code), recent, now);
        assert_eq!(tr, before, "{from}: never a state change");
        assert_eq!(
            raised,
            vec![Raised {
                kind: AlertKind::CodeReceived,
                unexpected: true,
                since: recent,
            }]
        );
        let edge = now - UNEXPECTED_CODE_MAX_AGE;
        assert_eq!(
            apply_at(&before, &mail(ObservationKind::Code), edge, now)
                .1
                .len(),
            1
        );
        // A first sync's look-back: old login codes are history, no alarm.
        for days in [2, 30, 45, 60] {
            let old = now - chrono::Duration::days(days);
            let (tr, raised) = apply_at(&before, &mail(ObservationKind::Code), old, now);
            assert_eq!(tr, before);
            assert!(raised.is_empty(), "{from}: {days} days old");
        }
    }
}

#[test]
fn a_receipt_after_the_decision_starts_a_new_round() {
    let to = Timeouts::default();
    let first = t(2026, 1, 10, 9, 0);
    let refused = t(2026, 2, 1, 9, 0);
    let again = t(2026, 2, 20, 9, 0);
    let start = Tracked::new(t(2026, 1, 1, 0, 0));
    let (submitted, _) = apply(&start, &mail(ObservationKind::Receipt), first);
    let (rejected, _) = apply(&submitted, &mail(ObservationKind::Rejected), refused);
    assert_eq!(rejected.state, State::Rejected);
    assert!(timed(&rejected, &to, &Utc).is_empty());

    let now = again + chrono::Duration::days(1);
    let (round2, raised) = apply_at(&rejected, &mail(ObservationKind::Receipt), again, now);
    assert_eq!(round2.state, State::Submitted);
    assert_eq!(round2.since, again);
    assert_eq!(round2.submitted_at, Some(again));
    assert_eq!(
        round2.decided_at,
        Some(refused),
        "the earlier round is remembered"
    );
    assert_eq!(raised, vec![Raised::new(AlertKind::Receipt, again)]);
    // The deadlines run again, from the new submission.
    let due = timed(&round2, &to, &Utc);
    assert_eq!(due.len(), 2);
    assert!(due.iter().all(|x| x.cause == again));
    assert_eq!(due[1].due, deadline_passed_at(again, &Utc));
    assert_eq!(
        flags(&round2, t(2026, 3, 21, 0, 0), &to, &Utc),
        vec![Flag::ReplyOverdue, Flag::DeadlinePassed]
    );

    // The first round's mails found later (spam, another folder) stay history.
    for (old, at) in [
        (ObservationKind::Receipt, first),
        (
            ObservationKind::Receipt,
            refused - chrono::Duration::days(1),
        ),
        (ObservationKind::Rejected, refused),
        (
            ObservationKind::Accepted,
            refused + chrono::Duration::days(1),
        ),
    ] {
        let (after, raised) = apply_at(&round2, &mail(old), at, now);
        assert_eq!(after, round2, "{old} at {at}");
        assert!(raised.is_empty(), "{old} at {at}");
    }
    // The answer to the new round closes it.
    let (done, raised) = apply(
        &round2,
        &mail(ObservationKind::Accepted),
        t(2026, 3, 1, 0, 0),
    );
    assert_eq!(done.state, State::Accepted);
    assert_eq!(raised.len(), 1);
}

#[test]
fn a_receipt_before_the_decision_stays_history() {
    let decided = t(2026, 2, 1, 9, 0);
    for kind in [ObservationKind::Accepted, ObservationKind::Rejected] {
        let (closed, _) = apply(&Tracked::new(t(2026, 1, 1, 0, 0)), &mail(kind), decided);
        for at in [decided, decided - chrono::Duration::days(20)] {
            let (after, raised) = apply_at(
                &closed,
                &mail(ObservationKind::Receipt),
                at,
                decided + chrono::Duration::days(1),
            );
            assert_eq!(after.state, closed.state);
            assert_eq!(after.decided_at, Some(decided));
            assert_eq!(after.submitted_at, Some(at), "the date is remembered");
            assert!(raised.is_empty());
        }
    }
    // An earlier receipt of a round that is still open moves the start of
    // the deadline back (e.g. `mark submitted` after the fact).
    let marked = apply(
        &Tracked::new(t(2026, 1, 1, 0, 0)),
        &Input::Mark(State::Submitted),
        t(2026, 2, 10, 0, 0),
    )
    .0;
    let (after, raised) = apply(
        &marked,
        &mail(ObservationKind::Receipt),
        t(2026, 2, 1, 0, 0),
    );
    assert_eq!(after.state, State::Submitted);
    assert_eq!(after.submitted_at, Some(t(2026, 2, 1, 0, 0)));
    assert_eq!(
        raised,
        vec![Raised::new(AlertKind::Receipt, t(2026, 2, 1, 0, 0))]
    );
    // A later one keeps it, and its alert counts from the first.
    let (later, raised) = apply(
        &after,
        &mail(ObservationKind::Receipt),
        t(2026, 2, 15, 0, 0),
    );
    assert_eq!(later.submitted_at, Some(t(2026, 2, 1, 0, 0)));
    assert_eq!(raised[0].since, t(2026, 2, 1, 0, 0));
}

#[test]
fn a_receipt_of_a_decided_round_does_not_leave_a_new_code_request() {
    // Refused, then the person asks for a new code; the first round's
    // receipt, found late, does not jump to `submitted`.
    let refused = t(2026, 2, 1, 9, 0);
    let (rejected, _) = apply(
        &Tracked::new(t(2026, 1, 1, 0, 0)),
        &mail(ObservationKind::Rejected),
        refused,
    );
    let asked = t(2026, 2, 10, 9, 0);
    let (waiting, _) = apply(&rejected, &Input::ExpectCode, asked);
    let (after, raised) = apply_at(
        &waiting,
        &mail(ObservationKind::Receipt),
        t(2026, 1, 20, 0, 0),
        asked,
    );
    assert_eq!(after, waiting);
    assert!(raised.is_empty());
}

#[test]
fn state_names_round_trip() {
    for s in State::ALL {
        assert_eq!(s.as_str().parse::<State>().unwrap(), s);
    }
    assert_eq!(
        "Code-Received".parse::<State>().unwrap(),
        State::CodeReceived
    );
    let err = "done".parse::<State>().unwrap_err();
    assert!(
        err.contains("not_started") && err.contains("rejected"),
        "{err}"
    );
}

#[test]
fn a_code_expires_after_code_valid() {
    let to = Timeouts::default();
    let asked = t(2025, 5, 1, 12, 0);
    let mut tr = apply(&Tracked::new(asked), &Input::ExpectCode, asked).0;
    let arrived = asked + chrono::Duration::minutes(3);
    tr = apply(&tr, &mail(ObservationKind::Code), arrived).0;
    assert_eq!(tr.state, State::CodeReceived);
    assert_eq!(
        code_valid_until(&tr, &to),
        Some(arrived + chrono::Duration::hours(1))
    );
    let just_before = arrived + chrono::Duration::minutes(59);
    assert_eq!(next_step(&tr, just_before, &to, &Utc), NextStep::EnterCode);
    assert!(!code_expired(&tr, just_before, &to));
    let at_the_hour = arrived + chrono::Duration::hours(1);
    assert_eq!(
        next_step(&tr, at_the_hour, &to, &Utc),
        NextStep::CodeExpired
    );
    // A new code (after a new `expect-code`) is fresh again.
    tr = apply(&tr, &Input::ExpectCode, at_the_hour).0;
    tr = apply(&tr, &mail(ObservationKind::Code), at_the_hour).0;
    assert_eq!(next_step(&tr, at_the_hour, &to, &Utc), NextStep::EnterCode);
    // After submission there is no code to expire.
    tr = apply(&tr, &Input::Mark(State::Submitted), at_the_hour).0;
    assert_eq!(code_valid_until(&tr, &to), None);
}
