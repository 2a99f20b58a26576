//! `optout object` against a real Dovecot: the code found in the spam
//! folder with and without a running `optout watch` (then without an IMAP
//! connection of its own), the advice when no code comes, and the status
//! line redrawn in place on a terminal (tmux). Deadlines are generous;
//! speed is measured in benches/imap.rs.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, wait_until, Setup};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `optout object …` with stdout and stderr into files.
struct Object {
    child: Child,
    out: PathBuf,
    err: PathBuf,
}

impl Object {
    fn spawn(s: &Setup, args: &[&str]) -> Object {
        let out = s.dir.path().join("object.out");
        let err = s.dir.path().join("object.err");
        let child = s
            .command_for(args)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        Object { child, out, err }
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.out).unwrap_or_default()
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.err).unwrap_or_default()
    }

    fn wait_for(&mut self, secs: u64, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !self.output().contains(text) {
            if let Some(st) = self.child.try_wait().unwrap() {
                panic!(
                    "object exited ({st}) before printing {text:?}:\n{}\n{}",
                    self.output(),
                    self.stderr()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no {text:?} within {secs} s:\n{}\n{}",
                self.output(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn exit_code(&mut self, secs: u64) -> Option<i32> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st.code();
            }
            assert!(
                Instant::now() < deadline,
                "object did not exit within {secs} s:\n{}\n{}",
                self.output(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Object {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A hook that appends each alert's kind to a file.
fn with_hook(s: &Setup, extra: &str) -> PathBuf {
    let file = s.dir.path().join("hook.log");
    s.alerts(&format!(
        "command = \"echo $OPTOUT_ALERT >> '{}'\"\n{extra}",
        file.display()
    ));
    file
}

fn hook_kinds(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn logins(d: &Dovecot) -> usize {
    d.log().matches("Login: user=<max>").count()
}

#[test]
fn without_a_daemon_object_watches_itself_and_prints_the_code_from_spam() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let hook = with_hook(&s, "");
    let mut o = Object::spawn(
        &s,
        &[
            "object",
            "fb",
            "--no-browser",
            "--lang",
            "de",
            "--timeout",
            "60s",
        ],
    );
    o.wait_for(20, "facebook.com/help/contact/");
    std::thread::sleep(Duration::from_secs(2));
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("583920"));
    o.wait_for(20, "583920");
    assert_eq!(o.exit_code(20), Some(0), "{}", o.stderr());
    let out = o.output();
    assert!(out.contains("INBOX ✓ IDLE · Junk ✓ IDLE"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("Code 583920 für fb") && l.contains("im Spam-Ordner „Junk“")),
        "{out}"
    );
    assert!(!out.contains('\r'), "no redraws into a file: {out:?}");
    assert!(out.contains("optout service install"), "{out}");

    let st = &s.status()[0];
    assert_eq!(st["state"], "code_received");
    assert_eq!(st["code"], "583920");
    assert_eq!(st["code_folder"], "Junk");
    assert_eq!(hook_kinds(&hook), ["code_received"], "the hook ran once");

    // A later watch finds nothing new and delivers nothing twice.
    let events = s.log().len();
    s.ok(&["watch", "--once"]);
    assert_eq!(s.log().len(), events, "watch --once recorded nothing new");
    assert_eq!(hook_kinds(&hook), ["code_received"], "no alert twice");
}

#[test]
fn with_watch_running_object_follows_its_commits_without_a_connection() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let hook = with_hook(&s, "");
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    let before = logins(&d);
    assert!(before >= 2, "the daemon logged in:\n{}", d.log());

    let mut o = Object::spawn(
        &s,
        &[
            "object",
            "fb",
            "--no-browser",
            "--lang",
            "en",
            "--timeout",
            "60s",
        ],
    );
    o.wait_for(20, "via optout watch, pid");
    std::thread::sleep(Duration::from_secs(2));
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("771234"));
    o.wait_for(20, "771234");
    assert_eq!(o.exit_code(20), Some(0), "{}", o.stderr());
    let out = o.output();
    assert!(
        out.lines()
            .any(|l| l.contains("code 771234 for fb") && l.contains("in the spam folder “Junk”")),
        "{out}"
    );
    assert!(out.contains("optout watch is running"), "{out}");
    // Our own test client logged in once; object never did.
    assert_eq!(logins(&d), before + 1, "{}", d.log());

    let st = &s.status()[0];
    assert_eq!(st["state"], "code_received");
    assert_eq!(st["code_folder"], "Junk");
    wait_until(20, "the daemon's hook", || {
        hook_kinds(&hook) == ["code_received"]
    });
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(hook_kinds(&hook), ["code_received"], "delivered once");
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn without_a_code_object_advises_after_code_timeout_and_gives_up_at_timeout() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    s.alerts("code_timeout = \"2s\"");
    let started = Instant::now();
    let mut o = Object::spawn(
        &s,
        &[
            "object",
            "fb",
            "--no-browser",
            "--lang",
            "en",
            "--timeout",
            "7s",
        ],
    );
    o.wait_for(20, "optout checked the spam folder: Junk.");
    assert!(
        o.child.try_wait().unwrap().is_none(),
        "still waiting after the advice"
    );
    let out = o.output();
    assert!(out.contains("two-factor"), "{out}");
    assert_eq!(o.exit_code(30), Some(1));
    assert!(started.elapsed() >= Duration::from_secs(7));
    let out = o.output();
    assert_eq!(
        out.matches("optout checked the spam folder: Junk.").count(),
        2,
        "{out}"
    );
    assert!(o.stderr().contains("no code within 7s"), "{}", o.stderr());
    assert_eq!(s.status()[0]["state"], "awaiting_code", "still tracked");
}

#[test]
fn ctrl_c_exits_130_and_says_the_objection_is_still_tracked() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let mut o = Object::spawn(
        &s,
        &[
            "object",
            "fb",
            "--no-browser",
            "--lang",
            "en",
            "--timeout",
            "60s",
        ],
    );
    o.wait_for(20, "Junk ✓ IDLE");
    let _ = Command::new("kill")
        .args(["-INT", &o.child.id().to_string()])
        .status();
    assert_eq!(o.exit_code(20), Some(130));
    assert!(
        o.output()
            .contains("The objection is still tracked: `optout status fb`"),
        "{}",
        o.output()
    );
    assert_eq!(s.status()[0]["state"], "awaiting_code");
}

/// A private tmux server running one command in a 160×50 pane.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, cmd: &str) -> Tmux {
        if Command::new("tmux").arg("-V").output().is_err() {
            panic!("tmux is not installed: run scripts/test (it installs tmux)");
        }
        let t = Tmux {
            socket: format!("optout-{name}-{}", std::process::id()),
        };
        let out = t.run(&["new-session", "-d", "-x", "160", "-y", "50", "-s", "t", cmd]);
        assert!(out.status.success(), "{out:?}");
        t
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap()
    }

    /// What the pane shows now.
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// The shell command that runs optout with this setup's config.
fn in_shell(s: &Setup, args: &str) -> String {
    format!(
        "env OPTOUT_TEST_PASSWORD=secret OPTOUT_DNS_SERVER=off {} --config {} {args}; sleep 60",
        env!("CARGO_BIN_EXE_optout"),
        s.config().display()
    )
}

/// tmux: the status line is redrawn in place, then the code stands framed.
#[test]
fn on_a_terminal_the_status_line_updates_in_place_and_the_code_is_framed() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let tmux = Tmux::start(
        "object",
        &in_shell(&s, "object fb --no-browser --lang en --timeout 60s"),
    );
    wait_until(20, "the status line", || {
        tmux.screen().contains("INBOX ✓ IDLE · Junk ✓ IDLE")
    });
    let first = tmux.screen();
    std::thread::sleep(Duration::from_millis(2200));
    let second = tmux.screen();
    let status = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("waiting for the code"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(status(&first).len(), 1, "{first}");
    assert_eq!(status(&second).len(), 1, "one line, redrawn:\n{second}");
    assert_ne!(status(&first), status(&second), "the clock moves");

    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("640912"));
    wait_until(20, "the code on screen", || {
        tmux.screen().contains("┃   640912   ┃")
    });
    let last = tmux.screen();
    assert!(
        last.contains("Your Facebook code, in the spam folder “Junk”."),
        "{last}"
    );
    assert_eq!(status(&last).len(), 1, "{last}");
}

/// `optout watch` on a terminal prints each code in one readable line.
#[test]
fn watch_on_a_terminal_prints_the_code_it_finds() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    s.alerts("language = \"en\"");
    s.ok(&["expect-code", "fb"]);
    let tmux = Tmux::start("watch", &in_shell(&s, "watch"));
    wait_until(20, "watch in IDLE", || {
        tmux.screen().contains("folder=Junk")
    });
    std::thread::sleep(Duration::from_millis(500));
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("318274"));
    wait_until(20, "the code line", || {
        tmux.screen()
            .contains("Code 318274 for fb (facebook), in the spam folder “Junk”.")
    });
}
