//! The OAuth2 device flow (RFC 8628) end to end, with real components
//! only: `optout login --device` against a real authorization server with
//! a device endpoint (the npm oidc-provider), the test as the person on
//! another device (verification page, code, sign-in, consent); the tokens
//! in a real gnome-keyring; then `watch --once` logging in to a real
//! Dovecot whose `oauth2` passdb asks that server (token introspection)
//! with XOAUTH2.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::keyring::Keyring;
use common::oidc::{play_device, Oidc};
use common::optout::{code_mail, Setup};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Output, Stdio};

fn command(s: &Setup, k: &Keyring, args: &[&str]) -> Command {
    let mut c = s.command_for(args);
    c.env_remove("OPTOUT_TEST_PASSWORD")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    for (name, v) in k.env() {
        c.env(name, v);
    }
    c
}

fn ok(s: &Setup, k: &Keyring, args: &[&str]) -> Output {
    let out = command(s, k, args).output().unwrap();
    assert!(
        out.status.success(),
        "optout {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn device_code_login_then_watch_signs_in_with_xoauth2() {
    let oidc = Oidc::start();
    let dovecot = Dovecot::start_oauth2_as(&oidc.introspection_url(), "sub");
    let keyring = Keyring::start();
    let setup = Setup::new(&dovecot, "");
    setup.sign_in_with_oauth2(&oidc.mailbox_lines(), "xoauth2");

    let mut child = command(&setup, &keyring, &["login", "local", "--device"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    // "On any device, open URL and enter the code CODE (valid for …)."
    let (url, code) = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "no code in: {seen}"
        );
        seen.push_str(&line);
        if let Some(rest) = line.split_once(" open ").map(|(_, r)| r) {
            let (url, rest) = rest.split_once(" and enter the code ").unwrap();
            let code = rest.split_whitespace().next().unwrap();
            break (url.to_owned(), code.to_owned());
        }
    };
    assert_eq!(url, oidc.url("/device"), "{seen}");
    let page = play_device(&url, &code, "max");
    assert!(page.contains("Sign-in Success"), "{page}");
    stdout.read_to_string(&mut seen).unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(child.wait().unwrap().success(), "login: {seen}\n{stderr}");
    assert!(
        seen.contains("Signed in to 127.0.0.1 as max. The refresh token is in the keyring"),
        "{seen}"
    );
    assert_eq!(keyring.items("optout-oauth2").len(), 1);
    let cfg = std::fs::read_to_string(setup.config()).unwrap();
    assert!(!cfg.contains(&code), "{cfg}");

    // watch signs in with the stored tokens, XOAUTH2 checked by Dovecot
    // against the server's introspection.
    let mut c = Client::connect(dovecot.imap_port, "max", "secret");
    c.append("Junk", &code_mail("16180339"));
    ok(&setup, &keyring, &["expect-code", "fb"]);
    ok(&setup, &keyring, &["watch", "--once"]);
    let out = ok(&setup, &keyring, &["status", "--json"]);
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st[0]["code"], "16180339", "{st}");
    let log = dovecot.log();
    assert!(
        log.contains("mech=XOAUTH2") || log.contains("method=XOAUTH2"),
        "Dovecot saw XOAUTH2: {log}"
    );
}
