//! One way to run a shell command that optout depends on — `password_cmd`,
//! `oauth2_token_cmd`, and (meant to be shared) the alert hook: through
//! `sh -c`, in its own process group, with a deadline after which the
//! whole group is killed. Blocking; async callers use `spawn_blocking`.

use std::io::Write;
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// What to run and how.
#[derive(Debug, Clone)]
pub struct Job {
    /// Run as `sh -c COMMAND`.
    pub command: String,
    /// Written to its stdin, which is then closed; `None`: stdin is closed
    /// from the start (nothing to read, no prompt that waits forever).
    pub stdin: Option<Vec<u8>>,
    /// Added to its environment.
    pub env: Vec<(String, String)>,
    /// Taken out of its environment (variables that hold secrets).
    pub env_remove: Vec<String>,
    pub timeout: Duration,
}

impl Job {
    pub fn new(command: impl Into<String>, timeout: Duration) -> Job {
        Job {
            command: command.into(),
            stdin: None,
            env: Vec::new(),
            env_remove: Vec::new(),
            timeout,
        }
    }
}

/// A command that ran to its end (successfully or not).
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Finished {
    /// 127: the shell did not find the program.
    pub fn not_found(&self) -> bool {
        self.status.code() == Some(127)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start: {0}")]
    Spawn(#[source] std::io::Error),
    #[error("cannot wait for it to end: {0}")]
    Wait(#[source] std::io::Error),
    /// It, and everything it started, were killed.
    #[error("did not finish within {} and was killed", humantime::format_duration(*.0))]
    TimedOut(Duration),
}

/// Run `job` to its end or its deadline. Its output is returned, never
/// logged: it may be a password.
pub fn run(job: Job) -> Result<Finished, RunError> {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(&job.command)
        .stdin(if job.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in &job.env_remove {
        command.env_remove(var);
    }
    command.envs(job.env.iter().map(|(k, v)| (k, v)));
    // Its own process group, so that a timeout kills its children too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(RunError::Spawn)?;
    if let (Some(input), Some(mut pipe)) = (job.stdin, child.stdin.take()) {
        // In a thread: a command that does not read must not block us.
        // A closed pipe (the command exited early) is its business.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let pid = child.id();
    // Waiting (for the exit and for both pipes to close) happens in a
    // thread, so that this one can give up.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(job.timeout) {
        Ok(out) => {
            let out = out.map_err(RunError::Wait)?;
            Ok(Finished {
                status: out.status,
                stdout: out.stdout,
                stderr: out.stderr,
            })
        }
        Err(_) => {
            kill_process_group(pid);
            // Reap it: the pipes close once the group is gone.
            let _ = rx.recv_timeout(Duration::from_secs(5));
            Err(RunError::TimedOut(job.timeout))
        }
    }
}

/// [`run`] from async code (the alert hook): on a blocking thread, so
/// the runtime goes on while the command runs.
pub async fn run_async(job: Job) -> Result<Finished, RunError> {
    tokio::task::spawn_blocking(move || run(job))
        .await
        .map_err(|e| RunError::Wait(std::io::Error::other(e.to_string())))?
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_env_and_output_reach_the_command_and_back() {
        let mut job = Job::new(
            "read x; echo \"$x $GREETING\"; echo err >&2",
            Duration::from_secs(10),
        );
        job.stdin = Some(b"hello\n".to_vec());
        job.env.push(("GREETING".into(), "world".into()));
        let out = run(job).unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout), "hello world\n");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "err\n");
    }

    #[tokio::test]
    async fn async_callers_get_the_same_deadline() {
        let started = std::time::Instant::now();
        let e = run_async(Job::new("sleep 30 & sleep 30", Duration::from_millis(300)))
            .await
            .unwrap_err();
        assert!(matches!(e, RunError::TimedOut(_)), "{e}");
        assert!(e
            .to_string()
            .contains("did not finish within 300ms and was killed"));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn removed_variables_are_gone_and_a_missing_program_is_told_apart() {
        std::env::set_var("OPTOUT_RUN_TEST_SECRET", "x");
        let mut job = Job::new(
            "echo \"[${OPTOUT_RUN_TEST_SECRET:-}]\"",
            Duration::from_secs(10),
        );
        job.env_remove.push("OPTOUT_RUN_TEST_SECRET".into());
        assert_eq!(String::from_utf8_lossy(&run(job).unwrap().stdout), "[]\n");
        let out = run(Job::new("no-such-program-optout", Duration::from_secs(10))).unwrap();
        assert!(out.not_found());
    }
}
