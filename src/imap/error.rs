//! What went wrong talking to a mailbox, as a kind a program can act on
//! (`watch` raises one alert after repeated login refusals, `check` shows
//! a certificate's fingerprint) and, in one place ([`ImapError::explain`]),
//! as a sentence of cause and one of remedy for the person.

use crate::t;
use crate::text::Lang;

/// A failure that names the mailbox it happened to.
#[derive(Debug, thiserror::Error)]
#[error("mailbox \"{mailbox}\": {message}")]
pub struct ImapError {
    pub mailbox: String,
    /// The technical detail, in English (logs, `--json`).
    pub message: String,
    pub kind: ImapErrorKind,
    /// The library error underneath, when there is one.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// Which step failed, with what the remedy needs to name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImapErrorKind {
    /// The password or token could not be fetched (command, variable, keyring).
    Credential,
    /// The host name does not resolve.
    Dns { host: String },
    /// No TCP connection (refused, unreachable, timed out).
    Connect {
        host: String,
        port: u16,
        why: ConnectFailure,
    },
    /// `tls = "none"` to a host that is not loopback.
    PlaintextRefused { host: String },
    /// The TLS handshake failed.
    Tls {
        host: String,
        port: u16,
        problem: TlsProblem,
    },
    /// The server refused the login (wrong password, IMAP disabled, …).
    LoginRefused { user: String, host: String },
    /// The server stopped answering on an open connection (IDLE silent
    /// past its watchdog, DONE unanswered): the connection is dead.
    NoAnswer,
    /// Anything else the server said or did.
    Protocol,
}

/// Why no TCP connection came about, as the person is told it (the
/// operating system's own words are English and technical).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectFailure {
    /// Nothing listens on that port (or a firewall says so).
    Refused,
    /// No answer within the time allowed.
    TimedOut,
    /// No route to the host or its network (offline, VPN, firewall).
    Unreachable,
    /// Anything else: the technical detail is shown.
    Other,
}

impl ConnectFailure {
    pub fn of(e: &std::io::Error) -> ConnectFailure {
        use std::io::ErrorKind::*;
        match e.kind() {
            ConnectionRefused => ConnectFailure::Refused,
            TimedOut => ConnectFailure::TimedOut,
            HostUnreachable | NetworkUnreachable | NetworkDown => ConnectFailure::Unreachable,
            _ => ConnectFailure::Other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The server answered in plain text: a plain-IMAP port (143) with
    /// `tls = "implicit"`.
    PlainPort,
    /// The certificate is not trusted (self-signed, unknown CA, expired,
    /// other name); its SHA-256 fingerprint, for `cert_sha256`.
    Untrusted {
        sha256: Option<String>,
    },
    /// `ca_file` could not be read.
    CaFile,
    Other,
}

impl ImapError {
    /// A failure of kind [`ImapErrorKind::Protocol`] (what most IMAP
    /// commands' errors are).
    pub fn new(mailbox: impl Into<String>, message: impl Into<String>) -> ImapError {
        ImapError::with_kind(mailbox, message, ImapErrorKind::Protocol)
    }

    pub fn with_kind(
        mailbox: impl Into<String>,
        message: impl Into<String>,
        kind: ImapErrorKind,
    ) -> ImapError {
        ImapError {
            mailbox: mailbox.into(),
            message: message.into(),
            kind,
            source: None,
        }
    }

    pub fn because(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The server refused the credentials: retrying will not help until
    /// the person changes something.
    pub fn is_login_refused(&self) -> bool {
        matches!(self.kind, ImapErrorKind::LoginRefused { .. })
    }

    /// One sentence saying what happened, one saying what to do (if there
    /// is something to say beyond the cause).
    pub fn explain(&self, lang: Lang) -> (String, Option<String>) {
        let mailbox = self.mailbox.as_str();
        match &self.kind {
            ImapErrorKind::Credential => (
                t!(
                    lang,
                    "errors-credential",
                    mailbox = mailbox,
                    detail = &self.message
                ),
                Some(t!(lang, "errors-credential-remedy", mailbox = mailbox)),
            ),
            ImapErrorKind::Dns { host } => (
                t!(lang, "errors-dns", host = host),
                Some(t!(lang, "errors-dns-remedy", mailbox = mailbox)),
            ),
            ImapErrorKind::Connect { host, port, why } => (
                t!(
                    lang,
                    "errors-connect",
                    host = host,
                    port = *port,
                    detail = match why {
                        ConnectFailure::Refused => t!(lang, "errors-connect-refused"),
                        ConnectFailure::TimedOut => t!(lang, "errors-connect-timed-out"),
                        ConnectFailure::Unreachable => t!(lang, "errors-connect-unreachable"),
                        ConnectFailure::Other => self.message.clone(),
                    }
                ),
                Some(t!(lang, "errors-connect-remedy")),
            ),
            ImapErrorKind::PlaintextRefused { host } => (
                t!(lang, "errors-plaintext", host = host),
                Some(t!(lang, "errors-plaintext-remedy")),
            ),
            ImapErrorKind::Tls {
                host,
                port,
                problem: TlsProblem::PlainPort,
            } => (
                t!(lang, "errors-tls-plain-port", host = host, port = *port),
                Some(t!(lang, "errors-tls-plain-port-remedy", port = *port)),
            ),
            ImapErrorKind::Tls {
                host,
                problem: TlsProblem::Untrusted { sha256 },
                ..
            } => (
                t!(
                    lang,
                    "errors-tls-untrusted",
                    host = host,
                    detail = &self.message
                ),
                Some(match sha256 {
                    Some(fp) => t!(lang, "errors-tls-untrusted-remedy", line = cert_line(fp)),
                    None => t!(lang, "errors-tls-untrusted-remedy-ca"),
                }),
            ),
            ImapErrorKind::Tls {
                problem: TlsProblem::CaFile,
                ..
            } => (
                t!(lang, "errors-tls-ca-file", detail = &self.message),
                Some(t!(lang, "errors-tls-ca-file-remedy")),
            ),
            ImapErrorKind::Tls { host, .. } => (
                t!(
                    lang,
                    "errors-tls-other",
                    host = host,
                    detail = &self.message
                ),
                Some(t!(lang, "errors-tls-other-remedy")),
            ),
            ImapErrorKind::LoginRefused { user, host } => (
                t!(lang, "errors-login-refused", user = user, mailbox = mailbox),
                Some(login_hint(host, mailbox, lang)),
            ),
            ImapErrorKind::NoAnswer => (
                t!(
                    lang,
                    "watch-no-answer",
                    mailbox = mailbox,
                    detail = &self.message
                ),
                Some(t!(lang, "watch-no-answer-remedy")),
            ),
            ImapErrorKind::Protocol => (
                t!(
                    lang,
                    "errors-protocol",
                    mailbox = mailbox,
                    detail = &self.message
                ),
                None,
            ),
        }
    }

    /// Cause and remedy on one line, for stderr and alerts.
    pub fn explained(&self, lang: Lang) -> String {
        match self.explain(lang) {
            (cause, Some(remedy)) => format!("{cause} {remedy}"),
            (cause, None) => cause,
        }
    }
}

/// The config line that pins exactly this certificate.
pub fn cert_line(sha256: &str) -> String {
    format!("cert_sha256 = \"{sha256}\"")
}

/// The mail provider behind an IMAP host, for provider-specific advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Gmx,
    WebDe,
    Gmail,
    Outlook,
    TOnline,
    Other,
}

impl Provider {
    pub fn of_host(host: &str) -> Provider {
        let h = host.trim_end_matches('.').to_ascii_lowercase();
        let under = |d: &str| h == d || h.ends_with(&format!(".{d}"));
        if under("gmx.net") || under("gmx.de") || under("gmx.com") {
            Provider::Gmx
        } else if under("web.de") {
            Provider::WebDe
        } else if under("gmail.com") || under("googlemail.com") {
            Provider::Gmail
        } else if under("office365.com") || under("outlook.com") || under("hotmail.com") {
            Provider::Outlook
        } else if under("t-online.de") {
            Provider::TOnline
        } else {
            Provider::Other
        }
    }
}

/// What to do when the server refuses the password, by provider (also
/// `init`'s advice before the first login).
pub fn login_hint(host: &str, mailbox: &str, lang: Lang) -> String {
    match Provider::of_host(host) {
        Provider::Gmx => t!(lang, "errors-login-hint-gmx", provider = "GMX"),
        Provider::WebDe => t!(lang, "errors-login-hint-gmx", provider = "WEB.DE"),
        Provider::Gmail => t!(lang, "errors-login-hint-gmail", mailbox = mailbox),
        Provider::Outlook => t!(lang, "errors-login-hint-outlook", mailbox = mailbox),
        Provider::TOnline => t!(lang, "errors-login-hint-t-online"),
        Provider::Other => t!(lang, "errors-login-hint-other", mailbox = mailbox),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(host: &str) -> ImapError {
        ImapError::with_kind(
            "gmx",
            "login as max@gmx.de failed: NO [AUTHENTICATIONFAILED]",
            ImapErrorKind::LoginRefused {
                user: "max@gmx.de".into(),
                host: host.into(),
            },
        )
    }

    #[test]
    fn a_refused_login_names_the_user_and_the_providers_remedy() {
        let (cause, remedy) = refused("imap.gmx.net").explain(Lang::En);
        assert_eq!(
            cause,
            "The server refused the password for max@gmx.de (mailbox \"gmx\")."
        );
        assert!(remedy.unwrap().contains("enable IMAP"));
        let (_, remedy) = refused("imap.gmail.com").explain(Lang::En);
        let remedy = remedy.unwrap();
        assert!(
            remedy.contains("app password") && remedy.contains("optout login gmx"),
            "{remedy}"
        );
        let (_, remedy) = refused("outlook.office365.com").explain(Lang::De);
        assert!(remedy.unwrap().contains("optout login gmx"));
        let (_, remedy) = refused("secureimap.t-online.de").explain(Lang::De);
        assert!(remedy.unwrap().contains("E-Mail-Passwort"));
        let (cause, _) = refused("imap.web.de").explain(Lang::De);
        assert!(cause.contains("Passwort für max@gmx.de"), "{cause}");
    }

    #[test]
    fn a_plain_port_says_use_starttls_or_993() {
        let e = ImapError::with_kind(
            "m",
            "TLS handshake failed",
            ImapErrorKind::Tls {
                host: "imap.example.de".into(),
                port: 143,
                problem: TlsProblem::PlainPort,
            },
        );
        let line = e.explained(Lang::En);
        assert!(
            line.contains("Port 143 speaks plain IMAP: use tls = \"starttls\", or port 993"),
            "{line}"
        );
    }

    #[test]
    fn providers_are_known_by_their_hosts() {
        assert_eq!(Provider::of_host("imap.gmx.net"), Provider::Gmx);
        assert_eq!(Provider::of_host("IMAP.WEB.DE"), Provider::WebDe);
        assert_eq!(Provider::of_host("imap.gmail.com"), Provider::Gmail);
        assert_eq!(Provider::of_host("notgmx.net"), Provider::Other);
    }
}
