//! The daemon's end, with a real `optout watch` process against a real
//! Dovecot and a real hook: SIGTERM does not wait for the outbox (what is
//! not delivered waits for the next start), and a hook never outlives its
//! daemon (a SIGKILLed daemon's hook is ended before the retry starts).

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, wait_until, Setup};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Point `[alerts] command` at a script.
fn set_hook(s: &Setup, script: &str, timeout: &str) {
    let path = s.dir.path().join("hook.sh");
    std::fs::write(&path, script).unwrap();
    s.alerts(&format!(
        "command = \"sh '{}'\"\ncommand_timeout = \"{timeout}\"",
        path.display()
    ));
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The process exists and is not a zombie.
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let state = s.rsplit_once(')')?.1.split_whitespace().next()?.to_owned();
            Some(state != "Z")
        })
        .unwrap_or(false)
}

#[test]
fn sigterm_with_twenty_pending_alerts_and_a_slow_hook_exits_at_once_and_the_rest_comes_later() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // Twenty codes nobody asked for: twenty "unexpected code" alerts.
    let codes: Vec<String> = (0..20).map(|i| format!("{}", 31_000_000 + i)).collect();
    for code in &codes {
        c.append("INBOX", &code_mail(code));
    }
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let runs = s.dir.path().join("runs.txt");
    set_hook(
        &s,
        &format!(
            "cat > /dev/null\necho \"start $OPTOUT_CODE\" >> '{r}'\nsleep 1\necho \"done $OPTOUT_CODE\" >> '{r}'\n",
            r = runs.display()
        ),
        "30s",
    );
    let w = s.spawn_watch();
    wait_until(60, "two alerts delivered", || {
        lines(&runs)
            .iter()
            .filter(|l| l.starts_with("done"))
            .count()
            >= 2
    });
    let (code, took) = w.terminate();
    eprintln!("SIGTERM with pending alerts and a 1 s hook: exit 0 after {took:?}");
    assert_eq!(code, Some(0));
    // The figure is reported; this bound only guards against waiting for
    // the outbox (18 × 1 s).
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    let first = lines(&runs);
    let done_first = first.iter().filter(|l| l.starts_with("done")).count();
    assert!(
        done_first < 10,
        "the outbox was not drained first: {first:?}"
    );

    let w = s.spawn_watch();
    let delivered = |all: &[String]| {
        all.iter()
            .filter_map(|l| l.strip_prefix("done "))
            .map(str::to_owned)
            .collect::<std::collections::BTreeSet<_>>()
    };
    wait_until(90, "all twenty alerts after the restart", || {
        delivered(&lines(&runs)).len() == 20
    });
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
    let all = lines(&runs);
    assert_eq!(
        delivered(&all),
        codes.iter().cloned().collect(),
        "every code delivered"
    );
    // Runs per code: once each, except one whose first run SIGTERM cut
    // short (a start without its done before the first exit).
    let mut starts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &all {
        if let Some(code) = l.strip_prefix("start ") {
            *starts.entry(code).or_default() += 1;
        }
    }
    let twice: Vec<_> = starts.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.len() <= 1, "{all:?}");
    for (code, n) in twice {
        assert_eq!(*n, 2, "{all:?}");
        let cut =
            first.contains(&format!("start {code}")) && !first.contains(&format!("done {code}"));
        assert!(
            cut,
            "{code} ran twice without a kill explaining it: {all:?}"
        );
    }
}

#[test]
fn a_hook_left_running_by_a_killed_daemon_is_ended_before_the_retry() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("55443322"));
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let runs = s.dir.path().join("runs");
    std::fs::create_dir_all(&runs).unwrap();
    // Each run: a folder of its own; which processes of earlier runs are
    // still alive as it starts; its own pids (sh and a child); then hang.
    set_hook(
        &s,
        &format!(
            r#"cat > /dev/null
r='{r}'
n=$(ls "$r" | wc -l)
for p in $(cat "$r"/*/pids 2>/dev/null); do
  st=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)
  [ -n "$st" ] && [ "$st" != Z ] && echo $p >> "$r/alive-at-$n"
done
mkdir "$r/$n"
sleep 300 &
echo $$ > "$r/$n/pids.tmp"; echo $! >> "$r/$n/pids.tmp"; mv "$r/$n/pids.tmp" "$r/$n/pids"
wait
"#,
            r = runs.display()
        ),
        "10m",
    );
    let pids = |n: usize| -> Vec<u32> {
        lines(&runs.join(n.to_string()).join("pids"))
            .iter()
            .map(|l| l.parse().unwrap())
            .collect()
    };
    let mut w = s.spawn_watch();
    wait_until(60, "the first hook run", || pids(0).len() == 2);
    let old = pids(0);
    assert!(old.iter().all(|&p| running(p)));

    // SIGKILL: no chance to end the hook. PR_SET_PDEATHSIG ends only the
    // daemon's own child (`sh -c`); the script's processes below it live
    // on until the next start finds their run marker.
    w.child.kill().unwrap();
    w.child.wait().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        old.iter().any(|&p| running(p)),
        "the test needs a hook that outlives the daemon's child"
    );

    let w = s.spawn_watch();
    wait_until(60, "the retry", || pids(1).len() == 2);
    assert!(
        lines(&runs.join("alive-at-1")).is_empty(),
        "the old hook was still running when the retry started: {:?}",
        lines(&runs.join("alive-at-1"))
    );
    assert!(old.iter().all(|&p| !running(p)), "{old:?}");
    let retry = pids(1);

    // SIGTERM with that hook hanging: its group is ended within the grace.
    let (code, took) = w.terminate();
    eprintln!("SIGTERM with a hanging hook: exit 0 after {took:?}");
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    wait_until(5, "the retry's processes ended with the daemon", || {
        retry.iter().all(|&p| !running(p))
    });
}
