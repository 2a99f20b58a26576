//! A private D-Bus session bus (a real `dbus-daemon`) and a notification
//! server on it that records every call — what a desktop would show.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zbus::OwnedVariant as OwnedValue;

pub struct Bus {
    pub dir: tempfile::TempDir,
    /// For `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
    daemon: Child,
}

impl Bus {
    pub fn start() -> Bus {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        let conf = dir.path().join("session.conf");
        std::fs::write(
            &conf,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                socket.display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", conf.display()))
            .args(["--print-address", "--nofork"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (Debian package dbus; scripts/test installs it)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon said {line:?}");
        Bus {
            dir,
            address,
            daemon,
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One `Notify` call as the server received it.
#[derive(Debug, Clone)]
pub struct Notified {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    pub actions: Vec<String>,
    /// The `urgency` hint: 0 low, 1 normal, 2 critical.
    pub urgency: Option<u8>,
}

#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<Notified>>,
}

struct Server {
    rec: Arc<Recorder>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into()]
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.rec.calls.lock().unwrap();
        let id = calls.len() as u32 + 1;
        let urgency = hints.get("urgency").and_then(|v| u8::try_from(v).ok());
        calls.push(Notified {
            id,
            app_name,
            summary,
            body,
            actions,
            urgency,
        });
        id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "optout-test".into(),
            "optout".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }
}

/// A notification server owning `org.freedesktop.Notifications` on `bus`.
pub struct NotificationServer {
    rec: Arc<Recorder>,
    conn: zbus::Connection,
    rt: tokio::runtime::Runtime,
}

impl NotificationServer {
    pub fn start(bus: &Bus) -> NotificationServer {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let rec = Arc::new(Recorder::default());
        let server = Server { rec: rec.clone() };
        let conn = rt
            .block_on(async {
                zbus::connection::Builder::address(bus.address.as_str())
                    .name("org.freedesktop.Notifications")
                    .serve_at("/org/freedesktop/Notifications", server)
                    .build()
                    .await
            })
            .expect("the notification server connects to the test bus");
        NotificationServer { rec, conn, rt }
    }

    pub fn calls(&self) -> Vec<Notified> {
        self.rec.calls.lock().unwrap().clone()
    }

    /// Wait (generously) until `n` notifications arrived.
    pub fn wait_for(&self, n: usize, within: Duration) -> Vec<Notified> {
        let until = Instant::now() + within;
        loop {
            let calls = self.calls();
            if calls.len() >= n || Instant::now() > until {
                return calls;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The person clicks the action `key` of notification `id`.
    pub fn invoke_action(&self, id: u32, key: &str) {
        self.rt
            .block_on(self.conn.emit_signal(
                None::<&str>,
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications",
                "ActionInvoked",
                &(id, key),
            ))
            .unwrap();
    }
}

/// Poll until `f` holds, or panic after `within`.
pub fn wait_until(within: Duration, what: &str, mut f: impl FnMut() -> bool) {
    let until = Instant::now() + within;
    while !f() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn socket_that_does_not_exist() -> PathBuf {
    PathBuf::from("/nonexistent/optout-test/bus")
}
