//! Incremental, read-only sync of one folder by UID.

use super::{ImapError, Session, WatchedFolder};
use crate::config::Mailbox;
use crate::pipeline::{BatchReport, FetchedMail, FolderBatch, Pipeline};
use crate::store::Store;
use chrono::Utc;
use futures::TryStreamExt;

/// Fetch at most this many mails per round trip and transaction.
const BATCH: usize = 50;
/// Never download more of one mail than this: Meta's mails are small, a
/// 50 MB attachment is not worth fetching.
const MAX_MAIL_BYTES: usize = 1 << 20;

/// Sync one folder: EXAMINE it, fetch every mail above the stored cursor
/// (on the first sync, or after a UIDVALIDITY change, those that arrived
/// within `lookback`), and commit each batch with the advanced cursor.
pub async fn sync_folder(
    session: &mut Session,
    m: &Mailbox,
    folder: &WatchedFolder,
    pipeline: &Pipeline,
    store: &mut Store,
) -> Result<BatchReport, ImapError> {
    let fail = |message: String| ImapError {
        mailbox: m.name.clone(),
        message: format!("{}: {message}", folder.name),
    };
    let mb = session
        .examine(&folder.name)
        .await
        .map_err(|e| fail(format!("EXAMINE failed: {e}")))?;
    let uidvalidity = mb.uid_validity.unwrap_or(0);
    let uid_next = mb.uid_next.unwrap_or(1);
    let cursor = store
        .cursor(&m.name, &folder.name)
        .map_err(|e| fail(e.to_string()))?;
    let uids: Vec<u32> = match cursor {
        Some(c) if c.uidvalidity == uidvalidity => {
            if c.next_uid >= uid_next {
                Vec::new()
            } else {
                (c.next_uid..uid_next).collect()
            }
        }
        _ => {
            // First sync, or the folder was recreated: look back by arrival date.
            let since = (Utc::now()
                - chrono::Duration::from_std(m.lookback).unwrap_or(chrono::Duration::days(90)))
            .format("%d-%b-%Y")
            .to_string();
            let mut found: Vec<u32> = session
                .uid_search(format!("SINCE {since}"))
                .await
                .map_err(|e| fail(format!("SEARCH failed: {e}")))?
                .into_iter()
                .collect();
            found.sort_unstable();
            found
        }
    };
    let mut total = BatchReport::default();
    if uids.is_empty() {
        // Nothing new; still record the cursor so the next run starts here.
        let batch = FolderBatch {
            mailbox: m,
            folder: &folder.name,
            in_spam: folder.is_spam,
            uidvalidity,
            mails: Vec::new(),
            next_uid: uid_next,
        };
        pipeline
            .commit_batch(store, &batch, Utc::now())
            .map_err(|e| fail(format!("{e:#}")))?;
        return Ok(total);
    }
    let n_chunks = uids.len().div_ceil(BATCH);
    for (i, chunk) in uids.chunks(BATCH).enumerate() {
        let set = chunk
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let fetched: Vec<_> = session
            .uid_fetch(
                &set,
                format!("(UID INTERNALDATE BODY.PEEK[]<0.{MAX_MAIL_BYTES}>)"),
            )
            .await
            .map_err(|e| fail(format!("FETCH failed: {e}")))?
            .try_collect()
            .await
            .map_err(|e| fail(format!("FETCH failed: {e}")))?;
        let mut mails: Vec<FetchedMail> = fetched
            .iter()
            .filter_map(|f| {
                let uid = f.uid?;
                // UID FETCH N:* may return a message below N (RFC 3501).
                chunk.contains(&uid).then(|| FetchedMail {
                    uid,
                    raw: f.body().unwrap_or_default().to_vec(),
                    arrived: f.internal_date().map(|d| d.with_timezone(&Utc)),
                })
            })
            .collect();
        mails.sort_by_key(|f| f.uid);
        let last = *chunk.last().expect("non-empty chunk");
        let batch = FolderBatch {
            mailbox: m,
            folder: &folder.name,
            in_spam: folder.is_spam,
            uidvalidity,
            mails,
            // After the last chunk, everything below UIDNEXT has been seen.
            next_uid: if i + 1 == n_chunks {
                uid_next.max(last + 1)
            } else {
                last + 1
            },
        };
        let report = pipeline
            .commit_batch(store, &batch, Utc::now())
            .map_err(|e| fail(format!("{e:#}")))?;
        total.mails += report.mails;
        total.recorded.extend(report.recorded);
        total.duplicates += report.duplicates;
        total.malformed += report.malformed;
        total.alerts += report.alerts;
    }
    Ok(total)
}
