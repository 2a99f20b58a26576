//! `optout letter ACCOUNT --kind reminder|complaint [--lang de|en]`: a
//! ready-to-send reminder to the provider (GDPR Art. 21, Art. 12(3)) or a
//! complaint to the supervisory authority (Art. 77), filled in from the
//! event history.

use super::{known_account, UsageError};
use crate::alerts::text::{date_in, day, platform_name};
use crate::config::Config;
use crate::model::State;
use crate::store::{EventRow, Store};
use crate::t;
use crate::text::{self, Lang};
use crate::tracker;
use anyhow::Result;
use chrono::{DateTime, Local, TimeZone, Utc};
use regex::Regex;

/// The letter's help is on `--kind` (cli.ftl): values carry no help of
/// their own, which clap could not translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LetterKind {
    Reminder,
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
    /// The decision mail's own words, if decided.
    pub quote: Option<Quote>,
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
    let quote = match &decision {
        Some((kind, _)) => decision_quote(store, &events, kind)?,
        None => None,
    };
    let input = LetterInput {
        platform: acct.platform.clone(),
        address,
        submitted_at: tracked.and_then(|t| t.submitted_at),
        reference: find_reference(&events),
        decision,
        events,
        quote,
        now: Utc::now(),
    };
    if kind == LetterKind::Reminder {
        match check_reminder(lang, &input, &Local) {
            ReminderCheck::Refuse(why) => return Err(UsageError(why).into()),
            ReminderCheck::TooEarly { passes_on } => eprintln!(
                "optout: {}",
                t!(lang, "letter-reminder-too-early", passes_on = passes_on)
            ),
            ReminderCheck::Fine => {}
        }
    }
    if input.submitted_at.is_none() {
        eprintln!(
            "optout: {}",
            t!(lang, "letter-no-submission-date", account = account)
        );
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
    let what = match e.kind.as_str() {
        "expect_code" => t!(lang, "letter-event-expect-code"),
        "code" => t!(lang, "letter-event-code"),
        "receipt" => t!(lang, "letter-event-receipt"),
        "accepted" => t!(lang, "letter-event-accepted"),
        "rejected" => t!(lang, "letter-event-rejected"),
        "suspicious" => t!(lang, "letter-event-suspicious"),
        "mark" => {
            let state = e
                .state
                .as_deref()
                .and_then(|s| s.parse::<State>().ok())
                .map(|s| text::state_name(s, lang))
                .unwrap_or_else(|| e.state.clone().unwrap_or_default());
            t!(lang, "letter-event-mark", state = state)
        }
        other => other.to_owned(),
    };
    let subject = e
        .subject
        .as_deref()
        .map(|s| format!(" ({})", t!(lang, "letter-quote", text = s)))
        .unwrap_or_default();
    format!("- {}: {what}{subject}\n", date_in(e.at, lang, tz))
}

/// What the decision mail said, word for word: its subject and the
/// sentence the classifier's rule matched in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub subject: Option<String>,
    pub sentence: Option<String>,
}

/// The quote of the latest decision event of `kind` ("accepted",
/// "rejected"): the subject as stored, and the sentence around the text
/// the rule matched (the event's `reason` records it as `matched '…'`),
/// read from the stored raw mail when there is one.
pub fn decision_quote(store: &Store, events: &[EventRow], kind: &str) -> Result<Option<Quote>> {
    let Some(e) = events.iter().rev().find(|e| e.kind == kind) else {
        return Ok(None);
    };
    let matched = e.reason.as_deref().and_then(matched_text);
    let text = if e.has_raw {
        store
            .raw_mail(e.seq)?
            .and_then(|raw| crate::mail::parse(&raw).ok())
            .map(|m| format!("{} \n{}", m.subject, m.text))
    } else {
        None
    };
    let sentence = match (matched, text) {
        (Some(m), Some(text)) => Some(sentence_around(&text, &m).unwrap_or(m)),
        (Some(m), None) => Some(m),
        _ => None,
    };
    Ok(Some(Quote {
        subject: e.subject.clone(),
        sentence: sentence.filter(|s| Some(s) != e.subject.as_ref()),
    }))
}

/// The text a rule matched, as the classifier writes it into `reason`.
fn matched_text(reason: &str) -> Option<String> {
    let start = reason.find("matched '")? + "matched '".len();
    let end = reason[start..].find('\'')?;
    Some(reason[start..start + end].to_owned()).filter(|m| !m.is_empty())
}

/// The sentence of `text` that contains `needle`: from after the previous
/// sentence end (". ", "! ", "? ", a line break) to the next one.
pub fn sentence_around(text: &str, needle: &str) -> Option<String> {
    let at = text.find(needle)?;
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_end(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let after = at + needle.len();
    let end = text[after..]
        .char_indices()
        .find(|&(_, c)| is_end(c))
        .map_or(text.len(), |(i, c)| {
            after + i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    let s = text[start..end].trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Why a reminder makes no sense now, or what to keep in mind: checked
/// before the letter is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderCheck {
    Fine,
    /// The deadline has not passed: print the letter, warn with the day it
    /// passes.
    TooEarly {
        passes_on: String,
    },
    /// Decided: there is nothing to remind (exit 2).
    Refuse(String),
}

pub fn check_reminder<Tz: TimeZone>(lang: Lang, i: &LetterInput, tz: &Tz) -> ReminderCheck {
    let p = provider_short(&i.platform);
    match &i.decision {
        Some((s, at)) if s == "accepted" => {
            return ReminderCheck::Refuse(t!(
                lang,
                "letter-reminder-accepted",
                provider = p,
                date = date_in(*at, lang, tz)
            ))
        }
        Some((s, at)) if s == "rejected" => {
            return ReminderCheck::Refuse(t!(
                lang,
                "letter-reminder-rejected",
                provider = p,
                date = date_in(*at, lang, tz)
            ))
        }
        _ => {}
    }
    match i.submitted_at {
        Some(s) if i.now < tracker::deadline_passed_at(s, tz) => ReminderCheck::TooEarly {
            passes_on: date_in(tracker::deadline_passed_at(s, tz), lang, tz),
        },
        _ => ReminderCheck::Fine,
    }
}

/// "Meta" for Meta's platforms, else the platform's name.
fn provider_short(platform: &str) -> String {
    if is_meta(platform) {
        "Meta".to_owned()
    } else {
        platform_name(platform)
    }
}

/// The letter text, with dates in the local time zone.
pub fn letter(kind: LetterKind, lang: Lang, i: &LetterInput) -> String {
    letter_in(kind, lang, i, &Local)
}

/// The letter text, with dates as days in `tz`.
pub fn letter_in<Tz: TimeZone>(kind: LetterKind, lang: Lang, i: &LetterInput, tz: &Tz) -> String {
    let date = |t: DateTime<Utc>| date_in(t, lang, tz);
    let p = platform_name(&i.platform);
    let meta = is_meta(&i.platform);
    let provider = if meta {
        "Meta Platforms Ireland Limited".to_owned()
    } else {
        p.clone()
    };
    let addr = i
        .address
        .clone()
        .unwrap_or_else(|| t!(lang, "letter-placeholder-address"));
    let submitted = i
        .submitted_at
        .map(date)
        .unwrap_or_else(|| t!(lang, "letter-placeholder-date"));
    let deadline = i
        .submitted_at
        .map(|s| day(tracker::deadline(s, tz), lang))
        .unwrap_or_else(|| t!(lang, "letter-placeholder-deadline"));
    // Passed once the last day is over, as `deadline_passed` says.
    let passed = i
        .submitted_at
        .is_none_or(|s| i.now >= tracker::deadline_passed_at(s, tz));
    let today = date(i.now);
    let mut history = String::new();
    for e in &i.events {
        history.push_str(&event_line(e, lang, tz));
    }
    if history.is_empty() {
        history = format!("- {submitted}: {}\n", t!(lang, "letter-event-submitted"));
    }
    let reference = |id| {
        i.reference
            .as_deref()
            .map(|r| {
                format!(
                    " {}",
                    text::get(lang, id, Some(&args(&[("r", r), ("provider", &provider)])))
                )
            })
            .unwrap_or_default()
    };
    let mut paragraphs: Vec<String> = Vec::new();
    match kind {
        LetterKind::Reminder => {
            let to = if meta {
                format!("{META_ADDRESS}{}", t!(lang, "letter-reminder-to-meta"))
            } else {
                t!(lang, "letter-reminder-to-other", p = &p)
            };
            let subj_ref = i
                .reference
                .as_deref()
                .map(|r| t!(lang, "letter-subject-ref", r = r))
                .unwrap_or_default();
            let limit = if passed {
                t!(
                    lang,
                    "letter-reminder-limit-passed",
                    deadline = &deadline,
                    today = &today
                )
            } else {
                t!(
                    lang,
                    "letter-reminder-limit-ahead",
                    deadline = &deadline,
                    today = &today
                )
            };
            paragraphs.push(format!("{}\n{}", t!(lang, "letter-to"), to.trim_end()));
            paragraphs.push(t!(
                lang,
                "letter-reminder-subject",
                p = &p,
                addr = &addr,
                reference = subj_ref
            ));
            paragraphs.push(t!(lang, "letter-salutation"));
            paragraphs.push(format!(
                "{}{}",
                t!(
                    lang,
                    "letter-reminder-objected",
                    submitted = &submitted,
                    p = &p,
                    addr = &addr
                ),
                reference("letter-reminder-reference")
            ));
            paragraphs.push(t!(lang, "letter-reminder-law", limit = limit));
            paragraphs.push(t!(lang, "letter-reminder-demand"));
            paragraphs.push(format!(
                "{}\n{}",
                t!(lang, "letter-reminder-history"),
                history.trim_end()
            ));
            paragraphs.push(t!(lang, "letter-closing"));
            paragraphs.push(t!(lang, "letter-reminder-signature"));
        }
        LetterKind::Complaint => {
            let to = if meta {
                t!(lang, "letter-complaint-to-meta")
            } else {
                t!(lang, "letter-complaint-to-other")
            };
            let quote = i.quote.as_ref();
            let said = quote
                .map(|q| {
                    let mut s = String::new();
                    if let Some(subject) = &q.subject {
                        s.push(' ');
                        s.push_str(&t!(
                            lang,
                            "letter-complaint-quote-subject",
                            subject = t!(lang, "letter-quote", text = subject)
                        ));
                    }
                    if let Some(sentence) = &q.sentence {
                        s.push(' ');
                        s.push_str(&t!(
                            lang,
                            "letter-complaint-quote-sentence",
                            sentence = t!(lang, "letter-quote", text = sentence)
                        ));
                    }
                    s
                })
                .unwrap_or_default();
            let outcome = match &i.decision {
                Some((s, at)) if s == "rejected" => format!(
                    "{}{said}",
                    t!(
                        lang,
                        "letter-complaint-rejected",
                        provider = &provider,
                        date = date(*at)
                    )
                ),
                Some((s, at)) if s == "accepted" => format!(
                    "{}{said}",
                    t!(
                        lang,
                        "letter-complaint-accepted",
                        provider = &provider,
                        date = date(*at)
                    )
                ),
                _ if passed => t!(
                    lang,
                    "letter-complaint-no-decision-passed",
                    provider = &provider,
                    deadline = &deadline,
                    today = &today
                ),
                _ => t!(lang, "letter-complaint-no-decision", today = &today),
            };
            let respondent = if meta {
                t!(
                    lang,
                    "letter-complaint-respondent-meta",
                    provider = &provider,
                    p = &p
                )
            } else {
                t!(
                    lang,
                    "letter-complaint-respondent-other",
                    provider = &provider
                )
            };
            paragraphs.push(format!("{}\n{}", t!(lang, "letter-to"), to.trim_end()));
            paragraphs.push(t!(lang, "letter-complaint-subject", p = &p));
            paragraphs.push(t!(lang, "letter-salutation"));
            paragraphs.push(t!(lang, "letter-complaint-lodge", respondent = respondent));
            paragraphs.push(format!(
                "{}{} {outcome}",
                t!(
                    lang,
                    "letter-complaint-objected",
                    submitted = &submitted,
                    addr = &addr
                ),
                reference("letter-complaint-reference")
            ));
            paragraphs.push(format!(
                "{}\n{}",
                t!(lang, "letter-complaint-history"),
                history.trim_end()
            ));
            paragraphs.push(t!(lang, "letter-complaint-request"));
            paragraphs.push(t!(lang, "letter-closing"));
            paragraphs.push(t!(lang, "letter-complaint-signature"));
        }
    }
    paragraphs.join("\n\n") + "\n"
}

fn args(pairs: &[(&'static str, &str)]) -> text::Args {
    pairs
        .iter()
        .map(|(k, v)| ((*k).into(), text::arg(*v)))
        .collect()
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
            quote: None,
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
            .contains("answered on 2026-02-20"));
    }

    #[test]
    fn a_reminder_for_a_decided_objection_is_refused() {
        let mut i = input();
        i.decision = Some((
            "accepted".into(),
            Utc.with_ymd_and_hms(2026, 2, 20, 9, 0, 0).unwrap(),
        ));
        match check_reminder(Lang::En, &i, &Utc) {
            ReminderCheck::Refuse(why) => assert!(
                why.starts_with(
                    "Meta accepted this objection on 2026-02-20; there is nothing to remind"
                ),
                "{why}"
            ),
            other => panic!("{other:?}"),
        }
        match check_reminder(Lang::De, &i, &Utc) {
            ReminderCheck::Refuse(why) => {
                assert!(why.contains("am 20.02.2026 anerkannt"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_reminder_before_the_deadline_warns_and_says_when_it_passes() {
        let mut i = input();
        // Submitted Jan 31: the last day is Feb 28, the deadline passes Mar 1.
        i.now = Utc.with_ymd_and_hms(2026, 2, 10, 9, 0, 0).unwrap();
        assert_eq!(
            check_reminder(Lang::En, &i, &Utc),
            ReminderCheck::TooEarly {
                passes_on: "2026-03-01".into()
            }
        );
        let en = letter_in(LetterKind::Reminder, Lang::En, &i, &Utc);
        assert!(en.contains("That period ends on 2026-02-28"), "{en}");
        i.now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        assert_eq!(check_reminder(Lang::En, &i, &Utc), ReminderCheck::Fine);
    }

    #[test]
    fn the_complaint_quotes_the_decision_mail_word_for_word() {
        let mut i = input();
        i.decision = Some((
            "rejected".into(),
            Utc.with_ymd_and_hms(2026, 2, 20, 9, 0, 0).unwrap(),
        ));
        let text = "Hallo Max. Wir haben deine Anfrage geprüft. Wir können keine weiteren Maßnahmen ergreifen, da du nicht nachgewiesen hast, dass du betroffen bist. Dein Meta-Team";
        i.quote = Some(Quote {
            subject: Some("Deine Anfrage zum Widerspruch".into()),
            sentence: sentence_around(text, "keine weiteren Maßnahmen ergreifen"),
        });
        let de = letter_in(LetterKind::Complaint, Lang::De, &i, &Utc);
        assert!(
            de.contains("Der Betreff der Mail: „Deine Anfrage zum Widerspruch“."),
            "{de}"
        );
        assert!(de.contains("Darin heißt es: „Wir können keine weiteren Maßnahmen ergreifen, da du nicht nachgewiesen hast, dass du betroffen bist.“"), "{de}");
        // No paraphrase of what Meta said.
        assert!(!de.contains("nicht beachtet."), "{de}");
        let en = letter_in(LetterKind::Complaint, Lang::En, &i, &Utc);
        assert!(
            en.contains("The subject of its mail: “Deine Anfrage zum Widerspruch”."),
            "{en}"
        );
        assert!(
            !en.contains('„'),
            "English quotes in English letters:\n{en}"
        );
        assert!(!en.contains("cannot take further action"), "{en}");
    }

    #[test]
    fn english_letters_use_english_quotes_and_sentence_case() {
        let en = letter_in(LetterKind::Reminder, Lang::En, &input(), &Utc);
        assert!(
            en.contains("(“Deine Anfrage [Fall-ID: 1182736455]”)"),
            "{en}"
        );
        assert!(!en.contains('„') && !en.contains("\non "), "{en}");
        assert!(en.contains("\nOn 2026-01-31 I objected"), "{en}");
    }

    #[test]
    fn the_matched_sentence_is_cut_at_sentence_ends() {
        assert_eq!(
            sentence_around("A. We accept your objection! C", "accept").as_deref(),
            Some("We accept your objection!")
        );
        assert_eq!(
            matched_text(
                "From facebookmail.com, dkim=pass; matched 'erkennen deinen Einspruch an'"
            )
            .as_deref(),
            Some("erkennen deinen Einspruch an")
        );
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
