//! What an alert says, in German and English: the desktop notification's
//! summary and body, and whether it is urgent.

use crate::model::{Alert, AlertKind};
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
    let where_found = match (lang, alert.in_spam) {
        (Lang::En, true) => format!("Found in your spam folder ({folder})."),
        (Lang::De, true) => format!("Gefunden im Spam-Ordner ({folder})."),
        (Lang::En, false) => format!("Found in {folder}."),
        (Lang::De, false) => format!("Gefunden in {folder}."),
    };
    // Timed alerts: when the cause began; a receipt: the submission (its
    // arrival, or the round's first receipt), never the alert's creation —
    // a receipt found weeks late must not push the deadline back.
    let since = alert.since.unwrap_or(alert.created_at);
    let deadline = day(tracker::deadline(since, tz), lang);
    let overdue = tracker::deadline_passed_at(since, tz) <= alert.created_at;
    let days = (alert.created_at - since).num_days().max(0);
    let (summary, body, critical) = match (alert.kind, lang) {
        (AlertKind::CodeReceived, Lang::En) if alert.unexpected => (
            format!("Unexpected {p} security code: {code}"),
            format!(
                "You did not ask for a code (optout expect-code {acct}). Someone may be trying to log in to your {p} account {acct}. Never pass the code on; if it was not you, change your password. {where_found}"
            ),
            true,
        ),
        (AlertKind::CodeReceived, Lang::De) if alert.unexpected => (
            format!("Unerwarteter {p}-Sicherheitscode: {code}"),
            format!(
                "Du hast keinen Code angefordert (optout expect-code {acct}). Vielleicht versucht jemand, sich bei deinem {p}-Konto {acct} anzumelden. Gib den Code nie weiter; warst du es nicht, ändere dein Passwort. {where_found}"
            ),
            true,
        ),
        (AlertKind::CodeReceived, Lang::En) => (
            format!("{p} code: {code}"),
            format!("For your objection ({p}, account {acct}): enter it in the form. {where_found}"),
            true,
        ),
        (AlertKind::CodeReceived, Lang::De) => (
            format!("{p}-Code: {code}"),
            format!("Für deinen Widerspruch ({p}, Konto {acct}): im Formular eingeben. {where_found}"),
            true,
        ),
        (AlertKind::Receipt, Lang::En) => (
            format!("{p} received your objection"),
            if overdue {
                format!(
                    "Account {acct}: the objection was submitted on {}. {p} had to answer within one month (GDPR Art. 12(3)), by {deadline}; that day has passed. Send a reminder: optout letter {acct} --kind reminder.",
                    date(since, lang)
                )
            } else {
                format!(
                    "Account {acct}: the objection is submitted. {p} must answer within one month (GDPR Art. 12(3)), by {deadline}. optout keeps watching."
                )
            },
            false,
        ),
        (AlertKind::Receipt, Lang::De) => (
            format!("{p} hat deinen Widerspruch erhalten"),
            if overdue {
                format!(
                    "Konto {acct}: der Widerspruch wurde am {} eingereicht. {p} musste innerhalb eines Monats antworten (Art. 12 Abs. 3 DSGVO), bis {deadline}; die Frist ist abgelaufen. Erinnerung senden: optout letter {acct} --kind reminder.",
                    date(since, lang)
                )
            } else {
                format!(
                    "Konto {acct}: der Widerspruch ist eingereicht. {p} muss innerhalb eines Monats antworten (Art. 12 Abs. 3 DSGVO), bis {deadline}. optout wacht weiter."
                )
            },
            false,
        ),
        (AlertKind::Accepted, Lang::En) => (
            format!("{p} accepted your objection"),
            format!("Account {acct}: done. Keep the mail as proof (optout evidence {acct} --out DIR). {where_found}"),
            false,
        ),
        (AlertKind::Accepted, Lang::De) => (
            format!("{p} hat deinen Widerspruch anerkannt"),
            format!("Konto {acct}: erledigt. Die Mail als Nachweis aufheben (optout evidence {acct} --out DIR). {where_found}"),
            false,
        ),
        (AlertKind::Rejected, Lang::En) => (
            format!("{p} refused your objection"),
            format!("Account {acct}: {p} says it cannot take further action. You can complain to the data protection authority (optout letter {acct} --kind complaint). {where_found}"),
            false,
        ),
        (AlertKind::Rejected, Lang::De) => (
            format!("{p} lehnt deinen Widerspruch ab"),
            format!("Konto {acct}: {p} will nichts weiter unternehmen. Du kannst dich bei der Datenschutzaufsicht beschweren (optout letter {acct} --kind complaint). {where_found}"),
            false,
        ),
        (AlertKind::CodeOverdue, Lang::En) => (
            format!("No {p} code yet"),
            format!(
                "Account {acct}: you asked for a code at {}. Check your spam folder; accounts with two-factor login often get no code; try the form again.",
                time(since)
            ),
            false,
        ),
        (AlertKind::CodeOverdue, Lang::De) => (
            format!("Noch kein {p}-Code"),
            format!(
                "Konto {acct}: Code angefordert um {} Uhr. Sieh im Spam-Ordner nach; Konten mit Zwei-Faktor-Anmeldung bekommen oft keinen Code; versuche das Formular erneut.",
                time(since)
            ),
            false,
        ),
        (AlertKind::ReplyOverdue, Lang::En) => (
            format!("No answer from {p} for {days} days"),
            format!(
                "Account {acct}: objection submitted on {}, no decision yet. The legal limit is one month (GDPR Art. 12(3)): {}.",
                date(since, lang),
                deadline
            ),
            false,
        ),
        (AlertKind::ReplyOverdue, Lang::De) => (
            format!("Seit {days} Tagen keine Antwort von {p}"),
            format!(
                "Konto {acct}: Widerspruch eingereicht am {}, noch keine Entscheidung. Die gesetzliche Frist ist ein Monat (Art. 12 Abs. 3 DSGVO): {}.",
                date(since, lang),
                deadline
            ),
            false,
        ),
        (AlertKind::DeadlinePassed, Lang::En) => (
            format!("{p} missed the one-month deadline"),
            format!(
                "Account {acct}: submitted on {}, no decision by {} (GDPR Art. 12(3)). Send a reminder: optout letter {acct} --kind reminder — or complain: optout letter {acct} --kind complaint.",
                date(since, lang),
                deadline
            ),
            false,
        ),
        (AlertKind::DeadlinePassed, Lang::De) => (
            format!("{p} hat die Monatsfrist versäumt"),
            format!(
                "Konto {acct}: eingereicht am {}, keine Entscheidung bis {} (Art. 12 Abs. 3 DSGVO). Erinnerung senden: optout letter {acct} --kind reminder — oder beschweren: optout letter {acct} --kind complaint.",
                date(since, lang),
                deadline
            ),
            false,
        ),
        (AlertKind::Suspicious, Lang::En) => (
            format!("Possible phishing: a mail posing as {p}"),
            format!(
                "A mail in {folder} uses {p}'s wording but was not sent by {p}. Do not click its links or enter any code there.{}",
                alert.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            true,
        ),
        (AlertKind::Suspicious, Lang::De) => (
            format!("Möglicher Phishing-Versuch: Mail gibt sich als {p} aus"),
            format!(
                "Eine Mail in {folder} klingt wie {p}, kommt aber nicht von {p}. Keine Links anklicken, nirgends einen Code eingeben.{}",
                alert.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
            ),
            true,
        ),
    };
    Message {
        summary,
        body,
        critical,
    }
}

/// The label of the "copy code" action.
pub fn copy_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Copy code",
        Lang::De => "Code kopieren",
    }
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

    const ALL: [AlertKind; 8] = [
        AlertKind::CodeReceived,
        AlertKind::Receipt,
        AlertKind::Accepted,
        AlertKind::Rejected,
        AlertKind::CodeOverdue,
        AlertKind::ReplyOverdue,
        AlertKind::DeadlinePassed,
        AlertKind::Suspicious,
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
