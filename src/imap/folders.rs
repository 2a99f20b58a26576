//! Which folders to watch: INBOX and the spam folder.

use super::{ImapError, Session};
use crate::config::Mailbox;
use async_imap::types::NameAttribute;
use futures::TryStreamExt;

/// A folder optout watches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFolder {
    pub name: String,
    pub is_spam: bool,
}

/// Spam folder names, compared case-insensitively, for servers without
/// the SPECIAL-USE `\Junk` attribute.
pub const SPAM_NAMES: &[&str] = &[
    "spam",
    "junk",
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
    "posta indesiderata",
    "correo no deseado",
    "ongewenste e-mail",
    "wiadomości-śmieci",
];

/// The folders to watch: the `folders` override, else INBOX plus every
/// folder with the `\Junk` attribute, else every folder with a spam name.
pub async fn discover(session: &mut Session, m: &Mailbox) -> Result<Vec<WatchedFolder>, ImapError> {
    let fail = |message: String| ImapError {
        mailbox: m.name.clone(),
        message,
    };
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
    if let Some(list) = &m.folders {
        let mut out = Vec::new();
        for want in list {
            let Some(n) = names.iter().find(|n| n.name() == want) else {
                let all: Vec<_> = names.iter().map(|n| n.name()).collect();
                return Err(fail(format!(
                    "folder \"{want}\" (from folders) does not exist; the server has: {}",
                    all.join(", ")
                )));
            };
            let lower = want.to_lowercase();
            out.push(WatchedFolder {
                name: want.clone(),
                is_spam: is_special_spam(n) || SPAM_NAMES.contains(&lower.as_str()),
            });
        }
        return Ok(out);
    }
    let mut out = vec![WatchedFolder {
        name: "INBOX".into(),
        is_spam: false,
    }];
    let special: Vec<_> = names.iter().filter(|n| is_special_spam(n)).collect();
    let spam: Vec<_> = if special.is_empty() {
        names
            .iter()
            .filter(|n| SPAM_NAMES.contains(&n.name().to_lowercase().as_str()))
            .collect()
    } else {
        special
    };
    for n in spam {
        out.push(WatchedFolder {
            name: n.name().to_owned(),
            is_spam: true,
        });
    }
    Ok(out)
}
