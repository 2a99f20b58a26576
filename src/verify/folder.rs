//! An evidence folder (`optout evidence --out DIR`): the shape of its
//! `summary.json`, and the offline re-check `optout verify DIR` runs —
//! every file's SHA-256, every DKIM signature against the archived key.

use super::dkim::{self, KeyRecord, Outcome};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// `summary.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub account: String,
    pub platform: String,
    pub address: Option<String>,
    pub state: String,
    pub since: DateTime<Utc>,
    pub exported_at: DateTime<Utc>,
    pub timeline: Timeline,
    pub mails: Vec<MailEntry>,
}

/// The objection's course.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timeline {
    pub code: Option<DateTime<Utc>>,
    pub submitted: Option<DateTime<Utc>>,
    pub receipt: Option<DateTime<Utc>>,
    pub decision: Option<DateTime<Utc>>,
    /// "accepted" | "rejected"
    pub decision_kind: Option<String>,
    /// The last day for a decision (GDPR Art. 12(3)), local date.
    pub deadline: Option<String>,
}

/// One proof mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailEntry {
    pub file: String,
    pub sha256: String,
    /// The server's INTERNALDATE (arrival), when known.
    pub internaldate: Option<DateTime<Utc>>,
    /// The time the tracker used.
    pub at: DateTime<Utc>,
    pub mailbox: Option<String>,
    pub folder: Option<String>,
    pub kind: String,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub sender: Option<String>,
    pub reason: Option<String>,
    /// pass | fail | none | unchecked | unknown (stored before optout checked DKIM)
    pub dkim: String,
    /// local_dkim | server_header
    pub decided_by: Option<String>,
    pub dkim_domain: Option<String>,
    pub dkim_selector: Option<String>,
    pub dkim_detail: Option<String>,
    pub key_file: Option<KeyFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    /// Relative to the folder: `keys/SELECTOR._domainkey.DOMAIN.txt`.
    pub path: String,
    pub domain: String,
    pub selector: String,
    pub fetched_at: DateTime<Utc>,
}

/// What the re-check found for one mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Hash and DKIM signature hold.
    Holds {
        file: String,
        domain: String,
    },
    /// The hash holds; no key was archived (the server header decided).
    HashOnly {
        file: String,
    },
    Missing {
        file: String,
    },
    Altered {
        file: String,
    },
    NoKey {
        file: String,
        key: String,
    },
    BadSignature {
        file: String,
        key: String,
        detail: String,
    },
}

impl Check {
    pub fn holds(&self) -> bool {
        matches!(self, Check::Holds { .. } | Check::HashOnly { .. })
    }

    pub fn file(&self) -> &str {
        match self {
            Check::Holds { file, .. }
            | Check::HashOnly { file }
            | Check::Missing { file }
            | Check::Altered { file }
            | Check::NoKey { file, .. }
            | Check::BadSignature { file, .. } => file,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SummaryError(pub String);

/// Re-check a folder, offline. `Err` only when summary.json itself cannot
/// be read.
pub async fn check_folder(dir: &Path) -> Result<Vec<Check>, SummaryError> {
    let text = std::fs::read_to_string(dir.join("summary.json"))
        .map_err(|e| SummaryError(e.to_string()))?;
    let summary: Summary = serde_json::from_str(&text).map_err(|e| SummaryError(e.to_string()))?;
    let mut out = Vec::new();
    for m in &summary.mails {
        out.push(check_mail(dir, m).await);
    }
    Ok(out)
}

async fn check_mail(dir: &Path, m: &MailEntry) -> Check {
    let file = m.file.clone();
    // Only names inside the folder.
    if file.contains('/') || file.contains("..") {
        return Check::Missing { file };
    }
    let Ok(raw) = std::fs::read(dir.join(&file)) else {
        return Check::Missing { file };
    };
    let sha: String = Sha256::digest(&raw)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if sha != m.sha256.to_ascii_lowercase() {
        return Check::Altered { file };
    }
    let Some(kf) = &m.key_file else {
        return Check::HashOnly { file };
    };
    let key_path = kf.path.clone();
    let record = (!key_path.contains(".."))
        .then(|| std::fs::read_to_string(dir.join(&key_path)).ok())
        .flatten()
        .and_then(|t| KeyRecord::from_zone(&t));
    let Some(record) = record else {
        return Check::NoKey {
            file,
            key: key_path,
        };
    };
    let keys: HashMap<String, String> = [(record.name(), record.txt.clone())].into();
    let results = dkim::check(&raw, &keys).await;
    match results
        .iter()
        .find(|(s, _)| s.domain == record.domain && s.selector == record.selector)
    {
        Some((_, Outcome::Pass)) => Check::Holds {
            file,
            domain: record.domain,
        },
        Some((_, Outcome::Fail(d) | Outcome::BadKey(d))) => Check::BadSignature {
            file,
            key: key_path,
            detail: d.clone(),
        },
        Some((_, Outcome::Expired)) => Check::BadSignature {
            file,
            key: key_path,
            detail: "the signature has expired (x=)".to_owned(),
        },
        None => Check::BadSignature {
            file,
            key: key_path,
            detail: format!(
                "the mail has no signature of {} with selector {}",
                record.domain, record.selector
            ),
        },
    }
}
