//! `optout init` on a terminal without `--email`: a few plain questions
//! (address, platforms, how to sign in), each with a default.

use crate::config::Config;
use crate::init;
use crate::login::{self, Method};
use crate::secret::keyring;
use crate::t;
use crate::text::Lang;
use anyhow::Result;
use std::io::Write;

/// Ask `question` on stdout, read one line from the terminal.
fn ask(question: &str) -> Result<String> {
    print!("{question} ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    if std::io::stdin().read_line(&mut line)? == 0 {
        // The terminal closed (Ctrl-D): no answer will come.
        anyhow::bail!("no answer on the terminal");
    }
    Ok(line.trim().to_owned())
}

/// The address and the platforms.
pub fn address_and_platforms(lang: Lang, known: &[String]) -> Result<(String, Vec<String>)> {
    println!("{}", t!(lang, "init-wizard-hello"));
    let email = loop {
        let answer = ask(&t!(lang, "init-ask-email"))?;
        match init::parse_address(&answer) {
            Ok(e) => break e,
            Err(_) => println!("{}", t!(lang, "init-ask-email-again")),
        }
    };
    let answer = ask(&t!(lang, "init-ask-platforms", known = known.join(", ")))?;
    let platforms: Vec<String> = if answer.is_empty() {
        vec!["facebook".to_owned()]
    } else {
        answer
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    Ok((email, platforms))
}

/// One of `n` numbered choices; Enter is the first (pure).
fn choice(answer: &str, n: usize) -> Option<usize> {
    match answer.trim() {
        "" => Some(1),
        a => a.parse().ok().filter(|c| (1..=n).contains(c)),
    }
}

/// After the file is written: how the new mailbox signs in. "Now" runs
/// what `optout login MAILBOX` runs. `account` is for the closing hint.
pub fn sign_in(cfg: &Config, mailbox: &str, account: &str, lang: Lang) -> Result<()> {
    let Some(m) = cfg.mailbox(mailbox) else {
        return Ok(());
    };
    let later = || {
        println!(
            "{}",
            t!(
                lang,
                "wizard-signin-later",
                mailbox = mailbox,
                account = account
            )
        );
    };
    let method = login::method_for(m, None);
    if method == Method::OAuth2 {
        // No sign-in optout could start (e.g. no client id yet): say why.
        if let Err(e) = login::providers::resolve(m) {
            println!("{}", e.explain(lang));
            later();
            return Ok(());
        }
    }
    // Without a keyring there is nowhere to keep a password or token.
    if let Err(e) = keyring::available() {
        println!("{}", crate::secret::keyring_problem(m, &e, lang));
        return Ok(());
    }
    let question = match method {
        Method::Password => t!(
            lang,
            "wizard-ask-signin-password",
            user = m.user.as_str(),
            host = m.host.as_str(),
            mailbox = mailbox,
            path = cfg.path.display()
        ),
        Method::OAuth2 => t!(
            lang,
            "wizard-ask-signin-oauth2",
            user = m.user.as_str(),
            host = m.host.as_str(),
            mailbox = mailbox
        ),
    };
    let n = if method == Method::Password { 3 } else { 2 };
    println!("\n{question}");
    let picked = loop {
        match choice(&ask(&t!(lang, "wizard-choice"))?, n) {
            Some(c) => break c,
            None => println!("{}", t!(lang, "wizard-choice-again", n = n)),
        }
    };
    match picked {
        1 => {
            login::run(cfg, mailbox, &login::Options::default())?;
            println!("{}", t!(lang, "wizard-signed-in", account = account));
        }
        2 => later(),
        _ => println!(
            "{}",
            t!(
                lang,
                "wizard-signin-myself",
                mailbox = mailbox,
                path = cfg.path.display()
            )
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn enter_is_the_first_choice_and_only_shown_numbers_count() {
        assert_eq!(super::choice("", 3), Some(1));
        assert_eq!(super::choice(" 2 ", 3), Some(2));
        assert_eq!(super::choice("3", 2), None);
        assert_eq!(super::choice("0", 2), None);
        assert_eq!(super::choice("now", 2), None);
    }
}
