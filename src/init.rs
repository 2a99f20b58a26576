//! `optout init`: a commented config for the person's address, or a new
//! mailbox added to the config they have (comments and their own edits
//! kept), with IMAP settings from discovery.
//!
//! Pure parts here (address checks, the text of a mailbox, unique names,
//! adding to a file); the CLI (`cli::setup::init`) does the asking, the
//! network and the writing.

use crate::config::Tls;
use crate::discover::{ispdb::ImapServer, Found};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use crate::discover::presets::{preset_for, Preset, PRESETS};

/// Why an address is not one optout can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("{0:?} has no @")]
    NoAt(String),
    #[error("{0:?} is not a mail address")]
    Malformed(String),
    #[error("the domain {0:?} has no dot")]
    DomainWithoutDot(String),
}

/// The address in what a person typed: `Max Muster <max@gmx.de>` →
/// `max@gmx.de` (domain lower-cased). A domain must have a dot
/// (`max@gmx`, `max@localhost` are refused).
pub fn parse_address(input: &str) -> Result<String, AddressError> {
    let raw = input.trim();
    let inner = match (raw.rfind('<'), raw.rfind('>')) {
        (Some(a), Some(b)) if a < b => &raw[a + 1..b],
        (None, None) => raw,
        _ => return Err(AddressError::Malformed(raw.to_owned())),
    };
    let inner = inner.trim();
    let inner = inner.strip_prefix("mailto:").unwrap_or(inner);
    let Some((local, domain)) = inner.rsplit_once('@') else {
        return Err(AddressError::NoAt(raw.to_owned()));
    };
    let bad_local = local.is_empty()
        || local.len() > 64
        || local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"@\\".contains(c));
    let domain = domain.to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if bad_local || domain.is_empty() || !domain.split('.').all(label_ok) {
        return Err(AddressError::Malformed(raw.to_owned()));
    }
    if !domain.contains('.') {
        return Err(AddressError::DomainWithoutDot(domain));
    }
    if domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(AddressError::Malformed(raw.to_owned()));
    }
    Ok(format!("{local}@{domain}"))
}

/// What goes into a new `[[mailbox]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxSettings {
    pub server: ImapServer,
    /// The built-in preset, for its spam folder, hints and authserv-id.
    pub preset: Option<&'static Preset>,
    /// A comment line above `host`: where the settings came from, or that
    /// they are a guess.
    pub comment: String,
    /// Where IMAP must be switched on first.
    pub enable: Option<String>,
    pub ca_file: Option<PathBuf>,
}

impl MailboxSettings {
    /// From what discovery found.
    pub fn from_found(f: &Found, comment: String) -> MailboxSettings {
        let enable = match (&f.enable_text, &f.enable_url) {
            (Some(t), Some(u)) => Some(format!("{t} {u}")),
            (Some(t), None) => Some(t.clone()),
            (None, Some(u)) => Some(u.clone()),
            (None, None) => None,
        };
        MailboxSettings {
            server: f.server.clone(),
            preset: f.preset,
            comment,
            enable,
            ca_file: None,
        }
    }

    /// A guess (`imap.DOMAIN`, 993) when nothing answered.
    pub fn guess(email: &str, comment: String) -> MailboxSettings {
        let domain = email.rsplit_once('@').map_or("example.org", |(_, d)| d);
        MailboxSettings {
            server: ImapServer {
                host: format!("imap.{domain}"),
                port: 993,
                tls: Tls::Implicit,
                user: email.to_owned(),
                oauth2: false,
            },
            preset: None,
            comment,
            enable: None,
            ca_file: None,
        }
    }

    /// The built-in settings for a preset address, or a guess.
    pub fn offline(email: &str) -> MailboxSettings {
        match preset_for(email) {
            Some(p) => {
                let f = Found {
                    server: ImapServer {
                        host: p.host.to_owned(),
                        port: p.port,
                        tls: if p.tls == "starttls" {
                            Tls::Starttls
                        } else {
                            Tls::Implicit
                        },
                        user: if p.label == "iCloud" {
                            email.split('@').next().unwrap_or(email).to_owned()
                        } else {
                            email.to_owned()
                        },
                        oauth2: p.oauth2,
                    },
                    source: crate::discover::Source::Preset { label: p.label },
                    provider: Some(p.label.to_owned()),
                    enable_url: None,
                    enable_text: None,
                    preset: Some(p),
                };
                MailboxSettings::from_found(&f, format!("{} — {}", p.label, p.login_hint))
            }
            None => MailboxSettings::guess(
                email,
                "Unknown provider: look up its IMAP server and fix host and port.".into(),
            ),
        }
    }
}

/// A short, safe name for the mailbox: "gmx", "webde", "mail".
fn base_mailbox_name(email: &str, preset: Option<&Preset>) -> String {
    let base = match preset {
        Some(p) => p.label.to_ascii_lowercase(),
        None => email
            .rsplit_once('@')
            .map(|(_, d)| d)
            .unwrap_or("mail")
            .split('.')
            .next()
            .unwrap_or("mail")
            .to_owned(),
    };
    let name: String = base.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() {
        "mail".into()
    } else {
        name
    }
}

/// A name not in `taken`: `base`, then `base-LOCAL`, then `base-2`, ….
fn unique(base: &str, local: &str, taken: &dyn Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    let with_local = format!("{base}-{local}");
    if !taken(&with_local) {
        return with_local;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken(c))
        .expect("some number is free")
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// An account the database already knows: its id, mailbox and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAccount {
    pub id: String,
    pub mailbox: String,
    pub address: Option<String>,
}

/// What is in the config already, for unique names and ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Existing {
    /// `name` and `user` of each `[[mailbox]]`.
    pub mailboxes: Vec<(String, String)>,
    /// `id`, `platform`, `mailbox`, `address` of each `[[account]]`.
    pub accounts: Vec<(String, String, String, Option<String>)>,
}

impl Existing {
    /// Read from a config's text (tolerant: only what `init` needs).
    pub fn read(text: &str) -> Result<Existing, String> {
        let doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string())?;
        let s =
            |t: &toml_edit::Table, k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let mut e = Existing::default();
        if let Some(list) = doc.get("mailbox").and_then(|m| m.as_array_of_tables()) {
            for t in list.iter() {
                e.mailboxes.push((
                    s(t, "name").unwrap_or_default(),
                    s(t, "user").unwrap_or_default(),
                ));
            }
        }
        if let Some(list) = doc.get("account").and_then(|m| m.as_array_of_tables()) {
            for t in list.iter() {
                e.accounts.push((
                    s(t, "id").unwrap_or_default(),
                    s(t, "platform").unwrap_or_default().to_ascii_lowercase(),
                    s(t, "mailbox").unwrap_or_default(),
                    s(t, "address").map(|a| a.to_ascii_lowercase()),
                ));
            }
        }
        Ok(e)
    }
}

/// What `plan` decided to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The mailbox the accounts go to; `new` when it is added.
    pub mailbox: String,
    pub new_mailbox: bool,
    /// `(id, platform)` of each new account.
    pub accounts: Vec<(String, String)>,
}

/// Names for the new mailbox and accounts of `email`: unique in the file
/// and in the database (an id the database knows under another mailbox or
/// address is never reused: that would merge two objections into one).
/// An address already in the file gets only the platforms it lacks.
pub fn plan(
    email: &str,
    platforms: &[String],
    preset: Option<&Preset>,
    existing: &Existing,
    db: &[KnownAccount],
) -> Plan {
    let email_lc = email.to_ascii_lowercase();
    let local = sanitize(email.split('@').next().unwrap_or(email));
    // The mailbox of this address, if the file has one.
    let by_account = existing
        .accounts
        .iter()
        .find(|(_, _, _, a)| a.as_deref() == Some(email_lc.as_str()))
        .map(|(_, _, m, _)| m.clone());
    let by_user = existing
        .mailboxes
        .iter()
        .find(|(_, u)| u.eq_ignore_ascii_case(email))
        .map(|(n, _)| n.clone());
    let (mailbox, new_mailbox) = match by_account.or(by_user) {
        Some(m) => (m, false),
        None => {
            let base = base_mailbox_name(email, preset);
            let taken = |n: &str| existing.mailboxes.iter().any(|(m, _)| m == n);
            (unique(&base, &local, &taken), true)
        }
    };
    let mut accounts: Vec<(String, String)> = Vec::new();
    for platform in platforms {
        let platform = platform.trim().to_ascii_lowercase();
        let already = existing.accounts.iter().any(|(_, p, m, a)| {
            *p == platform
                && (a.as_deref() == Some(email_lc.as_str()) || (a.is_none() && *m == mailbox))
        });
        if already || accounts.iter().any(|(_, p)| *p == platform) {
            continue;
        }
        let taken = |id: &str| {
            existing.accounts.iter().any(|(i, ..)| i == id)
                || accounts.iter().any(|(i, _)| i == id)
                || db.iter().any(|k| {
                    k.id == id
                        && (k.mailbox != mailbox || k.address.as_deref() != Some(email_lc.as_str()))
                })
        };
        let base = format!("{platform}-{local}");
        let id = if taken(&base) {
            let with_mailbox = format!("{base}-{mailbox}");
            if taken(&with_mailbox) {
                (2..)
                    .map(|n| format!("{base}-{n}"))
                    .find(|c| !taken(c))
                    .expect("free")
            } else {
                with_mailbox
            }
        } else {
            base
        };
        accounts.push((id, platform));
    }
    Plan {
        mailbox,
        new_mailbox,
        accounts,
    }
}

/// The `[[mailbox]]` section for `email`, with comments.
pub fn mailbox_text(name: &str, settings: &MailboxSettings) -> String {
    let mut s = String::new();
    let server = &settings.server;
    let preset = settings.preset;
    let email = &server.user;
    let _ = writeln!(s, "[[mailbox]]");
    let _ = writeln!(s, "name = {}", toml_str(name));
    let _ = writeln!(s, "# {}", settings.comment);
    if let Some(e) = &settings.enable {
        let _ = writeln!(s, "# First switch on IMAP: {e}");
    }
    let _ = writeln!(s, "host = {}", toml_str(&server.host));
    let _ = writeln!(s, "port = {}", server.port);
    let tls = match server.tls {
        Tls::Implicit => "implicit",
        Tls::Starttls => "starttls",
        Tls::None => "none",
    };
    let _ = writeln!(
        s,
        "tls = {}          # \"implicit\" (993) or \"starttls\" (143)",
        toml_str(tls)
    );
    let _ = writeln!(s, "user = {}", toml_str(email));
    if let Some(ca) = &settings.ca_file {
        let _ = writeln!(s, "ca_file = {}", toml_str(&ca.display().to_string()));
    }
    // Where the secret comes from: the OS keyring, filled by `optout
    // login` (a password, or OAuth2's refresh token); never this file.
    let oauth2 = server.oauth2
        || crate::login::providers::of_host(&server.host).is_some_and(|p| !p.passwords);
    if oauth2 {
        let _ = writeln!(s, "# This provider accepts only OAuth2 over IMAP: sign in once with `optout login {name}`");
        let _ = writeln!(
            s,
            "# (it needs oauth2_client_id = \"...\" here until optout has its own registration),"
        );
        let _ = writeln!(s, "# or use oauth2_token_cmd = \"COMMAND\" (a command that prints an access token, e.g. oama).");
        let _ = writeln!(s, "oauth2 = true");
    } else {
        let _ = writeln!(
            s,
            "# The password is kept in your OS keyring: store it once with `optout login {name}`."
        );
        let _ = writeln!(
            s,
            "# Without a keyring (a server): password_env = \"VAR\", password_cmd = \"COMMAND\","
        );
        let _ = writeln!(s, "# or password = \"...\" (then chmod 600 this file).");
        let _ = writeln!(s, "password_keyring = true");
    }
    match preset.and_then(|p| p.spam.map(|spam| (p, spam))) {
        Some((p, spam)) => {
            let _ = writeln!(
                s,
                "# INBOX and the spam folder ({}'s is \"{spam}\"; Meta's mails often land there).",
                p.label
            );
            let mut folders = vec!["INBOX", spam];
            folders.extend_from_slice(p.extra);
            let list: Vec<_> = folders.iter().map(|f| toml_str(f)).collect();
            let _ = writeln!(s, "folders = [{}]", list.join(", "));
        }
        None => {
            let _ = writeln!(s, "# optout finds INBOX and the spam folder by itself (SPECIAL-USE \\Junk, or its name).");
            let _ = writeln!(s, "# folders = [\"INBOX\", \"Spam\"]");
        }
    }
    match preset.and_then(|p| p.authserv_id.map(|id| (p, id))) {
        Some((p, id)) => {
            let _ = writeln!(s, "# Only Authentication-Results headers from {}'s receiving server count (any other may be forged by the sender).", p.label);
            let _ = writeln!(s, "authserv_id = {}", toml_str(id));
        }
        None => {
            let _ = writeln!(s, "# Your receiving server's id in its Authentication-Results headers: only those count");
            let _ = writeln!(
                s,
                "# (any other may be forged by the sender). `optout check` shows it."
            );
            let _ = writeln!(s, "# authserv_id = \"mx.example.org\"");
        }
    }
    let _ = writeln!(
        s,
        "lookback = \"90d\"          # how far back the first sync looks"
    );
    s
}

/// The `[[account]]` sections of a plan.
pub fn accounts_text(plan: &Plan, email: &str) -> String {
    let mut s = String::new();
    for (id, platform) in &plan.accounts {
        let _ = writeln!(s, "\n[[account]]");
        let _ = writeln!(s, "id = {}", toml_str(id));
        let _ = writeln!(s, "platform = {}", toml_str(platform));
        let _ = writeln!(s, "mailbox = {}", toml_str(&plan.mailbox));
        let _ = writeln!(
            s,
            "address = {}          # the address {platform} writes to",
            toml_str(&email.to_ascii_lowercase())
        );
    }
    s
}

const ALERTS: &str = "\n[alerts]
desktop = true          # desktop notifications
# command = \"~/bin/on-optout-alert\"   # runs once per alert, JSON on stdin
code_timeout = \"15m\"    # no code this long after `optout expect-code`: tell me
reply_timeout = \"7d\"    # no decision this long after submitting: tell me
";

/// A whole new config file.
pub fn new_file_text(email: &str, plan: &Plan, settings: &MailboxSettings) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# optout config for {email}, written by `optout init`.");
    let _ = writeln!(
        s,
        "# Every key is documented in config.example.toml. Check it with `optout check`.\n"
    );
    s.push_str(&mailbox_text(&plan.mailbox, settings));
    s.push_str(&accounts_text(plan, email));
    s.push_str(ALERTS);
    s
}

/// The config file text for `email`, with one account per platform, from
/// the built-in settings only (no network).
pub fn config_text(email: &str, platforms: &[String]) -> String {
    let email = email.trim();
    let settings = MailboxSettings::offline(email);
    let plan = plan(email, platforms, settings.preset, &Existing::default(), &[]);
    new_file_text(email, &plan, &settings)
}

/// `existing` with the plan's mailbox (when new) and accounts added. The
/// file is edited with `toml_edit`: the person's comments, order and
/// layout stay as they are; the new sections come after the last of
/// their kind.
pub fn add_to_text(
    existing: &str,
    email: &str,
    plan: &Plan,
    settings: &MailboxSettings,
) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = existing
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut block = String::new();
    if plan.new_mailbox {
        block.push_str(&mailbox_text(&plan.mailbox, settings));
    }
    block.push_str(&accounts_text(plan, email));
    let new: toml_edit::DocumentMut = block
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    for kind in ["mailbox", "account"] {
        let Some(added) = new.get(kind).and_then(|i| i.as_array_of_tables()) else {
            continue;
        };
        if doc.get(kind).is_none() {
            doc.insert(
                kind,
                toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()),
            );
        }
        let list = doc
            .get_mut(kind)
            .and_then(|i| i.as_array_of_tables_mut())
            .ok_or_else(|| format!("{kind} is not a list of [[{kind}]] sections"))?;
        // Right after the last section of this kind.
        // (Same position as the last one: rendering keeps insertion order.)
        let position = list
            .iter()
            .filter_map(|t| t.position())
            .max()
            .unwrap_or(isize::MAX);
        for t in added.iter() {
            let mut t = t.clone();
            t.set_position(position);
            if t.decor()
                .prefix()
                .is_none_or(|p| p.as_str().is_none_or(|p| !p.starts_with('\n')))
            {
                t.decor_mut().set_prefix("\n");
            }
            list.push(t);
        }
    }
    Ok(doc.to_string())
}

/// Write the spam folder found on the server into the mailbox's
/// `folders` (INBOX, the spam folder, and what else was listed), so that
/// the file names the real one. Returns whether the file changed. For
/// `login` (after sign-in) and `check`.
pub fn write_spam_folder(config_path: &Path, mailbox: &str, folder: &str) -> std::io::Result<bool> {
    let text = std::fs::read_to_string(config_path)?;
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| invalid(e.to_string()))?;
    let Some(list) = doc
        .get_mut("mailbox")
        .and_then(|i| i.as_array_of_tables_mut())
    else {
        return Ok(false);
    };
    let Some(t) = list
        .iter_mut()
        .find(|t| t.get("name").and_then(|v| v.as_str()) == Some(mailbox))
    else {
        return Ok(false);
    };
    let mut folders: Vec<String> = t
        .get("folders")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_else(|| vec!["INBOX".to_owned()]);
    if folders.iter().any(|f| f == folder) {
        return Ok(false);
    }
    let at = folders
        .iter()
        .position(|f| f.eq_ignore_ascii_case("INBOX"))
        .map_or(0, |i| i + 1);
    folders.insert(at, folder.to_owned());
    let mut array = toml_edit::Array::new();
    for f in &folders {
        array.push(f.as_str());
    }
    match t.get_mut("folders").and_then(|v| v.as_value_mut()) {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::Array(array);
            *v.decor_mut() = decor;
        }
        None => {
            t.insert("folders", toml_edit::value(array));
        }
    }
    write_keeping_mode(config_path, &doc.to_string())?;
    Ok(true)
}

/// Replace a file's contents atomically (a temporary file beside it, then
/// rename), keeping its permissions.
pub fn write_keeping_mode(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path)?.permissions();
    let tmp = dir.join(format!(
        ".{}.optout-init.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("config")
    ));
    std::fs::write(&tmp, text)?;
    std::fs::set_permissions(&tmp, perms)?;
    std::fs::rename(&tmp, path)
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Tls};
    use std::path::Path;

    #[test]
    fn every_preset_yields_a_valid_config() {
        for p in PRESETS {
            for domain in p.domains {
                let email = format!("max.muster@{domain}");
                let text = config_text(&email, &["facebook".into(), "instagram".into()]);
                let cfg = Config::parse(&text, Path::new("config.toml"))
                    .unwrap_or_else(|e| panic!("{domain}: {e}\n{text}"));
                let m = &cfg.mailboxes[0];
                assert_eq!(m.host, p.host, "{domain}");
                assert_eq!(m.port, 993);
                assert_eq!(m.tls, Tls::Implicit);
                if let Some(spam) = p.spam {
                    assert!(
                        m.folders.as_ref().unwrap().iter().any(|f| f == spam),
                        "{domain}"
                    );
                }
                assert_eq!(m.authserv_id.as_deref(), p.authserv_id, "{domain}");
                assert_eq!(cfg.accounts.len(), 2);
                assert_eq!(cfg.accounts[0].id, "facebook-max-muster");
                assert_eq!(cfg.accounts[1].platform, "instagram");
            }
        }
    }

    #[test]
    fn known_providers_are_covered() {
        for d in [
            "gmx.de",
            "gmx.net",
            "web.de",
            "t-online.de",
            "gmail.com",
            "googlemail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "icloud.com",
            "me.com",
            "posteo.de",
            "mailbox.org",
            "yahoo.com",
            "yahoo.de",
            "freenet.de",
        ] {
            assert!(preset_for(&format!("a@{d}")).is_some(), "{d}");
        }
        assert_eq!(preset_for("Max@GMX.DE").unwrap().spam, Some("Spamverdacht"));
        assert_eq!(preset_for("a@web.de").unwrap().extra, &["Unbekannt"]);
        // Gmail's receiving servers sign as mx.google.com; no other preset
        // pins an id (a wrong one would make every provider mail suspicious).
        for p in PRESETS {
            let want = (p.label == "Gmail").then_some("mx.google.com");
            assert_eq!(p.authserv_id, want, "{}", p.label);
        }
        assert!(
            config_text("a@googlemail.com", &[]).contains("\nauthserv_id = \"mx.google.com\"\n")
        );
        assert!(config_text("a@gmx.de", &[]).contains("\n# authserv_id = "));
    }

    #[test]
    fn unknown_domain_still_parses() {
        let text = config_text("me@example.org", &["threads".into()]);
        let cfg = Config::parse(&text, Path::new("c.toml")).unwrap();
        assert_eq!(cfg.mailboxes[0].host, "imap.example.org");
        assert_eq!(cfg.mailboxes[0].name, "example");
    }
}

#[cfg(test)]
mod adding {
    use super::*;
    use crate::config::Config;

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            parse_address("Max Muster <Max@GMX.de>").unwrap(),
            "Max@gmx.de"
        );
        assert_eq!(parse_address(" max@gmx.de ").unwrap(), "max@gmx.de");
        assert_eq!(parse_address("mailto:a@b.de").unwrap(), "a@b.de");
        assert_eq!(
            parse_address("max@gmx"),
            Err(AddressError::DomainWithoutDot("gmx".into()))
        );
        assert!(matches!(
            parse_address("max@localhost"),
            Err(AddressError::DomainWithoutDot(_))
        ));
        assert!(matches!(parse_address("max"), Err(AddressError::NoAt(_))));
        for bad in [
            "imap.gmx.de>",
            "Max <max@gmx.de",
            "a b@c.de",
            "@gmx.de",
            "a@gmx..de",
            "a@-x.de",
            "a@1.2.3.4",
        ] {
            assert!(parse_address(bad).is_err(), "{bad}");
        }
    }

    const FIRST: &str = "# my own comment on top\n\n[[mailbox]]\nname = \"gmail\"   # my mailbox\nhost = \"imap.gmail.com\"\nuser = \"max@gmail.com\"\npassword_env = \"PW\"\n\n[[account]]\nid = \"facebook-max\"\nplatform = \"facebook\"\nmailbox = \"gmail\"\naddress = \"max@gmail.com\"\n\n# alerts, as I like them\n[alerts]\ndesktop = false\n";

    #[test]
    fn a_second_address_is_added_with_unique_ids_and_comments_kept() {
        let existing = Existing::read(FIRST).unwrap();
        let email = "max@gmx.de";
        let settings = MailboxSettings::offline(email);
        let p = plan(
            email,
            &["facebook".into(), "instagram".into()],
            settings.preset,
            &existing,
            &[],
        );
        assert!(p.new_mailbox);
        assert_eq!(p.mailbox, "gmx");
        assert_eq!(
            p.accounts,
            vec![
                ("facebook-max-gmx".to_owned(), "facebook".to_owned()),
                ("instagram-max".to_owned(), "instagram".to_owned())
            ]
        );
        let text = add_to_text(FIRST, email, &p, &settings).unwrap();
        for kept in [
            "# my own comment on top",
            "# my mailbox",
            "# alerts, as I like them",
            "desktop = false",
        ] {
            assert!(text.contains(kept), "{kept}:\n{text}");
        }
        let cfg =
            Config::parse(&text, Path::new("c.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(cfg.mailboxes.len(), 2);
        assert_eq!(cfg.mailboxes[1].host, "imap.gmx.net");
        let ids: Vec<_> = cfg.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["facebook-max", "facebook-max-gmx", "instagram-max"]);
        // The new sections come before [alerts], after their own kind.
        assert!(
            text.find("imap.gmx.net").unwrap() < text.find("[alerts]").unwrap(),
            "{text}"
        );

        // The same address again: only what it lacks.
        let again = Existing::read(&text).unwrap();
        let p2 = plan(
            email,
            &["instagram".into(), "threads".into()],
            settings.preset,
            &again,
            &[],
        );
        assert!(!p2.new_mailbox);
        assert_eq!(
            p2.accounts,
            vec![("threads-max".to_owned(), "threads".to_owned())]
        );
    }

    #[test]
    fn ids_the_database_knows_elsewhere_are_not_reused() {
        let db = [KnownAccount {
            id: "facebook-max".into(),
            mailbox: "gmail".into(),
            address: Some("max@gmail.com".into()),
        }];
        let p = plan(
            "max@gmx.de",
            &["facebook".into()],
            preset_for("max@gmx.de"),
            &Existing::default(),
            &db,
        );
        assert_eq!(p.accounts[0].0, "facebook-max-gmx");
        // The same account (same mailbox and address) may keep its id.
        let db = [KnownAccount {
            id: "facebook-max".into(),
            mailbox: "gmx".into(),
            address: Some("max@gmx.de".into()),
        }];
        let p = plan(
            "max@gmx.de",
            &["facebook".into()],
            preset_for("max@gmx.de"),
            &Existing::default(),
            &db,
        );
        assert_eq!(p.accounts[0].0, "facebook-max");
    }

    #[test]
    fn the_spam_folder_is_written_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, FIRST).unwrap();
        assert!(write_spam_folder(&path, "gmail", "[Gmail]/Spam").unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let cfg = Config::parse(&text, &path).unwrap();
        assert_eq!(
            cfg.mailboxes[0].folders.as_deref(),
            Some(&["INBOX".to_owned(), "[Gmail]/Spam".to_owned()][..])
        );
        assert!(text.contains("# my mailbox"), "{text}");
        assert!(
            !write_spam_folder(&path, "gmail", "[Gmail]/Spam").unwrap(),
            "once"
        );
    }
}
