//! The catalogue of every sentence a person reads, German and English.
//!
//! The sentences live in Fluent files, one per area of the program, under
//! `src/text/locales/{en,de}/AREA.ftl`, embedded into the binary at build
//! time. Code asks for a message by id with [`t!`](crate::t):
//!
//! ```ignore
//! let line = t!(lang, "status-no-accounts");
//! let line = t!(lang, "status-ago-days", n = 3);
//! ```
//!
//! Message ids start with their file's area (`status-…`, `alert-…`) so
//! that ids from different files never collide. `tests/text_catalogue.rs`
//! fails if a language lacks a message the other has, or if the code asks
//! for an id that no file defines. `--json` output never goes through the
//! catalogue: it is an interface and stays English.

use crate::tracker::NextStep;
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/text/locales",
        fallback_language: "en",
        // No Unicode bidi isolation marks around arguments: they end up
        // in terminals, hooks and letters as invisible characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// German if the locale says so (`LC_ALL`, `LC_MESSAGES`, `LANG`, the
    /// first one set wins, as in POSIX), else English.
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|var| std::env::var(var).ok())
    }

    /// [`Lang::from_env`] with the environment passed in (for tests).
    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return if v.to_ascii_lowercase().starts_with("de") {
                    Lang::De
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// "de" / "en": the folder name under `src/text/locales`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        static DE: OnceLock<LanguageIdentifier> = OnceLock::new();
        static EN: OnceLock<LanguageIdentifier> = OnceLock::new();
        match self {
            Lang::De => DE.get_or_init(|| "de".parse().expect("valid language id")),
            Lang::En => EN.get_or_init(|| "en".parse().expect("valid language id")),
        }
    }
}

/// The arguments of a message: name → value (strings or numbers; numbers
/// select plural forms).
pub type Args = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// Turns a Rust value into a message argument.
pub fn arg<V: IntoArg>(v: V) -> FluentValue<'static> {
    v.into_arg()
}

/// What may be passed to [`t!`](crate::t) as an argument.
pub trait IntoArg {
    fn into_arg(self) -> FluentValue<'static>;
}

impl IntoArg for String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_owned())
    }
}
impl IntoArg for std::path::Display<'_> {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
macro_rules! number_arg {
    ($($ty:ty),*) => {$(
        impl IntoArg for $ty {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
number_arg!(i32, i64, u8, u16, u32, u64, usize);

/// The message `id` in `lang`. A missing message is a bug the catalogue
/// test catches; at run time it falls back to English, then to the id.
pub fn get(lang: Lang, id: &str, args: Option<&Args>) -> String {
    let found = match args {
        Some(a) => LOCALES.try_lookup_with_args(lang.id(), id, a),
        None => LOCALES.try_lookup(lang.id(), id),
    };
    found.unwrap_or_else(|| {
        tracing::warn!(id, lang = lang.code(), "message missing from the catalogue");
        id.to_owned()
    })
}

/// Whether the catalogue has message `id` in `lang` itself (no fallback).
pub fn has(lang: Lang, id: &str) -> bool {
    LOCALES
        .lookup_single_language::<&str>(lang.id(), id, None)
        .is_ok()
}

/// A sentence from the catalogue: `t!(lang, "id")` or
/// `t!(lang, "id", name = value, …)`; values are strings or numbers.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::text::get($lang, $id, None)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::text::Args::new();
        $( args.insert(stringify!($name).into(), $crate::text::arg($value)); )+
        $crate::text::get($lang, $id, Some(&args))
    }};
}

/// "3 days ago", "gerade eben".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..=59 => t!(lang, "time-just-now"),
        60..=3599 => t!(lang, "time-minutes-ago", n = secs / 60),
        3600..=86_399 => t!(lang, "time-hours-ago", n = secs / 3600),
        _ => t!(lang, "time-days-ago", n = secs / 86_400),
    }
}

/// A state in words ("wartet auf Code"), for tables and sentences; `--json`
/// keeps `State::as_str`.
pub fn state_name(state: crate::model::State, lang: Lang) -> String {
    use crate::model::State;
    match state {
        State::NotStarted => t!(lang, "state-not-started"),
        State::AwaitingCode => t!(lang, "state-awaiting-code"),
        State::CodeReceived => t!(lang, "state-code-received"),
        State::Submitted => t!(lang, "state-submitted"),
        State::Accepted => t!(lang, "state-accepted"),
        State::Rejected => t!(lang, "state-rejected"),
    }
}

/// A derived flag in words ("Code überfällig").
pub fn flag_name(flag: crate::tracker::Flag, lang: Lang) -> String {
    use crate::tracker::Flag;
    match flag {
        Flag::CodeOverdue => t!(lang, "flag-code-overdue"),
        Flag::ReplyOverdue => t!(lang, "flag-reply-overdue"),
        Flag::DeadlinePassed => t!(lang, "flag-deadline-passed"),
    }
}

/// An event kind in words, for `log` ("Eingangsbestätigung"); unknown
/// kinds (from a newer optout) as stored.
pub fn event_kind_name(kind: &str, lang: Lang) -> String {
    match kind {
        "code" => t!(lang, "event-code"),
        "receipt" => t!(lang, "event-receipt"),
        "accepted" => t!(lang, "event-accepted"),
        "rejected" => t!(lang, "event-rejected"),
        "suspicious" => t!(lang, "event-suspicious"),
        "unrecognised" => t!(lang, "event-unrecognised"),
        "review" => t!(lang, "event-review"),
        "expect_code" => t!(lang, "event-expect-code"),
        "mark" => t!(lang, "event-mark"),
        other => other.to_owned(),
    }
}

/// The next step in words, for `status`.
pub fn next_step(step: NextStep, account: &str, lang: Lang) -> String {
    match step {
        NextStep::Object => t!(lang, "step-object", account = account),
        NextStep::WaitForCode => t!(lang, "step-wait-for-code"),
        NextStep::CheckSpam => t!(lang, "step-check-spam"),
        NextStep::EnterCode => t!(lang, "step-enter-code"),
        NextStep::CodeExpired => t!(lang, "status-step-code-expired", account = account),
        NextStep::WaitForDecision => t!(lang, "step-wait-for-decision"),
        NextStep::NoAnswer { days } => t!(lang, "step-no-answer", days = days),
        NextStep::SendReminder { days } => {
            t!(lang, "step-send-reminder", days = days, account = account)
        }
        NextStep::KeepProof => t!(lang, "step-keep-proof", account = account),
        NextStep::ConsiderComplaint => t!(lang, "step-consider-complaint", account = account),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn ago_reads_naturally() {
        let now = Utc::now();
        assert_eq!(ago(now, now, Lang::En), "just now");
        assert_eq!(
            ago(now - Duration::minutes(1), now, Lang::En),
            "1 minute ago"
        );
        assert_eq!(ago(now - Duration::hours(5), now, Lang::En), "5 hours ago");
        assert_eq!(ago(now - Duration::days(3), now, Lang::En), "3 days ago");
        assert_eq!(ago(now - Duration::days(1), now, Lang::De), "vor 1 Tag");
        assert_eq!(ago(now - Duration::days(3), now, Lang::De), "vor 3 Tagen");
        assert_eq!(ago(now, now, Lang::De), "gerade eben");
    }

    #[test]
    fn arguments_carry_no_bidi_marks() {
        let s = next_step(NextStep::Object, "fb", Lang::En);
        assert!(s.contains("`optout object fb`"), "{s}");
        assert!(!s.contains('\u{2068}'), "{s:?}");
    }

    #[test]
    fn locale_picks_german_or_english() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "de_DE.UTF-8")])),
            Lang::De
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "de_DE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LC_MESSAGES", "de_AT")])),
            Lang::De
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
    }
}
