//! `optout login` with a password, against a real Dovecot and a real
//! Secret Service (gnome-keyring-daemon on a private session bus).

mod common;
use common::bus::{socket_that_does_not_exist, Bus};
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::keyring::Keyring;
use common::optout::{code_mail, Setup};
use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `optout ARGS` with `stdin` piped in, the keyring's bus in its
/// environment, and no password variable.
fn run(s: &Setup, args: &[&str], stdin: &str, env: &[(&str, String)]) -> Output {
    let mut c: Command = s.command_for(args);
    c.env_remove("OPTOUT_TEST_PASSWORD")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_password_goes_into_the_keyring_and_watch_reads_it_from_there() {
    let d = Dovecot::start();
    let k = Keyring::start();
    let s = Setup::new(&d, "");
    let out = run(
        &s,
        &["login", "local", "--password-stdin"],
        "secret\n",
        &k.env(),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(
            "Signed in to 127.0.0.1 as max. The password is in the keyring (Secret Service)"
        ),
        "{stdout}"
    );
    // The spam folder found on the server is named in the file now.
    assert!(stdout.contains("Junk"), "{stdout}");
    let cfg = std::fs::read_to_string(s.config()).unwrap();
    assert!(cfg.contains("password_keyring = true"), "{cfg}");
    assert!(
        !cfg.contains("password_env") && !cfg.contains("secret"),
        "no other source, no secret in the file: {cfg}"
    );
    assert!(cfg.contains("folders = [\"INBOX\", \"Junk\"]"), "{cfg}");
    assert!(!stdout.contains("secret") && !stderr.contains("secret"));
    assert_eq!(k.items("optout").len(), 1, "one entry in the keyring");

    // watch finds the mail, the password from the keyring only.
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("Junk", &code_mail("31415926"));
    let out = run(&s, &["expect-code", "fb"], "", &k.env());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&s, &["watch", "--once"], "", &k.env());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&s, &["status", "--json"], "", &k.env());
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st[0]["code"], "31415926", "{st}");
    // check says where the password comes from.
    let out = run(&s, &["check"], "", &k.env());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("password from the keyring"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_wrong_password_is_refused_with_the_remedy_and_nothing_is_stored() {
    let d = Dovecot::start();
    let k = Keyring::start();
    let s = Setup::new(&d, "");
    let before = std::fs::read_to_string(s.config()).unwrap();
    let out = run(
        &s,
        &["login", "local", "--password-stdin"],
        "wrong\n",
        &k.env(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("The server refused the password for max (mailbox \"local\").")
            && stderr.contains("Check user and password (`optout login local` stores a new one)")
            && stderr.contains("Nothing was stored, and the config is unchanged."),
        "{stderr}"
    );
    assert!(
        !stderr.contains("wrong"),
        "the password never shows: {stderr}"
    );
    assert!(k.items("optout").is_empty(), "nothing in the keyring");
    assert_eq!(std::fs::read_to_string(s.config()).unwrap(), before);
}

#[test]
fn without_a_secret_service_login_names_the_alternatives() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let before = std::fs::read_to_string(s.config()).unwrap();
    // A bus nobody offers a Secret Service on, and no bus at all.
    let bus = Bus::start();
    let nowhere = format!("unix:path={}", socket_that_does_not_exist().display());
    for address in [bus.address.clone(), nowhere] {
        let env = [("DBUS_SESSION_BUS_ADDRESS", address.clone())];
        let out = run(
            &s,
            &["login", "local", "--password-stdin"],
            "secret\n",
            &env,
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{address}: {stderr}");
        assert!(
            stderr
                .contains("No keyring is available here. On a computer without a desktop session")
                && stderr.contains("password_env = \"VARIABLE\"")
                && stderr.contains("password_cmd = \"COMMAND\"")
                && stderr.contains("(chmod 600)"),
            "{address}: {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "one message: {stderr}");
        assert_eq!(std::fs::read_to_string(s.config()).unwrap(), before);
    }
    // In German, by the locale.
    let env = [
        ("DBUS_SESSION_BUS_ADDRESS", bus.address.clone()),
        ("LC_ALL", "de_DE.UTF-8".to_owned()),
    ];
    let out = run(
        &s,
        &["login", "local", "--password-stdin"],
        "secret\n",
        &env,
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Hier ist kein Schlüsselbund erreichbar") && stderr.contains("chmod 600"),
        "{stderr}"
    );
}

#[test]
fn a_mailbox_reading_an_empty_keyring_says_to_log_in() {
    let d = Dovecot::start();
    let k = Keyring::start();
    let s = Setup::new(&d, "");
    let cfg = std::fs::read_to_string(s.config()).unwrap().replace(
        "password_env = \"OPTOUT_TEST_PASSWORD\"",
        "password_keyring = true",
    );
    std::fs::write(s.config(), cfg).unwrap();
    let out = run(&s, &["watch", "--once"], "", &k.env());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("The keyring holds no password for mailbox \"local\" (max@127.0.0.1): store it with `optout login local`."),
        "{stderr}"
    );
}

#[test]
fn on_a_terminal_the_password_is_asked_for_without_echo() {
    let d = Dovecot::start();
    let k = Keyring::start();
    let s = Setup::new(&d, "");
    let env: Vec<String> = k.env().iter().map(|(n, v)| format!("{n}={v}")).collect();
    let cmd = format!(
        "env -u OPTOUT_TEST_PASSWORD LANG=C.UTF-8 OPTOUT_DNS_SERVER=off {} {} --config {} login local; echo EXIT=$?; sleep 60",
        env.join(" "),
        env!("CARGO_BIN_EXE_optout"),
        s.config().display()
    );
    let t = common::tmux::Tmux::start("login", &cmd);
    t.wait_for(
        "Password for max at 127.0.0.1 (not shown):",
        std::time::Duration::from_secs(20),
    );
    t.type_line("secret");
    let screen = t.wait_for("EXIT=", std::time::Duration::from_secs(30));
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("Signed in to 127.0.0.1 as max."),
        "{screen}"
    );
    assert!(
        !screen.contains("secret"),
        "the typed password is not shown:\n{screen}"
    );
    assert_eq!(k.items("optout").len(), 1);
}
