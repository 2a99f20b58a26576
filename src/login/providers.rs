//! The OAuth2 provider table (providers.toml, compiled in) and a mailbox's
//! endpoints: the table's entry for its host, overridden by the
//! mailbox's own `oauth2_*` keys.

use crate::config::{is_loopback, Mailbox};
use crate::discover::http::host_of;
use crate::t;
use crate::text::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    pub hosts: Vec<String>,
    pub auth_url: String,
    pub token_url: String,
    pub device_url: Option<String>,
    pub scopes: Vec<String>,
    pub client_id: String,
    pub register: String,
    #[serde(default)]
    pub auth_params: BTreeMap<String, String>,
    #[serde(default = "yes")]
    pub passwords: bool,
}

fn yes() -> bool {
    true
}

static TABLE: LazyLock<BTreeMap<String, Provider>> = LazyLock::new(|| {
    toml::from_str(include_str!("providers.toml")).expect("providers.toml is valid")
});

/// The provider that serves this IMAP host, if the table knows it.
pub fn of_host(host: &str) -> Option<&'static Provider> {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    TABLE.values().find(|p| {
        p.hosts
            .iter()
            .any(|d| h == *d || h.ends_with(&format!(".{d}")))
    })
}

/// Everything the flows and the refresh need, for one mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// For messages: the provider's name, or the token URL's host.
    pub provider: String,
    pub auth_url: String,
    pub token_url: String,
    pub device_url: Option<String>,
    pub scopes: Vec<String>,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Extra parameters of the authorization request.
    pub auth_params: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// Neither the table nor the mailbox names the endpoints.
    #[error("no OAuth2 endpoints known for {host}")]
    Unknown { mailbox: String, host: String },
    /// The provider is known but optout has no client id for it.
    #[error("no oauth2_client_id for {provider}")]
    NoClientId {
        mailbox: String,
        provider: String,
        register: String,
    },
    /// Tokens would travel in plain text.
    #[error("{url} is not https")]
    Insecure { mailbox: String, url: String },
}

impl SetupError {
    /// What is wrong and what to do, in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            SetupError::Unknown { mailbox, host } => {
                t!(lang, "login-oauth2-unknown", mailbox = mailbox, host = host)
            }
            SetupError::NoClientId {
                mailbox,
                provider,
                register,
            } => t!(
                lang,
                "login-oauth2-no-client-id",
                mailbox = mailbox,
                provider = provider,
                register = register
            ),
            SetupError::Insecure { mailbox, url } => {
                t!(lang, "login-oauth2-insecure", mailbox = mailbox, url = url)
            }
        }
    }
}

/// The mailbox's endpoints: its `oauth2_*` keys over the table's entry.
pub fn resolve(m: &Mailbox) -> Result<Endpoints, SetupError> {
    let table = of_host(&m.host);
    let o = &m.oauth2;
    let pick = |own: &Option<String>, from_table: Option<&String>| {
        own.clone().or_else(|| from_table.cloned())
    };
    let auth_url = pick(&o.auth_url, table.map(|p| &p.auth_url));
    let token_url = pick(&o.token_url, table.map(|p| &p.token_url));
    let (Some(auth_url), Some(token_url)) = (auth_url, token_url) else {
        return Err(SetupError::Unknown {
            mailbox: m.name.clone(),
            host: m.host.clone(),
        });
    };
    let device_url = o
        .device_url
        .clone()
        .or_else(|| table.and_then(|p| p.device_url.clone()));
    for url in [Some(&auth_url), Some(&token_url), device_url.as_ref()]
        .into_iter()
        .flatten()
    {
        // Plain http only to this machine (a local authorization server).
        let loopback = host_of(url).is_some_and(|h| is_loopback(&h));
        let secure = url.starts_with("https://") || (url.starts_with("http://") && loopback);
        if !secure {
            return Err(SetupError::Insecure {
                mailbox: m.name.clone(),
                url: url.clone(),
            });
        }
    }
    let provider = table
        .map(|p| p.name.clone())
        .or_else(|| host_of(&token_url))
        .unwrap_or_else(|| token_url.clone());
    let client_id = o
        .client_id
        .clone()
        .or_else(|| table.map(|p| p.client_id.clone()).filter(|c| !c.is_empty()));
    let Some(client_id) = client_id else {
        return Err(SetupError::NoClientId {
            mailbox: m.name.clone(),
            provider,
            register: table.map_or_else(
                || "your provider's developer site".to_owned(),
                |p| p.register.clone(),
            ),
        });
    };
    let scopes = o
        .scopes
        .clone()
        .or_else(|| table.map(|p| p.scopes.clone()))
        .unwrap_or_default();
    Ok(Endpoints {
        provider,
        auth_url,
        token_url,
        device_url,
        scopes,
        client_id,
        client_secret: o.client_secret.clone(),
        auth_params: table
            .map(|p| p.auth_params.clone().into_iter().collect())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn mailbox(host: &str, extra: &str) -> Mailbox {
        let text = format!(
            "[[mailbox]]\nname = \"m\"\nhost = \"{host}\"\nuser = \"u\"\noauth2 = true\n{extra}\n"
        );
        Config::parse(&text, Path::new("c.toml"))
            .unwrap()
            .mailboxes
            .remove(0)
    }

    #[test]
    fn the_table_knows_gmail_and_outlook_and_ships_no_client_id() {
        assert_eq!(of_host("imap.gmail.com").unwrap().name, "Google (Gmail)");
        assert!(of_host("outlook.office365.com")
            .unwrap()
            .device_url
            .is_some());
        assert!(of_host("imap.gmx.net").is_none());
        assert!(TABLE.values().all(|p| p.client_id.is_empty()));
        let e = resolve(&mailbox("imap.gmail.com", "")).unwrap_err();
        assert!(matches!(e, SetupError::NoClientId { .. }), "{e:?}");
        let text = e.explain(Lang::En);
        assert!(
            text.contains("oauth2_client_id") && text.contains("console.cloud.google.com"),
            "{text}"
        );
    }

    #[test]
    fn the_mailbox_overrides_the_table() {
        let m = mailbox(
            "outlook.office365.com",
            "oauth2_client_id = \"abc\"\noauth2_scopes = [\"x\"]",
        );
        let e = resolve(&m).unwrap();
        assert_eq!(e.client_id, "abc");
        assert_eq!(e.scopes, vec!["x"]);
        assert!(e
            .token_url
            .starts_with("https://login.microsoftonline.com/"));
        // Unknown host: endpoints must be given; http only to loopback.
        let m = mailbox("imap.example.org", "oauth2_client_id = \"abc\"");
        assert!(matches!(resolve(&m), Err(SetupError::Unknown { .. })));
        let m = mailbox(
            "imap.example.org",
            "oauth2_client_id = \"abc\"\noauth2_auth_url = \"http://auth.example.org/a\"\noauth2_token_url = \"https://auth.example.org/t\"",
        );
        assert!(matches!(resolve(&m), Err(SetupError::Insecure { .. })));
        let m = mailbox(
            "imap.example.org",
            "oauth2_client_id = \"abc\"\noauth2_auth_url = \"http://127.0.0.1:9/a\"\noauth2_token_url = \"http://127.0.0.1:9/t\"",
        );
        assert_eq!(resolve(&m).unwrap().provider, "127.0.0.1");
    }
}
