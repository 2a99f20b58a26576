//! Provider rules turn a parsed mail into an [`Observation`], or nothing.
//!
//! FOUNDATION STUB: the classifier issue replaces this with data-driven,
//! multilingual rules and Authentication-Results checks. Until then: the
//! simplest honest rule set (German and English Meta wording, sender domain).

use crate::config::{Account, Trust};
use crate::mail::ParsedMail;
use crate::model::{Observation, ObservationKind};
use regex::Regex;
use std::path::Path;

pub struct Classifier {
    code: Regex,
}

impl Classifier {
    /// The built-in rules (Meta), plus the `*.toml` files in `rules_dir`.
    pub fn load(_rules_dir: Option<&Path>) -> anyhow::Result<Classifier> {
        Ok(Classifier {
            code: Regex::new(r"\b(\d{6}|\d{8})\b").expect("valid regex"),
        })
    }

    /// The providers' sender domains, for the first sync's server-side
    /// search (`FROM` is a substring match on the From header).
    pub fn sender_domains(&self) -> Vec<String> {
        [
            "facebookmail.com",
            "support.facebook.com",
            "mail.instagram.com",
            "instagram.com",
            "facebook.com",
            "meta.com",
        ]
        .map(String::from)
        .to_vec()
    }

    pub fn classify(&self, mail: &ParsedMail, trust: Trust) -> Option<Observation> {
        let platform = match mail.from_domain.as_str() {
            "facebookmail.com" | "support.facebook.com" => "facebook",
            "mail.instagram.com" => "instagram",
            _ => return None,
        };
        let hay = format!("{} {}", mail.subject, mail.text).to_lowercase();
        let (kind, code) = if hay.contains("erkennen deinen einspruch an")
            || hay.contains("honor your objection")
        {
            (ObservationKind::Accepted, None)
        } else if hay.contains("keine weiteren maßnahmen") || hay.contains("take further action") {
            (ObservationKind::Rejected, None)
        } else if hay.contains("danke für deine nachricht") || hay.contains("thanks for contacting")
        {
            (ObservationKind::Receipt, None)
        } else if hay.contains("code") {
            let code = self.code.find(&hay)?.as_str().to_owned();
            (ObservationKind::Code, Some(code))
        } else {
            return None;
        };
        let _ = trust;
        Some(Observation {
            kind,
            platform: platform.to_owned(),
            code,
            trusted: true,
            reason: format!("from {}", mail.from_domain),
        })
    }
}

/// The tracked account an observation concerns, among the accounts of the
/// mailbox it was found in: by platform and recipient address; if the
/// mailbox tracks one account of that platform, the platform suffices.
pub fn route<'a>(
    obs: &Observation,
    mail: &ParsedMail,
    accounts: &[&'a Account],
) -> Option<&'a Account> {
    let same_platform: Vec<&'a Account> = accounts
        .iter()
        .copied()
        .filter(|a| a.platform == obs.platform)
        .collect();
    if let Some(a) = same_platform.iter().find(|a| {
        a.address
            .as_ref()
            .is_some_and(|addr| mail.recipients.contains(addr))
    }) {
        return Some(a);
    }
    match same_platform.as_slice() {
        [one] => Some(one),
        _ if obs.kind == ObservationKind::Suspicious => accounts.first().copied(),
        _ => None,
    }
}
