//! What a config means once it is checked: the types the rest of optout
//! works with.

use super::error::ConfigError;
use super::validate::unknown_platform_in;
use crate::text::Lang;
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

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
    /// `password_keyring = true`: the password `optout login` stored.
    Keyring,
    /// `oauth2 = true`: built-in OAuth2, the refresh token in the keyring.
    OAuth2,
}

impl SecretSource {
    /// The config key that names this source.
    pub fn key(&self) -> &'static str {
        match self {
            SecretSource::Password(_) => "password",
            SecretSource::PasswordCmd(_) => "password_cmd",
            SecretSource::PasswordEnv(_) => "password_env",
            SecretSource::OAuth2TokenCmd(_) => "oauth2_token_cmd",
            SecretSource::Keyring => "password_keyring",
            SecretSource::OAuth2 => "oauth2",
        }
    }
    /// Whether it yields an OAuth2 access token (not a password).
    pub fn is_oauth2(&self) -> bool {
        matches!(self, SecretSource::OAuth2TokenCmd(_) | SecretSource::OAuth2)
    }
}

/// The SASL mechanism for an OAuth2 access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sasl {
    /// Google's and Microsoft's `XOAUTH2`.
    Xoauth2,
    /// RFC 7628 `OAUTHBEARER`.
    Oauthbearer,
}

impl Sasl {
    pub fn name(self) -> &'static str {
        match self {
            Sasl::Xoauth2 => "XOAUTH2",
            Sasl::Oauthbearer => "OAUTHBEARER",
        }
    }
}

/// A mailbox's OAuth2 settings beyond the provider table (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuth2Settings {
    pub client_id: Option<String>,
    /// For providers that issue one even to desktop apps (Google, Yahoo),
    /// where it is not confidential.
    pub client_secret: Option<String>,
    pub auth_url: Option<String>,
    pub token_url: Option<String>,
    pub device_url: Option<String>,
    pub scopes: Option<Vec<String>>,
    /// Which SASL mechanism; default: XOAUTH2 if offered, else OAUTHBEARER.
    pub mechanism: Option<Sasl>,
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
    pub oauth2: OAuth2Settings,
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
    /// How long IDLE may hear nothing at all (not even the server's
    /// keepalive, Dovecot: every 2 min) before optout checks the
    /// connection with DONE and, unanswered, reconnects.
    pub idle_watchdog: Duration,
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
    /// A mailbox that cannot be watched this long raises one alert (while
    /// a code is expected on it: at most [`UNWATCHABLE_WHILE_EXPECTING`]).
    pub unwatchable_after: Duration,
    /// How long a one-time code can be entered after it arrived.
    pub code_valid: Duration,
}

/// The unwatchable threshold while a code is expected on the mailbox.
pub const UNWATCHABLE_WHILE_EXPECTING: Duration = Duration::from_secs(2 * 60);

impl Default for Alerts {
    fn default() -> Self {
        Alerts {
            desktop: true,
            command: None,
            command_timeout: Duration::from_secs(30),
            language: None,
            code_timeout: Duration::from_secs(15 * 60),
            reply_timeout: Duration::from_secs(7 * 24 * 3600),
            unwatchable_after: Duration::from_secs(10 * 60),
            code_valid: Duration::from_secs(3600),
        }
    }
}

impl Alerts {
    pub fn timeouts(&self) -> crate::tracker::Timeouts {
        crate::tracker::Timeouts {
            code_timeout: self.code_timeout,
            reply_timeout: self.reply_timeout,
            code_valid: self.code_valid,
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
    pub(super) lines: Lines,
}

/// Line numbers of keys that are checked against things outside the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Lines {
    /// The `platform` line of each account, in `accounts` order.
    pub(super) account_platform: Vec<usize>,
    /// The `dir` line of `[rules]`.
    pub(super) rules_dir: Option<usize>,
}

impl Config {
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
                    message: crate::t!(
                        self.alerts.lang(),
                        "config-account-platform",
                        id = &a.id,
                        problem = unknown_platform_in(self.alerts.lang(), &a.platform, known)
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
    /// For `watch` and `check`: a config with no mailbox, or no account,
    /// watches nothing, which is a mistake to say rather than to run.
    pub fn check_watches_something(&self) -> Result<(), ConfigError> {
        let lang = self.alerts.lang();
        let (key, message) = if self.mailboxes.is_empty() {
            ("mailbox", crate::t!(lang, "config-watches-no-mailbox"))
        } else if self.accounts.is_empty() {
            ("account", crate::t!(lang, "config-watches-no-account"))
        } else {
            return Ok(());
        };
        Err(ConfigError {
            path: self.path.clone(),
            line: None,
            key: Some(key.into()),
            message,
        })
    }

    pub fn mailbox(&self, name: &str) -> Option<&Mailbox> {
        self.mailboxes.iter().find(|m| m.name == name)
    }
}

impl Mailbox {
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

/// Whether a host name or address is this machine (plain IMAP is allowed
/// only there).
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
