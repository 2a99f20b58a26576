//! One DNS resolver for everything optout looks up: DKIM keys (TXT) and,
//! for account discovery, MX and SRV records.
//!
//! `OPTOUT_DNS_SERVER=host:port` sends every query to that server (tests
//! point it at a local dnsmasq; a person may name a resolver they trust);
//! `OPTOUT_DNS_SERVER=off` makes no DNS queries at all (DKIM is then left
//! to the receiving server's Authentication-Results, as before optout
//! checked it itself). Unset: the system resolver (/etc/resolv.conf).

use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::TokioResolver;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// The environment variable naming the DNS server.
pub const ENV: &str = "OPTOUT_DNS_SERVER";

/// How long one query may take. Short: a dead server must not hold up a
/// sync (the caller falls back, and remembers that DNS is down).
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// Where DNS queries go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// The system's resolver configuration.
    System,
    /// One server, `host:port`.
    Server(SocketAddr),
    /// No DNS at all.
    Off,
}

#[derive(Debug, thiserror::Error)]
pub enum DnsError {
    #[error("{ENV}={value:?} is not a DNS server address. Write it as host:port (for example 127.0.0.1:53), or \"off\".")]
    BadServer { value: String },
    #[error("the system's DNS configuration cannot be read: {0}. Set {ENV}=host:port to name a DNS server.")]
    System(String),
}

impl Setting {
    /// From `OPTOUT_DNS_SERVER` (unset or empty: the system resolver).
    pub fn from_env() -> Result<Setting, DnsError> {
        Setting::parse(std::env::var(ENV).ok().as_deref())
    }

    pub fn parse(value: Option<&str>) -> Result<Setting, DnsError> {
        let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(Setting::System);
        };
        if v.eq_ignore_ascii_case("off") || v.eq_ignore_ascii_case("none") {
            return Ok(Setting::Off);
        }
        let bad = || DnsError::BadServer {
            value: v.to_owned(),
        };
        let addr = v
            .to_socket_addrs()
            .map_err(|_| bad())?
            .next()
            .ok_or_else(bad)?;
        Ok(Setting::Server(addr))
    }

    /// A short description for logs and stored key records.
    pub fn describe(&self) -> String {
        match self {
            Setting::System => "system resolver".to_owned(),
            Setting::Server(a) => a.to_string(),
            Setting::Off => "off".to_owned(),
        }
    }
}

/// The resolver for a setting; `None` for [`Setting::Off`]. One try per
/// query with a [`TIMEOUT`] (hickory may resend the datagram within it),
/// answers cached for their TTL.
pub fn resolver(setting: &Setting) -> Result<Option<TokioResolver>, DnsError> {
    let (config, mut opts) = match setting {
        Setting::Off => return Ok(None),
        Setting::System => hickory_resolver::system_conf::read_system_conf()
            .map_err(|e| DnsError::System(e.to_string()))?,
        Setting::Server(addr) => {
            let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
            for c in &mut ns.connections {
                c.port = addr.port();
            }
            (
                ResolverConfig::from_parts(None, vec![], vec![ns]),
                ResolverOpts::default(),
            )
        }
    };
    opts.timeout = TIMEOUT;
    // `attempts` counts retries after the first try: none.
    opts.attempts = 0;
    let r = TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
        .with_options(opts)
        .build()
        .map_err(|e| DnsError::System(e.to_string()))?;
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings() {
        assert_eq!(Setting::parse(None).unwrap(), Setting::System);
        assert_eq!(Setting::parse(Some(" ")).unwrap(), Setting::System);
        assert_eq!(Setting::parse(Some("off")).unwrap(), Setting::Off);
        assert_eq!(
            Setting::parse(Some("127.0.0.1:5353")).unwrap(),
            Setting::Server("127.0.0.1:5353".parse().unwrap())
        );
        let e = Setting::parse(Some("127.0.0.1")).unwrap_err().to_string();
        assert!(e.contains("host:port"), "{e}");
    }
}
