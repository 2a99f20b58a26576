//! `optout service install|uninstall`: run `optout watch` as a per-user
//! service (systemd user unit on Linux, launchd agent on macOS).

use super::{load_config, UsageError};
use crate::service::{self, Installed, Manager};
use crate::t;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The locale's language: `uninstall` reads no config.
fn lang() -> crate::text::Lang {
    crate::text::Lang::from_env()
}

fn absolute(p: &Path) -> Result<PathBuf> {
    Ok(match std::fs::canonicalize(p) {
        Ok(abs) => abs,
        Err(_) if p.is_absolute() => p.to_owned(),
        Err(_) => std::env::current_dir()?.join(p),
    })
}

pub fn install(config_path: &Path, force: bool) -> Result<()> {
    // A service that cannot start is no use: check the config first.
    load_config(config_path)?;
    let config = absolute(config_path)?;
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .context("cannot tell where the optout binary is")?;
    let manager = Manager::current();
    let path = service::service_file(manager)?;
    let text = service::service_text(manager, &exe, &config)?;
    match service::install_file(&path, &text, force) {
        Ok(Installed::AlreadyInstalled(p)) => {
            println!(
                "{}",
                t!(lang(), "service-already-installed", path = p.display())
            );
        }
        Ok(Installed::Written(p)) => {
            println!("{}", t!(lang(), "service-wrote", path = p.display()));
        }
        Err(e) => {
            if let Some(d) = e.downcast_ref::<service::Differs>() {
                return Err(UsageError(d.to_string()).into());
            }
            return Err(e);
        }
    }
    println!(
        "{}\n  {}",
        t!(lang(), "service-start-hint"),
        service::enable_hint(manager, &path)
    );
    Ok(())
}

pub fn uninstall() -> Result<()> {
    let manager = Manager::current();
    let path = service::service_file(manager)?;
    if !path.exists() {
        println!(
            "{}",
            t!(lang(), "service-not-installed", path = path.display())
        );
        return Ok(());
    }
    println!(
        "{}\n  {}",
        t!(lang(), "service-stop-first"),
        service::disable_hint(manager, &path)
    );
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    println!("{}", t!(lang(), "service-removed", path = path.display()));
    Ok(())
}
