//! `optout init` on a terminal without --email (tmux as the terminal):
//! the person answers the questions — address, platforms, how to sign in
//! — types the password, and optout signs in as `optout login` does,
//! against the real test Dovecot and a real gnome-keyring. Settings come
//! from an ISPDB served over HTTP; DNS from a real dnsmasq that knows
//! nothing. Deadlines only catch a hang.

mod common;

use common::dnsmasq::Dnsmasq;
use common::dovecot::Dovecot;
use common::http_files::HttpFiles;
use common::imap_client::Client;
use common::keyring::Keyring;
use common::optout::code_mail;
use common::tmux::Tmux;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const HANG: Duration = Duration::from_secs(60);

fn ispdb_entry(port: u16) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example-firma.de">
    <domain>example-firma.de</domain>
    <incomingServer type="imap">
      <hostname>localhost</hostname><port>{port}</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
  </emailProvider>
</clientConfig>"#
    )
}

struct World {
    dovecot: Dovecot,
    keyring: Keyring,
    _ispdb: HttpFiles,
    _dns: Dnsmasq,
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl World {
    fn start(keyring: Keyring) -> World {
        let dovecot = Dovecot::start();
        let ispdb =
            HttpFiles::start(&[("/v1.1/example-firma.de", ispdb_entry(dovecot.imaps_port))]);
        let dns = Dnsmasq::start(&[]);
        let dir = tempfile::tempdir().unwrap();
        let mut env: Vec<(String, String)> = keyring
            .env()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        env.push(("OPTOUT_ISPDB_URL".into(), ispdb.url("/v1.1/")));
        env.push(("OPTOUT_DNS_SERVER".into(), dns.addr()));
        env.push((
            "XDG_DATA_HOME".into(),
            dir.path().join("data").display().to_string(),
        ));
        World {
            dovecot,
            keyring,
            _ispdb: ispdb,
            _dns: dns,
            dir,
            env,
        }
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// `optout --config … ARGS` in tmux, in `lang`; the shell says
    /// EXIT=<code> when it ends.
    fn tmux(&self, name: &str, lang: &str, args: &str) -> Tmux {
        let env: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let cmd = format!(
            "env -u OPTOUT_TEST_PASSWORD -u LC_ALL -u LC_MESSAGES -u RUST_LOG LANG={lang} {} {} --config {} {args}; echo EXIT=$?; sleep 120",
            env.join(" "),
            env!("CARGO_BIN_EXE_optout"),
            self.config().display()
        );
        Tmux::start(name, &cmd)
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_optout"));
        c.arg("--config").arg(self.config()).args(args);
        c.env_remove("OPTOUT_TEST_PASSWORD")
            .env_remove("LC_ALL")
            .env("LANG", "C.UTF-8");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c.output().unwrap()
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ca_arg(d: &Dovecot) -> String {
    format!("init --ca-file {}", Path::new(&d.ca_file()).display())
}

#[test]
fn the_wizard_asks_how_to_sign_in_and_signs_in_with_the_typed_password() {
    let w = World::start(Keyring::start());
    let t = w.tmux("wizard-pw", "C.UTF-8", &ca_arg(&w.dovecot));
    t.wait_for("Your mail address (the one Meta writes to):", HANG);
    t.type_line("Max <max@example-firma.de>");
    t.wait_for("Platforms you object on (", HANG);
    t.type_line("");
    let screen = t.wait_for("Your choice [1]:", HANG);
    assert!(
        screen.contains("How do you want to sign in to max at localhost?")
            && screen.contains("1) type the password now")
            && screen.contains("2) later, with `optout login examplefirma`")
            && screen.contains("3) I set password_env or password_cmd in"),
        "{screen}"
    );
    // The file is written before the question: nothing secret in it.
    let cfg = std::fs::read_to_string(w.config()).unwrap();
    assert!(cfg.contains("password_keyring = true"), "{cfg}");
    t.type_line("");
    t.wait_for("Password for max at localhost (not shown):", HANG);
    t.type_line("secret");
    let screen = t.wait_for("EXIT=", HANG);
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("Signed in to localhost as max. The password is in the keyring")
            && screen.contains("The spam folder on the server is \"Junk\"")
            && screen.contains("Next: `optout object facebook-max`"),
        "{screen}"
    );
    assert!(!screen.contains("secret"), "never shown:\n{screen}");
    assert_eq!(w.keyring.items("optout").len(), 1, "one keyring entry");
    let cfg = std::fs::read_to_string(w.config()).unwrap();
    assert!(
        cfg.contains("password_keyring = true") && !cfg.contains("secret"),
        "{cfg}"
    );
    assert!(cfg.contains("\"Junk\""), "the spam folder written: {cfg}");

    // watch logs in with the password from the keyring alone.
    let mut c = Client::connect(w.dovecot.imap_port, "max", "secret");
    c.append("Junk", &code_mail("27182818"));
    let out = w.run(&["watch", "--once"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = w.run(&["status", "--json"]);
    let st: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Seen in Junk (the mail is unsigned, so it stays a suspicious one:
    // the login is what counts here).
    assert_eq!(
        st[0]["last_event"]["message_id"], "<code-27182818@facebookmail.com>",
        "{st}"
    );
}

#[test]
fn in_german_later_and_myself_leave_the_keyring_alone() {
    let w = World::start(Keyring::start());
    let t = w.tmux("wizard-de", "de_DE.UTF-8", &ca_arg(&w.dovecot));
    t.wait_for("Deine Mail-Adresse", HANG);
    t.type_line("max@example-firma.de");
    t.wait_for("Plattformen", HANG);
    t.type_line("facebook");
    let screen = t.wait_for("Deine Wahl [1]:", HANG);
    assert!(
        screen.contains("Wie willst du dich als max bei localhost anmelden?")
            && screen.contains("1) jetzt das Passwort eintippen"),
        "{screen}"
    );
    t.type_line("7");
    t.wait_for("Bitte antworte mit einer Zahl von 1 bis 3", HANG);
    t.type_line("3");
    let screen = t.wait_for("EXIT=", HANG);
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("Ersetze dann password_keyring = true"),
        "{screen}"
    );
    assert!(w.keyring.items("optout").is_empty());
}

#[test]
fn without_a_keyring_the_wizard_says_so_and_names_the_alternatives() {
    // A session bus on which nobody offers a Secret Service.
    let bus = common::bus::Bus::start();
    let k = Keyring::start();
    let mut w = World::start(k);
    for (name, value) in w.env.iter_mut() {
        if name == "DBUS_SESSION_BUS_ADDRESS" {
            *value = bus.address.clone();
        }
    }
    let t = w.tmux("wizard-nokeyring", "C.UTF-8", &ca_arg(&w.dovecot));
    t.wait_for("Your mail address", HANG);
    t.type_line("max@example-firma.de");
    t.wait_for("Platforms you object on (", HANG);
    t.type_line("");
    let screen = t.wait_for("EXIT=", HANG);
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("No keyring is available here. On a computer without a desktop session")
            && screen.contains("password_env = \"VARIABLE\""),
        "{screen}"
    );
    assert!(
        !screen.contains("Your choice"),
        "nothing to choose:\n{screen}"
    );
    assert!(
        !screen.contains("org.freedesktop"),
        "no D-Bus text:\n{screen}"
    );
}
