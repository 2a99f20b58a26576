use super::*;

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
language = "de"

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
    assert_eq!(cfg.alerts.language, Some(Lang::De));
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
    assert!(e.contains(":11: key \"tls\""), "{e}");
    assert!(e.contains("loopback"), "{e}");
    for ok in ["localhost", "::1", "[::1]", "127.0.0.53"] {
        assert!(is_loopback(ok), "{ok}");
    }
    assert!(!is_loopback("10.0.0.1"));
}

#[test]
fn exactly_one_secret_source() {
    let e = err(&GOOD.replace("password_cmd = \"echo secret\"", ""));
    assert!(e.contains("needs exactly one of password"), "{e}");
    let e = err(&GOOD.replace(
        "password_cmd = \"echo secret\"",
        "password_cmd = \"x\"\npassword = \"y\"",
    ));
    assert!(e.contains("more than one"), "{e}");
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
