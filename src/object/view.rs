//! What `optout object` shows, as pure functions of what is known: the
//! status line, the code, the advice. No I/O; [`super::screen`] writes it.

use crate::t;
use crate::text::Lang;
use std::time::Duration;

/// How one folder is being watched, as far as `object` can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Not known yet (logging in, or the daemon has not synced it yet).
    Pending,
    /// Pushed: its own connection in IDLE.
    Idle,
    /// Polled every so many seconds.
    Polled { every_secs: u64 },
    /// Synced by the `optout watch` that runs beside us.
    Daemon,
    /// Could not be watched (see [`Watching::error`]).
    Failed,
}

/// One watched folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderState {
    pub name: String,
    pub spam: bool,
    pub how: How,
}

/// Everything the status line says about the mailbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watching {
    pub folders: Vec<FolderState>,
    /// `Some(pid)` when `optout watch` does the watching (pid may be empty).
    pub daemon: Option<String>,
    /// Why the mailbox cannot be watched, in one sentence.
    pub error: Option<String>,
}

impl Watching {
    /// The spam folders, by name.
    pub fn spam_folders(&self) -> Vec<String> {
        self.folders
            .iter()
            .filter(|f| f.spam)
            .map(|f| f.name.clone())
            .collect()
    }
}

/// "0:42", "12:05", "1:02:03".
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// "INBOX ✓ IDLE · Spamverdacht ✓ IDLE".
pub fn folders_line(w: &Watching, lang: Lang) -> String {
    if w.folders.is_empty() {
        return match (&w.error, &w.daemon) {
            (Some(e), _) => format!("✗ {e}"),
            (None, Some(_)) => t!(lang, "object-folders-daemon-starting"),
            (None, None) => t!(lang, "object-folders-connecting"),
        };
    }
    let parts: Vec<String> = w
        .folders
        .iter()
        .map(|f| match f.how {
            How::Pending => format!("{} …", f.name),
            How::Idle => format!("{} ✓ IDLE", f.name),
            How::Polled { every_secs } => {
                format!(
                    "{} ✓ {}",
                    f.name,
                    t!(lang, "object-how-poll", secs = every_secs)
                )
            }
            How::Daemon => format!("{} ✓", f.name),
            How::Failed => format!("{} ✗", f.name),
        })
        .collect();
    let mut line = parts.join(" · ");
    if let Some(pid) = &w.daemon {
        line.push_str(&format!(
            " ({})",
            t!(lang, "object-via-daemon", pid = pid.as_str())
        ));
    }
    if let Some(e) = &w.error {
        line.push_str(&format!(" — {e}"));
    }
    line
}

/// The line that updates in place while waiting.
pub fn status_line(waited: Duration, w: &Watching, lang: Lang) -> String {
    format!(
        "{}  {} · {}",
        clock(waited),
        t!(lang, "object-waiting"),
        folders_line(w, lang)
    )
}

/// The code, framed, for a terminal (bold inside the frame).
pub fn code_box(code: &str) -> Vec<String> {
    let inner = format!("   {code}   ");
    let width = inner.chars().count();
    vec![
        format!("  ┏{}┓", "━".repeat(width)),
        format!("  ┃\x1b[1m{inner}\x1b[0m┃"),
        format!("  ┗{}┛", "━".repeat(width)),
    ]
}

/// Where the code was found, in words: "in the spam folder “Junk”".
pub fn found_where(folder: Option<&str>, spam: bool, lang: Lang) -> String {
    match (folder, spam) {
        (Some(f), true) => t!(lang, "object-found-in-spam", folder = f),
        (Some(f), false) => t!(lang, "object-found-in", folder = f),
        (None, _) => String::new(),
    }
}

/// The advice when no code came: every spam folder named, two-factor
/// accounts, try again.
pub fn advice(waited: Duration, w: &Watching, lang: Lang) -> Vec<String> {
    let spam = w.spam_folders();
    let waited = humantime::format_duration(Duration::from_secs(waited.as_secs())).to_string();
    let mut lines = vec![t!(lang, "object-no-code-yet", waited = waited)];
    lines.push(if let (true, Some(e)) = (w.folders.is_empty(), &w.error) {
        t!(lang, "object-advice-unreachable", error = e.as_str())
    } else if spam.is_empty() {
        t!(lang, "object-advice-no-spam-folder")
    } else {
        t!(
            lang,
            "object-advice-spam-checked",
            n = spam.len(),
            folders = spam.join(", ")
        )
    });
    lines.push(t!(lang, "object-advice-two-factor"));
    lines.push(t!(lang, "object-advice-try-again"));
    lines
}

/// Cut `s` to `width` characters (the status line must never wrap: a
/// wrapped line cannot be redrawn in place).
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, spam: bool, how: How) -> FolderState {
        FolderState {
            name: name.into(),
            spam,
            how,
        }
    }

    #[test]
    fn the_clock_reads_minutes_and_hours() {
        assert_eq!(clock(Duration::from_secs(42)), "0:42");
        assert_eq!(clock(Duration::from_secs(725)), "12:05");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
    }

    #[test]
    fn the_folders_line_says_how_each_folder_is_watched() {
        let w = Watching {
            folders: vec![
                folder("INBOX", false, How::Idle),
                folder("Spamverdacht", true, How::Idle),
            ],
            ..Default::default()
        };
        assert_eq!(
            folders_line(&w, Lang::De),
            "INBOX ✓ IDLE · Spamverdacht ✓ IDLE"
        );
        let w = Watching {
            folders: vec![
                folder("INBOX", false, How::Idle),
                folder("Junk", true, How::Polled { every_secs: 60 }),
            ],
            ..Default::default()
        };
        assert_eq!(
            folders_line(&w, Lang::En),
            "INBOX ✓ IDLE · Junk ✓ every 60 s"
        );
        let w = Watching {
            folders: vec![folder("INBOX", false, How::Daemon)],
            daemon: Some("42".into()),
            ..Default::default()
        };
        assert_eq!(
            folders_line(&w, Lang::En),
            "INBOX ✓ (via optout watch, pid 42)"
        );
        let w = Watching {
            error: Some("login refused".into()),
            ..Default::default()
        };
        assert_eq!(folders_line(&w, Lang::En), "✗ login refused");
    }

    #[test]
    fn the_advice_names_every_spam_folder() {
        let w = |names: &[&str]| Watching {
            folders: names
                .iter()
                .map(|n| folder(n, *n != "INBOX", How::Idle))
                .collect(),
            ..Default::default()
        };
        let a = advice(
            Duration::from_secs(15 * 60 + 5),
            &w(&["INBOX", "Junk", "Spamverdacht"]),
            Lang::En,
        );
        let all = a.join("\n");
        assert!(all.contains("15m"), "{all}");
        assert!(all.contains("Junk, Spamverdacht"), "{all}");
        assert!(all.contains("two-factor"), "{all}");
        let de = advice(Duration::from_secs(60), &w(&["INBOX", "Junk"]), Lang::De).join("\n");
        assert!(de.contains("Junk") && de.contains("Zwei-Faktor"), "{de}");
        let down = Watching {
            error: Some("connection refused".into()),
            ..Default::default()
        };
        let down = advice(Duration::from_secs(60), &down, Lang::En).join("\n");
        assert!(
            down.contains("could not reach") && down.contains("connection refused"),
            "{down}"
        );
    }

    #[test]
    fn long_lines_are_cut_not_wrapped() {
        assert_eq!(fit("abcdef", 10), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ä✓·x", 3).chars().count(), 3);
    }

    #[test]
    fn the_code_stands_in_a_frame() {
        let b = code_box("123456");
        assert_eq!(b.len(), 3);
        assert!(b[1].contains("123456"));
        assert_eq!(b[0].chars().count(), b[2].chars().count());
    }
}
