//! One owner of the store: while another program holds the database's
//! write lock (here a plain SQLite connection in `BEGIN IMMEDIATE`, as a
//! long CLI `mark` would), the running `optout watch` still receives IDLE
//! pushes in every folder and still answers SIGTERM; what it fetched is
//! committed as soon as the lock goes (or fetched again at the next start).

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, code_mail, receipt_mail, wait_until, Setup};
use std::time::Duration;

/// Mail events, read without taking any lock (WAL readers never wait).
fn mail_events(db: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = db
        .prepare("SELECT message_id, folder FROM event WHERE message_id IS NOT NULL ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn idle_pushes_and_sigterm_go_on_while_another_process_holds_the_write_lock() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "poll_interval = \"1h\"");
    let mut w = s.spawn_watch();
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    w.wait_log(20, &[" IDLE", "folder=Junk"], 1);
    let reader =
        rusqlite::Connection::open_with_flags(s.db(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut c = Client::connect(d.imap_port, "max", "secret");

    let locker = rusqlite::Connection::open(s.db()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    c.append("INBOX", &receipt_mail("locked"));
    let fetched = ["fetched; handing the batch to the store"];
    w.wait_log(20, &[fetched[0], "folder=INBOX"], 1);
    // INBOX's batch waits for the lock; Junk's IDLE still gets its push.
    c.append("Junk", &code_mail("424242"));
    w.wait_log(20, &[fetched[0], "folder=Junk"], 1);
    w.wait_log(20, &["the database is locked by another program"], 1);
    assert!(mail_events(&reader).is_empty(), "nothing committed yet");

    locker.execute_batch("COMMIT").unwrap();
    wait_until(20, "both mails committed once the lock went", || {
        mail_events(&reader).len() == 2
    });
    let events = mail_events(&reader);
    assert!(events.contains(&("<receipt-locked@facebookmail.com>".into(), "INBOX".into())));
    assert!(events.contains(&("<code-424242@facebookmail.com>".into(), "Junk".into())));

    // Locked again, a mail fetched and waiting: SIGTERM still ends the
    // daemon at once, cleanly; the mail is not lost but fetched again.
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    c.append("INBOX", &accepted_mail("locked"));
    w.wait_log(20, &[fetched[0], "folder=INBOX"], 2);
    let (code, took) = w.terminate();
    eprintln!("SIGTERM with a batch waiting for the lock: exit after {took:?}");
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(5), "exit took {took:?}");
    assert_eq!(mail_events(&reader).len(), 2);
    locker.execute_batch("COMMIT").unwrap();

    let mut w = s.spawn_watch();
    wait_until(20, "the acceptance fetched again after the restart", || {
        mail_events(&reader).len() == 3
    });
    w.wait_log(20, &[" IDLE", "folder=INBOX"], 1);
    assert_eq!(s.status()[0]["state"], "accepted");
    let (code, _) = w.terminate();
    assert_eq!(code, Some(0));
}
