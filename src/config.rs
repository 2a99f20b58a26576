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

/// How a mailbox's mails are trusted: its `trust` setting and, when
/// pinned, the authserv-id its receiving server writes into its
/// Authentication-Results headers. A bare [`Trust`] converts into one
/// without a pinned id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TrustPolicy<'a> {
    pub trust: Trust,
    /// Only Authentication-Results headers from this authserv-id (or a
    /// subdomain of it) count; any other may have been written by the
    /// sender. `None`: the topmost header counts, whoever wrote it.
    pub authserv_id: Option<&'a str>,
}

impl From<Trust> for TrustPolicy<'static> {
    fn from(trust: Trust) -> Self {
        TrustPolicy {
            trust,
            authserv_id: None,
        }
    }
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
    /// Trust exactly the server certificate with this SHA-256 fingerprint
    /// (hex, colons allowed), as mail clients do for self-signed ones.
    pub cert_sha256: Option<String>,
    /// Folders to watch instead of INBOX + the discovered spam folder.
    pub folders: Option<Vec<String>>,
    pub trust: Trust,
    /// The receiving server's authserv-id (lower-cased), e.g.
    /// "mx.google.com": only its Authentication-Results headers count.
    pub authserv_id: Option<String>,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alerts {
    pub desktop: bool,
    /// Run through the shell once per alert (JSON on stdin, OPTOUT_* vars).
    pub command: Option<String>,
    pub command_timeout: Duration,
    pub language: Option<Lang>,
    pub code_timeout: Duration,
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
    /// Where some keys were written, for errors found after parsing.
    lines: Lines,
}

/// Line numbers of keys that are checked against things outside the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Lines {
    /// The `platform` line of each account, in `accounts` order.
    account_platform: Vec<usize>,
    /// The `dir` line of `[rules]`.
    rules_dir: Option<usize>,
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
    alerts: RawAlerts,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    store: StoreConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMailbox {
    name: Spanned<String>,
    host: Spanned<String>,
    port: Option<Spanned<u16>>,
    tls: Option<Spanned<Tls>>,
    user: String,
    password: Option<Spanned<Secret>>,
    password_cmd: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    oauth2_token_cmd: Option<Spanned<String>>,
    ca_file: Option<PathBuf>,
    cert_sha256: Option<String>,
    folders: Option<Vec<String>>,
    #[serde(default)]
    trust: Trust,
    authserv_id: Option<Spanned<String>>,
    connections: Option<Spanned<u32>>,
    poll_interval: Option<Spanned<HumanDuration>>,
    lookback: Option<Spanned<HumanDuration>>,
    idle_renew: Option<Spanned<HumanDuration>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    id: Spanned<String>,
    platform: Spanned<String>,
    mailbox: Spanned<String>,
    address: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    desktop: Option<bool>,
    command: Option<String>,
    command_timeout: Option<Spanned<HumanDuration>>,
    language: Option<Lang>,
    code_timeout: Option<Spanned<HumanDuration>>,
    reply_timeout: Option<Spanned<HumanDuration>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    dir: Option<Spanned<PathBuf>>,
}

/// A duration as people write it ("15m", "7d", "1h 30m"), and as written.
struct HumanDuration {
    value: Duration,
    text: String,
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let value = humantime::parse_duration(&text).map_err(|e| {
            serde::de::Error::custom(format!(
                "invalid duration {text:?} ({e}); write a number and a unit, e.g. \"90s\", \"15m\", \"2h\", \"7d\""
            ))
        })?;
        Ok(HumanDuration { value, text })
    }
}

/// The allowed values of a duration key: `min..=max`, both as the error
/// message writes them, and why, when that is not obvious.
struct Limits {
    min: (Duration, &'static str),
    max: (Duration, &'static str),
    why: &'static str,
}

const fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}
const MINUTE: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

/// `poll_interval`: often enough to notice a code in time, rarely enough
/// not to hammer the provider's server.
const POLL_INTERVAL: Limits = Limits {
    min: (secs(10), "10s"),
    max: (secs(DAY), "1d"),
    why: "; a loopback server (e.g. a local bridge) may be polled every 1s",
};
/// `poll_interval` for a loopback host: nobody else's server.
const POLL_INTERVAL_LOOPBACK: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(DAY), "1d"),
    why: "",
};
/// `idle_renew`: RFC 2177 lets servers end an IDLE after 30 minutes.
const IDLE_RENEW: Limits = Limits {
    min: (secs(MINUTE), "1m"),
    max: (secs(29 * MINUTE), "29m"),
    why: "; servers may drop an IDLE after 30 minutes (RFC 2177), GMX after 10-15",
};
/// `lookback`: at least a day; at most ten years (IMAP SEARCH SINCE wants
/// a date, and nobody's objection is older).
const LOOKBACK: Limits = Limits {
    min: (secs(DAY), "1d"),
    max: (secs(3650 * DAY), "3650d (10 years)"),
    why: "",
};
const CODE_TIMEOUT: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(365 * DAY), "365d"),
    why: "",
};
const REPLY_TIMEOUT: Limits = CODE_TIMEOUT;
const COMMAND_TIMEOUT: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(HOUR), "1h"),
    why: "",
};

fn default_poll() -> Duration {
    Duration::from_secs(60)
}
fn default_lookback() -> Duration {
    Duration::from_secs(90 * 24 * 3600)
}
fn default_idle_renew() -> Duration {
    Duration::from_secs(9 * 60)
}

/// How long `password_cmd` and `oauth2_token_cmd` may run: long enough for
/// a person to unlock a keyring at its prompt, short enough that a command
/// that hangs does not stall `watch` or `check` for good. Then the command
/// and everything it started are killed.
pub const SECRET_CMD_TIMEOUT: Duration = Duration::from_secs(120);

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
        // A duration key: its default when absent, else within its limits.
        let duration = |d: Option<Spanned<HumanDuration>>,
                        key: &str,
                        default: Duration,
                        limits: &Limits,
                        context: &str| {
            let Some(d) = d else { return Ok(default) };
            let v = d.get_ref();
            if v.value < limits.min.0 || v.value > limits.max.0 {
                let (min, max) = (limits.min.1, limits.max.1);
                return Err(err_at(
                    Some(d.span()),
                    Some(key),
                    format!(
                        "{context}{:?} is out of range; allowed: {min} to {max}{}",
                        v.text, limits.why
                    ),
                ));
            }
            Ok(v.value)
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| err_at(e.span(), None, e.message().trim().to_owned()))?;
        let base = path.parent().unwrap_or(Path::new("."));

        let mut mailboxes: Vec<Mailbox> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
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
            let context = format!("mailbox \"{name}\": ");
            // Exactly one way to the secret; name the keys, and the line
            // of the one too many.
            let mut sources: Vec<(&str, std::ops::Range<usize>, SecretSource)> = Vec::new();
            if let Some(p) = m.password {
                sources.push(("password", p.span(), SecretSource::Password(p.into_inner())));
            }
            if let Some(c) = m.password_cmd {
                sources.push((
                    "password_cmd",
                    c.span(),
                    SecretSource::PasswordCmd(c.into_inner()),
                ));
            }
            if let Some(v) = m.password_env {
                sources.push((
                    "password_env",
                    v.span(),
                    SecretSource::PasswordEnv(v.into_inner()),
                ));
            }
            if let Some(c) = m.oauth2_token_cmd {
                sources.push((
                    "oauth2_token_cmd",
                    c.span(),
                    SecretSource::OAuth2TokenCmd(c.into_inner()),
                ));
            }
            sources.sort_by_key(|(_, span, _)| span.start);
            const ONE_OF: &str =
                "give exactly one of password_cmd, password_env, oauth2_token_cmd, password";
            let secret = match sources.len() {
                0 => {
                    return Err(err_at(
                        Some(table_span),
                        None,
                        format!("{context}no way to log in: {ONE_OF}"),
                    ))
                }
                1 => sources.pop().expect("one").2,
                _ => {
                    let (first, first_span, _) = &sources[0];
                    let (second, second_span, _) = &sources[1];
                    return Err(err_at(
                        Some(second_span.clone()),
                        Some(second),
                        format!(
                            "{context}{second} and {first} (line {}) are both given; {ONE_OF}",
                            line_of(text, first_span.start)
                        ),
                    ));
                }
            };
            let host = m.host.get_ref().trim().to_owned();
            let tls = m.tls.as_ref().map_or(Tls::default(), |t| *t.get_ref());
            if let Some(t) = m.tls.as_ref().filter(|t| *t.get_ref() == Tls::None) {
                if !is_loopback(&host) {
                    return Err(err_at(
                        Some(t.span()),
                        Some("tls"),
                        format!(
                            "{context}tls = \"none\" would send your password unencrypted to {host}; it is allowed only for loopback hosts (localhost, 127.0.0.1, ::1). Use \"implicit\" (port 993) or \"starttls\" (port 143)"
                        ),
                    ));
                }
            }
            if let Some(p) = m.port.as_ref().filter(|p| *p.get_ref() == 0) {
                return Err(err_at(
                    Some(p.span()),
                    Some("port"),
                    format!("{context}port 0 is not a port; IMAP is 993 (implicit TLS) or 143"),
                ));
            }
            let authserv_id = match &m.authserv_id {
                None => None,
                Some(id) => Some(authserv_id(id.get_ref()).map_err(|why| {
                    err_at(
                        Some(id.span()),
                        Some("authserv_id"),
                        format!("{context}{why}"),
                    )
                })?),
            };
            if authserv_id.is_some() && m.trust == Trust::SenderDomain {
                warnings.push(format!(
                    "mailbox \"{name}\": authserv_id has no effect with trust = \"sender-domain\" (only the From domain is looked at)"
                ));
            }
            let connections = match m.connections {
                None => 2,
                Some(c) if *c.get_ref() == 0 => {
                    return Err(err_at(
                        Some(c.span()),
                        Some("connections"),
                        format!("{context}must be at least 1"),
                    ))
                }
                Some(c) => c.into_inner(),
            };
            let poll_limits = if is_loopback(&host) {
                &POLL_INTERVAL_LOOPBACK
            } else {
                &POLL_INTERVAL
            };
            let poll_interval = duration(
                m.poll_interval,
                "poll_interval",
                default_poll(),
                poll_limits,
                &context,
            )?;
            let lookback = duration(
                m.lookback,
                "lookback",
                default_lookback(),
                &LOOKBACK,
                &context,
            )?;
            let idle_renew = duration(
                m.idle_renew,
                "idle_renew",
                default_idle_renew(),
                &IDLE_RENEW,
                &context,
            )?;
            mailboxes.push(Mailbox {
                port: m.port.map(Spanned::into_inner).unwrap_or(match tls {
                    Tls::Implicit => 993,
                    Tls::Starttls | Tls::None => 143,
                }),
                name,
                host,
                tls,
                user: m.user,
                secret,
                ca_file: m.ca_file.map(|p| resolve_path(base, &p)),
                cert_sha256: m.cert_sha256,
                folders: m.folders,
                trust: m.trust,
                authserv_id,
                connections,
                poll_interval,
                lookback,
                idle_renew,
            });
        }

        let mut accounts: Vec<Account> = Vec::new();
        let mut lines = Lines::default();
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
            lines
                .account_platform
                .push(line_of(text, a.platform.span().start));
            accounts.push(Account {
                id,
                platform,
                mailbox,
                address: a.address.map(|s| s.trim().to_ascii_lowercase()),
            });
        }

        let defaults = Alerts::default();
        let raw_alerts = raw.alerts;
        let alerts = Alerts {
            desktop: raw_alerts.desktop.unwrap_or(defaults.desktop),
            command: raw_alerts.command,
            command_timeout: duration(
                raw_alerts.command_timeout,
                "command_timeout",
                defaults.command_timeout,
                &COMMAND_TIMEOUT,
                "",
            )?,
            language: raw_alerts.language,
            code_timeout: duration(
                raw_alerts.code_timeout,
                "code_timeout",
                defaults.code_timeout,
                &CODE_TIMEOUT,
                "",
            )?,
            reply_timeout: duration(
                raw_alerts.reply_timeout,
                "reply_timeout",
                defaults.reply_timeout,
                &REPLY_TIMEOUT,
                "",
            )?,
        };

        lines.rules_dir = raw
            .rules
            .dir
            .as_ref()
            .map(|d| line_of(text, d.span().start));
        let rules = Rules {
            dir: raw.rules.dir.map(|p| resolve_path(base, p.get_ref())),
        };
        let mut store = raw.store;
        store.path = store.path.map(|p| resolve_path(base, &p));
        Ok(Config {
            path: path.to_owned(),
            mailboxes,
            accounts,
            alerts,
            rules,
            store,
            warnings,
            lines,
        })
    }

    /// Check every account's platform against the platforms the provider
    /// rules know (built-in and `[rules] dir`). The rules are loaded by the
    /// caller (`classify`), which keeps this module free of them.
    pub fn check_platforms<S: AsRef<str>>(&self, known: &[S]) -> Result<(), ConfigError> {
        for (i, a) in self.accounts.iter().enumerate() {
            if !known.iter().any(|k| k.as_ref() == a.platform) {
                return Err(ConfigError {
                    path: self.path.clone(),
                    line: self.lines.account_platform.get(i).copied(),
                    key: Some("platform".into()),
                    message: format!(
                        "account \"{}\": {} (a provider rule file in [rules] dir can add more)",
                        a.id,
                        unknown_platform(&a.platform, known)
                    ),
                });
            }
        }
        Ok(())
    }

    /// An error about the `[rules] dir` folder (e.g. it cannot be read),
    /// naming the line of `dir`.
    pub fn rules_dir_error(&self, message: String) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            line: self.lines.rules_dir,
            key: Some("dir".into()),
            message,
        }
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

    /// Its `trust` and `authserv_id`, for the classifier.
    pub fn trust_policy(&self) -> TrustPolicy<'_> {
        TrustPolicy {
            trust: self.trust,
            authserv_id: self.authserv_id.as_deref(),
        }
    }
}

/// An `authserv_id` as written in the config, checked and lower-cased: a
/// host name or a similar token ("mx.google.com", "mx.gmx.net",
/// "spamd_mx1"), as a server writes it before the first ';' of its
/// Authentication-Results header.
pub fn authserv_id(raw: &str) -> Result<String, String> {
    let id = raw.trim().to_ascii_lowercase();
    let token = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let plausible = !id.is_empty()
        && id.len() <= 253
        && id.chars().all(token)
        && id.chars().any(|c| c.is_ascii_alphanumeric())
        && !id.starts_with(['.', '-'])
        && !id.ends_with(['.', '-'])
        && !id.contains("..");
    if plausible {
        Ok(id)
    } else {
        Err(format!(
            "authserv_id {raw:?} is not a server id; write the name your receiving server puts first in its Authentication-Results header (before the first ';'), e.g. \"mx.google.com\"; `optout check` shows it"
        ))
    }
}

fn run_secret_cmd(cmd: &str, mailbox: &str, key: &str) -> Result<Secret, String> {
    run_secret_cmd_within(cmd, mailbox, key, SECRET_CMD_TIMEOUT)
}

/// Run a secret command, killing it and whatever it started (its process
/// group) if it does not finish within `timeout`. Its output is never
/// logged nor put into an error message.
fn run_secret_cmd_within(
    cmd: &str,
    mailbox: &str,
    key: &str,
    timeout: Duration,
) -> Result<Secret, String> {
    use std::process::{Command, Stdio};
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so that a timeout kills its children too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command
        .spawn()
        .map_err(|e| format!("mailbox \"{mailbox}\": cannot run {key}: {e}"))?;
    let pid = child.id();
    // Waiting (for the exit and for both pipes to close) happens in a
    // thread, so that this one can give up.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(timeout) {
        Ok(out) => out.map_err(|e| format!("mailbox \"{mailbox}\": cannot run {key}: {e}"))?,
        Err(_) => {
            kill_process_group(pid);
            // Reap it: the pipes close once the group is gone.
            let _ = rx.recv_timeout(Duration::from_secs(5));
            return Err(format!(
                "mailbox \"{mailbox}\": {key} `{cmd}` did not finish within {} and was killed; run it by hand to see what it waits for (a locked keyring, a prompt on the terminal?)",
                humantime::format_duration(timeout)
            ));
        }
    };
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The shell's "command not found": say what to do about it.
        let hint = if out.status.code() == Some(127) {
            if cmd.trim_start().starts_with("secret-tool") {
                " (install it: apt install libsecret-tools)"
            } else {
                " (is the program installed and on PATH?)"
            }
        } else {
            ""
        };
        return Err(format!(
            "mailbox \"{mailbox}\": {key} `{cmd}` failed ({}): {}{hint}",
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

#[cfg(unix)]
fn kill_process_group(pgid: u32) {
    if let Ok(pgid) = libc::pid_t::try_from(pgid) {
        // SAFETY: kill(2) has no memory effects; a negative pid names the
        // process group the command leads (it was spawned with
        // process_group(0), so its group id is its pid).
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}
#[cfg(not(unix))]
fn kill_process_group(_: u32) {}

/// "unknown platform "facebok" (did you mean "facebook"?); known: facebook,
/// instagram, threads".
pub fn unknown_platform<S: AsRef<str>>(platform: &str, known: &[S]) -> String {
    let near = known
        .iter()
        .map(AsRef::as_ref)
        .filter(|k| edit_distance(k, platform) <= 2)
        .min_by_key(|k| edit_distance(k, platform));
    let known: Vec<&str> = known.iter().map(AsRef::as_ref).collect();
    let hint = near
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default();
    format!(
        "unknown platform \"{platform}\"{hint}; known: {}",
        known.join(", ")
    )
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
