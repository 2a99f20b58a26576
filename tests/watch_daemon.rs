//! `optout watch` as a daemon (a child process) against a real Dovecot:
//! push via IDLE in INBOX and the spam folder, reconnection after the
//! server restarts, SIGTERM while in IDLE. Deadlines are generous; the
//! assertions are on the store (`log --json`), never on tight timings.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, code_mail, receipt_mail, wait_until, Setup};
use std::time::Duration;

#[test]
fn mail_arriving_while_watch_runs_is_pushed_via_idle_in_inbox_and_spam() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &receipt_mail("before"));
    // Polling every hour: anything seen within seconds came by push.
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    s.ok(&["expect-code", "fb"]);
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    assert_eq!(
        s.mail_events().len(),
        1,
        "the catch-up sync found the receipt"
    );
    let before = (c.flags("INBOX"), c.flags("Junk"));

    c.append("Junk", &code_mail("90817263"));
    wait_until(20, "the code from Junk", || {
        s.mail_events()
            .iter()
            .any(|e| e["code"] == "90817263" && e["folder"] == "Junk")
    });
    c.append("INBOX", &accepted_mail("pushed"));
    wait_until(20, "the acceptance from INBOX", || {
        s.status()[0]["state"] == "accepted"
    });
    assert_eq!(s.mail_events().len(), 3);
    // Nothing is marked \Seen or otherwise changed.
    let after_flags = (c.flags("INBOX"), c.flags("Junk"));
    assert_eq!(before.0, after_flags.0[..before.0.len()]);
    assert!(after_flags
        .0
        .iter()
        .chain(&after_flags.1)
        .all(|(_, f)| !f.contains("Seen")));
    assert!(
        !w.log().iter().any(|l| l.contains("secret")),
        "no password in the log"
    );

    // SIGTERM while both connections are in IDLE: a prompt, clean exit.
    let (code, took) = w.terminate();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(10), "exit took {took:?}");
}

#[test]
fn after_the_server_restarts_every_mail_delivered_meanwhile_is_processed_once() {
    let mut d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &receipt_mail("1"));
    wait_until(20, "the first receipt", || s.mail_events().len() == 1);
    drop(c);

    d.stop();
    // Delivered while the server is down, as an MDA would: into new/.
    for (dir, mail) in [
        ("mail/max/Maildir/new", code_mail("123123")),
        ("mail/max/Maildir/.Junk/new", accepted_mail("2")),
    ] {
        let dir = d.path(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}.M1P1.test", rand_suffix()));
        std::fs::write(&file, mail).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    w.wait_log(20, &["reconnecting in"], 2);
    d.restart();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &receipt_mail("3"));
    wait_until(60, "all four mails after the reconnect", || {
        s.mail_events().len() >= 4
    });
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 2);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 2);
    std::thread::sleep(Duration::from_millis(500));
    let events = s.mail_events();
    let mut ids: Vec<_> = events
        .iter()
        .map(|e| e["message_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "<accepted-2@facebookmail.com>",
            "<code-123123@facebookmail.com>",
            "<receipt-1@facebookmail.com>",
            "<receipt-3@facebookmail.com>"
        ],
        "each once"
    );
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn folders_beyond_the_connection_budget_are_polled() {
    let d = Dovecot::start();
    // One connection for two folders: both polled, every second.
    let s = Setup::new(&d, "connections = 1\npoll_interval = \"1s\"");
    let mut w = s.spawn_watch();
    w.wait_log(20, &["watching", "idle=[]"], 1);
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("818181"));
    c.append("INBOX", &receipt_mail("polled"));
    wait_until(20, "both mails by polling", || s.mail_events().len() == 2);
    assert_eq!(w.count(&[" IDLE", "folder="]), 0, "no IDLE: {:?}", w.log());
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}

#[test]
fn an_unreachable_server_is_retried_with_back_off_and_sigterm_still_exits_promptly() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let s = Setup::with_mailbox(&format!(
        "host = \"127.0.0.1\"\nport = {port}\ntls = \"none\""
    ));
    let mut w = s.spawn_watch();
    w.wait_log(20, &["mailbox \"local\"", "retrying in"], 2);
    std::thread::sleep(Duration::from_secs(3));
    // 1 s, 2 s, 4 s …: a handful of attempts, not a busy loop.
    let attempts = w.count(&["mailbox \"local\"", "retrying in"]);
    assert!(attempts <= 4, "{attempts} attempts: {:?}", w.log());
    let (code, took) = w.terminate();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
}

#[test]
fn sigterm_while_the_first_login_waits_for_a_silent_server_exits_promptly() {
    // Accepts connections (the kernel does, from the backlog) and never
    // greets: the first connect would wait for its whole timeout.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let s = Setup::with_mailbox(&format!(
        "host = \"127.0.0.1\"\nport = {port}\ntls = \"none\""
    ));
    let w = s.spawn_watch();
    std::thread::sleep(Duration::from_secs(2));
    let (code, took) = w.terminate();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    drop(silent);
}
