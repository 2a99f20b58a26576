//! Every way to a mailbox's credential, in one place: the password in the
//! config, an environment variable, a command (`password_cmd`,
//! `oauth2_token_cmd`), the OS keyring (`password_keyring`), and built-in
//! OAuth2 (a refresh token in the keyring, access tokens refreshed here).
//!
//! - [`run`]: the one subprocess runner (process group, deadline, kill);
//! - [`command`]: secret commands on top of it;
//! - [`keyring`]: the OS keyring, stores picked per platform;
//! - [`oauth2`]: the token endpoint and the access-token cache.

pub mod command;
pub mod keyring;
pub mod oauth2;
pub mod run;

pub use command::SECRET_CMD_TIMEOUT;

use crate::config::{Credential, Mailbox, Secret, SecretSource};
use crate::t;
use crate::text::Lang;
use command::run_secret_cmd;
use keyring::{KeyringError, Kind};

impl Mailbox {
    /// Fetch the password or token. Blocking (a command, the keyring, the
    /// token endpoint); nothing is cached on disk, an OAuth2 access token
    /// only in memory until shortly before it expires.
    pub fn credential(&self) -> Result<Credential, String> {
        match &self.secret {
            SecretSource::Password(p) => Ok(Credential::Password(p.clone())),
            SecretSource::PasswordEnv(var) => std::env::var(var)
                .map(|v| Credential::Password(Secret::new(v)))
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
            SecretSource::Keyring => keyring::get(self, Kind::Password)
                .map(Credential::Password)
                .map_err(|e| keyring_problem(self, &e, Lang::from_env())),
            SecretSource::OAuth2 => oauth2::access_token(self).map(Credential::OAuth2Token),
        }
    }
}

/// Why the keyring gave nothing, and what to do, in the person's language.
pub fn keyring_problem(m: &Mailbox, e: &KeyringError, lang: Lang) -> String {
    match e {
        KeyringError::Unavailable(detail) => {
            // The D-Bus detail helps whoever debugs it (-v), not the person.
            tracing::debug!("no keyring: {detail}");
            format!(
                "{} {}",
                t!(lang, "login-no-keyring"),
                t!(lang, "login-no-keyring-alternatives")
            )
        }
        KeyringError::Locked(detail) => t!(
            lang,
            "login-keyring-locked",
            mailbox = m.name.as_str(),
            detail = detail.as_str()
        ),
        KeyringError::Missing(_) => t!(
            lang,
            "login-keyring-missing",
            mailbox = m.name.as_str(),
            account = keyring::account_of(m)
        ),
        KeyringError::Failed(detail) => t!(
            lang,
            "login-keyring-failed",
            mailbox = m.name.as_str(),
            detail = detail.as_str()
        ),
    }
}
