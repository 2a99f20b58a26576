use super::*;
use crate::secret::command::run_secret_cmd_within;
use crate::text::Lang;
use std::path::{Path, PathBuf};
use std::time::Duration;

const GOOD: &str = r#"
[[mailbox]]
name = "gmx"
host = "imap.gmx.net"
user = "max@gmx.de"
password_cmd = "echo secret"
folders = ["INBOX", "Spamverdacht"]

[[mailbox]]
name = "local"
host = "127.0.0.1"
port = 1143
tls = "none"
user = "max"
password_env = "OPTOUT_TEST_PW"
trust = "sender-domain"
connections = 1
poll_interval = "30s"
lookback = "7d"

[[account]]
id = "fb-max"
platform = "Facebook"
mailbox = "gmx"
address = "Max@GMX.de"

[alerts]
desktop = false
code_timeout = "2s"
reply_timeout = "1h 30m"
language = "en"

[store]
path = "data/optout.db"
"#;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/etc/optout/config.toml"))
}

#[test]
fn parses_a_full_config() {
    let cfg = parse(GOOD).unwrap();
    let gmx = &cfg.mailboxes[0];
    assert_eq!(gmx.port, 993, "implicit TLS defaults to 993");
    assert_eq!(gmx.tls, Tls::Implicit);
    assert_eq!(gmx.connections, 2);
    assert_eq!(gmx.poll_interval, Duration::from_secs(60));
    assert_eq!(gmx.lookback, Duration::from_secs(90 * 86400));
    assert_eq!(gmx.trust, Trust::AuthenticationResults);
    let local = &cfg.mailboxes[1];
    assert_eq!(
        (local.port, local.tls, local.connections),
        (1143, Tls::None, 1)
    );
    assert_eq!(local.trust, Trust::SenderDomain);
    assert_eq!(local.lookback, Duration::from_secs(7 * 86400));
    assert_eq!(cfg.accounts[0].platform, "facebook");
    assert_eq!(cfg.accounts[0].address.as_deref(), Some("max@gmx.de"));
    assert_eq!(cfg.alerts.code_timeout, Duration::from_secs(2));
    assert_eq!(cfg.alerts.reply_timeout, Duration::from_secs(5400));
    assert_eq!(cfg.alerts.language, Some(Lang::En));
    assert!(!cfg.alerts.desktop);
    assert_eq!(
        cfg.store_path(),
        PathBuf::from("/etc/optout/data/optout.db")
    );
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let text = GOOD.replace("password_cmd = \"echo secret\"", "passwort = \"x\"");
    let e = err(&text);
    assert!(e.starts_with("/etc/optout/config.toml:6: "), "{e}");
    assert!(e.contains("passwort"), "{e}");
    assert!(e.contains("password_cmd"), "names the allowed keys: {e}");
}

#[test]
fn bad_duration_names_line_and_key() {
    let e = err(&GOOD.replace("\"1h 30m\"", "\"anderthalb Stunden\""));
    assert!(
        e.starts_with("/etc/optout/config.toml:30: key \"reply_timeout\": "),
        "{e}"
    );
    assert!(e.contains("\"15m\""), "says what is allowed: {e}");
}

#[test]
fn missing_mailbox_names_the_defined_ones() {
    let e = err(&GOOD.replace("mailbox = \"gmx\"", "mailbox = \"gmx2\""));
    assert_eq!(
        e,
        "/etc/optout/config.toml:24: key \"mailbox\": account \"fb-max\": mailbox \"gmx2\" is not defined; defined: gmx, local"
    );
}

#[test]
fn toml_syntax_error_has_a_line() {
    let e = err(&GOOD.replace("name = \"gmx\"", "name = \"gmx"));
    assert!(e.starts_with("/etc/optout/config.toml:3"), "{e}");
}

#[test]
fn plaintext_to_a_remote_host_is_refused() {
    let e = err(&GOOD.replace("host = \"127.0.0.1\"", "host = \"imap.example.org\""));
    // The line of `tls`, not of `host`.
    assert!(
        e.starts_with("/etc/optout/config.toml:13: key \"tls\": mailbox \"local\": "),
        "{e}"
    );
    assert!(e.contains("loopback"), "{e}");
    for ok in ["localhost", "::1", "[::1]", "127.0.0.53"] {
        assert!(is_loopback(ok), "{ok}");
    }
    assert!(!is_loopback("10.0.0.1"));
}

#[test]
fn exactly_one_secret_source() {
    // None: the mailbox's line, and every key that would do.
    let e = err(&GOOD.replace("password_cmd = \"echo secret\"", ""));
    assert!(e.starts_with("/etc/optout/config.toml:2: "), "{e}");
    for key in [
        "password",
        "password_cmd",
        "password_env",
        "oauth2_token_cmd",
    ] {
        assert!(e.contains(key), "names {key}: {e}");
    }
    // Two: the line and key of the second, and the line of the first.
    let e = err(&GOOD
        .replace(
            "password_cmd = \"echo secret\"",
            "password_cmd = \"x\"\nfolders2 = 1",
        )
        .replace("folders2 = 1", "password = \"y\""));
    assert!(
        e.starts_with("/etc/optout/config.toml:7: key \"password\": mailbox \"gmx\": password and password_cmd (line 6) are both given; keep exactly one of"),
        "{e}"
    );
    assert!(!e.contains("\"y\""), "no secret in it: {e}");
    // Two, the other way round (the one written later is named).
    let e = err(&GOOD.replace(
        "password_env = \"OPTOUT_TEST_PW\"",
        "oauth2_token_cmd = \"tok\"\npassword_env = \"OPTOUT_TEST_PW\"",
    ));
    assert!(
        e.starts_with("/etc/optout/config.toml:16: key \"password_env\": mailbox \"local\": password_env and oauth2_token_cmd (line 15)"),
        "{e}"
    );
}

#[test]
fn duplicate_ids_and_bad_values_are_errors() {
    let dup = format!(
        "{GOOD}\n[[account]]\nid = \"fb-max\"\nplatform = \"instagram\"\nmailbox = \"gmx\"\n"
    );
    assert!(err(&dup).contains("defined twice"));
    assert!(err(&GOOD.replace("tls = \"none\"", "tls = \"ssl\"")).contains("implicit"));
    assert!(err(&GOOD.replace("connections = 1", "connections = 0")).contains("at least 1"));
    assert!(
        err(&GOOD.replace("platform = \"Facebook\"", "platform = \"Face book\""))
            .contains("plain name")
    );
}

#[test]
fn secret_commands_and_env() {
    let cfg = parse(GOOD).unwrap();
    assert_eq!(
        cfg.mailboxes[0].credential().unwrap(),
        Credential::Password(Secret::new("secret"))
    );
    let mut m = cfg.mailboxes[0].clone();
    m.secret = SecretSource::PasswordCmd("printf 'first\\nsecond\\n'".into());
    assert_eq!(
        m.credential().unwrap(),
        Credential::Password(Secret::new("first"))
    );
    m.secret = SecretSource::PasswordCmd("echo 'vault locked' >&2; exit 3".into());
    let e = m.credential().unwrap_err();
    assert!(
        e.contains("vault locked") && e.contains("password_cmd"),
        "{e}"
    );
    m.secret = SecretSource::PasswordCmd("no-such-keyring-tool lookup x".into());
    let e = m.credential().unwrap_err();
    assert!(e.contains("is the program installed"), "{e}");
    m.secret = SecretSource::PasswordCmd("cat".into());
    assert!(
        m.credential().is_err(),
        "stdin is closed: cat reads nothing"
    );
    m.secret = SecretSource::OAuth2TokenCmd("echo tok".into());
    assert_eq!(
        m.credential().unwrap(),
        Credential::OAuth2Token(Secret::new("tok"))
    );
    m.secret = SecretSource::PasswordEnv("OPTOUT_SURELY_UNSET_VAR".into());
    assert!(m
        .credential()
        .unwrap_err()
        .contains("OPTOUT_SURELY_UNSET_VAR"));
}

#[test]
fn secrets_never_show_in_debug_output() {
    let text = GOOD.replace("password_cmd = \"echo secret\"", "password = \"hunter2\"");
    let cfg = parse(&text).unwrap();
    assert!(!format!("{cfg:?}").contains("hunter2"));
}

#[test]
fn missing_file_says_how_to_create_one() {
    let e = Config::load(Path::new("/nonexistent/optout.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("optout init --email"), "{e}");
}

#[cfg(unix)]
#[test]
fn readable_password_file_warns() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(
        &path,
        GOOD.replace("password_cmd = \"echo secret\"", "password = \"x\""),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(Config::load(&path).unwrap().warnings.len(), 1);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Config::load(&path).unwrap().warnings.is_empty());
}

#[test]
fn the_example_config_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let cfg = Config::parse(&text, &path).unwrap_or_else(|e| panic!("{e}"));
    assert!(cfg.mailboxes.len() >= 4, "GMX, web.de, Gmail, Outlook");
    assert!(cfg.accounts.len() >= 2);
}

/// `(replace, with)` applied to GOOD must fail at `line` naming `key`, the
/// value as written and the allowed range.
fn out_of_range(from: &str, to: &str, line: usize, key: &str, range: &str) {
    let e = err(&GOOD.replace(from, to));
    let value = to.split_once(" = ").unwrap().1;
    let want = format!("/etc/optout/config.toml:{line}: key \"{key}\": ");
    assert!(e.starts_with(&want), "want {want}: {e}");
    assert!(e.contains(&format!("{value} is out of range")), "{e}");
    assert!(e.contains(&format!("allowed: {range}")), "{e}");
}

#[test]
fn durations_out_of_range_name_line_key_and_range() {
    // gmx is a remote host: at least 10s between polls.
    let gmx = |key_value: &str| {
        GOOD.replace(
            "folders = [\"INBOX\", \"Spamverdacht\"]",
            &format!("folders = [\"INBOX\", \"Spamverdacht\"]\n{key_value}"),
        )
    };
    for (kv, key, range) in [
        ("poll_interval = \"0s\"", "poll_interval", "10s to 1d"),
        ("poll_interval = \"5s\"", "poll_interval", "10s to 1d"),
        ("poll_interval = \"2d\"", "poll_interval", "10s to 1d"),
        ("idle_renew = \"0s\"", "idle_renew", "1m to 29m"),
        ("idle_renew = \"30m\"", "idle_renew", "1m to 29m"),
        ("lookback = \"0s\"", "lookback", "1d to 3650d"),
        ("lookback = \"12h\"", "lookback", "1d to 3650d"),
        ("lookback = \"500000000d\"", "lookback", "1d to 3650d"),
    ] {
        let text = gmx(kv);
        let e = parse(&text).unwrap_err();
        assert_eq!(e.line, Some(8), "{kv}: {e}");
        assert_eq!(e.key.as_deref(), Some(key), "{kv}: {e}");
        let e = e.to_string();
        assert!(e.contains("mailbox \"gmx\": "), "{e}");
        assert!(e.contains(&format!("allowed: {range}")), "{kv}: {e}");
    }
    assert!(err(&gmx("idle_renew = \"0s\"")).contains("RFC 2177"));
    // The loopback mailbox may be polled every second (a local bridge, the
    // tests' Dovecot), not more often.
    let local = |v: &str| GOOD.replace("poll_interval = \"30s\"", &format!("poll_interval = {v}"));
    assert_eq!(
        parse(&local("\"1s\"")).unwrap().mailboxes[1].poll_interval,
        Duration::from_secs(1)
    );
    out_of_range(
        "poll_interval = \"30s\"",
        "poll_interval = \"0s\"",
        18,
        "poll_interval",
        "1s to 1d",
    );
    out_of_range(
        "poll_interval = \"30s\"",
        "poll_interval = \"500ms\"",
        18,
        "poll_interval",
        "1s to 1d",
    );
    out_of_range(
        "lookback = \"7d\"",
        "lookback = \"11y\"",
        19,
        "lookback",
        "1d to 3650d",
    );
    out_of_range(
        "code_timeout = \"2s\"",
        "code_timeout = \"0s\"",
        29,
        "code_timeout",
        "1s to 365d",
    );
    out_of_range(
        "reply_timeout = \"1h 30m\"",
        "reply_timeout = \"0s\"",
        30,
        "reply_timeout",
        "1s to 365d",
    );
    out_of_range(
        "reply_timeout = \"1h 30m\"",
        "reply_timeout = \"400d\"",
        30,
        "reply_timeout",
        "1s to 365d",
    );
    out_of_range(
        "desktop = false",
        "command_timeout = \"0s\"",
        28,
        "command_timeout",
        "1s to 1h",
    );
    // The limits themselves are fine.
    for (from, to) in [
        ("poll_interval = \"30s\"", "poll_interval = \"1d\""),
        ("lookback = \"7d\"", "lookback = \"3650d\""),
        ("lookback = \"7d\"", "lookback = \"1d\""),
        ("code_timeout = \"2s\"", "code_timeout = \"1s\""),
    ] {
        parse(&GOOD.replace(from, to)).unwrap_or_else(|e| panic!("{to}: {e}"));
    }
    let ok = gmx("poll_interval = \"10s\"\nidle_renew = \"29m\"");
    let cfg = parse(&ok).unwrap();
    assert_eq!(cfg.mailboxes[0].idle_renew, Duration::from_secs(29 * 60));
    assert_eq!(cfg.mailboxes[0].poll_interval, Duration::from_secs(10));
    // Defaults are within the limits.
    assert_eq!(cfg.mailboxes[1].idle_renew, Duration::from_secs(9 * 60));
    assert_eq!(cfg.alerts.command_timeout, Duration::from_secs(30));
}

#[test]
fn connections_and_port_zero_name_their_line() {
    let e = parse(&GOOD.replace("connections = 1", "connections = 0")).unwrap_err();
    assert_eq!((e.line, e.key.as_deref()), (Some(17), Some("connections")));
    let e = parse(&GOOD.replace("port = 1143", "port = 0")).unwrap_err();
    assert_eq!((e.line, e.key.as_deref()), (Some(12), Some("port")));
}

#[test]
fn platforms_are_checked_against_the_rules() {
    let known = crate::classify::Classifier::builtin().platforms();
    assert_eq!(known, ["facebook", "instagram", "threads"]);
    let cfg = parse(GOOD).unwrap();
    cfg.check_platforms(&known).unwrap();
    let cfg = parse(&GOOD.replace("platform = \"Facebook\"", "platform = \"facebok\"")).unwrap();
    let e = cfg.check_platforms(&known).unwrap_err().to_string();
    assert!(
        e.starts_with("/etc/optout/config.toml:23: key \"platform\": account \"fb-max\": unknown platform \"facebok\" (did you mean \"facebook\"?); known: facebook, instagram, threads"),
        "{e}"
    );
    // A platform from a rules file.
    let cfg = parse(&GOOD.replace("platform = \"Facebook\"", "platform = \"slack\"")).unwrap();
    assert!(cfg.check_platforms(&known).is_err());
    cfg.check_platforms(&["facebook", "slack"]).unwrap();
    // No "did you mean" for something far off.
    assert!(!unknown_platform("mastodon", &known).contains("did you mean"));
}

#[test]
fn rules_dir_errors_name_its_line() {
    let cfg = parse(&format!("{GOOD}\n[rules]\ndir = \"rules\"\n")).unwrap();
    assert_eq!(
        cfg.rules.dir.as_deref(),
        Some(Path::new("/etc/optout/rules"))
    );
    let e = cfg.rules_dir_error("cannot read".into()).to_string();
    assert_eq!(e, "/etc/optout/config.toml:37: key \"dir\": cannot read");
}

#[cfg(target_os = "linux")]
#[test]
fn a_hanging_secret_command_is_killed_with_its_children() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("child.pid");
    // A child that would keep the output pipe open for 1000 s.
    let cmd = format!("sleep 1000 & echo $! > {}; wait", pidfile.display());
    let started = std::time::Instant::now();
    let e = run_secret_cmd_within(&cmd, "gmx", "password_cmd", Duration::from_millis(1500))
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "returned after {:?}",
        started.elapsed()
    );
    assert!(
        e.starts_with("mailbox \"gmx\": password_cmd `sleep 1000 &")
            && e.contains("did not finish within 1s 500ms and was killed"),
        "{e}"
    );
    // The child (in the command's process group) is gone too, or at most a
    // zombie waiting for its new parent to reap it.
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit_once(") ").map(|(_, rest)| &rest[..1]);
        if matches!(state, None | Some("Z") | Some("X")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "child {pid} survived: {stat}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // oauth2_token_cmd goes the same way, and is named.
    let e = run_secret_cmd_within(
        "sleep 1000",
        "o",
        "oauth2_token_cmd",
        Duration::from_millis(200),
    )
    .unwrap_err();
    assert!(e.contains("oauth2_token_cmd") && e.contains("200ms"), "{e}");
    // A quick command is unaffected; its output never shows in errors.
    assert_eq!(
        run_secret_cmd_within(
            "echo pw; exit 0",
            "m",
            "password_cmd",
            Duration::from_secs(5)
        )
        .unwrap(),
        Secret::new("pw")
    );
    let e = run_secret_cmd_within(
        "printf 'hunter%s\\n' 2; exit 1",
        "m",
        "password_cmd",
        Duration::from_secs(5),
    )
    .unwrap_err();
    assert!(
        e.contains("exited 1 and printed nothing") && !e.contains("hunter2"),
        "{e}"
    );
    assert_eq!(SECRET_CMD_TIMEOUT, Duration::from_secs(120));
}

#[test]
fn authserv_id_is_optional_checked_and_lower_cased() {
    let cfg = parse(GOOD).unwrap();
    assert_eq!(cfg.mailboxes[0].authserv_id, None);
    assert_eq!(
        cfg.mailboxes[0].trust_policy(),
        TrustPolicy::from(Trust::AuthenticationResults)
    );
    let text = GOOD.replace(
        "folders = [\"INBOX\", \"Spamverdacht\"]",
        "folders = [\"INBOX\", \"Spamverdacht\"]\nauthserv_id = \" MX.gmx.NET \"",
    );
    let cfg = parse(&text).unwrap();
    let gmx = &cfg.mailboxes[0];
    assert_eq!(gmx.authserv_id.as_deref(), Some("mx.gmx.net"));
    assert_eq!(
        gmx.trust_policy(),
        TrustPolicy {
            trust: Trust::AuthenticationResults,
            authserv_id: Some("mx.gmx.net"),
        }
    );
    assert!(cfg.warnings.is_empty(), "{:?}", cfg.warnings);
    for ok in [
        "mx.google.com",
        "spamd_mx1",
        "localhost",
        "mx-1.mail.example",
    ] {
        assert_eq!(authserv_id(ok).as_deref(), Ok(ok));
    }
    // Not a server id: file, line and key, and how to find the right one.
    for bad in [
        "",
        "mx.google.com;",
        "mx google.com",
        "mx.google.com; dkim=pass",
        ".mx.google.com",
        "mx..google.com",
        "mx.google.com.",
        "-",
        "mx.gööögle.com",
    ] {
        let e = err(&GOOD.replace(
            "folders = [\"INBOX\", \"Spamverdacht\"]",
            &format!(
                "folders = [\"INBOX\"]\nauthserv_id = {}",
                toml::Value::from(bad)
            ),
        ));
        assert!(
            e.starts_with(
                "/etc/optout/config.toml:8: key \"authserv_id\": mailbox \"gmx\": authserv_id"
            ),
            "{bad:?}: {e}"
        );
        assert!(e.contains("optout check"), "{e}");
    }
    let e = err(&GOOD.replace(
        "folders = [\"INBOX\", \"Spamverdacht\"]",
        "authserv_id = 42",
    ));
    assert!(
        e.starts_with("/etc/optout/config.toml:7: key \"authserv_id\": authserv_id must be text in double quotes, not 42"),
        "{e}"
    );
    // Pointless with trust = "sender-domain": a warning, not an error.
    let text = GOOD.replace(
        "trust = \"sender-domain\"",
        "trust = \"sender-domain\"\nauthserv_id = \"mx.local\"",
    );
    let cfg = parse(&text).unwrap();
    assert_eq!(cfg.mailboxes[1].authserv_id.as_deref(), Some("mx.local"));
    assert_eq!(cfg.warnings.len(), 1);
    assert!(cfg.warnings[0].contains("no effect"), "{:?}", cfg.warnings);
}

#[test]
fn misspelt_keys_and_sections_get_a_guess() {
    let e = err(&GOOD.replace("host = \"imap.gmx.net\"", "hots = \"imap.gmx.net\""));
    assert!(
        e.starts_with("/etc/optout/config.toml:4: key \"hots\": unknown key \"hots\" (did you mean \"host\"?); allowed here: "),
        "{e}"
    );
    assert!(
        e.contains("`optout init --example`"),
        "says where to look: {e}"
    );
    let e = err(&GOOD.replace("[alerts]", "[alert]"));
    assert!(
        e.contains("unknown section [alert] (did you mean \"alerts\"?)"),
        "{e}"
    );
    let e = err(&GOOD.replace("language = \"en\"", "language = \"dee\""));
    assert!(
        e.contains(
            "language cannot be \"dee\" (did you mean \"de\"?); choose one of: \"de\", \"en\""
        ),
        "{e}"
    );
}

#[test]
fn type_errors_say_what_to_write_in_words() {
    let e = err(&GOOD.replace("port = 1143", "port = \"1143\""));
    assert!(
        e.starts_with("/etc/optout/config.toml:12: key \"port\": port must be a whole number from 1 to 65535 (without quotes), e.g. 993, not the text \"1143\""),
        "{e}"
    );
    assert!(!e.contains("u16"), "{e}");
    let e = err(&GOOD.replace("connections = 1", "connections = -1"));
    assert!(e.contains("connections must be a whole number"), "{e}");
    assert!(!e.contains("u32"), "{e}");
    let e = err(&GOOD.replace("desktop = false", "desktop = \"no\""));
    assert!(e.contains("desktop must be true or false"), "{e}");
}

#[test]
fn a_table_given_twice_is_named() {
    let e = err(&format!("{GOOD}\n[alerts]\ndesktop = true\n"));
    assert!(
        e.contains(":36: [alerts] appears twice; merge the two"),
        "{e}"
    );
    let e = err(&GOOD.replace("desktop = false", "desktop = false\ndesktop = true"));
    assert!(e.contains("key \"desktop\": desktop is given twice"), "{e}");
}

#[test]
fn an_empty_folder_list_is_refused() {
    let e = err(&GOOD.replace("folders = [\"INBOX\", \"Spamverdacht\"]", "folders = []"));
    assert!(
        e.starts_with("/etc/optout/config.toml:7: key \"folders\": mailbox \"gmx\": folders = [] watches nothing"),
        "{e}"
    );
    let e = err(&GOOD.replace("\"Spamverdacht\"", "\" \""));
    assert!(e.contains("empty folder name"), "{e}");
}

#[test]
fn a_config_that_watches_nothing_names_the_key() {
    let p = Path::new("/etc/optout/config.toml");
    let e = Config::parse("[alerts]\ndesktop = false\n", p)
        .unwrap()
        .check_watches_something()
        .unwrap_err();
    assert_eq!(e.key.as_deref(), Some("mailbox"));
    assert!(e.to_string().contains("nothing to watch"), "{e}");
    let only_mailbox = GOOD.split("[[account]]").next().unwrap();
    let e = parse(only_mailbox)
        .unwrap()
        .check_watches_something()
        .unwrap_err();
    assert_eq!(e.key.as_deref(), Some("account"));
    parse(GOOD).unwrap().check_watches_something().unwrap();
}

#[test]
fn errors_speak_the_configured_language() {
    let e = err(&GOOD
        .replace("language = \"en\"", "language = \"de\"")
        .replace("port = 1143", "port = \"1143\""));
    assert!(
        e.contains("port muss eine ganze Zahl von 1 bis 65535"),
        "{e}"
    );
    let e = err(&GOOD
        .replace("language = \"en\"", "language = \"de\"")
        .replace("mailbox = \"gmx\"", "mailbox = \"gmx2\""));
    assert!(e.contains("das Postfach \"gmx2\" gibt es nicht"), "{e}");
}
