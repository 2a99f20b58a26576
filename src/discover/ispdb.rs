//! The Thunderbird autoconfig format (ISPDB, `autoconfig.DOMAIN`,
//! `.well-known/autoconfig`): `clientConfig/emailProvider/incomingServer`.
//! Pure: XML text in, IMAP settings out.

use crate::config::{is_loopback, Tls};

/// One `incomingServer type="imap"` the way optout can use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapServer {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    /// The login name with `%EMAILADDRESS%` / `%EMAILLOCALPART%` /
    /// `%EMAILDOMAIN%` filled in.
    pub user: String,
    /// The provider wants OAuth2 (its only, or its first, `authentication`).
    pub oauth2: bool,
}

/// What an autoconfig file says about IMAP for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    /// `displayName`, e.g. "GMX Freemail".
    pub name: Option<String>,
    pub server: ImapServer,
    /// `<enable visiturl="…">`: where IMAP must be switched on first.
    pub enable_url: Option<String>,
    /// The first instruction of `<enable>`, in the person's language when
    /// the file has it.
    pub enable_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IspdbError {
    #[error("not XML: {0}")]
    Xml(String),
    #[error("not an autoconfig file (no clientConfig/emailProvider)")]
    NotAutoconfig,
    #[error("no IMAP server in it")]
    NoImap,
    #[error("only plain-text IMAP (no TLS) to {0}, which optout refuses")]
    PlainOnly(String),
}

/// The usable IMAP server of an autoconfig file for `email`: TLS from the
/// first byte preferred over STARTTLS; plain text only to a loopback host.
/// `lang` ("de", "en") picks the `<enable>` instruction.
pub fn parse(xml: &str, email: &str, lang: &str) -> Result<ProviderConfig, IspdbError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| IspdbError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name("clientConfig") {
        return Err(IspdbError::NotAutoconfig);
    }
    let provider = root
        .children()
        .find(|n| n.has_tag_name("emailProvider"))
        .ok_or(IspdbError::NotAutoconfig)?;
    let child_text = |n: roxmltree::Node<'_, '_>, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    let mut servers = Vec::new();
    let mut plain_host = None;
    for s in provider
        .children()
        .filter(|n| n.has_tag_name("incomingServer") && n.attribute("type") == Some("imap"))
    {
        let (Some(host), Some(port)) = (
            child_text(s, "hostname"),
            child_text(s, "port").and_then(|p| p.parse::<u16>().ok()),
        ) else {
            continue;
        };
        let host = fill(&host, email);
        let tls = match child_text(s, "socketType").as_deref() {
            Some("SSL") => Tls::Implicit,
            Some("STARTTLS") => Tls::Starttls,
            Some("plain") if is_loopback(&host) => Tls::None,
            _ => {
                plain_host.get_or_insert(host);
                continue;
            }
        };
        let auths: Vec<String> = s
            .children()
            .filter(|c| c.has_tag_name("authentication"))
            .filter_map(|c| c.text().map(|t| t.trim().to_owned()))
            .collect();
        let user = child_text(s, "username")
            .map(|u| fill(&u, email))
            .unwrap_or_else(|| email.to_owned());
        servers.push(ImapServer {
            host,
            port,
            tls,
            user,
            oauth2: auths
                .first()
                .is_some_and(|a| a.eq_ignore_ascii_case("OAuth2")),
        });
    }
    // Implicit TLS first, then STARTTLS, keeping the file's order otherwise.
    servers.sort_by_key(|s| match s.tls {
        Tls::Implicit => 0,
        Tls::Starttls => 1,
        Tls::None => 2,
    });
    let Some(server) = servers.into_iter().next() else {
        return Err(match plain_host {
            Some(h) => IspdbError::PlainOnly(h),
            None => IspdbError::NoImap,
        });
    };
    let enable = provider.children().find(|n| n.has_tag_name("enable"));
    let enable_text = enable.and_then(|e| {
        let instructions: Vec<_> = e
            .children()
            .filter(|c| c.has_tag_name("instruction"))
            .collect();
        let lang_of = |c: &roxmltree::Node<'_, '_>| {
            c.attributes()
                .find(|a| a.name() == "lang")
                .map(|a| a.value().to_owned())
        };
        instructions
            .iter()
            .find(|c| lang_of(c).as_deref() == Some(lang))
            .or_else(|| {
                instructions
                    .iter()
                    .find(|c| lang_of(c).as_deref() == Some("en"))
            })
            .or(instructions.first())
            .and_then(|c| c.text())
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    Ok(ProviderConfig {
        name: child_text(provider, "displayName"),
        server,
        enable_url: enable.and_then(|e| e.attribute("visiturl").map(str::to_owned)),
        enable_text,
    })
}

/// `%EMAILADDRESS%` and friends, as Thunderbird fills them in.
fn fill(template: &str, email: &str) -> String {
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    template
        .replace("%EMAILADDRESS%", email)
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like GMX's ISPDB entry (trimmed).
    const GMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="gmx.net">
    <domain>gmx.de</domain>
    <displayName>GMX Freemail</displayName>
    <incomingServer type="pop3">
      <hostname>pop.gmx.net</hostname><port>995</port><socketType>SSL</socketType>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.gmx.net</hostname><port>143</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.gmx.net</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <enable visiturl="https://navigator.gmx.net/mail_settings">
      <instruction>Allow IMAP access in the settings.</instruction>
      <instruction lang="de">Erlaube den IMAP-Zugriff in den Einstellungen.</instruction>
    </enable>
  </emailProvider>
</clientConfig>"#;

    #[test]
    fn implicit_tls_is_preferred_and_placeholders_filled() {
        let c = parse(GMX, "max@gmx.de", "de").unwrap();
        assert_eq!(c.name.as_deref(), Some("GMX Freemail"));
        assert_eq!(
            c.server,
            ImapServer {
                host: "imap.gmx.net".into(),
                port: 993,
                tls: Tls::Implicit,
                user: "max@gmx.de".into(),
                oauth2: false
            }
        );
        assert_eq!(
            c.enable_url.as_deref(),
            Some("https://navigator.gmx.net/mail_settings")
        );
        assert_eq!(
            c.enable_text.as_deref(),
            Some("Erlaube den IMAP-Zugriff in den Einstellungen.")
        );
        let en = parse(GMX, "max@gmx.de", "en").unwrap();
        assert_eq!(
            en.enable_text.as_deref(),
            Some("Allow IMAP access in the settings.")
        );
    }

    #[test]
    fn oauth2_and_local_part_users() {
        let xml = r#"<clientConfig><emailProvider id="x">
          <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port>
          <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
          <authentication>OAuth2</authentication><authentication>password-cleartext</authentication>
          </incomingServer></emailProvider></clientConfig>"#;
        let c = parse(xml, "alice@example.org", "en").unwrap();
        assert_eq!(c.server.host, "imap.example.org");
        assert_eq!(c.server.user, "alice");
        assert!(c.server.oauth2);
    }

    #[test]
    fn bad_files_say_why() {
        assert!(matches!(
            parse("<html>", "a@b.de", "en"),
            Err(IspdbError::Xml(_))
        ));
        assert_eq!(
            parse("<html><body/></html>", "a@b.de", "en"),
            Err(IspdbError::NotAutoconfig)
        );
        let pop_only = r#"<clientConfig><emailProvider id="x"><incomingServer type="pop3">
            <hostname>pop.b.de</hostname><port>995</port><socketType>SSL</socketType>
            </incomingServer></emailProvider></clientConfig>"#;
        assert_eq!(parse(pop_only, "a@b.de", "en"), Err(IspdbError::NoImap));
        let plain = r#"<clientConfig><emailProvider id="x"><incomingServer type="imap">
            <hostname>imap.b.de</hostname><port>143</port><socketType>plain</socketType>
            </incomingServer></emailProvider></clientConfig>"#;
        assert_eq!(
            parse(plain, "a@b.de", "en"),
            Err(IspdbError::PlainOnly("imap.b.de".into()))
        );
        let plain_local = plain.replace("imap.b.de", "127.0.0.1");
        assert_eq!(
            parse(&plain_local, "a@b.de", "en").unwrap().server.tls,
            Tls::None
        );
    }
}
