//! Where the config and the database live, and paths written in the file.

use super::model::Config;
use std::path::{Path, PathBuf};

impl Config {
    /// Where the config is looked for: `--config`, then `OPTOUT_CONFIG`
    /// (both handled by the CLI), then `~/.config/optout/config.toml`.
    pub fn default_path() -> PathBuf {
        directories::ProjectDirs::from("", "", "optout")
            .map(|d| d.config_dir().join("config.toml"))
            .unwrap_or_else(|| PathBuf::from("optout.toml"))
    }

    /// The SQLite database file.
    pub fn store_path(&self) -> PathBuf {
        self.store.path.clone().unwrap_or_else(|| {
            directories::ProjectDirs::from("", "", "optout")
                .map(|d| d.data_dir().join("optout.db"))
                .unwrap_or_else(|| PathBuf::from("optout.db"))
        })
    }
}

/// A path from the file: `~/` is the home directory, a relative path is
/// relative to the config file's folder.
pub(super) fn resolve_path(base: &Path, p: &Path) -> PathBuf {
    if let Ok(rest) = p.strip_prefix("~") {
        if let Some(home) = directories::BaseDirs::new() {
            return home.home_dir().join(rest);
        }
    }
    if p.is_absolute() {
        p.to_owned()
    } else {
        base.join(p)
    }
}

#[cfg(unix)]
pub(super) fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
}
#[cfg(not(unix))]
pub(super) fn readable_by_others(_: &Path) -> bool {
    false
}
