//! One watcher per database: `optout watch` holds an OS file lock on
//! `<db>.lock` for as long as it runs. The kernel drops the lock when the
//! process ends, however it ends (SIGKILL included), so a stale lock file
//! never blocks a restart.

use crate::text::Lang;
use anyhow::{Context, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Held while the watcher runs; dropping it releases the lock.
#[derive(Debug)]
pub struct WatchLock {
    _file: File,
    path: PathBuf,
}

impl WatchLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Another watcher holds the lock of this database.
#[derive(Debug, thiserror::Error)]
#[error("another `optout watch` is already running for {db} (it holds {lock}{pid}); stop it first (one watcher per database)")]
pub struct AlreadyRunning {
    pub db: String,
    pub lock: String,
    pub pid: String,
}

/// The lock file of a database: `<db>.lock` beside it.
pub fn lock_path(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Take the watcher lock of the database at `store_path`, or fail at once
/// with [`AlreadyRunning`] when another process holds it.
pub fn acquire_watch_lock(store_path: &Path) -> Result<WatchLock> {
    let path = lock_path(store_path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| {
            crate::t!(
                Lang::from_env(),
                "errors-cannot-create",
                path = dir.display()
            )
        })?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| {
            crate::t!(
                Lang::from_env(),
                "errors-cannot-write",
                path = path.display()
            )
        })?;
    if !try_lock(&file).with_context(|| {
        crate::t!(
            Lang::from_env(),
            "errors-cannot-write",
            path = path.display()
        )
    })? {
        let pid = std::fs::read_to_string(&path)
            .ok()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .map(|p| format!(", pid {p}"))
            .unwrap_or_default();
        return Err(AlreadyRunning {
            db: store_path.display().to_string(),
            lock: path.display().to_string(),
            pid,
        }
        .into());
    }
    // Say who holds it (for the message above); the lock is what counts.
    file.set_len(0)?;
    write!(file, "{}", std::process::id())?;
    Ok(WatchLock { _file: file, path })
}

/// A watcher that holds the lock of a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The pid it wrote into the lock file, if that could be read.
    pub pid: Option<String>,
}

/// Whether a watcher runs for the database at `store_path`, asked of the
/// kernel (a shared lock that fails while the watcher holds its exclusive
/// one), never guessed from a pid file. Takes nothing: the probe's lock is
/// dropped at once.
pub fn watcher(store_path: &Path) -> Result<Option<Holder>> {
    let path = lock_path(store_path);
    let file = match File::open(&path) {
        Ok(f) => f,
        // No lock file: no watcher has ever run for this database.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(crate::t!(
                Lang::from_env(),
                "errors-cannot-read",
                path = path.display()
            )))
        }
    };
    if try_lock_shared(&file).with_context(|| {
        crate::t!(
            Lang::from_env(),
            "errors-cannot-read",
            path = path.display()
        )
    })? {
        return Ok(None);
    }
    let pid = std::fs::read_to_string(&path)
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    Ok(Some(Holder { pid }))
}

/// A shared lock, if no one holds the exclusive one (std's `flock` on
/// Unix, `LockFileEx` on Windows).
fn try_lock_shared(file: &File) -> std::io::Result<bool> {
    taken(file.try_lock_shared())
}

/// The exclusive lock, if no one holds a lock.
fn try_lock(file: &File) -> std::io::Result<bool> {
    taken(file.try_lock())
}

fn taken(r: Result<(), std::fs::TryLockError>) -> std::io::Result<bool> {
    match r {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_fails_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("data/optout.db");
        let first = acquire_watch_lock(&db).unwrap();
        assert_eq!(first.path(), dir.path().join("data/optout.db.lock"));
        let err = acquire_watch_lock(&db).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("already running") && msg.contains("optout.db"),
            "{msg}"
        );
        assert!(msg.contains(&std::process::id().to_string()), "{msg}");
        drop(first);
        acquire_watch_lock(&db).unwrap();
    }

    #[test]
    fn the_watcher_is_found_while_it_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("optout.db");
        assert_eq!(watcher(&db).unwrap(), None, "no lock file yet");
        let held = acquire_watch_lock(&db).unwrap();
        assert_eq!(
            watcher(&db).unwrap(),
            Some(Holder {
                pid: Some(std::process::id().to_string())
            })
        );
        // The probe took nothing: the watcher still holds it.
        assert!(acquire_watch_lock(&db).is_err());
        drop(held);
        assert_eq!(
            watcher(&db).unwrap(),
            None,
            "the lock file stays, the lock does not"
        );
        acquire_watch_lock(&db).unwrap();
    }
}
