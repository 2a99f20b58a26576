//! IMAP settings for any address, in the order Thunderbird and himalaya
//! look them up; the first source that answers wins:
//!
//! 1. optout's built-in presets ([`presets`]: they also know the spam
//!    folder and the "enable IMAP first" hints);
//! 2. the provider's own `autoconfig.DOMAIN/mail/config-v1.1.xml`, and
//!    `DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`;
//! 3. Mozilla's ISPDB (`OPTOUT_ISPDB_URL`, default [`DEFAULT_ISPDB`]);
//! 4. the ISPDB for the domain of the address's MX host (a company domain
//!    hosted at Google or Microsoft 365);
//! 5. RFC 6186 SRV records (`_imaps._tcp`, `_imap._tcp`);
//! 6. a probe of `imap.DOMAIN` / `mail.DOMAIN` on 993 and 143.
//!
//! Steps 2-6 run at the same time, each with a short timeout, so that
//! discovery takes a few seconds even when every source is silent. A
//! source that fails is skipped with one line saying why.

pub mod http;
pub mod ispdb;
pub mod presets;

use crate::config::{is_loopback, Tls};
use crate::dns;
use crate::t;
use crate::text::Lang;
use ispdb::{ImapServer, IspdbError};
use presets::Preset;
use std::time::Duration;

pub use presets::{preset_for, PRESETS};

/// Mozilla's ISPDB, as Thunderbird asks it.
pub const DEFAULT_ISPDB: &str = "https://autoconfig.thunderbird.net/v1.1/";
/// Names another ISPDB (a mirror, or a test server).
pub const ISPDB_ENV: &str = "OPTOUT_ISPDB_URL";

/// How discovery looks things up.
#[derive(Debug, Clone)]
pub struct Options {
    /// Base URL of the ISPDB; the domain is appended.
    pub ispdb_url: String,
    pub dns: dns::Setting,
    /// For each HTTP fetch.
    pub http_timeout: Duration,
    /// For each TCP connection of the last step.
    pub probe_timeout: Duration,
    /// All sources together; what has not answered by then is skipped.
    pub deadline: Duration,
    /// The language of `<enable>` instructions and of the messages.
    pub lang: Lang,
}

impl Options {
    /// From `OPTOUT_ISPDB_URL` and `OPTOUT_DNS_SERVER` (a bad value of the
    /// latter: the system resolver, with a skipped line saying so).
    pub fn from_env(lang: Lang) -> Options {
        let ispdb_url = std::env::var(ISPDB_ENV)
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_ISPDB.to_owned());
        Options {
            ispdb_url,
            dns: dns::Setting::from_env().unwrap_or(dns::Setting::System),
            http_timeout: Duration::from_secs(3),
            probe_timeout: Duration::from_secs(3),
            deadline: Duration::from_secs(6),
            lang,
        }
    }
}

/// Where settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Preset { label: &'static str },
    Autoconfig { url: String },
    WellKnown { url: String },
    Ispdb { url: String },
    IspdbMx { mx_domain: String, url: String },
    Srv { domain: String, record: String },
    Probe { host: String, port: u16 },
}

impl Source {
    /// "from Mozilla's ISPDB (https://…)": how `init` says where the
    /// settings came from.
    pub fn found_from(&self, lang: Lang) -> String {
        match self {
            Source::Preset { label } => t!(lang, "discover-from-preset", label = *label),
            Source::Autoconfig { url } => t!(lang, "discover-from-autoconfig", url = url),
            Source::WellKnown { url } => t!(lang, "discover-from-well-known", url = url),
            Source::Ispdb { url } => t!(lang, "discover-from-ispdb", url = url),
            Source::IspdbMx { mx_domain, url } => {
                t!(lang, "discover-from-ispdb-mx", mx = mx_domain, url = url)
            }
            Source::Srv { domain, record } => {
                t!(lang, "discover-from-srv", domain = domain, record = record)
            }
            Source::Probe { host, port } => {
                t!(lang, "discover-from-probe", host = host, port = *port)
            }
        }
    }
}

/// Settings found for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub server: ImapServer,
    pub source: Source,
    /// The provider's name, when the source says it.
    pub provider: Option<String>,
    /// Where IMAP must be switched on first (`<enable visiturl>`).
    pub enable_url: Option<String>,
    pub enable_text: Option<String>,
    /// The built-in preset, when that is the source.
    pub preset: Option<&'static Preset>,
}

/// A source that gave nothing, and why, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub source: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub found: Option<Found>,
    /// The sources before the one that answered (or all of them), in order.
    pub skipped: Vec<Skipped>,
}

/// Why a source gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    Http(http::HttpError),
    Ispdb(IspdbError),
    Dns(String),
    DnsOff,
    NoMx,
    MxSame(String),
    NoSrv,
    SrvNoService,
    NothingAnswers(String),
    TooSlow,
}

impl Why {
    fn say(&self, lang: Lang) -> String {
        use http::HttpError as H;
        match self {
            Why::Http(H::Status(s)) => t!(lang, "discover-why-http-status", status = *s),
            Why::Http(H::OtherHost(h)) => t!(lang, "discover-why-other-host", host = h),
            Why::Http(H::TooManyRedirects) => t!(lang, "discover-why-redirects"),
            Why::Http(H::TooLarge) => {
                t!(lang, "discover-why-too-large", kb = http::MAX_BYTES >> 10)
            }
            Why::Http(H::Timeout(d)) => t!(lang, "discover-why-timeout", secs = d.as_secs()),
            Why::Http(H::Failed(e)) => t!(lang, "discover-why-failed", error = e),
            Why::Ispdb(IspdbError::Xml(e)) => t!(lang, "discover-why-xml", error = e),
            Why::Ispdb(IspdbError::NotAutoconfig) => t!(lang, "discover-why-not-autoconfig"),
            Why::Ispdb(IspdbError::NoImap) => t!(lang, "discover-why-no-imap"),
            Why::Ispdb(IspdbError::PlainOnly(h)) => t!(lang, "discover-why-plain-only", host = h),
            Why::Dns(e) => t!(lang, "discover-why-dns", error = e),
            Why::DnsOff => t!(lang, "discover-why-dns-off"),
            Why::NoMx => t!(lang, "discover-why-no-mx"),
            Why::MxSame(d) => t!(lang, "discover-why-mx-same", domain = d),
            Why::NoSrv => t!(lang, "discover-why-no-srv"),
            Why::SrvNoService => t!(lang, "discover-why-srv-no-service"),
            Why::NothingAnswers(h) => t!(lang, "discover-why-nothing-answers", hosts = h),
            Why::TooSlow => t!(lang, "discover-why-too-slow"),
        }
    }
}

/// One step's outcome: what it tried (for the skipped line) and what it got.
struct Outcome {
    label: String,
    result: Result<Found, Why>,
}

/// Find IMAP settings for `email` (already validated: `local@domain`).
pub async fn discover(email: &str, opts: &Options) -> Discovery {
    let lang = opts.lang;
    if let Some(p) = preset_for(email) {
        return Discovery {
            found: Some(from_preset(p, email)),
            skipped: Vec::new(),
        };
    }
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default();
    let base = if opts.ispdb_url.ends_with('/') {
        opts.ispdb_url.clone()
    } else {
        format!("{}/", opts.ispdb_url)
    };
    let autoconfig =
        format!("https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={email}");
    let well_known = format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
    let ispdb = format!("{base}{domain}");
    // No resolver (switched off, or no system configuration): the DNS
    // steps are skipped, saying so.
    let resolver = dns::resolver(&opts.dns)
        .ok()
        .flatten()
        .map(std::sync::Arc::new);

    let e = email.to_owned();
    let o = opts.clone();
    let mut steps: Vec<tokio::task::JoinHandle<Outcome>> = Vec::new();
    {
        let (e, o, url) = (e.clone(), o.clone(), autoconfig.clone());
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-autoconfig", url = &url);
            let result = fetch_config(&url, &e, &o)
                .await
                .map(|c| found(c, Source::Autoconfig { url }));
            Outcome { label, result }
        }));
    }
    {
        let (e, o, url) = (e.clone(), o.clone(), well_known.clone());
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-well-known", url = &url);
            let result = fetch_config(&url, &e, &o)
                .await
                .map(|c| found(c, Source::WellKnown { url }));
            Outcome { label, result }
        }));
    }
    {
        let (e, o, url) = (e.clone(), o.clone(), ispdb.clone());
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-ispdb", url = &url);
            let result = fetch_config(&url, &e, &o)
                .await
                .map(|c| found(c, Source::Ispdb { url }));
            Outcome { label, result }
        }));
    }
    {
        let (e, o, d, r, base) = (
            e.clone(),
            o.clone(),
            domain.clone(),
            resolver.clone(),
            base.clone(),
        );
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-mx", domain = &d);
            let result = via_mx(&e, &d, &base, r.as_deref(), &o).await;
            Outcome { label, result }
        }));
    }
    {
        let (e, o, d, r) = (e.clone(), o.clone(), domain.clone(), resolver.clone());
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-srv", domain = &d);
            let result = via_srv(&e, &d, r.as_deref()).await;
            Outcome { label, result }
        }));
    }
    {
        let (e, o, d) = (e.clone(), o.clone(), domain.clone());
        steps.push(tokio::spawn(async move {
            let label = t!(o.lang, "discover-source-probe", domain = &d);
            let result = via_probe(&e, &d, o.probe_timeout).await;
            Outcome { label, result }
        }));
    }

    // In order: the first source that answers wins; the others are dropped.
    let deadline = tokio::time::Instant::now() + opts.deadline;
    let mut skipped = Vec::new();
    let mut winner = None;
    let mut steps = steps.into_iter();
    for step in steps.by_ref() {
        let abort = step.abort_handle();
        match tokio::time::timeout_at(deadline, step).await {
            Ok(Ok(Outcome { result: Ok(f), .. })) => {
                winner = Some(f);
                break;
            }
            Ok(Ok(Outcome {
                label,
                result: Err(why),
            })) => skipped.push(Skipped {
                source: label,
                why: why.say(lang),
            }),
            Ok(Err(join)) => skipped.push(Skipped {
                source: "?".into(),
                why: join.to_string(),
            }),
            Err(_) => {
                abort.abort();
                skipped.push(Skipped {
                    source: t!(lang, "discover-source-remaining"),
                    why: Why::TooSlow.say(lang),
                });
                break;
            }
        }
    }
    for rest in steps {
        rest.abort();
    }
    Discovery {
        found: winner,
        skipped,
    }
}

fn from_preset(p: &'static Preset, email: &str) -> Found {
    let local = email.split('@').next().unwrap_or(email);
    Found {
        server: ImapServer {
            host: p.host.to_owned(),
            port: p.port,
            tls: match p.tls {
                "starttls" => Tls::Starttls,
                _ => Tls::Implicit,
            },
            // iCloud logs in with the part before the @.
            user: if p.label == "iCloud" {
                local.to_owned()
            } else {
                email.to_owned()
            },
            oauth2: p.oauth2,
        },
        source: Source::Preset { label: p.label },
        provider: Some(p.label.to_owned()),
        enable_url: None,
        enable_text: None,
        preset: Some(p),
    }
}

fn found(c: ispdb::ProviderConfig, source: Source) -> Found {
    Found {
        server: c.server,
        source,
        provider: c.name,
        enable_url: c.enable_url,
        enable_text: c.enable_text,
        preset: None,
    }
}

/// Fetch an autoconfig file and read its IMAP server.
async fn fetch_config(url: &str, email: &str, o: &Options) -> Result<ispdb::ProviderConfig, Why> {
    let (u, timeout) = (url.to_owned(), o.http_timeout);
    let body = tokio::task::spawn_blocking(move || http::get(&u, timeout))
        .await
        .map_err(|e| Why::Http(http::HttpError::Failed(e.to_string())))?
        .map_err(Why::Http)?;
    ispdb::parse(&body, email, o.lang.code()).map_err(Why::Ispdb)
}

/// The domain a host belongs to, as the ISPDB knows providers:
/// "aspmx.l.google.com" → "google.com" (the last two labels).
pub fn base_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() <= 2 {
        return host;
    }
    labels[labels.len() - 2..].join(".")
}

async fn via_mx(
    email: &str,
    domain: &str,
    ispdb_base: &str,
    resolver: Option<&hickory_resolver::TokioResolver>,
    o: &Options,
) -> Result<Found, Why> {
    use hickory_resolver::proto::rr::RData;
    let resolver = resolver.ok_or(Why::DnsOff)?;
    let lookup = resolver
        .mx_lookup(format!("{domain}."))
        .await
        .map_err(|e| dns_why(&e, Why::NoMx))?;
    let best = lookup
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            RData::MX(mx) => Some((mx.preference, mx.exchange.to_string())),
            _ => None,
        })
        .min_by_key(|(p, _)| *p)
        .ok_or(Why::NoMx)?;
    let mx_domain = base_domain(&best.1);
    if mx_domain == base_domain(domain) {
        return Err(Why::MxSame(mx_domain));
    }
    let url = format!("{ispdb_base}{mx_domain}");
    let c = fetch_config(&url, email, o).await?;
    Ok(found(c, Source::IspdbMx { mx_domain, url }))
}

/// "No such records" is a plain "none here" (`none`), not a DNS failure.
fn dns_why(e: &hickory_resolver::net::NetError, none: Why) -> Why {
    if e.is_no_records_found() || e.is_nx_domain() {
        none
    } else {
        Why::Dns(e.to_string())
    }
}

async fn via_srv(
    email: &str,
    domain: &str,
    resolver: Option<&hickory_resolver::TokioResolver>,
) -> Result<Found, Why> {
    use hickory_resolver::proto::rr::RData;
    let resolver = resolver.ok_or(Why::DnsOff)?;
    let (imaps, imap) = tokio::join!(
        resolver.srv_lookup(format!("_imaps._tcp.{domain}.")),
        resolver.srv_lookup(format!("_imap._tcp.{domain}."))
    );
    let mut last_err = None;
    for (lookup, tls, service) in [
        (imaps, Tls::Implicit, "_imaps._tcp"),
        (imap, Tls::Starttls, "_imap._tcp"),
    ] {
        let lookup = match lookup {
            Ok(l) => l,
            Err(e) => {
                last_err = Some(dns_why(&e, Why::NoSrv));
                continue;
            }
        };
        let mut records: Vec<(u16, u16, u16, String)> = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::SRV(s) => Some((s.priority, s.weight, s.port, s.target.to_string())),
                _ => None,
            })
            .collect();
        // Lowest priority first; among equals the heaviest.
        records.sort_by_key(|(p, w, _, _)| (*p, std::cmp::Reverse(*w)));
        let Some((_, _, port, target)) = records.into_iter().next() else {
            continue;
        };
        let host = target.trim_end_matches('.').to_ascii_lowercase();
        // RFC 6186: a target of "." means "no such service here".
        if host.is_empty() || port == 0 {
            last_err = Some(Why::SrvNoService);
            continue;
        }
        return Ok(Found {
            server: ImapServer {
                host: host.clone(),
                port,
                tls,
                user: email.to_owned(),
                oauth2: false,
            },
            source: Source::Srv {
                domain: domain.to_owned(),
                record: format!("{service}.{domain} → {host}:{port}"),
            },
            provider: None,
            enable_url: None,
            enable_text: None,
            preset: None,
        });
    }
    Err(match last_err {
        Some(Why::NoSrv) | None => Why::NoSrv,
        Some(w) => w,
    })
}

/// Try `imap.DOMAIN` and `mail.DOMAIN` on 993 (TLS) and 143 (STARTTLS),
/// all at once; the first that accepts a connection, in that order.
async fn via_probe(email: &str, domain: &str, timeout: Duration) -> Result<Found, Why> {
    let candidates: Vec<(String, u16, Tls)> = [
        ("imap", 993, Tls::Implicit),
        ("mail", 993, Tls::Implicit),
        ("imap", 143, Tls::Starttls),
        ("mail", 143, Tls::Starttls),
    ]
    .into_iter()
    .map(|(sub, port, tls)| (format!("{sub}.{domain}"), port, tls))
    .collect();
    let tries: Vec<_> = candidates
        .iter()
        .map(|(host, port, _)| {
            let addr = (host.clone(), *port);
            tokio::spawn(async move {
                matches!(
                    tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await,
                    Ok(Ok(_))
                )
            })
        })
        .collect();
    let mut answered = None;
    for (i, t) in tries.into_iter().enumerate() {
        if answered.is_none() && t.await.unwrap_or(false) {
            answered = Some(i);
        }
    }
    let (host, port, tls) = answered
        .map(|i| candidates[i].clone())
        .ok_or_else(|| Why::NothingAnswers(format!("imap.{domain}, mail.{domain} (993, 143)")))?;
    // Plain text is never guessed: 143 means STARTTLS.
    debug_assert!(tls != Tls::None || is_loopback(&host));
    Ok(Found {
        server: ImapServer {
            host: host.clone(),
            port,
            tls,
            user: email.to_owned(),
            oauth2: false,
        },
        source: Source::Probe { host, port },
        provider: None,
        enable_url: None,
        enable_text: None,
        preset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_domains() {
        assert_eq!(base_domain("aspmx.l.google.com."), "google.com");
        assert_eq!(
            base_domain("example-de.mail.protection.outlook.com"),
            "outlook.com"
        );
        assert_eq!(base_domain("example.de"), "example.de");
    }

    #[tokio::test]
    async fn presets_need_no_network() {
        let mut o = Options::from_env(Lang::En);
        o.ispdb_url = "http://127.0.0.1:9/".into();
        o.dns = dns::Setting::Off;
        let d = discover("max@gmx.de", &o).await;
        let f = d.found.unwrap();
        assert_eq!(f.server.host, "imap.gmx.net");
        assert_eq!(f.source, Source::Preset { label: "GMX" });
        assert!(d.skipped.is_empty());
    }
}
