//! Parse + classify never panic: on arbitrary bytes, and on fixture mails
//! with bytes flipped, inserted and cut.

use optout::classify::Classifier;
use optout::config::Trust;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn fixtures() -> &'static [Vec<u8>] {
    static F: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail");
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        v.sort();
        v.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(Classifier::builtin)
}

fn run(raw: &[u8]) {
    if let Ok(m) = optout::mail::parse(raw) {
        for trust in [Trust::AuthenticationResults, Trust::SenderDomain] {
            if let Some(o) = classifier().classify(&m, trust) {
                assert!(
                    o.trusted || o.code.is_none(),
                    "an untrusted mail never yields a code"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(raw in proptest::collection::vec(any::<u8>(), 0..4096)) {
        run(&raw);
    }

    #[test]
    fn mail_shaped_text(s in "(From|To|Subject|Content-Type|Authentication-Results|Content-Transfer-Encoding): [ -~]{0,80}\r\n(multipart/[a-z]{1,5}; boundary=\"?[a-z]{0,3}\"?\r\n)?\r\n(--[a-z]{0,3}\r\n|=[0-9A-F]{2}|&[a-z]{2,5};|<[a-z]{1,6}>|[0-9]{5,9}|Code |[ -~]{0,20}){0,40}") {
        run(s.as_bytes());
    }

    #[test]
    fn mutated_fixtures(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut raw = pick.get(fixtures()).clone();
        for (at, byte, op) in edits {
            let i = at.index(raw.len().max(1)).min(raw.len());
            match op {
                0 if i < raw.len() => raw[i] = byte,
                1 => raw.insert(i, byte),
                _ if i < raw.len() => { raw.remove(i); }
                _ => {}
            }
        }
        let keep = cut.index(raw.len() + 1);
        run(&raw);
        run(&raw[..keep]);
    }
}
