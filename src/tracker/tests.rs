use super::*;
use chrono::TimeZone;

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
        (Accepted, O::Receipt, Accepted, None, false),
        (Rejected, O::Receipt, Rejected, None, false),
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
        assert_eq!(raised, vec![Raised::new(A::Suspicious)]);
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

#[test]
fn calendar_month_deadline() {
    // Jan 31 + 1 month is the end of February.
    assert_eq!(deadline(t(2025, 1, 31, 15, 0)), t(2025, 3, 1, 0, 0));
    assert_eq!(
        deadline(t(2024, 1, 31, 15, 0)),
        t(2024, 3, 1, 0, 0) - chrono::Duration::zero()
    );
    assert_eq!(
        deadline(t(2024, 1, 30, 0, 0)),
        t(2024, 2, 29, 0, 0) + chrono::Duration::days(1)
    );
    // Mar 31 -> Apr 30; mid-month keeps the day; year wraps.
    assert_eq!(deadline(t(2025, 3, 31, 0, 0)), t(2025, 5, 1, 0, 0));
    assert_eq!(deadline(t(2025, 6, 15, 23, 59)), t(2025, 7, 16, 0, 0));
    assert_eq!(deadline(t(2025, 12, 20, 10, 0)), t(2026, 1, 21, 0, 0));
}

#[test]
fn flags_follow_the_clock() {
    let to = Timeouts::default();
    let asked = t(2025, 5, 1, 12, 0);
    let mut tr = Tracked::new(asked);
    tr = apply(&tr, &Input::ExpectCode, asked).0;
    assert!(flags(&tr, asked + chrono::Duration::minutes(14), &to).is_empty());
    assert_eq!(
        flags(&tr, asked + chrono::Duration::minutes(15), &to),
        vec![Flag::CodeOverdue]
    );
    assert_eq!(
        next_step(&tr, asked + chrono::Duration::minutes(20), &to),
        NextStep::CheckSpam
    );
    // The code arrives: no longer overdue.
    tr = apply(
        &tr,
        &mail(ObservationKind::Code),
        asked + chrono::Duration::minutes(20),
    )
    .0;
    assert!(flags(&tr, asked + chrono::Duration::days(1), &to).is_empty());

    let sub = t(2025, 1, 31, 10, 0);
    tr = apply(&tr, &mail(ObservationKind::Receipt), sub).0;
    assert!(flags(&tr, sub + chrono::Duration::days(6), &to).is_empty());
    assert_eq!(
        flags(&tr, sub + chrono::Duration::days(7), &to),
        vec![Flag::ReplyOverdue]
    );
    assert_eq!(
        next_step(&tr, sub + chrono::Duration::days(8), &to),
        NextStep::NoAnswer { days: 8 }
    );
    // Feb 28 23:59 is still within the month; Mar 1 is not.
    assert!(!flags(&tr, t(2025, 2, 28, 23, 59), &to).contains(&Flag::DeadlinePassed));
    assert!(flags(&tr, t(2025, 3, 1, 0, 0), &to).contains(&Flag::DeadlinePassed));
    assert_eq!(
        next_step(&tr, t(2025, 3, 4, 10, 0), &to),
        NextStep::SendReminder { days: 32 }
    );
    // A decision clears every flag.
    tr = apply(&tr, &mail(ObservationKind::Accepted), t(2025, 3, 5, 0, 0)).0;
    assert!(flags(&tr, t(2026, 1, 1, 0, 0), &to).is_empty());
    assert_eq!(
        next_step(&tr, t(2026, 1, 1, 0, 0), &to),
        NextStep::KeepProof
    );
}

#[test]
fn configurable_durations_are_used() {
    let to = Timeouts {
        code_timeout: Duration::from_secs(2),
        reply_timeout: Duration::from_secs(3600),
    };
    let at = t(2025, 5, 1, 12, 0);
    let tr = apply(&Tracked::new(at), &Input::ExpectCode, at).0;
    let due = timed(&tr, &to);
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].due, at + chrono::Duration::seconds(2));
    assert_eq!(due[0].cause, at);
    let tr = apply(&tr, &mail(ObservationKind::Receipt), at).0;
    let due = timed(&tr, &to);
    assert_eq!(due[0].flag, Flag::ReplyOverdue);
    assert_eq!(due[0].due, at + chrono::Duration::hours(1));
    assert_eq!(due[1].flag, Flag::DeadlinePassed);
}

#[test]
fn replay_reproduces_incremental_state() {
    let history = vec![
        (Input::ExpectCode, t(2025, 5, 1, 12, 0)),
        (mail(ObservationKind::Code), t(2025, 5, 1, 12, 2)),
        (mail(ObservationKind::Suspicious), t(2025, 5, 1, 13, 0)),
        (mail(ObservationKind::Receipt), t(2025, 5, 1, 12, 5)),
        (Input::Mark(State::Submitted), t(2025, 5, 2, 0, 0)),
        (mail(ObservationKind::Rejected), t(2025, 5, 20, 0, 0)),
        (mail(ObservationKind::Accepted), t(2025, 5, 21, 0, 0)),
        (mail(ObservationKind::Code), t(2025, 6, 1, 0, 0)),
    ];
    let mut incremental = Tracked::new(t(2025, 4, 1, 0, 0));
    for (input, at) in &history {
        incremental = apply(&incremental, input, *at).0;
    }
    assert_eq!(replay(t(2025, 4, 1, 0, 0), &history), incremental);
    assert_eq!(incremental.state, State::Accepted);
    assert_eq!(incremental.code.as_deref(), Some("123456"));
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
