//! Old mail found by a first sync or a catch-up, end to end: the real
//! binary against a real Dovecot. The tracker decides by a mail's arrival
//! (INTERNALDATE), never by when optout gets to see it.

mod common;
use chrono::{DateTime, Duration, Local, Utc};
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, code_mail, meta_mail, receipt_mail, Setup};
use optout::alerts::text::{day, message};
use optout::model::{Alert, AlertKind};
use optout::store::Store;
use optout::text::Lang;
use optout::tracker;
use serde_json::Value;

/// An IMAP date-time (APPEND's internal date).
fn imap_date(t: DateTime<Utc>) -> String {
    t.format("%d-%b-%Y %H:%M:%S +0000").to_string()
}

/// INTERNALDATE has whole seconds.
fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap()
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

fn alerts(s: &Setup) -> Vec<Alert> {
    Store::open(&s.db())
        .unwrap()
        .all_alerts()
        .unwrap()
        .into_iter()
        .map(|(a, _)| a)
        .collect()
}

fn of_kind(alerts: &[Alert], kind: AlertKind) -> Vec<Alert> {
    alerts.iter().filter(|a| a.kind == kind).cloned().collect()
}

fn rejected_mail(id: &str) -> Vec<u8> {
    meta_mail(
        &format!("rejected-{id}"),
        "Deine Anfrage",
        "Wir haben deine Anfrage geprüft. Wir werden keine weiteren Maßnahmen ergreifen.",
    )
}

/// The look-alike sender of a phishing mail using Meta's words.
fn phishing_mail() -> Vec<u8> {
    "From: Facebook <security@facebookmail-support.example>\r\nTo: max@example.org\r\n\
Subject: Dein Code\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <phish-1@example>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nDein Bestätigungscode: 734512\r\n"
        .as_bytes()
        .to_vec()
}

/// The state as the store keeps it equals the replay of its history.
fn assert_replay_reproduces_the_state(s: &Setup) {
    let store = Store::open(&s.db()).unwrap();
    let row = store.accounts().unwrap().remove(0);
    let history: Vec<_> = store
        .events(Some("fb"))
        .unwrap()
        .iter()
        .map(|e| (e.input().unwrap(), e.at))
        .collect();
    assert_eq!(tracker::replay(row.created_at, &history), row.tracked);
}

#[test]
fn after_expect_code_the_first_sync_takes_the_fresh_code_not_an_old_one() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    let asked = time(&s.status()[0]["since"]);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // The 90-day look-back finds codes from earlier attempts…
    for days in [30, 45, 60] {
        c.append_dated(
            "INBOX",
            &imap_date(asked - Duration::days(days)),
            &code_mail(&format!("{days:06}")),
        );
    }
    // …the fresh code in INBOX, and one that arrived a minute before it
    // (within the clock skew of `expect-code`) in spam, synced after INBOX.
    c.append("INBOX", &code_mail("424242"));
    c.append_dated(
        "Junk",
        &imap_date(asked - Duration::seconds(60)),
        &code_mail("131313"),
    );
    s.ok(&["watch", "--once"]);

    let st = s.status();
    assert_eq!(st[0]["state"], "code_received");
    assert_eq!(st[0]["code"], "424242", "the latest arrival: {st}");
    assert_eq!(st[0]["code_folder"], "INBOX");
    // Every code is in the history.
    let codes: Vec<_> = s
        .mail_events()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 5, "{codes:?}");
    for c in ["000030", "000045", "000060", "131313", "424242"] {
        assert!(codes.iter().any(|x| x == c), "{c} missing from the log");
    }
    // One alert: "your code", for the fresh one; nothing unexpected.
    let got = of_kind(&alerts(&s), AlertKind::CodeReceived);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].code.as_deref(), Some("424242"));
    assert!(!got[0].unexpected);
    assert_replay_reproduces_the_state(&s);
}

#[test]
fn a_first_sync_raises_no_alarm_for_old_unexpected_codes() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let now = Utc::now();
    for days in [30, 45, 60] {
        c.append_dated(
            "Junk",
            &imap_date(now - Duration::days(days)),
            &code_mail(&format!("{days:06}")),
        );
    }
    // Two hours ago: maybe someone trying to log in — worth a look.
    c.append_dated(
        "INBOX",
        &imap_date(now - Duration::hours(2)),
        &code_mail("909090"),
    );
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);

    let st = s.status();
    assert_eq!(st[0]["state"], "not_started");
    assert_eq!(st[0]["code"], Value::Null);
    assert_eq!(s.mail_events().len(), 4, "all recorded");
    let got = of_kind(&alerts(&s), AlertKind::CodeReceived);
    assert_eq!(got.len(), 1, "only the recent one: {got:?}");
    assert_eq!(got[0].code.as_deref(), Some("909090"));
    assert!(got[0].unexpected);
}

#[test]
fn a_receipt_found_weeks_late_announces_the_deadline_counted_from_its_arrival() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let arrived = whole_seconds(Utc::now() - Duration::days(40));
    c.append_dated("Junk", &imap_date(arrived), &receipt_mail("late"));
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);

    let last_day = tracker::deadline(arrived, &Local);
    let st = s.status();
    assert_eq!(st[0]["state"], "submitted");
    assert_eq!(time(&st[0]["submitted_at"]), arrived);
    assert_eq!(st[0]["deadline"], last_day.format("%Y-%m-%d").to_string());
    let flags = st[0]["flags"].as_array().unwrap();
    assert!(flags.contains(&"deadline_passed".into()), "{flags:?}");

    let receipts = of_kind(&alerts(&s), AlertKind::Receipt);
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        receipts[0].since,
        Some(arrived),
        "the hook sees the submission"
    );
    let body = message(&receipts[0], Lang::En).body;
    assert!(body.contains(&day(last_day, Lang::En)), "{body}");
    let a_month_from_now = tracker::deadline(receipts[0].created_at, &Local);
    assert!(
        !body.contains(&day(a_month_from_now, Lang::En)),
        "not a month from today: {body}"
    );
    assert!(body.contains("has passed"), "{body}");
}

#[test]
fn a_receipt_after_a_refusal_starts_a_new_round() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let now = Utc::now();
    let first = whole_seconds(now - Duration::days(60));
    let refused = whole_seconds(now - Duration::days(30));
    c.append_dated("INBOX", &imap_date(first), &receipt_mail("first"));
    c.append_dated("Junk", &imap_date(refused), &rejected_mail("first"));
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "rejected");
    assert_eq!(time(&st[0]["submitted_at"]), first);

    // "Meta refused, I object again": the new receipt arrives.
    c.append("INBOX", &receipt_mail("again"));
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "submitted", "{st}");
    let again = time(&st[0]["submitted_at"]);
    assert!(again > refused && again <= Utc::now(), "{again}");
    assert_eq!(time(&st[0]["since"]), again);
    assert_eq!(
        st[0]["deadline"],
        tracker::deadline(again, &Local)
            .format("%Y-%m-%d")
            .to_string()
    );
    assert_eq!(st[0]["flags"], serde_json::json!([]), "a fresh deadline");
    let receipts = of_kind(&alerts(&s), AlertKind::Receipt);
    assert_eq!(receipts.len(), 2, "{receipts:?}");
    assert_eq!(receipts[1].since, Some(again));
    assert_replay_reproduces_the_state(&s);
}

#[test]
fn mark_awaiting_code_forgets_the_old_code_and_starts_the_timer() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let cfg = std::fs::read_to_string(s.config())
        .unwrap()
        .replace("desktop = false", "desktop = false\ncode_timeout = \"1s\"");
    std::fs::write(s.config(), cfg).unwrap();
    s.ok(&["expect-code", "fb"]);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("515151"));
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "515151");

    let before = Utc::now();
    s.ok(&["mark", "fb", "awaiting_code"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "awaiting_code");
    assert_eq!(st[0]["code"], Value::Null, "{st}");
    assert_eq!(st[0]["code_folder"], Value::Null);
    assert!(time(&st[0]["since"]) >= before);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(
        s.status()[0]["flags"],
        serde_json::json!(["code_overdue"]),
        "the code timer runs as after expect-code"
    );
    // The old code, seen again, does not come back.
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], Value::Null);
    assert_replay_reproduces_the_state(&s);
}

#[test]
fn the_deadline_is_the_last_day_in_status_and_evidence() {
    // No mailbox needed: a manual submission.
    let s = Setup::with_mailbox("host = \"127.0.0.1\"\nport = 1\ntls = \"none\"");
    s.ok(&["mark", "fb", "submitted"]);
    let st = s.status();
    let submitted = time(&st[0]["submitted_at"]);
    let local = submitted.with_timezone(&Local).date_naive();
    let last_day = local
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(st[0]["deadline"], last_day, "a calendar date: {st}");
    assert_eq!(st[0]["flags"], serde_json::json!([]));

    let out = s.dir.path().join("proof");
    s.ok(&["evidence", "fb", "--out", out.to_str().unwrap()]);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["timeline"]["deadline"], last_day);
}

#[test]
fn evidence_exports_only_the_proof_mails() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let receipt = receipt_mail("proof");
    let accepted = accepted_mail("proof");
    c.append("INBOX", &receipt);
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);
    // After the first sync (which searches the providers' senders only),
    // every new mail is read: the phishing attempt too.
    c.append("INBOX", &phishing_mail());
    c.append("Junk", &accepted);
    s.ok(&["watch", "--once"]);
    let kinds: Vec<_> = s
        .mail_events()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert!(kinds.contains(&"suspicious".to_owned()), "{kinds:?}");

    let out = s.dir.path().join("proof");
    let printed = String::from_utf8(
        s.ok(&["evidence", "fb", "--out", out.to_str().unwrap()])
            .stdout,
    )
    .unwrap();
    assert!(printed.contains("wrote 2 mails"), "{printed}");
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["state"], "accepted");
    let mails = summary["mails"].as_array().unwrap();
    let kinds: Vec<_> = mails.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["receipt", "accepted"]);
    let mut files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut listed: Vec<_> = mails
        .iter()
        .map(|m| m["file"].as_str().unwrap().to_owned())
        .chain(["report.html".to_owned(), "summary.json".to_owned()])
        .collect();
    listed.sort();
    assert_eq!(files, listed, "exactly the listed files");
    assert!(files.iter().all(|f| !f.contains("suspicious")));
    assert_eq!(
        std::fs::read(out.join(mails[0]["file"].as_str().unwrap())).unwrap(),
        receipt
    );
    assert_eq!(
        std::fs::read(out.join(mails[1]["file"].as_str().unwrap())).unwrap(),
        accepted
    );
}
