//! Is a provider's mail really the provider's? Its DKIM signature,
//! checked here against the key in DNS, decides; the receiving server's
//! Authentication-Results only when the check cannot run here (DNS off or
//! failing, the key already rotated away for an old mail).
//!
//! One entry point, [`Verifier::verify`]: `(raw mail, dns) -> Verdict`.
//! `classify` stays pure and receives the verdict.
//!
//! A signature counts when its signing domain (`d=`) is aligned with the
//! From domain (the same, or one a subdomain of the other) and is one of
//! the provider's domains: `d=facebookmail.com` for
//! `security@facebookmail.com`, `d=facebook.com` for
//! `noreply@support.facebook.com`.

pub mod dkim;
pub mod folder;
pub mod server_header;

use crate::classify::trust::is_within;
use crate::config::{Trust, TrustPolicy};
use chrono::{DateTime, Utc};
use dkim::{KeyRecord, Outcome, SignatureRef};
use hickory_resolver::proto::rr::RData;
use hickory_resolver::TokioResolver;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    /// optout checked the DKIM signature itself.
    LocalDkim,
    /// The receiving server's Authentication-Results (or, with
    /// `trust = "sender-domain"`, the From domain alone): the fallback.
    ServerHeader,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::LocalDkim => "local_dkim",
            By::ServerHeader => "server_header",
        }
    }
}

/// The DKIM result, as stored with the event and shown in evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DkimStatus {
    /// A provider signature verified here.
    Pass,
    /// A provider signature was checked here and does not hold.
    Fail,
    /// No signature of the provider's (aligned) domain.
    None,
    /// The check could not run here; the fallback decided.
    Unchecked,
}

impl DkimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DkimStatus::Pass => "pass",
            DkimStatus::Fail => "fail",
            DkimStatus::None => "none",
            DkimStatus::Unchecked => "unchecked",
        }
    }
}

/// Whether a mail is the provider's, and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub trusted: bool,
    pub by: By,
    /// The signing domain (or, from a server header, the domain it vouched for).
    pub domain: Option<String>,
    pub selector: Option<String>,
    pub dkim: DkimStatus,
    /// Why, in one clause ("DKIM signature of facebookmail.com verified
    /// here (selector s1)"; "the body was changed after signing").
    pub detail: String,
    /// The key the local check used.
    pub key: Option<KeyRecord>,
}

/// After this long a mail's key may have been rotated away: a missing key
/// then means "cannot check here", not "forged".
pub const KEY_MAY_BE_GONE_AFTER: chrono::Duration = chrono::Duration::days(7);

/// After a DNS timeout, no query is tried for this long: a dead server
/// costs one timeout per sync, not one per mail.
const DNS_DOWN_FOR: Duration = Duration::from_secs(60);

/// The receiving server's verdict, from the mail's Authentication-Results
/// (pure; what decides when DKIM cannot be checked here).
pub fn from_server_header(
    auth_results: &[String],
    from_domain: &str,
    provider_domains: &[String],
    policy: TrustPolicy<'_>,
    why_not_local: &str,
) -> Verdict {
    let note = if why_not_local.is_empty() {
        String::new()
    } else {
        format!(" ({why_not_local})")
    };
    let (trusted, domain, detail) = match policy.trust {
        Trust::SenderDomain => (
            true,
            Some(from_domain.to_owned()),
            "trusting the sender domain".to_owned(),
        ),
        Trust::AuthenticationResults => match server_header::authenticated(
            auth_results,
            policy.authserv_id,
            from_domain,
            provider_domains,
        ) {
            Ok((d, how)) => (true, Some(d), how),
            Err(why) => (false, None, why),
        },
    };
    Verdict {
        trusted,
        by: By::ServerHeader,
        domain,
        selector: None,
        dkim: DkimStatus::Unchecked,
        detail: format!("{detail}{note}"),
        key: None,
    }
}

/// The From domain of a raw mail (lower-case), from its header alone.
pub fn from_domain(raw: &[u8]) -> Option<String> {
    let (headers, _) = mailparse::parse_headers(raw).ok()?;
    let from = headers
        .iter()
        .find(|h| h.get_key_ref().eq_ignore_ascii_case("from"))?
        .get_value();
    let addrs = mailparse::addrparse(&from).ok()?;
    let addr = addrs.iter().find_map(|a| match a {
        mailparse::MailAddr::Single(s) => Some(s.addr.clone()),
        mailparse::MailAddr::Group(g) => g.addrs.first().map(|s| s.addr.clone()),
    })?;
    Some(addr.rsplit_once('@')?.1.to_ascii_lowercase())
}

/// A key lookup's result, kept for the run.
#[derive(Debug, Clone)]
enum KeyLookup {
    Found(KeyRecord),
    /// The name has no DKIM key (NXDOMAIN, no TXT).
    Missing(String),
    /// DNS did not answer usefully (timeout, SERVFAIL, unreachable).
    Unavailable(String),
}

/// Checks DKIM here, with keys cached per (domain, selector) for the run.
pub struct Verifier {
    setting: crate::dns::Setting,
    resolver: Option<TokioResolver>,
    keys: Mutex<HashMap<String, KeyLookup>>,
    dns_down_until: Mutex<Option<Instant>>,
    /// One DNS lookup at a time: folders verify side by side, and the
    /// second asking for the same key (or a dead server) must wait for the
    /// first's answer instead of sending its own query.
    in_flight: tokio::sync::Mutex<()>,
    lookups: std::sync::atomic::AtomicUsize,
}

impl Verifier {
    /// DNS as `OPTOUT_DNS_SERVER` says (see [`crate::dns`]).
    pub fn from_env() -> Result<Verifier, crate::dns::DnsError> {
        Verifier::new(crate::dns::Setting::from_env()?)
    }

    pub fn new(setting: crate::dns::Setting) -> Result<Verifier, crate::dns::DnsError> {
        let resolver = crate::dns::resolver(&setting)?;
        Ok(Verifier {
            setting,
            resolver,
            keys: Mutex::new(HashMap::new()),
            dns_down_until: Mutex::new(None),
            in_flight: tokio::sync::Mutex::new(()),
            lookups: Default::default(),
        })
    }

    /// No DNS: every verdict is the server header's.
    pub fn off() -> Verifier {
        Verifier::new(crate::dns::Setting::Off).expect("no resolver to build")
    }

    /// How many DNS queries this verifier has sent.
    pub fn dns_queries(&self) -> usize {
        self.lookups.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The verdict on one provider mail. `provider_domains`: every
    /// provider's domains; `arrived`: its INTERNALDATE (an old mail's key
    /// may be gone); `policy`: the mailbox's trust setting, for the
    /// fallback.
    pub async fn verify(
        &self,
        raw: &[u8],
        provider_domains: &[String],
        policy: TrustPolicy<'_>,
        arrived: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Verdict {
        let fallback = |why: &str| {
            let parsed = crate::mail::parse(raw).ok();
            let (ar, from) = parsed
                .as_ref()
                .map(|p| (&p.authentication_results[..], p.from_domain.as_str()))
                .unwrap_or((&[], ""));
            from_server_header(ar, from, provider_domains, policy, why)
        };
        if self.resolver.is_none() {
            return fallback("DKIM not checked here: DNS is off");
        }
        let Some((sigs, from)) = dkim::signatures(raw) else {
            return fallback("DKIM not checked here: the header cannot be read");
        };
        let from_domain = from.last().cloned().unwrap_or_default();
        let aligned = |d: &str| is_within(&from_domain, d) || is_within(d, &from_domain);
        let owned = |d: &str| provider_domains.iter().any(|p| is_within(d, p));
        let candidates: Vec<&SignatureRef> = sigs
            .iter()
            .filter(|s| !s.domain.is_empty() && aligned(&s.domain) && owned(&s.domain))
            .collect();
        let local = |trusted, dkim, sig: Option<&SignatureRef>, detail: String, key| Verdict {
            trusted,
            by: By::LocalDkim,
            domain: sig.map(|s| s.domain.clone()),
            selector: sig.map(|s| s.selector.clone()),
            dkim,
            detail,
            key,
        };
        if candidates.is_empty() {
            let others: Vec<&str> = sigs.iter().map(|s| s.domain.as_str()).collect();
            let detail = if others.is_empty() {
                "the mail carries no DKIM signature at all".to_owned()
            } else {
                format!(
                    "no DKIM signature of {from_domain} (signed only by {})",
                    others.join(", ")
                )
            };
            return local(false, DkimStatus::None, None, detail, None);
        }
        let mut keys = HashMap::new();
        let mut records = HashMap::new();
        let mut missing = Vec::new();
        let mut unavailable = Vec::new();
        for s in &candidates {
            let name = dkim::key_name(&s.domain, &s.selector);
            match self.key(&s.domain, &s.selector, now).await {
                KeyLookup::Found(k) => {
                    keys.insert(name.clone(), k.txt.clone());
                    records.insert(name, k);
                }
                KeyLookup::Missing(why) => missing.push(why),
                KeyLookup::Unavailable(why) => unavailable.push(why),
            }
        }
        let results = dkim::check(raw, &keys).await;
        if let Some((sig, _)) = results.iter().find(|(_, o)| *o == Outcome::Pass) {
            let key = records
                .get(&dkim::key_name(&sig.domain, &sig.selector))
                .cloned();
            return local(
                true,
                DkimStatus::Pass,
                Some(sig),
                format!(
                    "DKIM signature of {} verified here (selector {})",
                    sig.domain, sig.selector
                ),
                key,
            );
        }
        let old = arrived.is_some_and(|a| a < now - KEY_MAY_BE_GONE_AFTER);
        // A signature checked against its key that does not hold: forged
        // or altered, whatever any header says.
        if let Some((sig, why)) = results.iter().find_map(|(s, o)| match o {
            Outcome::Fail(why) | Outcome::BadKey(why) => Some((s, why.clone())),
            Outcome::Expired if !old => Some((s, "the signature has expired".to_owned())),
            _ => None,
        }) {
            let key = records
                .get(&dkim::key_name(&sig.domain, &sig.selector))
                .cloned();
            return local(
                false,
                DkimStatus::Fail,
                Some(sig),
                format!("its DKIM signature of {} fails here: {why}", sig.domain),
                key,
            );
        }
        if !unavailable.is_empty() {
            return fallback(&format!(
                "DKIM not checked here: {}",
                unavailable.join("; ")
            ));
        }
        if old {
            let why = missing
                .first()
                .cloned()
                .unwrap_or_else(|| "the signature has expired".to_owned());
            return fallback(&format!("DKIM not checked here, the mail is old: {why}"));
        }
        let sig = candidates[0];
        local(
            false,
            DkimStatus::Fail,
            Some(sig),
            format!(
                "its DKIM signature of {} cannot be valid: {}",
                sig.domain,
                missing.join("; ")
            ),
            None,
        )
    }

    fn cached(&self, name: &str) -> Option<KeyLookup> {
        self.keys.lock().expect("not poisoned").get(name).cloned()
    }

    /// The key at `SELECTOR._domainkey.DOMAIN`: from this run's cache, else
    /// DNS (unless DNS timed out a moment ago).
    async fn key(&self, domain: &str, selector: &str, now: DateTime<Utc>) -> KeyLookup {
        let name = dkim::key_name(domain, selector);
        if let Some(k) = self.cached(&name) {
            return k;
        }
        let _one_at_a_time = self.in_flight.lock().await;
        // Another folder may have fetched it (or found DNS dead) meanwhile.
        if let Some(k) = self.cached(&name) {
            return k;
        }
        if let Some(until) = *self.dns_down_until.lock().expect("not poisoned") {
            if Instant::now() < until {
                return KeyLookup::Unavailable(format!(
                    "DNS ({}) did not answer a moment ago",
                    self.setting.describe()
                ));
            }
        }
        let Some(resolver) = &self.resolver else {
            return KeyLookup::Unavailable("DNS is off".to_owned());
        };
        self.lookups
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let result = match resolver.txt_lookup(format!("{name}.")).await {
            Ok(lookup) => {
                let mut found = None;
                for record in lookup.answers() {
                    let RData::TXT(txt) = &record.data else {
                        continue;
                    };
                    let joined: Vec<u8> = txt
                        .txt_data
                        .iter()
                        .flat_map(|s| s.iter().copied())
                        .collect();
                    let text = String::from_utf8_lossy(&joined).into_owned();
                    // A name may hold other TXT records; the DKIM key is
                    // the one with p= (v=DKIM1 is optional).
                    if text.contains("p=") {
                        found = Some(KeyRecord {
                            domain: domain.to_owned(),
                            selector: selector.to_owned(),
                            txt: text,
                            fetched_at: now,
                            dns_server: self.setting.describe(),
                            ttl: record.ttl,
                            strings: txt.txt_data.len() as u32,
                        });
                        break;
                    }
                }
                match found {
                    Some(k) => KeyLookup::Found(k),
                    None => KeyLookup::Missing(format!("{name} holds no DKIM key")),
                }
            }
            Err(e) if e.is_no_records_found() || e.is_nx_domain() => {
                KeyLookup::Missing(format!("{name} does not exist in DNS"))
            }
            Err(e) => {
                *self.dns_down_until.lock().expect("not poisoned") =
                    Some(Instant::now() + DNS_DOWN_FOR);
                KeyLookup::Unavailable(format!(
                    "DNS ({}) failed for {name}: {e}",
                    self.setting.describe()
                ))
            }
        };
        // Keys and their absence hold for the run; a DNS failure does not
        // (the pause above keeps it from costing every mail a timeout).
        if !matches!(result, KeyLookup::Unavailable(_)) {
            self.keys
                .lock()
                .expect("not poisoned")
                .insert(name, result.clone());
        }
        result
    }
}
