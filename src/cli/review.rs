//! `optout review [ACCOUNT]`: the provider mails optout did not
//! understand, and the person's word on what each one is. On a terminal
//! it asks mail by mail; `--mail SEQ --as KIND` answers one without asking.

use super::{known_account, UsageError};
use crate::mail;
use crate::model::ObservationKind;
use crate::pipeline::Pipeline;
use crate::store::{EventRow, Store};
use crate::t;
use crate::text::{self, Lang};
use anyhow::Result;
use chrono::Utc;
use std::io::{BufRead, IsTerminal, Write};

/// What the person says a mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewAs {
    Code,
    Receipt,
    Accepted,
    Rejected,
    NotRelevant,
}

impl ReviewAs {
    fn kind(self) -> Option<ObservationKind> {
        match self {
            ReviewAs::Code => Some(ObservationKind::Code),
            ReviewAs::Receipt => Some(ObservationKind::Receipt),
            ReviewAs::Accepted => Some(ObservationKind::Accepted),
            ReviewAs::Rejected => Some(ObservationKind::Rejected),
            ReviewAs::NotRelevant => None,
        }
    }
}

/// How many lines of a mail's text the person is shown.
const PREVIEW_LINES: usize = 8;

pub fn run(
    pipeline: &Pipeline,
    mut store: Store,
    account: Option<&str>,
    mail_seq: Option<i64>,
    answer: Option<ReviewAs>,
) -> Result<()> {
    let lang = pipeline.config.alerts.lang();
    if let Some(id) = account {
        known_account(&pipeline.config, id)?;
    }
    match (account, mail_seq, answer) {
        (Some(id), Some(seq), Some(answer)) => {
            let tracked = pipeline.review(&mut store, id, seq, answer.kind(), Utc::now())?;
            println!(
                "{}",
                t!(
                    lang,
                    "review-recorded",
                    account = id,
                    seq = seq,
                    state = text::state_name(tracked.state, lang)
                )
            );
            return Ok(());
        }
        (_, None, None) => {}
        _ => return Err(UsageError(t!(lang, "review-usage")).into()),
    }
    let pending: Vec<EventRow> = store
        .unreviewed(account)?
        .into_iter()
        .filter(|e| pipeline.config.accounts.iter().any(|a| a.id == e.account))
        .collect();
    if pending.is_empty() {
        println!("{}", t!(lang, "review-nothing"));
        return Ok(());
    }
    let ask = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    for e in &pending {
        print!("{}", preview(&store, e, lang)?);
        if !ask {
            println!(
                "  {}\n",
                t!(lang, "review-how", account = &e.account, seq = e.seq)
            );
            continue;
        }
        let answer = loop {
            print!("  {} ", t!(lang, "review-prompt"));
            std::io::stdout().flush()?;
            let Some(line) = lines.next().transpose()? else {
                return Ok(());
            };
            match line.trim().to_lowercase().as_str() {
                "c" => break Some(ReviewAs::Code),
                "r" => break Some(ReviewAs::Receipt),
                "a" => break Some(ReviewAs::Accepted),
                "j" => break Some(ReviewAs::Rejected),
                "n" => break Some(ReviewAs::NotRelevant),
                "s" | "" => break None,
                _ => println!("  {}", t!(lang, "review-prompt-again")),
            }
        };
        if let Some(answer) = answer {
            let tracked =
                pipeline.review(&mut store, &e.account, e.seq, answer.kind(), Utc::now())?;
            println!(
                "  {}\n",
                t!(
                    lang,
                    "review-recorded",
                    account = &e.account,
                    seq = e.seq,
                    state = text::state_name(tracked.state, lang)
                )
            );
        }
    }
    Ok(())
}

/// Sender, date, subject and the first lines of the text.
fn preview(store: &Store, e: &EventRow, lang: Lang) -> Result<String> {
    let text = store
        .raw_mail(e.seq)?
        .and_then(|raw| mail::parse(&raw).ok())
        .map(|m| m.text)
        .unwrap_or_default();
    let mut out = t!(
        lang,
        "review-mail-header",
        seq = e.seq,
        account = &e.account,
        sender = e.sender.as_deref().unwrap_or("?"),
        date =
            e.at.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
        subject = e.subject.as_deref().unwrap_or("")
    );
    out.push('\n');
    for l in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(PREVIEW_LINES)
    {
        out.push_str(&format!(
            "    | {}\n",
            l.chars().take(160).collect::<String>()
        ));
    }
    Ok(out)
}
