//! The held-out sets (tests/fixtures/heldout/{a,b,c}/, written without
//! sight of the rules): no mail from Meta about the objection is dropped,
//! and no mail changes a state it should not. Recall figures are printed by
//! `scripts/heldout-eval`; this test guards only what must never happen.

use optout::classify::Classifier;
use optout::config::Trust;
use optout::mail;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
struct Label {
    kind: String,
    platform: Option<String>,
    code: Option<String>,
    note: Option<String>,
}

const STATEFUL: [&str; 4] = ["code", "receipt", "accepted", "rejected"];

#[test]
fn no_held_out_mail_is_dropped_or_changes_a_state_it_should_not() {
    let classifier = Classifier::builtin();
    let mut failures = Vec::new();
    let mut total = 0;
    for set in ["a", "b", "c"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/heldout")
            .join(set);
        let labels: BTreeMap<String, Label> =
            toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap()).unwrap();
        assert!(labels.len() >= 50, "set {set}: only {} mails", labels.len());
        for (name, want) in &labels {
            total += 1;
            let raw = std::fs::read(dir.join(format!("{name}.eml"))).unwrap();
            let parsed = mail::parse(&raw).unwrap();
            let got = classifier.classify(&parsed, Trust::AuthenticationResults);
            let (kind, trusted) = got.as_ref().map_or(("none".to_owned(), false), |o| {
                (o.kind.to_string(), o.trusted)
            });
            let state_changing = trusted && STATEFUL.contains(&kind.as_str());
            let note = want.note.as_deref().unwrap_or("");
            if STATEFUL.contains(&want.kind.as_str()) {
                let o = got.as_ref();
                let right = state_changing
                    && kind == want.kind
                    && o.map(|o| o.platform.as_str()) == want.platform.as_deref()
                    && (want.kind != "code"
                        || o.and_then(|o| o.code.as_deref()) == want.code.as_deref());
                if !right && kind != "unrecognised" {
                    failures.push(format!(
                        "{set}/{name}: labelled {}, got {kind} ({note})",
                        want.kind
                    ));
                }
            } else if state_changing {
                failures.push(format!(
                    "{set}/{name}: labelled none, got {kind}: STATE-UNSAFE ({note})"
                ));
            }
        }
    }
    assert!(total >= 200, "{total} held-out mails");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
