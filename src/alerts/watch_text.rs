//! The words of the mailbox alerts (`unwatchable`, `watching_again`).

use super::text::Message;
use crate::imap::health::Problem;
use crate::model::{Alert, AlertKind};
use crate::t;
use crate::text::Lang;
use chrono::TimeZone;

/// The problem in a few words, for the alert and `status`.
pub fn reason(problem: Problem, lang: Lang) -> String {
    match problem {
        Problem::LoginRefused => t!(lang, "watch-reason-login-refused"),
        Problem::Credential => t!(lang, "watch-reason-credential"),
        Problem::Dns => t!(lang, "watch-reason-dns"),
        Problem::Connect => t!(lang, "watch-reason-connect"),
        Problem::Tls => t!(lang, "watch-reason-tls"),
        Problem::PlaintextRefused => t!(lang, "watch-reason-plaintext"),
        Problem::NoAnswer => t!(lang, "watch-reason-no-answer"),
        Problem::Protocol => t!(lang, "watch-reason-protocol"),
    }
}

fn remedy(problem: Problem, mailbox: &str, lang: Lang) -> String {
    match problem {
        Problem::LoginRefused | Problem::Credential => {
            t!(lang, "watch-remedy-login", mailbox = mailbox)
        }
        Problem::Tls | Problem::PlaintextRefused => {
            t!(lang, "watch-remedy-check", mailbox = mailbox)
        }
        _ => t!(lang, "watch-remedy-network", mailbox = mailbox),
    }
}

/// The words for a mailbox alert, times in `tz`.
pub fn message_in<Tz: TimeZone>(alert: &Alert, lang: Lang, tz: &Tz) -> Message {
    let mailbox = alert.mailbox.as_deref().unwrap_or(&alert.account);
    let since = alert.since.unwrap_or(alert.created_at);
    let minutes = (alert.created_at - since).num_minutes().max(0);
    let time = since
        .with_timezone(tz)
        .naive_local()
        .format("%H:%M")
        .to_string();
    match alert.kind {
        AlertKind::WatchingAgain => Message {
            summary: t!(lang, "watch-again-summary", mailbox = mailbox),
            body: t!(
                lang,
                "watch-again-body",
                mailbox = mailbox,
                time = &time,
                minutes = minutes
            ),
            critical: false,
        },
        _ => {
            let problem = alert
                .detail
                .as_deref()
                .and_then(Problem::parse)
                .unwrap_or(Problem::Protocol);
            Message {
                summary: t!(lang, "watch-unwatchable-summary", mailbox = mailbox),
                body: format!(
                    "{} {}",
                    t!(
                        lang,
                        "watch-unwatchable-body",
                        mailbox = mailbox,
                        minutes = minutes,
                        time = &time,
                        reason = reason(problem, lang)
                    ),
                    remedy(problem, mailbox, lang)
                ),
                critical: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn alert(kind: AlertKind, detail: Option<&str>, minutes: i64) -> Alert {
        let since = Utc.with_ymd_and_hms(2026, 12, 2, 14, 2, 0).unwrap();
        Alert {
            key: "k".into(),
            kind,
            account: "gmx".into(),
            platform: String::new(),
            code: None,
            folder: None,
            mailbox: Some("gmx".into()),
            in_spam: false,
            unexpected: false,
            detail: detail.map(str::to_owned),
            since: Some(since),
            created_at: since + chrono::Duration::minutes(minutes),
        }
    }

    #[test]
    fn the_alert_names_the_mailbox_how_long_and_why_in_both_languages() {
        let a = alert(AlertKind::Unwatchable, Some("login_refused"), 12);
        let de = message_in(&a, Lang::De, &Utc);
        assert!(
            de.body.starts_with(
                "optout sieht das Postfach „gmx“ seit 12 Minuten nicht: Anmeldung abgelehnt"
            ),
            "{}",
            de.body
        );
        assert!(de.body.contains("optout login gmx"), "{}", de.body);
        let en = message_in(&a, Lang::En, &Utc);
        assert!(
            en.body.contains("for 12 minutes") && en.body.contains("refused the login"),
            "{}",
            en.body
        );
        // At once after refused logins: no "0 minutes".
        let now = alert(AlertKind::Unwatchable, Some("no_answer"), 0);
        let de = message_in(&now, Lang::De, &Utc);
        assert!(!de.body.contains("0 Minuten"), "{}", de.body);
        assert!(de.body.contains("antwortet nicht"), "{}", de.body);
        let again = alert(AlertKind::WatchingAgain, None, 14);
        let en = message_in(&again, Lang::En, &Utc);
        let de = message_in(&again, Lang::De, &Utc);
        assert!(en.summary.contains("again") && de.summary.contains("wieder"));
        assert!(en.body.contains("14 minutes") && de.body.contains("14 Minuten"));
        assert_ne!(en.body, de.body);
    }
}
