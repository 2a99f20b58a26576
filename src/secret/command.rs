//! `password_cmd` and `oauth2_token_cmd`: the first line a command prints
//! is the secret. Run by the shared runner ([`super::run`]), which kills
//! the command's whole process group at the deadline.

use super::run::{run, Job, RunError};
use crate::config::Secret;
use std::time::Duration;

/// How long `password_cmd` and `oauth2_token_cmd` may run: long enough for
/// a person to unlock a keyring at its prompt, short enough that a command
/// that hangs does not stall `watch` or `check` for good. Then the command
/// and everything it started are killed.
pub const SECRET_CMD_TIMEOUT: Duration = Duration::from_secs(120);

pub(crate) fn run_secret_cmd(cmd: &str, mailbox: &str, key: &str) -> Result<Secret, String> {
    run_secret_cmd_within(cmd, mailbox, key, SECRET_CMD_TIMEOUT)
}

/// Run a secret command with stdin closed. Its output is never logged nor
/// put into an error message.
pub(crate) fn run_secret_cmd_within(
    cmd: &str,
    mailbox: &str,
    key: &str,
    timeout: Duration,
) -> Result<Secret, String> {
    let out = match run(Job::new(cmd, timeout)) {
        Ok(out) => out,
        Err(e @ RunError::TimedOut(_)) => {
            return Err(format!(
                "mailbox \"{mailbox}\": {key} `{cmd}` {e}; run it by hand to see what it waits for (a locked keyring, a prompt on the terminal?)"
            ))
        }
        Err(e) => {
            let e = match e {
                RunError::Spawn(e) | RunError::Wait(e) => e.to_string(),
                e => e.to_string(),
            };
            return Err(format!("mailbox \"{mailbox}\": cannot run {key}: {e}"));
        }
    };
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The shell's "command not found": say what to do about it.
        let hint = if out.not_found() {
            if cmd.trim_start().starts_with("secret-tool") {
                " (install it: apt install libsecret-tools; or store the password with `optout login`)"
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
