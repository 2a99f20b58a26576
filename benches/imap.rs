//! IMAP benchmarks against a private Dovecot (not a timed test):
//!
//! (a) push latency: APPEND → the observation committed in the store, for
//!     INBOX and the spam folder watched at once, each with 1 000 unread
//!     mails already in it, beside a bare IDLE client (a raw socket that
//!     notes when `* N EXISTS` arrives) in the same run. "Committed" is
//!     observed by polling the `event` table every 1 ms through a read-only
//!     SQLite connection (so figures carry up to ~1 ms of polling slack).
//! (b) first sync of a 100 000-mail INBOX with 100 provider mails mixed in
//!     (80 in INBOX, 20 in Junk): wall time, peak RSS (`/usr/bin/time -v`),
//!     bytes the server sent (Dovecot's `Logged out … out=N`), beside a
//!     naive client that downloads every message.
//!
//! (c) `optout object`: APPEND to the spam folder → the code line printed
//!     by `object` (stdout a pipe), with `optout watch` running (object
//!     follows its commits) and without (object watches itself), beside
//!     the bare IDLE client; with the daemon also the commit, so the
//!     figure "printed − committed" is what following the store costs.
//!
//! Run: `cargo bench --bench imap` (needs dovecot-imapd and openssl; root
//! or a normal user both work). `IMAP_BENCH_MAILS=N` changes the 100 000;
//! `IMAP_BENCH=push|object|first-sync` runs only that part;
//! `IMAP_BENCH_COMPARE=PATH` runs another optout binary (an older build)
//! through the first sync too, in the same run.

#[path = "../tests/common/mod.rs"]
mod common;

use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, meta_mail, Setup};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` does not:
    // then only check that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("machine: {} cores, {}", nproc(), cpu_model());
    // IMAP_BENCH=object: only (c).
    let only = std::env::var("IMAP_BENCH").unwrap_or_default();
    if only.is_empty() || only == "push" {
        latency();
    }
    if only.is_empty() || only == "object" {
        object_push();
    }
    if only.is_empty() || only == "first-sync" {
        first_sync();
    }
}

fn nproc() -> String {
    String::from_utf8_lossy(&Command::new("nproc").output().unwrap().stdout)
        .trim()
        .to_owned()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split(':').nth(1))
        .unwrap_or("unknown CPU")
        .trim()
        .to_owned()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summary(name: &str, mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let (med, p99) = (percentile(&v, 0.5), percentile(&v, 0.99));
    println!(
        "  {name:<34} median {med:7.2} ms   p99 {p99:7.2} ms   (n = {})",
        v.len()
    );
    (med, p99)
}

/// A raw IDLE client: sends the instant of every `* N EXISTS`.
fn bare_idle(port: u16, folder: &str, tx: mpsc::Sender<Instant>) {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_nodelay(true).unwrap();
    let mut w = s.try_clone().unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    w.write_all(format!("a LOGIN max secret\r\nb EXAMINE \"{folder}\"\r\nc IDLE\r\n").as_bytes())
        .unwrap();
    std::thread::spawn(move || loop {
        line.clear();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line.starts_with("* ") && line.trim_end().ends_with(" EXISTS") {
            let _ = tx.send(Instant::now());
        }
    });
}

fn events(db: &rusqlite::Connection) -> i64 {
    db.query_row("SELECT count(*) FROM event", [], |r| r.get(0))
        .unwrap_or(0)
}

fn latency() {
    let per_folder: usize = 100;
    println!("\n(a) push latency, APPEND → committed observation; INBOX and Junk watched at once,");
    println!("    1 000 unread mails already in each; {per_folder} mails per folder");
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    for folder in ["INBOX", "Junk"] {
        for i in 0..1000 {
            c.append(folder, &common::optout::ordinary_mail(i));
        }
    }
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let mut w = s.spawn_watch();
    w.wait_log(30, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(30, &[" IDLE", "folder=Junk"], 1);
    let (tx_in, rx_in) = mpsc::channel();
    let (tx_junk, rx_junk) = mpsc::channel();
    bare_idle(d.imap_port, "INBOX", tx_in);
    bare_idle(d.imap_port, "Junk", tx_junk);
    std::thread::sleep(Duration::from_millis(500));
    let db =
        rusqlite::Connection::open_with_flags(s.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut results: Vec<(&str, Vec<f64>, Vec<f64>)> =
        vec![("INBOX", vec![], vec![]), ("Junk", vec![], vec![])];
    for i in 0..2 * per_folder {
        let (folder, rx) = if i % 2 == 0 {
            ("INBOX", &rx_in)
        } else {
            ("Junk", &rx_junk)
        };
        while rx.try_recv().is_ok() {}
        let before = events(&db);
        let t0 = Instant::now();
        c.append(folder, &code_mail(&format!("{}", 10_000_000 + i)));
        let bare = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the bare client saw EXISTS");
        let deadline = t0 + Duration::from_secs(10);
        while events(&db) <= before {
            assert!(Instant::now() < deadline, "optout never committed mail {i}");
            std::thread::sleep(Duration::from_millis(1));
        }
        let done = Instant::now();
        let r = &mut results[i % 2];
        r.1.push((bare - t0).as_secs_f64() * 1e3);
        r.2.push((done - t0).as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(20));
    }
    for (folder, bare, opt) in &results {
        println!("  {folder}:");
        summary("bare IDLE client (EXISTS seen)", bare.clone());
        summary("optout (observation committed)", opt.clone());
        // Per mail: how much later than the bare client optout committed.
        summary(
            "optout − bare, per mail",
            opt.iter().zip(bare).map(|(o, b)| o - b).collect(),
        );
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", w.child.id())).unwrap();
    let field = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .map(|l| l.split_whitespace().nth(1).unwrap().parse::<f64>().unwrap() / 1024.0)
            .unwrap_or(0.0)
    };
    println!(
        "  idle daemon (2 IDLE connections): RSS {:.1} MB, peak {:.1} MB",
        field("VmRSS:"),
        field("VmHWM:")
    );
    // Where it goes: heap and stacks (anon) vs the mapped binary and
    // libraries (file); each thread may hold a malloc arena of its own.
    let threads = status
        .lines()
        .find(|l| l.starts_with("Threads:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?");
    println!(
        "    of which anon {:.1} MB, file {:.1} MB; {threads} threads",
        field("RssAnon:"),
        field("RssFile:")
    );
    // IMAP_BENCH_HOLD=N: keep the idle daemon N s for a profiler
    // (`heaptrack -p`, `gdb -p`, /proc/PID/smaps).
    if let Some(secs) = std::env::var("IMAP_BENCH_HOLD")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        println!("    holding pid {} for {secs} s", w.child.id());
        std::thread::sleep(Duration::from_secs(secs));
    }
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

/// `optout object` with stdout piped: each line with the instant it came.
fn spawn_object(s: &Setup) -> (std::process::Child, mpsc::Receiver<(Instant, String)>) {
    let mut child = s
        .command_for(&[
            "object",
            "fb",
            "--no-browser",
            "--lang",
            "en",
            "--timeout",
            "60s",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send((Instant::now(), line));
        }
    });
    (child, rx)
}

fn object_push() {
    let rounds: usize = 20;
    println!("\n(c) APPEND to Junk → code line printed by `optout object`; {rounds} runs each");
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let (tx, rx_junk) = mpsc::channel();
    bare_idle(d.imap_port, "Junk", tx);
    std::thread::sleep(Duration::from_millis(500));
    let mut code = 20_000_000;
    for daemon in [false, true] {
        let watch = daemon.then(|| {
            let mut w = s.spawn_watch();
            w.wait_log(30, &[" IDLE", "folder=Junk"], 1);
            w
        });
        let db = daemon.then(|| {
            rusqlite::Connection::open_with_flags(
                s.db(),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap()
        });
        let (mut bare, mut printed, mut committed) = (vec![], vec![], vec![]);
        for _ in 0..rounds {
            code += 1;
            let code_s = code.to_string();
            let (mut child, lines) = spawn_object(&s);
            let ready = if daemon {
                "via optout watch"
            } else {
                "Junk ✓ IDLE"
            };
            loop {
                let (_, l) = lines
                    .recv_timeout(Duration::from_secs(30))
                    .expect("object is ready");
                if l.contains(ready) {
                    break;
                }
            }
            // Let the own watcher reach IDLE (its status comes from the survey).
            std::thread::sleep(Duration::from_millis(1000));
            while rx_junk.try_recv().is_ok() {}
            let before = db.as_ref().map(events);
            let t0 = Instant::now();
            c.append("Junk", &code_mail(&code_s));
            let b = rx_junk
                .recv_timeout(Duration::from_secs(10))
                .expect("EXISTS");
            if let (Some(db), Some(before)) = (&db, before) {
                while events(db) <= before {
                    assert!(t0.elapsed() < Duration::from_secs(10), "never committed");
                    std::thread::sleep(Duration::from_millis(1));
                }
                committed.push(t0.elapsed().as_secs_f64() * 1e3);
            }
            let p = loop {
                let (at, l) = lines
                    .recv_timeout(Duration::from_secs(10))
                    .expect("the code line");
                if l.contains(&code_s) {
                    break at;
                }
            };
            bare.push((b - t0).as_secs_f64() * 1e3);
            printed.push((p - t0).as_secs_f64() * 1e3);
            let _ = child.wait();
        }
        println!(
            "  {}:",
            if daemon {
                "with optout watch running"
            } else {
                "without a daemon"
            }
        );
        summary("bare IDLE client (EXISTS seen)", bare.clone());
        summary("object (code line printed)", printed.clone());
        summary(
            "object − bare, per mail",
            printed.iter().zip(&bare).map(|(p, b)| p - b).collect(),
        );
        if daemon {
            summary("daemon (observation committed)", committed.clone());
            summary(
                "object printed − daemon committed",
                printed.iter().zip(&committed).map(|(p, c)| p - c).collect(),
            );
        }
        if let Some(w) = watch {
            let (code, _) = w.terminate();
            assert_eq!(code, Some(0));
        }
    }
}

/// One message file, named as Dovecot names the mail it delivers: with its
/// size and its CRLF size (`,S=…,W=…`), which Dovecot reads RFC822.SIZE
/// from instead of opening the file.
fn write_maildir(dir: &Path, name: &str, mail: &[u8], arrived: SystemTime) {
    let bare_lf = mail
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && (i == 0 || mail[i - 1] != b'\r'))
        .count();
    let base = name.strip_suffix(":2,").unwrap_or(name);
    let name = format!("{base},S={},W={}:2,", mail.len(), mail.len() + bare_lf);
    let path = dir.join(name);
    std::fs::write(&path, mail).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(arrived).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

fn filler(n: usize) -> Vec<u8> {
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
        .repeat(20);
    format!(
        "Return-Path: <news{m}@shop{m}.example>\r\nReceived: from mx.shop{m}.example by mx.example.net; Mon, 1 Jan 2024 10:00:00 +0000\r\n\
From: Shop {m} <news{m}@shop{m}.example>\r\nTo: max@example.org\r\nSubject: Angebot der Woche {n}\r\n\
Message-ID: <n{n}@shop{m}.example>\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        m = n % 97
    )
    .into_bytes()
}

fn first_sync() {
    let total: usize = std::env::var("IMAP_BENCH_MAILS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!(
        "\n(b) first sync: {total} ordinary mails in INBOX (arrival dates spread over two years),"
    );
    println!("    100 provider mails mixed in (80 INBOX, 20 Junk, within the last 60 days); lookback 90d");
    // Signed as Meta signs them, the key served by a real dnsmasq: the
    // sync checks DKIM here, as it would at a person's (one selector, so
    // one DNS query for the whole run).
    let key = common::dkim::TestKey::generate("facebookmail.com", "s2048-bench");
    let dns = common::dnsmasq::Dnsmasq::start(&[key.record()]);
    let mut d = Dovecot::start();
    // Let Dovecot create the Maildir (owned by its mail user), then fill it
    // directly while it is stopped.
    Client::connect(d.imap_port, "max", "secret").ok("STATUS Junk (MESSAGES)");
    d.stop();
    let t = Instant::now();
    let now = SystemTime::now();
    let day = Duration::from_secs(86_400);
    let inbox = d.path("mail/max/Maildir/cur");
    let junk = d.path("mail/max/Maildir/.Junk/cur");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(&junk).unwrap();
    let mut provider = 0;
    let mut bytes = 0;
    for n in 0..total {
        let arrived =
            now - day * ((n * 7919) % 730) as u32 - Duration::from_secs(n as u64 % 86_000);
        let mail = filler(n);
        bytes += mail.len();
        write_maildir(
            &inbox,
            &format!("{}.M{n}P1.bench:2,", 1_600_000_000 + n),
            &mail,
            arrived,
        );
        if n % (total / 80).max(1) == 0 && provider < 80 {
            let mail = key.sign(&meta_mail(
                &format!("bench-{provider}"),
                &format!("{} ist dein Bestätigungscode", 20_000_000 + provider),
                &format!("Dein Code: {}", 20_000_000 + provider),
            ));
            let arrived = now - day * (provider as u32 % 60);
            write_maildir(
                &inbox,
                &format!("{}.M{n}P2.bench:2,", 1_600_000_000 + n),
                &mail,
                arrived,
            );
            provider += 1;
        }
    }
    for j in 0..20 {
        let mail = key.sign(&meta_mail(
            &format!("bench-junk-{j}"),
            "Deine Anfrage",
            "Danke für deine Nachricht an Meta. Wir werden deine Anfrage so bald wie möglich prüfen.",
        ));
        write_maildir(
            &junk,
            &format!("{}.M{j}P3.bench:2,", 1_700_000_000 + j),
            &mail,
            now - day * j,
        );
    }
    println!(
        "    built in {:.1} s ({:.0} MB of mail)",
        t.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );
    d.restart();
    // The server indexes the folder once, and a mail client opens it once
    // (flags of every message): a real server has done both long ago.
    // Without this the first EXAMINE after the maildir was filled behind
    // Dovecot's back pays seconds of one-time index building.
    let t = Instant::now();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.ok("STATUS INBOX (MESSAGES UIDNEXT)");
    c.ok("STATUS Junk (MESSAGES)");
    c.logout();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.ok("EXAMINE INBOX");
    c.ok("FETCH 1:* (FLAGS)");
    c.logout();
    println!(
        "    Dovecot indexed it in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The floor: the same search from a bare client, with Dovecot's header
    // cache cold, as Dovecot itself times it. Then the cache is dropped so
    // that optout's first run starts as cold.
    let query = optout::imap::sync::first_sync_query(
        (chrono::Utc::now() - chrono::Duration::days(90)).date_naive(),
        &optout::classify::Classifier::builtin().sender_domains(),
    );
    let bare_search = |d: &Dovecot| {
        let mut c = Client::connect(d.imap_port, "max", "secret");
        c.ok("EXAMINE INBOX");
        let t = Instant::now();
        let (_, status) = c.command(format!("UID SEARCH {query}").as_bytes(), None);
        let wall = t.elapsed().as_secs_f64();
        c.logout();
        (wall, status)
    };
    let (wall, said) = bare_search(&d);
    println!(
        "  bare client, the same UID SEARCH in INBOX (cold): {wall:.2} s ({})",
        said.trim()
    );
    d.stop();
    std::fs::remove_file(d.path("mail/max/Maildir/dovecot.index.cache")).unwrap();
    d.restart();

    // IMAP_BENCH_COMPARE=PATH: also run another optout binary (an older
    // build) the same way in the same run, each from a cold server cache,
    // so that both see the same machine.
    let mut binaries = vec![std::path::PathBuf::from(env!("CARGO_BIN_EXE_optout"))];
    binaries.extend(std::env::var_os("IMAP_BENCH_COMPARE").map(Into::into));
    let mut opt_bytes = 0;
    for (i, binary) in binaries.iter().enumerate() {
        if i > 0 {
            d.stop();
            std::fs::remove_file(d.path("mail/max/Maildir/dovecot.index.cache")).unwrap();
            d.restart();
        }
        println!("  {}:", binary.display());
        for run in ["cold", "warm"] {
            let bytes = first_sync_run(&d, binary, run, &dns);
            if i == 0 {
                opt_bytes = bytes;
            }
        }
    }
    let (wall, said) = bare_search(&d);
    println!(
        "  bare client, the same UID SEARCH in INBOX (warm): {wall:.2} s ({})",
        said.trim()
    );
    let from = d.log().len();
    let t = Instant::now();
    let naive_read = naive_download(d.imap_port);
    let naive_wall = t.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    let naive_bytes = d.sessions_out(from).iter().sum::<u64>();

    println!("  naive client (FETCH BODY.PEEK[] of all): {:.2} s, server sent {:.1} MB (client read {:.1} MB)",
        naive_wall.as_secs_f64(), naive_bytes as f64 / 1e6, naive_read as f64 / 1e6);
    println!(
        "  bytes: naive / optout = {:.0}×",
        naive_bytes as f64 / opt_bytes.max(1) as f64
    );
}

/// One `optout watch --once` from an empty store; returns the bytes the server sent.
fn first_sync_run(d: &Dovecot, binary: &Path, run: &str, dns: &common::dnsmasq::Dnsmasq) -> u64 {
    let asked = dns.txt_queries().len();
    let s = Setup::new(d, "lookback = \"90d\"");
    let from = d.log().len();
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary)
        .arg("--config")
        .arg(s.config())
        .args(["watch", "--once"])
        .env("OPTOUT_TEST_PASSWORD", "secret")
        .env("RUST_LOG", "optout=warn")
        .env("OPTOUT_DNS_SERVER", dns.addr())
        .output()
        .unwrap();
    let wall = t.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let rss_kb: f64 = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    // optout's own CPU, apart from waiting for the server.
    let cpu: f64 = ["User time (seconds):", "System time (seconds):"]
        .iter()
        .filter_map(|k| {
            err.lines()
                .find_map(|l| l.trim().strip_prefix(k))
                .and_then(|v| v.trim().parse::<f64>().ok())
        })
        .sum();
    std::thread::sleep(Duration::from_millis(300));
    let opt_bytes = d.sessions_out(from).iter().sum::<u64>();
    let found = s.mail_events().len();
    let queries = dns.txt_queries().len() - asked;

    println!("  optout watch --once ({run} server cache): {found}/100 provider mails found, {:.2} s (CPU {cpu:.2} s), peak RSS {:.1} MB, server sent {:.1} KB, {queries} DNS queries",
        wall.as_secs_f64(), rss_kb / 1024.0, opt_bytes as f64 / 1e3);
    opt_bytes
}

/// Download every message of INBOX and Junk; returns the bytes read.
fn naive_download(port: u16) -> u64 {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut w = s.try_clone().unwrap();
    let mut r = BufReader::with_capacity(1 << 16, s);
    let mut total = 0u64;
    let mut read_until_tag = |r: &mut BufReader<TcpStream>, tag: &str| {
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = r.read_until(b'\n', &mut line).unwrap();
            assert!(n > 0, "connection closed");
            total += n as u64;
            // A literal {N}: read N bytes.
            if let Some(open) = line.iter().rposition(|&b| b == b'{') {
                let inner = &line[open + 1..line.len().saturating_sub(3).max(open + 1)];
                if let Ok(len) = std::str::from_utf8(inner).unwrap_or("x").parse::<u64>() {
                    if line.ends_with(b"}\r\n") {
                        let mut buf = vec![0; len as usize];
                        r.read_exact(&mut buf).unwrap();
                        total += len;
                        continue;
                    }
                }
            }
            if line.starts_with(tag.as_bytes()) {
                return;
            }
        }
    };
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    for (tag, cmd) in [
        ("a ", "a LOGIN max secret"),
        ("b ", "b EXAMINE INBOX"),
        ("c ", "c UID FETCH 1:* BODY.PEEK[]"),
        ("d ", "d EXAMINE Junk"),
        ("e ", "e UID FETCH 1:* BODY.PEEK[]"),
        ("f ", "f LOGOUT"),
    ] {
        w.write_all(format!("{cmd}\r\n").as_bytes()).unwrap();
        read_until_tag(&mut r, tag);
    }
    total
}
