//! Every fixture mail in tests/fixtures/mail/ through parse + classify,
//! against tests/fixtures/mail/expected.toml. Fails listing every miss.

use optout::classify::Classifier;
use optout::config::Trust;
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
