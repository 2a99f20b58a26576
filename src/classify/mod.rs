//! Provider rules turn a parsed mail into an [`Observation`], or nothing.
//!
//! Pure: no I/O except reading rule files in [`Classifier::load`]. Every
//! regex is compiled there, once.
//!
//! The decision, per provider (Meta built in, more from `rules.dir`):
//! 1. Who sent it? The provider (From domain is one of its domains or a
//!    subdomain), an impersonator (a look-alike From domain, or the
//!    provider's brand in the display name), or anyone else. Anyone else
//!    is never the provider's concern: a person forwarding or quoting
//!    Meta's words, a newsletter, another service's code -> nothing.
//! 2. What does it say? The provider's rules in order; the first that
//!    matches the subject or text decides (`ignore` means nothing).
//! 3. The provider's own mail counts (`trusted`) only if the
//!    [`Verdict`](crate::verify::Verdict) says so (its DKIM signature,
//!    checked in `crate::verify`, for a domain of this provider) — or,
//!    through [`Classifier::classify`], the receiving server's
//!    Authentication-Results (the fallback): the topmost header, or with
//!    the mailbox's `authserv_id` the topmost one from that server id.
//!    Else, and for any impersonator using the provider's wording, the
//!    result is `Suspicious` (a phishing warning).

mod code;
pub mod concept;
pub mod rules;
pub mod trust;

use crate::config::{Account, TrustPolicy};
use crate::mail::ParsedMail;
use crate::model::{Observation, ObservationKind};
use crate::verify;
use rules::{Provider, Verdict};
use std::path::Path;
use std::sync::OnceLock;

/// The built-in rules: Meta (Facebook, Instagram, Threads).
pub const BUILTIN_META: &str = include_str!("meta.toml");

pub struct Classifier {
    providers: Vec<Provider>,
}

/// How the sender relates to a provider.
enum Sender {
    Own,
    Impersonating(String),
    Other,
}

impl Classifier {
    /// The built-in rules (Meta), plus the `*.toml` files in `rules_dir`.
    pub fn load(rules_dir: Option<&Path>) -> Result<Classifier, rules::LoadError> {
        let mut providers = vec![builtin()];
        if let Some(dir) = rules_dir {
            providers.extend(rules::load_dir(dir)?);
        }
        Ok(Classifier { providers })
    }

    /// Only the built-in rules.
    pub fn builtin() -> Classifier {
        Classifier {
            providers: vec![builtin()],
        }
    }

    /// The provider names, built-in first.
    pub fn providers(&self) -> Vec<&str> {
        self.providers.iter().map(|p| p.name.as_str()).collect()
    }

    /// The platforms an account can name, built-in first: every provider's
    /// `[[platform]]` names, and its default platform.
    pub fn platforms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.providers {
            for name in p
                .platforms
                .iter()
                .map(|pl| &pl.name)
                .chain([&p.default_platform])
            {
                if !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        out
    }

    /// The objection form of `platform` (`form_url` in its rules), if any.
    pub fn form_url(&self, platform: &str) -> Option<&str> {
        self.providers
            .iter()
            .flat_map(|p| &p.platforms)
            .find(|pl| pl.name == platform)
            .and_then(|pl| pl.form_url.as_deref())
    }

    /// Every provider's sender domains, for the first sync's server-side
    /// `UID SEARCH FROM` (a substring match, so subdomains are covered).
    /// Look-alike senders are not searched for: history is only worth
    /// replaying from the real sender.
    pub fn sender_domains(&self) -> Vec<String> {
        let mut domains: Vec<String> = self
            .providers
            .iter()
            .flat_map(|p| p.domains.iter().cloned())
            .collect();
        domains.sort();
        domains.dedup();
        domains
    }

    /// The code in a mail the person says is a code mail: the first
    /// provider's code rules that find one.
    pub fn code_in(&self, mail: &ParsedMail) -> Option<String> {
        self.providers
            .iter()
            .filter_map(|p| p.code.as_ref())
            .find_map(|c| c.find(&mail.subject, &mail.text))
    }

    /// The built-in Meta concept rules (for tests).
    #[cfg(test)]
    pub(crate) fn meta_concepts(&self) -> &[concept::LangConcepts] {
        &self.providers[0].concepts
    }

    /// What a mail is, trusting the receiving server's header under a
    /// mailbox's trust policy (a bare [`Trust`] is one without a pinned
    /// authserv-id): the fallback when DKIM cannot be checked here.
    pub fn classify<'a>(
        &self,
        mail: &ParsedMail,
        trust: impl Into<TrustPolicy<'a>>,
    ) -> Option<Observation> {
        let trust = trust.into();
        self.providers
            .iter()
            .find_map(|p| classify_for(p, mail, Auth::Header(trust)))
    }

    /// What a mail is, given the verdict on its authenticity
    /// ([`crate::verify::Verifier::verify`]).
    pub fn classify_verified(
        &self,
        mail: &ParsedMail,
        verdict: &verify::Verdict,
    ) -> Option<Observation> {
        self.providers
            .iter()
            .find_map(|p| classify_for(p, mail, Auth::Verdict(verdict)))
    }
}

fn builtin() -> Provider {
    rules::parse(BUILTIN_META, Path::new("built-in meta.toml"))
        .expect("the built-in rules are valid (tested)")
}

/// What the provider's words say, before the sender is weighed.
struct Reading {
    kind: ObservationKind,
    /// Why, for the reason: the phrase, the concept sentence, the code word.
    why: String,
    /// A code found by structure (for `Code`).
    code: Option<String>,
    /// The provider's wording matched (a phrase or a concept): from
    /// someone else, that is a phishing warning even when unrecognised.
    wording: bool,
}

/// The provider's rules on a mail, in order of authority:
/// 1. exclusions (moderation, security, marketing): nothing, whatever else;
/// 2. phrase rules (high confidence), first match decides;
/// 3. concept rules per language (receipts, decisions);
/// 4. codes by structure (a code candidate near a code word);
/// 5. a mail about the objection that none of these decides, or a phrase
///    match that could not be completed (a code phrase, but no code):
///    `Unrecognised`.
///
/// `exclude` is false for a sender that only poses as the provider: a
/// phishing mail is a warning whatever it is about.
fn read(p: &Provider, mail: &ParsedMail, exclude: bool) -> Option<Reading> {
    let both = |re: &regex::Regex| {
        re.find(&mail.subject)
            .or_else(|| re.find(&mail.text))
            .map(|m| m.as_str().to_owned())
    };
    let names_ai = || {
        p.concepts
            .iter()
            .any(|l| l.names_ai(&mail.subject, &mail.text))
    };
    if exclude
        && p.exclusions.iter().any(|x| {
            (x.matcher.is_match(&mail.subject) || x.matcher.is_match(&mail.text))
                && !(x.unless_ai && names_ai())
        })
    {
        return None;
    }
    let phrase = p
        .rules
        .iter()
        .find_map(|r| both(&r.matcher).map(|m| (r.verdict, m)));
    let mut on_topic = false;
    match phrase {
        Some((Verdict::Ignore, _)) => return None,
        Some((Verdict::Kind(ObservationKind::Code), matched)) => {
            if let Some(code) = p
                .code
                .as_ref()
                .and_then(|c| c.find(&mail.subject, &mail.text))
            {
                return Some(Reading {
                    kind: ObservationKind::Code,
                    why: format!("matched '{matched}'"),
                    code: Some(code),
                    wording: true,
                });
            }
            on_topic = true;
        }
        Some((Verdict::Kind(kind), matched)) => {
            return Some(Reading {
                kind,
                why: format!("matched '{matched}'"),
                code: None,
                wording: true,
            })
        }
        None => {}
    }
    match concept::decide(&p.concepts, &mail.subject, &mail.text) {
        Some(concept::Finding::Kind {
            kind,
            lang,
            evidence,
        }) => {
            return Some(Reading {
                kind,
                why: format!("{kind} by concept ({lang}): '{evidence}'"),
                code: None,
                wording: true,
            })
        }
        Some(concept::Finding::Contradictory { lang }) => {
            return Some(Reading {
                kind: ObservationKind::Unrecognised,
                why: format!("speaks of the objection ({lang}) but says both yes and no"),
                code: None,
                wording: true,
            })
        }
        None => {}
    }
    if let Some(code) = p
        .code
        .as_ref()
        .and_then(|c| c.find_by_structure(&mail.subject, &mail.text))
    {
        return Some(Reading {
            kind: ObservationKind::Code,
            why: "a code beside a code word".into(),
            code: Some(code),
            wording: true,
        });
    }
    (on_topic
        || p.concepts
            .iter()
            .any(|l| l.on_topic(&mail.subject, &mail.text)))
    .then(|| Reading {
        kind: ObservationKind::Unrecognised,
        why: if on_topic {
            "code wording, but no code found".into()
        } else {
            format!(
                "speaks of the objection, but no {} rule decides what it is",
                p.name
            )
        },
        code: None,
        wording: on_topic,
    })
}

/// What vouches for a mail's sender.
#[derive(Clone, Copy)]
enum Auth<'a> {
    Verdict(&'a verify::Verdict),
    Header(TrustPolicy<'a>),
}

fn classify_for(p: &Provider, mail: &ParsedMail, auth: Auth<'_>) -> Option<Observation> {
    let sender = sender_of(p, mail);
    if matches!(sender, Sender::Other) {
        return None;
    }
    let reading = read(p, mail, matches!(sender, Sender::Own))?;
    let kind = reading.kind;
    let matched = &reading.why;
    let platform = platform_of(p, mail);
    let from = if mail.from_domain.is_empty() {
        "no sender address".to_owned()
    } else {
        format!("From {}", mail.from_domain)
    };
    match sender {
        Sender::Other => None,
        // Not understood and not from the provider: no warning either.
        Sender::Impersonating(_) if !reading.wording => None,
        Sender::Impersonating(why) => Some(Observation {
            kind: ObservationKind::Suspicious,
            platform,
            code: None,
            trusted: false,
            reason: format!(
                "{from}: {} wording ({kind}: {matched}) from a sender that is not {}: {why}",
                p.name, p.name
            ),
        }),
        Sender::Own => {
            let header;
            let verdict = match auth {
                Auth::Verdict(v) => v,
                Auth::Header(policy) => {
                    header = verify::from_server_header(
                        &mail.authentication_results,
                        &mail.from_domain,
                        &p.domains,
                        policy,
                        "",
                    );
                    &header
                }
            };
            // Trusted, and for a domain of this provider.
            let owned = verdict
                .domain
                .as_deref()
                .is_none_or(|d| p.domains.iter().any(|pd| trust::is_within(d, pd)));
            if !(verdict.trusted && owned) {
                if !reading.wording {
                    return None;
                }
                let why = if verdict.trusted {
                    format!(
                        "the domain that vouches for it ({}) is not {}'s",
                        verdict.domain.as_deref().unwrap_or_default(),
                        p.name
                    )
                } else {
                    verdict.detail.clone()
                };
                return Some(Observation {
                    kind: ObservationKind::Suspicious,
                    platform,
                    code: None,
                    trusted: false,
                    reason: format!(
                        "{from} claims to be {} ({kind}: {matched}), but {why}",
                        p.name
                    ),
                });
            }
            let auth = &verdict.detail;
            Some(Observation {
                kind,
                platform,
                code: reading.code,
                trusted: true,
                reason: format!("{from}, {auth}; {matched}"),
            })
        }
    }
}

fn sender_of(p: &Provider, mail: &ParsedMail) -> Sender {
    let domain = mail.from_domain.as_str();
    if !domain.is_empty() && p.domains.iter().any(|d| trust::is_within(domain, d)) {
        return Sender::Own;
    }
    if let Some(why) = trust::lookalike_domain(domain, &p.brands, &p.domains) {
        return Sender::Impersonating(why);
    }
    if let Some(why) = mail
        .from_name
        .as_deref()
        .and_then(|n| trust::branded_name(n, &p.brands))
    {
        return Sender::Impersonating(why);
    }
    Sender::Other
}

/// Which platform a mail is about: a platform named in the sender's display
/// name, else in the subject, else the sender's platform (mail.instagram.com
/// is Instagram), else the platform the text names most (support.facebook.com
/// answers objections for every Meta platform), else the default.
fn platform_of(p: &Provider, mail: &ParsedMail) -> String {
    let first_in = |s: &str| {
        p.platforms
            .iter()
            .filter_map(|pl| Some((pl.mentions.as_ref()?.find(s)?.start(), &pl.name)))
            .min()
            .map(|(_, n)| n.clone())
    };
    if let Some(n) = mail.from_name.as_deref().and_then(first_in) {
        return n;
    }
    if let Some(n) = first_in(&mail.subject) {
        return n;
    }
    if let Some(pl) = p.platforms.iter().find(|pl| {
        pl.senders
            .iter()
            .any(|s| trust::is_within(&mail.from_domain, s))
    }) {
        return pl.name.clone();
    }
    p.platforms
        .iter()
        .filter_map(|pl| {
            let n = pl.mentions.as_ref()?.find_iter(&mail.text).take(50).count();
            (n > 0).then_some((n, &pl.name))
        })
        // Most mentions; on a tie the platform listed first.
        .fold(None::<(usize, &String)>, |best, (n, name)| match best {
            Some((bn, _)) if bn >= n => best,
            _ => Some((n, name)),
        })
        .map_or_else(|| p.default_platform.clone(), |(_, n)| n.clone())
}

/// The platforms of the built-in Meta rules: a decision from
/// support.facebook.com may concern any of them.
fn meta_platforms() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| builtin().platforms.into_iter().map(|p| p.name).collect())
}

/// The tracked account an observation concerns, among the accounts of the
/// mailbox it was found in:
/// 1. the account of that platform the mail was addressed to;
/// 2. the only account of that platform in the mailbox;
/// 3. suspicious mails: the first account of that platform, else the
///    mailbox's first account (the warning must reach someone);
/// 4. receipts and decisions about a Meta platform the mailbox tracks no
///    account of: the Meta account it was addressed to, else the only Meta
///    account (Meta answers every platform's objection from one address,
///    and the text does not always name the platform).
pub fn route<'a>(
    obs: &Observation,
    mail: &ParsedMail,
    accounts: &[&'a Account],
) -> Option<&'a Account> {
    let addressed = |a: &&&'a Account| {
        a.address
            .as_ref()
            .is_some_and(|addr| mail.recipients.iter().any(|r| r.eq_ignore_ascii_case(addr)))
    };
    let same: Vec<&'a Account> = accounts
        .iter()
        .copied()
        .filter(|a| a.platform == obs.platform)
        .collect();
    if let Some(a) = same.iter().find(addressed) {
        return Some(a);
    }
    if let [one] = same.as_slice() {
        return Some(one);
    }
    if obs.kind == ObservationKind::Suspicious {
        return same.first().or(accounts.first()).copied();
    }
    let family = meta_platforms();
    if obs.kind.is_proof() && same.is_empty() && family.contains(&obs.platform) {
        let meta: Vec<&'a Account> = accounts
            .iter()
            .copied()
            .filter(|a| family.contains(&a.platform))
            .collect();
        if let Some(a) = meta.iter().find(addressed) {
            return Some(a);
        }
        if let [one] = meta.as_slice() {
            return Some(one);
        }
    }
    None
}

#[cfg(test)]
mod tests;
