//! Built-in OAuth2 end to end, with real components only: `optout login`
//! against a local authorization server (the npm oauth2-mock-server),
//! the test playing the browser; the tokens in a real gnome-keyring; then
//! `watch --once` logging in to a real Dovecot whose `oauth2` passdb asks
//! that server (token introspection), with XOAUTH2 and OAUTHBEARER.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::keyring::Keyring;
use common::oauth2::{play_browser, AuthServer};
use common::optout::{code_mail, Setup};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Output, Stdio};

struct World {
    auth: AuthServer,
    dovecot: Dovecot,
    keyring: Keyring,
    setup: Setup,
}

fn world(ttl_secs: u64, mechanism: &str) -> World {
    let auth = AuthServer::start(ttl_secs, "max");
    let dovecot = Dovecot::start_oauth2(&auth.url("/introspect"));
    let keyring = Keyring::start();
    let setup = Setup::new(&dovecot, "");
    setup.sign_in_with_oauth2(&auth.mailbox_lines(), mechanism);
    World {
        auth,
        dovecot,
        keyring,
        setup,
    }
}

impl World {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = self.setup.command_for(args);
        c.env_remove("OPTOUT_TEST_PASSWORD")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        for (k, v) in self.keyring.env() {
            c.env(k, v);
        }
        c
    }

    fn ok(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "optout {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `optout login local --no-browser`, the test as the browser.
    /// Returns login's output and the page the browser was shown.
    fn login(&self) -> (String, String) {
        let mut child = self
            .command(&["login", "local", "--no-browser"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut seen = String::new();
        let url = loop {
            let mut line = String::new();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "no URL in: {seen}"
            );
            seen.push_str(&line);
            let authorize = self.auth.url("/authorize");
            if line.trim().starts_with(&authorize) {
                break line.trim().to_owned();
            }
        };
        let page = play_browser(&url);
        stdout.read_to_string(&mut seen).unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "login: {seen}\n{stderr}");
        (seen, page)
    }

    fn refreshes(&self) -> i64 {
        self.auth.stats()["refresh_token"].as_i64().unwrap()
    }

    fn code_found(&self, code: &str) {
        let mut c = Client::connect(self.dovecot.imap_port, "max", "secret");
        c.append("Junk", &code_mail(code));
        self.ok(&["expect-code", "fb"]);
        self.ok(&["watch", "--once"]);
        let out = self.ok(&["status", "--json"]);
        let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(st[0]["code"], code, "{st}");
    }
}

#[test]
fn login_through_the_browser_then_watch_signs_in_with_xoauth2() {
    let w = world(3600, "xoauth2");
    let (out, page) = w.login();
    assert!(
        out.contains("Open this address in your browser and sign in to 127.0.0.1:"),
        "{out}"
    );
    assert!(page.contains("Signed in. You can close this tab"), "{page}");
    assert!(
        out.contains(
            "Signed in to 127.0.0.1 as max. The refresh token is in the keyring (Secret Service)"
        ),
        "{out}"
    );
    assert_eq!(
        w.auth.stats()["authorization_code"],
        1,
        "one code exchanged (PKCE checked)"
    );
    assert_eq!(w.keyring.items("optout-oauth2").len(), 1);
    let cfg = std::fs::read_to_string(w.setup.config()).unwrap();
    assert!(
        cfg.contains("# signs in with OAuth2\noauth2 = true"),
        "{cfg}"
    );
    assert!(cfg.contains("folders = [\"INBOX\", \"Junk\"]"), "{cfg}");
    // No token in the file: the access tokens are JWTs ("eyJ…"), the
    // refresh tokens UUIDs.
    let uuid_like = cfg
        .split(['"', ' ', '\n'])
        .any(|w| w.len() == 36 && w.chars().filter(|c| *c == '-').count() == 4);
    assert!(
        !cfg.contains("eyJ") && !uuid_like,
        "no token in the file: {cfg}"
    );

    w.code_found("27182818");
    assert!(
        w.dovecot.log().contains("method=XOAUTH2"),
        "{}",
        w.dovecot.log()
    );
    // The access token from the sign-in was still good: no refresh.
    assert_eq!(w.refreshes(), 0);

    // The server stops accepting it (revoked): AUTHENTICATIONFAILED, one
    // refresh, logged in, without the person.
    w.auth.revoke_access();
    w.ok(&["watch", "--once"]);
    assert_eq!(w.refreshes(), 1);
    // `check` too, and it says how the mailbox signs in.
    w.auth.revoke_access();
    let out = w.ok(&["check"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("OAuth2 (optout login)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(w.refreshes(), 2);
    assert!(w.auth.stats()["introspect_inactive"].as_i64().unwrap() >= 1);
}

#[test]
fn an_expired_access_token_is_refreshed_and_oauthbearer_works() {
    let w = world(2, "oauthbearer");
    w.login();
    // Past the token's lifetime: the next run renews it by itself.
    std::thread::sleep(std::time::Duration::from_secs(3));
    w.code_found("16180339");
    assert!(w.refreshes() >= 1, "{}", w.auth.stats());
    assert!(
        w.dovecot.log().contains("method=OAUTHBEARER"),
        "{}",
        w.dovecot.log()
    );
    // And again, with the rotated refresh token.
    std::thread::sleep(std::time::Duration::from_secs(3));
    let before = w.refreshes();
    w.ok(&["watch", "--once"]);
    assert!(w.refreshes() > before, "{}", w.auth.stats());
    assert_eq!(w.auth.stats()["refused"], 0, "{}", w.auth.stats());
}

#[test]
fn gmail_without_a_client_id_says_how_to_get_one() {
    let s = Setup::with_mailbox("host = \"imap.gmail.com\"\n");
    let cfg = std::fs::read_to_string(s.config())
        .unwrap()
        .replace("password_env = \"OPTOUT_TEST_PASSWORD\"", "oauth2 = true");
    std::fs::write(s.config(), cfg).unwrap();
    let out = s
        .command_for(&["login", "local"])
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("signing in to Google (Gmail) with OAuth2 needs a client id")
            && err.contains("oauth2_client_id = \"…\"")
            && err.contains("console.cloud.google.com")
            && err.contains("`optout login local --password`")
            && err.contains("oauth2_token_cmd"),
        "{err}"
    );
}
