//! Built-in OAuth2, after `optout login`: the tokens live in the OS
//! keyring (one entry per mailbox: the refresh token, and the current
//! access token with its expiry, so that a `watch --once` from cron does
//! not refresh on every run). An access token is refreshed here shortly
//! before it expires, and when the server refused it ([`forget`]).

use super::keyring::{self, Kind};
use crate::config::{Mailbox, Secret};
use crate::login::providers::{self, Endpoints};
use crate::t;
use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::Duration;

/// How long the token endpoint may take to answer.
const HTTP_TIMEOUT: Duration = Duration::from_secs(30);
/// Refresh this long before the expiry (or a tenth of the lifetime, if
/// that is shorter): a login must not start with a token about to lapse.
const MARGIN_SECS: i64 = 60;

/// What the keyring holds for a mailbox (JSON).
#[derive(Serialize, Deserialize, Default)]
struct Stored {
    refresh_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lifetime: Option<i64>,
}

/// A successful answer of the token endpoint.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Seconds.
    pub expires_in: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No answer (network, TLS, timeout).
    #[error("{url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// The endpoint refused, with RFC 6749's `error` (e.g. invalid_grant).
    #[error("{error}{}", .description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error("unexpected answer (HTTP {status}): {detail}")]
    BadAnswer { status: u16, detail: String },
}

#[derive(Deserialize)]
struct Answer {
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    error: Option<String>,
    error_description: Option<String>,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(HTTP_TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("optout/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// POST a form to an OAuth2 endpoint and read its JSON answer. The
/// answer's text is never put into an error: it may hold a token.
pub fn post_form(url: &str, form: &[(&str, &str)]) -> Result<serde_json::Value, TokenError> {
    let mut resp = agent()
        .post(url)
        .header("Accept", "application/json")
        .send_form(form.iter().copied())
        .map_err(|e| TokenError::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        })?;
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .map_err(|e| TokenError::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| TokenError::BadAnswer {
            status,
            detail: "not JSON".into(),
        })?;
    if let Some(error) = json.get("error").and_then(|e| e.as_str()) {
        return Err(TokenError::Refused {
            error: error.to_owned(),
            description: json
                .get("error_description")
                .and_then(|d| d.as_str())
                .map(str::to_owned),
        });
    }
    if !(200..300).contains(&status) {
        return Err(TokenError::BadAnswer {
            status,
            detail: "no error code".into(),
        });
    }
    Ok(json)
}

/// The token endpoint's answer to a grant (authorization code, device
/// code, refresh token).
pub fn token_request(e: &Endpoints, grant: &[(&str, &str)]) -> Result<Tokens, TokenError> {
    let mut form: Vec<(&str, &str)> = grant.to_vec();
    form.push(("client_id", &e.client_id));
    if let Some(s) = &e.client_secret {
        form.push(("client_secret", s));
    }
    let json = post_form(&e.token_url, &form)?;
    let a: Answer = serde_json::from_value(json).map_err(|_| TokenError::BadAnswer {
        status: 200,
        detail: "not a token answer".into(),
    })?;
    if let Some(error) = a.error {
        return Err(TokenError::Refused {
            error,
            description: a.error_description,
        });
    }
    let access_token = a.access_token.ok_or_else(|| TokenError::BadAnswer {
        status: 200,
        detail: "no access_token".into(),
    })?;
    // Some providers send it as a string.
    let expires_in = a.expires_in.and_then(|v| {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    });
    Ok(Tokens {
        access_token: Secret::new(access_token),
        refresh_token: a.refresh_token.map(Secret::new),
        expires_in,
    })
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Keep the tokens of a fresh sign-in or refresh in the keyring; a
/// refresh that brings no new refresh token keeps the old one.
pub fn store(m: &Mailbox, tokens: &Tokens, old_refresh: Option<&str>) -> Result<(), String> {
    let lang = Lang::from_env();
    let refresh_token = match (&tokens.refresh_token, old_refresh) {
        (Some(r), _) => r.expose().to_owned(),
        (None, Some(old)) => old.to_owned(),
        (None, None) => {
            return Err(t!(
                lang,
                "login-oauth2-no-refresh-token",
                mailbox = m.name.as_str()
            ))
        }
    };
    let stored = Stored {
        refresh_token,
        access_token: Some(tokens.access_token.expose().to_owned()),
        expires_at: tokens.expires_in.map(|s| now() + s),
        lifetime: tokens.expires_in,
    };
    let json = serde_json::to_string(&stored).expect("serializable");
    keyring::set(m, Kind::OAuth2, &Secret::new(json))
        .map_err(|e| super::keyring_problem(m, &e, lang))
}

fn load(m: &Mailbox, lang: Lang) -> Result<Stored, String> {
    let blob = keyring::get(m, Kind::OAuth2).map_err(|e| match e {
        keyring::KeyringError::Missing(_) => {
            t!(
                lang,
                "login-oauth2-not-signed-in",
                mailbox = m.name.as_str()
            )
        }
        e => super::keyring_problem(m, &e, lang),
    })?;
    serde_json::from_str(blob.expose()).map_err(|_| {
        t!(
            lang,
            "login-oauth2-not-signed-in",
            mailbox = m.name.as_str()
        )
    })
}

/// Whether a stored access token is still good at `now` (pure).
fn still_good(s: &Stored, now: i64) -> bool {
    let (Some(_), Some(expires_at)) = (&s.access_token, s.expires_at) else {
        // No expiry given: used until the server refuses it.
        return s.access_token.is_some() && s.expires_at.is_none();
    };
    let margin = s
        .lifetime
        .map_or(MARGIN_SECS, |l| (l / 10).min(MARGIN_SECS));
    expires_at - now > margin
}

/// One refresh at a time in this process: two connections of one
/// mailbox must not race to rotate the refresh token.
static REFRESHING: Mutex<()> = Mutex::new(());

/// A valid access token for `m`: the stored one, or a fresh one from the
/// token endpoint (blocking).
pub fn access_token(m: &Mailbox) -> Result<Secret, String> {
    let lang = Lang::from_env();
    let endpoints = providers::resolve(m).map_err(|e| e.explain(lang))?;
    let _one = REFRESHING.lock().unwrap_or_else(|p| p.into_inner());
    let stored = load(m, lang)?;
    if still_good(&stored, now()) {
        if let Some(t) = stored.access_token {
            return Ok(Secret::new(t));
        }
    }
    tracing::info!(mailbox = %m.name, "refreshing the OAuth2 access token");
    let tokens = token_request(
        &endpoints,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &stored.refresh_token),
        ],
    )
    .map_err(|e| match e {
        TokenError::Refused { .. } => t!(
            lang,
            "login-oauth2-refresh-refused",
            mailbox = m.name.as_str(),
            detail = e.to_string()
        ),
        e => t!(
            lang,
            "login-oauth2-refresh-failed",
            mailbox = m.name.as_str(),
            detail = e.to_string()
        ),
    })?;
    store(m, &tokens, Some(&stored.refresh_token))?;
    Ok(tokens.access_token)
}

/// The server refused the stored access token (revoked, or expired early):
/// drop it, so that the next [`access_token`] refreshes.
pub fn forget(m: &Mailbox) {
    let _one = REFRESHING.lock().unwrap_or_else(|p| p.into_inner());
    if let Ok(mut stored) = load(m, Lang::En) {
        stored.access_token = None;
        stored.expires_at = None;
        let json = serde_json::to_string(&stored).expect("serializable");
        if let Err(e) = keyring::set(m, Kind::OAuth2, &Secret::new(json)) {
            tracing::warn!(mailbox = %m.name, "cannot update the keyring: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(expires_at: Option<i64>, lifetime: Option<i64>) -> Stored {
        Stored {
            refresh_token: "r".into(),
            access_token: Some("a".into()),
            expires_at,
            lifetime,
        }
    }

    #[test]
    fn a_token_is_refreshed_shortly_before_it_expires() {
        // An hour's token: a minute before the end it is renewed.
        assert!(still_good(&stored(Some(1000 + 3600), Some(3600)), 1000));
        assert!(still_good(&stored(Some(1000 + 61), Some(3600)), 1000));
        assert!(!still_good(&stored(Some(1000 + 59), Some(3600)), 1000));
        // A short-lived one: a tenth of its lifetime.
        assert!(still_good(&stored(Some(1000 + 5), Some(10)), 1000));
        assert!(!still_good(&stored(Some(1000), Some(10)), 1000));
        // Forgotten (refused by the server): refreshed.
        let mut s = stored(None, None);
        s.access_token = None;
        assert!(!still_good(&s, 1000));
        // No expiry given at all: used until refused.
        assert!(still_good(&stored(None, None), 1000));
    }
}
