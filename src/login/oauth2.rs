//! The OAuth2 sign-in flows of `optout login`: the authorization code with
//! PKCE (RFC 7636) and a loopback redirect (RFC 8252), and the device
//! authorization grant (RFC 8628) for a computer without a browser. The
//! pure parts (URLs, the redirect's query, PKCE) are apart from the I/O.

use super::providers::Endpoints;
use crate::secret::oauth2::{post_form, token_request, TokenError, Tokens};
use crate::t;
use crate::text::Lang;
use base64::Engine;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// How long `login` waits for the person to sign in.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(10 * 60);

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error("{0}")]
    Listen(std::io::Error),
    /// The provider (or the person) said no: RFC 6749's `error`.
    #[error("{0}")]
    Denied(String),
    #[error("timed out")]
    Timeout,
    #[error("state mismatch")]
    StateMismatch,
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl FlowError {
    pub fn explain(&self, e: &Endpoints, mailbox: &str, lang: Lang) -> String {
        let minutes = SIGN_IN_TIMEOUT.as_secs() / 60;
        match self {
            FlowError::Listen(err) => {
                t!(lang, "login-oauth2-listen-failed", detail = err.to_string())
            }
            FlowError::Denied(d) => t!(
                lang,
                "login-oauth2-denied",
                detail = d.as_str(),
                mailbox = mailbox
            ),
            FlowError::Timeout => t!(
                lang,
                "login-oauth2-timeout",
                minutes = minutes,
                mailbox = mailbox
            ),
            FlowError::StateMismatch => {
                t!(lang, "login-oauth2-state-mismatch", mailbox = mailbox)
            }
            FlowError::Token(err) => t!(
                lang,
                "login-oauth2-token-failed",
                provider = e.provider.as_str(),
                detail = err.to_string()
            ),
        }
    }
}

/// `n` random bytes, base64url without padding.
fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).expect("the OS has a random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A PKCE pair: the verifier (kept) and its S256 challenge (sent).
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Default for Pkce {
    fn default() -> Pkce {
        Pkce::new()
    }
}

impl Pkce {
    pub fn new() -> Pkce {
        // 48 bytes: 64 characters, inside RFC 7636's 43..=128.
        Pkce::from_verifier(random_token(48))
    }
    pub fn from_verifier(verifier: String) -> Pkce {
        use sha2::Digest;
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(sha2::Sha256::digest(verifier.as_bytes()));
        Pkce {
            verifier,
            challenge,
        }
    }
}

/// The address the browser opens.
pub fn authorize_url(
    e: &Endpoints,
    redirect_uri: &str,
    state: &str,
    pkce: &Pkce,
    login_hint: &str,
) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("response_type", "code")
        .append_pair("client_id", &e.client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("scope", &e.scopes.join(" "))
        .append_pair("state", state)
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("login_hint", login_hint);
    for (k, v) in &e.auth_params {
        q.append_pair(k, v);
    }
    let sep = if e.auth_url.contains('?') { '&' } else { '?' };
    format!("{}{sep}{}", e.auth_url, q.finish())
}

/// What the browser brought back to the loopback listener.
#[derive(Debug, PartialEq, Eq)]
pub enum Redirect {
    Code(String),
    Error(String),
    /// Not the answer (a favicon request, a stray visitor).
    Other,
}

/// Read the redirect's request line (`GET /?code=…&state=… HTTP/1.1`);
/// an answer with another state is refused.
pub fn parse_redirect(request_line: &str, state: &str) -> Result<Redirect, FlowError> {
    let Some(target) = request_line
        .strip_prefix("GET ")
        .and_then(|r| r.split(' ').next())
    else {
        return Ok(Redirect::Other);
    };
    let Some((path, query)) = target.split_once('?') else {
        return Ok(Redirect::Other);
    };
    if path != "/" {
        return Ok(Redirect::Other);
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("code").is_none() && get("error").is_none() {
        return Ok(Redirect::Other);
    }
    if get("state").as_deref() != Some(state) {
        return Err(FlowError::StateMismatch);
    }
    if let Some(error) = get("error") {
        let d = get("error_description").map_or(String::new(), |d| format!(": {d}"));
        return Ok(Redirect::Error(format!("{error}{d}")));
    }
    Ok(get("code").map_or(Redirect::Other, Redirect::Code))
}

/// A listener for the browser's redirect, on a free loopback port.
pub struct Loopback {
    listener: TcpListener,
    pub redirect_uri: String,
}

impl Loopback {
    pub fn bind() -> Result<Loopback, FlowError> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(FlowError::Listen)?;
        let port = listener.local_addr().map_err(FlowError::Listen)?.port();
        Ok(Loopback {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/"),
        })
    }

    /// Wait for the redirect that carries the code (answering the browser
    /// with a short page), until `deadline`.
    pub fn wait_for_code(
        &self,
        state: &str,
        deadline: Instant,
        lang: Lang,
    ) -> Result<String, FlowError> {
        self.listener
            .set_nonblocking(true)
            .map_err(FlowError::Listen)?;
        loop {
            if Instant::now() > deadline {
                return Err(FlowError::Timeout);
            }
            let stream = match self.listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(100));
                    continue;
                }
                Err(e) => return Err(FlowError::Listen(e)),
            };
            let _ = stream.set_nonblocking(false);
            // Short: browsers open speculative connections that send
            // nothing, and the real request waits behind them.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut line = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The headers, unread, would reset the connection on close.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            match parse_redirect(line.trim_end(), state) {
                Ok(Redirect::Other) => respond(stream, "404 Not Found", ""),
                Ok(Redirect::Code(code)) => {
                    respond(stream, "200 OK", &t!(lang, "login-oauth2-page-done"));
                    return Ok(code);
                }
                Ok(Redirect::Error(e)) => {
                    respond(
                        stream,
                        "200 OK",
                        &t!(lang, "login-oauth2-page-failed", detail = e.as_str()),
                    );
                    return Err(FlowError::Denied(e));
                }
                Err(e) => {
                    respond(
                        stream,
                        "400 Bad Request",
                        &t!(lang, "login-oauth2-page-failed", detail = e.to_string()),
                    );
                    return Err(e);
                }
            }
        }
    }
}

fn respond(mut stream: TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>optout</title><p>{}</p>\n",
        text.replace('&', "&amp;").replace('<', "&lt;")
    );
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Exchange the code for tokens.
pub fn exchange_code(
    e: &Endpoints,
    code: &str,
    redirect_uri: &str,
    pkce: &Pkce,
) -> Result<Tokens, FlowError> {
    Ok(token_request(
        e,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", &pkce.verifier),
        ],
    )?)
}

/// The device flow's first answer.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct DeviceCode {
    pub device_code: String,
    pub user_code: String,
    /// RFC 8628 calls it `verification_uri`; Google once said `verification_url`.
    #[serde(alias = "verification_url")]
    pub verification_uri: String,
    #[serde(default = "default_interval")]
    pub interval: u64,
    #[serde(default = "default_expiry")]
    pub expires_in: u64,
}

fn default_interval() -> u64 {
    5
}
fn default_expiry() -> u64 {
    900
}

/// Ask for a device code (the person enters its user code elsewhere).
pub fn device_code(e: &Endpoints, device_url: &str) -> Result<DeviceCode, FlowError> {
    let scope = e.scopes.join(" ");
    let json = post_form(
        device_url,
        &[("client_id", &e.client_id), ("scope", &scope)],
    )?;
    serde_json::from_value(json).map_err(|_| {
        FlowError::Token(TokenError::BadAnswer {
            status: 200,
            detail: "not a device code answer".into(),
        })
    })
}

/// Poll the token endpoint until the person has entered the code.
pub fn poll_device(e: &Endpoints, d: &DeviceCode) -> Result<Tokens, FlowError> {
    let deadline = Instant::now() + Duration::from_secs(d.expires_in);
    let mut interval = Duration::from_secs(d.interval.max(1));
    loop {
        std::thread::sleep(interval);
        if Instant::now() > deadline {
            return Err(FlowError::Timeout);
        }
        match token_request(
            e,
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", &d.device_code),
            ],
        ) {
            Ok(t) => return Ok(t),
            Err(TokenError::Refused { error, .. }) if error == "authorization_pending" => {}
            // RFC 8628 3.5: wait five seconds longer from now on.
            Err(TokenError::Refused { error, .. }) if error == "slow_down" => {
                interval += Duration::from_secs(5);
            }
            Err(TokenError::Refused { error, description })
                if error == "access_denied" || error == "expired_token" =>
            {
                return Err(FlowError::Denied(
                    description.map_or(error.clone(), |d| format!("{error}: {d}")),
                ))
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoints() -> Endpoints {
        Endpoints {
            provider: "P".into(),
            auth_url: "https://auth.example/authorize".into(),
            token_url: "https://auth.example/token".into(),
            device_url: None,
            scopes: vec!["https://mail.google.com/".into(), "offline_access".into()],
            client_id: "id 1".into(),
            client_secret: None,
            auth_params: vec![("access_type".into(), "offline".into())],
        }
    }

    #[test]
    fn pkce_s256_matches_rfc_7636_appendix_b() {
        let p = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(p.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let fresh = Pkce::new();
        assert_eq!(fresh.verifier.len(), 64);
        assert_ne!(fresh.verifier, Pkce::new().verifier);
    }

    #[test]
    fn the_authorize_url_carries_pkce_state_scopes_and_extra_parameters() {
        let p = Pkce::from_verifier("v".repeat(43));
        let url = authorize_url(&endpoints(), "http://127.0.0.1:5/", "st", &p, "max@x.de");
        assert!(url.starts_with("https://auth.example/authorize?response_type=code&client_id=id+1&redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2F&scope=https%3A%2F%2Fmail.google.com%2F+offline_access&state=st&code_challenge="), "{url}");
        assert!(
            url.contains("&code_challenge_method=S256&login_hint=max%40x.de&access_type=offline"),
            "{url}"
        );
    }

    #[test]
    fn the_redirect_is_read_and_a_foreign_state_refused() {
        assert_eq!(
            parse_redirect("GET /?code=a%2Fb&state=st HTTP/1.1", "st").unwrap(),
            Redirect::Code("a/b".into())
        );
        assert_eq!(
            parse_redirect(
                "GET /?error=access_denied&error_description=no&state=st HTTP/1.1",
                "st"
            )
            .unwrap(),
            Redirect::Error("access_denied: no".into())
        );
        assert_eq!(
            parse_redirect("GET /favicon.ico HTTP/1.1", "st").unwrap(),
            Redirect::Other
        );
        assert!(matches!(
            parse_redirect("GET /?code=x&state=other HTTP/1.1", "st"),
            Err(FlowError::StateMismatch)
        ));
    }
}
