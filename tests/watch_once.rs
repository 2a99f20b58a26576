//! `optout watch --once` against a real Dovecot: folders, first sync,
//! UIDVALIDITY, read-only guarantees, size cap, login errors.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, code_mail, ordinary_mail, receipt_mail, Setup};
use serde_json::Value;

fn message_ids(events: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = events
        .iter()
        .map(|e| e["message_id"].as_str().unwrap_or("-").to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_code_in_the_special_use_junk_folder_is_found_and_nothing_is_changed() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &ordinary_mail(1));
    c.append_with("INBOX", "(\\Seen \\Flagged)", &ordinary_mail(2));
    c.append("Junk", &code_mail("48213790"));
    let before = (c.flags("INBOX"), c.flags("Junk"));
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "code_received");
    assert_eq!(st[0]["code"], "48213790");
    assert_eq!(st[0]["code_folder"], "Junk");
    assert_eq!(
        (c.flags("INBOX"), c.flags("Junk")),
        before,
        "no flag changed, no \\Seen set"
    );
    // A second run finds nothing new and records nothing twice.
    s.ok(&["watch", "--once"]);
    assert_eq!(s.log().len(), 2, "expect_code + one code event");
}

#[test]
fn a_spam_folder_named_spamverdacht_without_special_use_is_found_by_name() {
    let d = Dovecot::start_with(&["Spamverdacht"]);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Spamverdacht", &code_mail("551234"));
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["code"], "551234");
    assert_eq!(st[0]["code_folder"], "Spamverdacht");
}

#[test]
fn the_first_sync_looks_back_only_lookback_by_arrival_date() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // An old code (arrived 2020) must not look like a fresh one.
    c.append_dated("INBOX", "01-Jan-2020 00:00:00 +0000", &code_mail("111111"));
    c.append_dated("Junk", "01-Jan-2020 00:00:00 +0000", &accepted_mail("old"));
    c.append("INBOX", &receipt_mail("new"));
    let s = Setup::new(&d, "lookback = \"30d\"");
    s.ok(&["watch", "--once"]);
    let events = s.mail_events();
    assert_eq!(events.len(), 1, "only the recent receipt: {events:?}");
    assert_eq!(events[0]["kind"], "receipt");
    // Later mail is fetched by UID, whatever its date.
    c.append_dated("INBOX", "02-Jan-2020 00:00:00 +0000", &code_mail("222222"));
    s.ok(&["watch", "--once"]);
    assert_eq!(s.mail_events().len(), 2);
}

#[test]
fn a_uidvalidity_change_rescans_the_folder_without_duplicate_events() {
    let d = Dovecot::start_with(&["Spamverdacht"]);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Spamverdacht", &code_mail("300300"));
    c.append("Spamverdacht", &receipt_mail("a"));
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);
    assert_eq!(s.mail_events().len(), 2);
    let old = c.uidvalidity("Spamverdacht");
    // The server rebuilds the folder: same mail, new UIDs, new UIDVALIDITY;
    // plus one new mail that arrived meanwhile, at a UID below the old cursor.
    let mut new = old;
    for _ in 0..20 {
        c.ok("EXAMINE INBOX");
        c.recreate("Spamverdacht");
        new = c.uidvalidity("Spamverdacht");
        if new != old {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    assert_ne!(
        new, old,
        "Dovecot gave the recreated folder a new UIDVALIDITY"
    );
    c.append("Spamverdacht", &accepted_mail("b"));
    c.append("Spamverdacht", &code_mail("300300"));
    c.append("Spamverdacht", &receipt_mail("a"));
    s.ok(&["watch", "--once"]);
    let events = s.mail_events();
    assert_eq!(
        message_ids(&events),
        vec![
            "<accepted-b@facebookmail.com>",
            "<code-300300@facebookmail.com>",
            "<receipt-a@facebookmail.com>"
        ],
        "the new mail found, nothing twice: {events:?}"
    );
    assert_eq!(s.status()[0]["state"], "accepted");
}

#[test]
fn a_huge_mail_is_fetched_only_up_to_the_size_cap_and_still_recognised() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // A code mail with a 6 MB attachment after its text part.
    let mut mail = String::from_utf8(code_mail("777888"))
        .unwrap()
        .replace(
            "Content-Type: text/plain; charset=utf-8\r\n\r\n",
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
        );
    mail.push_str("--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
    let line = format!("{}\r\n", "QUFB".repeat(19));
    mail.push_str(&line.repeat(6_000_000 / line.len()));
    mail.push_str("--b--\r\n");
    c.append("INBOX", mail.as_bytes());
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "777888");
    // Dovecot logs what each session sent: optout's (the last) is far below
    // the mail's 6 MB.
    let out = *d.sessions_out(0).last().expect("a Logged out line");
    assert!(out < 1_500_000, "optout downloaded {out} bytes");
}

#[test]
fn a_wrong_password_is_one_clear_line_naming_the_mailbox() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let out = s.run(&["watch", "--once"], "wrong");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim().lines().last().unwrap();
    assert!(
        last.contains("mailbox failed: local") && last.contains("login"),
        "{err}"
    );
    assert!(!err.contains("wrong"), "the password never shows: {err}");
}

#[test]
fn one_failing_mailbox_does_not_stop_the_others() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("424242"));
    // The first mailbox points at a closed port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = closed.local_addr().unwrap().port();
    drop(closed);
    let s = Setup::new(&d, "");
    let cfg = std::fs::read_to_string(s.config()).unwrap();
    let dead = format!(
        "[[mailbox]]\nname = \"dead\"\nhost = \"127.0.0.1\"\nport = {dead_port}\ntls = \"none\"\nuser = \"max\"\npassword_env = \"OPTOUT_TEST_PASSWORD\"\n\n"
    );
    std::fs::write(s.config(), dead + &cfg).unwrap();
    s.ok(&["expect-code", "fb"]);
    let out = s.run(&["watch", "--once"], "secret");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.trim()
            .lines()
            .last()
            .unwrap()
            .contains("mailbox failed: dead"),
        "{err}"
    );
    assert!(
        !err.trim().lines().last().unwrap().contains("local"),
        "{err}"
    );
    assert_eq!(s.status()[0]["code"], "424242");
}

#[test]
fn no_password_and_no_code_in_the_log_even_at_trace_level() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("73910264"));
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_optout"))
        .arg("--config")
        .arg(s.config())
        .args(["-vv", "watch", "--once"])
        .env("OPTOUT_TEST_PASSWORD", "secret")
        .env("OPTOUT_DNS_SERVER", "off")
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(!log.contains("secret"), "the password in the log: {log}");
    assert!(
        !log.contains("LOGIN"),
        "an IMAP LOGIN line in the log: {log}"
    );
    assert!(!log.contains("73910264"), "the code in the log: {log}");
    // The code was recognised all the same.
    assert_eq!(s.status()[0]["code"], "73910264");
}

#[test]
fn a_spam_folder_with_a_non_ascii_name_is_found_and_shown_readable() {
    // Swedish "Skräppost", on the wire in modified UTF-7.
    let d = Dovecot::start_with(&["Skräppost"]);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Skr&AOQ-ppost", &code_mail("662211"));
    let s = Setup::new(&d, "");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["code"], "662211");
    assert_eq!(st[0]["code_folder"], "Skräppost");

    // The same folder named in the config, as a person writes it.
    c.append("Skr&AOQ-ppost", &code_mail("662212"));
    let s = Setup::new(&d, "folders = [\"INBOX\", \"Skräppost\"]");
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let events = s.mail_events();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events.iter().all(|e| e["folder"] == "Skräppost"),
        "{events:?}"
    );
}

#[test]
fn with_authserv_id_a_spoofed_header_changes_nothing_and_the_servers_does() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // A spoofed code mail: its only Authentication-Results was written by
    // the sender, as if by a server, and says pass.
    let spoofed = String::from_utf8(code_mail("111222")).unwrap().replace(
        "Authentication-Results: mx.example.net;",
        "Authentication-Results: evil.example;",
    );
    c.append("INBOX", spoofed.as_bytes());
    let s = Setup::new(&d, "authserv_id = \"mx.example.net\"");
    let cfg = std::fs::read_to_string(s.config()).unwrap().replace(
        "trust = \"sender-domain\"",
        "trust = \"authentication-results\"",
    );
    std::fs::write(s.config(), cfg).unwrap();
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["code"], Value::Null, "{st}");
    assert_eq!(st[0]["state"], "awaiting_code", "{st}");
    let events = s.mail_events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["kind"], "suspicious", "{events:?}");
    let reason = events[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("no Authentication-Results from mx.example.net"),
        "{events:?}"
    );
    // The same code mail with the pinned server's header: trusted.
    c.append("INBOX", &code_mail("333444"));
    s.ok(&["watch", "--once"]);
    let st = s.status();
    assert_eq!(st[0]["state"], "code_received", "{st}");
    assert_eq!(st[0]["code"], "333444");
    let events = s.mail_events();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        events[1]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("(mx.example.net)"),
        "{events:?}"
    );
}
