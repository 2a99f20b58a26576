//! The middle of the data flow: fetched mail -> verify (DKIM, here; async,
//! before and outside the store transaction) -> parse -> classify -> route
//! -> tracker -> store (one transaction, with the sync cursor and the alerts
//! the state change raises). Manual commands and timed alerts take the same
//! path into the store.
//!
//! The IMAP stage hands its batches to [`StoreTask`] (through the link of
//! `imap::batch`), which commits them on the store thread; the alert stage
//! reads the outbox this fills.

use crate::classify::{self, Classifier};
use crate::config::{Config, Mailbox};
use crate::mail::{self, ParsedMail};
use crate::model::{Alert, AlertKind, Observation, ObservationKind};
use crate::store::{ts, Cursor, EventKind, MailSource, NewEvent, Store, Tx};
use crate::tracker::{self, Input, Tracked};
use crate::verify::{self, Verdict, Verifier};
use anyhow::{Context, Result};
use chrono::{DateTime, Local, Utc};
use sha2::{Digest, Sha256};

mod link;
pub use crate::imap::batch::FetchedMail;
pub use link::StoreTask;

/// New mail of one folder, and the cursor to store with it: an
/// `imap::batch::FolderBatch` with its mailbox's config looked up.
#[derive(Debug, Clone)]
pub struct FolderBatch<'a> {
    pub mailbox: &'a Mailbox,
    pub folder: &'a str,
    /// The folder is the spam folder.
    pub in_spam: bool,
    pub uidvalidity: u32,
    pub mails: Vec<FetchedMail>,
    /// The UID to fetch from next time.
    pub next_uid: u32,
}

/// What one batch did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BatchReport {
    pub mails: usize,
    /// (account, observation) recorded as new events.
    pub recorded: Vec<(String, Observation)>,
    /// Mails already recorded before (a rescan, a replayed batch).
    pub duplicates: usize,
    /// Mails that could not be parsed (logged, skipped).
    pub malformed: usize,
    pub alerts: usize,
}

pub struct Pipeline {
    pub config: Config,
    pub classifier: Classifier,
    /// DKIM checked here; keys cached for the pipeline's life.
    pub verifier: Verifier,
}

/// One mail, one fingerprint: the same mail found again (another folder,
/// a UIDVALIDITY rescan) is recognised.
pub fn fingerprint(mail: &ParsedMail, raw: &[u8]) -> String {
    let mut h = Sha256::new();
    match &mail.message_id {
        Some(id) => {
            h.update(id.as_bytes());
            h.update(b"\n");
            h.update(mail.subject.as_bytes());
            h.update(b"\n");
            h.update(mail.text.as_bytes());
        }
        None => h.update(raw),
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Pipeline {
    /// `classifier`: the rules `config` was checked against
    /// (`cli::load_config_and_rules`), loaded once.
    /// DNS as `OPTOUT_DNS_SERVER` says (a bad value is reported by
    /// `cli::load_config_and_rules`; here it means no DNS).
    pub fn new(config: Config, classifier: Classifier) -> Pipeline {
        let verifier = Verifier::from_env().unwrap_or_else(|e| {
            tracing::warn!("{e}");
            Verifier::off()
        });
        Pipeline::with_verifier(config, classifier, verifier)
    }

    pub fn with_verifier(config: Config, classifier: Classifier, verifier: Verifier) -> Pipeline {
        Pipeline {
            config,
            classifier,
            verifier,
        }
    }

    /// The verdict on each provider mail of a batch (by index; `None` for
    /// mail from anyone else, which no verdict could make the provider's).
    /// Async: it may ask DNS for keys. Call it before [`Self::commit_verified`].
    pub async fn verify_batch(&self, batch: &FolderBatch<'_>) -> Vec<Option<Verdict>> {
        let domains = self.classifier.sender_domains();
        let now = Utc::now();
        let mut out = Vec::with_capacity(batch.mails.len());
        for m in &batch.mails {
            let provider = verify::from_domain(&m.raw)
                .is_some_and(|d| domains.iter().any(|p| classify::trust::is_within(&d, p)));
            out.push(if provider {
                Some(
                    self.verifier
                        .verify(
                            &m.raw,
                            &domains,
                            batch.mailbox.trust_policy(),
                            m.arrived,
                            now,
                        )
                        .await,
                )
            } else {
                None
            });
        }
        out
    }

    /// [`Self::commit_verified`] without local DKIM verdicts: the
    /// receiving server's Authentication-Results decide (the fallback).
    pub fn commit_batch(
        &self,
        store: &mut Store,
        batch: &FolderBatch<'_>,
        now: DateTime<Utc>,
    ) -> Result<BatchReport> {
        self.commit_verified(store, batch, &[], now)
    }

    /// Classify a folder's new mail and commit the observations, the state
    /// changes, their alerts and the advanced cursor in one transaction.
    /// `verdicts[i]` ([`Self::verify_batch`]) is mail i's; a mail without
    /// one is judged by its server header.
    pub fn commit_verified(
        &self,
        store: &mut Store,
        batch: &FolderBatch<'_>,
        verdicts: &[Option<Verdict>],
        now: DateTime<Utc>,
    ) -> Result<BatchReport> {
        let mut report = BatchReport {
            mails: batch.mails.len(),
            ..Default::default()
        };
        let accounts: Vec<_> = self
            .config
            .accounts
            .iter()
            .filter(|a| a.mailbox == batch.mailbox.name)
            .collect();
        // Parse and classify outside the write lock.
        let mut found = Vec::new();
        let domains = self.classifier.sender_domains();
        for (i, fetched) in batch.mails.iter().enumerate() {
            let parsed = match mail::parse(&fetched.raw) {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(mailbox = %batch.mailbox.name, folder = batch.folder, uid = fetched.uid, "skipping a mail: {e}");
                    report.malformed += 1;
                    continue;
                }
            };
            let verdict = match verdicts.get(i).cloned().flatten() {
                Some(v) => v,
                None => verify::from_server_header(
                    &parsed.authentication_results,
                    &parsed.from_domain,
                    &domains,
                    batch.mailbox.trust_policy(),
                    "DKIM not checked here",
                ),
            };
            let Some(mut obs) = self.classifier.classify_verified(&parsed, &verdict) else {
                continue;
            };
            if !obs.trusted {
                obs.kind = ObservationKind::Suspicious;
            }
            let Some(account) = classify::route(&obs, &parsed, &accounts) else {
                tracing::info!(mailbox = %batch.mailbox.name, folder = batch.folder, uid = fetched.uid, platform = %obs.platform,
                    "a {} mail for no tracked account (add an [[account]] with platform = \"{}\")", obs.kind, obs.platform);
                continue;
            };
            // The tracker decides by arrival (the server's INTERNALDATE),
            // never by when optout gets to see the mail.
            let at = fetched.arrived.or(parsed.date).unwrap_or(now).min(now);
            found.push((at, fetched, parsed, obs, account, verdict));
        }
        // In arrival order (UIDs are not, for mail moved between folders).
        found.sort_by_key(|(at, ..)| *at);

        let tx = store.transaction()?;
        for (at, fetched, parsed, obs, account, verdict) in found {
            let fp = fingerprint(&parsed, &fetched.raw);
            if tx.has_fingerprint(&account.id, &fp)? {
                report.duplicates += 1;
                continue;
            }
            let source = MailSource {
                mailbox: batch.mailbox.name.clone(),
                folder: batch.folder.to_owned(),
                uidvalidity: batch.uidvalidity,
                uid: fetched.uid,
                message_id: parsed.message_id.clone(),
                subject: Some(parsed.subject.clone()),
                sender: Some(parsed.from_address.clone()),
            };
            let input = Input::Mail {
                kind: obs.kind,
                code: obs.code.clone(),
                folder: Some(batch.folder.to_owned()),
            };
            let event = NewEvent {
                account: &account.id,
                kind: EventKind::Observed(obs.kind),
                at,
                code: obs.code.as_deref(),
                reason: Some(&obs.reason),
                source: Some(&source),
                fingerprint: Some(&fp),
                // Kept: proof, phishing, and what the person is asked about.
                raw: (obs.kind.is_proof()
                    || matches!(
                        obs.kind,
                        ObservationKind::Suspicious | ObservationKind::Unrecognised
                    ))
                .then_some(&fetched.raw[..]),
            };
            let (raised, seq) = apply_and_record(&tx, &event, &input, now)?;
            tx.record_verdict(seq, &verdict, fetched.arrived)?;
            for r in raised {
                let alert = Alert {
                    key: format!("{}:{}:{}", r.kind, account.id, fp),
                    kind: r.kind,
                    account: account.id.clone(),
                    platform: account.platform.clone(),
                    code: if r.kind == AlertKind::CodeReceived {
                        obs.code.clone()
                    } else {
                        None
                    },
                    folder: Some(batch.folder.to_owned()),
                    mailbox: Some(batch.mailbox.name.clone()),
                    in_spam: batch.in_spam,
                    unexpected: r.unexpected,
                    detail: Some(obs.reason.clone()),
                    // A receipt: the submission its deadline counts from;
                    // otherwise the mail's arrival.
                    since: Some(r.since),
                    created_at: now,
                };
                if tx.enqueue_alert(&alert)? {
                    report.alerts += 1;
                }
            }
            report.recorded.push((account.id.clone(), obs));
        }
        tx.set_cursor(
            &Cursor {
                mailbox: batch.mailbox.name.clone(),
                folder: batch.folder.to_owned(),
                uidvalidity: batch.uidvalidity,
                next_uid: batch.next_uid,
            },
            now,
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Whether a mail (perhaps only its beginning) is one to keep whole:
    /// proof (receipt, decision) or an unrecognised provider mail the
    /// person may call proof. The IMAP stage then fetches it whole.
    pub fn keeps_whole(&self, mailbox: &Mailbox, raw: &[u8]) -> bool {
        mail::parse(raw)
            .ok()
            .and_then(|p| self.classifier.classify(&p, mailbox.trust_policy()))
            .is_some_and(|o| {
                o.trusted && (o.kind.is_proof() || o.kind == ObservationKind::Unrecognised)
            })
    }

    /// A manual command (`expect-code`, `mark`), recorded like a mail.
    pub fn command(
        &self,
        store: &mut Store,
        account: &str,
        input: Input,
        now: DateTime<Utc>,
    ) -> Result<Tracked> {
        let kind = match input {
            Input::ExpectCode => EventKind::ExpectCode,
            Input::Mark(s) => EventKind::Mark(s),
            Input::Mail { kind, .. } => EventKind::Observed(kind),
        };
        let tx = store.transaction()?;
        let event = NewEvent {
            account,
            kind,
            at: now,
            code: None,
            reason: None,
            source: None,
            fingerprint: None,
            raw: None,
        };
        apply_and_record(&tx, &event, &input, now)?;
        let tracked = tx.tracked(account)?;
        tx.commit()?;
        Ok(tracked)
    }

    /// The person's answer about an `unrecognised` mail (event `seq` of
    /// `account`): recorded as a `review` event that the tracker applies
    /// like the mail itself, at the mail's arrival. `answer` `None`: not
    /// relevant (recorded, changes nothing).
    pub fn review(
        &self,
        store: &mut Store,
        account: &str,
        seq: i64,
        answer: Option<ObservationKind>,
        now: DateTime<Utc>,
    ) -> Result<Tracked, ReviewError> {
        // A code the person says is one: the code rules pick it out.
        let code = match answer {
            Some(ObservationKind::Code) => store
                .raw_mail(seq)?
                .and_then(|raw| mail::parse(&raw).ok())
                .and_then(|m| self.classifier.code_in(&m)),
            _ => None,
        };
        let tx = store.transaction()?;
        let mail = tx
            .event(seq)?
            .filter(|e| e.account == account && e.kind == ObservationKind::Unrecognised.as_str())
            .ok_or_else(|| ReviewError::NoSuchMail {
                account: account.to_owned(),
                seq,
            })?;
        if tx.is_reviewed(seq)? {
            return Err(ReviewError::AlreadyReviewed {
                account: account.to_owned(),
                seq,
            });
        }
        let reason = format!(
            "the person said mail {seq} is {}",
            crate::store::review_answer_str(answer)
        );
        let event = NewEvent {
            account,
            kind: EventKind::Review { of: seq, answer },
            at: mail.at,
            code: code.as_deref(),
            reason: Some(&reason),
            source: None,
            fingerprint: None,
            raw: None,
        };
        match answer {
            Some(kind) => {
                let input = Input::Mail {
                    kind,
                    code: code.clone(),
                    folder: mail.folder.clone(),
                };
                apply_and_record(&tx, &event, &input, now)?;
            }
            None => {
                tx.append_event(&event, now)?;
            }
        }
        let tracked = tx.tracked(account)?;
        tx.commit()?;
        Ok(tracked)
    }

    /// Put every timed alert (code overdue, reply overdue, deadline passed)
    /// that is due at `now` into the outbox, once per cause. Returns how many
    /// were new, and when the next one falls due.
    pub fn enqueue_due_timed_alerts(
        &self,
        store: &mut Store,
        now: DateTime<Utc>,
    ) -> Result<(usize, Option<DateTime<Utc>>)> {
        let timeouts = self.config.alerts.timeouts();
        let accounts = store.accounts()?;
        let mut next_due: Option<DateTime<Utc>> = None;
        let tx = store.transaction()?;
        let mut created = 0;
        for row in accounts
            .iter()
            .filter(|r| self.config.accounts.iter().any(|a| a.id == r.id))
        {
            for timed in tracker::timed(&row.tracked, &timeouts, &Local) {
                if timed.due > now {
                    next_due = Some(next_due.map_or(timed.due, |n| n.min(timed.due)));
                    continue;
                }
                let kind = timed.flag.alert_kind();
                let alert = Alert {
                    key: format!("{}:{}:{}", kind, row.id, ts(timed.cause)),
                    kind,
                    account: row.id.clone(),
                    platform: row.platform.clone(),
                    code: None,
                    folder: None,
                    mailbox: Some(row.mailbox.clone()),
                    in_spam: false,
                    unexpected: false,
                    detail: Some(format!("due since {}", ts(timed.due))),
                    since: Some(timed.cause),
                    created_at: now,
                };
                if tx.enqueue_alert(&alert)? {
                    created += 1;
                }
            }
        }
        tx.commit()?;
        Ok((created, next_due))
    }
}

/// Why a review could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("\"{account}\" has no unrecognised mail {seq}; `optout review {account}` lists them")]
    NoSuchMail { account: String, seq: i64 },
    #[error("mail {seq} of \"{account}\" was already reviewed; to correct the state, use `optout mark {account} STATE`")]
    AlreadyReviewed { account: String, seq: i64 },
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

/// Apply an input that happened at `event.at` (a mail's arrival, a
/// command's moment) at `now`, and record the event and the new state in
/// `tx`; returns the alerts the transition raises, and the event's seq.
fn apply_and_record(
    tx: &Tx<'_>,
    event: &NewEvent<'_>,
    input: &Input,
    now: DateTime<Utc>,
) -> Result<(Vec<tracker::Raised>, i64)> {
    let current = tx.tracked(event.account)?;
    let (next, raised) = tracker::apply_at(&current, input, event.at, now);
    let seq = tx
        .append_event(event, now)
        .with_context(|| format!("cannot record the event for \"{}\"", event.account))?;
    tx.save_tracked(event.account, &next, seq)?;
    Ok((raised, seq))
}
