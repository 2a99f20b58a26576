//! Who sent a mail: the provider itself, someone imitating it, or anyone
//! else; and whether the receiving server vouches for the provider.

/// `domain` is `parent` or a subdomain of it (not a look-alike that merely
/// ends the same way: "evilfacebook.com" is no subdomain of "facebook.com").
pub fn is_within(domain: &str, parent: &str) -> bool {
    domain == parent
        || (domain.len() > parent.len()
            && domain.ends_with(parent)
            && domain.as_bytes()[domain.len() - parent.len() - 1] == b'.')
}

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
/// an `Err`. `Ok("DKIM pass for d (server)")` if DKIM passed for a signing
/// domain aligned with the From domain (and inside the provider's
/// domains), or DMARC passed for the From domain; else `Err` saying what
/// it found.
pub fn authenticated(
    auth_results: &[String],
    authserv_id: Option<&str>,
    from_domain: &str,
    provider_domains: &[String],
) -> Result<String, String> {
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
                            return Ok(format!("DKIM pass for {d} ({server})"));
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
                    return Ok(format!("DMARC pass for {from_domain} ({server})"));
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

fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Why a domain that is not the provider's looks like it is, if it does:
/// a brand inside a label ("facebook-security.com", "facebookmail.com.x.ru"),
/// or a label one or two typos (digits for letters included) away from the
/// provider's ("facebookmai1.com", "faceb00k.com", "instagrarn.com").
pub fn lookalike_domain(
    domain: &str,
    brands: &[String],
    provider_domains: &[String],
) -> Option<String> {
    let own_labels: Vec<String> = provider_domains
        .iter()
        .filter_map(|d| d.split('.').rev().nth(1).map(str::to_owned))
        .collect();
    for label in domain.split('.') {
        let norm = unconfuse(label);
        let squashed: String = norm.chars().filter(|c| *c != '-' && *c != '_').collect();
        for part in norm
            .split(['-', '_'])
            .chain(std::iter::once(squashed.as_str()))
        {
            if part.is_empty() {
                continue;
            }
            for b in brands {
                let hit = if b.len() >= 5 {
                    part.contains(b.as_str())
                } else {
                    part == b // "meta", "fb": only as a whole label or hyphen part
                };
                if hit {
                    return Some(format!("the domain {domain} imitates \"{b}\""));
                }
            }
            for own in &own_labels {
                let max = match own.len() {
                    0..=5 => 0,
                    6..=8 => 1,
                    _ => 2,
                };
                if max > 0 && part != own && within_edits(part, own, max) {
                    return Some(format!("the domain {domain} is a look-alike of {own}"));
                }
            }
        }
    }
    None
}

/// A display name that claims the provider ("Facebook", "Meta Support",
/// "Instagram-Team", "faceb00k").
pub fn branded_name(name: &str, brands: &[String]) -> Option<String> {
    let norm = unconfuse(name);
    for word in norm.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if let Some(b) = brands
            .iter()
            .find(|b| word == b.as_str() || (b.len() >= 5 && word.contains(b.as_str())))
        {
            return Some(format!("the sender's name \"{name}\" claims to be {b}"));
        }
    }
    None
}

/// Lower-case, with the digits phishers use for letters read as letters.
fn unconfuse(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0' => 'o',
            '1' | '!' | '|' => 'l',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            'і' | 'ı' => 'i', // Cyrillic and dotless i
            'о' => 'o',
            'е' => 'e',
            'а' => 'a',
            'с' => 'c',
            'к' => 'k',
            other => other,
        })
        .collect::<String>()
        .replace("rn", "m")
        .replace("vv", "w")
}

/// Levenshtein distance of `a` and `b` is at most `max` (short inputs only).
fn within_edits(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max || a.len() > 64 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= max
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
    fn brands() -> Vec<String> {
        ["facebook", "instagram", "meta", "fb"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn subdomains_but_not_suffix_lookalikes() {
        assert!(is_within("support.facebook.com", "facebook.com"));
        assert!(is_within("facebook.com", "facebook.com"));
        assert!(!is_within("evilfacebook.com", "facebook.com"));
        assert!(!is_within("facebook.com.evil.ru", "facebook.com"));
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

    #[test]
    fn lookalikes() {
        let (b, d) = (brands(), meta_domains());
        for dom in [
            "facebookmai1.com",
            "faceb00k.com",
            "facebook-security.net",
            "facebookmail.com.login.ru",
            "instagrarn.com",
            "meta-support.org",
            "mail.meta.help",
            "fb-verify.com",
            "facebok.com",
        ] {
            assert!(lookalike_domain(dom, &b, &d).is_some(), "{dom}");
        }
        for dom in [
            "gmx.de",
            "web.de",
            "metallbau-mueller.de",
            "amazon.de",
            "paypal.de",
            "feedback.org",
        ] {
            assert!(lookalike_domain(dom, &b, &d).is_none(), "{dom}");
        }
    }

    #[test]
    fn branded_names() {
        let b = brands();
        assert!(branded_name("Facebook", &b).is_some());
        assert!(branded_name("Meta Support", &b).is_some());
        assert!(branded_name("Instagram-Team", &b).is_some());
        assert!(branded_name("Faceb00k Security", &b).is_some());
        assert!(branded_name("Max Mustermann", &b).is_none());
        assert!(branded_name("Metin Yilmaz", &b).is_none());
    }
}
