//! `optout login MAILBOX`: sign in once, keep the secret in the OS
//! keyring, and write into the config how the mailbox signs in from now
//! on (and the spam folder the server has).
//!
//! - a password: asked without echo (or one line from stdin), tried at the
//!   server, then stored; the mailbox gets `password_keyring = true`;
//! - OAuth2 ([`oauth2`]): the browser (or a device code), the tokens into
//!   the keyring; the mailbox gets `oauth2 = true`, and
//!   `crate::secret::oauth2` renews the access from then on;
//! - [`providers`]: the provider table and a mailbox's endpoints;
//! - [`edit`]: the config change, keeping the person's comments.

pub mod edit;
pub mod oauth2;
mod prompt;
pub mod providers;

use crate::cli::UsageError;
use crate::config::{Config, Credential, Mailbox, Secret, SecretSource};
use crate::imap::{self, ImapError, WatchedFolder};
use crate::secret::keyring::{self, KeyringError, Kind};
use crate::t;
use crate::text::Lang;
use anyhow::{anyhow, Result};
use std::io::{IsTerminal, Write};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Password,
    OAuth2,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--password` or `--oauth2`.
    pub method: Option<Method>,
    pub password_stdin: bool,
    pub no_browser: bool,
    pub device: bool,
}

/// How a mailbox signs in unless told otherwise (pure): OAuth2 if it
/// says so already, or if its provider refuses passwords over IMAP.
pub fn method_for(m: &Mailbox, forced: Option<Method>) -> Method {
    if let Some(f) = forced {
        return f;
    }
    if m.secret.is_oauth2() || providers::of_host(&m.host).is_some_and(|p| !p.passwords) {
        Method::OAuth2
    } else {
        Method::Password
    }
}

/// The name of the keyring, for the message after a sign-in.
fn store_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "Keychain"
    } else if cfg!(windows) {
        "Credential Manager"
    } else {
        "Secret Service"
    }
}

/// Why login cannot go on: no keyring. Said before the person types a
/// password in vain.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoKeyring(String);

fn keyring_first(m: &Mailbox, lang: Lang) -> Result<()> {
    match keyring::available() {
        Ok(()) => Ok(()),
        Err(e @ KeyringError::Unavailable(_)) => {
            Err(NoKeyring(crate::secret::keyring_problem(m, &e, lang)).into())
        }
        Err(e) => Err(anyhow!(crate::secret::keyring_problem(m, &e, lang))),
    }
}

/// `optout login MAILBOX [options]`.
pub fn run(cfg: &Config, mailbox: &str, opts: &Options) -> Result<()> {
    let lang = cfg.alerts.lang();
    let m = cfg
        .mailboxes
        .iter()
        .find(|m| m.name == mailbox)
        .or_else(|| {
            // `optout login max@gmx.de`: the address, if one mailbox has it.
            let mut by_user = cfg
                .mailboxes
                .iter()
                .filter(|m| m.user.eq_ignore_ascii_case(mailbox));
            by_user.next().filter(|_| by_user.next().is_none())
        })
        .ok_or_else(|| {
            let known: Vec<_> = cfg.mailboxes.iter().map(|m| m.name.as_str()).collect();
            UsageError(t!(
                lang,
                "login-unknown-mailbox",
                name = mailbox,
                known = known.join(", ")
            ))
        })?;
    match method_for(m, opts.method) {
        Method::Password => password(cfg, m, opts, lang),
        Method::OAuth2 => oauth2_login(cfg, m, opts, lang),
    }
}

/// Log in with `credential`, list the folders, log out.
fn try_login(m: &Mailbox, credential: Credential) -> Result<Vec<WatchedFolder>, ImapError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ImapError::new(m.name.clone(), e.to_string()))?;
    runtime.block_on(async {
        let mut conn = imap::connect_with(m, credential).await?;
        let folders = imap::discover(&mut conn.session, m).await?;
        conn.logout().await;
        Ok(folders)
    })
}

fn password(cfg: &Config, m: &Mailbox, opts: &Options, lang: Lang) -> Result<()> {
    keyring_first(m, lang)?;
    let secret = if opts.password_stdin {
        prompt::read_line_from_stdin()?
    } else if std::io::stdin().is_terminal() {
        prompt::ask_hidden(&t!(
            lang,
            "login-ask-password",
            user = m.user.as_str(),
            host = m.host.as_str()
        ))?
    } else {
        return Err(UsageError(t!(lang, "login-not-a-terminal", mailbox = m.name.as_str())).into());
    };
    if secret.is_empty() {
        return Err(UsageError(t!(lang, "login-empty-password")).into());
    }
    let secret = Secret::new(secret);
    eprintln!("{}", t!(lang, "login-trying", host = m.host.as_str()));
    keep_if_it_opens(
        cfg,
        m,
        Credential::Password(secret.clone()),
        "password_keyring",
        || {
            keyring::set(m, Kind::Password, &secret)
                .map_err(|e| anyhow!(crate::secret::keyring_problem(m, &e, lang)))
        },
        lang,
    )?;
    println!(
        "{}",
        t!(
            lang,
            "login-password-stored",
            host = m.host.as_str(),
            user = m.user.as_str(),
            store = store_name(),
            mailbox = m.name.as_str(),
            path = cfg.path.display()
        )
    );
    Ok(())
}

/// The one path of every sign-in: `credential` must open the mailbox
/// before `store` keeps it; then the config names `key` and the spam
/// folder the server has.
fn keep_if_it_opens(
    cfg: &Config,
    m: &Mailbox,
    credential: Credential,
    key: &str,
    store: impl FnOnce() -> Result<()>,
    lang: Lang,
) -> Result<()> {
    let folders = try_login(m, credential)
        .map_err(|e| anyhow!("{} {}", e.explained(lang), t!(lang, "login-nothing-stored")))?;
    store()?;
    finish(cfg, m, key, &folders, lang);
    Ok(())
}

fn oauth2_login(cfg: &Config, m: &Mailbox, opts: &Options, lang: Lang) -> Result<()> {
    let e = providers::resolve(m).map_err(|e| UsageError(e.explain(lang)))?;
    keyring_first(m, lang)?;
    let minutes = oauth2::SIGN_IN_TIMEOUT.as_secs() / 60;
    let flow_error = |err: oauth2::FlowError| anyhow!(err.explain(&e, &m.name, lang));
    // A code to enter elsewhere: asked for, or no browser here (a Linux
    // session without a display, e.g. over ssh), where the provider has it.
    let headless = cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none();
    if opts.device && e.device_url.is_none() {
        return Err(UsageError(t!(
            lang,
            "login-oauth2-no-device",
            provider = e.provider.as_str(),
            mailbox = m.name.as_str()
        ))
        .into());
    }
    let device = opts.device || (headless && !opts.no_browser);
    let tokens = match (&e.device_url, device) {
        (Some(device_url), true) => {
            let d = oauth2::device_code(&e, device_url).map_err(flow_error)?;
            println!(
                "{}",
                t!(
                    lang,
                    "login-oauth2-device",
                    url = d.verification_uri.as_str(),
                    code = d.user_code.as_str(),
                    minutes = d.expires_in / 60
                )
            );
            oauth2::poll_device(&e, &d).map_err(flow_error)?
        }
        _ => {
            let listener = oauth2::Loopback::bind().map_err(flow_error)?;
            let pkce = oauth2::Pkce::new();
            let state = oauth2::Pkce::new().verifier;
            let url = oauth2::authorize_url(&e, &listener.redirect_uri, &state, &pkce, &m.user);
            let opened = !opts.no_browser && open::that_detached(&url).is_ok();
            let intro = if opened {
                t!(lang, "login-oauth2-opened", provider = e.provider.as_str())
            } else {
                t!(lang, "login-oauth2-open", provider = e.provider.as_str())
            };
            println!("{intro}\n\n  {url}\n");
            println!("{}", t!(lang, "login-oauth2-waiting", minutes = minutes));
            let _ = std::io::stdout().flush();
            let code = listener
                .wait_for_code(&state, Instant::now() + oauth2::SIGN_IN_TIMEOUT, lang)
                .map_err(flow_error)?;
            oauth2::exchange_code(&e, &code, &listener.redirect_uri, &pkce).map_err(flow_error)?
        }
    };
    if tokens.refresh_token.is_none() {
        return Err(anyhow!(t!(
            lang,
            "login-oauth2-no-refresh-token",
            mailbox = m.name.as_str()
        )));
    }
    // The token must open the mailbox before it is kept.
    let mut as_oauth2 = m.clone();
    as_oauth2.secret = SecretSource::OAuth2;
    keep_if_it_opens(
        cfg,
        &as_oauth2,
        Credential::OAuth2Token(tokens.access_token.clone()),
        "oauth2",
        || crate::secret::oauth2::store(m, &tokens, None).map_err(|e| anyhow!(e)),
        lang,
    )?;
    println!(
        "{}",
        t!(
            lang,
            "login-oauth2-stored",
            provider = e.provider.as_str(),
            user = m.user.as_str(),
            store = store_name(),
            mailbox = m.name.as_str(),
            path = cfg.path.display()
        )
    );
    Ok(())
}

/// After a sign-in: the config names the new source, and the spam folder
/// found on the server (unless the person listed folders themselves).
fn finish(cfg: &Config, m: &Mailbox, key: &str, folders: &[WatchedFolder], lang: Lang) {
    if let Err(err) = edit::set_source(&cfg.path, &m.name, key) {
        eprintln!(
            "{}",
            t!(
                lang,
                "login-config-failed",
                path = cfg.path.display(),
                detail = err.to_string(),
                key = key,
                mailbox = m.name.as_str()
            )
        );
    }
    let spam = folders.iter().find(|f| f.is_spam);
    if let (None, Some(spam)) = (&m.folders, spam) {
        match crate::init::write_spam_folder(&cfg.path, &m.name, &spam.name) {
            Ok(true) => println!(
                "{}",
                t!(
                    lang,
                    "init-spam-written",
                    folder = &spam.name,
                    path = cfg.path.display()
                )
            ),
            Ok(false) => {}
            Err(e) => tracing::warn!(
                "cannot write the spam folder into {}: {e}",
                cfg.path.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn mailbox(host: &str, login: &str) -> Mailbox {
        let text = format!("[[mailbox]]\nname = \"m\"\nhost = \"{host}\"\nuser = \"u\"\n{login}\n");
        Config::parse(&text, Path::new("c.toml"))
            .unwrap()
            .mailboxes
            .remove(0)
    }

    #[test]
    fn outlook_and_oauth2_mailboxes_sign_in_with_oauth2_others_with_a_password() {
        let env = "password_env = \"X\"";
        assert_eq!(
            method_for(&mailbox("imap.gmx.net", env), None),
            Method::Password
        );
        assert_eq!(
            method_for(&mailbox("imap.gmail.com", env), None),
            Method::Password
        );
        assert_eq!(
            method_for(&mailbox("outlook.office365.com", env), None),
            Method::OAuth2
        );
        assert_eq!(
            method_for(&mailbox("imap.gmx.net", "oauth2_token_cmd = \"x\""), None),
            Method::OAuth2
        );
        assert_eq!(
            method_for(&mailbox("imap.x.de", "oauth2 = true"), None),
            Method::OAuth2
        );
        assert_eq!(
            method_for(
                &mailbox("outlook.office365.com", env),
                Some(Method::Password)
            ),
            Method::Password
        );
    }
}
