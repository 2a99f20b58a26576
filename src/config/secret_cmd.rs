//! Resolving a mailbox's credential, and running `password_cmd` /
//! `oauth2_token_cmd` with a timeout that kills the whole process group.
//! Kept apart: the credential sources move to `crate::secret`, which
//! shares the subprocess runner with the alert hook.

use super::model::{Credential, Mailbox, Secret, SecretSource};
use std::time::Duration;

/// How long `password_cmd` and `oauth2_token_cmd` may run: long enough for
/// a person to unlock a keyring at its prompt, short enough that a command
/// that hangs does not stall `watch` or `check` for good. Then the command
/// and everything it started are killed.
pub const SECRET_CMD_TIMEOUT: Duration = Duration::from_secs(120);

impl Mailbox {
    /// Fetch the password or token. Commands run through `sh -c` with
    /// stdin closed; the first line of their output, trimmed, is the secret.
    /// Nothing is cached on disk.
    pub fn credential(&self) -> Result<Credential, String> {
        match &self.secret {
            SecretSource::Password(p) => Ok(Credential::Password(p.clone())),
            SecretSource::PasswordEnv(var) => std::env::var(var)
                .map(|v| Credential::Password(Secret::new(v)))
                .map_err(|_| {
                    format!(
                        "mailbox \"{}\": environment variable {var} (password_env) is not set",
                        self.name
                    )
                }),
            SecretSource::PasswordCmd(cmd) => {
                run_secret_cmd(cmd, &self.name, "password_cmd").map(Credential::Password)
            }
            SecretSource::OAuth2TokenCmd(cmd) => {
                run_secret_cmd(cmd, &self.name, "oauth2_token_cmd").map(Credential::OAuth2Token)
            }
        }
    }
}

fn run_secret_cmd(cmd: &str, mailbox: &str, key: &str) -> Result<Secret, String> {
    run_secret_cmd_within(cmd, mailbox, key, SECRET_CMD_TIMEOUT)
}

/// Run a secret command, killing it and whatever it started (its process
/// group) if it does not finish within `timeout`. Its output is never
/// logged nor put into an error message.
pub(super) fn run_secret_cmd_within(
    cmd: &str,
    mailbox: &str,
    key: &str,
    timeout: Duration,
) -> Result<Secret, String> {
    use std::process::{Command, Stdio};
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so that a timeout kills its children too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command
        .spawn()
        .map_err(|e| format!("mailbox \"{mailbox}\": cannot run {key}: {e}"))?;
    let pid = child.id();
    // Waiting (for the exit and for both pipes to close) happens in a
    // thread, so that this one can give up.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(timeout) {
        Ok(out) => out.map_err(|e| format!("mailbox \"{mailbox}\": cannot run {key}: {e}"))?,
        Err(_) => {
            kill_process_group(pid);
            // Reap it: the pipes close once the group is gone.
            let _ = rx.recv_timeout(Duration::from_secs(5));
            return Err(format!(
                "mailbox \"{mailbox}\": {key} `{cmd}` did not finish within {} and was killed; run it by hand to see what it waits for (a locked keyring, a prompt on the terminal?)",
                humantime::format_duration(timeout)
            ));
        }
    };
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The shell's "command not found": say what to do about it.
        let hint = if out.status.code() == Some(127) {
            if cmd.trim_start().starts_with("secret-tool") {
                " (install it: apt install libsecret-tools)"
            } else {
                " (is the program installed and on PATH?)"
            }
        } else {
            ""
        };
        // A command that fails without a word: say so, rather than end
        // the sentence with nothing after the colon.
        let how = match out.status.code() {
            Some(code) => format!("exited {code}"),
            None => format!("failed ({})", out.status),
        };
        return Err(if stderr.trim().is_empty() {
            format!(
                "mailbox \"{mailbox}\": {key} `{cmd}` {how} and printed nothing{hint}; run it by hand to see why"
            )
        } else {
            format!(
                "mailbox \"{mailbox}\": {key} `{cmd}` {how}: {}{hint}",
                stderr.trim()
            )
        });
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap_or("").trim();
    if first.is_empty() {
        return Err(format!(
            "mailbox \"{mailbox}\": {key} `{cmd}` printed nothing"
        ));
    }
    Ok(Secret::new(first))
}

#[cfg(unix)]
fn kill_process_group(pgid: u32) {
    if let Ok(pgid) = libc::pid_t::try_from(pgid) {
        // SAFETY: kill(2) has no memory effects; a negative pid names the
        // process group the command leads (it was spawned with
        // process_group(0), so its group id is its pid).
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}
#[cfg(not(unix))]
fn kill_process_group(_: u32) {}
