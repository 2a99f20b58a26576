//! DKIM with `mail-auth`: one mail's signatures checked against keys we
//! hand it (fetched by [`super::Verifier`], or read from an evidence
//! folder), so the library itself never asks DNS and the key that decided
//! can be archived byte for byte.

use chrono::{DateTime, Utc};
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::hickory_resolver::config::{ResolverConfig, ResolverOpts};
use mail_auth::{
    AuthenticatedMessage, DkimResult, Error as AuthError, MessageAuthenticator, Parameters,
    ResolverCache, Txt,
};
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A DKIM key as DNS published it, and when and where it was fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    pub domain: String,
    pub selector: String,
    /// The TXT record's character strings, joined (what DKIM reads).
    pub txt: String,
    pub fetched_at: DateTime<Utc>,
    /// The DNS answer: the server asked, the TTL, how many strings.
    pub dns_server: String,
    pub ttl: u32,
    pub strings: u32,
}

impl KeyRecord {
    /// `SELECTOR._domainkey.DOMAIN`
    pub fn name(&self) -> String {
        key_name(&self.domain, &self.selector)
    }

    /// The record as a zone-file line with the fetch details as comments:
    /// what `evidence` writes to `keys/`, and [`KeyRecord::from_zone`]
    /// reads back.
    pub fn to_zone(&self) -> String {
        let quoted: Vec<String> = self
            .txt
            .as_bytes()
            .chunks(255)
            .map(|c| format!("\"{}\"", String::from_utf8_lossy(c).replace('"', "\\\"")))
            .collect();
        format!(
            "; DKIM public key of {domain}, selector {selector}\n\
; fetched-at: {fetched}\n\
; dns-server: {server}\n\
; ttl: {ttl}\n\
; strings: {strings}\n\
{name}. {ttl} IN TXT {txt}\n",
            domain = self.domain,
            selector = self.selector,
            fetched = crate::store::ts(self.fetched_at),
            server = self.dns_server,
            ttl = self.ttl,
            strings = self.strings,
            name = self.name(),
            txt = quoted.join(" "),
        )
    }

    pub fn from_zone(text: &str) -> Option<KeyRecord> {
        let meta = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("; {k}: ")))
                .map(str::trim)
        };
        let line = text
            .lines()
            .find(|l| !l.starts_with(';') && l.contains(" TXT "))?;
        let (name, rest) = line.split_once(' ')?;
        let name = name.trim_end_matches('.');
        let (selector, domain) = name.split_once("._domainkey.")?;
        let mut txt = String::new();
        let mut quoted = rest.split_once(" TXT ")?.1.chars();
        let mut inside = false;
        while let Some(c) = quoted.next() {
            match c {
                '"' => inside = !inside,
                '\\' if inside => txt.extend(quoted.next()),
                c if inside => txt.push(c),
                _ => {}
            }
        }
        Some(KeyRecord {
            domain: domain.to_owned(),
            selector: selector.to_owned(),
            txt,
            fetched_at: DateTime::parse_from_rfc3339(meta("fetched-at")?)
                .ok()?
                .with_timezone(&Utc),
            dns_server: meta("dns-server").unwrap_or("").to_owned(),
            ttl: meta("ttl").and_then(|t| t.parse().ok()).unwrap_or(0),
            strings: meta("strings").and_then(|t| t.parse().ok()).unwrap_or(0),
        })
    }
}

pub fn key_name(domain: &str, selector: &str) -> String {
    format!("{selector}._domainkey.{domain}")
}

/// One DKIM-Signature header, as far as choosing it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRef {
    pub domain: String,
    pub selector: String,
}

/// The signatures of a mail and its From domains (lower-case); `None`
/// when the header block cannot be parsed at all.
pub fn signatures(raw: &[u8]) -> Option<(Vec<SignatureRef>, Vec<String>)> {
    let m = AuthenticatedMessage::parse(raw)?;
    let sigs = m
        .dkim_headers
        .iter()
        .map(|h| SignatureRef {
            domain: h.header.d.to_ascii_lowercase(),
            selector: h.header.s.to_ascii_lowercase(),
        })
        .collect();
    let from = m
        .from
        .iter()
        .filter_map(|a| a.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase()))
        .collect();
    Some((sigs, from))
}

/// What checking one signature gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The signature does not match the mail (altered, wrong key).
    Fail(String),
    /// The signature has expired (`x=`).
    Expired,
    /// The key given is not a usable DKIM key.
    BadKey(String),
}

/// Check every signature of `raw` for which `keys` holds a key (by
/// `SELECTOR._domainkey.DOMAIN`); signatures without a key are skipped.
/// Returns (signature, outcome) in header order.
pub async fn check(raw: &[u8], keys: &HashMap<String, String>) -> Vec<(SignatureRef, Outcome)> {
    let Some(m) = AuthenticatedMessage::parse(raw) else {
        return Vec::new();
    };
    let cache = TxtCache::default();
    let mut bad = HashMap::new();
    for h in &m.dkim_headers {
        let name = key_name(
            &h.header.d.to_ascii_lowercase(),
            &h.header.s.to_ascii_lowercase(),
        );
        let value = match keys.get(&name) {
            Some(txt) => match DomainKey::parse(txt.as_bytes()) {
                Ok(k) => Txt::DomainKey(Arc::new(k)),
                Err(e) => {
                    bad.insert(name.clone(), e.to_string());
                    Txt::Error(e)
                }
            },
            // Never let the library go to DNS itself.
            None => Txt::Error(AuthError::Dns(mail_auth::DnsError::InvalidRecordType)),
        };
        cache.insert(
            format!("{name}.").into(),
            value,
            Instant::now() + Duration::from_secs(3600),
        );
    }
    let outputs = authenticator()
        .verify_dkim(Parameters::new(&m).with_txt_cache(&cache))
        .await;
    let mut out = Vec::new();
    for o in outputs {
        let Some(sig) = o.signature() else { continue };
        let r = SignatureRef {
            domain: sig.d.to_ascii_lowercase(),
            selector: sig.s.to_ascii_lowercase(),
        };
        let name = key_name(&r.domain, &r.selector);
        if !keys.contains_key(&name) {
            continue;
        }
        let outcome = match o.result() {
            DkimResult::Pass => Outcome::Pass,
            _ if bad.contains_key(&name) => Outcome::BadKey(bad[&name].clone()),
            DkimResult::Neutral(AuthError::Dkim(mail_auth::dkim::DkimError::SignatureExpired)) => {
                Outcome::Expired
            }
            DkimResult::Neutral(e) | DkimResult::Fail(e) | DkimResult::PermError(e) => {
                Outcome::Fail(describe(e))
            }
            DkimResult::TempError(e) => Outcome::Fail(describe(e)),
            DkimResult::None => Outcome::Fail("no signature".to_owned()),
        };
        out.push((r, outcome));
    }
    out
}

fn describe(e: &AuthError) -> String {
    match e {
        AuthError::Dkim(mail_auth::dkim::DkimError::FailedBodyHashMatch) => {
            "the body was changed after signing".to_owned()
        }
        AuthError::Crypto(_) => "the signature does not match the headers and key".to_owned(),
        other => other.to_string(),
    }
}

/// The authenticator never queries DNS: every key is in the cache we pass.
fn authenticator() -> &'static MessageAuthenticator {
    static A: OnceLock<MessageAuthenticator> = OnceLock::new();
    A.get_or_init(|| {
        MessageAuthenticator::new(
            ResolverConfig::from_parts(None, vec![], vec![]),
            ResolverOpts::default(),
        )
        .expect("a resolver without servers builds")
    })
}

#[derive(Default)]
struct TxtCache(Mutex<HashMap<Box<str>, Txt>>);

impl ResolverCache<Box<str>, Txt> for TxtCache {
    fn get<Q>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.get(name).cloned()
    }
    fn remove<Q>(&self, name: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.0.lock().ok()?.remove(name)
    }
    fn insert(&self, key: Box<str>, value: Txt, _valid_until: Instant) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_records_round_trip_through_the_zone_format() {
        let k = KeyRecord {
            domain: "facebookmail.com".into(),
            selector: "s1024-2013-q3".into(),
            txt: format!("v=DKIM1; k=rsa; p={}", "A".repeat(400)),
            fetched_at: "2026-12-01T10:00:00Z".parse().unwrap(),
            dns_server: "127.0.0.1:5353".into(),
            ttl: 300,
            strings: 2,
        };
        let zone = k.to_zone();
        assert!(zone.contains("s1024-2013-q3._domainkey.facebookmail.com. 300 IN TXT \""));
        assert_eq!(KeyRecord::from_zone(&zone), Some(k));
    }

    /// A real Facebook mail (from mail-auth's test resources, its key as
    /// published then): passes; one changed body byte fails.
    #[tokio::test]
    async fn a_real_facebook_signature() {
        let raw = include_str!("../../tests/fixtures/dkim/facebook_2022.eml").replace('\n', "\r\n");
        let key = include_str!("../../tests/fixtures/dkim/facebook_2022.key")
            .trim()
            .to_owned();
        let keys: HashMap<String, String> =
            [("s1024-2013-q3._domainkey.facebookmail.com".to_owned(), key)].into();
        let r = check(raw.as_bytes(), &keys).await;
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].1, Outcome::Pass);
        let altered = raw.replacen("Facebook", "Faceb00k", 3);
        let r = check(altered.as_bytes(), &keys).await;
        assert!(matches!(r[0].1, Outcome::Fail(_)), "{r:?}");
    }
}
