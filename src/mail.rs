//! Raw RFC 5322 bytes -> the few things optout needs of a mail.
//!
//! FOUNDATION STUB: the classifier issue replaces this with the full parser
//! (HTML to text, charsets, topmost Authentication-Results, bounded work).

use chrono::{DateTime, Utc};
use mailparse::MailHeaderMap;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedMail {
    /// Lower-cased sender address, its domain and display name.
    pub from_address: String,
    pub from_domain: String,
    pub from_name: Option<String>,
    /// Recipient addresses (To, Delivered-To, X-Original-To), lower-cased.
    pub recipients: Vec<String>,
    pub subject: String,
    pub date: Option<DateTime<Utc>>,
    pub message_id: Option<String>,
    /// The topmost Authentication-Results header (added by the receiving
    /// server; lower ones may be forged by the sender).
    pub authentication_results: Option<String>,
    /// Normalised body text (text/plain preferred, else HTML as text).
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot parse mail: {0}")]
pub struct MailError(String);

pub fn parse(raw: &[u8]) -> Result<ParsedMail, MailError> {
    let m = mailparse::parse_mail(raw).map_err(|e| MailError(e.to_string()))?;
    let h = &m.headers;
    let from = h.get_first_value("From").unwrap_or_default();
    let addrs = mailparse::addrparse(&from).map_err(|e| MailError(e.to_string()))?;
    let (from_address, from_name) = match addrs.iter().next() {
        Some(mailparse::MailAddr::Single(s)) => {
            (s.addr.to_ascii_lowercase(), s.display_name.clone())
        }
        _ => (String::new(), None),
    };
    let from_domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.to_owned())
        .unwrap_or_default();
    let mut recipients = Vec::new();
    for name in ["To", "Delivered-To", "X-Original-To"] {
        for v in h.get_all_values(name) {
            if let Ok(list) = mailparse::addrparse(&v) {
                for a in list.iter() {
                    if let mailparse::MailAddr::Single(s) = a {
                        recipients.push(s.addr.to_ascii_lowercase());
                    }
                }
            }
        }
    }
    let text = first_text(&m);
    Ok(ParsedMail {
        from_address,
        from_domain,
        from_name,
        recipients,
        subject: h.get_first_value("Subject").unwrap_or_default(),
        date: h
            .get_first_value("Date")
            .and_then(|d| mailparse::dateparse(&d).ok())
            .and_then(|s| DateTime::from_timestamp(s, 0)),
        message_id: h.get_first_value("Message-ID").map(|s| s.trim().to_owned()),
        authentication_results: h.get_first_value("Authentication-Results"),
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

fn first_text(m: &mailparse::ParsedMail<'_>) -> String {
    if m.subparts.is_empty() {
        return m.get_body().unwrap_or_default();
    }
    m.subparts
        .iter()
        .map(first_text)
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}
