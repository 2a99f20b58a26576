//! `optout classify` as a user runs it: the built binary, no config.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
}

fn optout(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_optout"))
        .args(args)
        // No config anywhere: built-in rules, trust = authentication-results.
        .env("OPTOUT_CONFIG", dir.path().join("does-not-exist.toml"))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

#[test]
fn json_without_config() {
    let (code, accepted, phish, none) = (
        fixture("fb_code_de_prefix.eml"),
        fixture("accepted_de.eml"),
        fixture("phish_lookalike_domain.eml"),
        fixture("amazon_code_de.eml"),
    );
    let out = optout(&[
        "classify",
        "--json",
        code.to_str().unwrap(),
        accepted.to_str().unwrap(),
        phish.to_str().unwrap(),
        none.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a[0]["file"], code.to_str().unwrap());
    assert_eq!(a[0]["kind"], "code");
    assert_eq!(a[0]["platform"], "facebook");
    assert_eq!(a[0]["code"], "56099");
    assert_eq!(a[0]["trusted"], true);
    assert!(a[0]["reason"].as_str().unwrap().contains("DKIM pass"));
    assert_eq!(a[1]["kind"], "accepted");
    assert_eq!(a[1]["code"], Value::Null);
    assert_eq!(a[2]["kind"], "suspicious");
    assert_eq!(a[2]["trusted"], false);
    assert!(a[2]["reason"]
        .as_str()
        .unwrap()
        .contains("facebookmai1.com"));
    assert_eq!(a[3]["kind"], Value::Null);
    assert_eq!(a[3]["platform"], Value::Null);
    assert_eq!(a[3]["trusted"], false);
}

#[test]
fn sender_domain_flag_and_human_output() {
    let forged = fixture("forged_dkim_fail.eml");
    let out = optout(&["classify", forged.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("SUSPICIOUS"), "{text}");
    assert!(text.contains("dkim=fail"), "{text}");
    let out = optout(&[
        "classify",
        "--trust",
        "sender-domain",
        forged.to_str().unwrap(),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("objection ACCEPTED"), "{text}");
}

#[test]
fn unreadable_file_is_named_and_exit_1_but_others_print() {
    let good = fixture("receipt_de.eml");
    let out = optout(&[
        "classify",
        "--json",
        "/nonexistent/mail.eml",
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/mail.eml"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "receipt");
}

#[test]
fn authserv_id_flag_counts_only_that_servers_header() {
    let code = fixture("fb_code_de_prefix.eml");
    let run = |args: &[&str]| {
        let mut all = vec!["classify", "--json"];
        all.extend_from_slice(args);
        all.push(code.to_str().unwrap());
        let out = optout(&all);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out, v)
    };
    // The receiving server's id (any case), or a parent of it: trusted.
    for id in ["mx-ha.gmx.net", "MX-HA.GMX.NET", "gmx.net"] {
        let (out, v) = run(&["--authserv-id", id]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            (v[0]["kind"].clone(), v[0]["trusted"].clone()),
            ("code".into(), true.into()),
            "{v}"
        );
        assert!(
            v[0]["reason"].as_str().unwrap().contains("(mx-ha.gmx.net)"),
            "{v}"
        );
    }
    // Another server's id: its header is not there, so nothing vouches.
    let (_, v) = run(&["--authserv-id", "mx.google.com"]);
    assert_eq!(v[0]["kind"], "suspicious");
    assert_eq!(v[0]["code"], Value::Null);
    let reason = v[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("no Authentication-Results from mx.google.com"),
        "{reason}"
    );
    assert!(
        reason.contains("mx-ha.gmx.net"),
        "names what it ignored: {reason}"
    );
    // Not an id, or pointless: usage errors (exit 2).
    for args in [
        &["--authserv-id", "mx.google.com; dkim=pass"][..],
        &["--authserv-id", "mx.google.com", "--trust", "sender-domain"][..],
    ] {
        let (out, _) = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--authserv-id"),
            "{args:?}"
        );
    }
}
