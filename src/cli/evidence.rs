//! `optout evidence`: the stored proof mails as .eml files and a summary.

use super::known_account;
use crate::config::Config;
use crate::model::ObservationKind;
use crate::store::Store;
use anyhow::{Context, Result};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::Path;

pub fn run(cfg: &Config, store: &Store, account: &str, out: &Path) -> Result<()> {
    let acct = known_account(cfg, account)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let row = store
        .accounts()?
        .into_iter()
        .find(|r| r.id == account)
        .context("account missing from the database")?;
    let mut mails = Vec::new();
    // Only the proof: receipts and decisions. Phishing mails are kept in
    // the store too (the history), but they prove nothing.
    // A reviewed mail is proof when the person said it is a receipt or a
    // decision: the stored mail it answers, under the kind they said.
    let mut proofs = Vec::new();
    for e in store.events(Some(account))? {
        let proof_kind = |k: &str| {
            k.parse::<ObservationKind>()
                .is_ok_and(ObservationKind::is_proof)
        };
        if e.kind == "review" && e.state.as_deref().is_some_and(proof_kind) {
            if let Some(mail) = store
                .review_of(e.seq)?
                .and_then(|of| store.event(of).transpose())
            {
                let mut mail = mail?;
                mail.kind = e.state.clone().unwrap_or_default();
                proofs.push(mail);
            }
        } else if e.has_raw && proof_kind(&e.kind) {
            proofs.push(e);
        }
    }
    for e in proofs {
        let Some(raw) = store.raw_mail(e.seq)? else {
            continue;
        };
        let file = format!("{:04}-{}-{}.eml", e.seq, e.kind, e.at.format("%Y-%m-%d"));
        let path = out.join(&file);
        std::fs::write(&path, &raw).with_context(|| format!("cannot write {}", path.display()))?;
        let sha: String = Sha256::digest(&raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        mails.push(json!({
            "file": file,
            "kind": e.kind,
            "at": e.at,
            "mailbox": e.mailbox,
            "folder": e.folder,
            "message_id": e.message_id,
            "subject": e.subject,
            "sender": e.sender,
            "reason": e.reason,
            "sha256": sha,
        }));
    }
    let summary = json!({
        "account": acct.id,
        "platform": acct.platform,
        "address": acct.address,
        "state": row.tracked.state,
        "since": row.tracked.since,
        "submitted_at": row.tracked.submitted_at,
        "decided_at": row.tracked.decided_at,
        "deadline": row.tracked.submitted_at.map(super::status::deadline),
        "exported_at": chrono::Utc::now(),
        "mails": mails,
    });
    let summary_path = out.join("summary.json");
    std::fs::write(
        &summary_path,
        serde_json::to_string_pretty(&summary)? + "\n",
    )
    .with_context(|| format!("cannot write {}", summary_path.display()))?;
    let n = summary["mails"].as_array().map_or(0, |a| a.len());
    if n == 0 {
        println!("{account}: no proof mails stored yet (receipts and decisions are kept when they arrive); wrote {}", summary_path.display());
    } else {
        println!(
            "{account}: wrote {n} mail(s) and summary.json to {}",
            out.display()
        );
    }
    Ok(())
}
