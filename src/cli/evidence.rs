//! `optout evidence`: the stored proof mails as .eml files, the DKIM keys
//! they were checked with (`keys/`), `summary.json` and `report.html`.
//! `optout verify` ([`crate::verify::folder`]) re-checks such a folder.

use super::known_account;
use crate::config::Config;
use crate::model::ObservationKind;
use crate::store::Store;
use crate::t;
use crate::text::Lang;
use crate::verify::folder::{KeyFile, MailEntry, Summary, Timeline};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

pub fn run(cfg: &Config, store: &Store, account: &str, out: &Path) -> Result<()> {
    let acct = known_account(cfg, account)?;
    let lang = cfg.alerts.lang();
    std::fs::create_dir_all(out)
        .with_context(|| t!(lang, "errors-cannot-create", path = out.display()))?;
    let row = store
        .accounts()?
        .into_iter()
        .find(|r| r.id == account)
        .context("account missing from the database")?;
    let events = store.events(Some(account))?;
    let mut mails = Vec::new();
    let mut report_mails = Vec::new();
    // keys/ file name -> the record written there.
    let mut key_files: HashMap<String, String> = HashMap::new();
    // Only the proof: receipts and decisions. Phishing mails are kept in
    // the store too (the history), but they prove nothing.
    // A reviewed mail is proof when the person said it is a receipt or a
    // decision: the stored mail it answers, under the kind they said.
    let proof_kind = |k: &str| {
        k.parse::<ObservationKind>()
            .is_ok_and(ObservationKind::is_proof)
    };
    let mut proofs = Vec::new();
    for e in &events {
        if e.kind == "review" && e.state.as_deref().is_some_and(proof_kind) {
            if let Some(of) = store.review_of(e.seq)? {
                if let Some(mut mail) = store.event(of)? {
                    mail.kind = e.state.clone().unwrap_or_default();
                    proofs.push(mail);
                }
            }
        } else if e.has_raw && proof_kind(&e.kind) {
            proofs.push(e.clone());
        }
    }
    for e in &proofs {
        let Some(raw) = store.raw_mail(e.seq)? else {
            continue;
        };
        let file = format!("{:04}-{}-{}.eml", e.seq, e.kind, e.at.format("%Y-%m-%d"));
        let path = out.join(&file);
        std::fs::write(&path, &raw)
            .with_context(|| t!(lang, "errors-cannot-write", path = path.display()))?;
        let proof = store.proof(e.seq)?;
        let key_file = match proof.as_ref().and_then(|p| p.key.as_ref()) {
            None => None,
            Some(k) => {
                let zone = k.to_zone();
                let mut name = format!("keys/{}.txt", k.name());
                // The same selector with another key (rotated in place).
                let mut n = 2;
                while key_files.get(&name).is_some_and(|z| *z != zone) {
                    name = format!("keys/{}-{n}.txt", k.name());
                    n += 1;
                }
                if !key_files.contains_key(&name) {
                    std::fs::create_dir_all(out.join("keys"))?;
                    let p = out.join(&name);
                    std::fs::write(&p, &zone)
                        .with_context(|| t!(lang, "errors-cannot-write", path = p.display()))?;
                    key_files.insert(name.clone(), zone);
                }
                Some(KeyFile {
                    path: name,
                    domain: k.domain.clone(),
                    selector: k.selector.clone(),
                    fetched_at: k.fetched_at,
                })
            }
        };
        let sha: String = Sha256::digest(&raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let entry = MailEntry {
            file,
            sha256: sha,
            internaldate: proof.as_ref().and_then(|p| p.arrived),
            at: e.at,
            mailbox: e.mailbox.clone(),
            folder: e.folder.clone(),
            kind: e.kind.clone(),
            message_id: e.message_id.clone(),
            subject: e.subject.clone(),
            sender: e.sender.clone(),
            reason: e.reason.clone(),
            dkim: proof
                .as_ref()
                .and_then(|p| p.dkim.clone())
                .unwrap_or_else(|| "unknown".to_owned()),
            decided_by: proof.as_ref().and_then(|p| p.auth_by.clone()),
            dkim_domain: proof.as_ref().and_then(|p| p.domain.clone()),
            dkim_selector: proof.as_ref().and_then(|p| p.selector.clone()),
            dkim_detail: proof.as_ref().and_then(|p| p.detail.clone()),
            key_file,
        };
        report_mails.push((entry.clone(), decisive_sentence(&raw, e.reason.as_deref())));
        mails.push(entry);
    }
    let first = |kind: &str| events.iter().find(|e| e.kind == kind).map(|e| e.at);
    let timeline = Timeline {
        code: first("code"),
        submitted: row.tracked.submitted_at,
        receipt: first("receipt"),
        decision: row.tracked.decided_at,
        decision_kind: row
            .tracked
            .state
            .is_decided()
            .then(|| row.tracked.state.to_string()),
        deadline: row.tracked.submitted_at.map(super::status::deadline),
    };
    let summary = Summary {
        account: acct.id.clone(),
        platform: acct.platform.clone(),
        address: acct.address.clone(),
        state: row.tracked.state.to_string(),
        since: row.tracked.since,
        exported_at: Utc::now(),
        timeline,
        mails,
    };
    let summary_path = out.join("summary.json");
    std::fs::write(
        &summary_path,
        serde_json::to_string_pretty(&summary)? + "\n",
    )
    .with_context(|| t!(lang, "errors-cannot-write", path = summary_path.display()))?;
    let report_path = out.join("report.html");
    std::fs::write(&report_path, report_html(&summary, &report_mails, lang))
        .with_context(|| t!(lang, "errors-cannot-write", path = report_path.display()))?;
    let dir = out.display().to_string();
    let n = summary.mails.len();
    if n == 0 {
        println!(
            "{}",
            t!(lang, "proof-evidence-empty", account = account, dir = dir)
        );
    } else {
        println!(
            "{}",
            t!(
                lang,
                "proof-evidence-written",
                account = account,
                n = n,
                dir = dir
            )
        );
    }
    Ok(())
}

/// The sentence of the mail's text that holds what the classifier matched
/// (its reason ends "matched '…'").
fn decisive_sentence(raw: &[u8], reason: Option<&str>) -> Option<String> {
    let matched = reason?.rsplit_once("matched '")?.1.strip_suffix('\'')?;
    let parsed = crate::mail::parse(raw).ok()?;
    for hay in [&parsed.text, &parsed.subject] {
        let lower = hay.to_lowercase();
        let Some(at) = lower.find(&matched.to_lowercase()) else {
            continue;
        };
        // Byte offsets of `lower` match `hay` only when lower-casing kept
        // lengths; otherwise give the match itself.
        if lower.len() != hay.len() {
            return Some(matched.to_owned());
        }
        let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
        let start = hay[..at].rfind(is_end).map_or(0, |i| i + 1);
        let end = hay[at..]
            .find(is_end)
            .map_or(hay.len(), |i| (at + i + 1).min(hay.len()));
        let s = hay[start..end].trim();
        return Some(if s.chars().count() > 400 {
            matched.to_owned()
        } else {
            s.to_owned()
        });
    }
    Some(matched.to_owned())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn report_html(s: &Summary, mails: &[(MailEntry, Option<String>)], lang: Lang) -> String {
    let none = t!(lang, "proof-report-none");
    let when = |t: Option<DateTime<Utc>>| t.map(local).unwrap_or_else(|| none.clone());
    let decision_step = match s.timeline.decision_kind.as_deref() {
        Some("accepted") => t!(lang, "proof-step-accepted"),
        Some("rejected") => t!(lang, "proof-step-rejected"),
        _ => t!(lang, "proof-step-decision"),
    };
    let steps = [
        (t!(lang, "proof-step-code"), when(s.timeline.code)),
        (t!(lang, "proof-step-submitted"), when(s.timeline.submitted)),
        (t!(lang, "proof-step-receipt"), when(s.timeline.receipt)),
        (decision_step, when(s.timeline.decision)),
        (
            t!(lang, "proof-step-deadline"),
            s.timeline.deadline.clone().unwrap_or_else(|| none.clone()),
        ),
    ];
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
body {{ font-family: sans-serif; max-width: 52rem; margin: 2rem auto; color: #111; line-height: 1.4; }}\n\
h1 {{ font-size: 1.5rem; }} h2 {{ font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #999; }}\n\
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }}\n\
th {{ background: #eee; width: 14rem; }} .mail {{ margin-bottom: 1.5rem; page-break-inside: avoid; }}\n\
.pass {{ color: #064; font-weight: bold; }} .fail {{ color: #a00; font-weight: bold; }} .sha {{ font-family: monospace; font-size: .8rem; word-break: break-all; }}\n\
blockquote {{ margin: 0; font-style: italic; }} .note {{ font-size: .9rem; color: #333; }}\n\
@media print {{ body {{ margin: 0; }} }}\n</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&t!(lang, "proof-report-title", account = &s.account, platform = &s.platform)),
    ));
    let state = s
        .state
        .parse::<crate::model::State>()
        .map(|st| crate::text::state_name(st, lang))
        .unwrap_or_else(|_| s.state.clone());
    h.push_str(&format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p>{}<br>{}</p>\n",
        esc(&t!(
            lang,
            "proof-report-title",
            account = &s.account,
            platform = &s.platform
        )),
        esc(&t!(lang, "proof-report-intro", platform = &s.platform)),
        esc(&t!(lang, "proof-report-state", state = state)),
        esc(&t!(
            lang,
            "proof-report-exported",
            date = local(s.exported_at)
        )),
    ));
    h.push_str(&format!(
        "<h2>{}</h2>\n<table class=\"timeline\">\n<tr><th>{}</th><th>{}</th></tr>\n",
        esc(&t!(lang, "proof-report-timeline")),
        esc(&t!(lang, "proof-report-step")),
        esc(&t!(lang, "proof-report-when")),
    ));
    for (step, at) in steps {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            esc(&step),
            esc(&at)
        ));
    }
    h.push_str("</table>\n");
    h.push_str(&format!(
        "<h2>{}</h2>\n",
        esc(&t!(lang, "proof-report-mails"))
    ));
    for (m, sentence) in mails {
        let (class, dkim) = dkim_words(m, lang);
        let kind = match m.kind.as_str() {
            "receipt" => t!(lang, "proof-kind-receipt"),
            "accepted" => t!(lang, "proof-kind-accepted"),
            "rejected" => t!(lang, "proof-kind-rejected"),
            other => other.to_owned(),
        };
        let row = |k: &str, v: &str| format!("<tr><th>{}</th><td>{}</td></tr>\n", esc(k), v);
        h.push_str("<div class=\"mail\"><table>\n");
        h.push_str(&row(&t!(lang, "proof-report-file"), &esc(&m.file)));
        h.push_str(&row(&t!(lang, "proof-report-kind"), &esc(&kind)));
        h.push_str(&row(
            &t!(lang, "proof-report-sender"),
            &esc(m.sender.as_deref().unwrap_or(&none)),
        ));
        h.push_str(&row(
            &t!(lang, "proof-report-subject"),
            &esc(m.subject.as_deref().unwrap_or(&none)),
        ));
        h.push_str(&row(&t!(lang, "proof-report-date"), &esc(&local(m.at))));
        h.push_str(&row(
            &t!(lang, "proof-report-arrived"),
            &esc(&when(m.internaldate)),
        ));
        h.push_str(&row(
            &t!(lang, "proof-report-folder"),
            &esc(m.folder.as_deref().unwrap_or(&none)),
        ));
        h.push_str(&row(
            &t!(lang, "proof-report-sentence"),
            &format!(
                "<blockquote>{}</blockquote>",
                esc(sentence.as_deref().unwrap_or(&none))
            ),
        ));
        h.push_str(&row(
            &t!(lang, "proof-report-dkim"),
            &format!("<span class=\"{class}\">{}</span>", esc(&dkim)),
        ));
        h.push_str(&row(
            &t!(lang, "proof-report-sha"),
            &format!("<span class=\"sha\">{}</span>", esc(&m.sha256)),
        ));
        h.push_str("</table></div>\n");
    }
    h.push_str(&format!(
        "<p class=\"note\">{}</p>\n</body>\n</html>\n",
        esc(&t!(lang, "proof-report-proves"))
    ));
    h
}

fn dkim_words(m: &MailEntry, lang: Lang) -> (&'static str, String) {
    match (m.dkim.as_str(), m.decided_by.as_deref()) {
        ("pass", _) => (
            "pass",
            t!(
                lang,
                "proof-dkim-pass",
                domain = m.dkim_domain.as_deref().unwrap_or_default(),
                selector = m.dkim_selector.as_deref().unwrap_or_default(),
                file = m
                    .key_file
                    .as_ref()
                    .map(|k| k.path.as_str())
                    .unwrap_or_default()
            ),
        ),
        ("fail", _) => (
            "fail",
            t!(
                lang,
                "proof-dkim-fail",
                detail = m.dkim_detail.as_deref().unwrap_or_default()
            ),
        ),
        ("none", _) => ("fail", t!(lang, "proof-dkim-none")),
        (_, Some("server_header")) => ("", t!(lang, "proof-dkim-server")),
        _ => ("", t!(lang, "proof-dkim-unknown")),
    }
}
