//! Alerts end to end: the real binary against a real Dovecot, a real D-Bus
//! session bus with a recording notification server, and a command hook
//! that writes what it gets to files.

mod common;
use common::bus::{self, Bus, NotificationServer};
use common::{dovecot::Dovecot, imap_client::Client};
use optout::alerts::{self, Alerter};
use optout::config::Config;
use optout::model::{Alert, AlertKind};
use optout::pipeline::{FetchedMail, FolderBatch, Pipeline};
use optout::store::Store;
use optout::tracker::Input;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const LONG: Duration = Duration::from_secs(60);

fn code_mail(code: &str) -> Vec<u8> {
    format!(
        "From: Facebook <security@facebookmail.com>\r\n\
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

fn mail(from: &str, id: &str, subject: &str, text: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: max@example.org\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\
Message-ID: <{id}@example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    )
    .into_bytes()
}

/// The hook used everywhere: one `<n>.json` (stdin) and `<n>.env` (the
/// OPTOUT_* variables) per run, in `dir/hook`.
fn hook_command(dir: &Path) -> String {
    let out = dir.join("hook");
    std::fs::create_dir_all(&out).unwrap();
    format!(
        "n=$(date +%s%N)-$$; cat > '{o}/'$n.tmp; env | grep -E '^OPTOUT_(ALERT|ACCOUNT|PLATFORM|CODE|FOLDER)=' | sort > '{o}/'$n.env; mv '{o}/'$n.tmp '{o}/'$n.json",
        o = out.display()
    )
}

/// Put `command = "<hook>"` into the config's [alerts] table, before the
/// line that starts with `anchor`.
fn set_hook(s: &Setup, hook: &str, anchor: &str) {
    let line = format!(
        "command = \"{}\"\n{anchor}",
        hook.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let cfg = std::fs::read_to_string(s.config())
        .unwrap()
        .replacen(anchor, &line, 1);
    std::fs::write(s.config(), cfg).unwrap();
}

/// Every completed hook run: the alert it got and its variables.
fn hook_runs(dir: &Path) -> Vec<(Alert, BTreeMap<String, String>)> {
    let out = dir.join("hook");
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let alert: Alert = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            let env = std::fs::read_to_string(p.with_extension("env")).unwrap_or_default();
            let vars = env
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            (alert, vars)
        })
        .collect()
}

fn kinds(runs: &[(Alert, BTreeMap<String, String>)]) -> Vec<String> {
    runs.iter().map(|(a, _)| a.kind.to_string()).collect()
}

struct Setup {
    dir: tempfile::TempDir,
    bus_address: Option<String>,
    extra_env: Vec<(String, String)>,
}

impl Setup {
    /// A config for the Dovecot user, account `fb`, and `alerts` as the
    /// body of `[alerts]`.
    fn new(imap_port: u16, alerts: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let cfg = format!(
            "[[mailbox]]\nname = \"local\"\nhost = \"127.0.0.1\"\nport = {imap_port}\ntls = \"none\"\nuser = \"max\"\n\
password_env = \"OPTOUT_TEST_PASSWORD\"\ntrust = \"sender-domain\"\npoll_interval = \"1s\"\n\n\
[[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"local\"\n\n[alerts]\n{alerts}\n\n[store]\npath = \"optout.db\"\n"
        );
        std::fs::write(dir.path().join("config.toml"), cfg).unwrap();
        Setup {
            dir,
            bus_address: None,
            extra_env: Vec::new(),
        }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }
    fn db(&self) -> PathBuf {
        self.path().join("optout.db")
    }
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_optout"));
        c.arg("--config")
            .arg(self.config())
            .args(args)
            .env("OPTOUT_TEST_PASSWORD", "secret")
            .env("OPTOUT_DNS_SERVER", "off")
            .env("LANG", "C")
            .env_remove("RUST_LOG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                self.bus_address.clone().unwrap_or_else(|| {
                    format!("unix:path={}", bus::socket_that_does_not_exist().display())
                }),
            );
        for (k, v) in &self.extra_env {
            c.env(k, v);
        }
        c
    }
    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "optout {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
    fn spawn_watch(&self) -> Child {
        self.command(&["watch"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// SIGTERM, then wait; returns stderr.
fn stop(child: Child) -> String {
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
    }
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_code_in_spam_reaches_the_desktop_with_the_code_critical_and_copyable() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("48213790"));
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let mut s = Setup::new(d.imap_port, "desktop = true\nlanguage = \"en\"");
    s.bus_address = Some(bus.address.clone());
    // A clipboard tool (a fake wl-copy that writes a file) in a Wayland session.
    let bin = s.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let clip = s.path().join("clipboard");
    let tool = bin.join("wl-copy");
    std::fs::write(&tool, format!("#!/bin/sh\ncat > '{}'\n", clip.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
    s.extra_env = vec![
        (
            "PATH".into(),
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        ),
        ("WAYLAND_DISPLAY".into(), "wayland-test".into()),
    ];
    s.ok(&["expect-code", "fb"]);

    let daemon = s.spawn_watch();
    let calls = server.wait_for(1, LONG);
    assert_eq!(calls.len(), 1, "one notification: {calls:?}");
    let n = &calls[0];
    assert_eq!(n.app_name, "optout");
    assert!(n.summary.contains("48213790"), "{n:?}");
    assert!(n.summary.contains("Facebook"), "{n:?}");
    assert!(n.body.contains("in your spam folder (Junk)"), "{n:?}");
    assert_eq!(n.urgency, Some(2), "critical: {n:?}");
    assert_eq!(n.actions, vec!["copy-code".to_string(), "Copy code".into()]);

    // The person clicks "Copy code": the code goes to the clipboard. The
    // daemon subscribes to the click just after the notification shows; a
    // click before that is lost (notify-rust cannot subscribe first), so
    // click again each second, as a person would.
    let mut clicked = std::time::Instant::now() - Duration::from_secs(1);
    bus::wait_until(LONG, "the clipboard", || {
        if clicked.elapsed() >= Duration::from_secs(1) {
            server.invoke_action(n.id, "copy-code");
            clicked = std::time::Instant::now();
        }
        std::fs::read_to_string(&clip).is_ok_and(|t| t == "48213790")
    });
    let stderr = stop(daemon);
    assert!(!stderr.contains("48213790"), "no code in the log: {stderr}");
    assert!(
        !stderr.contains("secret"),
        "no password in the log: {stderr}"
    );
    assert_eq!(server.calls().len(), 1, "no repeat");
}

#[test]
fn the_hook_gets_the_documented_json_and_variables_for_every_alert_kind() {
    let dir = tempfile::tempdir().unwrap();
    let cfg_path = dir.path().join("config.toml");
    std::fs::write(
        &cfg_path,
        format!(
            "[[mailbox]]\nname = \"local\"\nhost = \"127.0.0.1\"\nport = 1\ntls = \"none\"\nuser = \"max\"\npassword = \"x\"\ntrust = \"sender-domain\"\n\n\
[[account]]\nid = \"fb\"\nplatform = \"facebook\"\nmailbox = \"local\"\n\n\
[[account]]\nid = \"ig\"\nplatform = \"instagram\"\nmailbox = \"local\"\n\n\
[[account]]\nid = \"th\"\nplatform = \"threads\"\nmailbox = \"local\"\naddress = \"th@example.org\"\n\n\
[[account]]\nid = \"th2\"\nplatform = \"threads\"\nmailbox = \"local\"\naddress = \"th2@example.org\"\n\n\
[alerts]\ndesktop = false\ncommand = \"{}\"\n\n[store]\npath = \"optout.db\"\n",
            hook_command(dir.path()).replace('\\', "\\\\").replace('"', "\\\"")
        ),
    )
    .unwrap();
    let cfg = Config::load(&cfg_path).unwrap();
    let mut store = Store::open(&cfg.store_path()).unwrap();
    let now = chrono::Utc::now();
    store
        .sync_accounts(&cfg.accounts, now - chrono::Duration::days(60))
        .unwrap();
    let pipeline = Pipeline::new(cfg.clone(), optout::classify::Classifier::builtin());
    let mailbox = &cfg.mailboxes[0];

    // fb: asked for a code, got it in spam, then the receipt and the acceptance.
    pipeline
        .command(&mut store, "fb", Input::ExpectCode, now)
        .unwrap();
    // th2: asked for a code an hour ago, none came.
    pipeline
        .command(
            &mut store,
            "th2",
            Input::ExpectCode,
            now - chrono::Duration::hours(1),
        )
        .unwrap();
    // th: submitted 40 days ago, no answer.
    pipeline
        .command(
            &mut store,
            "th",
            Input::Mark(optout::model::State::Submitted),
            now - chrono::Duration::days(40),
        )
        .unwrap();
    let fetched = |uid: u32, raw: Vec<u8>| FetchedMail {
        uid,
        raw,
        arrived: Some(now),
    };
    let junk = FolderBatch {
        mailbox,
        folder: "Junk",
        in_spam: true,
        uidvalidity: 1,
        mails: vec![
            fetched(1, code_mail("48213790")),
            // ig asked for nothing: an unexpected code.
            fetched(
                2,
                mail(
                    "Instagram <security@mail.instagram.com>",
                    "ig-code",
                    "Dein Code",
                    "Dein Bestätigungscode: 551234",
                ),
            ),
        ],
        next_uid: 3,
    };
    pipeline.commit_batch(&mut store, &junk, now).unwrap();
    let inbox = FolderBatch {
        mailbox,
        folder: "INBOX",
        in_spam: false,
        uidvalidity: 1,
        mails: vec![
            fetched(
                1,
                mail(
                    "Meta <noreply@support.facebook.com>",
                    "fb-receipt",
                    "Deine Anfrage",
                    "Danke für deine Nachricht an Meta. Wir werden deine Anfrage so bald wie möglich prüfen.",
                ),
            ),
            fetched(
                2,
                mail(
                    "Meta <noreply@support.facebook.com>",
                    "fb-accepted",
                    "Deine Anfrage",
                    "Wir haben deinen Antrag geprüft und erkennen deinen Einspruch an.",
                ),
            ),
            fetched(
                3,
                mail(
                    "Instagram <noreply@mail.instagram.com>",
                    "ig-rejected",
                    "Deine Anfrage",
                    "Wir werden keine weiteren Maßnahmen ergreifen.",
                ),
            ),
            // A look-alike sender using Meta's words: a phishing warning.
            fetched(
                4,
                mail(
                    "Instagram <security@instagram-security.example>",
                    "ig-phish",
                    "Dein Code",
                    "Dein Bestätigungscode: 734512",
                ),
            ),
        ],
        next_uid: 5,
    };
    pipeline.commit_batch(&mut store, &inbox, now).unwrap();

    let alerter = Alerter::from_config(&cfg);
    assert_eq!(alerter.sink_names(), ["log", "command"]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let pipeline = std::sync::Arc::new(pipeline);
    let (store, _thread) = optout::store::owner::spawn(store).unwrap();
    rt.block_on(alerts::process(&pipeline, &store, &alerter))
        .unwrap();

    let runs = hook_runs(dir.path());
    let mut got = kinds(&runs);
    got.sort();
    assert_eq!(
        got,
        [
            "accepted",
            "code_overdue",
            "code_received",
            "code_received",
            "deadline_passed",
            "receipt",
            "rejected",
            "reply_overdue",
            "suspicious"
        ],
        "every kind, once"
    );
    for (alert, vars) in &runs {
        let var = |k: &str| vars.get(k).map(String::as_str);
        assert_eq!(var("OPTOUT_ALERT"), Some(alert.kind.as_str()), "{alert:?}");
        assert_eq!(var("OPTOUT_ACCOUNT"), Some(alert.account.as_str()));
        assert_eq!(var("OPTOUT_PLATFORM"), Some(alert.platform.as_str()));
        assert_eq!(var("OPTOUT_CODE"), alert.code.as_deref(), "{alert:?}");
        assert_eq!(var("OPTOUT_FOLDER"), alert.folder.as_deref(), "{alert:?}");
        match alert.kind {
            AlertKind::CodeReceived if alert.account == "fb" => {
                assert_eq!(alert.code.as_deref(), Some("48213790"));
                assert!(alert.in_spam && !alert.unexpected);
                assert_eq!(var("OPTOUT_FOLDER"), Some("Junk"));
            }
            AlertKind::CodeReceived => {
                assert_eq!(alert.account, "ig");
                assert!(alert.unexpected);
                assert_eq!(var("OPTOUT_CODE"), Some("551234"));
            }
            AlertKind::CodeOverdue => assert_eq!(alert.account, "th2"),
            AlertKind::Suspicious => {
                assert!(alert.code.is_none(), "a phisher's code is never shown");
                let detail = alert.detail.as_deref().unwrap_or_default();
                assert!(detail.contains("instagram-security.example"), "{detail}");
            }
            AlertKind::ReplyOverdue | AlertKind::DeadlinePassed => {
                assert_eq!(alert.account, "th");
                assert!(alert.since.is_some() && var("OPTOUT_FOLDER").is_none());
            }
            _ => {}
        }
    }
    let pending = rt.block_on(store.call(|s| s.pending_alerts())).unwrap();
    assert!(pending.is_empty(), "all delivered");
    // Processing again fires nothing twice.
    rt.block_on(alerts::process(&pipeline, &store, &alerter))
        .unwrap();
    assert_eq!(hook_runs(dir.path()).len(), 9);
}

// Timed alerts (code_overdue when due, once across restarts, at once after
// a suspend): unit tests with paused time in src/alerts/mod.rs.

#[test]
fn expect_code_from_another_process_wakes_the_running_daemon() {
    let d = Dovecot::start();
    let s = Setup::new(d.imap_port, "desktop = false\ncode_timeout = \"2s\"");
    set_hook(&s, &hook_command(s.path()), "code_timeout");
    let daemon = s.spawn_watch();
    // Let it settle into its long sleep (nothing is due).
    std::thread::sleep(Duration::from_secs(2));
    s.ok(&["expect-code", "fb"]);
    bus::wait_until(LONG, "code_overdue from the running daemon", || {
        !hook_runs(s.path()).is_empty()
    });
    std::thread::sleep(Duration::from_secs(3));
    let stderr = stop(daemon);
    assert_eq!(kinds(&hook_runs(s.path())), ["code_overdue"], "{stderr}");
}

#[test]
fn killed_between_commit_and_delivery_delivers_once_after_restart() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("48213790"));
    let bus = Bus::start();
    let server = NotificationServer::start(&bus);
    let mut s = Setup::new(d.imap_port, "desktop = true\ncommand_timeout = \"5m\"");
    s.bus_address = Some(bus.address.clone());
    // The first run of the hook hangs (and says so): the daemon is killed
    // while it delivers. Later runs record the alert.
    let gate = s.path().join("gate");
    let hook = format!(
        "if [ ! -e '{g}' ]; then echo $$ > '{g}'; sleep 300; fi; {rest}",
        g = gate.display(),
        rest = hook_command(s.path())
    );
    set_hook(&s, &hook, "command_timeout");
    s.ok(&["expect-code", "fb"]);

    let mut daemon = s.spawn_watch();
    bus::wait_until(LONG, "the hook to start", || {
        std::fs::read_to_string(&gate).is_ok_and(|t| t.ends_with('\n'))
    });
    daemon.kill().unwrap(); // SIGKILL
    daemon.wait().unwrap();
    let hook_pid: i32 = std::fs::read_to_string(&gate)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    unsafe {
        libc::killpg(hook_pid, libc::SIGKILL);
    }

    // Committed, delivered to the log and the desktop, not to the hook.
    {
        let store = Store::open(&s.db()).unwrap();
        let pending = store.pending_alerts().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].alert.kind, AlertKind::CodeReceived);
        let mut sinks = pending[0].delivered_to.clone();
        sinks.sort();
        assert_eq!(sinks, ["desktop", "log"]);
    }
    assert_eq!(server.calls().len(), 1);
    assert!(hook_runs(s.path()).is_empty());

    let daemon = s.spawn_watch();
    bus::wait_until(LONG, "the hook after the restart", || {
        !hook_runs(s.path()).is_empty()
    });
    bus::wait_until(LONG, "the outbox to empty", || {
        Store::open(&s.db())
            .and_then(|st| st.pending_alerts())
            .is_ok_and(|p| p.is_empty())
    });
    std::thread::sleep(Duration::from_secs(2));
    let stderr = stop(daemon);
    let runs = hook_runs(s.path());
    assert_eq!(kinds(&runs), ["code_received"], "{stderr}");
    assert_eq!(runs[0].0.code.as_deref(), Some("48213790"));
    assert_eq!(
        server.calls().len(),
        1,
        "the desktop had it already: not again"
    );
}

#[test]
fn without_a_session_bus_watch_once_succeeds_the_hook_runs_and_one_warning() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("48213790"));
    c.append("INBOX", &code_mail("11223344"));
    let s = Setup::new(d.imap_port, "desktop = true");
    set_hook(&s, &hook_command(s.path()), "desktop = true");
    s.ok(&["expect-code", "fb"]);
    let started = std::time::Instant::now();
    let out = s.ok(&["watch", "--once"]);
    assert!(started.elapsed() < Duration::from_secs(30), "no stall");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        kinds(&hook_runs(s.path())),
        ["code_received", "code_received"]
    );
    let warnings: Vec<_> = stderr
        .lines()
        .filter(|l| l.contains("desktop notifications unavailable"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning: {stderr}");
    // The desktop keeps its retry (the outbox remembers the hook delivered).
    let store = Store::open(&s.db()).unwrap();
    for p in store.pending_alerts().unwrap() {
        assert!(p.delivered_to.contains(&"command".to_string()));
        assert!(!p.delivered_to.contains(&"desktop".to_string()));
    }
    // Run again: the hook is not repeated.
    s.ok(&["watch", "--once"]);
    assert_eq!(hook_runs(s.path()).len(), 2);
}

#[test]
fn a_second_watcher_on_the_same_database_exits_at_once() {
    let d = Dovecot::start();
    let s = Setup::new(d.imap_port, "desktop = false");
    let first = s.spawn_watch();
    bus::wait_until(LONG, "the first watcher's lock", || {
        std::fs::read_to_string(s.path().join("optout.db.lock")).is_ok_and(|t| !t.is_empty())
    });
    let started = std::time::Instant::now();
    let out = s.run(&["watch", "--once"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(20));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already running"), "{err}");
    stop(first);
    // The lock went with the process.
    s.ok(&["watch", "--once"]);
}

#[test]
fn letters_name_the_dates_and_unknown_accounts_exit_2() {
    let s = Setup::new(1, "desktop = false");
    s.ok(&["mark", "fb", "submitted"]);
    let today = chrono::Local::now();
    let out = s.ok(&["letter", "fb", "--kind", "reminder", "--lang", "de"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&today.format("%d.%m.%Y").to_string()),
        "{text}"
    );
    assert!(
        text.contains("Art. 21 DSGVO") && text.contains("Art. 12 Abs. 3"),
        "{text}"
    );
    let out = s.ok(&["letter", "fb", "--kind", "complaint", "--lang", "en"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Art. 77 GDPR") && text.contains("Data Protection Commission"));
    assert!(
        text.contains(&today.format("%Y-%m-%d").to_string()),
        "{text}"
    );
    let out = s.run(&["letter", "nobody", "--kind", "reminder"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown account \"nobody\"") && err.contains("fb"),
        "{err}"
    );
}

#[test]
fn service_install_writes_the_unit_once_and_never_overwrites_changes() {
    let s = Setup::new(1, "desktop = false");
    let xdg = s.path().join("xdg");
    let run = |args: &[&str]| {
        s.command(args)
            .env("XDG_CONFIG_HOME", &xdg)
            .env("HOME", s.path())
            .output()
            .unwrap()
    };
    let out = run(&["service", "install"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("systemctl --user enable --now optout.service"),
        "{stdout}"
    );
    let unit_path = xdg.join("systemd/user/optout.service");
    let unit = std::fs::read_to_string(&unit_path).unwrap();
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_optout")).unwrap();
    let config = std::fs::canonicalize(s.config()).unwrap();
    assert!(
        unit.contains(&format!(
            "ExecStart={} --config {} watch\n",
            exe.display(),
            config.display()
        )),
        "{unit}"
    );
    assert!(unit.contains("Restart=on-failure"));

    let out = run(&["service", "install"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("already installed"));

    std::fs::write(&unit_path, unit.replace("RestartSec=30", "RestartSec=5")).unwrap();
    let out = run(&["service", "install"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&unit_path.display().to_string()) && err.contains("--force"),
        "{err}"
    );
    assert!(std::fs::read_to_string(&unit_path)
        .unwrap()
        .contains("RestartSec=5"));
    assert!(run(&["service", "install", "--force"]).status.success());
    assert_eq!(std::fs::read_to_string(&unit_path).unwrap(), unit);

    let out = run(&["service", "uninstall"]);
    assert!(out.status.success());
    assert!(!unit_path.exists());
}
