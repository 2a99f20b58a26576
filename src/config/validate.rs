//! From the raw file to a [`Config`]: every check, each error naming the
//! file, line and key.

use super::error::{key_on_line, line_of, ConfigError};
use super::model::*;
use super::paths::resolve_path;
use super::raw::{HumanDuration, RawAccount, RawAlerts, RawConfig, RawMailbox};
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

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

/// The text being checked and where it came from, for error positions and
/// relative paths.
struct File<'a> {
    text: &'a str,
    path: &'a Path,
    /// The config file's folder: relative paths start here.
    base: &'a Path,
}

impl File<'_> {
    /// An error at `span`; the key is named, or read from the line.
    fn err_at(
        &self,
        span: Option<std::ops::Range<usize>>,
        key: Option<&str>,
        message: String,
    ) -> ConfigError {
        let line = span.map(|s| line_of(self.text, s.start));
        let key = key
            .map(str::to_owned)
            .or_else(|| line.and_then(|l| key_on_line(self.text, l)));
        ConfigError {
            path: self.path.to_owned(),
            line,
            key,
            message,
        }
    }

    /// A duration key: its default when absent, else within its limits.
    fn duration(
        &self,
        d: Option<Spanned<HumanDuration>>,
        key: &str,
        default: Duration,
        limits: &Limits,
        context: &str,
    ) -> Result<Duration, ConfigError> {
        let Some(d) = d else { return Ok(default) };
        let v = d.get_ref();
        if v.value < limits.min.0 || v.value > limits.max.0 {
            let (min, max) = (limits.min.1, limits.max.1);
            return Err(self.err_at(
                Some(d.span()),
                Some(key),
                format!(
                    "{context}{:?} is out of range; allowed: {min} to {max}{}",
                    v.text, limits.why
                ),
            ));
        }
        Ok(v.value)
    }

    /// One `[[mailbox]]`, checked against the ones before it.
    fn mailbox(
        &self,
        spanned: Spanned<RawMailbox>,
        earlier: &[Mailbox],
        warnings: &mut Vec<String>,
    ) -> Result<Mailbox, ConfigError> {
        let table_span = spanned.span();
        let m = spanned.into_inner();
        let name = m.name.get_ref().trim().to_owned();
        if name.is_empty() {
            return Err(self.err_at(
                Some(m.name.span()),
                Some("name"),
                "must not be empty".into(),
            ));
        }
        if earlier.iter().any(|x| x.name == name) {
            return Err(self.err_at(
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
                return Err(self.err_at(
                    Some(table_span),
                    None,
                    format!("{context}no way to log in: {ONE_OF}"),
                ))
            }
            1 => sources.pop().expect("one").2,
            _ => {
                let (first, first_span, _) = &sources[0];
                let (second, second_span, _) = &sources[1];
                return Err(self.err_at(
                    Some(second_span.clone()),
                    Some(second),
                    format!(
                        "{context}{second} and {first} (line {}) are both given; {ONE_OF}",
                        line_of(self.text, first_span.start)
                    ),
                ));
            }
        };
        let host = m.host.get_ref().trim().to_owned();
        let tls = m.tls.as_ref().map_or(Tls::default(), |t| *t.get_ref());
        if let Some(t) = m.tls.as_ref().filter(|t| *t.get_ref() == Tls::None) {
            if !is_loopback(&host) {
                return Err(self.err_at(
                    Some(t.span()),
                    Some("tls"),
                    format!(
                        "{context}tls = \"none\" would send your password unencrypted to {host}; it is allowed only for loopback hosts (localhost, 127.0.0.1, ::1). Use \"implicit\" (port 993) or \"starttls\" (port 143)"
                    ),
                ));
            }
        }
        if let Some(p) = m.port.as_ref().filter(|p| *p.get_ref() == 0) {
            return Err(self.err_at(
                Some(p.span()),
                Some("port"),
                format!("{context}port 0 is not a port; IMAP is 993 (implicit TLS) or 143"),
            ));
        }
        let authserv_id = match &m.authserv_id {
            None => None,
            Some(id) => Some(authserv_id(id.get_ref()).map_err(|why| {
                self.err_at(
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
                return Err(self.err_at(
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
        let poll_interval = self.duration(
            m.poll_interval,
            "poll_interval",
            default_poll(),
            poll_limits,
            &context,
        )?;
        let lookback = self.duration(
            m.lookback,
            "lookback",
            default_lookback(),
            &LOOKBACK,
            &context,
        )?;
        let idle_renew = self.duration(
            m.idle_renew,
            "idle_renew",
            default_idle_renew(),
            &IDLE_RENEW,
            &context,
        )?;
        Ok(Mailbox {
            port: m.port.map(Spanned::into_inner).unwrap_or(match tls {
                Tls::Implicit => 993,
                Tls::Starttls | Tls::None => 143,
            }),
            name,
            host,
            tls,
            user: m.user,
            secret,
            ca_file: m.ca_file.map(|p| resolve_path(self.base, &p)),
            folders: m.folders,
            trust: m.trust,
            authserv_id,
            connections,
            poll_interval,
            lookback,
            idle_renew,
        })
    }

    /// One `[[account]]`, checked against the accounts before it and the
    /// mailboxes; with the line of its `platform`.
    fn account(
        &self,
        spanned: Spanned<RawAccount>,
        earlier: &[Account],
        mailboxes: &[Mailbox],
    ) -> Result<(Account, usize), ConfigError> {
        let a = spanned.into_inner();
        let id = a.id.get_ref().trim().to_owned();
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(self.err_at(
                Some(a.id.span()),
                Some("id"),
                format!("account id {id:?} must be one word, e.g. \"fb-max\""),
            ));
        }
        if earlier.iter().any(|x| x.id == id) {
            return Err(self.err_at(
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
            return Err(self.err_at(
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
            return Err(self.err_at(
                Some(a.mailbox.span()),
                Some("mailbox"),
                format!(
                    "account \"{id}\": mailbox \"{mailbox}\" is not defined; defined: {defined}"
                ),
            ));
        }
        let platform_line = line_of(self.text, a.platform.span().start);
        Ok((
            Account {
                id,
                platform,
                mailbox,
                address: a.address.map(|s| s.trim().to_ascii_lowercase()),
            },
            platform_line,
        ))
    }

    /// `[alerts]`, defaults filled in.
    fn alerts(&self, raw_alerts: RawAlerts) -> Result<Alerts, ConfigError> {
        let defaults = Alerts::default();
        Ok(Alerts {
            desktop: raw_alerts.desktop.unwrap_or(defaults.desktop),
            command: raw_alerts.command,
            command_timeout: self.duration(
                raw_alerts.command_timeout,
                "command_timeout",
                defaults.command_timeout,
                &COMMAND_TIMEOUT,
                "",
            )?,
            language: raw_alerts.language,
            code_timeout: self.duration(
                raw_alerts.code_timeout,
                "code_timeout",
                defaults.code_timeout,
                &CODE_TIMEOUT,
                "",
            )?,
            reply_timeout: self.duration(
                raw_alerts.reply_timeout,
                "reply_timeout",
                defaults.reply_timeout,
                &REPLY_TIMEOUT,
                "",
            )?,
        })
    }
}

impl Config {
    /// Parse config text; `path` names the file in errors and anchors
    /// relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file = File {
            text,
            path,
            base: path.parent().unwrap_or(Path::new(".")),
        };
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| file.err_at(e.span(), None, e.message().trim().to_owned()))?;

        let mut mailboxes: Vec<Mailbox> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        for spanned in raw.mailbox {
            let m = file.mailbox(spanned, &mailboxes, &mut warnings)?;
            mailboxes.push(m);
        }
        let mut accounts: Vec<Account> = Vec::new();
        let mut lines = Lines::default();
        for spanned in raw.account {
            let (a, platform_line) = file.account(spanned, &accounts, &mailboxes)?;
            lines.account_platform.push(platform_line);
            accounts.push(a);
        }
        let alerts = file.alerts(raw.alerts)?;
        lines.rules_dir = raw
            .rules
            .dir
            .as_ref()
            .map(|d| line_of(text, d.span().start));
        let rules = Rules {
            dir: raw.rules.dir.map(|p| resolve_path(file.base, p.get_ref())),
        };
        let mut store = raw.store;
        store.path = store.path.map(|p| resolve_path(file.base, &p));
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

/// "unknown platform "facebok" (did you mean "facebook"?); known: facebook,
/// instagram, threads".
pub fn unknown_platform<S: AsRef<str>>(platform: &str, known: &[S]) -> String {
    let near = known
        .iter()
        .map(AsRef::as_ref)
        .map(|k| (k, strsim::levenshtein(k, platform)))
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k);
    let known: Vec<&str> = known.iter().map(AsRef::as_ref).collect();
    let hint = near
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default();
    format!(
        "unknown platform \"{platform}\"{hint}; known: {}",
        known.join(", ")
    )
}
