//! What an alert says, in German and English: the desktop notification's
//! summary and body, and whether it is urgent.

use crate::model::{Alert, AlertKind};
use crate::t;
use crate::text::Lang;
use crate::tracker;
use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};

/// A notification, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub summary: String,
    pub body: String,
    /// Codes and phishing warnings: the person must look now.
    pub critical: bool,
}

/// "facebook" -> "Facebook"; unknown providers are capitalised.
pub fn platform_name(platform: &str) -> String {
    match platform {
        "facebook" => "Facebook".into(),
        "instagram" => "Instagram".into(),
        "threads" => "Threads".into(),
        other => {
            let mut c = other.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// A calendar day, as people in that language write it.
pub fn day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::De => d.format("%d.%m.%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// The day of `t` in the local time zone, as people in that language write it.
pub fn date(t: DateTime<Utc>, lang: Lang) -> String {
    date_in(t, lang, &Local)
}

/// The day of `t` in `tz`, as people in that language write it.
pub fn date_in<Tz: TimeZone>(t: DateTime<Utc>, lang: Lang, tz: &Tz) -> String {
    day(t.with_timezone(tz).date_naive(), lang)
}

fn time_in<Tz: TimeZone>(t: DateTime<Utc>, tz: &Tz) -> String {
    t.with_timezone(tz)
        .naive_local()
        .format("%H:%M")
        .to_string()
}

/// The words for one alert; dates and times in the local time zone.
pub fn message(alert: &Alert, lang: Lang) -> Message {
    message_in(alert, lang, &Local)
}

/// The words for one alert, with dates and times in `tz`.
pub fn message_in<Tz: TimeZone>(alert: &Alert, lang: Lang, tz: &Tz) -> Message {
    let date = |t: DateTime<Utc>, lang: Lang| date_in(t, lang, tz);
    let time = |t: DateTime<Utc>| time_in(t, tz);
    let p = platform_name(&alert.platform);
    let acct = &alert.account;
    let code = alert.code.as_deref().unwrap_or("?");
    let folder = alert.folder.as_deref().unwrap_or("?");
    let where_found = if alert.in_spam {
        t!(lang, "alert-found-in-spam", folder = folder)
    } else {
        t!(lang, "alert-found-in", folder = folder)
    };
    // Timed alerts: when the cause began; a receipt: the submission (its
    // arrival, or the round's first receipt), never the alert's creation —
    // a receipt found weeks late must not push the deadline back.
    let since = alert.since.unwrap_or(alert.created_at);
    let deadline = day(tracker::deadline(since, tz), lang);
    let overdue = tracker::deadline_passed_at(since, tz) <= alert.created_at;
    let days = (alert.created_at - since).num_days().max(0);
    let submitted = date(since, lang);
    let detail = alert
        .detail
        .as_deref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    let (summary, body, critical) = match alert.kind {
        AlertKind::CodeReceived if alert.unexpected => (
            t!(lang, "alert-unexpected-code-summary", p = &p, code = code),
            t!(
                lang,
                "alert-unexpected-code-body",
                p = &p,
                acct = acct,
                found = &where_found
            ),
            true,
        ),
        AlertKind::CodeReceived => (
            t!(lang, "alert-code-summary", p = &p, code = code),
            t!(
                lang,
                "alert-code-body",
                p = &p,
                acct = acct,
                found = &where_found
            ),
            true,
        ),
        AlertKind::Receipt => (
            t!(lang, "alert-receipt-summary", p = &p),
            if overdue {
                t!(
                    lang,
                    "alert-receipt-body-overdue",
                    p = &p,
                    acct = acct,
                    submitted = &submitted,
                    deadline = &deadline
                )
            } else {
                t!(
                    lang,
                    "alert-receipt-body",
                    p = &p,
                    acct = acct,
                    deadline = &deadline
                )
            },
            false,
        ),
        AlertKind::Accepted => (
            t!(lang, "alert-accepted-summary", p = &p),
            t!(
                lang,
                "alert-accepted-body",
                acct = acct,
                found = &where_found
            ),
            false,
        ),
        AlertKind::Rejected => (
            t!(lang, "alert-rejected-summary", p = &p),
            t!(
                lang,
                "alert-rejected-body",
                p = &p,
                acct = acct,
                found = &where_found
            ),
            false,
        ),
        AlertKind::CodeOverdue => (
            t!(lang, "alert-code-overdue-summary", p = &p),
            t!(
                lang,
                "alert-code-overdue-body",
                acct = acct,
                time = time(since)
            ),
            false,
        ),
        AlertKind::ReplyOverdue => (
            t!(lang, "alert-reply-overdue-summary", p = &p, days = days),
            t!(
                lang,
                "alert-reply-overdue-body",
                acct = acct,
                submitted = &submitted,
                deadline = &deadline
            ),
            false,
        ),
        AlertKind::DeadlinePassed => (
            t!(lang, "alert-deadline-passed-summary", p = &p),
            t!(
                lang,
                "alert-deadline-passed-body",
                acct = acct,
                submitted = &submitted,
                deadline = &deadline
            ),
            false,
        ),
        AlertKind::Suspicious => (
            t!(lang, "alert-suspicious-summary", p = &p),
            t!(
                lang,
                "alert-suspicious-body",
                p = &p,
                folder = folder,
                detail = &detail
            ),
            true,
        ),
        AlertKind::Unwatchable | AlertKind::WatchingAgain => {
            let m = super::watch_text::message_in(alert, lang, tz);
            (m.summary, m.body, m.critical)
        }
        AlertKind::Unrecognised => (
            t!(lang, "review-alert-summary", p = &p),
            t!(
                lang,
                "review-alert-body",
                p = &p,
                folder = folder,
                acct = acct
            ),
            false,
        ),
    };
    Message {
        summary,
        body,
        critical,
    }
}

/// The label of the "copy code" action.
pub fn copy_label(lang: Lang) -> String {
    t!(lang, "alert-copy-code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn alert(kind: AlertKind) -> Alert {
        Alert {
            key: "k".into(),
            kind,
            account: "fb-max".into(),
            platform: "facebook".into(),
            code: (kind == AlertKind::CodeReceived).then(|| "48213790".into()),
            folder: Some("Spamverdacht".into()),
            mailbox: Some("gmx".into()),
            in_spam: true,
            unexpected: false,
            detail: Some("from facebookmail.com".into()),
            since: Some(Utc.with_ymd_and_hms(2026, 1, 31, 12, 0, 0).unwrap()),
            created_at: Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap(),
        }
    }

    const ALL: [AlertKind; 9] = [
        AlertKind::CodeReceived,
        AlertKind::Receipt,
        AlertKind::Accepted,
        AlertKind::Rejected,
        AlertKind::CodeOverdue,
        AlertKind::ReplyOverdue,
        AlertKind::DeadlinePassed,
        AlertKind::Suspicious,
        AlertKind::Unrecognised,
    ];

    #[test]
    fn every_kind_has_words_in_both_languages_and_they_differ() {
        for kind in ALL {
            let en = message_in(&alert(kind), Lang::En, &Utc);
            let de = message_in(&alert(kind), Lang::De, &Utc);
            assert!(!en.summary.is_empty() && !en.body.is_empty(), "{kind}");
            assert_ne!(en.summary, de.summary, "{kind}");
            assert_ne!(en.body, de.body, "{kind}");
            assert_eq!(en.critical, de.critical, "{kind}");
            assert!(en.summary.contains("Facebook"), "{kind}: {}", en.summary);
        }
    }

    #[test]
    fn a_code_is_in_the_summary_and_the_spam_folder_is_named() {
        let a = alert(AlertKind::CodeReceived);
        let en = message_in(&a, Lang::En, &Utc);
        assert!(en.summary.contains("48213790"));
        assert!(
            en.body.contains("in your spam folder (Spamverdacht)"),
            "{}",
            en.body
        );
        assert!(en.critical);
        let de = message_in(&a, Lang::De, &Utc);
        assert!(de.summary.contains("48213790"));
        assert!(de.body.contains("im Spam-Ordner"), "{}", de.body);
        let inbox = Alert {
            in_spam: false,
            folder: Some("INBOX".into()),
            ..a
        };
        assert!(!message_in(&inbox, Lang::En, &Utc).body.contains("spam"));
        assert!(!message_in(&inbox, Lang::De, &Utc).body.contains("Spam"));
    }

    #[test]
    fn an_unexpected_code_warns_of_a_login_attempt() {
        let a = Alert {
            unexpected: true,
            ..alert(AlertKind::CodeReceived)
        };
        let en = message_in(&a, Lang::En, &Utc);
        assert!(en.summary.starts_with("Unexpected") && en.summary.contains("48213790"));
        assert!(en.body.contains("trying to log in"), "{}", en.body);
        assert!(en.critical);
        let de = message_in(&a, Lang::De, &Utc);
        assert!(de.body.contains("anzumelden"), "{}", de.body);
    }

    #[test]
    fn timed_alerts_give_the_advice_and_the_dates() {
        let en = message_in(&alert(AlertKind::CodeOverdue), Lang::En, &Utc);
        assert!(en.body.contains("spam folder") && en.body.contains("two-factor"));
        assert!(en.body.contains("try the form again"));
        assert!(!en.critical);
        let de = message_in(&alert(AlertKind::CodeOverdue), Lang::De, &Utc);
        assert!(de.body.contains("Spam-Ordner") && de.body.contains("Zwei-Faktor"));
        // Jan 31 + one month = end of February (GDPR Art. 12(3)).
        let en = message_in(&alert(AlertKind::DeadlinePassed), Lang::En, &Utc);
        assert!(en.body.contains("2026-01-31"), "{}", en.body);
        assert!(en.body.contains("2026-02-28"), "{}", en.body);
        assert!(en.body.contains("optout letter fb-max --kind reminder"));
        let de = message_in(&alert(AlertKind::DeadlinePassed), Lang::De, &Utc);
        assert!(
            de.body.contains("31.01.2026") && de.body.contains("28.02.2026"),
            "{}",
            de.body
        );
        let en = message_in(&alert(AlertKind::ReplyOverdue), Lang::En, &Utc);
        assert!(en.summary.contains("38 days"), "{}", en.summary);
    }

    #[test]
    fn a_receipt_found_late_counts_the_deadline_from_its_arrival() {
        // A 40-day-old receipt found by a catch-up today: the deadline is a
        // month after the submission, not a month after today.
        let created = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let submitted = Utc.with_ymd_and_hms(2026, 10, 14, 9, 0, 0).unwrap();
        let a = Alert {
            since: Some(submitted),
            created_at: created,
            ..alert(AlertKind::Receipt)
        };
        let en = message_in(&a, Lang::En, &Utc);
        assert!(en.body.contains("by 2026-11-14"), "{}", en.body);
        assert!(en.body.contains("2026-10-14"), "{}", en.body);
        assert!(en.body.contains("has passed") && en.body.contains("--kind reminder"));
        assert!(!en.body.contains("2026-12-23"), "{}", en.body);
        let de = message_in(&a, Lang::De, &Utc);
        assert!(
            de.body.contains("bis 14.11.2026") && de.body.contains("abgelaufen"),
            "{}",
            de.body
        );
        // A fresh receipt: the deadline lies ahead.
        let fresh = Alert {
            since: Some(submitted),
            created_at: submitted + chrono::Duration::minutes(5),
            ..alert(AlertKind::Receipt)
        };
        let en = message_in(&fresh, Lang::En, &Utc);
        assert!(
            en.body
                .contains("must answer within one month (GDPR Art. 12(3)), by 2026-11-14."),
            "{}",
            en.body
        );
        // The day is the person's: 23:30 UTC on Oct 14 is Oct 15 in Berlin.
        let late = Alert {
            since: Some(Utc.with_ymd_and_hms(2026, 10, 14, 23, 30, 0).unwrap()),
            ..fresh
        };
        let berlin = chrono::FixedOffset::east_opt(2 * 3600).unwrap();
        let en = message_in(&late, Lang::En, &berlin);
        assert!(en.body.contains("by 2026-11-15"), "{}", en.body);
    }

    #[test]
    fn phishing_is_urgent() {
        assert!(message_in(&alert(AlertKind::Suspicious), Lang::En, &Utc).critical);
        assert!(!message_in(&alert(AlertKind::Accepted), Lang::En, &Utc).critical);
        assert_eq!(platform_name("mastodon"), "Mastodon");
    }
}
