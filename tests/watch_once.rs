//! `optout watch --once` against a real Dovecot.

mod common;
use common::{dovecot::Dovecot, imap_client::Client};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn code_mail(code: &str) -> Vec<u8> {
    format!(
        "Authentication-Results: mx.example.net; dkim=pass header.d=facebookmail.com; dmarc=pass header.from=facebookmail.com\r\n\
From: Facebook <security@facebookmail.com>\r\n\
To: max@example.org\r\n\
Subject: {code} ist dein Bestätigungscode\r\n\
Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n\
Message-ID: <code-{code}@facebookmail.com>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Verwende diesen Code, um deine E-Mail-Adresse zu bestätigen: {code}\r\n"
    )
    .into_bytes()
}

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(d: &Dovecot, extra: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let cfg = format!(
            "[[mailbox]]\nname = \"local\"\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\nuser = \"max\"\npassword_env = \"OPTOUT_TEST_PASSWORD\"\ntrust = \"sender-domain\"\n{extra}\n\
             [[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"local\"\n\n[alerts]\ndesktop = false\n\n[store]\npath = \"optout.db\"\n",
            d.imap_port
        );
        std::fs::write(dir.path().join("config.toml"), cfg).unwrap();
        Setup { dir }
    }
    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }
    fn run(&self, args: &[&str], password: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_optout"))
            .arg("--config")
            .arg(self.config())
            .args(args)
            .env("OPTOUT_TEST_PASSWORD", password)
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    }
    fn status(&self) -> Value {
        let out = self.run(&["status", "--json"], "");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn a_code_in_the_special_use_junk_folder_is_found_and_nothing_is_changed() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append(
        "INBOX",
        b"From: friend@example.org\r\nSubject: hi\r\n\r\nhello\r\n",
    );
    c.append("Junk", &code_mail("48213790"));
    let before = (c.flags("INBOX"), c.flags("Junk"));
    let s = Setup::new(&d, "");
    assert!(s.run(&["expect-code", "fb"], "").status.success());
    let out = s.run(&["watch", "--once"], "secret");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    assert!(s.run(&["watch", "--once"], "secret").status.success());
    let log: Value = serde_json::from_slice(&s.run(&["log", "--json"], "").stdout).unwrap();
    assert_eq!(
        log.as_array().unwrap().len(),
        2,
        "expect_code + one code event: {log}"
    );
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
