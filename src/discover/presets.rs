//! optout's built-in settings for the providers most of its users have:
//! they carry what no autoconfig file says (the spam folder's name, the
//! "enable IMAP first" hint, the receiving server's authserv-id).

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
