//! The daemon's one owner of the store: a thread of its own with the one
//! write connection, running the jobs the async tasks send it, in order.
//! SQLite calls block (fsync with `synchronous=FULL`, the busy wait while
//! another process holds the write lock); here they block this thread
//! only, never the runtime that runs IDLE and the signal handling.
//!
//! A job that finds the database locked is put aside and tried again, for
//! as long as its caller waits for the answer, while the jobs behind it
//! run (a read, another folder's batch: each folder waits for its own
//! batch before it sends the next, so its order holds). A caller that
//! stops waiting (shutdown) abandons it: nothing of it was committed, and
//! the IMAP stage fetches the same mail again next time (at least once).

use super::Store;
use anyhow::{anyhow, Result};
use std::time::Duration;
use tokio::sync::oneshot;

/// How long one attempt waits for another process's write lock before the
/// thread looks whether its caller still waits (and tries again).
const BUSY_SLICE: Duration = Duration::from_millis(100);
/// How long the put-aside jobs rest between tries.
const RETRY_PAUSE: Duration = Duration::from_millis(150);

/// Runs once per try; true when it is done (answered or abandoned).
type Job = Box<dyn FnMut(&mut Store) -> bool + Send>;

/// A handle to the store thread; cheap to clone. The thread ends when
/// every handle is gone (after the job it is running).
#[derive(Clone)]
pub struct StoreHandle {
    tx: std::sync::mpsc::Sender<Job>,
}

/// The store thread itself, to wait for at the end.
pub struct StoreThread {
    done: oneshot::Receiver<()>,
}

impl StoreThread {
    /// Wait (at most `bound`) for the thread to finish its last job, once
    /// every [`StoreHandle`] is dropped. Past the bound the process may
    /// exit anyway: SQLite rolls an unfinished transaction back.
    pub async fn finish(self, bound: Duration) -> bool {
        tokio::time::timeout(bound, self.done).await.is_ok()
    }
}

/// Start the thread that owns `store`.
pub fn spawn(mut store: Store) -> Result<(StoreHandle, StoreThread)> {
    store.set_busy_timeout(BUSY_SLICE)?;
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let (done_tx, done) = oneshot::channel();
    std::thread::Builder::new()
        .name("optout-store".into())
        .spawn(move || {
            let mut waiting: Vec<Job> = Vec::new();
            loop {
                let next = if waiting.is_empty() {
                    rx.try_recv().ok().or_else(|| {
                        // Nothing to do: give what the last jobs freed back.
                        release_free_memory();
                        rx.recv().ok()
                    })
                } else {
                    match rx.recv_timeout(RETRY_PAUSE) {
                        Ok(job) => Some(job),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            waiting.retain_mut(|job| !job(&mut store));
                            continue;
                        }
                        // Every handle gone: nobody waits for these.
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
                    }
                };
                let Some(mut job) = next else { break };
                if !job(&mut store) {
                    waiting.push(job);
                }
            }
            drop(store);
            let _ = done_tx.send(());
        })?;
    Ok((StoreHandle { tx }, StoreThread { done }))
}

/// Return free heap to the OS. Classifying and committing a batch (a
/// first sync above all) leaves freed memory inside malloc's arenas that
/// glibc keeps for later; the daemon then idles for hours, so once the
/// queue is empty that memory goes back (measured: ~0.3 MB of the idle
/// daemon's RSS). Costs well under a millisecond on heaps this size.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and trims malloc's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// SQLITE_BUSY / SQLITE_LOCKED somewhere in the error's causes.
pub fn is_busy(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>().is_some_and(|r| {
            matches!(
                r.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        })
    })
}

impl StoreHandle {
    /// Run `f` on the store thread and wait for its answer. While the
    /// database is locked by someone else, `f` runs again (it must leave
    /// nothing behind when it fails: one transaction).
    pub async fn call<R, F>(&self, mut f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnMut(&mut Store) -> Result<R> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Result<R>>();
        let mut reply = Some(reply);
        let mut warned = false;
        let job: Job = Box::new(move |store: &mut Store| {
            let Some(tx) = reply.take_if(|tx| !tx.is_closed()) else {
                return true;
            };
            match f(store) {
                Err(e) if is_busy(&e) => {
                    if !warned {
                        tracing::warn!(
                            "the database is locked by another program; waiting for it (IMAP goes on)"
                        );
                        warned = true;
                    }
                    reply = Some(tx);
                    false
                }
                r => {
                    if warned {
                        tracing::info!("the database is free again");
                    }
                    let _ = tx.send(r);
                    true
                }
            }
        });
        self.tx
            .send(job)
            .map_err(|_| anyhow!("the store thread has ended"))?;
        answer
            .await
            .map_err(|_| anyhow!("the store thread has ended"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_waits_out_another_connections_write_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let (handle, thread) = spawn(Store::open(&path).unwrap()).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let started = std::time::Instant::now();
        let job = tokio::spawn({
            let handle = handle.clone();
            async move {
                handle
                    .call(|s| {
                        let tx = s.transaction()?;
                        tx.commit()
                    })
                    .await
            }
        });
        // The runtime goes on meanwhile (this very task runs).
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(!job.is_finished(), "the lock is still held");
        other.execute_batch("COMMIT").unwrap();
        job.await.unwrap().unwrap();
        assert!(started.elapsed() >= Duration::from_millis(700));
        drop(handle);
        assert!(thread.finish(Duration::from_secs(5)).await);
    }

    #[tokio::test]
    async fn a_read_behind_a_write_that_waits_for_the_lock_is_answered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let (handle, _thread) = spawn(Store::open(&path).unwrap()).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let write = tokio::spawn({
            let handle = handle.clone();
            async move { handle.call(|s| s.transaction()?.commit()).await }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let read = tokio::time::timeout(
            Duration::from_secs(2),
            handle.call(|s| s.cursor("m", "INBOX")),
        )
        .await;
        assert!(matches!(read, Ok(Ok(None))), "{read:?}");
        assert!(!write.is_finished());
        other.execute_batch("COMMIT").unwrap();
        write.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn an_abandoned_job_gives_up_on_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.db");
        let (handle, thread) = spawn(Store::open(&path).unwrap()).unwrap();
        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let call = handle.call(|s| {
            let tx = s.transaction()?;
            tx.commit()
        });
        assert!(tokio::time::timeout(Duration::from_millis(300), call)
            .await
            .is_err());
        drop(handle);
        // The thread notices within a busy slice and ends, lock or not.
        assert!(thread.finish(Duration::from_secs(2)).await);
    }
}
