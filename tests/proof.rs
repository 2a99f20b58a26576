//! DKIM checked here (issue 11), end to end: mails signed in the test
//! with a fresh test key, the key served by a real dnsmasq, the mails in a
//! real Dovecot, the real `optout` binary.

mod common;

use common::dkim::TestKey;
use common::dnsmasq::Dnsmasq;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, Setup};
use std::net::UdpSocket;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A Meta mail as its outgoing server sends it: no Authentication-Results
/// (the receiving server adds those, or not).
fn meta(id: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Facebook <security@facebookmail.com>\r\n\
To: max@example.org\r\n\
Subject: {subject}\r\n\
Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\
Message-ID: <{id}@facebookmail.com>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
{body}\r\n"
    )
    .into_bytes()
}

fn receipt(id: &str) -> Vec<u8> {
    meta(
        id,
        "Deine Anfrage",
        "Danke für deine Nachricht an Meta. Wir werden deine Anfrage so bald wie möglich prüfen.",
    )
}

fn accepted(id: &str) -> Vec<u8> {
    meta(
        id,
        "Dein Einspruch",
        "Hallo Max, wir haben deinen Antrag geprüft und erkennen deinen Einspruch an. Wir werden deine Informationen nicht mehr verwenden.",
    )
}

/// The receiving server's header, prepended (as a server would).
fn with_header(header: &str, mail: &[u8]) -> Vec<u8> {
    let mut out = format!("Authentication-Results: {header}\r\n").into_bytes();
    out.extend_from_slice(mail);
    out
}

const SERVER_PASS: &str =
    "mx.example.net; dkim=pass header.d=facebookmail.com; dmarc=pass header.from=facebookmail.com";

/// A setup whose mailbox trusts headers (the default), optionally pinned.
fn setup(d: &Dovecot, authserv_id: Option<&str>) -> Setup {
    let s = Setup::new(d, "");
    let cfg = std::fs::read_to_string(s.config()).unwrap();
    let pin = authserv_id
        .map(|id| format!("authserv_id = \"{id}\"\n"))
        .unwrap_or_default();
    std::fs::write(s.config(), cfg.replace("trust = \"sender-domain\"\n", &pin)).unwrap();
    s
}

fn watch_once(s: &Setup, dns: &str) {
    let out = s.run_with_dns(&["watch", "--once"], dns);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn state(s: &Setup) -> String {
    s.status()[0]["state"].as_str().unwrap().to_owned()
}

/// (kind, auth_by, dkim, reason) of every mail event, from the store.
fn verdicts(s: &Setup) -> Vec<(String, String, String, String)> {
    let store = optout::store::Store::open(&s.db()).unwrap();
    store
        .events(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.folder.is_some())
        .map(|e| {
            let p = store.proof(e.seq).unwrap().unwrap();
            (
                e.kind,
                p.auth_by.unwrap_or_default(),
                p.dkim.unwrap_or_default(),
                e.reason.unwrap_or_default(),
            )
        })
        .collect()
}

fn key_and_dns() -> (TestKey, Dnsmasq) {
    let key = TestKey::generate("facebookmail.com", "s2048-2026-q4");
    let dns = Dnsmasq::start(&[key.record()]);
    (key, dns)
}

#[test]
fn a_signed_meta_mail_without_any_header_changes_the_state() {
    let (key, dns) = key_and_dns();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &key.sign(&receipt("r1")));
    let s = setup(&d, None);
    watch_once(&s, &dns.addr());
    assert_eq!(state(&s), "submitted");
    let v = verdicts(&s);
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].0.as_str(), v[0].1.as_str(), v[0].2.as_str()),
        ("receipt", "local_dkim", "pass")
    );
    assert!(v[0].3.contains("verified here"), "{}", v[0].3);
    assert_eq!(
        dns.txt_queries(),
        ["s2048-2026-q4._domainkey.facebookmail.com"]
    );
}

#[test]
fn a_forged_header_on_an_unsigned_mail_is_suspicious_with_or_without_authserv_id() {
    let (_key, dns) = key_and_dns();
    for pin in [None, Some("mx.example.net")] {
        let d = Dovecot::start();
        let mut c = Client::connect(d.imap_port, "max", "secret");
        c.append("INBOX", &with_header(SERVER_PASS, &accepted("forged")));
        let s = setup(&d, pin);
        watch_once(&s, &dns.addr());
        assert_eq!(state(&s), "not_started", "pinned {pin:?}");
        let v = verdicts(&s);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].0.as_str(), v[0].1.as_str(), v[0].2.as_str()),
            ("suspicious", "local_dkim", "none")
        );
        assert!(v[0].3.contains("no DKIM signature"), "{}", v[0].3);
    }
}

#[test]
fn a_mail_altered_after_signing_is_suspicious_though_the_server_says_pass() {
    let (key, dns) = key_and_dns();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let signed = String::from_utf8(key.sign(&accepted("altered"))).unwrap();
    let altered = signed.replace("Hallo Max", "Hallo Moritz");
    assert_ne!(signed, altered);
    c.append("INBOX", &with_header(SERVER_PASS, altered.as_bytes()));
    let s = setup(&d, None);
    watch_once(&s, &dns.addr());
    assert_eq!(state(&s), "not_started");
    let v = verdicts(&s);
    assert_eq!(
        (v[0].0.as_str(), v[0].1.as_str(), v[0].2.as_str()),
        ("suspicious", "local_dkim", "fail")
    );
    assert!(v[0].3.contains("body was changed"), "{}", v[0].3);
}

/// A UDP "DNS server" that never answers, counting the queries it gets.
fn black_hole() -> (String, Arc<AtomicUsize>) {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = sock.local_addr().unwrap().to_string();
    sock.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let n = Arc::new(AtomicUsize::new(0));
    let seen = n.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        loop {
            if sock.recv_from(&mut buf).is_ok() {
                seen.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (addr, n)
}

#[test]
fn with_dns_unreachable_the_server_header_decides_and_a_dead_server_is_asked_once() {
    let key = TestKey::generate("facebookmail.com", "s2048-2026-q4");
    let (dead, queries) = black_hole();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append(
        "INBOX",
        &with_header(SERVER_PASS, &key.sign(&receipt("r1"))),
    );
    for i in 0..5 {
        c.append(
            "INBOX",
            &with_header(SERVER_PASS, &key.sign(&accepted(&format!("a{i}")))),
        );
    }
    let s = setup(&d, None);
    watch_once(&s, &dead);
    assert_eq!(state(&s), "accepted");
    let v = verdicts(&s);
    assert_eq!(v.len(), 6);
    for (kind, by, dkim, reason) in &v {
        assert_ne!(kind, "suspicious");
        assert_eq!((by.as_str(), dkim.as_str()), ("server_header", "unchecked"));
        assert!(reason.contains("DKIM not checked here"), "{reason}");
    }
    // One lookup waited for its timeout; every later mail fell back at
    // once, without asking the dead server again.
    assert!(queries.load(Ordering::SeqCst) >= 1, "the server was asked");
    let waited: Vec<_> = v.iter().filter(|e| e.3.contains("failed for")).collect();
    assert_eq!(waited.len(), 1, "{v:#?}");
    assert_eq!(
        v.iter()
            .filter(|e| e.3.contains("did not answer a moment ago"))
            .count(),
        5,
        "{v:#?}"
    );
}

/// Issue 11, "Cost": keys are cached for the run, across folders. Ten
/// mails signed with one selector, in INBOX and Junk (synced side by
/// side), cost exactly one DNS query; an unsigned provider mail none.
#[test]
fn one_dns_query_for_many_mails_with_one_selector_in_both_folders() {
    let (key, dns) = key_and_dns();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &key.sign(&receipt("r1")));
    for i in 0..5 {
        c.append("INBOX", &key.sign(&accepted(&format!("a{i}"))));
    }
    for i in 0..4 {
        c.append("Junk", &key.sign(&accepted(&format!("j{i}"))));
    }
    let s = setup(&d, None);
    watch_once(&s, &dns.addr());
    let v = verdicts(&s);
    assert_eq!(v.len(), 10);
    for (kind, by, dkim, reason) in &v {
        assert_eq!(
            (by.as_str(), dkim.as_str()),
            ("local_dkim", "pass"),
            "{kind}: {reason}"
        );
    }
    assert_eq!(
        dns.txt_queries(),
        ["s2048-2026-q4._domainkey.facebookmail.com"]
    );

    // Unsigned provider mail (a forged header): no query at all.
    let (_key, dns) = key_and_dns();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    for i in 0..3 {
        c.append(
            "INBOX",
            &with_header(SERVER_PASS, &accepted(&format!("u{i}"))),
        );
    }
    let s = setup(&d, None);
    watch_once(&s, &dns.addr());
    assert_eq!(verdicts(&s).len(), 3);
    assert_eq!(dns.txt_queries(), Vec::<String>::new());
}

/// A DNS server that never answers, mails in both folders: one lookup
/// waits for its (short) timeout, once for the whole run; for every mail
/// the server header decides and the event says so.
#[test]
fn a_dead_dns_server_costs_one_timeout_for_both_folders() {
    let key = TestKey::generate("facebookmail.com", "s2048-2026-q4");
    let (dead, queries) = black_hole();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    for i in 0..4 {
        c.append(
            "INBOX",
            &with_header(SERVER_PASS, &key.sign(&accepted(&format!("a{i}")))),
        );
        c.append(
            "Junk",
            &with_header(SERVER_PASS, &key.sign(&accepted(&format!("j{i}")))),
        );
    }
    let s = setup(&d, None);
    watch_once(&s, &dead);
    let v = verdicts(&s);
    assert_eq!(v.len(), 8);
    for (_, by, dkim, reason) in &v {
        assert_eq!((by.as_str(), dkim.as_str()), ("server_header", "unchecked"));
        assert!(reason.contains("DKIM not checked here"), "{reason}");
    }
    assert!(queries.load(Ordering::SeqCst) >= 1, "the server was asked");
    let waited = v.iter().filter(|e| e.3.contains("failed for")).count();
    assert_eq!(waited, 1, "{v:#?}");
}

fn optout_verify(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_optout"))
        .args(["verify"])
        .arg(dir)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        // No DNS at all: the check is offline.
        .env("OPTOUT_DNS_SERVER", "127.0.0.1:9")
        .output()
        .unwrap()
}

#[test]
fn evidence_then_verify_offline_and_one_flipped_byte_fails() {
    let (key, mut dns) = key_and_dns();
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &key.sign(&receipt("r1")));
    c.append("Junk", &key.sign(&accepted("a1")));
    let s = setup(&d, None);
    // The report in the person's language.
    let cfg = std::fs::read_to_string(s.config()).unwrap();
    std::fs::write(
        s.config(),
        cfg.replace("desktop = false\n", "desktop = false\nlanguage = \"de\"\n"),
    )
    .unwrap();
    watch_once(&s, &dns.addr());
    assert_eq!(state(&s), "accepted");
    dns.stop();

    let out_dir = s.dir.path().join("evidence");
    let out = s.run(
        &["evidence", "fb", "--out", out_dir.to_str().unwrap()],
        "secret",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key_file = out_dir.join("keys/s2048-2026-q4._domainkey.facebookmail.com.txt");
    let zone = std::fs::read_to_string(&key_file).unwrap();
    assert!(zone.contains("; fetched-at: "), "{zone}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("summary.json")).unwrap())
            .unwrap();
    let mails = summary["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 2);
    for m in mails {
        assert_eq!(m["dkim"], "pass");
        assert_eq!(m["decided_by"], "local_dkim");
        assert!(m["internaldate"].is_string());
        assert_eq!(
            m["key_file"]["path"],
            "keys/s2048-2026-q4._domainkey.facebookmail.com.txt"
        );
    }
    assert_eq!(mails[1]["folder"], "Junk");
    assert!(summary["timeline"]["decision"].is_string());
    assert!(summary["timeline"]["receipt"].is_string());
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    assert!(
        html.contains("erkennen deinen Einspruch an"),
        "the decisive sentence"
    );
    assert!(html.contains("Zeitablauf"), "German, as the config says");
    assert!(html.contains("gültig: signiert von facebookmail.com"));

    let ok = optout_verify(&out_dir);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(stdout.contains("All 2 mails hold"), "{stdout}");

    screenshot(&out_dir.join("report.html"));

    // One byte of the acceptance changed.
    let file = mails[1]["file"].as_str().unwrap();
    let path = out_dir.join(file);
    let mut raw = std::fs::read(&path).unwrap();
    let at = raw.len() - 10;
    raw[at] ^= 0x01;
    std::fs::write(&path, &raw).unwrap();
    let bad = optout_verify(&out_dir);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains(file) && err.contains("1 file does not hold"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&bad.stdout).contains(&format!("FAIL {file}")));

    // The key file gone: named too.
    raw[at] ^= 0x01;
    std::fs::write(&path, &raw).unwrap();
    std::fs::remove_file(&key_file).unwrap();
    let bad = optout_verify(&out_dir);
    assert_eq!(bad.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(
        stdout.contains("key file keys/s2048-2026-q4._domainkey.facebookmail.com.txt is missing"),
        "{stdout}"
    );
}

/// The report in a real browser, when Chromium is installed (CI does not
/// install it): a screenshot, kept where `OPTOUT_REPORT_SCREENSHOT` says.
fn screenshot(report: &Path) {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let png = tmp.path().join("report.png");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1000,1400")
        .arg(format!("file://{}", report.display()))
        .output()
        .unwrap();
    assert!(
        png.exists(),
        "chromium made no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "an empty page"
    );
    if let Ok(keep) = std::env::var("OPTOUT_REPORT_SCREENSHOT") {
        std::fs::copy(&png, keep).unwrap();
    }
}

/// The old test mails (no signature, a server header) still mean what they
/// did when DNS is off: the header decides.
#[test]
fn without_dns_the_server_header_decides_as_before() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &accepted_mail("old"));
    let s = setup(&d, None);
    watch_once(&s, "off");
    assert_eq!(state(&s), "accepted");
    let v = verdicts(&s);
    assert_eq!(
        (v[0].1.as_str(), v[0].2.as_str()),
        ("server_header", "unchecked")
    );
}
