//! `optout letter ACCOUNT --kind reminder|complaint [--lang de|en]`: a
//! ready-to-send reminder to the provider (GDPR Art. 21, Art. 12(3)) or a
//! complaint to the supervisory authority (Art. 77), filled in from the
//! event history.

use super::known_account;
use crate::alerts::text::{date_in, day, platform_name};
use crate::config::Config;
use crate::store::{EventRow, Store};
use crate::text::Lang;
use crate::tracker;
use anyhow::Result;
use chrono::{DateTime, Local, TimeZone, Utc};
use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LetterKind {
    /// To the provider: the one-month deadline of Art. 12(3) GDPR
    Reminder,
    /// To the data protection authority (Art. 77 GDPR)
    Complaint,
}

/// What a letter is made of.
#[derive(Debug, Clone)]
pub struct LetterInput {
    pub platform: String,
    /// The address the provider knows the person by.
    pub address: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// A reference / case number seen in a provider mail.
    pub reference: Option<String>,
    /// `rejected` / `accepted` and when, if decided.
    pub decision: Option<(String, DateTime<Utc>)>,
    pub events: Vec<EventRow>,
    pub now: DateTime<Utc>,
}

pub fn run(
    cfg: &Config,
    store: &Store,
    account: &str,
    kind: LetterKind,
    lang: Option<&str>,
) -> Result<()> {
    let acct = known_account(cfg, account)?;
    let lang = match lang {
        Some("de") => Lang::De,
        Some("en") => Lang::En,
        _ => cfg.alerts.lang(),
    };
    let row = store.accounts()?.into_iter().find(|r| r.id == account);
    let events = store.events(Some(account))?;
    let address = acct.address.clone().or_else(|| {
        cfg.mailboxes
            .iter()
            .find(|m| m.name == acct.mailbox)
            .map(|m| m.user.clone())
            .filter(|u| u.contains('@'))
    });
    let tracked = row.as_ref().map(|r| &r.tracked);
    let decision = tracked.and_then(|t| {
        t.state
            .is_decided()
            .then(|| (t.state.to_string(), t.decided_at.unwrap_or(t.since)))
    });
    let input = LetterInput {
        platform: acct.platform.clone(),
        address,
        submitted_at: tracked.and_then(|t| t.submitted_at),
        reference: find_reference(&events),
        decision,
        events,
        now: Utc::now(),
    };
    if input.submitted_at.is_none() {
        tracing::warn!("no submission date is known for {account} (no receipt mail, no `optout mark {account} submitted`): fill in the date in the letter");
    }
    print!("{}", letter(kind, lang, &input));
    Ok(())
}

/// A reference or case number in a provider mail's subject or reason:
/// "Fall-ID: 1234567", "case #98765432", "Referenznummer 12-3456".
pub fn find_reference(events: &[EventRow]) -> Option<String> {
    let re = Regex::new(
        r"(?i)\b(?:case|ticket|reference|ref|request|fall|vorgang|anfrage|aktenzeichen|referenz)[- ]?(?:id|nr|nummer|number|no)?\.?\s*[:#]?\s*#?\s*([A-Z0-9][A-Z0-9-]{4,})",
    )
    .expect("valid regex");
    events.iter().rev().find_map(|e| {
        [e.subject.as_deref(), e.reason.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|text| {
                re.captures_iter(text)
                    .map(|c| c[1].to_owned())
                    .find(|r| r.chars().any(|ch| ch.is_ascii_digit()))
            })
    })
}

fn is_meta(platform: &str) -> bool {
    matches!(
        platform,
        "facebook" | "instagram" | "threads" | "whatsapp" | "messenger" | "meta"
    )
}

const META_ADDRESS: &str = "Meta Platforms Ireland Limited\nMerrion Road\nDublin 4, D04 X2K5\n";

fn event_line<Tz: TimeZone>(e: &EventRow, lang: Lang, tz: &Tz) -> String {
    let date = |t: DateTime<Utc>, lang: Lang| date_in(t, lang, tz);
    let what = match (e.kind.as_str(), lang) {
        ("expect_code", Lang::En) => "verification code requested in the objection form".to_owned(),
        ("expect_code", Lang::De) => {
            "Bestätigungscode im Widerspruchsformular angefordert".to_owned()
        }
        ("code", Lang::En) => "verification code received by mail".to_owned(),
        ("code", Lang::De) => "Bestätigungscode per Mail erhalten".to_owned(),
        ("receipt", Lang::En) => "confirmation of receipt of the objection".to_owned(),
        ("receipt", Lang::De) => "Eingangsbestätigung des Widerspruchs".to_owned(),
        ("accepted", Lang::En) => "objection accepted".to_owned(),
        ("accepted", Lang::De) => "Widerspruch anerkannt".to_owned(),
        ("rejected", Lang::En) => {
            "reply: no further action will be taken (objection refused)".to_owned()
        }
        ("rejected", Lang::De) => {
            "Antwort: keine weiteren Maßnahmen (Widerspruch abgelehnt)".to_owned()
        }
        ("suspicious", Lang::En) => "a mail posing as the provider (not from it)".to_owned(),
        ("suspicious", Lang::De) => {
            "eine Mail, die sich als Anbieter ausgab (nicht von ihm)".to_owned()
        }
        ("mark", Lang::En) => format!(
            "noted: {}",
            e.state.as_deref().unwrap_or("?").replace('_', " ")
        ),
        ("mark", Lang::De) => format!(
            "vermerkt: {}",
            match e.state.as_deref().unwrap_or("?") {
                "not_started" => "nicht begonnen",
                "awaiting_code" => "Code angefordert",
                "code_received" => "Code erhalten",
                "submitted" => "Widerspruch eingereicht",
                "accepted" => "Widerspruch anerkannt",
                "rejected" => "Widerspruch abgelehnt",
                other => other,
            }
        ),
        (other, _) => other.to_owned(),
    };
    let subject = e
        .subject
        .as_deref()
        .map(|s| format!(" („{s}“)"))
        .unwrap_or_default();
    format!("- {}: {what}{subject}\n", date(e.at, lang))
}

/// The letter text, with dates in the local time zone.
pub fn letter(kind: LetterKind, lang: Lang, i: &LetterInput) -> String {
    letter_in(kind, lang, i, &Local)
}

/// The letter text, with dates as days in `tz`.
pub fn letter_in<Tz: TimeZone>(kind: LetterKind, lang: Lang, i: &LetterInput, tz: &Tz) -> String {
    let date = |t: DateTime<Utc>, lang: Lang| date_in(t, lang, tz);
    let p = platform_name(&i.platform);
    let meta = is_meta(&i.platform);
    let provider = if meta {
        "Meta Platforms Ireland Limited".to_owned()
    } else {
        p.clone()
    };
    let addr = i.address.clone().unwrap_or_else(|| match lang {
        Lang::En => "[your e-mail address]".into(),
        Lang::De => "[deine E-Mail-Adresse]".into(),
    });
    let submitted = i
        .submitted_at
        .map(|t| date(t, lang))
        .unwrap_or_else(|| match lang {
            Lang::En => "[date of the objection]".into(),
            Lang::De => "[Datum des Widerspruchs]".into(),
        });
    let deadline = i.submitted_at.map(|s| tracker::deadline(s, tz));
    let deadline_s = deadline
        .map(|d| day(d, lang))
        .unwrap_or_else(|| match lang {
            Lang::En => "[one month after that date]".into(),
            Lang::De => "[einen Monat danach]".into(),
        });
    // Passed once the last day is over, as `deadline_passed` says.
    let passed = i
        .submitted_at
        .is_none_or(|s| i.now >= tracker::deadline_passed_at(s, tz));
    let today = date(i.now, lang);
    let reference = i.reference.as_deref();
    let mut history = String::new();
    for e in &i.events {
        history.push_str(&event_line(e, lang, tz));
    }
    if history.is_empty() {
        history = match lang {
            Lang::En => format!("- {submitted}: objection submitted\n"),
            Lang::De => format!("- {submitted}: Widerspruch eingereicht\n"),
        };
    }
    match (kind, lang) {
        (LetterKind::Reminder, Lang::De) => {
            let to = if meta {
                META_ADDRESS.to_owned()
                    + "Irland\n(Kontaktformular für Datenschutzanfragen im Hilfebereich)\n"
            } else {
                format!("{p}\n[Anschrift / Datenschutzbeauftragte:r]\n")
            };
            let reference = reference
                .map(|r| format!(" Ihre Referenz-/Fallnummer: {r}."))
                .unwrap_or_default();
            let subj_ref = i
                .reference
                .as_deref()
                .map(|r| format!(", Ref. {r}"))
                .unwrap_or_default();
            let frist = if passed {
                format!("Diese Frist ist am {deadline_s} abgelaufen; eine Antwort habe ich bis heute ({today}) nicht erhalten.")
            } else {
                format!("Diese Frist endet am {deadline_s}; bis heute ({today}) habe ich keine Antwort erhalten.")
            };
            format!(
                "An:\n{to}\n\
Betreff: Erinnerung – Widerspruch nach Art. 21 DSGVO gegen die Nutzung meiner Daten für KI-Training ({p}, {addr}{subj_ref})\n\n\
Sehr geehrte Damen und Herren,\n\n\
am {submitted} habe ich für mein {p}-Konto ({addr}) nach Art. 21 DSGVO der Verarbeitung meiner personenbezogenen Daten für die Entwicklung und das Training von KI-Modellen widersprochen.{reference}\n\n\
Nach Art. 12 Abs. 3 DSGVO haben Sie mir unverzüglich, spätestens aber innerhalb eines Monats nach Eingang des Antrags, Informationen über die auf meinen Antrag hin ergriffenen Maßnahmen zur Verfügung zu stellen. {frist}\n\n\
Ich fordere Sie auf, mir innerhalb von 14 Tagen schriftlich zu bestätigen, dass meine personenbezogenen Daten nicht (mehr) für das Training von KI-Modellen verarbeitet werden. Andernfalls werde ich Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde einlegen (Art. 77 DSGVO).\n\n\
Bisheriger Verlauf:\n{history}\n\
Mit freundlichen Grüßen\n\n\
[Name]\n"
            )
        }
        (LetterKind::Reminder, Lang::En) => {
            let to = if meta {
                META_ADDRESS.to_owned() + "Ireland\n(privacy contact form in the Help Centre)\n"
            } else {
                format!("{p}\n[address / data protection officer]\n")
            };
            let reference = reference
                .map(|r| format!(" Your reference / case number: {r}."))
                .unwrap_or_default();
            let subj_ref = i
                .reference
                .as_deref()
                .map(|r| format!(", ref. {r}"))
                .unwrap_or_default();
            let limit = if passed {
                format!("That period ended on {deadline_s}; as of today ({today}) I have had no answer.")
            } else {
                format!(
                    "That period ends on {deadline_s}; as of today ({today}) I have had no answer."
                )
            };
            format!(
                "To:\n{to}\n\
Subject: Reminder – objection under Art. 21 GDPR to the use of my data for AI training ({p}, {addr}{subj_ref})\n\n\
Dear Sir or Madam,\n\n\
on {submitted} I objected, under Art. 21 GDPR, to the processing of the personal data of my {p} account ({addr}) for developing and training AI models.{reference}\n\n\
Under Art. 12(3) GDPR you must provide me with information on the action taken on my request without undue delay and in any event within one month of receipt of the request. {limit}\n\n\
Please confirm in writing within 14 days that my personal data are not (or no longer) processed for training AI models. Otherwise I will lodge a complaint with the competent supervisory authority (Art. 77 GDPR).\n\n\
History so far:\n{history}\n\
Yours faithfully,\n\n\
[Name]\n"
            )
        }
        (LetterKind::Complaint, Lang::De) => {
            let to = if meta {
                "Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (HmbBfDI)\nLudwig-Erhard-Straße 22\n20459 Hamburg\n\n\
(Für Meta ist in Deutschland der Hamburgische Beauftragte federführend; du kannst die Beschwerde auch bei der Aufsichtsbehörde deines Bundeslandes einreichen. \
Federführende Aufsichtsbehörde für Meta in der EU ist die irische Data Protection Commission (DPC), www.dataprotection.ie.)\n".to_owned()
            } else {
                "[die Datenschutz-Aufsichtsbehörde deines Bundeslandes]\n".to_owned()
            };
            let outcome = match &i.decision {
                Some((s, at)) if s == "rejected" => format!("Mit Antwort vom {} hat {provider} erklärt, keine weiteren Maßnahmen zu ergreifen; der Widerspruch wurde damit nicht beachtet.", date(*at, lang)),
                Some((s, at)) if s == "accepted" => format!("{provider} hat den Widerspruch am {} anerkannt; [beschreibe, warum du dich dennoch beschwerst].", date(*at, lang)),
                _ if passed => format!("{provider} hat innerhalb der Monatsfrist des Art. 12 Abs. 3 DSGVO (bis {deadline_s}) nicht entschieden; bis heute ({today}) liegt keine Antwort vor."),
                _ => format!("Bis heute ({today}) liegt keine Entscheidung vor."),
            };
            let reference = reference
                .map(|r| format!(" Referenz-/Fallnummer bei {provider}: {r}."))
                .unwrap_or_default();
            let respondent = if meta {
                format!("{provider}, Merrion Road, Dublin 4, D04 X2K5, Irland, als Verantwortliche für {p}")
            } else {
                format!("{provider} [Anschrift]")
            };
            format!(
                "An:\n{to}\n\
Betreff: Beschwerde nach Art. 77 DSGVO – Widerspruch gegen KI-Training nicht beachtet ({p})\n\n\
Sehr geehrte Damen und Herren,\n\n\
hiermit lege ich nach Art. 77 DSGVO Beschwerde ein gegen {respondent}.\n\n\
Am {submitted} habe ich der Verarbeitung meiner personenbezogenen Daten (Konto {addr}) für die Entwicklung und das Training von KI-Modellen nach Art. 21 DSGVO widersprochen.{reference} {outcome}\n\n\
Verlauf (aus meinen Aufzeichnungen):\n{history}\n\
Ich bitte Sie, den Vorgang zu prüfen und darauf hinzuwirken, dass mein Widerspruch beachtet wird. Kopien der E-Mails füge ich bei.\n\n\
Mit freundlichen Grüßen\n\n\
[Name, Anschrift]\n"
            )
        }
        (LetterKind::Complaint, Lang::En) => {
            let to = if meta {
                "Data Protection Commission (DPC)\n21 Fitzwilliam Square South\nDublin 2, D02 RD28\nIreland\nwww.dataprotection.ie\n\n\
(The DPC is Meta's lead supervisory authority in the EU. You may also complain to the authority where you live or work (Art. 77(1) GDPR); \
in Germany the Hamburg commissioner (HmbBfDI) leads for Meta.)\n".to_owned()
            } else {
                "[the data protection authority of your country]\n".to_owned()
            };
            let outcome = match &i.decision {
                Some((s, at)) if s == "rejected" => format!("In its reply of {}, {provider} stated that it cannot take further action; the objection was not honoured.", date(*at, lang)),
                Some((s, at)) if s == "accepted" => format!("{provider} accepted the objection on {}; [describe why you complain nevertheless].", date(*at, lang)),
                _ if passed => format!("{provider} did not decide within the one-month period of Art. 12(3) GDPR (which ended on {deadline_s}); as of today ({today}) there is no answer."),
                _ => format!("As of today ({today}) there is no decision."),
            };
            let reference = reference
                .map(|r| format!(" {provider}'s reference / case number: {r}."))
                .unwrap_or_default();
            let respondent = if meta {
                format!(
                    "{provider}, Merrion Road, Dublin 4, D04 X2K5, Ireland, the controller for {p}"
                )
            } else {
                format!("{provider} [address]")
            };
            format!(
                "To:\n{to}\n\
Subject: Complaint under Art. 77 GDPR – objection to AI training not honoured ({p})\n\n\
Dear Sir or Madam,\n\n\
I hereby lodge a complaint under Art. 77 GDPR against {respondent}.\n\n\
On {submitted} I objected under Art. 21 GDPR to the processing of my personal data (account {addr}) for developing and training AI models.{reference} {outcome}\n\n\
History (from my records):\n{history}\n\
Please examine the matter and see to it that my objection is respected. Copies of the e-mails are attached.\n\n\
Yours faithfully,\n\n\
[Name, address]\n"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event(kind: &str, at: DateTime<Utc>, subject: Option<&str>) -> EventRow {
        EventRow {
            seq: 1,
            account: "fb".into(),
            kind: kind.into(),
            at,
            recorded_at: at,
            code: None,
            state: None,
            reason: Some("from support.facebook.com".into()),
            mailbox: None,
            folder: None,
            uid: None,
            message_id: None,
            subject: subject.map(str::to_owned),
            sender: None,
            has_raw: false,
        }
    }

    fn input() -> LetterInput {
        let t = |m, d| Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).unwrap();
        LetterInput {
            platform: "facebook".into(),
            address: Some("max@gmx.de".into()),
            submitted_at: Some(t(1, 31)),
            reference: None,
            decision: None,
            events: vec![
                event("expect_code", t(1, 30), None),
                event("code", t(1, 30), Some("48213790 ist dein Bestätigungscode")),
                event(
                    "receipt",
                    t(1, 31),
                    Some("Deine Anfrage [Fall-ID: 1182736455]"),
                ),
            ],
            now: t(3, 10),
        }
    }

    #[test]
    fn the_reference_number_is_found_in_a_subject() {
        assert_eq!(
            find_reference(&input().events).as_deref(),
            Some("1182736455")
        );
        let none = vec![event("code", Utc::now(), Some("123456 is your code"))];
        assert_eq!(find_reference(&none), None);
        let en = vec![event(
            "receipt",
            Utc::now(),
            Some("Your request (case #98765432)"),
        )];
        assert_eq!(find_reference(&en).as_deref(), Some("98765432"));
    }

    #[test]
    fn the_reminder_cites_the_articles_and_the_dates() {
        let mut i = input();
        i.reference = find_reference(&i.events);
        let de = letter_in(LetterKind::Reminder, Lang::De, &i, &Utc);
        for needle in [
            "Art. 21 DSGVO",
            "Art. 12 Abs. 3 DSGVO",
            "31.01.2026",
            "28.02.2026",
            "abgelaufen",
            "1182736455",
            "max@gmx.de",
            "Meta Platforms Ireland",
            "10.03.2026",
        ] {
            assert!(de.contains(needle), "{needle} missing:\n{de}");
        }
        let en = letter_in(LetterKind::Reminder, Lang::En, &i, &Utc);
        for needle in [
            "Art. 21 GDPR",
            "Art. 12(3) GDPR",
            "2026-01-31",
            "2026-02-28",
            "1182736455",
            "Facebook",
        ] {
            assert!(en.contains(needle), "{needle} missing:\n{en}");
        }
    }

    #[test]
    fn the_complaint_names_the_authorities_and_the_history() {
        let i = input();
        let de = letter_in(LetterKind::Complaint, Lang::De, &i, &Utc);
        for needle in [
            "Art. 77 DSGVO",
            "HmbBfDI",
            "Bundeslandes",
            "Data Protection Commission",
            "30.01.2026",
            "31.01.2026",
            "Eingangsbestätigung",
            "28.02.2026",
        ] {
            assert!(de.contains(needle), "{needle} missing:\n{de}");
        }
        let en = letter_in(LetterKind::Complaint, Lang::En, &i, &Utc);
        for needle in [
            "Art. 77 GDPR",
            "Data Protection Commission",
            "Fitzwilliam",
            "HmbBfDI",
            "2026-01-30",
            "confirmation of receipt",
        ] {
            assert!(en.contains(needle), "{needle} missing:\n{en}");
        }
        let mut rejected = input();
        rejected.decision = Some((
            "rejected".into(),
            Utc.with_ymd_and_hms(2026, 2, 20, 9, 0, 0).unwrap(),
        ));
        assert!(letter_in(LetterKind::Complaint, Lang::En, &rejected, &Utc)
            .contains("reply of 2026-02-20"));
    }

    #[test]
    fn without_dates_the_letter_has_placeholders() {
        let mut i = input();
        i.submitted_at = None;
        i.events.clear();
        let en = letter_in(LetterKind::Reminder, Lang::En, &i, &Utc);
        assert!(en.contains("[date of the objection]"), "{en}");
    }
}
