//! `optout init`: a commented config for the person's address, with the
//! IMAP settings of the common providers.

use std::fmt::Write as _;

/// IMAP settings of a mail provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub label: &'static str,
    pub domains: &'static [&'static str],
    pub host: &'static str,
    pub port: u16,
    pub tls: &'static str,
    /// The spam folder's IMAP name, when it is the same for every user.
    pub spam: Option<&'static str>,
    /// Extra folders worth watching (web.de's "Unbekannt": unknown senders).
    pub extra: &'static [&'static str],
    /// How to log in, in one line.
    pub login_hint: &'static str,
    /// The provider requires OAuth2 (no passwords over IMAP).
    pub oauth2: bool,
    /// The authserv-id its receiving servers write first in their
    /// Authentication-Results headers, where known for certain.
    pub authserv_id: Option<&'static str>,
}

pub const PRESETS: &[Preset] = &[
    Preset { label: "GMX", domains: &["gmx.de", "gmx.net", "gmx.at", "gmx.ch"], host: "imap.gmx.net", port: 993, tls: "implicit", spam: Some("Spamverdacht"), extra: &[], login_hint: "enable IMAP first: GMX web mail > Einstellungen > POP3/IMAP Abruf", oauth2: false, authserv_id: None },
    Preset { label: "WEB.DE", domains: &["web.de"], host: "imap.web.de", port: 993, tls: "implicit", spam: Some("Spam"), extra: &["Unbekannt"], login_hint: "enable IMAP first: WEB.DE web mail > Einstellungen > POP3/IMAP Abruf", oauth2: false, authserv_id: None },
    Preset { label: "T-Online", domains: &["t-online.de", "magenta.de"], host: "secureimap.t-online.de", port: 993, tls: "implicit", spam: Some("Spam"), extra: &[], login_hint: "use the separate \"E-Mail-Passwort\" from the Telekom customer centre, not the login password", oauth2: false, authserv_id: None },
    Preset { label: "Gmail", domains: &["gmail.com", "googlemail.com"], host: "imap.gmail.com", port: 993, tls: "implicit", spam: None, extra: &[], login_hint: "use an app password (Google account > Security > App passwords) or an OAuth2 token command", oauth2: false, authserv_id: Some("mx.google.com") },
    Preset { label: "Outlook.com", domains: &["outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.com", "live.de", "msn.com"], host: "outlook.office365.com", port: 993, tls: "implicit", spam: Some("Junk"), extra: &[], login_hint: "Outlook.com accepts only OAuth2 over IMAP: give a command that prints a fresh access token", oauth2: true, authserv_id: None },
    Preset { label: "iCloud", domains: &["icloud.com", "me.com", "mac.com"], host: "imap.mail.me.com", port: 993, tls: "implicit", spam: Some("Junk"), extra: &[], login_hint: "use an app-specific password (appleid.apple.com > Sign-In and Security); the user is the part before @", oauth2: false, authserv_id: None },
    Preset { label: "Posteo", domains: &["posteo.de", "posteo.net", "posteo.eu"], host: "posteo.de", port: 993, tls: "implicit", spam: None, extra: &[], login_hint: "your Posteo password", oauth2: false, authserv_id: None },
    Preset { label: "mailbox.org", domains: &["mailbox.org"], host: "imap.mailbox.org", port: 993, tls: "implicit", spam: Some("Junk"), extra: &[], login_hint: "your mailbox.org password (or an app password if you use two-factor login)", oauth2: false, authserv_id: None },
    Preset { label: "Yahoo", domains: &["yahoo.com", "yahoo.de", "ymail.com"], host: "imap.mail.yahoo.com", port: 993, tls: "implicit", spam: Some("Bulk"), extra: &[], login_hint: "use an app password (Yahoo account > Security > Generate app password)", oauth2: false, authserv_id: None },
    Preset { label: "freenet", domains: &["freenet.de"], host: "mx.freenet.de", port: 993, tls: "implicit", spam: Some("Spam"), extra: &[], login_hint: "enable IMAP access in the freenet mail settings first", oauth2: false, authserv_id: None },
];

/// The preset for an address's domain.
pub fn preset_for(email: &str) -> Option<&'static Preset> {
    let domain = email.rsplit_once('@')?.1.to_ascii_lowercase();
    PRESETS
        .iter()
        .find(|p| p.domains.contains(&domain.as_str()))
}

/// A short, safe name for the mailbox: "gmx", "webde", "mail".
fn mailbox_name(email: &str, preset: Option<&Preset>) -> String {
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

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The config file text for `email`, with one account per platform.
pub fn config_text(email: &str, platforms: &[String]) -> String {
    let email = email.trim();
    let preset = preset_for(email);
    let name = mailbox_name(email, preset);
    let local = email.split('@').next().unwrap_or(email);
    let mut s = String::new();
    let _ = writeln!(s, "# optout config for {email}, written by `optout init`.");
    let _ = writeln!(
        s,
        "# Every key is documented in config.example.toml. Check it with `optout check`.\n"
    );
    let _ = writeln!(s, "[[mailbox]]");
    let _ = writeln!(s, "name = {}", toml_str(&name));
    match preset {
        Some(p) => {
            let _ = writeln!(s, "# {} — {}", p.label, p.login_hint);
            let _ = writeln!(s, "host = {}", toml_str(p.host));
            let _ = writeln!(s, "port = {}", p.port);
            let _ = writeln!(
                s,
                "tls = {}          # \"implicit\" (993) or \"starttls\" (143)",
                toml_str(p.tls)
            );
        }
        None => {
            let domain = email
                .rsplit_once('@')
                .map(|(_, d)| d)
                .unwrap_or("example.org");
            let _ = writeln!(
                s,
                "# Unknown provider: look up its IMAP server and fix host and port."
            );
            let _ = writeln!(s, "host = {}", toml_str(&format!("imap.{domain}")));
            let _ = writeln!(s, "port = 993");
            let _ = writeln!(
                s,
                "tls = \"implicit\"          # \"implicit\" (993) or \"starttls\" (143)"
            );
        }
    }
    let user = if preset.is_some_and(|p| p.label == "iCloud") {
        local
    } else {
        email
    };
    let _ = writeln!(s, "user = {}", toml_str(user));
    if preset.is_some_and(|p| p.oauth2) {
        let _ = writeln!(s, "# A command that prints a fresh OAuth2 access token (e.g. from oama or mutt_oauth2.py):");
        let _ = writeln!(
            s,
            "oauth2_token_cmd = {}",
            toml_str(&format!("oama access {email}"))
        );
    } else {
        let _ = writeln!(
            s,
            "# The password is read from your keyring; store it once with"
        );
        let _ = writeln!(s, "#   secret-tool store --label=optout optout {email}");
        let _ = writeln!(
            s,
            "# or use password_env = \"VAR\", or password = \"...\" (then chmod 600 this file)."
        );
        let _ = writeln!(
            s,
            "password_cmd = {}",
            toml_str(&format!("secret-tool lookup optout {email}"))
        );
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
            let _ = writeln!(
                s,
                "# Only Authentication-Results headers from {}'s receiving server count (any other may be forged by the sender).",
                p.label
            );
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
    for platform in platforms {
        let platform = platform.trim().to_ascii_lowercase();
        let _ = writeln!(s, "\n[[account]]");
        let _ = writeln!(
            s,
            "id = {}",
            toml_str(&format!("{platform}-{}", sanitize(local)))
        );
        let _ = writeln!(s, "platform = {}", toml_str(&platform));
        let _ = writeln!(s, "mailbox = {}", toml_str(&name));
        let _ = writeln!(
            s,
            "address = {}          # the address {platform} writes to",
            toml_str(&email.to_ascii_lowercase())
        );
    }
    let _ = writeln!(s, "\n[alerts]");
    let _ = writeln!(s, "desktop = true          # desktop notifications");
    let _ = writeln!(
        s,
        "# command = \"~/bin/on-optout-alert\"   # runs once per alert, JSON on stdin"
    );
    let _ = writeln!(
        s,
        "code_timeout = \"15m\"    # no code this long after `optout expect-code`: tell me"
    );
    let _ = writeln!(
        s,
        "reply_timeout = \"7d\"    # no decision this long after submitting: tell me"
    );
    s
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
