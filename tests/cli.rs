//! The built binary against a real SQLite file: init, status, expect-code,
//! mark, log, evidence, and the errors a person sees.

use optout::config::Config;
use optout::pipeline::{FetchedMail, FolderBatch, Pipeline};
use optout::store::Store;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn config(&self) -> PathBuf {
        self.dir.path().join("config/optout.toml")
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_optout"))
            .args(args)
            .env("OPTOUT_CONFIG", self.config())
            .env("OPTOUT_DNS_SERVER", "off")
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("LANG", "C")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "optout {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
    fn db(&self) -> PathBuf {
        self.dir.path().join("data/optout/optout.db")
    }
    fn init(&self) {
        self.ok(&[
            "init",
            "--email",
            "someone@web.de",
            "--platform",
            "facebook",
            "--platform",
            "instagram",
        ]);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_then_status_shows_two_accounts_not_started() {
    let env = Env::new();
    env.init();
    let text = std::fs::read_to_string(env.config()).unwrap();
    assert!(
        text.contains("imap.web.de") && text.contains("\"Spam\"") && text.contains("Unbekannt"),
        "{text}"
    );
    let status = env.json(&["status", "--json"]);
    let arr = status.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    for (obj, platform) in arr.iter().zip(["facebook", "instagram"]) {
        assert_eq!(obj["platform"], platform);
        assert_eq!(obj["state"], "not_started");
        assert_eq!(obj["code"], Value::Null);
        assert_eq!(obj["code_folder"], Value::Null);
        assert_eq!(obj["flags"], serde_json::json!([]));
        assert_eq!(obj["last_event"], Value::Null);
        assert!(chrono::DateTime::parse_from_rfc3339(obj["since"].as_str().unwrap()).is_ok());
    }
    assert!(env.db().exists(), "the database lives in the XDG data dir");
    // The readable table.
    let table = env.ok(&["status"]);
    assert!(table.starts_with("ACCOUNT"), "{table}");
    assert!(
        table.contains("facebook-someone")
            && table.contains("not started")
            && table.contains("just now"),
        "{table}"
    );
    assert!(table.contains("optout object facebook-someone"), "{table}");
}

#[test]
fn init_adds_to_the_config_and_never_overwrites() {
    let env = Env::new();
    env.init();
    // The person's own edit and comment.
    let mut before = std::fs::read_to_string(env.config()).unwrap();
    before = before.replace("desktop = true", "desktop = false   # no popups for me");
    std::fs::write(env.config(), &before).unwrap();
    let out = env.run(&["init", "--email", "Someone Else <else@gmx.de>"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = std::fs::read_to_string(env.config()).unwrap();
    for line in before.lines() {
        assert!(after.contains(line), "lost {line:?}:\n{after}");
    }
    let cfg = Config::load(&env.config()).unwrap();
    assert_eq!(cfg.mailboxes.len(), 2);
    assert_eq!(cfg.mailboxes[1].user, "else@gmx.de");
    assert!(!cfg.alerts.desktop);
    // Again: nothing to add, nothing changed.
    let out = env.run(&["init", "--email", "else@gmx.de"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nothing to add"), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(env.config()).unwrap(), after);
    // Addresses that are not: exit 2, the file untouched.
    for (bad, why) in [
        ("max@gmx", "has no dot"),
        ("max@localhost", "has no dot"),
        ("Max <max@gmx.de", "not a mail address"),
        ("max", "no @"),
    ] {
        let out = env.run(&["init", "--email", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains(why), "{bad}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read_to_string(env.config()).unwrap(), after);
}

#[test]
fn commands_without_config_say_how_to_create_one() {
    let env = Env::new();
    let out = env.run(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("optout init --email"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn expect_code_mark_and_log() {
    let env = Env::new();
    env.init();
    env.ok(&["expect-code", "facebook-someone"]);
    let s = env.json(&["status", "facebook-someone", "--json"]);
    assert_eq!(s.as_array().unwrap().len(), 1);
    assert_eq!(s[0]["state"], "awaiting_code");
    assert_eq!(s[0]["last_event"]["kind"], "expect_code");

    env.ok(&["mark", "facebook-someone", "submitted"]);
    let s = env.json(&["status", "facebook-someone", "--json"]);
    assert_eq!(s[0]["state"], "submitted");
    assert!(s[0]["deadline"].is_string());

    let log = env.json(&["log", "--json"]);
    let kinds: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["expect_code", "mark"]);
    assert_eq!(log[1]["state"], "submitted");
    let text = env.ok(&["log", "facebook-someone"]);
    assert!(
        text.contains("code expected") && text.contains("corrected to submitted"),
        "{text}"
    );
    assert!(env.ok(&["log", "instagram-someone"]).contains("No events"));
}

#[test]
fn usage_errors_exit_2_and_name_what_is_known() {
    let env = Env::new();
    env.init();
    let out = env.run(&["status", "fb-nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("known: facebook-someone, instagram-someone"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["mark", "facebook-someone", "done"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("awaiting_code"), "{}", stderr(&out));
    let out = env.run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

fn write_config(env: &Env, text: &str) {
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(env.config(), text).unwrap();
}

#[test]
fn broken_configs_exit_2_naming_file_line_and_key() {
    let env = Env::new();
    let base = "[[mailbox]]\nname = \"gmx\"\nhost = \"imap.gmx.net\"\nuser = \"u\"\npassword_env = \"PW\"\n\n[[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"gmx\"\n";
    let cases = [
        (base.replace("user = \"u\"", "usr = \"u\""), ":4:", "usr"),
        (
            format!("{base}\n[alerts]\ncode_timeout = \"soon\"\n"),
            ":13: key \"code_timeout\"",
            "15m",
        ),
        (
            base.replace("mailbox = \"gmx\"", "mailbox = \"gmx2\""),
            ":10: key \"mailbox\"",
            "defined: gmx",
        ),
        (
            base.replace("host = \"imap.gmx.net\"", "host = \"imap.gmx.net"),
            ":3",
            "",
        ),
        // Durations out of range name the range.
        (
            base.replace("user = \"u\"", "user = \"u\"\nidle_renew = \"0s\""),
            ":5: key \"idle_renew\"",
            "allowed: 1m to 29m",
        ),
        (
            base.replace("user = \"u\"", "user = \"u\"\npoll_interval = \"0s\""),
            ":5: key \"poll_interval\"",
            "allowed: 10s to 1d",
        ),
        (
            format!("{base}\n[alerts]\nreply_timeout = \"0s\"\n"),
            ":13: key \"reply_timeout\"",
            "allowed: 1s to 365d",
        ),
        // The line of `tls`, not of `host`.
        (
            base.replace("user = \"u\"", "user = \"u\"\ntls = \"none\""),
            ":5: key \"tls\"",
            "loopback",
        ),
        // Two secrets: the second is named, with its line.
        (
            base.replace("user = \"u\"", "user = \"u\"\npassword_cmd = \"true\""),
            ":6: key \"password_env\"",
            "password_env and password_cmd (line 5) are both given",
        ),
        // A misspelt platform: the rules know no such thing.
        (
            base.replace("platform = \"facebook\"", "platform = \"facebok\""),
            ":9: key \"platform\"",
            "unknown platform \"facebok\" (did you mean \"facebook\"?); known: facebook, instagram, threads",
        ),
    ];
    for (text, place, hint) in cases {
        write_config(&env, &text);
        let out = env.run(&["status"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let expected = format!("{}{place}", env.config().display());
        assert!(err.contains(&expected), "want {expected} in: {err}");
        assert!(err.contains(hint), "want {hint} in: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
}

/// Issue 14: config errors in words a person understands, each with what
/// to do, in the locale's language.
#[test]
fn config_errors_say_what_to_do_in_plain_words() {
    let env = Env::new();
    let base = "[[mailbox]]\nname = \"gmx\"\nhost = \"imap.gmx.net\"\nuser = \"u\"\npassword_env = \"PW\"\n\n[[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"gmx\"\n";
    let cases = [
        (
            base.replace("user = \"u\"", "usr = \"u\""),
            ":4: key \"usr\": unknown key \"usr\" (did you mean \"user\"?)",
        ),
        (
            base.replace("user = \"u\"", "user = \"u\"\nport = \"993\""),
            ":5: key \"port\": port must be a whole number from 1 to 65535",
        ),
        (
            format!("{base}\n[alerts]\ndesktop = true\n[alerts]\ndesktop = false\n"),
            ":14: [alerts] appears twice; merge the two into one section",
        ),
        (
            base.replace("user = \"u\"", "user = \"u\"\nfolders = []"),
            ":5: key \"folders\": mailbox \"gmx\": folders = [] watches nothing",
        ),
    ];
    for (text, want) in cases {
        write_config(&env, &text);
        let out = env.run(&["watch", "--once"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        let want = format!("{}{want}", env.config().display());
        assert!(err.contains(&want), "want {want} in: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    // Nothing to watch: said, never a silent watch of nothing.
    write_config(&env, "[alerts]\ndesktop = false\n");
    let out = env.run(&["watch", "--once"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("key \"mailbox\": no [[mailbox]] is defined, so there is nothing to watch"),
        "{}",
        stderr(&out)
    );
    // German under a German locale.
    write_config(
        &env,
        &base.replace("user = \"u\"", "user = \"u\"\nport = \"993\""),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_optout"))
        .args(["status"])
        .env("OPTOUT_CONFIG", env.config())
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("LANG", "de_DE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("port muss eine ganze Zahl von 1 bis 65535"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn status_reads_while_another_process_holds_a_write_transaction() {
    let env = Env::new();
    env.init();
    env.ok(&["status"]);
    let mut writer = Store::open(&env.db()).unwrap();
    let tx = writer.transaction().unwrap();
    tx.set_cursor(
        &optout::store::Cursor {
            mailbox: "webde".into(),
            folder: "INBOX".into(),
            uidvalidity: 1,
            next_uid: 1,
        },
        chrono::Utc::now(),
    )
    .unwrap();
    // The writer holds its transaction until after status has answered:
    // a status that needed the write lock would fail here (busy).
    let status = env.json(&["status", "--json"]);
    assert_eq!(status.as_array().unwrap().len(), 2);
    tx.commit().unwrap();
}

const ACCEPTED: &str = "Return-Path: <noreply@support.facebook.com>\r\n\
Authentication-Results: mx.web.de; dkim=pass header.d=support.facebook.com; dmarc=pass header.from=support.facebook.com\r\n\
From: Meta <noreply@support.facebook.com>\r\n\
To: someone@web.de\r\n\
Subject: Deine Anfrage\r\n\
Date: Tue, 10 Jun 2025 09:12:00 +0000\r\n\
Message-ID: <accept-1@support.facebook.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hallo, wir haben deinen Antrag geprüft und erkennen deinen Einspruch an.\r\n";

#[test]
fn evidence_exports_the_proof_mail_and_a_summary() {
    let env = Env::new();
    env.init();
    env.ok(&["status"]);
    let cfg = Config::load(&env.config()).unwrap();
    let mut store = Store::open(&env.db()).unwrap();
    let pipeline = Pipeline::new(cfg.clone(), optout::classify::Classifier::builtin());
    let batch = FolderBatch {
        mailbox: &cfg.mailboxes[0],
        folder: "Spam",
        in_spam: true,
        uidvalidity: 1,
        mails: vec![FetchedMail {
            uid: 3,
            raw: ACCEPTED.as_bytes().to_vec(),
            arrived: None,
        }],
        next_uid: 4,
    };
    let report = pipeline
        .commit_batch(&mut store, &batch, chrono::Utc::now())
        .unwrap();
    assert_eq!(report.recorded.len(), 1);

    let s = env.json(&["status", "facebook-someone", "--json"]);
    assert_eq!(s[0]["state"], "accepted");
    let out = env.dir.path().join("proof");
    env.ok(&[
        "evidence",
        "facebook-someone",
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["state"], "accepted");
    let mails = summary["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["folder"], "Spam");
    let eml = std::fs::read(out.join(mails[0]["file"].as_str().unwrap())).unwrap();
    assert_eq!(eml, ACCEPTED.as_bytes(), "the mail is kept byte for byte");
    // Nothing for the other account.
    let other = env.dir.path().join("none");
    assert!(env
        .ok(&[
            "evidence",
            "instagram-someone",
            "--out",
            other.to_str().unwrap()
        ])
        .contains("no proof mails"));
}

#[test]
fn help_explains_the_commands() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    for cmd in [
        "status",
        "log",
        "expect-code",
        "mark",
        "evidence",
        "init",
        "check",
    ] {
        assert!(help.contains(cmd), "{cmd} missing from --help");
    }
    let _ = Path::new("");
}

#[test]
fn init_refuses_an_unknown_platform() {
    let env = Env::new();
    let out = env.run(&[
        "init",
        "--email",
        "someone@web.de",
        "--platform",
        "instagram",
        "--platform",
        "facebok",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("unknown platform \"facebok\"")
            && err.contains("known: facebook, instagram, threads"),
        "{err}"
    );
    assert!(!env.config().exists(), "nothing written");
    // Any case is fine; a platform given twice is tracked once.
    env.ok(&[
        "init",
        "--email",
        "someone@web.de",
        "--platform",
        "Threads",
        "--platform",
        "threads",
    ]);
    let status = env.json(&["status", "--json"]);
    assert_eq!(status.as_array().unwrap().len(), 1);
    assert_eq!(status[0]["platform"], "threads");
}

const RULES_BASE: &str = "[[mailbox]]\nname = \"m\"\nhost = \"imap.example.org\"\nuser = \"u\"\npassword_env = \"OPTOUT_SURELY_UNSET\"\n\n[[account]]\nid = \"slack-work\"\nplatform = \"slack\"\nmailbox = \"m\"\n\n[rules]\ndir = \"rules\"\n";

/// A config whose `[rules] dir` is `config/rules`, holding `files`.
fn rules_env(files: &[(&str, &str)]) -> Env {
    let env = Env::new();
    write_config(&env, RULES_BASE);
    let dir = env.config().parent().unwrap().join("rules");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    env
}

fn slack_rules() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/examples/slack.toml"))
        .unwrap()
}

#[test]
fn platforms_from_the_rules_dir_are_known() {
    let env = rules_env(&[("slack.toml", &slack_rules())]);
    let status = env.json(&["status", "--json"]);
    assert_eq!(status[0]["platform"], "slack");
    // Without the rules file, "slack" is unknown.
    std::fs::remove_file(env.config().parent().unwrap().join("rules/slack.toml")).unwrap();
    let out = env.run(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let want = format!("{}:9: key \"platform\"", env.config().display());
    assert!(err.contains(&want), "want {want}: {err}");
}

#[test]
fn a_broken_rules_file_fails_every_command_with_exit_2() {
    let broken = slack_rules().replace("kind = \"receipt\"", "kind = \"recipt\"");
    let env = rules_env(&[("slack.toml", &broken)]);
    let file = env.config().parent().unwrap().join("rules/slack.toml");
    let line = broken.lines().position(|l| l.contains("recipt")).unwrap() + 1;
    let want = format!(
        "{}:{line}: key `rule.kind`: unknown kind \"recipt\"",
        file.display()
    );
    let mail = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail/receipt_de.eml");
    for args in [
        vec!["check"],
        vec!["check", "--json"],
        vec!["status"],
        vec!["watch", "--once"],
        vec!["expect-code", "slack-work"],
        vec!["classify", mail.to_str().unwrap()],
    ] {
        let out = env.run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&want), "{args:?}: want {want} in: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: check says nothing is ok");
    }
}

#[test]
fn a_missing_rules_folder_names_the_config_line() {
    let env = Env::new();
    write_config(&env, RULES_BASE);
    for args in [vec!["check"], vec!["status"], vec!["watch", "--once"]] {
        let out = env.run(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let want = format!(
            "{}:13: key \"dir\": cannot read the rules folder {}",
            env.config().display(),
            env.config().parent().unwrap().join("rules").display()
        );
        assert!(err.contains(&want), "{args:?}: want {want} in: {err}");
    }
}

#[test]
fn check_json_reports_a_failing_credential_and_exits_1() {
    let env = rules_env(&[("slack.toml", &slack_rules())]);
    let out = env.run(&["check", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("mailbox failed: m"),
        "{}",
        stderr(&out)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["config"], env.config().to_str().unwrap());
    assert_eq!(v["ok"], false);
    assert_eq!(v["warnings"], serde_json::json!([]));
    assert_eq!(
        v["rules"]["providers"],
        serde_json::json!(["Meta", "Slack"])
    );
    assert_eq!(
        v["rules"]["platforms"],
        serde_json::json!(["facebook", "instagram", "threads", "slack"])
    );
    let m = &v["mailboxes"][0];
    assert_eq!(m["name"], "m");
    assert_eq!(m["ok"], false);
    assert_eq!(m["failed_step"], "credential");
    assert!(
        m["error"].as_str().unwrap().contains("OPTOUT_SURELY_UNSET"),
        "{m}"
    );
    assert_eq!(m["folders"], serde_json::json!([]));
    assert_eq!(v["accounts"][0]["platform"], "slack");
    // The human form says the same.
    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rules:  Meta, Slack"), "{text}");
    assert!(text.contains("credential: FAILED"), "{text}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `optout log --json | head -1`: no panic, no backtrace.
    let env = Env::new();
    env.init();
    for _ in 0..20 {
        env.ok(&["expect-code", "facebook-someone"]);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_optout"))
        .args(["log", "--json"])
        .env("OPTOUT_CONFIG", env.config())
        .env("OPTOUT_DNS_SERVER", "off")
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "nothing on stderr: {err}");
}

/// The acceptance mail, found in the spam folder of `facebook-someone`.
fn accept(env: &Env) {
    env.ok(&["status"]);
    let cfg = Config::load(&env.config()).unwrap();
    let mut store = Store::open(&env.db()).unwrap();
    let pipeline = Pipeline::new(cfg.clone(), optout::classify::Classifier::builtin());
    let batch = FolderBatch {
        mailbox: &cfg.mailboxes[0],
        folder: "Spam",
        in_spam: true,
        uidvalidity: 1,
        mails: vec![FetchedMail {
            uid: 3,
            raw: ACCEPTED.as_bytes().to_vec(),
            arrived: None,
        }],
        next_uid: 4,
    };
    pipeline
        .commit_batch(&mut store, &batch, chrono::Utc::now())
        .unwrap();
}

#[test]
fn expect_code_on_an_accepted_objection_asks_for_force() {
    let env = Env::new();
    env.init();
    accept(&env);
    let out = env.run(&["expect-code", "facebook-someone"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // The mail's date (it carries no arrival time here).
    let err = stderr(&out);
    assert!(
        err.contains(
            "facebook-someone: Meta accepted this objection on 2025-06-10. `optout expect-code` would reopen it"
        ) && err.contains("`optout expect-code facebook-someone --force`"),
        "{err}"
    );
    assert_eq!(
        env.json(&["status", "facebook-someone", "--json"])[0]["state"],
        "accepted",
        "nothing changed"
    );
    // With --force it does what it said.
    env.ok(&["expect-code", "facebook-someone", "--force"]);
    assert_eq!(
        env.json(&["status", "facebook-someone", "--json"])[0]["state"],
        "awaiting_code"
    );
}

#[test]
fn expect_code_says_whether_a_watcher_is_running() {
    let env = Env::new();
    env.init();
    let text = env.ok(&["expect-code", "facebook-someone"]);
    assert!(
        text.contains(&format!(
            "No watcher is running for this database ({}), so nobody will see the code arrive.",
            env.db().display()
        )),
        "{text}"
    );
    for how in [
        "`optout watch`",
        "`optout service install`",
        "`optout object facebook-someone`",
    ] {
        assert!(text.contains(how), "{how} in: {text}");
    }
    // A watcher holds the database's lock (as `optout watch` does).
    let lock = optout::lock::acquire_watch_lock(&env.db()).unwrap();
    let text = env.ok(&["expect-code", "facebook-someone"]);
    assert!(
        text.contains(&format!(
            "A watcher is running for this database (pid {}): it will report the code the moment it arrives.",
            std::process::id()
        )),
        "{text}"
    );
    assert!(!text.contains("No watcher"), "{text}");
    drop(lock);
    assert!(env
        .ok(&["expect-code", "facebook-someone"])
        .contains("No watcher is running"));
}

#[test]
fn a_reminder_for_an_accepted_objection_is_refused() {
    let env = Env::new();
    env.init();
    accept(&env);
    let out = env.run(&[
        "letter",
        "facebook-someone",
        "--kind",
        "reminder",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("Meta accepted this objection on 2025-06-10; there is nothing to remind"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty(), "no letter: {}", stdout(&out));
    // Submitted today: the letter, with a warning that the month has not passed.
    env.ok(&["mark", "instagram-someone", "submitted"]);
    let out = env.run(&[
        "letter",
        "instagram-someone",
        "--kind",
        "reminder",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!out.stdout.is_empty());
    let passes = optout::tracker::deadline_passed_at(chrono::Utc::now(), &chrono::Local)
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        stderr(&out).contains(&passes),
        "says when: {}",
        stderr(&out)
    );
}

#[test]
fn init_example_prints_the_documented_example() {
    let env = Env::new();
    let printed = env.ok(&["init", "--example"]);
    let file =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml"))
            .unwrap();
    assert_eq!(printed, file);
    assert!(
        printed.contains("code_valid = \"1h\""),
        "documents code_valid"
    );
    assert!(!env.config().exists(), "--example writes nothing");
    // Errors that point to the example say how to get it.
    write_config(
        &env,
        "[[mailbox]]\nname = \"gmx\"\nhost = \"imap.gmx.net\"\nusr = \"u\"\npassword_env = \"PW\"\n",
    );
    let out = env.run(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`optout init --example` prints every key"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn optout_alone_prints_the_first_steps_of_help() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    let first = help
        .lines()
        .find(|l| l.starts_with("First steps:"))
        .unwrap_or_else(|| panic!("no first steps in:\n{help}"))
        .to_owned();
    let out = env.run(&[]);
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains(&first), "{text}");
    assert!(text.contains("Commands:"), "the help, not an error: {text}");
}

#[test]
fn a_database_that_is_not_one_is_moved_aside_never_deleted() {
    let env = Env::new();
    env.init();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::write(env.db(), "my shopping list\n".repeat(300)).unwrap();
    for args in [&["status"][..], &["expect-code", "facebook-someone"][..]] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "The database {} is damaged or not an optout database. Move it aside (never delete it: it holds your proof mails), e.g. `mv {0} {0}.broken`",
                env.db().display()
            )),
            "{args:?}: {err}"
        );
    }
    assert!(std::fs::read_to_string(env.db())
        .unwrap()
        .starts_with("my shopping list"));
}

#[test]
fn a_database_of_a_newer_optout_is_left_alone() {
    let env = Env::new();
    env.init();
    env.ok(&["status"]);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let out = env.run(&["status"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "The database {} was written by a newer optout (schema version 999;",
            env.db().display()
        )) && err.contains("Use that newer optout (nothing in the file was changed)."),
        "{err}"
    );
}

#[test]
fn a_database_that_is_not_writable_names_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.init();
    env.ok(&["status"]);
    let dir = env.db().parent().unwrap().to_owned();
    // Root may write anything: run optout as nobody, who may read the
    // config and the database but write neither.
    let as_root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if as_root {
        for p in [
            env.dir.path(),
            &env.dir.path().join("config"),
            &env.config(),
        ] {
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        for p in [env.dir.path().join("data"), dir.clone()] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_optout"));
        c
    } else {
        std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        Command::new(env!("CARGO_BIN_EXE_optout"))
    };
    // Only the database: SQLite's -wal and -shm files beside it are gone
    // once the last connection closed.
    let out = cmd
        .args(["expect-code", "facebook-someone"])
        .env("OPTOUT_CONFIG", env.config())
        .env("OPTOUT_DNS_SERVER", "off")
        .env("XDG_DATA_HOME", env.dir.path().join("data"))
        .env("LANG", "C")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    if !as_root {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "The database {} is not writable (owner: ",
            env.db().display()
        )) && err.contains("Run optout as that user, or fix the permissions"),
        "{err}"
    );
    if as_root {
        assert!(err.contains("(owner: root (uid 0))"), "{err}");
    }
}

#[test]
fn an_account_id_moved_to_another_address_is_refused_not_merged() {
    let env = Env::new();
    env.init();
    env.ok(&["expect-code", "facebook-someone"]);
    // The person edits the address, keeping the account ids.
    let text = std::fs::read_to_string(env.config()).unwrap();
    std::fs::write(env.config(), text.replace("someone@web.de", "other@web.de")).unwrap();
    let out = env.run(&["status"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("facebook-someone")
            && err.contains("someone@web.de")
            && err.contains("other@web.de")
            && err.contains("two objections would become one"),
        "{err}"
    );
    // Nothing changed in the database: the old address is still tracked.
    let store = Store::open(&env.db()).unwrap();
    let row = store
        .accounts()
        .unwrap()
        .into_iter()
        .find(|r| r.id == "facebook-someone")
        .unwrap();
    assert_eq!(row.address.as_deref(), Some("someone@web.de"));
}

#[test]
fn completions_and_the_man_page_come_from_the_cli() {
    let env = Env::new();
    for (shell, marker) in [
        ("bash", "_optout()"),
        ("zsh", "#compdef optout"),
        ("fish", "complete -c optout"),
    ] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("expect-code"),
            "{shell} completes the commands"
        );
    }
    let page = env.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH optout"),
        "{page}"
    );
    assert!(page.contains("expect\\-code"), "{page}");
    let dir = env.dir.path().join("man1");
    env.ok(&["man", "--out", dir.to_str().unwrap()]);
    assert!(dir.join("optout.1").exists());
    assert!(dir.join("optout-expect-code.1").exists());
}

#[test]
fn service_install_speaks_the_locales_language() {
    let env = Env::new();
    env.init();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_optout"))
            .args(args)
            .env("OPTOUT_CONFIG", env.config())
            .env("XDG_DATA_HOME", env.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", env.dir.path().join("xdg-config"))
            .env("LANG", "de_DE.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    };
    let unit = env
        .dir
        .path()
        .join("xdg-config/systemd/user/optout.service");
    let out = run(&["service", "install"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("geschrieben: {}", unit.display()))
            && text.contains("jetzt und bei jeder Anmeldung starten mit:"),
        "{text}"
    );
    assert!(stdout(&run(&["service", "install"])).contains("schon eingerichtet"));
    let text = stdout(&run(&["service", "uninstall"]));
    assert!(
        text.contains(&format!("entfernt: {}", unit.display())),
        "{text}"
    );
    assert!(!unit.exists());
}

#[test]
fn a_folder_that_cannot_be_created_is_named_in_the_locales_language() {
    let env = Env::new();
    env.init();
    // A file where the folder should go: not even root can create it.
    let blocker = env.dir.path().join("blocker");
    std::fs::write(&blocker, "a file").unwrap();
    let out_dir = blocker.join("proof");
    let run = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_optout"))
            .args(["evidence", "facebook-someone", "--out"])
            .arg(&out_dir)
            .env("OPTOUT_CONFIG", env.config())
            .env("XDG_DATA_HOME", env.dir.path().join("data"))
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    };
    let out = run("de_DE.UTF-8");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{} lässt sich nicht anlegen", out_dir.display())),
        "{}",
        stderr(&out)
    );
    let out = run("en_US.UTF-8");
    assert!(
        stderr(&out).contains(&format!("cannot create {}", out_dir.display())),
        "{}",
        stderr(&out)
    );
}
