use super::*;
use crate::model::{AlertKind, ObservationKind};
use crate::tracker::{self, apply};
use chrono::TimeZone;

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, d, h, 0, 0).unwrap()
}

fn accounts() -> Vec<config::Account> {
    vec![config::Account {
        id: "fb".into(),
        platform: "facebook".into(),
        mailbox: "gmx".into(),
        address: None,
    }]
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("sub/optout.db")).unwrap();
    store.sync_accounts(&accounts(), at(1, 0)).unwrap();
    (dir, store)
}

#[test]
fn migrations_apply_once_and_record_the_version() {
    let (dir, store) = open();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as u32);
    drop(store);
    let again = Store::open(&dir.path().join("sub/optout.db")).unwrap();
    assert_eq!(again.accounts().unwrap().len(), 1, "reopening keeps data");
}

#[test]
fn a_newer_schema_is_refused() {
    let (dir, store) = open();
    store.conn.pragma_update(None, "user_version", 999).unwrap();
    drop(store);
    let e = Store::open(&dir.path().join("sub/optout.db"))
        .err()
        .unwrap();
    assert!(format!("{e:#}").contains("newer optout"), "{e:#}");
}

#[test]
fn new_accounts_start_not_started() {
    let (_d, store) = open();
    let rows = store.accounts().unwrap();
    assert_eq!(rows[0].tracked, Tracked::new(at(1, 0)));
    assert_eq!(rows[0].last_event, None);
}

fn record(store: &mut Store, input: Input, kind: EventKind, when: DateTime<Utc>, fp: Option<&str>) {
    let tx = store.transaction().unwrap();
    let cur = tx.tracked("fb").unwrap();
    let (next, _) = apply(&cur, &input, when);
    let code = match &input {
        Input::Mail { code, .. } => code.clone(),
        _ => None,
    };
    let src = MailSource {
        mailbox: "gmx".into(),
        folder: "Spamverdacht".into(),
        uidvalidity: 7,
        uid: 42,
        message_id: Some("<m@x>".into()),
        subject: Some("s".into()),
        sender: Some("security@facebookmail.com".into()),
    };
    let seq = tx
        .append_event(
            &NewEvent {
                account: "fb",
                kind,
                at: when,
                code: code.as_deref(),
                reason: Some("test"),
                source: matches!(kind, EventKind::Observed(_)).then_some(&src),
                fingerprint: fp,
                raw: matches!(kind, EventKind::Observed(ObservationKind::Accepted))
                    .then_some(b"raw mail".as_slice()),
            },
            when,
        )
        .unwrap();
    tx.save_tracked("fb", &next, seq).unwrap();
    tx.commit().unwrap();
}

#[test]
fn replaying_the_stored_history_reproduces_the_stored_state() {
    let (_d, mut store) = open();
    let code = Input::Mail {
        kind: ObservationKind::Code,
        code: Some("123456".into()),
        folder: Some("Spamverdacht".into()),
    };
    record(
        &mut store,
        Input::ExpectCode,
        EventKind::ExpectCode,
        at(2, 10),
        None,
    );
    record(
        &mut store,
        code,
        EventKind::Observed(ObservationKind::Code),
        at(2, 11),
        Some("a"),
    );
    record(
        &mut store,
        Input::Mark(State::Submitted),
        EventKind::Mark(State::Submitted),
        at(2, 12),
        None,
    );
    let accepted = Input::Mail {
        kind: ObservationKind::Accepted,
        code: None,
        folder: Some("Spamverdacht".into()),
    };
    record(
        &mut store,
        accepted,
        EventKind::Observed(ObservationKind::Accepted),
        at(9, 8),
        Some("b"),
    );

    let row = store.accounts().unwrap().remove(0);
    assert_eq!(row.tracked.state, State::Accepted);
    assert_eq!(row.last_event.as_ref().unwrap().kind, "accepted");
    let events = store.events(Some("fb")).unwrap();
    let history: Vec<_> = events.iter().map(|e| (e.input().unwrap(), e.at)).collect();
    assert_eq!(tracker::replay(row.created_at, &history), row.tracked);
    assert_eq!(
        store.raw_mail(events[3].seq).unwrap().as_deref(),
        Some(b"raw mail".as_slice())
    );
    assert_eq!(store.raw_mail(events[1].seq).unwrap(), None);
    assert_eq!(events[1].folder.as_deref(), Some("Spamverdacht"));
}

#[test]
fn one_mail_one_event() {
    let (_d, mut store) = open();
    let mail = Input::Mail {
        kind: ObservationKind::Receipt,
        code: None,
        folder: None,
    };
    record(
        &mut store,
        mail.clone(),
        EventKind::Observed(ObservationKind::Receipt),
        at(2, 0),
        Some("fp"),
    );
    let tx = store.transaction().unwrap();
    assert!(tx.has_fingerprint("fb", "fp").unwrap());
    assert!(!tx.has_fingerprint("fb", "other").unwrap());
    drop(tx);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        record(
            &mut store,
            mail,
            EventKind::Observed(ObservationKind::Receipt),
            at(2, 1),
            Some("fp"),
        )
    }));
    assert!(
        result.is_err(),
        "the unique index refuses a second event for the same mail"
    );
}

#[test]
fn cursor_and_outbox() {
    let (_d, mut store) = open();
    assert_eq!(store.cursor("gmx", "INBOX").unwrap(), None);
    let alert = Alert {
        key: "code_received:fb:abc".into(),
        kind: AlertKind::CodeReceived,
        account: "fb".into(),
        platform: "facebook".into(),
        code: Some("123456".into()),
        folder: Some("Junk".into()),
        mailbox: Some("gmx".into()),
        in_spam: true,
        unexpected: false,
        detail: None,
        since: None,
        created_at: at(3, 0),
    };
    let tx = store.transaction().unwrap();
    let c = Cursor {
        mailbox: "gmx".into(),
        folder: "INBOX".into(),
        uidvalidity: 5,
        next_uid: 10,
    };
    tx.set_cursor(&c, at(3, 0)).unwrap();
    assert!(tx.enqueue_alert(&alert).unwrap());
    assert!(!tx.enqueue_alert(&alert).unwrap(), "same key: fired once");
    tx.commit().unwrap();
    assert_eq!(store.cursor("gmx", "INBOX").unwrap(), Some(c));

    let pending = store.pending_alerts().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].alert, alert);
    assert!(pending[0].delivered_to.is_empty());
    store
        .mark_sink_delivered(pending[0].id, "desktop", at(3, 1))
        .unwrap();
    store
        .mark_sink_delivered(pending[0].id, "hook", at(3, 1))
        .unwrap();
    assert_eq!(
        store.pending_alerts().unwrap()[0].delivered_to,
        vec!["desktop", "hook"]
    );
    store.mark_alert_delivered(pending[0].id, at(3, 2)).unwrap();
    assert!(store.pending_alerts().unwrap().is_empty());
    assert_eq!(store.all_alerts().unwrap()[0].1, Some(at(3, 2)));
}

#[test]
fn a_reader_is_not_blocked_by_a_writer() {
    let (dir, mut writer) = open();
    let tx = writer.transaction().unwrap();
    tx.set_cursor(
        &Cursor {
            mailbox: "gmx".into(),
            folder: "INBOX".into(),
            uidvalidity: 1,
            next_uid: 2,
        },
        at(4, 0),
    )
    .unwrap();
    // While the write transaction is open, a second connection reads.
    let mut reader = Store::open(&dir.path().join("sub/optout.db")).unwrap();
    reader.sync_accounts(&accounts(), at(4, 0)).unwrap();
    assert_eq!(reader.accounts().unwrap().len(), 1);
    assert_eq!(
        reader.cursor("gmx", "INBOX").unwrap(),
        None,
        "uncommitted is invisible"
    );
    tx.commit().unwrap();
    assert!(reader.cursor("gmx", "INBOX").unwrap().is_some());
}

#[test]
fn an_id_known_for_another_address_is_refused_once_its_objection_began() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("optout.db")).unwrap();
    let with = |address: &str| {
        vec![config::Account {
            id: "facebook-max".into(),
            platform: "facebook".into(),
            mailbox: "gmx".into(),
            address: Some(address.into()),
        }]
    };
    store.sync_accounts(&with("max@gmx.de"), at(1, 0)).unwrap();
    // A typo fixed before anything happened: fine.
    store.sync_accounts(&with("max@gmx.net"), at(1, 1)).unwrap();
    store
        .conn
        .execute(
            "UPDATE account_state SET state = 'awaiting_code' WHERE account = 'facebook-max'",
            [],
        )
        .unwrap();
    let e = store
        .sync_accounts(&with("max@web.de"), at(1, 2))
        .unwrap_err();
    let elsewhere = e.downcast_ref::<AccountElsewhere>().expect("typed error");
    assert_eq!(elsewhere.known_address, "max@gmx.net");
    assert_eq!(elsewhere.address, "max@web.de");
    // Nothing was merged: the row keeps its address.
    let row = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|r| r.id == "facebook-max")
        .unwrap();
    assert_eq!(row.address.as_deref(), Some("max@gmx.net"));
    // The same address in other case is the same address.
    store.sync_accounts(&with("Max@GMX.net"), at(1, 3)).unwrap();
}
