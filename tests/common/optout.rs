//! Running the real `optout` binary against a test Dovecot: config, the
//! one-shot commands, a `watch` daemon as a child process, and
//! provider-shaped test mails.

use super::dovecot::Dovecot;
use super::servers::Server;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A code mail as Meta sends it (German), with a unique Message-ID.
pub fn code_mail(code: &str) -> Vec<u8> {
    meta_mail(
        &format!("code-{code}"),
        &format!("{code} ist dein Bestätigungscode"),
        &format!("Verwende diesen Code, um deine E-Mail-Adresse zu bestätigen: {code}"),
    )
}

/// The receipt after the form was sent.
pub fn receipt_mail(id: &str) -> Vec<u8> {
    meta_mail(
        &format!("receipt-{id}"),
        "Deine Anfrage",
        "Danke für deine Nachricht an Meta. Wir werden deine Anfrage so bald wie möglich prüfen.",
    )
}

/// The decision: objection accepted.
pub fn accepted_mail(id: &str) -> Vec<u8> {
    meta_mail(
        &format!("accepted-{id}"),
        "Dein Einspruch",
        "Wir haben deinen Antrag geprüft und erkennen deinen Einspruch an.",
    )
}

/// Ordinary mail nobody but the person cares about.
pub fn ordinary_mail(n: usize) -> Vec<u8> {
    format!(
        "From: friend{n}@example.org\r\nTo: max@example.org\r\nSubject: hello {n}\r\n\
Message-ID: <m{n}@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nJust saying hi.\r\n"
    )
    .into_bytes()
}

pub fn meta_mail(id: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "Authentication-Results: mx.example.net; dkim=pass header.d=facebookmail.com; dmarc=pass header.from=facebookmail.com\r\n\
From: Facebook <security@facebookmail.com>\r\n\
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

/// A config and store in a temp dir, for one Dovecot.
pub struct Setup {
    pub dir: tempfile::TempDir,
}

impl Setup {
    /// Plain IMAP to 127.0.0.1; `extra` goes into the `[[mailbox]]` table.
    pub fn new(d: &Dovecot, extra: &str) -> Setup {
        Self::with_mailbox(&format!(
            "host = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n{extra}",
            d.imap_port
        ))
    }

    /// Plain IMAP to one of the test servers.
    pub fn for_server(server: &Server, extra: &str) -> Setup {
        Self::with_mailbox(&server.mailbox(extra))
    }

    /// `mailbox` holds host, port, tls and whatever else the test needs.
    pub fn with_mailbox(mailbox: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let cfg = format!(
            "[[mailbox]]\nname = \"local\"\nuser = \"max\"\npassword_env = \"OPTOUT_TEST_PASSWORD\"\ntrust = \"sender-domain\"\n{mailbox}\n\n\
             [[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"local\"\n\n[alerts]\ndesktop = false\n\n[store]\npath = \"optout.db\"\n"
        );
        std::fs::write(dir.path().join("config.toml"), cfg).unwrap();
        Setup { dir }
    }

    /// Add lines to the `[alerts]` table of the config.
    pub fn alerts(&self, extra: &str) {
        let cfg = std::fs::read_to_string(self.config()).unwrap();
        let cfg = cfg.replace("[alerts]\n", &format!("[alerts]\n{extra}\n"));
        std::fs::write(self.config(), cfg).unwrap();
    }

    /// The command line of `optout` with this config (the test password
    /// in the environment), for a test that runs it its own way.
    pub fn command_for(&self, args: &[&str]) -> Command {
        self.command(args, "secret")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The mailbox signs in with OAuth2 instead of the test password:
    /// `mailbox_lines` name the authorization server (client id, URLs),
    /// `mechanism` is "xoauth2" or "oauthbearer". A comment goes with it,
    /// to show that later edits of the file keep the person's comments.
    pub fn sign_in_with_oauth2(&self, mailbox_lines: &str, mechanism: &str) {
        let cfg = std::fs::read_to_string(self.config()).unwrap().replace(
            "password_env = \"OPTOUT_TEST_PASSWORD\"\n",
            &format!(
                "# signs in with OAuth2\noauth2 = true\n{mailbox_lines}oauth2_mechanism = \"{mechanism}\"\n"
            ),
        );
        std::fs::write(self.config(), cfg).unwrap();
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("optout.db")
    }

    fn command(&self, args: &[&str], password: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_optout"));
        c.arg("--config")
            .arg(self.config())
            .args(args)
            .env("OPTOUT_TEST_PASSWORD", password)
            // The test mails carry no DKIM signature: without DNS the
            // receiving server's header (or trust = "sender-domain")
            // decides, as before optout checked DKIM itself. Tests of
            // DKIM name a dnsmasq with `run_with_dns`.
            .env("OPTOUT_DNS_SERVER", "off")
            .env_remove("RUST_LOG");
        c
    }

    /// Run with `OPTOUT_DNS_SERVER` set to `dns` (`host:port`).
    pub fn run_with_dns(&self, args: &[&str], dns: &str) -> Output {
        self.command(args, "secret")
            .env("OPTOUT_DNS_SERVER", dns)
            .output()
            .unwrap()
    }

    pub fn run(&self, args: &[&str], password: &str) -> Output {
        self.command(args, password).output().unwrap()
    }

    /// Run and insist on success.
    pub fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args, "secret");
        assert!(
            out.status.success(),
            "optout {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn status(&self) -> Value {
        serde_json::from_slice(&self.ok(&["status", "--json"]).stdout).unwrap()
    }

    /// The event history (`log --json`).
    pub fn log(&self) -> Vec<Value> {
        let v: Value = serde_json::from_slice(&self.ok(&["log", "--json"]).stdout).unwrap();
        v.as_array().unwrap().clone()
    }

    /// The events that came from mail (not manual commands).
    pub fn mail_events(&self) -> Vec<Value> {
        self.log()
            .into_iter()
            .filter(|e| e["source"].is_object() || e["folder"].is_string())
            .collect()
    }

    /// Start `optout watch` (with `-v`) as a child process.
    pub fn spawn_watch(&self) -> Watch {
        self.spawn_watch_env(&[])
    }

    /// Start `optout watch` (with `-v`) with extra environment variables.
    pub fn spawn_watch_env(&self, env: &[(&str, &str)]) -> Watch {
        let mut child = self
            .command(&["-v", "watch"], "secret")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let err = child.stderr.take().unwrap();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Watch { child, lines }
    }
}

/// Wait until `f` is true, polling every 100 ms; panic with `what` after
/// `secs` seconds.
pub fn wait_until(secs: u64, what: &str, f: impl FnMut() -> bool) {
    wait_until_or(secs, what, f, String::new);
}

/// [`wait_until`], and on timeout the panic also shows `context()` (a
/// log, say).
pub fn wait_until_or(
    secs: u64,
    what: &str,
    mut f: impl FnMut() -> bool,
    context: impl FnOnce() -> String,
) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        if Instant::now() >= deadline {
            panic!("timed out waiting for {what}\n{}", context());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running `optout watch`.
pub struct Watch {
    pub child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    /// Everything it logged so far.
    pub fn log(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// How many log lines contain every one of `parts`.
    pub fn count(&self, parts: &[&str]) -> usize {
        self.log()
            .iter()
            .filter(|l| parts.iter().all(|p| l.contains(p)))
            .count()
    }

    /// Wait until `n` log lines contain every one of `parts`.
    pub fn wait_log(&mut self, secs: u64, parts: &[&str], n: usize) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while self.count(parts) < n {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("watch exited ({status}):\n{}", self.log().join("\n"));
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {n}× {parts:?} in the log:\n{}",
                self.log().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGTERM; returns the exit code and how long the exit took.
    pub fn terminate(mut self) -> (Option<i32>, Duration) {
        let start = Instant::now();
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = start + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), start.elapsed());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("watch did not exit on SIGTERM:\n{}", self.log().join("\n"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
