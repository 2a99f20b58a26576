//! Connecting: IMAPS with a private CA, STARTTLS, XOAUTH2 on a server that
//! lacks it, and `optout check`.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{code_mail, ordinary_mail, Setup};

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
    // The spam folder found on the server is now named in the file, once.
    assert!(
        text.contains("The spam folder on the server is \"Junk\": written into"),
        "{text}"
    );
    let cfg = optout::config::Config::load(&s.config()).unwrap();
    assert_eq!(
        cfg.mailboxes[0].folders.as_deref(),
        Some(&["INBOX".to_owned(), "Junk".to_owned()][..])
    );
    let again = String::from_utf8_lossy(&s.ok(&["check"]).stdout).into_owned();
    assert!(!again.contains("written into"), "{again}");
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

#[test]
fn check_json_shows_capabilities_and_how_each_folder_is_watched() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let json = |s: &Setup, password: &str| {
        let out = s.run(&["check", "--json"], password);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        (out.status.code(), v)
    };
    let (code, v) = json(&s, "secret");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["config"], s.config().to_str().unwrap());
    assert_eq!(v["ok"], true);
    assert!(v["warnings"].as_array().unwrap().is_empty(), "{v}");
    let m = &v["mailboxes"][0];
    assert_eq!(m["name"], "local");
    assert_eq!(
        (m["ok"].clone(), m["error"].clone()),
        (true.into(), serde_json::Value::Null)
    );
    assert_eq!(m["tls"], "none");
    assert_eq!(m["login_via"], "password_env");
    let caps: Vec<&str> = m["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        caps.contains(&"IDLE") && caps.contains(&"SPECIAL-USE"),
        "{caps:?}"
    );
    assert_eq!(m["idle"], true);
    assert_eq!(
        m["folders"],
        serde_json::json!([
            {"name": "INBOX", "spam": false, "watch": "idle"},
            {"name": "Junk", "spam": true, "watch": "idle"},
        ])
    );
    // The connection warning for sender-domain trust is the mailbox's own.
    assert!(
        m["warnings"][0].as_str().unwrap().contains("sender-domain"),
        "{m}"
    );
    // A budget of one connection: both folders polled on it.
    let s1 = Setup::new(&d, "connections = 1\npoll_interval = \"2m\"");
    let (code, v) = json(&s1, "secret");
    assert_eq!(code, Some(0), "{v}");
    let m = &v["mailboxes"][0];
    assert_eq!(m["poll_interval_secs"], 120);
    let watch: Vec<&str> = m["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["watch"].as_str().unwrap())
        .collect();
    assert_eq!(watch, ["poll", "poll"]);
    // A wrong password: still JSON, the mailbox fails at login, exit 1.
    let (code, v) = json(&s, "wrong");
    assert_eq!(code, Some(1));
    assert_eq!(v["ok"], false);
    let m = &v["mailboxes"][0];
    assert_eq!(
        (m["ok"].clone(), m["failed_step"].clone()),
        (false.into(), "login".into())
    );
    assert!(
        m["error"].as_str().unwrap().contains("login as max failed"),
        "{m}"
    );
    assert_eq!(m["folders"], serde_json::json!([]));
}

/// INBOX mail as the person's server delivers it: its own
/// Authentication-Results on top.
fn delivered(n: usize, authserv: &str) -> Vec<u8> {
    let mut m =
        format!("Authentication-Results: {authserv}; spf=pass smtp.mailfrom=example.org\r\n")
            .into_bytes();
    m.extend(ordinary_mail(n));
    m
}

#[test]
fn check_json_shows_the_authserv_id_of_recent_mail_and_suggests_it() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    c.append("INBOX", &ordinary_mail(0));
    for n in 1..=3 {
        c.append("INBOX", &delivered(n, "mx.test.example"));
    }
    // A header the sender wrote, below the server's: only the topmost counts.
    let mut forged = b"Authentication-Results: mx.test.example; spf=pass\r\n\
Authentication-Results: forged.example; dkim=pass header.d=facebookmail.com\r\n"
        .to_vec();
    forged.extend(ordinary_mail(4));
    c.append("INBOX", &forged);
    c.append("Junk", &delivered(5, "elsewhere.example"));
    let before = c.flags("INBOX");
    let s = Setup::new(&d, "");
    let cfg = std::fs::read_to_string(s.config()).unwrap().replace(
        "trust = \"sender-domain\"",
        "trust = \"authentication-results\"",
    );
    std::fs::write(s.config(), &cfg).unwrap();
    let json = |s: &Setup| -> serde_json::Value {
        let out = s.ok(&["check", "--json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json(&s);
    let m = &v["mailboxes"][0];
    assert_eq!(m["trust"], "authentication-results");
    assert_eq!(
        m["authserv"],
        serde_json::json!({
            "configured": null,
            "mails": 5,
            "with_header": 4,
            "topmost": [{"id": "mx.test.example", "mails": 4}],
            "with_configured": null,
            "error": null,
        }),
        "{m}"
    );
    assert_eq!(m["suggestion"], "authserv_id = \"mx.test.example\"", "{m}");
    assert!(m["warnings"].as_array().unwrap().is_empty(), "{m}");
    // The text output says the same.
    let text = String::from_utf8_lossy(&s.ok(&["check"]).stdout).into_owned();
    assert!(
        text.contains("Authentication-Results: on 4 of the 5 newest INBOX mails; authserv-id of the topmost: mx.test.example (4)"),
        "{text}"
    );
    assert!(
        text.contains("suggestion: add to this [[mailbox]]: authserv_id = \"mx.test.example\""),
        "{text}"
    );
    // Read-only: no flag changed, no \Seen set.
    assert_eq!(c.flags("INBOX"), before);

    // Configured, but with a typo: a warning, and the id to use instead.
    let typo = Setup::new(&d, "authserv_id = \"mx.tset.example\"");
    std::fs::write(
        typo.config(),
        std::fs::read_to_string(typo.config()).unwrap().replace(
            "trust = \"sender-domain\"",
            "trust = \"authentication-results\"",
        ),
    )
    .unwrap();
    let v = json(&typo);
    let m = &v["mailboxes"][0];
    assert_eq!(m["authserv"]["configured"], "mx.tset.example");
    assert_eq!(m["authserv"]["with_configured"], 0);
    assert_eq!(m["suggestion"], "authserv_id = \"mx.test.example\"", "{m}");
    let w = m["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("only 0 of the 5 newest INBOX mails") && w.contains("suspicious"),
        "{w}"
    );

    // Configured right: nothing to say.
    let right = Setup::new(&d, "authserv_id = \"mx.test.example\"");
    std::fs::write(
        right.config(),
        std::fs::read_to_string(right.config()).unwrap().replace(
            "trust = \"sender-domain\"",
            "trust = \"authentication-results\"",
        ),
    )
    .unwrap();
    let v = json(&right);
    let m = &v["mailboxes"][0];
    assert_eq!(m["authserv"]["with_configured"], 4);
    assert_eq!(m["suggestion"], serde_json::Value::Null);
    assert!(m["warnings"].as_array().unwrap().is_empty(), "{m}");
}

#[test]
fn check_warns_when_most_mail_carries_no_authentication_results() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    // Only the newest 20 are looked at: the 25 older ones all had a header.
    for n in 0..25 {
        c.append("INBOX", &delivered(n, "mx.old.example"));
    }
    for n in 25..44 {
        c.append("INBOX", &ordinary_mail(n));
    }
    c.append("INBOX", &delivered(44, "mx.test.example"));
    let s = Setup::new(&d, "");
    std::fs::write(
        s.config(),
        std::fs::read_to_string(s.config()).unwrap().replace(
            "trust = \"sender-domain\"",
            "trust = \"authentication-results\"",
        ),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&s.ok(&["check", "--json"]).stdout).unwrap();
    let m = &v["mailboxes"][0];
    assert_eq!(m["authserv"]["mails"], 20);
    assert_eq!(m["authserv"]["with_header"], 1);
    assert_eq!(
        m["authserv"]["topmost"],
        serde_json::json!([{"id": "mx.test.example", "mails": 1}])
    );
    assert_eq!(m["suggestion"], serde_json::Value::Null);
    let w = m["warnings"][0].as_str().unwrap();
    assert!(
        w.contains("19 of the 20 newest INBOX mails carry no Authentication-Results")
            && w.contains("set authserv_id"),
        "{w}"
    );
}

// Issue 14: the errors that come from the server say, in one sentence,
// what happened and what to do.

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_refused_password_names_the_user_and_what_to_do() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    // `check`: the cause and the remedy under the failed login.
    let out = s.run(&["check"], "wrong");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("The server refused the password for max (mailbox \"local\")."),
        "{text}"
    );
    assert!(
        text.contains("Check user and password (`optout login local` stores a new one), and whether IMAP is enabled for your account."),
        "{text}"
    );
    // `watch --once`: the same sentences on stderr, the password nowhere.
    let out = s.run(&["watch", "--once"], "wrong");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("The server refused the password for max"),
        "{err}"
    );
    assert!(!err.contains("wrong"), "the password never shows: {err}");
}

#[test]
fn implicit_tls_on_the_plain_port_says_use_starttls_or_993() {
    let d = Dovecot::start();
    let s = tls_setup(&d, "127.0.0.1", d.imap_port, "implicit", true);
    let port = d.imap_port;
    for args in [&["check"][..], &["watch", "--once"][..]] {
        let out = s.run(args, "secret");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let all = stdout(&out) + &stderr(&out);
        assert!(
            all.contains(&format!(
                "Port {port} speaks plain IMAP: use tls = \"starttls\", or port 993."
            )),
            "{args:?}: {all}"
        );
    }
}

/// Replace Dovecot's certificate by a self-signed one (its own CA, as
/// self-hosted servers have); returns its SHA-256 fingerprint as openssl
/// prints it.
fn self_signed(d: &mut Dovecot) -> String {
    let tls = d.path("tls");
    let status = std::process::Command::new("openssl")
        .current_dir(&tls)
        .args([
            "req",
            "-x509",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
        ])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    d.restart();
    let fp = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(tls.join("cert.pem"))
        .output()
        .unwrap();
    // "sha256 Fingerprint=AB:CD:…"
    let fp = stdout(&fp);
    fp.trim().rsplit('=').next().unwrap().to_owned()
}

fn same_fingerprint(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace(':', "").to_ascii_lowercase();
    norm(a) == norm(b)
}

#[test]
fn a_self_signed_certificate_is_pinned_by_the_line_check_prints() {
    let mut d = Dovecot::start();
    let want = self_signed(&mut d);
    Client::connect(d.imap_port, "max", "secret").append("INBOX", &code_mail("818181"));
    // Even with ca_file pointing at the certificate itself: a CA
    // certificate is not a server certificate, and the login fails.
    let s = Setup::with_mailbox(&format!(
        "host = \"localhost\"\nport = {}\ntls = \"implicit\"\nca_file = \"{}\"\n",
        d.imaps_port,
        d.path("tls/cert.pem").display()
    ));
    let out = s.run(&["check"], "secret");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("cert_sha256 = \""))
        .unwrap_or_else(|| panic!("no cert_sha256 line in:\n{text}"))
        .to_owned();
    let shown = line
        .trim_start_matches("cert_sha256 = \"")
        .trim_end_matches('"');
    assert!(same_fingerprint(shown, &want), "{shown} vs openssl {want}");
    assert!(
        text.contains(&format!(
            "the server's certificate has the SHA-256 fingerprint {shown}"
        )),
        "{text}"
    );
    // `watch` says the same line in its error.
    let err = stderr(&s.run(&["watch", "--once"], "secret"));
    assert!(err.contains(&line), "{err}");

    // With the line in the [[mailbox]]: the login works, the mail is read.
    let cfg = std::fs::read_to_string(s.config()).unwrap().replace(
        "tls = \"implicit\"\n",
        &format!("tls = \"implicit\"\n{line}\n"),
    );
    std::fs::write(s.config(), cfg).unwrap();
    let text = stdout(&s.ok(&["check"]));
    assert!(text.contains("login: ok"), "{text}");
    assert!(
        text.contains(&format!("certificate: pinned by {line}")),
        "{text}"
    );
    s.ok(&["expect-code", "fb"]);
    s.ok(&["watch", "--once"]);
    assert_eq!(s.status()[0]["code"], "818181");

    // A pin of another certificate is refused, naming the one it got.
    let other = format!("cert_sha256 = \"{}\"", "ab".repeat(32));
    let cfg = std::fs::read_to_string(s.config())
        .unwrap()
        .replace(&line, &other);
    std::fs::write(s.config(), cfg).unwrap();
    let out = s.run(&["check"], "secret");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(&line), "{}", stdout(&out));
}

#[test]
fn a_host_that_does_not_resolve_says_check_the_name() {
    // `.invalid` never resolves (RFC 2606).
    let s = Setup::with_mailbox(
        "host = \"imap.optout-test.invalid\"\nport = 993\ntls = \"implicit\"\n",
    );
    let out = s.run(&["check"], "secret");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("Cannot find the host imap.optout-test.invalid.")
            && text.contains(
                "Check the name (host in the [[mailbox]] \"local\"), or your internet connection."
            ),
        "{text}"
    );
}

#[test]
fn a_password_command_that_fails_silently_says_so() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let cfg = std::fs::read_to_string(s.config()).unwrap().replace(
        "password_env = \"OPTOUT_TEST_PASSWORD\"",
        "password_cmd = \"exit 1\"",
    );
    std::fs::write(s.config(), cfg).unwrap();
    let out = s.run(&["check"], "secret");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("credential: FAILED"), "{text}");
    assert!(text.contains("exited 1 and printed nothing"), "{text}");
}

/// Issue 14, "Done when": the main commands speak the locale's language —
/// German under LANG=de_DE.UTF-8, English under LANG=en_US.UTF-8.
#[test]
fn the_main_commands_speak_german_or_english_by_the_locale() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    let run = |lang: &str, args: &[&str], password: &str| {
        let out = s
            .command_for(args)
            .env("OPTOUT_TEST_PASSWORD", password)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        (out.status.code(), stdout(&out) + &stderr(&out))
    };
    /// The arguments, the password, what German says, what English says.
    type Case = (
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: [Case; 7] = [
        (
            &["--help"],
            "secret",
            &["Befehle:", "Optionen:", "Verwendung:"],
            &["Commands:", "Options:", "Usage:"],
        ),
        (
            &["status"],
            "secret",
            &["KONTO", "STAND", "nicht begonnen"],
            &["ACCOUNT", "STATE", "not started"],
        ),
        (
            &["expect-code", "fb"],
            "secret",
            &["wartet auf den Code", "läuft kein Wächter"],
            &["waiting for the code", "No watcher is running"],
        ),
        (
            &["check"],
            "wrong",
            &[
                "Anmeldung: FEHLER",
                "Der Server hat das Passwort für max abgelehnt",
                "Postfach fehlgeschlagen: local",
            ],
            &[
                "login: FAILED",
                "The server refused the password for max",
                "mailbox failed: local",
            ],
        ),
        (&["log"], "secret", &["Code erwartet"], &["code expected"]),
        (
            &["status", "nobody"],
            "secret",
            &["unbekanntes Konto „nobody“; bekannt sind: fb"],
            &["unknown account \"nobody\"; known: fb"],
        ),
        (
            &[
                "classify",
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/mail/receipt_de.eml"
                ),
            ],
            "secret",
            &["Eingangsbestätigung (Antrag eingegangen)", "vertraut:  ja"],
            &["receipt (request received)", "trusted:  yes"],
        ),
    ];
    for (args, password, de, en) in cases {
        for (lang, want, not) in [("de_DE.UTF-8", de, en), ("en_US.UTF-8", en, de)] {
            let (_, text) = run(lang, args, password);
            for w in want {
                assert!(
                    text.contains(w),
                    "{lang} optout {args:?}: want {w:?} in:\n{text}"
                );
            }
            for n in not {
                assert!(
                    !text.contains(n),
                    "{lang} optout {args:?}: {n:?} in:\n{text}"
                );
            }
        }
    }
    // A config error.
    let cfg = std::fs::read_to_string(s.config()).unwrap();
    let port = format!("port = {}", d.imap_port);
    std::fs::write(s.config(), cfg.replace(&port, "port = \"993\"")).unwrap();
    let (code, de) = run("de_DE.UTF-8", &["status"], "secret");
    assert_eq!(code, Some(2), "{de}");
    assert!(
        de.contains("port muss eine ganze Zahl von 1 bis 65535"),
        "{de}"
    );
    let (code, en) = run("en_US.UTF-8", &["status"], "secret");
    assert_eq!(code, Some(2), "{en}");
    assert!(
        en.contains("port must be a whole number from 1 to 65535"),
        "{en}"
    );
}

#[test]
fn check_reports_a_damaged_database_as_a_failure() {
    let d = Dovecot::start();
    let s = Setup::new(&d, "");
    std::fs::write(s.db(), "not a database, just text\n".repeat(300)).unwrap();
    let out = s.run(&["check"], "secret");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("store:  {} (FAILED)", s.db().display())),
        "{text}"
    );
    assert!(
        text.contains("is damaged or not an optout database. Move it aside (never delete it"),
        "{text}"
    );
    // The mailbox itself is fine, and said so.
    assert!(text.contains("login: ok"), "{text}");
    let v: serde_json::Value =
        serde_json::from_slice(&s.run(&["check", "--json"], "secret").stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(
        v["store_error"]
            .as_str()
            .unwrap()
            .contains("file is not a database"),
        "{v}"
    );
    assert!(std::fs::read_to_string(s.db())
        .unwrap()
        .starts_with("not a database"));
}
