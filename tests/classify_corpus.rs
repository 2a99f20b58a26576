//! Every fixture mail in tests/fixtures/mail/ through parse + classify,
//! against tests/fixtures/mail/expected.toml. Fails listing every miss.

use optout::classify::Classifier;
use optout::config::{Trust, TrustPolicy};
use optout::mail;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(serde::Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expect {
    kind: String,
    platform: Option<String>,
    code: Option<String>,
    trusted: bool,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail")
}

#[test]
fn corpus_classifies_as_expected() {
    let dir = fixtures();
    let expected: BTreeMap<String, Expect> =
        toml::from_str(&std::fs::read_to_string(dir.join("expected.toml")).unwrap()).unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/examples");
    let classifier = Classifier::load(Some(&rules)).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} fixture mails", files.len());

    let mut misses = Vec::new();
    for f in &files {
        let Some(want) = expected.get(f) else {
            misses.push(format!("{f}: no expectation in expected.toml"));
            continue;
        };
        let raw = std::fs::read(dir.join(f)).unwrap();
        let parsed = match mail::parse(&raw) {
            Ok(p) => p,
            Err(e) => {
                misses.push(format!("{f}: {e}"));
                continue;
            }
        };
        let got = match classifier.classify(&parsed, Trust::AuthenticationResults) {
            None => Expect {
                kind: "none".into(),
                platform: None,
                code: None,
                trusted: false,
            },
            Some(o) => Expect {
                kind: o.kind.to_string(),
                platform: Some(o.platform),
                code: o.code,
                trusted: o.trusted,
            },
        };
        if &got != want {
            misses.push(format!(
                "{f}:\n    want {want:?}\n    got  {got:?}\n    subject {:?}\n    text {:?}",
                parsed.subject,
                parsed.text.chars().take(300).collect::<String>()
            ));
        }
    }
    for name in expected.keys() {
        if !files.contains(name) {
            misses.push(format!("{name}: in expected.toml but no such file"));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {} fixture mails misclassified:\n{}",
        misses.len(),
        files.len(),
        misses.join("\n")
    );
}

/// Every Meta fixture that is trusted under authentication-results is
/// also recognised with trust = "sender-domain", and the forged ones then
/// count too (that is what the setting means).
#[test]
fn sender_domain_trust_accepts_forged_authentication_results() {
    let raw = std::fs::read(fixtures().join("forged_dkim_fail.eml")).unwrap();
    let parsed = mail::parse(&raw).unwrap();
    let c = Classifier::builtin();
    let o = c.classify(&parsed, Trust::SenderDomain).unwrap();
    assert_eq!(o.kind.to_string(), "accepted");
    assert!(o.trusted);
    let o = c.classify(&parsed, Trust::AuthenticationResults).unwrap();
    assert_eq!(o.kind.to_string(), "suspicious");
}

/// Pinning the receiving server's authserv-id (GMX's mx-ha.gmx.net, or
/// gmx.net: its subdomains count) changes no verdict of the corpus, whose
/// mails all went through it; pinning another server's id makes every
/// provider mail suspicious, none trusted.
#[test]
fn pinning_the_receiving_servers_authserv_id_keeps_every_verdict() {
    let dir = fixtures();
    let c = Classifier::builtin();
    let pinned = |id| TrustPolicy {
        trust: Trust::AuthenticationResults,
        authserv_id: Some(id),
    };
    let mut trusted = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "eml") {
            continue;
        }
        let parsed = mail::parse(&std::fs::read(&path).unwrap()).unwrap();
        let verdict = |o: Option<optout::model::Observation>| {
            o.map(|o| (o.kind.to_string(), o.trusted, o.code))
        };
        let unpinned = verdict(c.classify(&parsed, Trust::AuthenticationResults));
        for id in ["mx-ha.gmx.net", "gmx.net"] {
            assert_eq!(
                verdict(c.classify(&parsed, pinned(id))),
                unpinned,
                "{} pinned to {id}",
                path.display()
            );
        }
        let other = c.classify(&parsed, pinned("mx.google.com"));
        if let Some(o) = &other {
            assert!(!o.trusted, "{}: {}", path.display(), o.reason);
        }
        if unpinned.as_ref().is_some_and(|(_, t, _)| *t) {
            trusted += 1;
            let o = other.unwrap();
            assert_eq!(o.kind.to_string(), "suspicious");
            assert!(
                o.reason
                    .contains("no Authentication-Results from mx.google.com"),
                "{}",
                o.reason
            );
        }
    }
    assert!(trusted >= 30, "only {trusted} trusted fixture mails");
}
