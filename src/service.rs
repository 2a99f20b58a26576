//! Running `optout watch` as a per-user service: a systemd user unit on
//! Linux, a launchd agent on macOS. Never overwrites a file that differs
//! from what it would write, unless forced.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The service manager of this platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Systemd,
    Launchd,
}

impl Manager {
    pub fn current() -> Manager {
        if cfg!(target_os = "macos") {
            Manager::Launchd
        } else {
            Manager::Systemd
        }
    }
}

pub const SYSTEMD_UNIT: &str = "optout.service";
pub const LAUNCHD_LABEL: &str = "org.optout.watch";

/// Where the service file goes: `$XDG_CONFIG_HOME/systemd/user/optout.service`
/// (default `~/.config`), or `~/Library/LaunchAgents/org.optout.watch.plist`.
pub fn service_file(manager: Manager) -> Result<PathBuf> {
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .context("HOME is not set: cannot tell where the service file goes")
    };
    Ok(match manager {
        Manager::Systemd => {
            let config = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
                Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
                _ => home()?.join(".config"),
            };
            config.join("systemd/user").join(SYSTEMD_UNIT)
        }
        Manager::Launchd => home()?
            .join("Library/LaunchAgents")
            .join(format!("{LAUNCHD_LABEL}.plist")),
    })
}

/// One argument of a systemd `ExecStart=`: quoted when needed, `%`
/// doubled (systemd would expand it as a specifier).
fn systemd_arg(arg: &str) -> String {
    let arg = arg.replace('%', "%%");
    if !arg.is_empty()
        && !arg
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '\\' | ';' | '$'))
    {
        return arg;
    }
    let mut out = String::from("\"");
    for c in arg.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '$' => out.push_str("$$"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The systemd user unit that runs `optout watch`.
pub fn systemd_unit(exe: &Path, config: &Path) -> String {
    let exec = [
        exe.to_string_lossy().as_ref(),
        "--config",
        config.to_string_lossy().as_ref(),
        "watch",
    ]
    .map(systemd_arg)
    .join(" ");
    format!(
        "# Written by `optout service install`; remove with `optout service uninstall`.\n\
[Unit]\n\
Description=optout: watch the mailboxes for the mails of GDPR objections to AI training\n\
After=network-online.target\n\
\n\
[Service]\n\
Type=simple\n\
ExecStart={exec}\n\
Restart=on-failure\n\
RestartSec=30\n\
\n\
[Install]\n\
WantedBy=default.target\n"
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The launchd agent that runs `optout watch` (restarted when it fails).
pub fn launchd_plist(exe: &Path, config: &Path, log: &Path) -> String {
    let args = [
        exe.to_string_lossy().as_ref(),
        "--config",
        config.to_string_lossy().as_ref(),
        "watch",
    ]
    .map(|a| format!("        <string>{}</string>\n", xml_escape(a)))
    .concat();
    let log = xml_escape(&log.to_string_lossy());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by `optout service install`; remove with `optout service uninstall`. -->
<plist version="1.0">
<dict>
    <key>Label</key>
    <string>{LAUNCHD_LABEL}</string>
    <key>ProgramArguments</key>
    <array>
{args}    </array>
    <key>RunAtLoad</key>
    <true/>
    <key>KeepAlive</key>
    <dict>
        <key>SuccessfulExit</key>
        <false/>
    </dict>
    <key>ThrottleInterval</key>
    <integer>30</integer>
    <key>StandardErrorPath</key>
    <string>{log}</string>
</dict>
</plist>
"#
    )
}

/// What `install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    Written(PathBuf),
    AlreadyInstalled(PathBuf),
}

/// A service file is there and differs: the person changed it, or it was
/// written for another binary or config.
#[derive(Debug, thiserror::Error)]
#[error("{} exists and differs from what optout would write; not overwriting it (use --force to replace it)", .0.display())]
pub struct Differs(pub PathBuf);

/// The file content for this platform.
pub fn service_text(manager: Manager, exe: &Path, config: &Path) -> Result<String> {
    Ok(match manager {
        Manager::Systemd => systemd_unit(exe, config),
        Manager::Launchd => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            launchd_plist(exe, config, &home.join("Library/Logs/optout.log"))
        }
    })
}

/// Write `text` to `path` unless a different file is there (and not
/// `force`).
pub fn install_file(path: &Path, text: &str, force: bool) -> Result<Installed> {
    match std::fs::read_to_string(path) {
        Ok(existing) if existing == text => return Ok(Installed::AlreadyInstalled(path.into())),
        Ok(_) if !force => return Err(Differs(path.into()).into()),
        _ => {}
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Installed::Written(path.into()))
}

/// The commands that start the service now and at every login.
pub fn enable_hint(manager: Manager, path: &Path) -> String {
    match manager {
        Manager::Systemd => {
            "systemctl --user daemon-reload && systemctl --user enable --now optout.service".into()
        }
        Manager::Launchd => format!("launchctl bootstrap gui/$(id -u) {}", path.display()),
    }
}

/// The commands that stop the service before its file is removed.
pub fn disable_hint(manager: Manager, path: &Path) -> String {
    match manager {
        Manager::Systemd => "systemctl --user disable --now optout.service".into(),
        Manager::Launchd => format!("launchctl bootout gui/$(id -u) {}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_runs_watch_with_absolute_paths_and_restarts_on_failure() {
        let unit = systemd_unit(
            Path::new("/usr/local/bin/optout"),
            Path::new("/home/max/.config/optout/config.toml"),
        );
        assert!(unit.contains(
            "ExecStart=/usr/local/bin/optout --config /home/max/.config/optout/config.toml watch\n"
        ), "{unit}");
        assert!(unit.contains("Restart=on-failure\n"));
        assert!(unit.contains("WantedBy=default.target\n"));
        assert!(
            unit.contains("[Unit]") && unit.contains("[Service]") && unit.contains("[Install]")
        );
    }

    #[test]
    fn odd_paths_are_quoted_and_percent_is_escaped() {
        let unit = systemd_unit(
            Path::new("/opt/my apps/optout"),
            Path::new("/home/max/100%/a\"b.toml"),
        );
        assert!(
            unit.contains(
                r#"ExecStart="/opt/my apps/optout" --config "/home/max/100%%/a\"b.toml" watch"#
            ),
            "{unit}"
        );
    }

    #[test]
    fn the_plist_lists_the_arguments() {
        let p = launchd_plist(
            Path::new("/Users/max/bin/optout"),
            Path::new("/Users/max/a&b.toml"),
            Path::new("/Users/max/Library/Logs/optout.log"),
        );
        assert!(p.contains("<string>/Users/max/bin/optout</string>"));
        assert!(p.contains("<string>--config</string>"));
        assert!(p.contains("<string>/Users/max/a&amp;b.toml</string>"));
        assert!(p.contains("<string>watch</string>"));
        assert!(p.contains("<key>SuccessfulExit</key>"));
        assert!(p.contains(LAUNCHD_LABEL));
    }

    #[test]
    fn install_never_overwrites_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("systemd/user/optout.service");
        assert_eq!(
            install_file(&path, "A", false).unwrap(),
            Installed::Written(path.clone())
        );
        assert_eq!(
            install_file(&path, "A", false).unwrap(),
            Installed::AlreadyInstalled(path.clone())
        );
        let err = install_file(&path, "B", false).unwrap_err();
        assert!(err.downcast_ref::<Differs>().is_some());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "A");
        install_file(&path, "B", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "B");
    }
}
