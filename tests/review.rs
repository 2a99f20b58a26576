//! A trusted Meta mail no rule understands, end to end against a real
//! Dovecot: recorded as `unrecognised`, shown in `status`, answered with
//! `review --as accepted`, exported whole by `evidence`; and a large
//! acceptance (beyond the fetch cap) exported byte-identical.

mod common;
use common::dovecot::Dovecot;
use common::imap_client::Client;
use common::optout::{accepted_mail, meta_mail, Setup};
use serde_json::Value;

fn evidence(s: &Setup) -> (Value, std::path::PathBuf) {
    let out = s.dir.path().join("proof");
    s.ok(&["evidence", "fb", "--out", out.to_str().unwrap()]);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    (summary, out)
}

#[test]
fn an_unrecognised_meta_mail_is_shown_reviewed_and_kept_as_proof() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let odd = meta_mail(
        "odd",
        "About your objection",
        "There is news about your objection. Details are in your Privacy Center.",
    );
    c.append("INBOX", &odd);
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);

    let events = s.mail_events();
    let seq = events
        .iter()
        .find(|e| e["kind"] == "unrecognised")
        .unwrap_or_else(|| panic!("no unrecognised event: {events:?}"))["seq"]
        .as_i64()
        .unwrap();
    let status = String::from_utf8(s.ok(&["status"]).stdout).unwrap();
    assert!(
        status.contains("1 mail from Meta that optout did not understand"),
        "{status}"
    );
    let listed = String::from_utf8(s.ok(&["review", "fb"]).stdout).unwrap();
    assert!(listed.contains("About your objection"), "{listed}");
    assert!(
        listed.contains("There is news about your objection"),
        "{listed}"
    );

    s.ok(&[
        "review",
        "fb",
        "--mail",
        &seq.to_string(),
        "--as",
        "accepted",
    ]);
    let st: Value = serde_json::from_slice(&s.ok(&["status", "--json"]).stdout).unwrap();
    assert_eq!(st[0]["state"], "accepted", "{st}");
    assert_eq!(st[0]["unrecognised"], 0, "{st}");
    let status = String::from_utf8(s.ok(&["status"]).stdout).unwrap();
    assert!(!status.contains("did not understand"), "{status}");

    let (summary, out) = evidence(&s);
    let mails = summary["mails"].as_array().unwrap();
    assert_eq!(mails.len(), 1, "{summary}");
    assert_eq!(mails[0]["kind"], "accepted");
    assert_eq!(
        std::fs::read(out.join(mails[0]["file"].as_str().unwrap())).unwrap(),
        odd
    );
}

#[test]
fn a_5_mb_acceptance_is_exported_byte_identical() {
    let d = Dovecot::start();
    let mut c = Client::connect(d.imap_port, "max", "secret");
    let mut big = accepted_mail("big");
    // The text goes on for 5 MB after the decision (a long quoted thread).
    let line = b"> Zitat aus der vorherigen Nachricht, Zeile fuer Zeile wiederholt.\r\n";
    while big.len() < 5 << 20 {
        big.extend_from_slice(line);
    }
    c.append("INBOX", &big);
    let s = Setup::new(&d, "");
    s.ok(&["watch", "--once"]);
    let (summary, out) = evidence(&s);
    assert_eq!(summary["state"], "accepted", "{summary}");
    let mails = summary["mails"].as_array().unwrap();
    let exported = std::fs::read(out.join(mails[0]["file"].as_str().unwrap())).unwrap();
    assert_eq!(exported.len(), big.len(), "whole, not cut at the fetch cap");
    assert!(exported == big, "byte-identical to what the server holds");
}
