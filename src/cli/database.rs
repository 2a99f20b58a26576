//! Opening the database for a command, with an error that names the file
//! and says what to do: not writable (by whom it is owned), damaged (move
//! it aside, never delete it: it holds the proof mails), written by a
//! newer optout.

use crate::store::{Store, MIGRATIONS};
use crate::t;
use crate::text::Lang;
use std::path::{Path, PathBuf};

/// The database could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot open the database {}: {detail}", path.display())]
pub struct DatabaseError {
    pub path: PathBuf,
    pub kind: DatabaseProblem,
    /// The cause in English (logs, `--json`).
    pub detail: String,
    #[source]
    pub source: anyhow::Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseProblem {
    /// The file or its folder cannot be written (by this user).
    NotWritable {
        owner: String,
    },
    /// Not a SQLite database, or a damaged one.
    Corrupt,
    /// Written by a newer optout (a schema this one does not know).
    Newer {
        version: u32,
        known: u32,
    },
    Other,
}

/// [`Store::open`], its failure as a [`DatabaseError`].
pub fn open_store(path: &Path) -> Result<Store, DatabaseError> {
    Store::open(path).map_err(|source| {
        let kind = problem(path, &source);
        DatabaseError {
            path: path.to_owned(),
            detail: source
                .chain()
                .last()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            kind,
            source,
        }
    })
}

/// What went wrong, read off SQLite's error codes and the file itself.
fn problem(path: &Path, e: &anyhow::Error) -> DatabaseProblem {
    use rusqlite::ErrorCode;
    let code = e
        .chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())
        .and_then(|e| e.sqlite_error_code());
    let io_denied = e
        .chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    match code {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => DatabaseProblem::Corrupt,
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            DatabaseProblem::NotWritable {
                owner: owner_of(path),
            }
        }
        _ if io_denied => DatabaseProblem::NotWritable {
            owner: owner_of(path),
        },
        _ => match schema_version(path) {
            Some(version) if version > MIGRATIONS.len() as u32 => DatabaseProblem::Newer {
                version,
                known: MIGRATIONS.len() as u32,
            },
            _ => DatabaseProblem::Other,
        },
    }
}

/// The schema version of the file, read without changing it.
fn schema_version(path: &Path) -> Option<u32> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()
}

/// Who owns the file (or, if it does not exist yet, the nearest folder
/// above it): a user name where the system knows one, else the uid.
fn owner_of(path: &Path) -> String {
    let Some(meta) = path.ancestors().find_map(|p| std::fs::metadata(p).ok()) else {
        return "?".into();
    };
    owner_name(&meta)
}

#[cfg(unix)]
fn owner_name(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    let uid = meta.uid();
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, both owned here and
    // alive until the name is copied out.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc == 0 && !found.is_null() && !pwd.pw_name.is_null() {
        // SAFETY: a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return format!("{} (uid {uid})", name.to_string_lossy());
    }
    format!("uid {uid}")
}

#[cfg(not(unix))]
fn owner_name(_: &std::fs::Metadata) -> String {
    "?".into()
}

impl DatabaseError {
    /// One sentence of cause, one of remedy, in `lang`.
    pub fn explained(&self, lang: Lang) -> String {
        let path = &self.path.display().to_string();
        match &self.kind {
            DatabaseProblem::NotWritable { owner } => format!(
                "{} {}",
                t!(
                    lang,
                    "errors-database-not-writable",
                    path = path,
                    owner = owner
                ),
                t!(lang, "errors-database-not-writable-remedy")
            ),
            DatabaseProblem::Corrupt => format!(
                "{} {}",
                t!(lang, "errors-database-corrupt", path = path),
                t!(lang, "errors-database-corrupt-remedy", path = path)
            ),
            DatabaseProblem::Newer { version, known } => format!(
                "{} {}",
                t!(
                    lang,
                    "errors-database-newer",
                    path = path,
                    version = *version,
                    known = *known
                ),
                t!(lang, "errors-database-newer-remedy")
            ),
            DatabaseProblem::Other => {
                t!(lang, "errors-database", path = path, detail = &self.detail)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_no_database_is_corrupt_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("optout.db");
        std::fs::write(
            &db,
            b"this is not sqlite, but someone's notes\n".repeat(200),
        )
        .unwrap();
        let Err(e) = open_store(&db) else {
            panic!("opened")
        };
        assert_eq!(e.kind, DatabaseProblem::Corrupt, "{e:#}");
        let line = e.explained(Lang::En);
        assert!(
            line.contains("is damaged or not an optout database"),
            "{line}"
        );
        assert!(line.contains("Move it aside (never delete it"), "{line}");
        assert!(
            line.contains(&format!("mv {0} {0}.broken", db.display())),
            "{line}"
        );
        assert!(std::fs::read(&db)
            .unwrap()
            .starts_with(b"this is not sqlite"));
    }

    #[test]
    fn a_newer_schema_says_which_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("optout.db");
        drop(Store::open(&db).unwrap());
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let Err(e) = open_store(&db) else {
            panic!("opened")
        };
        assert_eq!(
            e.kind,
            DatabaseProblem::Newer {
                version: 99,
                known: MIGRATIONS.len() as u32
            }
        );
        let line = e.explained(Lang::De);
        assert!(line.contains("neueren optout"), "{line}");
        assert_eq!(schema_version(&db), Some(99));
    }
}
