//! Words shown to the person, in German and English.

use crate::tracker::NextStep;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// German if the locale says so, else English.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("de") {
                    Lang::De
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// "3 days ago", "gerade eben".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let secs = (now - then).num_seconds().max(0);
    let (n, unit_en, unit_de) = match secs {
        0..=59 => {
            return match lang {
                Lang::En => "just now".into(),
                Lang::De => "gerade eben".into(),
            }
        }
        60..=3599 => (secs / 60, "minute", ("Minute", "Minuten")),
        3600..=86_399 => (secs / 3600, "hour", ("Stunde", "Stunden")),
        _ => (secs / 86_400, "day", ("Tag", "Tagen")),
    };
    match lang {
        Lang::En => format!("{n} {unit_en}{} ago", if n == 1 { "" } else { "s" }),
        Lang::De => format!("vor {n} {}", if n == 1 { unit_de.0 } else { unit_de.1 }),
    }
}

/// The next step in words, for `status`.
pub fn next_step(step: NextStep, account: &str, lang: Lang) -> String {
    match (lang, step) {
        (Lang::En, NextStep::Object) => format!("object in the provider's form, then run `optout expect-code {account}`"),
        (Lang::De, NextStep::Object) => format!("im Formular widersprechen, dann `optout expect-code {account}` ausführen"),
        (Lang::En, NextStep::WaitForCode) => "wait for the code (it often lands in spam)".into(),
        (Lang::De, NextStep::WaitForCode) => "auf den Code warten (landet oft im Spam)".into(),
        (Lang::En, NextStep::CheckSpam) => "no code yet: check your spam folder; accounts with two-factor login often get none — try the form again".into(),
        (Lang::De, NextStep::CheckSpam) => "noch kein Code: Spam-Ordner prüfen; Konten mit Zwei-Faktor-Anmeldung bekommen oft keinen — Formular erneut versuchen".into(),
        (Lang::En, NextStep::EnterCode) => "enter the code in the form and submit".into(),
        (Lang::De, NextStep::EnterCode) => "Code im Formular eingeben und absenden".into(),
        (Lang::En, NextStep::WaitForDecision) => "wait for the decision".into(),
        (Lang::De, NextStep::WaitForDecision) => "auf die Entscheidung warten".into(),
        (Lang::En, NextStep::NoAnswer { days }) => format!("no answer for {days} days; the legal limit is one month"),
        (Lang::De, NextStep::NoAnswer { days }) => format!("seit {days} Tagen keine Antwort; die Frist ist ein Monat"),
        (Lang::En, NextStep::SendReminder { days }) => format!("no answer for {days} days, past the one-month limit: send a reminder (`optout letter {account} --kind reminder`)"),
        (Lang::De, NextStep::SendReminder { days }) => format!("seit {days} Tagen keine Antwort, Monatsfrist überschritten: Erinnerung senden (`optout letter {account} --kind reminder`)"),
        (Lang::En, NextStep::KeepProof) => format!("done — keep the acceptance mail as proof (`optout evidence {account} --out DIR`)"),
        (Lang::De, NextStep::KeepProof) => format!("erledigt — die Bestätigung als Nachweis aufheben (`optout evidence {account} --out DIR`)"),
        (Lang::En, NextStep::ConsiderComplaint) => format!("refused: consider a complaint to the data protection authority (`optout letter {account} --kind complaint`)"),
        (Lang::De, NextStep::ConsiderComplaint) => format!("abgelehnt: Beschwerde bei der Datenschutzaufsicht erwägen (`optout letter {account} --kind complaint`)"),
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
    }
}
