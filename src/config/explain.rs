//! The TOML parser's and serde's messages ("unknown field `hots`, expected
//! one of …", "invalid type: string \"yes\", expected a boolean",
//! "duplicate key") in words a person understands, with what to do.
//! Pure: message text in, sentence out.

use crate::t;
use crate::text::Lang;

/// What the parser said, read back into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// A key (or a section, when `table`) that does not exist here.
    UnknownKey {
        key: String,
        allowed: Vec<String>,
        table: bool,
    },
    /// A value of the wrong kind: `expected` as serde names it ("u16",
    /// "a boolean"), `found` as written ("string \"yes\"", "integer `-1`").
    WrongType { expected: String, found: String },
    /// A value that is not one of the allowed words.
    UnknownChoice { value: String, allowed: Vec<String> },
    /// A key or a section given twice.
    Duplicate,
    /// A required key is absent.
    Missing { key: String },
    /// Our own duration check (see `raw::HumanDuration`).
    BadDuration { value: String },
    /// Anything else: a syntax error, kept as the parser said it.
    Other(String),
}

/// The marker `raw::HumanDuration` puts before a value it cannot read, so
/// that the message can be written here in the person's language.
pub(super) const BAD_DURATION: &str = "optout: not a duration: ";

/// Words between backticks: "`a`, `b` or `c`" → a, b, c.
fn ticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

impl Problem {
    pub(super) fn read(message: &str) -> Problem {
        let m = message.trim();
        if let Some(value) = m.strip_prefix(BAD_DURATION) {
            return Problem::BadDuration {
                value: value.to_owned(),
            };
        }
        if let Some(rest) = m.strip_prefix("unknown field ") {
            let (key, allowed) = rest.split_once(", expected").unwrap_or((rest, ""));
            let allowed = if allowed.contains("there are no fields") {
                Vec::new()
            } else {
                ticked(allowed)
            };
            // The top level lists the sections: a misspelt section.
            let table = allowed.iter().any(|a| a == "mailbox");
            return Problem::UnknownKey {
                key: key.trim_matches('`').to_owned(),
                allowed,
                table,
            };
        }
        if let Some(rest) = m.strip_prefix("unknown variant ") {
            let (value, allowed) = rest.split_once(", expected").unwrap_or((rest, ""));
            return Problem::UnknownChoice {
                value: value.trim_matches('`').to_owned(),
                allowed: ticked(allowed),
            };
        }
        for prefix in ["invalid type: ", "invalid value: "] {
            if let Some(rest) = m.strip_prefix(prefix) {
                if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                    return Problem::WrongType {
                        expected: expected.to_owned(),
                        found: found.to_owned(),
                    };
                }
            }
        }
        if let Some(rest) = m.strip_prefix("missing field ") {
            return Problem::Missing {
                key: rest.trim_matches('`').to_owned(),
            };
        }
        if m.starts_with("duplicate key") || m.starts_with("duplicate table") {
            return Problem::Duplicate;
        }
        Problem::Other(m.to_owned())
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// misspelling of it.
pub(super) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, strsim::levenshtein(c, word)))
        .filter(|&(c, d)| d <= 2 && d < c.len().max(word.len()))
        .min_by_key(|&(_, d)| d)
        .map(|(c, _)| c)
}

/// " (did you mean "host"?)" or "".
pub(super) fn did_you_mean(lang: Lang, near: Option<&str>) -> String {
    near.map(|n| format!(" {}", t!(lang, "config-did-you-mean", near = n)))
        .unwrap_or_default()
}

fn quoted_list(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What serde expected, in words: "u16" → "a whole number from 1 to 65535".
fn expected_in_words(lang: Lang, expected: &str) -> String {
    match expected.trim() {
        "u16" => t!(lang, "config-expected-port"),
        "u8" | "u32" | "u64" | "usize" | "i32" | "i64" | "an integer" => {
            t!(lang, "config-expected-number")
        }
        "a boolean" => t!(lang, "config-expected-bool"),
        "a string" | "path string" | "a path" => t!(lang, "config-expected-text"),
        e if e.starts_with("a sequence") => t!(lang, "config-expected-list"),
        e if e.starts_with("struct ") || e.starts_with("a map") => {
            t!(lang, "config-expected-table")
        }
        e => e.to_owned(),
    }
}

/// What was written instead, in words: "string \"yes\"" → "the text "yes"".
fn found_in_words(lang: Lang, found: &str) -> String {
    let found = found.trim();
    if let Some(s) = found.strip_prefix("string ") {
        return t!(lang, "config-found-text", value = s);
    }
    for kind in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = found.strip_prefix(kind) {
            return t!(lang, "config-found-value", value = v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => t!(lang, "config-found-list"),
        "map" => t!(lang, "config-found-table"),
        other => other.to_owned(),
    }
}

/// The key to name in the error, when the problem knows it better than
/// the line does.
pub(super) fn key_of(problem: &Problem) -> Option<&str> {
    match problem {
        Problem::UnknownKey { key, .. } | Problem::Missing { key } => Some(key),
        _ => None,
    }
}

/// The sentence for a problem at a line whose text is `line` (a section
/// header such as `[alerts]`, or `key = value`) and whose key is `key`.
pub(super) fn explain(
    lang: Lang,
    problem: &Problem,
    line: Option<&str>,
    key: Option<&str>,
) -> String {
    let key = key.unwrap_or("");
    match problem {
        Problem::UnknownKey {
            key,
            allowed,
            table,
        } => {
            let hint = did_you_mean(lang, nearest(key, allowed.iter().map(String::as_str)));
            let allowed = quoted_list(allowed);
            if *table {
                t!(
                    lang,
                    "config-unknown-section",
                    key = key,
                    hint = hint,
                    allowed = allowed
                )
            } else if allowed.is_empty() {
                t!(lang, "config-unknown-key-none", key = key)
            } else {
                t!(
                    lang,
                    "config-unknown-key",
                    key = key,
                    hint = hint,
                    allowed = allowed
                )
            }
        }
        Problem::WrongType { expected, found } => t!(
            lang,
            "config-wrong-type",
            key = key,
            expected = expected_in_words(lang, expected),
            found = found_in_words(lang, found)
        ),
        Problem::UnknownChoice { value, allowed } => {
            let hint = did_you_mean(lang, nearest(value, allowed.iter().map(String::as_str)));
            t!(
                lang,
                "config-unknown-choice",
                key = key,
                value = value.as_str(),
                hint = hint,
                allowed = quoted_list(allowed)
            )
        }
        Problem::Duplicate => {
            let header = line.map(str::trim).filter(|l| l.starts_with('['));
            match header {
                Some(h) if h.starts_with("[[") => {
                    t!(lang, "config-key-twice", key = key)
                }
                Some(h) => t!(
                    lang,
                    "config-section-twice",
                    section = h
                        .split(']')
                        .next()
                        .unwrap_or(h)
                        .trim_start_matches('[')
                        .trim()
                ),
                None => t!(lang, "config-key-twice", key = key),
            }
        }
        Problem::Missing { key } => t!(lang, "config-missing-key", key = key.as_str()),
        Problem::BadDuration { value } => t!(lang, "config-bad-duration", value = value.as_str()),
        Problem::Other(detail) => t!(lang, "config-syntax", detail = detail.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_are_read_back() {
        assert_eq!(
            Problem::read("unknown field `hots`, expected one of `name`, `host`, `port`"),
            Problem::UnknownKey {
                key: "hots".into(),
                allowed: vec!["name".into(), "host".into(), "port".into()],
                table: false
            }
        );
        assert_eq!(
            Problem::read("invalid value: integer `-1`, expected u32"),
            Problem::WrongType {
                expected: "u32".into(),
                found: "integer `-1`".into()
            }
        );
        assert_eq!(
            Problem::read("unknown variant `fr`, expected `de` or `en`"),
            Problem::UnknownChoice {
                value: "fr".into(),
                allowed: vec!["de".into(), "en".into()]
            }
        );
        assert_eq!(Problem::read("duplicate key"), Problem::Duplicate);
        assert_eq!(
            Problem::read("missing field `host`"),
            Problem::Missing { key: "host".into() }
        );
    }

    #[test]
    fn sentences_use_plain_words() {
        let p = Problem::read("invalid type: string \"993\", expected u16");
        let s = explain(Lang::En, &p, Some("port = \"993\""), Some("port"));
        assert!(s.contains("a whole number from 1 to 65535"), "{s}");
        assert!(!s.contains("u16"), "{s}");
        let s = explain(Lang::De, &p, Some("port = \"993\""), Some("port"));
        assert!(s.contains("ganze Zahl"), "{s}");

        let s = explain(Lang::En, &Problem::Duplicate, Some("[alerts]"), None);
        assert!(s.starts_with("[alerts] appears twice"), "{s}");

        let p = Problem::read("unknown field `hots`, expected one of `name`, `host`");
        let s = explain(Lang::En, &p, None, None);
        assert!(s.contains("(did you mean \"host\"?)"), "{s}");
        // Nothing close: no guess.
        let p = Problem::read("unknown field `xyzzy`, expected one of `name`, `host`");
        assert!(!explain(Lang::En, &p, None, None).contains("did you mean"));
    }
}
