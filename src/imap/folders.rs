//! Which folders to watch: INBOX and the spam folder.

use super::{ImapError, Session};
use crate::config::Mailbox;
use async_imap::types::NameAttribute;
use futures::TryStreamExt;

/// A folder optout watches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFolder {
    /// As a person reads it ("Skräppost"): logs, alerts, the store.
    pub name: String,
    /// As the server spells it (modified UTF-7, "Skr&AOQ-ppost"): commands.
    pub wire: String,
    pub is_spam: bool,
}

impl WatchedFolder {
    fn from_wire(wire: &str, is_spam: bool) -> WatchedFolder {
        WatchedFolder {
            name: super::utf7::decode(wire),
            wire: wire.to_owned(),
            is_spam,
        }
    }
}

/// Spam folder names, compared case-insensitively, for servers without
/// the SPECIAL-USE `\Junk` attribute (GMX: Spamverdacht; WEB.DE: Unbekannt
/// for unknown senders; Gmail; Yahoo: Bulk; and the usual translations).
pub const SPAM_NAMES: &[&str] = &[
    "spam",
    "junk",
    "junk mail",
    "junk e-mail",
    "junk-e-mail",
    "junk email",
    "spamverdacht",
    "unbekannt",
    "[gmail]/spam",
    "[google mail]/spam",
    "bulk",
    "bulk mail",
    "courrier indésirable",
    "pourriel",
    "posta indesiderata",
    "correo no deseado",
    "lixo eletrônico",
    "ongewenste e-mail",
    "ongewenst",
    "skräppost",
    "søppelpost",
    "uønsket e-post",
    "roskaposti",
    "nevyžádaná pošta",
    "wiadomości-śmieci",
    "нежелательная почта",
    "спам",
];

/// Whether a folder name is a known spam folder name, also below INBOX
/// (Courier/Cyrus style `INBOX.Spam`, `INBOX/Junk`).
pub fn is_spam_name(name: &str, delimiter: Option<&str>) -> bool {
    let lower = name.to_lowercase();
    if SPAM_NAMES.contains(&lower.as_str()) {
        return true;
    }
    delimiter
        .and_then(|d| lower.strip_prefix("inbox")?.strip_prefix(d))
        .is_some_and(|rest| SPAM_NAMES.contains(&rest))
}

/// The folders to watch: the `folders` override, else INBOX plus every
/// folder with the `\Junk` attribute, else every folder with a spam name.
pub async fn discover(session: &mut Session, m: &Mailbox) -> Result<Vec<WatchedFolder>, ImapError> {
    let fail = |message: String| ImapError::new(m.name.clone(), message);
    let names: Vec<_> = session
        .list(Some(""), Some("*"))
        .await
        .map_err(|e| fail(format!("LIST failed: {e}")))?
        .try_collect()
        .await
        .map_err(|e| fail(format!("LIST failed: {e}")))?;
    let is_special_spam = |n: &async_imap::types::Name| {
        n.attributes().iter().any(|a| match a {
            NameAttribute::Junk => true,
            NameAttribute::Extension(x) => x.eq_ignore_ascii_case("\\Spam"),
            _ => false,
        })
    };
    // The names as a person writes them (config) and reads them (output).
    let readable = |n: &async_imap::types::Name| super::utf7::decode(n.name());
    if let Some(list) = &m.folders {
        let mut out = Vec::new();
        for want in list {
            let Some(n) = names
                .iter()
                .find(|n| readable(n) == *want || n.name() == want)
            else {
                let all: Vec<_> = names.iter().map(readable).collect();
                return Err(fail(format!(
                    "folder \"{want}\" (from folders) does not exist; the server has: {}",
                    all.join(", ")
                )));
            };
            let is_spam = is_special_spam(n) || is_spam_name(&readable(n), n.delimiter());
            out.push(WatchedFolder::from_wire(n.name(), is_spam));
        }
        return Ok(out);
    }
    let mut out = vec![WatchedFolder::from_wire("INBOX", false)];
    let special: Vec<_> = names.iter().filter(|n| is_special_spam(n)).collect();
    let spam: Vec<_> = if special.is_empty() {
        names
            .iter()
            .filter(|n| is_spam_name(&readable(n), n.delimiter()))
            .collect()
    } else {
        special
    };
    for n in spam {
        out.push(WatchedFolder::from_wire(n.name(), true));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spam_names_match_case_insensitively_and_below_inbox() {
        assert!(is_spam_name("Spamverdacht", Some("/")));
        assert!(is_spam_name("[Gmail]/Spam", Some("/")));
        assert!(is_spam_name("JUNK E-MAIL", None));
        assert!(is_spam_name("INBOX.Spam", Some(".")));
        assert!(is_spam_name("INBOX/Junk", Some("/")));
        assert!(!is_spam_name("INBOX.Spam", Some("/")));
        assert!(!is_spam_name("Spam-Archiv", Some("/")));
        assert!(!is_spam_name("INBOX", Some("/")));
    }
}
