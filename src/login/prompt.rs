//! Reading the password: one line from stdin, or from the terminal with
//! echo off (termios), restored even when reading fails.

use std::io::{BufRead, Write};

/// One line from stdin, without its line end.
pub fn read_line_from_stdin() -> std::io::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(trim_line_end(line))
}

fn trim_line_end(mut s: String) -> String {
    while s.ends_with('\n') || s.ends_with('\r') {
        s.pop();
    }
    s
}

/// Ask on stderr, read from the terminal without echo.
#[cfg(unix)]
pub fn ask_hidden(question: &str) -> std::io::Result<String> {
    let mut err = std::io::stderr();
    write!(err, "{question} ")?;
    err.flush()?;
    let fd = libc::STDIN_FILENO;
    // SAFETY: termios is plain data; tcgetattr fills it or fails.
    let mut term: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut term) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let saved = term;
    term.c_lflag &= !libc::ECHO;
    term.c_lflag |= libc::ECHONL;
    // SAFETY: a termios copied from tcgetattr, one flag changed.
    if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &term) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let line = read_line_from_stdin();
    // SAFETY: restores the settings read above.
    unsafe {
        libc::tcsetattr(fd, libc::TCSANOW, &saved);
    }
    line
}

#[cfg(not(unix))]
pub fn ask_hidden(question: &str) -> std::io::Result<String> {
    // No termios: the Windows console echoes; say so by asking for stdin.
    let _ = question;
    Err(std::io::Error::other(
        "cannot turn off echo here: use --password-stdin",
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_line_end_is_cut() {
        assert_eq!(super::trim_line_end("pw \r\n".into()), "pw ");
        assert_eq!(super::trim_line_end("pw".into()), "pw");
    }
}
