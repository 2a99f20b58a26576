//! Fetching one small file over HTTP(S) for discovery: a short timeout, a
//! size cap, and redirects followed only within the same host (a redirect
//! elsewhere could hand the person's settings to a stranger).

use std::io::Read;
use std::time::Duration;

/// Larger than any autoconfig file (GMX's is 4 KB).
pub const MAX_BYTES: u64 = 64 << 10;
/// How many same-host redirects are followed.
const MAX_REDIRECTS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("redirected to another host ({0})")]
    OtherHost(String),
    #[error("too many redirects")]
    TooManyRedirects,
    #[error("larger than {} KB", MAX_BYTES >> 10)]
    TooLarge,
    #[error("no answer within {} s", .0.as_secs())]
    Timeout(Duration),
    #[error("{0}")]
    Failed(String),
}

/// The host part of an http(s) URL, lower-cased.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_owned()
    };
    Some(host.to_ascii_lowercase())
}

/// Resolve a `Location` header against the URL it came from.
fn join(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        format!("{}{location}", &base[..origin_end])
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|&i| i >= origin_end)
            .unwrap_or(origin_end);
        format!("{}/{location}", &base[..dir_end])
    }
}

/// GET `url` (blocking; run it on a blocking thread) and return its body
/// as text.
pub fn get(url: &str, timeout: Duration) -> Result<String, HttpError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("optout/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let host =
        host_of(url).ok_or_else(|| HttpError::Failed(format!("not an http(s) URL: {url}")))?;
    let mut url = url.to_owned();
    for _ in 0..=MAX_REDIRECTS {
        let mut resp = agent.get(&url).call().map_err(|e| match e {
            ureq::Error::Timeout(_) => HttpError::Timeout(timeout),
            e => HttpError::Failed(e.to_string()),
        })?;
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let location = resp
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .ok_or(HttpError::Status(status))?;
            let next = join(&url, location);
            match host_of(&next) {
                Some(h) if h == host => url = next,
                other => return Err(HttpError::OtherHost(other.unwrap_or(next))),
            }
            continue;
        }
        if status != 200 {
            return Err(HttpError::Status(status));
        }
        let mut body = Vec::new();
        resp.body_mut()
            .as_reader()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut body)
            .map_err(|e| HttpError::Failed(e.to_string()))?;
        if body.len() as u64 > MAX_BYTES {
            return Err(HttpError::TooLarge);
        }
        return Ok(String::from_utf8_lossy(&body).into_owned());
    }
    Err(HttpError::TooManyRedirects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_redirect_targets() {
        assert_eq!(
            host_of("https://Autoconfig.Example.de/mail/config-v1.1.xml").as_deref(),
            Some("autoconfig.example.de")
        );
        assert_eq!(
            host_of("http://127.0.0.1:8080/x").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(host_of("http://[::1]:8080/x").as_deref(), Some("[::1]"));
        assert_eq!(host_of("ftp://x"), None);
        assert_eq!(
            join("http://a.de/v1.1/x.de", "/v1.1/y.de"),
            "http://a.de/v1.1/y.de"
        );
        assert_eq!(
            join("http://a.de/v1.1/x.de", "y.de"),
            "http://a.de/v1.1/y.de"
        );
        assert_eq!(join("http://a.de/x", "https://b.de/"), "https://b.de/");
    }
}
