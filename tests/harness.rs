//! The test harness itself: Dovecot starts, takes mail, restarts, and a
//! self-signed IMAPS certificate is in place.

mod common;
use common::{dovecot::Dovecot, imap_client::Client};

const MAIL: &[u8] = b"From: a@example.org\r\nTo: max@example.org\r\nSubject: hi\r\nMessage-ID: <h1@example.org>\r\n\r\nhello\r\n";

#[test]
fn dovecot_takes_mail_and_survives_a_restart() {
    let mut d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let list = c.ok("LIST \"\" \"*\"");
    assert!(
        list.iter()
            .any(|l| l.contains("\\Junk") && l.contains("Junk")),
        "{list:?}"
    );
    assert!(list.iter().any(|l| l.contains("Spamverdacht")), "{list:?}");
    let uid = c.append("Junk", MAIL);
    assert_eq!(uid, 1);
    assert_eq!(c.flags("Junk"), vec![(1, String::new())]);
    c.logout();
    d.restart();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    assert_eq!(c.append_with("INBOX", "(\\Seen)", MAIL), 1);
    assert_eq!(c.flags("INBOX"), vec![(1, "\\Seen".to_string())]);
    assert_eq!(c.flags("Junk").len(), 1, "mail survives the restart");
    assert!(d.ca_file().exists());
    assert!(d.log().contains("Logged out"), "{}", d.log());
}
