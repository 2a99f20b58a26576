//! Connecting and logging in.

use super::ImapError;
use crate::config::{Credential, Mailbox, Tls};
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::rustls::{self, pki_types::ServerName, RootCertStore};

/// How long one network step (connect, TLS, greeting, login) may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// A plain or TLS connection, as one type for async-imap.
pub struct Stream(Box<dyn Io>);

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
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}

pub type Session = async_imap::Session<Stream>;

fn tls_config(m: &Mailbox) -> Result<rustls::ClientConfig, String> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(ca) = &m.ca_file {
        use rustls::pki_types::{pem::PemObject, CertificateDer};
        let certs = CertificateDer::pem_file_iter(ca)
            .map_err(|e| format!("ca_file {}: {e}", ca.display()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("ca_file {}: {e}", ca.display()))?;
        if certs.is_empty() {
            return Err(format!(
                "ca_file {}: no PEM certificate in it",
                ca.display()
            ));
        }
        for c in certs {
            roots
                .add(c)
                .map_err(|e| format!("ca_file {}: {e}", ca.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

async fn start_tls<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    m: &Mailbox,
    io: S,
) -> Result<Stream, String> {
    let config = tls_config(m)?;
    let name = ServerName::try_from(m.host.clone())
        .map_err(|e| format!("bad host name {}: {e}", m.host))?;
    let tls = timeout(
        STEP_TIMEOUT,
        tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, io),
    )
    .await
    .map_err(|_| "TLS handshake timed out".to_string())?
    .map_err(|e| format!("TLS handshake failed: {e}"))?;
    Ok(Stream(Box::new(tls)))
}

/// Connect and log in. Errors are one line that names the mailbox.
pub async fn connect(m: &Mailbox) -> Result<Session, ImapError> {
    let fail = |message: String| ImapError {
        mailbox: m.name.clone(),
        message,
    };
    if m.tls == Tls::None && !m.is_loopback() {
        return Err(fail(format!(
            "refusing plaintext IMAP to {}: tls = \"none\" is only for loopback hosts",
            m.host
        )));
    }
    let tcp = timeout(STEP_TIMEOUT, TcpStream::connect((m.host.as_str(), m.port)))
        .await
        .map_err(|_| fail(format!("connecting to {}:{} timed out", m.host, m.port)))?
        .map_err(|e| fail(format!("cannot connect to {}:{}: {e}", m.host, m.port)))?;
    let _ = tcp.set_nodelay(true);
    let stream = match m.tls {
        Tls::Implicit => start_tls(m, tcp).await.map_err(fail)?,
        Tls::None => Stream(Box::new(tcp)),
        Tls::Starttls => {
            let mut client = async_imap::Client::new(tcp);
            read_greeting(&mut client).await.map_err(fail)?;
            timeout(
                STEP_TIMEOUT,
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await
            .map_err(|_| fail("STARTTLS timed out".into()))?
            .map_err(|e| fail(format!("the server refused STARTTLS: {e}")))?;
            start_tls(m, client.into_inner()).await.map_err(fail)?
        }
    };
    let mut client = async_imap::Client::new(stream);
    if m.tls != Tls::Starttls {
        read_greeting(&mut client).await.map_err(fail)?;
    }
    let credential = tokio::task::spawn_blocking({
        let m = m.clone();
        move || m.credential()
    })
    .await
    .map_err(|e| fail(e.to_string()))?
    .map_err(|e| fail(e.to_string()))?;
    let login = match credential {
        Credential::Password(p) => timeout(STEP_TIMEOUT, client.login(&m.user, p.expose())).await,
        Credential::OAuth2Token(t) => {
            let auth = XOAuth2 {
                user: m.user.clone(),
                token: t.expose().to_owned(),
            };
            timeout(STEP_TIMEOUT, client.authenticate("XOAUTH2", auth)).await
        }
    };
    match login {
        Err(_) => Err(fail("login timed out".into())),
        Ok(Err((e, _))) => Err(fail(format!("login as {} failed: {e}", m.user))),
        Ok(Ok(session)) => Ok(session),
    }
}

async fn read_greeting<S: AsyncRead + AsyncWrite + Unpin + fmt::Debug + Send>(
    client: &mut async_imap::Client<S>,
) -> Result<(), String> {
    match timeout(STEP_TIMEOUT, client.read_response()).await {
        Err(_) => Err("no greeting from the server".into()),
        Ok(Err(e)) => Err(format!("reading the greeting: {e}")),
        Ok(Ok(None)) => Err("the server closed the connection".into()),
        Ok(Ok(Some(_))) => Ok(()),
    }
}

/// SASL XOAUTH2 (Gmail, Outlook).
struct XOAuth2 {
    user: String,
    token: String,
}

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        format!("user={}\x01auth=Bearer {}\x01\x01", self.user, self.token)
    }
}
