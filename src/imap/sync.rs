//! Incremental, read-only sync of one folder by UID.
//!
//! The cursor (UIDVALIDITY, next UID) lives in the store and advances in
//! the same transaction as the observations of each batch, so a crash
//! replays at most the unfinished batch, and the fingerprint dedupe makes
//! that replay record nothing twice. Each batch goes to the store owner
//! through the [`StoreLink`]; the next is fetched once it is committed.

use super::batch::{Committed, FetchedMail, FolderBatch, FolderCursor, StoreLink};
use super::{ImapError, Session, WatchedFolder};
use crate::config::Mailbox;
use chrono::Utc;
use futures::TryStreamExt;

/// Fetch at most this many mails per round trip and transaction.
pub const BATCH: usize = 50;
/// Never download more of one mail than this (the `BODY.PEEK[]<0.N>`
/// partial fetch): the providers' mails are 5–100 KB and arrive whole; a
/// 50 MB attachment costs 1 MiB, and its headers and first text part — all
/// the classifier reads — come first. The size (RFC822.SIZE) arrives in the
/// same FETCH, so a cut mail is logged, in the same round trip.
pub const MAX_MAIL_BYTES: u32 = 1 << 20;

/// A folder selected read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    pub uidvalidity: u32,
    pub uid_next: Option<u32>,
    pub exists: u32,
}

fn fail_in(m: &Mailbox, folder: &WatchedFolder) -> impl Fn(String) -> ImapError {
    let (mailbox, folder) = (m.name.clone(), folder.name.clone());
    move |message| ImapError::new(mailbox.clone(), format!("{folder}: {message}"))
}

/// EXAMINE (never SELECT: nothing optout does can change the folder, not
/// even `\Recent`).
pub async fn examine(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
) -> Result<Selected, ImapError> {
    let fail = fail_in(m, folder);
    let mb = session
        .examine(&folder.wire)
        .await
        .map_err(|e| fail(format!("EXAMINE failed: {e}")))?;
    let uid_next = match mb.uid_next {
        Some(n) => Some(n),
        None if mb.exists > 0 => last_uid(session)
            .await
            .map_err(|e| fail(format!("FETCH failed: {e}")))?
            .map(|u| u.saturating_add(1)),
        None => None,
    };
    Ok(Selected {
        uidvalidity: mb.uid_validity.unwrap_or(0),
        uid_next,
        exists: mb.exists,
    })
}

/// The UID of the newest mail (`FETCH * (UID)`), for servers whose EXAMINE
/// sends no `[UIDNEXT]` (Courier; RFC 3501 allows it): one above it is
/// where the cursor starts, else a first sync that found no provider mail
/// would leave the cursor at 1 and the next sync would fetch the whole
/// folder, mail older than `lookback` included.
async fn last_uid(session: &mut Session) -> Result<Option<u32>, async_imap::error::Error> {
    let fetched: Vec<_> = session.fetch("*", "(UID)").await?.try_collect().await?;
    Ok(fetched.iter().filter_map(|f| f.uid).max())
}

/// The server-side search of a first sync: what arrived within `lookback`
/// from one of the providers' sender domains — one SEARCH, however big
/// the folder, and only those mails are fetched.
pub fn first_sync_query(since: chrono::NaiveDate, domains: &[String]) -> String {
    let date = since.format("%d-%b-%Y");
    let froms: Vec<String> = domains
        .iter()
        .map(|d| format!("FROM {}", quote(d)))
        .collect();
    match froms.len() {
        0 => format!("SINCE {date}"),
        n => format!("SINCE {date} {}{}", "OR ".repeat(n - 1), froms.join(" ")),
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// After EXAMINE: fetch everything above the stored cursor. On the first
/// sync, or after a UIDVALIDITY change (the folder was recreated: its old
/// UIDs mean nothing), search the `lookback` window instead; mail seen
/// before is recognised by its fingerprint and not recorded again.
#[allow(clippy::too_many_arguments)]
pub async fn catch_up(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
    sel: &Selected,
    link: &StoreLink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Committed, ImapError> {
    let fail = fail_in(m, folder);
    let cursor = link.cursor(&m.name, &folder.name).await.map_err(&fail)?;
    let uids = match &cursor {
        Some(c) if c.uidvalidity == sel.uidvalidity => {
            if sel.uid_next.is_some_and(|n| c.next_uid >= n) || sel.exists == 0 {
                Vec::new()
            } else {
                uids_from(session, c.next_uid)
                    .await
                    .map_err(|e| fail(e.to_string()))?
            }
        }
        _ => {
            // An empty folder has nothing to rescan: Courier gives one a
            // new UIDVALIDITY in every session, which is no news.
            let was_or_is_empty = |c: &FolderCursor| c.next_uid <= 1 || sel.exists == 0;
            if let Some(c) = cursor.as_ref().filter(|c| was_or_is_empty(c)) {
                tracing::debug!(mailbox = %m.name, folder = %folder.name, old = c.uidvalidity, new = sel.uidvalidity,
                    "UIDVALIDITY changed on a folder that was or is empty");
            } else if let Some(c) = &cursor {
                tracing::warn!(mailbox = %m.name, folder = %folder.name, old = c.uidvalidity, new = sel.uidvalidity,
                    "UIDVALIDITY changed: the folder was recreated; rescanning it (mail already recorded is not recorded twice)");
            }
            let lookback =
                chrono::Duration::from_std(m.lookback).unwrap_or(chrono::Duration::days(90));
            let since = (Utc::now() - lookback).date_naive();
            let query = first_sync_query(since, &link.sender_domains());
            let mut found: Vec<u32> = session
                .uid_search(&query)
                .await
                .map_err(|e| fail(format!("SEARCH failed: {e}")))?
                .into_iter()
                .collect();
            found.sort_unstable();
            tracing::info!(mailbox = %m.name, folder = %folder.name, found = found.len(), exists = sel.exists,
                "first sync: provider mails within the lookback window");
            found
        }
    };
    let up_to_date = cursor
        .as_ref()
        .is_some_and(|c| c.uidvalidity == sel.uidvalidity && Some(c.next_uid) >= sel.uid_next);
    if uids.is_empty() && up_to_date {
        return Ok(Committed::default());
    }
    // RFC 3501 requires UIDNEXT; without it, keep the cursor where it was
    // (or start it), so that fetch_new always finds one.
    let final_next = sel.uid_next.or(match &cursor {
        Some(c) if c.uidvalidity == sel.uidvalidity => Some(c.next_uid),
        _ => Some(1),
    });
    fetch_and_commit(
        session,
        m,
        folder,
        sel.uidvalidity,
        uids,
        final_next,
        link,
        stop,
    )
    .await
}

/// While the folder stays selected (after IDLE ended): fetch the mail above
/// the cursor, nothing else — no re-EXAMINE, no headers of older mail.
pub async fn fetch_new(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
    uidvalidity: u32,
    link: &StoreLink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Committed, ImapError> {
    let fail = fail_in(m, folder);
    let next = match link.cursor(&m.name, &folder.name).await.map_err(&fail)? {
        Some(c) if c.uidvalidity == uidvalidity => c.next_uid,
        // catch_up always stores a cursor first; a mismatch means the
        // selection is stale: make the caller reconnect and catch up.
        _ => {
            return Err(fail(
                "the stored cursor does not match the selection".into(),
            ))
        }
    };
    let uids = uids_from(session, next)
        .await
        .map_err(|e| fail(e.to_string()))?;
    if uids.is_empty() {
        return Ok(Committed::default());
    }
    fetch_and_commit(session, m, folder, uidvalidity, uids, None, link, stop).await
}

/// The UIDs at or above `from`, ascending. `UID SEARCH UID n:*` costs one
/// round trip and a few bytes per UID, however sparse the range.
async fn uids_from(session: &mut Session, from: u32) -> Result<Vec<u32>, String> {
    let mut uids: Vec<u32> = session
        .uid_search(format!("UID {from}:*"))
        .await
        .map_err(|e| format!("SEARCH failed: {e}"))?
        .into_iter()
        // `n:*` matches the highest message even when its UID is below n.
        .filter(|&u| u >= from)
        .collect();
    uids.sort_unstable();
    Ok(uids)
}

/// Evidence is never cut: a mail fetched only up to [`MAX_MAIL_BYTES`]
/// that turns out to be proof (a receipt, a decision, or an unrecognised
/// provider mail the person may call one) is fetched again, whole, by UID.
async fn fetch_proof_whole(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
    link: &StoreLink,
    mails: &mut [FetchedMail],
    fetched: &[async_imap::types::Fetch],
) -> Result<(), ImapError> {
    let fail = fail_in(m, folder);
    for mail in mails.iter_mut() {
        let cut = fetched
            .iter()
            .find(|f| f.uid == Some(mail.uid))
            .and_then(|f| f.size)
            .is_some_and(|size| size as usize > mail.raw.len());
        if !cut || !link.keeps_whole(m, &mail.raw) {
            continue;
        }
        let whole: Vec<_> = session
            .uid_fetch(mail.uid.to_string(), "(UID BODY.PEEK[])")
            .await
            .map_err(|e| fail(format!("FETCH of a whole proof mail failed: {e}")))?
            .try_collect()
            .await
            .map_err(|e| fail(format!("FETCH of a whole proof mail failed: {e}")))?;
        if let Some(raw) = whole
            .iter()
            .find(|f| f.uid == Some(mail.uid))
            .and_then(|f| f.body())
        {
            tracing::info!(mailbox = %m.name, folder = %folder.name, uid = mail.uid, size = raw.len(),
                "a large proof mail: fetched whole for the evidence");
            mail.raw = raw.to_vec();
        }
    }
    Ok(())
}

/// Fetch `uids` in batches and commit each batch with the advanced cursor.
/// The last batch's cursor is `final_next` (UIDNEXT) when known.
#[allow(clippy::too_many_arguments)]
async fn fetch_and_commit(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
    uidvalidity: u32,
    uids: Vec<u32>,
    final_next: Option<u32>,
    link: &StoreLink,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<Committed, ImapError> {
    let fail = fail_in(m, folder);
    let mut total = Committed::default();
    let commit = async |mails: Vec<FetchedMail>, next_uid: u32| {
        let batch = FolderBatch {
            mailbox: m.name.clone(),
            folder: folder.name.clone(),
            in_spam: folder.is_spam,
            mails,
            cursor: FolderCursor {
                uidvalidity,
                next_uid,
            },
        };
        link.commit(batch).await.map_err(&fail)
    };
    if uids.is_empty() {
        // Nothing to fetch; record where the folder stands.
        if let Some(next) = final_next {
            total.add(commit(Vec::new(), next).await?);
        }
        return Ok(total);
    }
    let n_chunks = uids.len().div_ceil(BATCH);
    for (i, chunk) in uids.chunks(BATCH).enumerate() {
        if stop() {
            // Shutting down: the cursor stands after the last whole batch.
            break;
        }
        let set = chunk
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let fetched: Vec<_> = session
            .uid_fetch(
                &set,
                format!("(UID INTERNALDATE RFC822.SIZE BODY.PEEK[]<0.{MAX_MAIL_BYTES}>)"),
            )
            .await
            .map_err(|e| fail(format!("FETCH failed: {e}")))?
            .try_collect()
            .await
            .map_err(|e| fail(format!("FETCH failed: {e}")))?;
        let mut mails: Vec<FetchedMail> = Vec::with_capacity(chunk.len());
        for f in &fetched {
            let Some(uid) = f.uid.filter(|u| chunk.binary_search(u).is_ok()) else {
                continue;
            };
            let raw = f.body().unwrap_or_default().to_vec();
            if let Some(size) = f.size.filter(|&s| s as usize > raw.len()) {
                tracing::info!(mailbox = %m.name, folder = %folder.name, uid, size, kept = raw.len(),
                    "a large mail: fetched only its beginning");
            }
            mails.push(FetchedMail {
                uid,
                raw,
                arrived: f.internal_date().map(|d| d.with_timezone(&Utc)),
            });
        }
        mails.sort_by_key(|f| f.uid);
        fetch_proof_whole(session, m, folder, link, &mut mails, &fetched).await?;
        let last = *chunk.last().expect("chunks are never empty");
        let next_uid = match final_next {
            Some(n) if i + 1 == n_chunks => n.max(last + 1),
            _ => last + 1,
        };
        tracing::debug!(mailbox = %m.name, folder = %folder.name, mails = mails.len(), next_uid,
            "fetched; handing the batch to the store");
        total.add(commit(mails, next_uid).await?);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sync_query_ors_the_sender_domains_within_the_window() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(first_sync_query(d, &[]), "SINCE 05-Mar-2026");
        assert_eq!(
            first_sync_query(d, &["a.com".into()]),
            "SINCE 05-Mar-2026 FROM \"a.com\""
        );
        assert_eq!(
            first_sync_query(d, &["a.com".into(), "b.com".into(), "c.com".into()]),
            "SINCE 05-Mar-2026 OR OR FROM \"a.com\" FROM \"b.com\" FROM \"c.com\""
        );
    }
}
