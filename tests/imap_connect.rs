//! Connecting: IMAPS with a private CA, STARTTLS, XOAUTH2 on a server that
//! lacks it, and `optout check`.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, Setup};

fn tls_setup(d: &Dovecot, host: &str, port: u16, tls: &str, ca: bool) -> Setup {
    let ca = if ca {
        format!("ca_file = \"{}\"\n", d.ca_file().display())
    } else {
        String::new()
    };
    Setup::with_mailbox(&format!(
        "host = \"{host}\"\nport = {port}\ntls = \"{tls}\"\n{ca}"
    ))
}

#[test]
fn imaps_with_a_private_ca_is_refused_without_ca_file_and_accepted_with_it() {
    let d = Dovecot::start();
    Client::connect(d.imap_port, "max", "secret").append("Junk", &code_mail("606060"));
    let s = tls_setup(&d, "localhost", d.imaps_port, "implicit", false);
    let out = s.run(&["watch", "--once"], "secret");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.trim().lines().last().unwrap();
    assert!(
        last.contains("local") && last.contains("TLS") && last.contains("certificate"),
        "{err}"
    );
    let s = tls_setup(&d, "localhost", d.imaps_port, "implicit", true);
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "606060");
}

#[test]
fn starttls_upgrades_the_plain_port() {
    let d = Dovecot::start();
    Client::connect(d.imap_port, "max", "secret").append("INBOX", &code_mail("707070"));
    let s = tls_setup(&d, "127.0.0.1", d.imap_port, "starttls", true);
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "707070");
    // The login went over TLS: Dovecot logs the session as TLS.
    assert!(d.log().contains("TLS"), "{}", d.log());
}

#[test]
fn xoauth2_on_a_server_without_it_says_so() {
    let d = Dovecot::start();
    let s = Setup::with_mailbox(&format!(
        "host = \"127.0.0.1\"\nport = {}\ntls = \"none\"\noauth2_token_cmd = \"echo token123\"",
        d.imap_port
    ));
    let cfg = std::fs::read_to_string(s.config())
        .unwrap()
        .replace("password_env = \"OPTOUT_TEST_PASSWORD\"\n", "");
    std::fs::write(s.config(), cfg).unwrap();
    let out = s.run(&["watch", "--once"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not offer AUTH=XOAUTH2"), "{err}");
    assert!(!err.contains("token123"), "the token never shows: {err}");
}

#[test]
fn check_shows_folders_capabilities_and_idle_or_polling() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let out = s.ok(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("login: ok"), "{text}");
    assert!(
        text.contains("IDLE") && text.contains("SPECIAL-USE"),
        "{text}"
    );
    assert!(text.contains("folder INBOX: IDLE"), "{text}");
    assert!(text.contains("folder Junk (spam): IDLE"), "{text}");
    // A budget of one connection: both folders polled on it.
    let s1 = Setup::new(&d, "connections = 1");
    let text = String::from_utf8_lossy(&s1.ok(&["check"]).stdout).into_owned();
    assert!(text.contains("folder Junk (spam): polled every"), "{text}");
    // A wrong password: the mailbox is named, exit 1.
    let out = s.run(&["check"], "wrong");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("login: FAILED"), "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("mailbox failed: local"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
