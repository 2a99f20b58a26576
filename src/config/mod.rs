//! The TOML config: parsing, validation with errors that name the file,
//! line and key, and resolving secrets (password, command, environment).
//!
//! - [`raw`]: the file as written (serde, with positions);
//! - [`validate`]: raw → [`Config`], every check and its error;
//! - [`model`]: the checked types the rest of optout uses;
//! - [`error`]: [`ConfigError`] and line lookup;
//! - [`paths`]: default locations, `~` and relative paths;
//!
//! Fetching the credential a mailbox names is `crate::secret`'s job.

mod error;
mod explain;
mod model;
mod paths;
mod raw;
mod validate;

pub use crate::secret::SECRET_CMD_TIMEOUT;
pub use error::ConfigError;
pub use model::{
    is_loopback, Account, Alerts, Config, Credential, Mailbox, OAuth2Settings, Rules, Sasl, Secret,
    SecretSource, StoreConfig, Tls, Trust, TrustPolicy, UNWATCHABLE_WHILE_EXPECTING,
};
pub use validate::{authserv_id, unknown_platform, unknown_platform_in};

use crate::t;
use crate::text::Lang;
use std::path::Path;

impl Config {
    /// Read and validate a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError {
                    path: path.to_owned(),
                    line: None,
                    key: None,
                    message: t!(Lang::from_env(), "config-no-file"),
                })
            }
            Err(e) => {
                return Err(ConfigError {
                    path: path.to_owned(),
                    line: None,
                    key: None,
                    message: t!(
                        Lang::from_env(),
                        "config-cannot-read",
                        error = e.to_string()
                    ),
                })
            }
        };
        let mut config = Self::parse(&text, path)?;
        if config
            .mailboxes
            .iter()
            .any(|m| matches!(m.secret, SecretSource::Password(_)))
            && paths::readable_by_others(path)
        {
            let warning = t!(
                config.alerts.lang(),
                "config-password-readable",
                path = path.display()
            );
            config.warnings.push(warning);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests;
