//! The command hook: `sh -c COMMAND` once per alert, the alert as JSON on
//! stdin, `OPTOUT_*` variables in the environment (DESIGN.md, "Command hook
//! contract"). It runs in its own process group; on timeout the whole group
//! is killed. A non-zero exit is logged with the hook's stderr and retried
//! later (see [`super::Alerter`]).
//!
//! A hook never outlives its daemon:
//! - a delivery that is dropped (shutdown past its grace) kills the group;
//! - on Linux `sh` gets `PR_SET_PDEATHSIG` = SIGKILL: it dies with the
//!   thread that started it. That is the runtime's thread, which lives as
//!   long as the daemon (`optout watch` runs one current-thread runtime on
//!   the main thread; tokio never runs async tasks on threads that end
//!   earlier);
//! - what `sh` started survives that signal (it goes to `sh` only), so
//!   every run also leaves a marker in the state folder (`<db>.hook-runs/
//!   <pgid>`: the group and its leader's start time), removed when `sh`
//!   exits. The next start ([`CommandSink::from_config`], called by the
//!   watcher-lock holder) kills every group a marker names, before any
//!   retry runs.
//!
//! Sharing with `secret_cmd` (the password commands): both spawn `sh -c`
//! with a piped stdout, a timeout and a group kill; one runner (spawn in a
//! group + pdeathsig, bounded read of stdout/stderr, kill-group-on-drop
//! guard) could serve both, the secret command without the marker (it runs
//! before any state folder matters) and with stdout kept, never logged.

use super::Sink;
use crate::config::{Config, SecretSource};
use crate::model::Alert;
use futures::future::BoxFuture;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The variables the hook gets (besides the inherited environment).
pub fn hook_env(alert: &Alert) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("OPTOUT_ALERT", alert.kind.as_str().to_owned()),
        ("OPTOUT_ACCOUNT", alert.account.clone()),
        ("OPTOUT_PLATFORM", alert.platform.clone()),
    ];
    if let Some(code) = &alert.code {
        env.push(("OPTOUT_CODE", code.clone()));
    }
    if let Some(folder) = &alert.folder {
        env.push(("OPTOUT_FOLDER", folder.clone()));
    }
    env
}

/// Variables never passed on to a hook (they may hold secrets).
const HIDDEN_VARS: &[&str] = &["OPTOUT_ALERT", "OPTOUT_CODE", "OPTOUT_FOLDER"];

pub struct CommandSink {
    command: String,
    timeout: Duration,
    /// Environment variables that hold mailbox passwords (`password_env`):
    /// removed from the hook's environment.
    secret_vars: Vec<String>,
    /// Where each run leaves its marker (`None`: no markers).
    runs_dir: Option<PathBuf>,
}

/// The marker folder of the database at `store_path`.
pub fn runs_dir(store_path: &Path) -> PathBuf {
    let mut name = store_path.as_os_str().to_owned();
    name.push(".hook-runs");
    PathBuf::from(name)
}

/// The start time (clock ticks since boot, `/proc/PID/stat` field 22) of
/// a process: with the pid, it names one process for good.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}

/// The process group of a hook run: killed when dropped, unless the run
/// ended by itself ([`Group::finished`]).
struct Group {
    pgid: Option<u32>,
    marker: Option<PathBuf>,
}

impl Group {
    fn new(pgid: Option<u32>, runs_dir: Option<&Path>) -> Group {
        let marker = match (pgid, runs_dir) {
            (Some(pgid), Some(dir)) => {
                let path = dir.join(pgid.to_string());
                let body = format!("{pgid} {}\n", start_time(pgid).unwrap_or(0));
                match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, body)) {
                    Ok(()) => Some(path),
                    Err(e) => {
                        tracing::warn!(
                            "cannot write the hook's run marker {}: {e}",
                            path.display()
                        );
                        None
                    }
                }
            }
            _ => None,
        };
        Group { pgid, marker }
    }

    /// `sh` exited: what it left running in the background may go on.
    fn finished(&mut self) {
        self.pgid = None;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(pgid) = self.pgid {
            // SAFETY: killpg takes plain integers; no memory involved.
            unsafe {
                libc::killpg(pgid as libc::pid_t, libc::SIGKILL);
            }
        }
        if let Some(m) = &self.marker {
            let _ = std::fs::remove_file(m);
        }
    }
}

/// Kill the process group of every hook run a previous daemon left behind
/// (it was killed itself, or the machine went down). Only the holder of
/// the watcher lock may call this.
pub fn reap_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let body = std::fs::read_to_string(&path).unwrap_or_default();
        let mut words = body.split_whitespace().map(str::parse::<u64>);
        if let (Some(Ok(pgid)), Some(Ok(started))) = (words.next(), words.next()) {
            let pgid = pgid as u32;
            // The leader is ours if its start time matches; gone, the group
            // id cannot be reused while members live; another start time:
            // the number was reused, not ours.
            let ours = match start_time(pgid) {
                Some(t) => t == started,
                None => true,
            };
            #[cfg(unix)]
            if ours && pgid > 1 {
                // SAFETY: killpg takes plain integers; no memory involved.
                let killed = unsafe { libc::killpg(pgid as libc::pid_t, libc::SIGKILL) } == 0;
                if killed {
                    tracing::warn!(
                        pgid,
                        "a hook run left over from a previous daemon was still running: killed"
                    );
                }
            }
        }
        let _ = std::fs::remove_file(&path);
    }
}

impl CommandSink {
    pub fn new(command: impl Into<String>, timeout: Duration) -> CommandSink {
        CommandSink {
            command: command.into(),
            timeout,
            secret_vars: Vec::new(),
            runs_dir: None,
        }
    }

    /// Leave a marker of every run in `dir`, after killing what earlier
    /// runs left there ([`reap_leftovers`]).
    pub fn with_runs_dir(mut self, dir: PathBuf) -> CommandSink {
        reap_leftovers(&dir);
        self.runs_dir = Some(dir);
        self
    }

    pub fn from_config(cfg: &Config) -> Option<CommandSink> {
        let command = cfg.alerts.command.as_ref()?;
        let mut sink = CommandSink::new(command.clone(), cfg.alerts.command_timeout)
            .with_runs_dir(runs_dir(&cfg.store_path()));
        sink.secret_vars = cfg
            .mailboxes
            .iter()
            .filter_map(|m| match &m.secret {
                SecretSource::PasswordEnv(v) => Some(v.clone()),
                _ => None,
            })
            .collect();
        Some(sink)
    }

    async fn run(&self, alert: &Alert) -> Result<(), String> {
        let json = serde_json::to_vec(alert).map_err(|e| e.to_string())?;
        let mut cmd = tokio::process::Command::new("sh");
        cmd.arg("-c")
            .arg(&self.command)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for var in HIDDEN_VARS
            .iter()
            .copied()
            .chain(self.secret_vars.iter().map(String::as_str))
        {
            cmd.env_remove(var);
        }
        cmd.envs(hook_env(alert));
        #[cfg(unix)]
        cmd.process_group(0);
        #[cfg(target_os = "linux")]
        {
            let parent = std::process::id();
            // SAFETY: only async-signal-safe calls (prctl, getppid, _exit)
            // between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    // The daemon died before the prctl: follow it now.
                    if libc::getppid() as u32 != parent {
                        libc::_exit(1);
                    }
                    Ok(())
                });
            }
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start the hook `sh -c …`: {e}"))?;
        let pid = child.id();
        // Killed with its group if this delivery is dropped (shutdown).
        let mut group = Group::new(pid, self.runs_dir.as_deref());
        let mut stdin = child.stdin.take().expect("piped");
        let writer = tokio::spawn(async move {
            // A hook that ignores stdin closes the pipe early: not an error.
            let _ = stdin.write_all(&json).await;
        });
        // Read the output in tasks: a hook that leaves a background process
        // holding the pipes open (xclip, notify-send &) still counts as done
        // when `sh` exits.
        let read = |mut r: Box<dyn tokio::io::AsyncRead + Send + Unpin>| {
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let _ = r.read_to_end(&mut buf).await;
                buf
            })
        };
        let out_task = read(Box::new(child.stdout.take().expect("piped")));
        let err_task = read(Box::new(child.stderr.take().expect("piped")));
        let collect = |mut t: tokio::task::JoinHandle<Vec<u8>>| async move {
            match tokio::time::timeout(Duration::from_secs(1), &mut t).await {
                Ok(Ok(buf)) => buf,
                _ => {
                    t.abort();
                    Vec::new()
                }
            }
        };
        let waited = match tokio::time::timeout(self.timeout, child.wait()).await {
            Ok(status) => Ok((status, collect(out_task).await, collect(err_task).await)),
            Err(e) => {
                out_task.abort();
                err_task.abort();
                Err(e)
            }
        };
        writer.abort();
        if waited.is_ok() {
            group.finished();
        }
        match waited {
            Ok((Ok(status), stdout, stderr)) => {
                let stdout = String::from_utf8_lossy(&stdout);
                if !stdout.trim().is_empty() {
                    tracing::debug!(alert = %alert.kind, "hook output: {}", stdout.trim());
                }
                if status.success() {
                    Ok(())
                } else {
                    let stderr = String::from_utf8_lossy(&stderr);
                    let msg = format!(
                        "the hook failed ({status}){}",
                        if stderr.trim().is_empty() {
                            String::new()
                        } else {
                            format!(": {}", stderr.trim())
                        }
                    );
                    tracing::warn!(alert = %alert.kind, account = %alert.account, "{msg}");
                    Err(msg)
                }
            }
            Ok((Err(e), _, _)) => Err(format!("the hook could not be waited for: {e}")),
            Err(_) => {
                // The whole group: `sh -c` and whatever it started.
                drop(group);
                let _ = child.kill().await;
                let msg = format!(
                    "the hook did not finish within {} and was killed",
                    humantime::format_duration(self.timeout)
                );
                tracing::warn!(alert = %alert.kind, account = %alert.account, "{msg}");
                Err(msg)
            }
        }
    }
}

impl Sink for CommandSink {
    fn name(&self) -> &'static str {
        "command"
    }
    fn deliver<'a>(&'a self, alert: &'a Alert) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(self.run(alert))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AlertKind;
    use chrono::Utc;

    fn alert() -> Alert {
        Alert {
            key: "code_received:fb:abc".into(),
            kind: AlertKind::CodeReceived,
            account: "fb".into(),
            platform: "facebook".into(),
            code: Some("123456".into()),
            folder: Some("Junk".into()),
            mailbox: Some("local".into()),
            in_spam: true,
            unexpected: false,
            detail: None,
            since: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn env_names_kind_account_platform_code_and_folder() {
        let env = hook_env(&alert());
        let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("OPTOUT_ALERT"), Some("code_received"));
        assert_eq!(get("OPTOUT_ACCOUNT"), Some("fb"));
        assert_eq!(get("OPTOUT_PLATFORM"), Some("facebook"));
        assert_eq!(get("OPTOUT_CODE"), Some("123456"));
        assert_eq!(get("OPTOUT_FOLDER"), Some("Junk"));
    }

    #[test]
    fn timed_alerts_have_no_code_and_no_folder() {
        let a = Alert {
            kind: AlertKind::CodeOverdue,
            code: None,
            folder: None,
            ..alert()
        };
        let env = hook_env(&a);
        assert_eq!(env.len(), 3);
        assert!(env
            .iter()
            .all(|(n, _)| *n != "OPTOUT_CODE" && *n != "OPTOUT_FOLDER"));
    }

    #[tokio::test]
    async fn the_hook_gets_json_and_variables_and_failures_carry_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let sink = CommandSink::new(
            format!(
                "cat > '{}.json'; echo \"$OPTOUT_ALERT $OPTOUT_CODE $OPTOUT_FOLDER\" > '{}.env'",
                out.display(),
                out.display()
            ),
            Duration::from_secs(20),
        );
        let sent = alert();
        sink.deliver(&sent).await.unwrap();
        let json: Alert =
            serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
        assert_eq!(json, sent);
        let env = std::fs::read_to_string(dir.path().join("out.env")).unwrap();
        assert_eq!(env.trim(), "code_received 123456 Junk");

        let failing = CommandSink::new("echo broken >&2; exit 3", Duration::from_secs(20));
        let err = failing.deliver(&alert()).await.unwrap_err();
        assert!(err.contains("broken") && err.contains('3'), "{err}");
    }

    #[tokio::test]
    async fn a_hook_that_hangs_is_killed_with_its_children() {
        let sink = CommandSink::new("sleep 30 & sleep 30", Duration::from_millis(300));
        let started = std::time::Instant::now();
        let err = sink.deliver(&alert()).await.unwrap_err();
        assert!(err.contains("killed"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}
