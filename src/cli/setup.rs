//! `optout init` and `optout check`.

use super::UsageError;
use crate::classify::Classifier;
use crate::config::{self, Config, Mailbox, SecretSource, Tls, Trust};
use crate::imap::{self, WatchedFolder};
use crate::init;
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

pub fn init(path: &Path, email: &str, platforms: &[String]) -> Result<()> {
    if !email.contains('@') {
        return Err(UsageError(format!("--email {email:?} is not a mail address")).into());
    }
    // Only the built-in rules here: there is no config (and no [rules] dir)
    // yet. A platform from a rules file is added to the config by hand.
    let known = Classifier::builtin().platforms();
    let mut chosen: Vec<String> = Vec::new();
    for p in platforms {
        let p = p.trim().to_ascii_lowercase();
        if !known.contains(&p) {
            return Err(UsageError(format!(
                "--platform: {} (a platform from a provider rule file is added to the config by hand)",
                config::unknown_platform(&p, &known)
            ))
            .into());
        }
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    if path.exists() {
        return Err(UsageError(format!(
            "{} exists already; optout never overwrites it. Edit it, or pass --config NEW_PATH",
            path.display()
        ))
        .into());
    }
    let text = init::config_text(email, &chosen);
    // Check what we write before writing it.
    Config::parse(&text, path)?.check_platforms(&known)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    let preset = init::preset_for(email);
    println!("Wrote {}", path.display());
    match preset {
        Some(p) => println!("{}: {}", p.label, p.login_hint),
        None => println!("Unknown provider: set host and port in the file."),
    }
    println!("Next: store the password as the file says, then run `optout check`.");
    Ok(())
}

/// What `check` found out about one mailbox.
struct MailboxCheck<'a> {
    m: &'a Mailbox,
    /// The step that failed ("credential" or "login") and why.
    failure: Option<(&'static str, String)>,
    capabilities: Vec<String>,
    relevant_caps: Vec<String>,
    has_idle: bool,
    idle: Vec<WatchedFolder>,
    polled: Vec<WatchedFolder>,
    warnings: Vec<String>,
}

fn login_via(m: &Mailbox) -> &'static str {
    match &m.secret {
        SecretSource::Password(_) => "password",
        SecretSource::PasswordCmd(_) => "password_cmd",
        SecretSource::PasswordEnv(_) => "password_env",
        SecretSource::OAuth2TokenCmd(_) => "oauth2_token_cmd",
    }
}

fn tls_name(t: Tls) -> &'static str {
    match t {
        Tls::Implicit => "implicit",
        Tls::Starttls => "starttls",
        Tls::None => "none",
    }
}

/// Fetch the credential, log in, list the folders: never changes anything.
fn check_mailbox<'a>(runtime: &tokio::runtime::Runtime, m: &'a Mailbox) -> MailboxCheck<'a> {
    let mut c = MailboxCheck {
        m,
        failure: None,
        capabilities: Vec::new(),
        relevant_caps: Vec::new(),
        has_idle: false,
        idle: Vec::new(),
        polled: Vec::new(),
        warnings: Vec::new(),
    };
    if m.trust == Trust::SenderDomain {
        c.warnings.push("trust = \"sender-domain\": any mail with a provider's From address counts, even a forged one; use it only if your server adds no Authentication-Results header".into());
    }
    if let Err(e) = m.credential() {
        c.failure = Some(("credential", e));
        return c;
    }
    match runtime.block_on(imap::survey(m)) {
        Ok((folders, caps)) => {
            c.capabilities = caps.0.clone();
            c.relevant_caps = caps.relevant().into_iter().map(str::to_owned).collect();
            c.has_idle = caps.has("IDLE");
            let plan = imap::plan(folders, m.connections, c.has_idle);
            if !plan.idle.iter().chain(&plan.polled).any(|f| f.is_spam) {
                c.warnings
                    .push("no spam folder found; name it with folders = [\"INBOX\", \"…\"]".into());
            }
            c.idle = plan.idle;
            c.polled = plan.polled;
        }
        Err(e) => c.failure = Some(("login", e.message)),
    }
    c
}

fn print_human(c: &MailboxCheck) {
    let m = c.m;
    let how = match &m.secret {
        SecretSource::Password(_) => "password in the config file",
        SecretSource::PasswordCmd(_) => "password_cmd",
        SecretSource::PasswordEnv(_) => "password_env",
        SecretSource::OAuth2TokenCmd(_) => "oauth2_token_cmd (XOAUTH2)",
    };
    println!(
        "mailbox {}: {}@{}:{} tls={:?}, login via {how}",
        m.name, m.user, m.host, m.port, m.tls
    );
    match &c.failure {
        Some(("credential", e)) => println!("  credential: FAILED: {e}"),
        Some((_, e)) => {
            println!("  credential: ok");
            println!("  login: FAILED: {e}");
        }
        None => {
            println!("  credential: ok");
            println!("  login: ok");
            println!("  capabilities: {}", c.relevant_caps.join(" "));
            let every = humantime::format_duration(m.poll_interval);
            if !c.has_idle {
                println!("  no IDLE: every folder is polled every {every}");
            }
            let spam = |f: &WatchedFolder| if f.is_spam { " (spam)" } else { "" };
            for f in &c.idle {
                println!("  folder {}{}: IDLE (push)", f.name, spam(f));
            }
            for f in &c.polled {
                println!(
                    "  folder {}{}: polled every {every} (connection budget {})",
                    f.name,
                    spam(f),
                    m.connections
                );
            }
        }
    }
    for w in &c.warnings {
        println!("  warning: {w}");
    }
}

fn to_json(c: &MailboxCheck) -> Value {
    let m = c.m;
    let folder =
        |f: &WatchedFolder, how: &str| json!({"name": f.name, "spam": f.is_spam, "watch": how});
    let folders: Vec<Value> = c
        .idle
        .iter()
        .map(|f| folder(f, "idle"))
        .chain(c.polled.iter().map(|f| folder(f, "poll")))
        .collect();
    json!({
        "name": m.name,
        "host": m.host,
        "port": m.port,
        "tls": tls_name(m.tls),
        "user": m.user,
        "login_via": login_via(m),
        "ok": c.failure.is_none(),
        "failed_step": c.failure.as_ref().map(|(step, _)| step),
        "error": c.failure.as_ref().map(|(_, e)| e),
        "capabilities": c.capabilities,
        "idle": c.has_idle,
        "connections": m.connections,
        "poll_interval_secs": m.poll_interval.as_secs(),
        "folders": folders,
        "warnings": c.warnings,
    })
}

/// `optout check [--json]`: the config and rules are valid (else the
/// caller failed with exit 2); log in to every mailbox; exit 1 naming the
/// mailboxes that failed.
pub fn check(cfg: &Config, rules: &Classifier, json_out: bool) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    if !json_out {
        println!("config: {} (ok)", cfg.path.display());
        println!("store:  {}", cfg.store_path().display());
        let from = match &cfg.rules.dir {
            Some(dir) => format!("built-in and {}", dir.display()),
            None => "built-in".to_owned(),
        };
        println!(
            "rules:  {} ({from}; ok); platforms: {}",
            rules.providers().join(", "),
            rules.platforms().join(", ")
        );
    }
    let mut failed = Vec::new();
    let mut mailboxes = Vec::new();
    for m in &cfg.mailboxes {
        let c = check_mailbox(&runtime, m);
        if c.failure.is_some() {
            failed.push(m.name.clone());
        }
        if json_out {
            mailboxes.push(to_json(&c));
        } else {
            print_human(&c);
        }
    }
    if json_out {
        let accounts: Vec<Value> = cfg
            .accounts
            .iter()
            .map(|a| json!({"id": a.id, "platform": a.platform, "mailbox": a.mailbox, "address": a.address}))
            .collect();
        let out = json!({
            "config": cfg.path,
            "store": cfg.store_path(),
            "ok": failed.is_empty(),
            "warnings": cfg.warnings,
            "rules": {
                "dir": cfg.rules.dir,
                "providers": rules.providers(),
                "platforms": rules.platforms(),
            },
            "mailboxes": mailboxes,
            "accounts": accounts,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for a in &cfg.accounts {
            println!(
                "account {}: {} via mailbox {}{}",
                a.id,
                a.platform,
                a.mailbox,
                a.address
                    .as_deref()
                    .map(|x| format!(" (to {x})"))
                    .unwrap_or_default()
            );
        }
        for w in &cfg.warnings {
            println!("warning: {w}");
        }
    }
    if !failed.is_empty() {
        anyhow::bail!("mailbox failed: {}", failed.join(", "));
    }
    Ok(())
}
