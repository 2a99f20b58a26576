//! The core watch tests, one body each, against every IMAP server the
//! harness runs: Dovecot, Cyrus and Courier (`servers::cyrus::…`).
//! They differ where real servers differ: the spam folder (special-use
//! `Junk`; Cyrus's special-use `INBOX.Junk`; Courier's `INBOX.Junk`
//! without SPECIAL-USE), Courier's EXAMINE without `[UIDNEXT]`, and its
//! new UIDVALIDITY for an empty folder in every session.

mod common;
use common::imap_client::Client;
use common::optout::{
    accepted_mail, code_mail, ordinary_mail, receipt_mail, wait_until, wait_until_or, Setup,
};
use common::servers::{Kind, Server};
use serde_json::Value;
use std::time::Duration;

/// Every test below, once per server.
macro_rules! on_every_server {
    ($($test:ident),* $(,)?) => {
        mod dovecot { $( #[test] fn $test() { super::$test(super::Kind::Dovecot) } )* }
        mod cyrus { $( #[test] fn $test() { super::$test(super::Kind::Cyrus) } )* }
        mod courier { $( #[test] fn $test() { super::$test(super::Kind::Courier) } )* }
    };
}

on_every_server!(
    check_finds_the_spam_folder_and_shows_the_login_mechanisms,
    watch_once_finds_a_code_in_spam_and_an_acceptance_in_inbox_and_changes_nothing,
    mail_older_than_lookback_stays_ignored_on_later_runs,
    an_empty_spam_folder_is_synced_without_warnings,
    mail_is_pushed_via_idle_in_inbox_and_spam,
    after_a_server_restart_mail_delivered_meanwhile_is_processed_once,
);

fn connect(s: &Server) -> Client {
    Client::connect(s.imap_port(), "max", "secret")
}

fn message_ids(events: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = events
        .iter()
        .map(|e| e["message_id"].as_str().unwrap_or("-").to_owned())
        .collect();
    ids.sort();
    ids
}

fn check_finds_the_spam_folder_and_shows_the_login_mechanisms(kind: Kind) {
    let server = Server::start(kind);
    let s = Setup::with_mailbox(&server.mailbox_tls(""));
    let out = s.ok(&["check", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["mailboxes"][0];
    assert_eq!(m["ok"], true, "{m}");
    let folders: Vec<(String, bool)> = m["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap().to_owned(), f["spam"] == true))
        .collect();
    assert_eq!(
        folders,
        [
            ("INBOX".to_owned(), false),
            (server.spam().to_owned(), true)
        ],
        "{m}"
    );
    // The mechanisms the server offers before login (the README promises
    // them; most servers list them only before login).
    let caps: Vec<&str> = m["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(caps.contains(&"AUTH=PLAIN"), "{caps:?}");
    assert!(caps.contains(&"IDLE"), "{caps:?}");
    let text = String::from_utf8(s.ok(&["check"]).stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("capabilities:"))
        .unwrap_or_else(|| panic!("no capabilities line: {text}"));
    assert!(line.contains("AUTH=PLAIN"), "{line}");
}

fn watch_once_finds_a_code_in_spam_and_an_acceptance_in_inbox_and_changes_nothing(kind: Kind) {
    let server = Server::start(kind);
    let spam = server.spam();
    let mut c = connect(&server);
    c.append("INBOX", &ordinary_mail(1));
    c.append_with("INBOX", "(\\Seen \\Flagged)", &ordinary_mail(2));
    c.append(spam, &code_mail("48213790"));
    let before = (c.flags("INBOX"), c.flags(spam));
    let s = Setup::for_server(&server, "");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "code_received", "{st}");
    assert_eq!(st[0]["code"], "48213790");
    assert_eq!(st[0]["code_folder"], spam);

    c.append("INBOX", &accepted_mail("once"));
    let before_second = c.flags("INBOX");
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["state"], "accepted");
    assert_eq!(
        message_ids(&s.mail_events()),
        [
            "<accepted-once@facebookmail.com>",
            "<code-48213790@facebookmail.com>"
        ]
    );
    // Nothing changed on the server: not a flag, not \Seen.
    assert_eq!(c.flags(spam), before.1, "no flag changed in spam");
    assert_eq!(c.flags("INBOX"), before_second, "no flag changed in INBOX");
    assert_eq!(before_second[..2], before.0[..]);
    // A third run finds nothing new and records nothing twice.
    s.ok(&["watch", "--once"]);
    assert_eq!(s.log().len(), 3, "expect_code + code + acceptance");
}

fn mail_older_than_lookback_stays_ignored_on_later_runs(kind: Kind) {
    let server = Server::start(kind);
    let spam = server.spam();
    let old = (chrono::Utc::now() - chrono::Duration::days(200))
        .format("%d-%b-%Y %H:%M:%S +0000")
        .to_string();
    let mut c = connect(&server);
    // INBOX: a recent receipt, then a 200-day-old acceptance (restored
    // from a backup, say). Spam: only old mail — no provider mail within
    // the window at all.
    c.append("INBOX", &receipt_mail("new"));
    c.append_dated("INBOX", &old, &accepted_mail("old"));
    c.append_dated(spam, &old, &accepted_mail("old-spam"));
    c.append_dated(spam, &old, &ordinary_mail(3));
    let s = Setup::for_server(&server, "lookback = \"90d\"");
    for run in 1..=3 {
        s.ok(&["watch", "--once"]);
        let events = s.mail_events();
        assert_eq!(
            message_ids(&events),
            ["<receipt-new@facebookmail.com>"],
            "run {run}: only the recent receipt"
        );
        assert_ne!(s.status()[0]["state"], "accepted", "run {run}");
    }
    // Mail that arrives after the first sync counts, whatever its date.
    c.append_dated(spam, &old, &code_mail("222222"));
    s.ok(&["watch", "--once"]);
    assert_eq!(s.mail_events().len(), 2);
}

fn an_empty_spam_folder_is_synced_without_warnings(kind: Kind) {
    let server = Server::start(kind);
    let mut c = connect(&server);
    c.append("INBOX", &receipt_mail("r"));
    let s = Setup::for_server(&server, "");
    for run in 1..=3 {
        let out = s.run(&["watch", "--once"], "secret");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("UIDVALIDITY"), "run {run}: {err}");
        assert!(!err.contains("WARN"), "run {run}: {err}");
    }
    assert_eq!(s.mail_events().len(), 1);
    // The first mail in the once-empty folder is still found.
    c.append(server.spam(), &code_mail("515151"));
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "515151");
}

fn mail_is_pushed_via_idle_in_inbox_and_spam(kind: Kind) {
    let server = Server::start(kind);
    let spam = server.spam();
    let mut c = connect(&server);
    c.append("INBOX", &receipt_mail("before"));
    // Polling every hour: anything seen within seconds came by push.
    let s = Setup::for_server(&server, "poll_interval = \"1h\"");
    s.ok(&["expect-code", "fb"]);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", &format!("folder={spam}")], 1);
    assert_eq!(s.mail_events().len(), 1, "the catch-up found the receipt");
    let before = (c.flags("INBOX"), c.flags(spam));

    c.append(spam, &code_mail("90817263"));
    // Should the push not come (one CI run saw that with Courier), what
    // optout logged says where it stood.
    wait_until_or(
        20,
        "the code from spam, pushed",
        || {
            s.mail_events()
                .iter()
                .any(|e| e["code"] == "90817263" && e["folder"] == spam)
        },
        || format!("optout logged:\n{}", w.log().join("\n")),
    );
    c.append("INBOX", &accepted_mail("pushed"));
    wait_until(20, "the acceptance from INBOX, pushed", || {
        s.status()[0]["state"] == "accepted"
    });
    assert_eq!(s.mail_events().len(), 3);
    let after = (c.flags("INBOX"), c.flags(spam));
    assert_eq!(before.0, after.0[..before.0.len()], "old flags unchanged");
    assert!(
        after
            .0
            .iter()
            .chain(&after.1)
            .all(|(_, f)| !f.contains("Seen")),
        "nothing marked \\Seen: {after:?}"
    );
    let (code, took) = w.terminate();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(10), "exit took {took:?}");
}

fn after_a_server_restart_mail_delivered_meanwhile_is_processed_once(kind: Kind) {
    let mut server = Server::start(kind);
    let spam = server.spam();
    let s = Setup::for_server(&server, "poll_interval = \"1h\"");
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", &format!("folder={spam}")], 1);
    let mut c = connect(&server);
    c.append("INBOX", &receipt_mail("1"));
    wait_until(20, "the first receipt", || s.mail_events().len() == 1);
    drop(c);

    server.stop();
    w.wait_log(20, &["reconnecting in"], 2);
    server.deliver_while_stopped(&[("INBOX", code_mail("123123")), (spam, accepted_mail("2"))]);
    server.restart();
    let mut c = connect(&server);
    c.append(spam, &receipt_mail("3"));
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while s.mail_events().len() < 4 {
        assert!(
            std::time::Instant::now() < deadline,
            "all four mails after the reconnect: {:?}\n{}",
            message_ids(&s.mail_events()),
            w.log().join("\n")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 2);
    w.wait_log(20, &[" IDLE", &format!("folder={spam}")], 2);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        message_ids(&s.mail_events()),
        [
            "<accepted-2@facebookmail.com>",
            "<code-123123@facebookmail.com>",
            "<receipt-1@facebookmail.com>",
            "<receipt-3@facebookmail.com>"
        ],
        "each once"
    );
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}
