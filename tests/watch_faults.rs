//! `optout watch` (the real daemon) under network faults, through a
//! fault-injecting TCP proxy to a real Dovecot: a network that goes
//! silent (no FIN, no RST), a resume from suspend, a mailbox that cannot
//! be watched. What is asserted is what the person sees: the code in
//! `status`, the alerts the hook gets.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, wait_until, Setup};
use common::proxy::Proxy;
use std::time::{Duration, Instant};

/// Dovecot sends `* OK Still here` every 10 s instead of every 2 min, so
/// the IDLE watchdog can be short: the same mechanism, in test time.
const NOTIFY_10S: &str = "imap_idle_notify_interval = 10 secs";

fn through(proxy: &Proxy, extra: &str) -> Setup {
    Setup::with_mailbox(&format!(
        "host = \"127.0.0.1\"\nport = {}\ntls = \"none\"\npoll_interval = \"1h\"\n{extra}",
        proxy.port
    ))
}

fn wait_for_code(s: &Setup, code: &str, secs: u64) -> Duration {
    let start = Instant::now();
    wait_until(secs, &format!("the code {code} in status"), || {
        s.status()[0]["code"] == code
    });
    start.elapsed()
}

#[test]
fn a_mail_that_arrives_as_a_silent_network_returns_is_committed_within_a_minute() {
    let d = Dovecot::start_configured(&["Junk", "Spamverdacht"], NOTIFY_10S);
    let proxy = Proxy::start(d.imap_port);
    // The watchdog: the server's 10 s plus a margin.
    let s = through(&proxy, "idle_watchdog = \"20s\"");
    s.ok(&["expect-code", "fb"]);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);

    proxy.silence();
    let silent = Instant::now();
    // Both IDLE connections are found dead (watchdog 20 s + DONE 5 s).
    w.wait_log(80, &["connection is dead"], 2);
    eprintln!(
        "silent network: both dead IDLE connections noticed {:.1} s into the silence",
        silent.elapsed().as_secs_f64()
    );
    std::thread::sleep(Duration::from_secs(90).saturating_sub(silent.elapsed()));
    proxy.restore();
    let returned = Instant::now();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("55667788"));
    let took = wait_for_code(&s, "55667788", 60);
    let since_return = returned.elapsed();
    eprintln!(
        "silent network: the code was committed {:.1} s after the network returned",
        since_return.as_secs_f64()
    );
    assert!(took <= Duration::from_secs(60));
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

/// libfaketime makes the daemon's wall clock jump ahead while its
/// monotonic clock runs on — what a resume from suspend looks like from
/// inside a process (CLOCK_MONOTONIC stops during suspend).
fn faketime() -> Option<String> {
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
    ]
    .iter()
    .map(|d| format!("{d}/faketime/libfaketime.so.1"))
    .find(|p| std::path::Path::new(p).exists())
}

#[test]
fn after_a_resume_every_connection_is_made_again_at_once() {
    let Some(lib) = faketime() else {
        panic!("libfaketime is not installed: run scripts/test (it installs libfaketime)");
    };
    let d = Dovecot::start();
    let proxy = Proxy::start(d.imap_port);
    // Watchdog and renewal far away: only the resume can explain a quick
    // reconnect.
    let s = through(&proxy, "idle_watchdog = \"10m\"\nidle_renew = \"20m\"");
    s.alerts(&format!(
        "code_timeout = \"20m\"\ncommand = \"cat >> '{}'; echo >> '{}'\"",
        s.dir.path().join("hook.jsonl").display(),
        s.dir.path().join("hook.jsonl").display()
    ));
    s.ok(&["expect-code", "fb"]);
    let clock = s.dir.path().join("faketime");
    std::fs::write(&clock, "+0\n").unwrap();
    let clock_s = clock.display().to_string();
    let mut w = s.spawn_watch_env(&[
        ("LD_PRELOAD", lib.as_str()),
        ("FAKETIME_TIMESTAMP_FILE", clock_s.as_str()),
        ("FAKETIME_NO_CACHE", "1"),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
    ]);
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);

    // The suspend: the NAT forgot the connections (they stay open and
    // silent), and an hour passed on the wall clock.
    proxy.forget_connections();
    std::fs::write(&clock, "+3600\n").unwrap();
    let resumed = Instant::now();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("11223344"));
    wait_for_code(&s, "11223344", 30);
    eprintln!(
        "resume: the code was committed {:.1} s after the simulated resume",
        resumed.elapsed().as_secs_f64()
    );
    assert_eq!(w.count(&["resumed after about"]), 1, "{:?}", w.log());
    // The timed alert that fell due while asleep fires now, not when the
    // stopped monotonic timer would have run out (20 min from now).
    let hook = s.dir.path().join("hook.jsonl");
    wait_until(15, "code_overdue from the hook", || {
        std::fs::read_to_string(&hook).is_ok_and(|h| h.contains("\"code_overdue\""))
    });
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

/// A hook that appends every alert (one JSON object a line) to a file.
fn record_alerts(s: &Setup) -> std::path::PathBuf {
    let file = s.dir.path().join("alerts.jsonl");
    s.alerts(&format!(
        "command = \"cat >> '{f}'; echo >> '{f}'\"",
        f = file.display()
    ));
    file
}

fn alerts_of(file: &std::path::Path, kind: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|a| a["kind"] == kind)
        .collect()
}

#[test]
fn a_refused_login_raises_one_unwatchable_alert() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let hook = record_alerts(&s);
    let mut w = s.spawn_watch_env(&[("OPTOUT_TEST_PASSWORD", "wrong")]);
    wait_until(60, "the unwatchable alert", || {
        !alerts_of(&hook, "unwatchable").is_empty()
    });
    // More refusals come (the back-off goes on): still one alert.
    w.wait_log(60, &["mailbox \"local\"", "retrying in"], 5);
    std::thread::sleep(Duration::from_secs(2));
    let alerts = alerts_of(&hook, "unwatchable");
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["mailbox"], "local");
    assert_eq!(alerts[0]["detail"], "login_refused");
    let watch = &s.status()[0]["watch"];
    assert_eq!(watch["state"], "unwatchable", "{watch}");
    assert_eq!(watch["last_error"]["problem"], "login_refused", "{watch}");
    assert_eq!(watch["alerted"], true);
    // The table says it in the person's words.
    let table = String::from_utf8(
        s.command_for(&["status"])
            .env("LANG", "de_DE.UTF-8")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(table.contains("Anmeldung abgelehnt"), "{table}");
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn a_network_silent_past_the_threshold_raises_one_alert_and_one_when_watched_again() {
    let d = Dovecot::start_configured(&["Junk", "Spamverdacht"], NOTIFY_10S);
    let proxy = Proxy::start(d.imap_port);
    let s = through(&proxy, "idle_watchdog = \"15s\"");
    s.alerts("unwatchable_after = \"20s\"");
    let hook = record_alerts(&s);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    let watch = &s.status()[0]["watch"];
    assert_eq!(watch["state"], "watched", "{watch}");
    let folders: Vec<_> = watch["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["watch"].as_str().unwrap()))
        .collect();
    assert_eq!(folders, [("INBOX", "idle"), ("Junk", "idle")]);
    assert!(watch["last_sync"].is_string(), "{watch}");

    proxy.silence();
    wait_until(90, "the unwatchable alert", || {
        !alerts_of(&hook, "unwatchable").is_empty()
    });
    let silent = &s.status()[0]["watch"];
    assert_eq!(silent["state"], "unwatchable", "{silent}");
    std::thread::sleep(Duration::from_secs(10));
    proxy.restore();
    wait_until(60, "the watching-again alert", || {
        !alerts_of(&hook, "watching_again").is_empty()
    });
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(alerts_of(&hook, "unwatchable").len(), 1);
    assert_eq!(alerts_of(&hook, "watching_again").len(), 1);
    let watch = &s.status()[0]["watch"];
    assert_eq!(watch["state"], "watched", "{watch}");
    assert!(watch["last_error"]["problem"].is_string(), "{watch}");
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

/// An nftables table that drops every packet to and from one loopback
/// port — a path that went dead below TCP, unlike the proxy (whose kernel
/// still acknowledges). Removed on drop.
struct DeadPath {
    table: String,
}

impl DeadPath {
    fn drop_port(port: u16) -> DeadPath {
        let table = format!("optout_test_{port}");
        let rules = format!(
            "table inet {table} {{\n  chain input {{\n    type filter hook input priority -10; policy accept;\n    tcp dport {port} drop\n    tcp sport {port} drop\n  }}\n}}\n"
        );
        let mut nft = std::process::Command::new("nft")
            .args(["-f", "-"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("nft is not installed: run scripts/test (it installs nftables)");
        use std::io::Write;
        nft.stdin
            .take()
            .unwrap()
            .write_all(rules.as_bytes())
            .unwrap();
        assert!(
            nft.wait().unwrap().success(),
            "nft refused the rules (root?)"
        );
        DeadPath { table }
    }
}

impl Drop for DeadPath {
    fn drop(&mut self) {
        let _ = std::process::Command::new("nft")
            .args(["delete", "table", "inet", &self.table])
            .status();
    }
}

#[test]
fn tcp_keepalive_notices_a_path_that_drops_every_packet() {
    let d = Dovecot::start();
    // The watchdog far away: only TCP can notice.
    let s = Setup::new(&d, "poll_interval = \"1h\"\nidle_watchdog = \"10m\"");
    s.ok(&["expect-code", "fb"]);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    let before = w.count(&["reconnecting in"]);
    let dead = DeadPath::drop_port(d.imap_port);
    let start = Instant::now();
    w.wait_log(60, &["reconnecting in"], before + 2);
    eprintln!(
        "dead path: both IDLE connections failed {:.1} s after every packet was dropped",
        start.elapsed().as_secs_f64()
    );
    drop(dead);
    let returned = Instant::now();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("99887766"));
    wait_for_code(&s, "99887766", 90);
    eprintln!(
        "dead path: the code was committed {:.1} s after the path came back",
        returned.elapsed().as_secs_f64()
    );
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

/// Run the rest of this test thread (and every process it starts) in a
/// network namespace of its own, its loopback up. `Err`: why not (not
/// root, or a sandbox without namespaces).
#[cfg(target_os = "linux")]
fn private_network() -> Result<(), String> {
    // SAFETY: plain syscalls; unshare(CLONE_NEWNET) moves only the
    // calling thread, which then starts the test's processes.
    if unsafe { libc::geteuid() } != 0 {
        return Err("not root (a network namespace needs CAP_SYS_ADMIN)".into());
    }
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        return Err(format!(
            "unshare(CLONE_NEWNET): {}",
            std::io::Error::last_os_error()
        ));
    }
    ip(&["link", "set", "lo", "up"])
}

#[cfg(target_os = "linux")]
fn ip(args: &[&str]) -> Result<(), String> {
    let out = std::process::Command::new("ip")
        .args(args)
        .output()
        .map_err(|e| format!("ip (iproute2, installed by scripts/test): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// A network change (a new default route, seen on the daemon's netlink
/// socket) makes the daemon drop every connection and make it again at
/// once, not when the watchdog or IDLE renewal would. In a private
/// network namespace, so the host's routes are never touched.
#[cfg(target_os = "linux")]
#[test]
fn a_network_change_reconnects_every_mailbox_at_once() {
    if let Err(why) = private_network() {
        eprintln!("SKIPPED a_network_change_reconnects_every_mailbox_at_once: {why}");
        return;
    }
    let d = Dovecot::start();
    // Watchdog and renewal far away: only the network change can explain
    // a reconnect.
    let s = Setup::new(
        &d,
        "poll_interval = \"1h\"\nidle_watchdog = \"10m\"\nidle_renew = \"20m\"",
    );
    s.ok(&["expect-code", "fb"]);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);

    ip(&["route", "add", "default", "dev", "lo"]).unwrap();
    w.wait_log(30, &["the network changed: reconnecting every mailbox"], 1);
    // Both folders are in IDLE again, on new connections.
    w.wait_log(30, &[" IDLE", "folder=INBOX"], 2);
    w.wait_log(30, &[" IDLE", "folder=Junk"], 2);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("55667788"));
    wait_for_code(&s, "55667788", 30);
    // One change, one reconnect: the route added is not seen twice.
    assert_eq!(w.count(&["the network changed"]), 1, "{:?}", w.log());
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}
