//! A small blocking IMAP client for the tests: it plays the person's mail
//! app and the provider's mail server (APPEND), and reads flags to prove
//! optout changed nothing. Plain IMAP to a loopback test server only
//! (Dovecot, Cyrus, Courier).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    tag: u32,
    /// Whether a folder is EXAMINEd.
    selected: bool,
}

impl Client {
    pub fn connect(port: u16, user: &str, password: &str) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to dovecot");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut c = Client {
            reader: BufReader::new(stream.try_clone().unwrap()),
            writer: stream,
            tag: 0,
            selected: false,
        };
        let greeting = c.line();
        assert!(greeting.starts_with("* OK"), "greeting: {greeting}");
        c.ok(&format!("LOGIN {user} {password}"));
        c
    }

    fn line(&mut self) -> String {
        let mut l = String::new();
        self.reader.read_line(&mut l).expect("read from dovecot");
        assert!(!l.is_empty(), "dovecot closed the connection");
        l
    }

    /// Send a command; return the untagged lines; panic unless it ends OK.
    pub fn ok(&mut self, command: &str) -> Vec<String> {
        let (lines, status) = self.command(command.as_bytes(), None);
        assert!(status.contains(" OK"), "{command}: {status}\n{lines:?}");
        lines
    }

    /// Send a command (with an optional literal); return the untagged lines
    /// and the tagged status line.
    pub fn command(&mut self, command: &[u8], literal: Option<&[u8]>) -> (Vec<String>, String) {
        self.tag += 1;
        let tag = format!("t{}", self.tag);
        let mut msg = format!("{tag} ").into_bytes();
        msg.extend_from_slice(command);
        if let Some(lit) = literal {
            // A synchronising literal: Courier has no LITERAL+.
            msg.extend_from_slice(format!(" {{{}}}\r\n", lit.len()).as_bytes());
            self.writer.write_all(&msg).unwrap();
            let go_on = self.line();
            assert!(go_on.starts_with('+'), "no continuation: {go_on}");
            msg = lit.to_vec();
        }
        msg.extend_from_slice(b"\r\n");
        self.writer.write_all(&msg).unwrap();
        let mut lines = Vec::new();
        loop {
            let l = self.line();
            if l.starts_with(&format!("{tag} ")) {
                return (lines, l.trim_end().to_owned());
            }
            lines.push(l.trim_end().to_owned());
        }
    }

    /// APPEND a mail to `folder` (as a mail server delivering it would);
    /// returns the UID the server gave it.
    pub fn append(&mut self, folder: &str, mail: &[u8]) -> u32 {
        self.append_with(folder, "", mail)
    }

    /// APPEND with flags, e.g. `(\Seen)`.
    pub fn append_with(&mut self, folder: &str, flags: &str, mail: &[u8]) -> u32 {
        if self.selected {
            // Courier refuses APPEND while a folder is EXAMINEd; a failed
            // EXAMINE leaves none selected (RFC 3501), without UNSELECT.
            let _ = self.command(b"EXAMINE \"optout-test-no-such-folder\"", None);
            self.selected = false;
        }
        let cmd = format!("APPEND \"{folder}\" {flags}").trim_end().to_owned();
        let (_, status) = self.command(cmd.as_bytes(), Some(mail));
        assert!(status.contains(" OK"), "APPEND: {status}");
        // "t3 OK [APPENDUID 1700000000 7] Append completed."
        status
            .split("APPENDUID ")
            .nth(1)
            .and_then(|s| s.split([' ', ']']).nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    /// APPEND with an internal (arrival) date, e.g. `01-Jan-2020 00:00:00 +0000`.
    pub fn append_dated(&mut self, folder: &str, date: &str, mail: &[u8]) -> u32 {
        self.append_with(folder, &format!("() \"{date}\""), mail)
    }

    /// Delete and create `folder` again: it gets a new UIDVALIDITY (as when
    /// a server rebuilds its index), and its mail must be appended again.
    pub fn recreate(&mut self, folder: &str) {
        self.ok(&format!("DELETE \"{folder}\""));
        self.ok(&format!("CREATE \"{folder}\""));
    }

    /// Every message's UID and flags in `folder`, read-only.
    pub fn flags(&mut self, folder: &str) -> Vec<(u32, String)> {
        self.ok(&format!("EXAMINE \"{folder}\""));
        self.selected = true;
        let lines = self.ok("UID FETCH 1:* (UID FLAGS)");
        let mut out: Vec<(u32, String)> = lines
            .iter()
            .filter(|l| l.contains("FETCH"))
            .map(|l| {
                let uid = l
                    .split("UID ")
                    .nth(1)
                    .and_then(|s| s.split([' ', ')']).next())
                    .unwrap()
                    .parse()
                    .unwrap();
                // \Recent belongs to the session, not the message: leave it out.
                let flags = l
                    .split("FLAGS (")
                    .nth(1)
                    .and_then(|s| s.split(')').next())
                    .unwrap_or("");
                let flags = flags
                    .split(' ')
                    .filter(|f| !f.is_empty() && *f != "\\Recent")
                    .collect::<Vec<_>>()
                    .join(" ");
                (uid, flags)
            })
            .collect();
        out.sort();
        out
    }

    /// The folder's UIDVALIDITY.
    pub fn uidvalidity(&mut self, folder: &str) -> u32 {
        let lines = self.ok(&format!("EXAMINE \"{folder}\""));
        self.selected = true;
        lines
            .iter()
            .find_map(|l| l.split("UIDVALIDITY ").nth(1))
            .and_then(|s| s.split(']').next())
            .and_then(|s| s.parse().ok())
            .expect("UIDVALIDITY in EXAMINE response")
    }

    pub fn logout(mut self) {
        let _ = self.command(b"LOGOUT", None);
    }
}
