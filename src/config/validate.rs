//! From the raw file to a [`Config`]: every check, each error naming the
//! file, line and key.

use super::error::{key_on_line, line_of, ConfigError};
use super::explain::{self, Problem};
use super::model::*;
use super::paths::resolve_path;
use super::raw::{HumanDuration, RawAccount, RawAlerts, RawConfig, RawMailbox};
use crate::t;
use crate::text::Lang;
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

/// The allowed values of a duration key: `min..=max`, both as the error
/// message writes them, and why, when that is not obvious.
struct Limits {
    min: (Duration, &'static str),
    max: (Duration, &'static str),
    why: Why,
}

/// Why a duration range is what it is, when that is not obvious.
#[derive(Clone, Copy)]
enum Why {
    Obvious,
    PollInterval,
    IdleRenew,
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
    why: Why::PollInterval,
};
/// `poll_interval` for a loopback host: nobody else's server.
const POLL_INTERVAL_LOOPBACK: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(DAY), "1d"),
    why: Why::Obvious,
};
/// `idle_renew`: RFC 2177 lets servers end an IDLE after 30 minutes.
const IDLE_RENEW: Limits = Limits {
    min: (secs(MINUTE), "1m"),
    max: (secs(29 * MINUTE), "29m"),
    why: Why::IdleRenew,
};
/// `idle_watchdog`: the server's own keepalive interval plus a margin.
const IDLE_WATCHDOG: Limits = Limits {
    min: (secs(5), "5s"),
    max: (secs(29 * MINUTE), "29m"),
    why: Why::Obvious,
};
const UNWATCHABLE_AFTER: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(DAY), "1d"),
    why: Why::Obvious,
};
/// `lookback`: at least a day; at most ten years (IMAP SEARCH SINCE wants
/// a date, and nobody's objection is older).
const LOOKBACK: Limits = Limits {
    min: (secs(DAY), "1d"),
    max: (secs(3650 * DAY), "3650d (10 years)"),
    why: Why::Obvious,
};
const CODE_TIMEOUT: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(365 * DAY), "365d"),
    why: Why::Obvious,
};
const REPLY_TIMEOUT: Limits = CODE_TIMEOUT;
/// `code_valid`: Meta's codes last minutes to hours; a month is surely
/// past any code's life.
const CODE_VALID: Limits = Limits {
    min: (secs(60), "1m"),
    max: (secs(30 * DAY), "30d"),
    why: Why::Obvious,
};
const COMMAND_TIMEOUT: Limits = Limits {
    min: (secs(1), "1s"),
    max: (secs(HOUR), "1h"),
    why: Why::Obvious,
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
/// Dovecot's `* OK Still here` comes every 2 minutes; 30 s of margin.
fn default_idle_watchdog() -> Duration {
    Duration::from_secs(150)
}

/// The text being checked and where it came from, for error positions and
/// relative paths.
struct File<'a> {
    text: &'a str,
    /// The language of the messages: `[alerts] language`, else the locale.
    lang: Lang,
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

    /// The parser's error in plain words, naming the key.
    fn parser_error(&self, e: &toml::de::Error) -> ConfigError {
        let problem = Problem::read(e.message());
        let line = e.span().map(|s| line_of(self.text, s.start));
        let line_text = line.and_then(|l| self.text.lines().nth(l - 1));
        let key = explain::key_of(&problem)
            .map(str::to_owned)
            .or_else(|| line.and_then(|l| key_on_line(self.text, l)));
        ConfigError {
            path: self.path.to_owned(),
            line,
            message: explain::explain(self.lang, &problem, line_text, key.as_deref()),
            key,
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
            return Err(self.err_at(Some(d.span()), Some(key), {
                let lang = self.lang;
                let why = match limits.why {
                    Why::Obvious => String::new(),
                    Why::PollInterval => t!(lang, "config-why-poll-interval"),
                    Why::IdleRenew => t!(lang, "config-why-idle-renew"),
                };
                let range = t!(
                    lang,
                    "config-out-of-range",
                    value = format!("{:?}", v.text),
                    min = min,
                    max = max
                );
                format!("{context}{range}{why}")
            }));
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
        let lang = self.lang;
        let name = m.name.get_ref().trim().to_owned();
        if name.is_empty() {
            return Err(self.err_at(
                Some(m.name.span()),
                Some("name"),
                t!(lang, "config-mailbox-name-empty"),
            ));
        }
        if earlier.iter().any(|x| x.name == name) {
            return Err(self.err_at(
                Some(m.name.span()),
                Some("name"),
                t!(lang, "config-mailbox-twice", name = &name),
            ));
        }
        let context = format!("{}: ", t!(lang, "config-in-mailbox", name = &name));
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
        if let Some(k) = m.password_keyring.filter(|k| *k.get_ref()) {
            sources.push(("password_keyring", k.span(), SecretSource::Keyring));
        }
        if let Some(o) = m.oauth2.filter(|o| *o.get_ref()) {
            sources.push(("oauth2", o.span(), SecretSource::OAuth2));
        }
        let oauth2 = OAuth2Settings {
            client_id: m.oauth2_client_id.filter(|s| !s.trim().is_empty()),
            client_secret: m.oauth2_client_secret.filter(|s| !s.trim().is_empty()),
            auth_url: m.oauth2_auth_url,
            token_url: m.oauth2_token_url,
            device_url: m.oauth2_device_url,
            scopes: m.oauth2_scopes,
            mechanism: m.oauth2_mechanism,
        };
        sources.sort_by_key(|(_, span, _)| span.start);
        let secret = match sources.len() {
            0 => {
                return Err(self.err_at(
                    Some(table_span),
                    None,
                    format!("{context}{}", t!(lang, "config-no-login")),
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
                        "{context}{}",
                        t!(
                            lang,
                            "config-two-logins",
                            first = *first,
                            second = *second,
                            line = line_of(self.text, first_span.start)
                        )
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
                        "{context}{}",
                        t!(lang, "config-tls-none-remote", host = &host)
                    ),
                ));
            }
        }
        if let Some(p) = m.port.as_ref().filter(|p| *p.get_ref() == 0) {
            return Err(self.err_at(
                Some(p.span()),
                Some("port"),
                format!("{context}{}", t!(lang, "config-port-zero")),
            ));
        }
        let authserv_id = match &m.authserv_id {
            None => None,
            Some(id) => Some(authserv_id(id.get_ref()).map_err(|_| {
                self.err_at(
                    Some(id.span()),
                    Some("authserv_id"),
                    format!(
                        "{context}{}",
                        t!(
                            lang,
                            "config-authserv-id",
                            value = format!("{:?}", id.get_ref())
                        )
                    ),
                )
            })?),
        };
        if authserv_id.is_some() && m.trust == Trust::SenderDomain {
            warnings.push(format!(
                "{context}{}",
                t!(lang, "config-authserv-id-no-effect")
            ));
        }
        let connections = match m.connections {
            None => 2,
            Some(c) if *c.get_ref() == 0 => {
                return Err(self.err_at(
                    Some(c.span()),
                    Some("connections"),
                    format!("{context}{}", t!(lang, "config-connections-zero")),
                ))
            }
            Some(c) => c.into_inner(),
        };
        if let Some(folders) = &m.folders {
            if folders.get_ref().is_empty() {
                return Err(self.err_at(
                    Some(folders.span()),
                    Some("folders"),
                    format!("{context}{}", t!(lang, "config-folders-empty")),
                ));
            }
            if folders.get_ref().iter().any(|f| f.trim().is_empty()) {
                return Err(self.err_at(
                    Some(folders.span()),
                    Some("folders"),
                    format!("{context}{}", t!(lang, "config-folder-name-empty")),
                ));
            }
        }
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
        let idle_watchdog = self.duration(
            m.idle_watchdog,
            "idle_watchdog",
            default_idle_watchdog(),
            &IDLE_WATCHDOG,
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
            oauth2,
            ca_file: m.ca_file.map(|p| resolve_path(self.base, &p)),
            cert_sha256: m.cert_sha256,
            folders: m.folders.map(Spanned::into_inner),
            trust: m.trust,
            authserv_id,
            connections,
            poll_interval,
            lookback,
            idle_renew,
            idle_watchdog,
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
        let lang = self.lang;
        let id = a.id.get_ref().trim().to_owned();
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(self.err_at(
                Some(a.id.span()),
                Some("id"),
                t!(lang, "config-account-id-word", id = format!("{id:?}")),
            ));
        }
        if earlier.iter().any(|x| x.id == id) {
            return Err(self.err_at(
                Some(a.id.span()),
                Some("id"),
                t!(lang, "config-account-twice", id = &id),
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
                t!(
                    lang,
                    "config-platform-plain",
                    id = &id,
                    value = format!("{:?}", a.platform.get_ref())
                ),
            ));
        }
        let mailbox = a.mailbox.get_ref().trim().to_owned();
        if !mailboxes.iter().any(|m| m.name == mailbox) {
            let defined: Vec<_> = mailboxes.iter().map(|m| m.name.as_str()).collect();
            let defined = if defined.is_empty() {
                t!(lang, "config-no-mailbox-defined")
            } else {
                defined.join(", ")
            };
            return Err(self.err_at(
                Some(a.mailbox.span()),
                Some("mailbox"),
                t!(
                    lang,
                    "config-mailbox-undefined",
                    id = &id,
                    mailbox = &mailbox,
                    defined = defined
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
            unwatchable_after: self.duration(
                raw_alerts.unwatchable_after,
                "unwatchable_after",
                defaults.unwatchable_after,
                &UNWATCHABLE_AFTER,
                "",
            )?,
            code_valid: self.duration(
                raw_alerts.code_valid,
                "code_valid",
                defaults.code_valid,
                &CODE_VALID,
                "",
            )?,
        })
    }
}

/// The language of the config's messages: its `[alerts] language` when
/// the file says (and can be read far enough to tell), else the locale.
fn language_of(text: &str) -> Lang {
    let said = toml::from_str::<toml::Table>(text).ok().and_then(|t| {
        match t.get("alerts")?.get("language")?.as_str()? {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    });
    said.unwrap_or_else(Lang::from_env)
}

impl Config {
    /// Parse config text; `path` names the file in errors and anchors
    /// relative paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file = File {
            text,
            lang: language_of(text),
            path,
            base: path.parent().unwrap_or(Path::new(".")),
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| file.parser_error(&e))?;

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
/// instagram, threads", in the locale's language.
pub fn unknown_platform<S: AsRef<str>>(platform: &str, known: &[S]) -> String {
    unknown_platform_in(Lang::from_env(), platform, known)
}

/// [`unknown_platform`] in `lang`.
pub fn unknown_platform_in<S: AsRef<str>>(lang: Lang, platform: &str, known: &[S]) -> String {
    let hint = explain::did_you_mean(
        lang,
        explain::nearest(platform, known.iter().map(AsRef::as_ref)),
    );
    let known: Vec<&str> = known.iter().map(AsRef::as_ref).collect();
    t!(
        lang,
        "config-unknown-platform",
        platform = platform,
        hint = hint,
        known = known.join(", ")
    )
}
