//! A private tmux server running one command in a pane: a real terminal,
//! for what optout does only on one (asking without echo).

use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(name: &str, cmd: &str) -> Tmux {
        if Command::new("tmux").arg("-V").output().is_err() {
            panic!("tmux is not installed: run scripts/test (it installs tmux)");
        }
        let t = Tmux {
            socket: format!("optout-{name}-{}", std::process::id()),
        };
        let out = t.run(&["new-session", "-d", "-x", "160", "-y", "50", "-s", "t", cmd]);
        assert!(out.status.success(), "{out:?}");
        t
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap()
    }

    /// What the pane shows now.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Type `text`, then Enter.
    pub fn type_line(&self, text: &str) {
        assert!(self
            .run(&["send-keys", "-t", "t", "-l", text])
            .status
            .success());
        assert!(self
            .run(&["send-keys", "-t", "t", "Enter"])
            .status
            .success());
    }

    /// Wait until the pane shows `what`; the screen then.
    pub fn wait_for(&self, what: &str, within: Duration) -> String {
        let until = Instant::now() + within;
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(Instant::now() < until, "no {what:?} on the screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}
