//! Connecting and logging in.

use super::{ConnectFailure, ImapError, ImapErrorKind, TlsProblem};
use crate::config::{Credential, Mailbox, Sasl, SecretSource, Tls};
use async_imap::imap_proto;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_io_timeout::TimeoutStream;
use tokio_rustls::rustls::{self, pki_types::ServerName, RootCertStore};

/// How long one network step (connect, TLS, greeting, login) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// A plain or TLS connection, as one type for async-imap, with read and
/// write timeouts (tokio-io-timeout): a read that waits longer fails with
/// `TimedOut`, so a half-open connection is noticed instead of hanging
/// forever. async-imap has no timeout of its own; the owner sets it
/// through `Session::get_mut` (off while in IDLE, which keeps its own
/// watchdog).
pub struct Stream(Pin<Box<TimeoutStream<Box<dyn Io>>>>);

impl Stream {
    /// A plain TCP stream (before STARTTLS, or to loopback).
    pub(crate) fn plain(tcp: TcpStream) -> Stream {
        Stream::new(Box::new(tcp))
    }
    /// The connection as a bare transport for TLS on top (STARTTLS): its
    /// timeouts off, the TLS stream's own apply.
    pub(crate) fn into_io(mut self) -> Box<dyn Io> {
        self.set_read_timeout(None);
        self.0.as_mut().set_write_timeout_pinned(None);
        Box::new(self)
    }
    fn new(io: Box<dyn Io>) -> Stream {
        let mut s = TimeoutStream::new(io);
        s.set_read_timeout(Some(STEP_TIMEOUT));
        s.set_write_timeout(Some(STEP_TIMEOUT));
        Stream(Box::pin(s))
    }
    /// Wait at most `d` for each answer (`None`: forever).
    pub fn set_read_timeout(&mut self, d: Option<Duration>) {
        self.0.as_mut().set_read_timeout_pinned(d);
    }
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("imap::Stream")
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.as_mut().poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_shutdown(cx)
    }
}

pub type Session = async_imap::Session<Stream>;

/// A TLS failure before any handshake: the config's `ca_file` or
/// `cert_sha256` cannot be used.
fn tls_setup_error(m: &Mailbox, message: String, problem: TlsProblem) -> ImapError {
    ImapError::with_kind(
        m.name.clone(),
        message,
        ImapErrorKind::Tls {
            host: m.host.clone(),
            port: m.port,
            problem,
        },
    )
}

/// The SHA-256 fingerprint of a certificate as `openssl x509 -fingerprint
/// -sha256` prints it: "AB:CD:…".
pub fn fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// `cert_sha256` as written in the config ("ab:cd:…" or "abcd…", any
/// case), as 32 bytes.
pub fn parse_fingerprint(s: &str) -> Option<[u8; 32]> {
    let hex: String = s
        .chars()
        .filter(|c| *c != ':' && !c.is_whitespace())
        .collect();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// The usual certificate checks (web PKI roots, plus `ca_file`), except
/// that a certificate pinned by `cert_sha256` is trusted as it is — how
/// mail clients accept a self-signed server. Remembers the fingerprint of
/// the certificate it saw, for the error (and `check`) to show.
#[derive(Debug)]
struct PinningVerifier {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    pin: Option<[u8; 32]>,
    seen: Arc<std::sync::Mutex<Option<String>>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl rustls::client::danger::ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use sha2::Digest;
        let digest: [u8; 32] = sha2::Sha256::digest(end_entity.as_ref()).into();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(fingerprint(end_entity.as_ref()));
        }
        if self.pin == Some(digest) {
            return Ok(rustls::client::danger::ServerCertVerified::assertion());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

type SeenCert = Arc<std::sync::Mutex<Option<String>>>;

fn tls_config(m: &Mailbox) -> Result<(rustls::ClientConfig, SeenCert), ImapError> {
    let ca_error = |e: String| tls_setup_error(m, e, TlsProblem::CaFile);
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &m.ca_file {
        use rustls::pki_types::{pem::PemObject, CertificateDer};
        let certs = CertificateDer::pem_file_iter(ca)
            .map_err(|e| ca_error(format!("ca_file {}: {e}", ca.display())))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ca_error(format!("ca_file {}: {e}", ca.display())))?;
        if certs.is_empty() {
            return Err(ca_error(format!(
                "ca_file {}: no PEM certificate in it",
                ca.display()
            )));
        }
        for c in certs {
            roots
                .add(c)
                .map_err(|e| ca_error(format!("ca_file {}: {e}", ca.display())))?;
        }
    }
    let pin = match &m.cert_sha256 {
        None => None,
        Some(s) => Some(parse_fingerprint(s).ok_or_else(|| {
            tls_setup_error(
                m,
                format!("cert_sha256 = \"{s}\" is not a SHA-256 fingerprint (64 hex digits)"),
                TlsProblem::Other,
            )
        })?),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| tls_setup_error(m, e.to_string(), TlsProblem::Other))?;
    let seen = SeenCert::default();
    let verifier = PinningVerifier {
        inner,
        pin,
        seen: seen.clone(),
        provider: provider.clone(),
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_setup_error(m, e.to_string(), TlsProblem::Other))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok((config, seen))
}

pub(crate) async fn start_tls<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    m: &Mailbox,
    io: S,
) -> Result<Stream, ImapError> {
    let (config, seen) = tls_config(m)?;
    let tls_error = |message: String, problem: TlsProblem| tls_setup_error(m, message, problem);
    let name = ServerName::try_from(m.host.clone())
        .map_err(|e| tls_error(format!("bad host name {}: {e}", m.host), TlsProblem::Other))?;
    let tls = timeout(
        STEP_TIMEOUT,
        tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, io),
    )
    .await
    .map_err(|_| tls_error("TLS handshake timed out".into(), TlsProblem::Other))?
    .map_err(|e| {
        let problem = match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            Some(rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)) => {
                TlsProblem::PlainPort
            }
            Some(rustls::Error::InvalidCertificate(_)) => TlsProblem::Untrusted {
                sha256: seen.lock().ok().and_then(|s| s.clone()),
            },
            _ => TlsProblem::Other,
        };
        tls_error(format!("TLS handshake failed: {e}"), problem).because(e)
    })?;
    Ok(Stream::new(Box::new(tls)))
}

/// The fingerprint of the certificate `m`'s server presents, whether it
/// is trusted or not: for `check`, which shows the `cert_sha256` line.
pub async fn server_fingerprint(m: &Mailbox) -> Result<String, ImapError> {
    let tcp = tcp_connect(m, STEP_TIMEOUT).await?;
    let mut probe = m.clone();
    probe.cert_sha256 = None;
    let (config, seen) = tls_config(&probe)?;
    let name = ServerName::try_from(m.host.clone())
        .map_err(|e| ImapError::new(m.name.clone(), format!("bad host name {}: {e}", m.host)))?;
    let io: Box<dyn Io> = match m.tls {
        Tls::Implicit => Box::new(tcp),
        _ => {
            let mut client = async_imap::Client::new(Stream::new(Box::new(tcp)));
            read_greeting(&mut client)
                .await
                .map_err(|e| protocol(m, e))?;
            timeout(
                STEP_TIMEOUT,
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await
            .map_err(|_| protocol(m, "STARTTLS timed out".into()))?
            .map_err(|e| protocol(m, format!("the server refused STARTTLS: {e}")))?;
            client.into_inner().into_io()
        }
    };
    let _ = timeout(
        STEP_TIMEOUT,
        tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, io),
    )
    .await;
    let seen = seen.lock().ok().and_then(|s| s.clone());
    seen.ok_or_else(|| protocol(m, "the server sent no certificate".into()))
}

pub(crate) fn protocol(m: &Mailbox, message: String) -> ImapError {
    ImapError::new(m.name.clone(), message)
}

/// Plain IMAP only to loopback: a password never crosses a network
/// unencrypted.
pub(crate) fn refuse_plaintext(m: &Mailbox) -> Result<(), ImapError> {
    if m.tls == Tls::None && !m.is_loopback() {
        return Err(ImapError::with_kind(
            m.name.clone(),
            format!(
                "refusing plaintext IMAP to {}: tls = \"none\" is only for loopback hosts",
                m.host
            ),
            ImapErrorKind::PlaintextRefused {
                host: m.host.clone(),
            },
        ));
    }
    Ok(())
}

/// Resolve the host, then open the TCP connection, each step within
/// `limit`: a name that does not resolve is told apart from a server that
/// does not answer.
pub(crate) async fn tcp_connect(m: &Mailbox, limit: Duration) -> Result<TcpStream, ImapError> {
    let connect_error = |message: String, why: ConnectFailure| {
        ImapError::with_kind(
            m.name.clone(),
            message,
            ImapErrorKind::Connect {
                host: m.host.clone(),
                port: m.port,
                why,
            },
        )
    };
    let addrs: Vec<std::net::SocketAddr> =
        timeout(limit, tokio::net::lookup_host((m.host.as_str(), m.port)))
            .await
            .map_err(|_| {
                connect_error(
                    format!("looking up {} timed out", m.host),
                    ConnectFailure::TimedOut,
                )
            })?
            .map_err(|e| {
                ImapError::with_kind(
                    m.name.clone(),
                    format!("cannot find the host {}: {e}", m.host),
                    ImapErrorKind::Dns {
                        host: m.host.clone(),
                    },
                )
                .because(e)
            })?
            .collect();
    let tcp = timeout(limit, TcpStream::connect(&addrs[..]))
        .await
        .map_err(|_| connect_error("timed out".into(), ConnectFailure::TimedOut))?
        .map_err(|e| connect_error(e.to_string(), ConnectFailure::of(&e)).because(e))?;
    let _ = tcp.set_nodelay(true);
    if let Err(e) = super::socket::harden(&tcp) {
        tracing::debug!(mailbox = %m.name, "cannot set TCP keepalive: {e}");
    }
    Ok(tcp)
}

/// The server's capabilities (upper case), as CAPABILITY lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caps(pub Vec<String>);

impl Caps {
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|c| c.eq_ignore_ascii_case(name))
    }
    /// These capabilities plus the `AUTH=` ones of `before_login` that
    /// they lack (servers stop listing them once logged in).
    pub fn with_auth_of(mut self, before_login: &Caps) -> Caps {
        for c in &before_login.0 {
            if c.to_ascii_uppercase().starts_with("AUTH=") && !self.has(c) {
                self.0.push(c.clone());
            }
        }
        self
    }
    /// Those that matter to optout, for `check` and the log.
    pub fn relevant(&self) -> Vec<&str> {
        self.0
            .iter()
            .map(String::as_str)
            .filter(|c| {
                let u = c.to_ascii_uppercase();
                u.starts_with("AUTH=")
                    || [
                        "IDLE",
                        "SPECIAL-USE",
                        "CONDSTORE",
                        "QRESYNC",
                        "UIDPLUS",
                        "LITERAL+",
                        "ESEARCH",
                    ]
                    .contains(&u.as_str())
            })
            .collect()
    }
}

fn caps_of(resp: &imap_proto::Response<'_>) -> Option<Caps> {
    let list = match resp {
        imap_proto::Response::Capabilities(c) => c,
        imap_proto::Response::Data {
            outcome:
                imap_proto::Outcome {
                    code: Some(imap_proto::ResponseCode::Capabilities(c)),
                    ..
                },
            ..
        } => c,
        _ => return None,
    };
    Some(Caps(
        list.iter()
            .map(|c| match c {
                imap_proto::Capability::Imap4rev1 => "IMAP4rev1".to_owned(),
                imap_proto::Capability::Auth(a) => format!("AUTH={a}"),
                imap_proto::Capability::Atom(a) => a.to_string(),
            })
            .collect(),
    ))
}

/// A logged-in session and what the server can do.
pub struct Conn {
    pub session: Session,
    pub caps: Caps,
}

impl Conn {
    /// LOGOUT, briefly: the connection is being dropped anyway.
    pub async fn logout(mut self) {
        self.session
            .get_mut()
            .set_read_timeout(Some(Duration::from_secs(5)));
        let _ = timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

/// Fetch the credential, then connect and log in. Errors name the
/// mailbox and say which step failed ([`ImapErrorKind`]). A built-in
/// OAuth2 access token the server refuses is refreshed once and tried
/// again (revoked, or expired before its time).
pub async fn connect(m: &Mailbox) -> Result<Conn, ImapError> {
    let credential = fetch_credential(m).await?;
    match connect_with(m, credential).await {
        Err(e) if e.is_login_refused() && m.secret == SecretSource::OAuth2 => {
            tracing::info!(mailbox = %m.name, "the server refused the access token; refreshing it");
            let forget = m.clone();
            let _ =
                tokio::task::spawn_blocking(move || crate::secret::oauth2::forget(&forget)).await;
            let credential = fetch_credential(m).await?;
            connect_with(m, credential).await
        }
        r => r,
    }
}

async fn fetch_credential(m: &Mailbox) -> Result<Credential, ImapError> {
    let credential_error =
        |message: String| ImapError::with_kind(m.name.clone(), message, ImapErrorKind::Credential);
    // A password in the config or the environment is at hand: no thread
    // (each would leave the daemon a malloc arena of its own).
    if matches!(
        m.secret,
        SecretSource::Password(_) | SecretSource::PasswordEnv(_)
    ) {
        return m.credential().map_err(credential_error);
    }
    // Before the connection is opened: a keyring prompt may take a while,
    // and servers drop connections that do not log in soon.
    tokio::task::spawn_blocking({
        let m = m.clone();
        move || m.credential()
    })
    .await
    .map_err(|e| credential_error(e.to_string()))?
    .map_err(credential_error)
}

/// Connect and log in with a credential already fetched.
pub async fn connect_with(m: &Mailbox, credential: Credential) -> Result<Conn, ImapError> {
    let fail = |message: String| protocol(m, message);
    refuse_plaintext(m)?;
    let tcp = tcp_connect(m, STEP_TIMEOUT).await?;
    let stream = match m.tls {
        Tls::Implicit => start_tls(m, tcp).await?,
        Tls::None => Stream::new(Box::new(tcp)),
        Tls::Starttls => {
            let mut client = async_imap::Client::new(Stream::new(Box::new(tcp)));
            read_greeting(&mut client).await.map_err(fail)?;
            timeout(
                STEP_TIMEOUT,
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await
            .map_err(|_| fail("STARTTLS timed out".into()))?
            .map_err(|e| fail(format!("the server refused STARTTLS: {e}")))?;
            // TLS over the plain stream, whose timeouts are off: the TLS
            // stream's own apply.
            start_tls(m, client.into_inner().into_io()).await?
        }
    };
    let mut client = async_imap::Client::new(stream);
    let greeting_caps = if m.tls != Tls::Starttls {
        read_greeting(&mut client).await.map_err(fail)?
    } else {
        None
    };
    // The AUTH= mechanisms are listed only before login (Dovecot, Cyrus),
    // in the greeting or in answer to CAPABILITY.
    let pre_login_caps = match greeting_caps {
        Some(c) => c,
        None => match pre_auth_caps(&mut client).await {
            Ok(c) => c,
            Err(e) if matches!(credential, Credential::OAuth2Token(_)) => return Err(fail(e)),
            Err(_) => Caps::default(),
        },
    };
    let login = match credential {
        Credential::Password(p) => timeout(STEP_TIMEOUT, client.login(&m.user, p.expose())).await,
        Credential::OAuth2Token(t) => {
            let mechanism = sasl_mechanism(m.oauth2.mechanism, &pre_login_caps).map_err(fail)?;
            let auth = OAuthSasl {
                mechanism,
                user: m.user.clone(),
                token: t.expose().to_owned(),
                sent: false,
            };
            timeout(STEP_TIMEOUT, client.authenticate(mechanism.name(), auth)).await
        }
    };
    let mut session = match login {
        Err(_) => return Err(fail("login timed out".into())),
        // NO: the server refused these credentials (AUTHENTICATIONFAILED,
        // IMAP disabled, …).
        Ok(Err((e @ async_imap::error::Error::No(_), _))) => {
            return Err(ImapError::with_kind(
                m.name.clone(),
                format!("login as {} failed: {e}", m.user),
                ImapErrorKind::LoginRefused {
                    user: m.user.clone(),
                    host: m.host.clone(),
                },
            )
            .because(e))
        }
        Ok(Err((e, _))) => return Err(fail(format!("login as {} failed: {e}", m.user)).because(e)),
        Ok(Ok(session)) => session,
    };
    let caps = session
        .capabilities()
        .await
        .map_err(|e| fail(format!("CAPABILITY failed: {e}")))?;
    let caps = Caps(
        caps.iter()
            .map(|c| match c {
                async_imap::types::Capability::Imap4rev1 => "IMAP4rev1".to_owned(),
                async_imap::types::Capability::Auth(a) => format!("AUTH={a}"),
                async_imap::types::Capability::Atom(a) => a.clone(),
            })
            .collect(),
    )
    .with_auth_of(&pre_login_caps);
    Ok(Conn { session, caps })
}

/// CAPABILITY before login (for the AUTH= mechanisms).
pub(crate) async fn pre_auth_caps(client: &mut async_imap::Client<Stream>) -> Result<Caps, String> {
    // The untagged CAPABILITY line arrives on this channel as `Other`.
    let (tx, rx) = async_channel::bounded(16);
    timeout(
        STEP_TIMEOUT,
        client.run_command_and_check_ok("CAPABILITY", Some(tx)),
    )
    .await
    .map_err(|_| "CAPABILITY timed out".to_string())?
    .map_err(|e| format!("CAPABILITY failed: {e}"))?;
    let mut caps = Caps::default();
    while let Ok(r) = rx.try_recv() {
        if let async_imap::types::UnsolicitedResponse::Other(r) = r {
            if let Some(c) = caps_of(r.parsed()) {
                caps = c;
            }
        }
    }
    Ok(caps)
}

/// Read the greeting; returns the capabilities it lists, if any.
pub(crate) async fn read_greeting(
    client: &mut async_imap::Client<Stream>,
) -> Result<Option<Caps>, String> {
    match timeout(STEP_TIMEOUT, client.read_response()).await {
        Err(_) => Err("no greeting from the server".into()),
        Ok(Err(e)) => Err(format!("reading the greeting: {e}")),
        Ok(Ok(None)) => Err("the server closed the connection".into()),
        Ok(Ok(Some(r))) => Ok(caps_of(r.parsed())),
    }
}

/// The SASL mechanism for an access token: the configured one, else
/// XOAUTH2 (Gmail, Outlook) if offered, else OAUTHBEARER (RFC 7628).
fn sasl_mechanism(configured: Option<Sasl>, caps: &Caps) -> Result<Sasl, String> {
    let offered = |s: Sasl| caps.has(&format!("AUTH={}", s.name()));
    let pick = match configured {
        Some(s) => Some(s).filter(|s| offered(*s)),
        None => [Sasl::Xoauth2, Sasl::Oauthbearer]
            .into_iter()
            .find(|s| offered(*s)),
    };
    pick.ok_or_else(|| {
        let wanted = configured.map_or("AUTH=XOAUTH2 or AUTH=OAUTHBEARER".to_owned(), |s| {
            format!("AUTH={}", s.name())
        });
        format!(
            "the server does not offer {wanted} (it offers: {}); use a password (app password) instead of OAuth2",
            caps.0
                .iter()
                .filter(|c| c.to_ascii_uppercase().starts_with("AUTH="))
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        )
    })
}

/// SASL XOAUTH2 or OAUTHBEARER with an access token. A second challenge
/// is the server's error report (JSON): answered with the empty
/// response (XOAUTH2) or a lone ^A (OAUTHBEARER), after which the server
/// sends its NO.
struct OAuthSasl {
    mechanism: Sasl,
    user: String,
    token: String,
    sent: bool,
}

impl async_imap::Authenticator for OAuthSasl {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        if std::mem::replace(&mut self.sent, true) {
            return match self.mechanism {
                Sasl::Xoauth2 => String::new(),
                Sasl::Oauthbearer => "\x01".to_owned(),
            };
        }
        oauth_initial_response(self.mechanism, &self.user, &self.token)
    }
}

/// The first client message (pure, for the tests).
fn oauth_initial_response(mechanism: Sasl, user: &str, token: &str) -> String {
    match mechanism {
        Sasl::Xoauth2 => format!("user={user}\x01auth=Bearer {token}\x01\x01"),
        // GS2 header with the authorization identity; ',' and '=' in it
        // are escaped as RFC 5801 says.
        Sasl::Oauthbearer => format!(
            "n,a={},\x01auth=Bearer {token}\x01\x01",
            user.replace('=', "=3D").replace(',', "=2C")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_silent_server_times_out_unless_the_timeout_is_off() {
        let (client, mut server) = tokio::io::duplex(64);
        let mut s = Stream::new(Box::new(client));
        let mut buf = [0u8; 8];
        // Data in time: no error.
        s.set_read_timeout(Some(Duration::from_millis(200)));
        server.write_all(b"* OK\r\n").await.unwrap();
        assert_eq!(s.read(&mut buf).await.unwrap(), 6);
        // Silence: a TimedOut error instead of hanging.
        s.set_read_timeout(Some(Duration::from_millis(50)));
        let e = s.read(&mut buf).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
        // Off (as in IDLE): silence is fine.
        s.set_read_timeout(None);
        assert!(
            tokio::time::timeout(Duration::from_millis(150), s.read(&mut buf))
                .await
                .is_err(),
            "still waiting"
        );
    }

    #[test]
    fn the_oauth_mechanism_is_the_configured_one_or_the_first_offered() {
        let both = Caps(vec!["AUTH=OAUTHBEARER".into(), "AUTH=XOAUTH2".into()]);
        let bearer = Caps(vec!["AUTH=PLAIN".into(), "AUTH=OAUTHBEARER".into()]);
        assert_eq!(sasl_mechanism(None, &both), Ok(Sasl::Xoauth2));
        assert_eq!(sasl_mechanism(None, &bearer), Ok(Sasl::Oauthbearer));
        assert_eq!(
            sasl_mechanism(Some(Sasl::Oauthbearer), &both),
            Ok(Sasl::Oauthbearer)
        );
        let e = sasl_mechanism(Some(Sasl::Xoauth2), &bearer).unwrap_err();
        assert!(
            e.contains("does not offer AUTH=XOAUTH2 (it offers: AUTH=PLAIN AUTH=OAUTHBEARER)"),
            "{e}"
        );
        assert_eq!(
            oauth_initial_response(Sasl::Oauthbearer, "a,b=c@x", "T"),
            "n,a=a=2Cb=3Dc@x,\x01auth=Bearer T\x01\x01"
        );
        assert_eq!(
            oauth_initial_response(Sasl::Xoauth2, "u@x", "T"),
            "user=u@x\x01auth=Bearer T\x01\x01"
        );
    }

    #[test]
    fn capabilities_are_matched_case_insensitively() {
        let caps = Caps(vec![
            "IMAP4rev1".into(),
            "IDLE".into(),
            "AUTH=PLAIN".into(),
            "Special-Use".into(),
            "ENABLE".into(),
        ]);
        assert!(caps.has("idle") && caps.has("SPECIAL-USE"));
        assert!(!caps.has("AUTH=XOAUTH2"));
        assert_eq!(caps.relevant(), vec!["IDLE", "AUTH=PLAIN", "Special-Use"]);
    }

    #[test]
    fn the_login_mechanisms_from_before_login_are_kept() {
        let before = Caps(vec![
            "IMAP4rev1".into(),
            "AUTH=PLAIN".into(),
            "auth=login".into(),
            "LOGINDISABLED".into(),
        ]);
        let after = Caps(vec!["IMAP4rev1".into(), "IDLE".into(), "AUTH=LOGIN".into()]);
        assert_eq!(
            after.with_auth_of(&before).0,
            vec!["IMAP4rev1", "IDLE", "AUTH=LOGIN", "AUTH=PLAIN"]
        );
    }
}
