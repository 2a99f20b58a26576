//! The config as written in the file, with positions for error messages.

use super::model::{Sasl, Secret, StoreConfig, Tls, Trust};
use crate::text::Lang;
use serde::{Deserialize, Deserializer};
use std::path::PathBuf;
use std::time::Duration;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub(super) mailbox: Vec<Spanned<RawMailbox>>,
    #[serde(default)]
    pub(super) account: Vec<Spanned<RawAccount>>,
    #[serde(default)]
    pub(super) alerts: RawAlerts,
    #[serde(default)]
    pub(super) rules: RawRules,
    #[serde(default)]
    pub(super) store: StoreConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMailbox {
    pub(super) name: Spanned<String>,
    pub(super) host: Spanned<String>,
    pub(super) port: Option<Spanned<u16>>,
    pub(super) tls: Option<Spanned<Tls>>,
    pub(super) user: String,
    pub(super) password: Option<Spanned<Secret>>,
    pub(super) password_cmd: Option<Spanned<String>>,
    pub(super) password_env: Option<Spanned<String>>,
    pub(super) oauth2_token_cmd: Option<Spanned<String>>,
    /// The password `optout login` stored in the OS keyring.
    pub(super) password_keyring: Option<Spanned<bool>>,
    /// Built-in OAuth2: the refresh token `optout login` stored in the
    /// OS keyring; the overrides below change the provider's defaults.
    pub(super) oauth2: Option<Spanned<bool>>,
    pub(super) oauth2_client_id: Option<String>,
    pub(super) oauth2_client_secret: Option<String>,
    pub(super) oauth2_auth_url: Option<String>,
    pub(super) oauth2_token_url: Option<String>,
    pub(super) oauth2_device_url: Option<String>,
    pub(super) oauth2_scopes: Option<Vec<String>>,
    pub(super) oauth2_mechanism: Option<Sasl>,
    pub(super) ca_file: Option<PathBuf>,
    pub(super) cert_sha256: Option<String>,
    pub(super) folders: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub(super) trust: Trust,
    pub(super) authserv_id: Option<Spanned<String>>,
    pub(super) connections: Option<Spanned<u32>>,
    pub(super) poll_interval: Option<Spanned<HumanDuration>>,
    pub(super) lookback: Option<Spanned<HumanDuration>>,
    pub(super) idle_renew: Option<Spanned<HumanDuration>>,
    pub(super) idle_watchdog: Option<Spanned<HumanDuration>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccount {
    pub(super) id: Spanned<String>,
    pub(super) platform: Spanned<String>,
    pub(super) mailbox: Spanned<String>,
    pub(super) address: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlerts {
    pub(super) desktop: Option<bool>,
    pub(super) command: Option<String>,
    pub(super) command_timeout: Option<Spanned<HumanDuration>>,
    pub(super) language: Option<Lang>,
    pub(super) code_timeout: Option<Spanned<HumanDuration>>,
    pub(super) reply_timeout: Option<Spanned<HumanDuration>>,
    pub(super) unwatchable_after: Option<Spanned<HumanDuration>>,
    pub(super) code_valid: Option<Spanned<HumanDuration>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRules {
    pub(super) dir: Option<Spanned<PathBuf>>,
}

/// A duration as people write it ("15m", "7d", "1h 30m"), and as written.
pub(super) struct HumanDuration {
    pub(super) value: Duration,
    pub(super) text: String,
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        // Written in words by `explain`, in the person's language.
        let value = humantime::parse_duration(&text).map_err(|_| {
            serde::de::Error::custom(format!("{}{text:?}", super::explain::BAD_DURATION))
        })?;
        Ok(HumanDuration { value, text })
    }
}
