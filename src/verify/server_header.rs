//! The receiving server's word on a mail: its Authentication-Results
//! header. Only the fallback, when the DKIM signature cannot be checked
//! here (no DNS, the key gone for an old mail): a sender can write such a
//! header too, and only the topmost one (or the topmost one from a pinned
//! authserv-id) is the receiving server's.

use crate::classify::trust::is_within;

/// The authserv-id of an Authentication-Results header value: its first
/// token, before the first ';' (RFC 8601: `authserv-id [version] ; …`),
/// lower-cased, comments dropped. `None` if there is none.
pub fn authserv_id_of(header: &str) -> Option<String> {
    let id = strip_comments(header)
        .split(';')
        .next()?
        .split_whitespace()
        .next()?
        .trim_matches('"')
        .to_ascii_lowercase();
    (!id.is_empty()).then_some(id)
}

/// A header from `id` counts for a mailbox pinned to `pinned`: the same id,
/// or a subdomain of it (`mx01.mail.example.net` for `mail.example.net`: a
/// provider whose receiving hosts each write their own name). Never a
/// parent (`google.com` for `mx.google.com`) nor a mere suffix
/// (`evilmx.google.com`). A sender can write any id, the pinned one too;
/// what protects is that the receiving server adds its own header on top,
/// so the topmost header from the pinned id is the server's.
pub fn is_from_authserv(id: &str, pinned: &str) -> bool {
    is_within(id, &pinned.to_ascii_lowercase())
}

/// The receiving server's verdict on a mail. `auth_results` are its
/// Authentication-Results headers, topmost first. Without `authserv_id`,
/// the topmost header decides (lower ones may be forged by the sender);
/// with it, the topmost header from that id (see [`is_from_authserv`])
/// decides and headers from any other id are ignored: no such header is
/// an `Err`. `Ok((domain, "DKIM pass for d (server)"))` if DKIM passed for
/// a signing domain aligned with the From domain (and inside the
/// provider's domains), or DMARC passed for the From domain; else `Err`
/// saying what it found.
pub fn authenticated(
    auth_results: &[String],
    authserv_id: Option<&str>,
    from_domain: &str,
    provider_domains: &[String],
) -> Result<(String, String), String> {
    let header = match authserv_id {
        None => auth_results.first().ok_or_else(|| {
            "the receiving server added no Authentication-Results header \
(set trust = \"sender-domain\" for this mailbox if it never does)"
                .to_owned()
        })?,
        Some(pinned) => auth_results
            .iter()
            .find(|h| authserv_id_of(h).is_some_and(|id| is_from_authserv(&id, pinned)))
            .ok_or_else(|| {
                let mut others: Vec<String> = Vec::new();
                for id in auth_results.iter().filter_map(|h| authserv_id_of(h)) {
                    if !others.contains(&id) {
                        others.push(id);
                    }
                }
                others.truncate(4);
                let ignored = match others.len() {
                    0 => "the mail has none at all".to_owned(),
                    _ => format!(
                        "ignored {} from other servers, which anyone could have written: {}",
                        auth_results.len(),
                        others.join(", ")
                    ),
                };
                format!(
                    "no Authentication-Results from {pinned} (authserv_id) was found ({ignored})"
                )
            })?,
    };
    let server = authserv_id_of(header).unwrap_or_else(|| "no server id".to_owned());
    let ar = strip_comments(&header.to_ascii_lowercase());
    let provider_owned = |d: &str| provider_domains.iter().any(|p| is_within(d, p));
    let aligned = |d: &str| is_within(from_domain, d) || is_within(d, from_domain);
    let mut seen = Vec::new();
    // The first ';'-separated item is the server's id; then one result per
    // method: "dkim=pass header.d=… header.i=…".
    for clause in ar.split(';').skip(1) {
        let mut tokens = clause.split_whitespace();
        let Some((method, result)) = tokens.next().and_then(|t| t.split_once('=')) else {
            continue;
        };
        let props: Vec<(&str, &str)> = tokens.filter_map(|t| t.split_once('=')).collect();
        let prop = |name: &str| {
            props
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.trim_matches('"').trim_start_matches('@'))
        };
        match method {
            "dkim" => {
                let d = prop("header.d")
                    .or_else(|| prop("header.i").map(|i| i.rsplit_once('@').map_or(i, |(_, d)| d)));
                if result == "pass" {
                    if let Some(d) = d {
                        if aligned(d) && provider_owned(d) {
                            return Ok((d.to_owned(), format!("DKIM pass for {d} ({server})")));
                        }
                    }
                }
                seen.push(format!(
                    "dkim={result}{}",
                    d.map(|d| format!(" for {d}")).unwrap_or_default()
                ));
            }
            "dmarc" => {
                let d = prop("header.from");
                if result == "pass" && d.is_some_and(|d| d == from_domain) {
                    return Ok((
                        from_domain.to_owned(),
                        format!("DMARC pass for {from_domain} ({server})"),
                    ));
                }
                seen.push(format!(
                    "dmarc={result}{}",
                    d.map(|d| format!(" for {d}")).unwrap_or_default()
                ));
            }
            _ => {}
        }
    }
    Err(if seen.is_empty() {
        format!(
            "the receiving server's Authentication-Results ({server}) has no DKIM or DMARC result"
        )
    } else {
        format!(
            "the receiving server's Authentication-Results ({server}) says {}",
            seen.join(", ")
        )
    })
}

pub(crate) fn strip_comments(s: &str) -> String {
    // Most headers have no comment, or a few: copy the runs between them.
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'(' => {
                if depth == 0 {
                    out.push_str(&s[run..i]);
                }
                depth += 1;
            }
            b')' if depth > 0 => {
                depth -= 1;
                run = i + 1;
            }
            _ => {}
        }
    }
    if depth == 0 {
        out.push_str(&s[run..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_domains() -> Vec<String> {
        [
            "facebookmail.com",
            "facebook.com",
            "instagram.com",
            "meta.com",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn dkim_must_pass_aligned_and_for_the_provider() {
        let d = meta_domains();
        let ok = |ar: &str, from: &str| authenticated(&[ar.to_owned()], None, from, &d).is_ok();
        assert!(ok(
            "mx.gmx.net; dkim=pass (1024-bit key) header.d=facebookmail.com header.b=x",
            "facebookmail.com"
        ));
        assert!(ok(
            "mx; spf=pass; dkim=pass header.i=@facebook.com",
            "support.facebook.com"
        ));
        assert!(ok(
            "mx; dmarc=pass (p=REJECT) header.from=support.facebook.com",
            "support.facebook.com"
        ));
        assert!(!ok(
            "mx; dkim=fail header.d=facebookmail.com",
            "facebookmail.com"
        ));
        assert!(!ok(
            "mx; dkim=pass header.d=evil.example",
            "facebookmail.com"
        ));
        assert!(!ok(
            "mx; dmarc=pass header.from=evil.example",
            "facebookmail.com"
        ));
        // The first item is the server's id, never a result.
        assert!(!ok(
            "dkim=pass header.d=facebookmail.com; spf=none",
            "facebookmail.com"
        ));
        assert!(authenticated(&[], None, "facebookmail.com", &d).is_err());
    }

    #[test]
    fn the_authserv_id_is_the_first_token_before_the_semicolon() {
        let id = |h: &str| authserv_id_of(h);
        assert_eq!(
            id("mx.google.com; dkim=pass").as_deref(),
            Some("mx.google.com")
        );
        assert_eq!(
            id("MX.Google.com 1; none").as_deref(),
            Some("mx.google.com")
        );
        assert_eq!(
            id("(received; by us) mx.gmx.net (x);spf=pass").as_deref(),
            Some("mx.gmx.net")
        );
        assert_eq!(
            id("\"mx.q.example\"; none").as_deref(),
            Some("mx.q.example")
        );
        assert_eq!(id("; dkim=pass"), None);
        assert_eq!(id(""), None);
        assert!(is_from_authserv("mx.google.com", "MX.google.com"));
        assert!(is_from_authserv("a.mx.google.com", "mx.google.com"));
        assert!(!is_from_authserv("google.com", "mx.google.com"));
        assert!(!is_from_authserv("xmx.google.com", "mx.google.com"));
    }
}
