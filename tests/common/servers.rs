//! One test body, three IMAP servers: [`Server`] starts a private Dovecot,
//! Cyrus or Courier and hides what differs between them (folder names,
//! how mail is delivered while the server is down).

use super::courier::Courier;
use super::cyrus::Cyrus;
use super::dovecot::Dovecot;
use std::path::PathBuf;

/// Where `scripts/test` extracts the server packages that cannot be
/// installed next to Dovecot (`cyrus-imapd`, `courier-imap`):
/// `$OPTOUT_TEST_SERVER_PACKAGES`, else `target/imap-servers`.
pub fn server_packages() -> PathBuf {
    std::env::var_os("OPTOUT_TEST_SERVER_PACKAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/imap-servers"))
}

/// Nanoseconds since the epoch (unique maildir file names).
pub fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dovecot,
    Cyrus,
    Courier,
}

pub enum Server {
    Dovecot(Dovecot),
    Cyrus(Cyrus),
    Courier(Courier),
}

impl Server {
    /// A running server with user `max` / `secret`, INBOX and a spam
    /// folder ([`spam`](Self::spam)) that optout must find by itself.
    pub fn start(kind: Kind) -> Server {
        let started = std::time::Instant::now();
        let server = match kind {
            Kind::Dovecot => Server::Dovecot(Dovecot::start()),
            Kind::Cyrus => Server::Cyrus(Cyrus::start()),
            Kind::Courier => Server::Courier(Courier::start()),
        };
        // Shown with --nocapture (or when the test fails).
        eprintln!("{kind:?} started in {:?}", started.elapsed());
        server
    }

    pub fn kind(&self) -> Kind {
        match self {
            Server::Dovecot(_) => Kind::Dovecot,
            Server::Cyrus(_) => Kind::Cyrus,
            Server::Courier(_) => Kind::Courier,
        }
    }

    pub fn imap_port(&self) -> u16 {
        match self {
            Server::Dovecot(d) => d.imap_port,
            Server::Cyrus(c) => c.imap_port,
            Server::Courier(c) => c.imap_port,
        }
    }

    /// The spam folder, as the server names it (and optout shows it):
    /// Dovecot's special-use `Junk`; Cyrus's special-use `INBOX.Junk`;
    /// Courier's `INBOX.Junk`, found by its name (no SPECIAL-USE).
    pub fn spam(&self) -> &'static str {
        match self {
            Server::Dovecot(_) => "Junk",
            Server::Cyrus(_) | Server::Courier(_) => "INBOX.Junk",
        }
    }

    /// The `[[mailbox]]` lines that reach this server over plain IMAP.
    pub fn mailbox(&self, extra: &str) -> String {
        format!(
            "host = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n{extra}",
            self.imap_port()
        )
    }

    /// The `[[mailbox]]` lines that reach this server over TLS (implicit
    /// TLS where the instance has an IMAPS port, else STARTTLS).
    pub fn mailbox_tls(&self, extra: &str) -> String {
        let (port, tls, ca) = match self {
            Server::Dovecot(d) => (d.imaps_port, "implicit", d.ca_file()),
            Server::Cyrus(c) => (c.imaps_port, "implicit", c.ca_file()),
            Server::Courier(c) => (c.imap_port, "starttls", c.ca_file()),
        };
        format!(
            "host = \"127.0.0.1\"\nport = {port}\ntls = \"{tls}\"\nca_file = \"{}\"\n{extra}",
            ca.display()
        )
    }

    pub fn stop(&mut self) {
        match self {
            Server::Dovecot(d) => d.stop(),
            Server::Cyrus(c) => c.stop(),
            Server::Courier(c) => c.stop(),
        }
    }

    pub fn restart(&mut self) {
        match self {
            Server::Dovecot(d) => d.restart(),
            Server::Cyrus(c) => c.restart(),
            Server::Courier(c) => c.restart(),
        }
    }

    /// While stopped: mail delivered meanwhile, `(folder, mail)` with the
    /// folder as [`spam`](Self::spam) names it, or `INBOX`.
    pub fn deliver_while_stopped(&mut self, mails: &[(&str, Vec<u8>)]) {
        match self {
            Server::Dovecot(d) => {
                for (i, (folder, mail)) in mails.iter().enumerate() {
                    let sub = match *folder {
                        "INBOX" => String::new(),
                        f => format!(".{f}"),
                    };
                    let dir = d.path(&format!("mail/max/Maildir/{sub}/new"));
                    std::fs::create_dir_all(&dir).unwrap();
                    let file = dir.join(format!("{}.M{i}P1.test", nanos()));
                    std::fs::write(&file, mail).unwrap();
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644))
                        .unwrap();
                }
            }
            Server::Cyrus(c) => c.deliver_while_stopped(mails),
            Server::Courier(c) => c.deliver_while_stopped(mails),
        }
    }
}
