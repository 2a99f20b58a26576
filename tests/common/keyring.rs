//! A real Secret Service for one test: gnome-keyring-daemon, unlocked
//! with a throw-away password, on a private session bus, its keyrings in
//! a temp dir. `optout` run with [`Keyring::env`] stores into it.

use super::bus::{wait_until, Bus};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Keyring {
    pub bus: Bus,
    pub home: tempfile::TempDir,
    daemon: Child,
}

fn daemon_binary() -> PathBuf {
    for p in [
        "/usr/bin/gnome-keyring-daemon",
        "/usr/local/bin/gnome-keyring-daemon",
    ] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("gnome-keyring-daemon is not installed: run scripts/test (it installs gnome-keyring), or apt-get install gnome-keyring");
}

/// Whether `name` has an owner on the bus at `address`.
pub fn name_has_owner(address: &str, name: &str) -> bool {
    let out = Command::new("dbus-send")
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .args([
            "--session",
            "--dest=org.freedesktop.DBus",
            "--type=method_call",
            "--print-reply",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
        ])
        .arg(format!("string:{name}"))
        .output()
        .expect("dbus-send (Debian package dbus; scripts/test installs it)");
    String::from_utf8_lossy(&out.stdout).contains("boolean true")
}

impl Keyring {
    pub fn start() -> Keyring {
        let bus = Bus::start();
        let home = tempfile::tempdir().unwrap();
        for d in ["data", "run", "config"] {
            std::fs::create_dir_all(home.path().join(d)).unwrap();
        }
        let mut daemon = Command::new(daemon_binary())
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_RUNTIME_DIR", home.path().join("run"))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start gnome-keyring-daemon: {e}"));
        // The login keyring's password, then EOF: it is created unlocked.
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(b"optout-test-keyring").unwrap();
        drop(stdin);
        wait_until(
            Duration::from_secs(20),
            "gnome-keyring-daemon on the test bus",
            || name_has_owner(&bus.address, "org.freedesktop.secrets"),
        );
        Keyring { bus, home, daemon }
    }

    /// The environment `optout` needs to reach this keyring.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.bus.address.clone()),
            (
                "XDG_RUNTIME_DIR",
                self.home.path().join("run").display().to_string(),
            ),
        ]
    }

    /// The object paths of the items stored under Secret Service
    /// attribute `service` = `service` (how optout names its entries).
    pub fn items(&self, service: &str) -> Vec<String> {
        let out = Command::new("dbus-send")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .args([
                "--session",
                "--dest=org.freedesktop.secrets",
                "--type=method_call",
                "--print-reply",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.SearchItems",
            ])
            .arg(format!("dict:string:string:service,{service}"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().strip_prefix("object path \""))
            .map(|l| l.trim_end_matches('"').to_owned())
            .collect()
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
