//! Where `optout object` writes. On a terminal one status line is redrawn
//! in place (carriage return, erase line) and every other line is printed
//! above it; elsewhere (a pipe, a file) nothing is redrawn: one line per
//! event, so scripts and tests can read it.

use super::view;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// A status line is on the terminal now (log lines must clear it first).
static STATUS_SHOWN: AtomicBool = AtomicBool::new(false);
/// A log line overwrote it: redraw on the next update.
static STATUS_DIRTY: AtomicBool = AtomicBool::new(false);

pub struct Screen {
    /// stdout is a terminal: redraw the status line in place.
    pub terminal: bool,
    out: std::io::Stdout,
    /// The status line currently shown (terminal), or the last event line
    /// printed for it (elsewhere).
    shown: Option<String>,
}

impl Screen {
    pub fn stdout() -> Screen {
        Screen {
            terminal: std::io::IsTerminal::is_terminal(&std::io::stdout()),
            out: std::io::stdout(),
            shown: None,
        }
    }

    /// A line of its own (above the status line, on a terminal).
    pub fn line(&mut self, text: &str) {
        let mut out = self.out.lock();
        if self.terminal && self.shown.is_some() {
            let _ = write!(out, "\r\x1b[2K");
        }
        let _ = writeln!(out, "{text}");
        if self.terminal {
            if let Some(s) = &self.shown {
                let _ = write!(out, "{s}");
            }
        }
        let _ = out.flush();
    }

    /// The status line. `event` is the part that is news when it changes
    /// (off a terminal only that is printed, once per change).
    pub fn status(&mut self, full: &str, event: &str) {
        if self.terminal {
            let line = view::fit(full, terminal_width().saturating_sub(1).max(20));
            let dirty = STATUS_DIRTY.swap(false, Ordering::SeqCst);
            if !dirty && self.shown.as_deref() == Some(line.as_str()) {
                return;
            }
            let mut out = self.out.lock();
            let _ = write!(out, "\r\x1b[2K{line}");
            let _ = out.flush();
            self.shown = Some(line);
            STATUS_SHOWN.store(true, Ordering::SeqCst);
        } else if self.shown.as_deref() != Some(event) {
            self.shown = Some(event.to_owned());
            let mut out = self.out.lock();
            let _ = writeln!(out, "{event}");
            let _ = out.flush();
        }
    }

    /// End the status line: what follows starts on a fresh line.
    pub fn end_status(&mut self) {
        if self.terminal && self.shown.take().is_some() {
            STATUS_SHOWN.store(false, Ordering::SeqCst);
            let mut out = self.out.lock();
            let _ = writeln!(out);
            let _ = out.flush();
        }
    }
}

/// The log's writer while `object` runs: stderr, but a log line first
/// erases the status line (same terminal) and has it redrawn after.
pub fn log_writer() -> LogLine {
    LogLine
}

pub struct LogLine;

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut err = std::io::stderr().lock();
        if STATUS_SHOWN.load(Ordering::SeqCst) {
            err.write_all(b"\r\x1b[2K")?;
            STATUS_DIRTY.store(true, Ordering::SeqCst);
        }
        err.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The terminal's width in columns (80 if it cannot be told).
fn terminal_width() -> usize {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: TIOCGWINSZ fills a winsize struct we own.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        let rc = unsafe { libc::ioctl(std::io::stdout().as_raw_fd(), libc::TIOCGWINSZ, &mut ws) };
        if rc == 0 && ws.ws_col > 0 {
            return ws.ws_col as usize;
        }
    }
    80
}
