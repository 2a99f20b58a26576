//! Desktop notifications over the session bus (notify-rust, zbus on tokio).
//!
//! - Every bus call is bounded by a timeout: a missing bus fails in ~1 ms, a
//!   broken notification service could block ~25 s on activation.
//! - Unavailable (no bus, no server, timeout): ONE warning per outage, then
//!   debug lines; the delivery counts as failed for this sink only, and the
//!   [`super::Alerter`] retries it with backoff until the alert is
//!   [`super::GIVE_UP_AFTER`] old. The other sinks go on regardless.
//! - A code notification offers "copy code" when the server has the
//!   `actions` capability and a clipboard tool is installed (`wl-copy` on
//!   Wayland, `xclip` or `xsel` on X11, `pbcopy`): a click puts the code on
//!   the clipboard. The click is awaited in a background task (at most an
//!   hour), never by the delivery itself; `watch --once` exits without
//!   waiting for it.

use super::text::{self, Message};
use super::Sink;
use crate::model::{Alert, AlertKind};
use crate::text::Lang;
use futures::future::BoxFuture;
use notify_rust::{Notification, NotificationResponse, Urgency};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const COPY_ACTION: &str = "copy-code";

pub struct DesktopSink {
    lang: Lang,
    /// The most one delivery may take (capabilities + Notify).
    timeout: Duration,
    /// An outage has been reported; quiet until a delivery succeeds again.
    warned: AtomicBool,
    capabilities: tokio::sync::OnceCell<Vec<String>>,
}

impl DesktopSink {
    pub fn new(lang: Lang) -> DesktopSink {
        DesktopSink {
            lang,
            timeout: Duration::from_secs(10),
            warned: AtomicBool::new(false),
            capabilities: tokio::sync::OnceCell::new(),
        }
    }

    async fn capabilities(&self) -> Result<&Vec<String>, String> {
        self.capabilities
            .get_or_try_init(|| async {
                let conn = zbus::Connection::session()
                    .await
                    .map_err(|e| format!("no session bus: {e}"))?;
                let reply = conn
                    .call_method(
                        Some("org.freedesktop.Notifications"),
                        "/org/freedesktop/Notifications",
                        Some("org.freedesktop.Notifications"),
                        "GetCapabilities",
                        &(),
                    )
                    .await
                    .map_err(|e| format!("no notification server: {e}"))?;
                reply
                    .body()
                    .deserialize::<Vec<String>>()
                    .map_err(|e| format!("the notification server's capabilities: {e}"))
            })
            .await
    }

    async fn show(&self, alert: &Alert) -> Result<(), String> {
        let caps = self.capabilities().await?;
        let Message {
            summary,
            body,
            critical,
        } = text::message(alert, self.lang);
        let body = if caps.iter().any(|c| c == "body-markup") {
            escape_markup(&body)
        } else {
            body
        };
        let mut n = Notification::new();
        n.appname("optout")
            .summary(&summary)
            .body(&body)
            .icon(if critical {
                "dialog-warning"
            } else {
                "mail-unread"
            })
            .urgency(if critical {
                Urgency::Critical
            } else {
                Urgency::Normal
            });
        let copy = match (&alert.code, alert.kind) {
            (Some(code), AlertKind::CodeReceived) if caps.iter().any(|c| c == "actions") => {
                clipboard_tool().map(|tool| (code.clone(), tool))
            }
            _ => None,
        };
        if copy.is_some() {
            n.action(COPY_ACTION, &text::copy_label(self.lang));
        }
        let handle = n.show_async().await.map_err(|e| e.to_string())?;
        if let Some((code, tool)) = copy {
            tokio::spawn(async move {
                let wait = handle.wait_for_action_async(|r| {
                    if matches!(r, NotificationResponse::Action(a) if a == COPY_ACTION) {
                        match copy_to_clipboard(&tool, &code) {
                            Ok(()) => tracing::info!("code copied to the clipboard"),
                            Err(e) => tracing::warn!("cannot copy the code: {e}"),
                        }
                    }
                });
                let _ = tokio::time::timeout(Duration::from_secs(3600), wait).await;
            });
        }
        Ok(())
    }
}

impl Sink for DesktopSink {
    fn name(&self) -> &'static str {
        "desktop"
    }
    fn fails_together(&self) -> bool {
        true
    }
    fn deliver<'a>(&'a self, alert: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let result = match tokio::time::timeout(self.timeout, self.show(alert)).await {
                Ok(r) => r,
                Err(_) => Err(format!(
                    "the notification server did not answer within {}",
                    humantime::format_duration(self.timeout)
                )),
            };
            match &result {
                Ok(()) => {
                    if self.warned.swap(false, Ordering::Relaxed) {
                        tracing::info!("desktop notifications work again");
                    }
                }
                Err(e) => {
                    if !self.warned.swap(true, Ordering::Relaxed) {
                        tracing::warn!(
                            "desktop notifications unavailable ({e}); the other alerts go on, desktop delivery is retried later (set desktop = false in [alerts] to turn it off)"
                        );
                    } else {
                        tracing::debug!("desktop notification failed: {e}");
                    }
                }
            }
            result
        })
    }
}

/// Servers with `body-markup` read the body as a small HTML subset.
fn escape_markup(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The clipboard program of this session, with its arguments.
pub fn clipboard_tool() -> Option<Vec<String>> {
    let has = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    let candidates: &[&[&str]] = &[
        &["wl-copy"],
        &["xclip", "-selection", "clipboard"],
        &["xsel", "--clipboard", "--input"],
        &["pbcopy"],
    ];
    candidates
        .iter()
        .filter(|c| match c[0] {
            "wl-copy" => has("WAYLAND_DISPLAY"),
            "xclip" | "xsel" => has("DISPLAY"),
            _ => cfg!(target_os = "macos"),
        })
        .find_map(|c| {
            in_path(c[0])?;
            Some(c.iter().map(|s| s.to_string()).collect())
        })
}

fn copy_to_clipboard(tool: &[String], code: &str) -> std::io::Result<()> {
    let mut child = std::process::Command::new(&tool[0])
        .args(&tool[1..])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(code.as_bytes())?;
    // wl-copy and xclip fork to serve the selection; reap without blocking.
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_markup("a<b> & c"), "a&lt;b&gt; &amp; c");
    }
}
