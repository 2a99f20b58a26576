//! The TOML config: parsing, validation with errors that name the file,
//! line and key, and resolving secrets (password, command, environment).

use crate::text::Lang;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// A config problem: exit code 2. Displays as `file:line: key "k": message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key {
            write!(f, "key \"{key}\": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A string that never shows up in logs or debug output.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// TLS from the first byte (port 993).
    #[default]
    Implicit,
    /// Plain connection upgraded by STARTTLS (port 143).
    Starttls,
    /// No encryption: only to a loopback host.
    None,
}

/// Which mails may change an account's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// The receiving server's Authentication-Results must show DKIM or
    /// DMARC pass for the provider's domain.
    #[default]
    AuthenticationResults,
    /// The From domain alone (for servers that add no such header).
    SenderDomain,
}

/// How optout logs in to a mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Password(Secret),
    PasswordCmd(String),
    PasswordEnv(String),
    OAuth2TokenCmd(String),
}

/// A resolved credential, ready for LOGIN or AUTHENTICATE XOAUTH2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Password(Secret),
    OAuth2Token(Secret),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub user: String,
    pub secret: SecretSource,
    pub ca_file: Option<PathBuf>,
    /// Folders to watch instead of INBOX + the discovered spam folder.
    pub folders: Option<Vec<String>>,
    pub trust: Trust,
    /// How many IMAP connections optout may hold open (IDLE); folders
    /// beyond the budget are polled.
    pub connections: u32,
    pub poll_interval: Duration,
    /// How far back the first sync looks.
    pub lookback: Duration,
    /// Re-issue IDLE at least this often (servers drop silent connections).
    pub idle_renew: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub platform: String,
    /// The `name` of the mailbox the provider writes to.
    pub mailbox: String,
    /// The address the provider writes to, when a mailbox has several.
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Alerts {
    pub desktop: bool,
    /// Run through the shell once per alert (JSON on stdin, OPTOUT_* vars).
    pub command: Option<String>,
    #[serde(deserialize_with = "duration")]
    pub command_timeout: Duration,
    pub language: Option<Lang>,
    #[serde(deserialize_with = "duration")]
    pub code_timeout: Duration,
    #[serde(deserialize_with = "duration")]
    pub reply_timeout: Duration,
}

impl Default for Alerts {
    fn default() -> Self {
        Alerts {
            desktop: true,
            command: None,
            command_timeout: Duration::from_secs(30),
            language: None,
            code_timeout: Duration::from_secs(15 * 60),
            reply_timeout: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

impl Alerts {
    pub fn timeouts(&self) -> crate::tracker::Timeouts {
        crate::tracker::Timeouts {
            code_timeout: self.code_timeout,
            reply_timeout: self.reply_timeout,
        }
    }

    /// The configured language, else the one from the locale.
    pub fn lang(&self) -> Lang {
        self.language.unwrap_or_else(Lang::from_env)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// A folder of extra provider rule files (`*.toml`).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// The SQLite database; default: the XDG data dir.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file this came from.
    pub path: PathBuf,
    pub mailboxes: Vec<Mailbox>,
    pub accounts: Vec<Account>,
    pub alerts: Alerts,
    pub rules: Rules,
    pub store: StoreConfig,
    /// Things worth saying that do not stop optout (e.g. a readable file
    /// that holds a password).
    pub warnings: Vec<String>,
}

// ---- raw, as written in the file (with positions for error messages) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    mailbox: Vec<Spanned<RawMailbox>>,
    #[serde(default)]
    account: Vec<Spanned<RawAccount>>,
    #[serde(default)]
    alerts: Alerts,
    #[serde(default)]
    rules: Rules,
    #[serde(default)]
    store: StoreConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMailbox {
    name: Spanned<String>,
    host: Spanned<String>,
    port: Option<u16>,
    #[serde(default)]
    tls: Tls,
    user: String,
    password: Option<Secret>,
    password_cmd: Option<String>,
    password_env: Option<String>,
    oauth2_token_cmd: Option<String>,
    ca_file: Option<PathBuf>,
    folders: Option<Vec<String>>,
    #[serde(default)]
    trust: Trust,
    #[serde(default = "default_connections")]
    connections: Spanned<u32>,
    #[serde(default = "default_poll", deserialize_with = "duration")]
    poll_interval: Duration,
    #[serde(default = "default_lookback", deserialize_with = "duration")]
    lookback: Duration,
    #[serde(default = "default_idle_renew", deserialize_with = "duration")]
    idle_renew: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    id: Spanned<String>,
    platform: Spanned<String>,
    mailbox: Spanned<String>,
    address: Option<String>,
}

fn default_connections() -> Spanned<u32> {
    Spanned::new(0..0, 2)
}
fn default_poll() -> Duration {
    Duration::from_secs(60)
}
fn default_lookback() -> Duration {
    Duration::from_secs(90 * 24 * 3600)
}
fn default_idle_renew() -> Duration {
    Duration::from_secs(9 * 60)
}

/// Durations as people write them: "15m", "7d", "1h 30m".
fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let s = String::deserialize(d)?;
    humantime::parse_duration(&s).map_err(|e| {
        serde::de::Error::custom(format!(
            "invalid duration {s:?} ({e}); write a number and a unit, e.g. \"90s\", \"15m\", \"2h\", \"7d\""
        ))
    })
}

impl Config {
    /// Where the config is looked for: `--config`, then `OPTOUT_CONFIG`
    /// (both handled by the CLI), then `~/.config/optout/config.toml`.
    pub fn default_path() -> PathBuf {
        directories::ProjectDirs::from("", "", "optout")
            .map(|d| d.config_dir().join("config.toml"))
            .unwrap_or_else(|| PathBuf::from("optout.toml"))
    }

    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError {
                    path: path.to_owned(),
                    line: None,
                    key: None,
                    message: "no config file here; create one with `optout init --email you@example.org --platform facebook` (or pass --config PATH, or set OPTOUT_CONFIG); config.example.toml documents every key".into(),
                })
            }
            Err(e) => {
                return Err(ConfigError {
                    path: path.to_owned(),
                    line: None,
                    key: None,
                    message: format!("cannot read: {e}"),
                })
            }
        };
        let mut config = Self::parse(&text, path)?;
        if config
            .mailboxes
            .iter()
            .any(|m| matches!(m.secret, SecretSource::Password(_)))
            && readable_by_others(path)
        {
            config.warnings.push(format!(
                "{} holds a password and can be read by other users: run `chmod 600 {}`, or use password_cmd / password_env",
                path.display(),
                path.display()
            ));
        }
        Ok(config)
    }

    /// Parse config text; `path` names the file in errors and anchors
    /// relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let err_at = |span: Option<std::ops::Range<usize>>, key: Option<&str>, message: String| {
            let line = span.map(|s| line_of(text, s.start));
            let key = key
                .map(str::to_owned)
                .or_else(|| line.and_then(|l| key_on_line(text, l)));
            ConfigError {
                path: path.to_owned(),
                line,
                key,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| err_at(e.span(), None, e.message().trim().to_owned()))?;
        let base = path.parent().unwrap_or(Path::new("."));

        let mut mailboxes: Vec<Mailbox> = Vec::new();
        for spanned in raw.mailbox {
            let table_span = spanned.span();
            let m = spanned.into_inner();
            let name = m.name.get_ref().trim().to_owned();
            if name.is_empty() {
                return Err(err_at(
                    Some(m.name.span()),
                    Some("name"),
                    "must not be empty".into(),
                ));
            }
            if mailboxes.iter().any(|x| x.name == name) {
                return Err(err_at(
                    Some(m.name.span()),
                    Some("name"),
                    format!("mailbox \"{name}\" is defined twice; names must be unique"),
                ));
            }
            let sources: Vec<SecretSource> = [
                m.password.map(SecretSource::Password),
                m.password_cmd.map(SecretSource::PasswordCmd),
                m.password_env.map(SecretSource::PasswordEnv),
                m.oauth2_token_cmd.map(SecretSource::OAuth2TokenCmd),
            ]
            .into_iter()
            .flatten()
            .collect();
            let secret = match <[SecretSource; 1]>::try_from(sources) {
                Ok([one]) => one,
                Err(v) => {
                    let what = if v.is_empty() {
                        "has none"
                    } else {
                        "has more than one"
                    };
                    return Err(err_at(
                        Some(table_span),
                        None,
                        format!(
                            "mailbox \"{name}\" needs exactly one of password, password_cmd, password_env, oauth2_token_cmd; it {what}"
                        ),
                    ));
                }
            };
            let host = m.host.get_ref().trim().to_owned();
            if m.tls == Tls::None && !is_loopback(&host) {
                return Err(err_at(
                    Some(m.host.span()),
                    Some("tls"),
                    format!(
                        "mailbox \"{name}\": tls = \"none\" would send your password unencrypted to {host}; it is allowed only for loopback hosts (localhost, 127.0.0.1, ::1). Use \"implicit\" (port 993) or \"starttls\" (port 143)"
                    ),
                ));
            }
            if *m.connections.get_ref() == 0 {
                return Err(err_at(
                    Some(m.connections.span()),
                    Some("connections"),
                    "must be at least 1".into(),
                ));
            }
            mailboxes.push(Mailbox {
                port: m.port.unwrap_or(match m.tls {
                    Tls::Implicit => 993,
                    Tls::Starttls | Tls::None => 143,
                }),
                name,
                host,
                tls: m.tls,
                user: m.user,
                secret,
                ca_file: m.ca_file.map(|p| resolve_path(base, &p)),
                folders: m.folders,
                trust: m.trust,
                connections: m.connections.into_inner(),
                poll_interval: m.poll_interval,
                lookback: m.lookback,
                idle_renew: m.idle_renew,
            });
        }

        let mut accounts: Vec<Account> = Vec::new();
        for spanned in raw.account {
            let a = spanned.into_inner();
            let id = a.id.get_ref().trim().to_owned();
            if id.is_empty() || id.chars().any(char::is_whitespace) {
                return Err(err_at(
                    Some(a.id.span()),
                    Some("id"),
                    format!("account id {id:?} must be one word, e.g. \"fb-max\""),
                ));
            }
            if accounts.iter().any(|x| x.id == id) {
                return Err(err_at(
                    Some(a.id.span()),
                    Some("id"),
                    format!("account \"{id}\" is defined twice; ids must be unique"),
                ));
            }
            let platform = a.platform.get_ref().trim().to_ascii_lowercase();
            if platform.is_empty()
                || !platform
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(err_at(
                    Some(a.platform.span()),
                    Some("platform"),
                    format!(
                        "account \"{id}\": platform {:?} must be a plain name such as \"facebook\", \"instagram\" or \"threads\"",
                        a.platform.get_ref()
                    ),
                ));
            }
            let mailbox = a.mailbox.get_ref().trim().to_owned();
            if !mailboxes.iter().any(|m| m.name == mailbox) {
                let defined: Vec<_> = mailboxes.iter().map(|m| m.name.as_str()).collect();
                let defined = if defined.is_empty() {
                    "none — add a [[mailbox]] section".to_owned()
                } else {
                    defined.join(", ")
                };
                return Err(err_at(
                    Some(a.mailbox.span()),
                    Some("mailbox"),
                    format!("account \"{id}\": mailbox \"{mailbox}\" is not defined; defined: {defined}"),
                ));
            }
            accounts.push(Account {
                id,
                platform,
                mailbox,
                address: a.address.map(|s| s.trim().to_ascii_lowercase()),
            });
        }

        let mut rules = raw.rules;
        rules.dir = rules.dir.map(|p| resolve_path(base, &p));
        let mut store = raw.store;
        store.path = store.path.map(|p| resolve_path(base, &p));
        Ok(Config {
            path: path.to_owned(),
            mailboxes,
            accounts,
            alerts: raw.alerts,
            rules,
            store,
            warnings: Vec::new(),
        })
    }

    pub fn mailbox(&self, name: &str) -> Option<&Mailbox> {
        self.mailboxes.iter().find(|m| m.name == name)
    }

    /// The SQLite database file.
    pub fn store_path(&self) -> PathBuf {
        self.store.path.clone().unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "optout")
                .map(|d| d.data_dir().join("optout.db"))
                .unwrap_or_else(|| PathBuf::from("optout.db"))
        })
    }
}

impl Mailbox {
    /// Fetch the password or token. Commands run through `sh -c` with
    /// stdin closed; the first line of their output, trimmed, is the secret.
    /// Nothing is cached on disk.
    pub fn credential(&self) -> Result<Credential, String> {
        match &self.secret {
            SecretSource::Password(p) => Ok(Credential::Password(p.clone())),
            SecretSource::PasswordEnv(var) => std::env::var(var)
                .map(|v| Credential::Password(Secret(v)))
                .map_err(|_| {
                    format!(
                        "mailbox \"{}\": environment variable {var} (password_env) is not set",
                        self.name
                    )
                }),
            SecretSource::PasswordCmd(cmd) => {
                run_secret_cmd(cmd, &self.name, "password_cmd").map(Credential::Password)
            }
            SecretSource::OAuth2TokenCmd(cmd) => {
                run_secret_cmd(cmd, &self.name, "oauth2_token_cmd").map(Credential::OAuth2Token)
            }
        }
    }

    /// Plain connections are allowed only to loopback hosts.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.host)
    }
}

fn run_secret_cmd(cmd: &str, mailbox: &str, key: &str) -> Result<Secret, String> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("mailbox \"{mailbox}\": cannot run {key}: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "mailbox \"{mailbox}\": {key} `{cmd}` failed ({}): {}",
            out.status,
            stderr.trim()
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return Err(format!(
            "mailbox \"{mailbox}\": {key} `{cmd}` printed nothing"
        ));
    }
    Ok(Secret(first.to_owned()))
}

pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn resolve_path(base: &Path, p: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = directories::BaseDirs::new() {
            return home.home_dir().join(rest);
        }
    }
    if p.is_absolute() {
        p.to_owned()
    } else {
        base.join(p)
    }
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}
#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// The key assigned on a line (`key = value`), to name it in an error.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line - 1)?;
    let (key, _) = l.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| key.to_owned())
}

#[cfg(test)]
mod tests;
