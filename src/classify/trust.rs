//! Who sent a mail: the provider itself, someone imitating it, or anyone
//! else. Whether the mail is really the provider's is decided in
//! `crate::verify` (its DKIM signature, checked here).

/// `domain` is `parent` or a subdomain of it (not a look-alike that merely
/// ends the same way: "evilfacebook.com" is no subdomain of "facebook.com").
pub fn is_within(domain: &str, parent: &str) -> bool {
    domain == parent
        || (domain.len() > parent.len()
            && domain.ends_with(parent)
            && domain.as_bytes()[domain.len() - parent.len() - 1] == b'.')
}

// The receiving server's Authentication-Results are read in
// `crate::verify::server_header` (the fallback when DKIM cannot be checked
// here); re-exported for the callers that pin an authserv-id.
pub use crate::verify::server_header::{authserv_id_of, is_from_authserv};

/// Why a domain that is not the provider's looks like it is, if it does:
/// a brand inside a label ("facebook-security.com", "facebookmail.com.x.ru"),
/// or a label one or two typos (digits for letters included) away from the
/// provider's ("facebookmai1.com", "faceb00k.com", "instagrarn.com").
pub fn lookalike_domain(
    domain: &str,
    brands: &[String],
    provider_domains: &[String],
) -> Option<String> {
    // The label before the TLD of each provider domain ("facebookmail").
    let own_labels = || {
        provider_domains
            .iter()
            .filter_map(|d| d.split('.').rev().nth(1))
    };
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
            for own in own_labels() {
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

/// Levenshtein distance of `a` and `b` is at most `max`. The length
/// check first: most labels are far longer or shorter than the provider's.
fn within_edits(a: &str, b: &str, max: usize) -> bool {
    a.chars().count().abs_diff(b.chars().count()) <= max && strsim::levenshtein(a, b) <= max
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
