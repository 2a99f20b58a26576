//! `optout init` and `optout check`.

use super::UsageError;
use crate::classify::Classifier;
use crate::config::{self, Config, Mailbox, SecretSource, Tls, Trust};
use crate::imap::{self, AuthservProbe, WatchedFolder};
use crate::init;
use crate::t;
use crate::text::Lang;
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// `optout init --example`: the documented example, embedded, because a
/// binary installed with `cargo install` has no source tree beside it.
pub const EXAMPLE_CONFIG: &str = include_str!("../../config.example.toml");

pub fn init(
    path: &Path,
    email: Option<&str>,
    platforms: &[String],
    ca_file: Option<&Path>,
) -> Result<()> {
    let existing_text = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(anyhow::Error::from(e).context(crate::t!(
                Lang::from_env(),
                "errors-cannot-read",
                path = path.display()
            )))
        }
    };
    let existing_cfg = existing_text
        .as_deref()
        .and_then(|t| Config::parse(t, path).ok());
    let lang = existing_cfg
        .as_ref()
        .map_or_else(Lang::from_env, |c| c.alerts.lang());
    // Only the built-in rules here: a platform from a rules file is added
    // to the config by hand.
    let known = Classifier::builtin().platforms();
    let interactive = email.is_none() && std::io::stdin().is_terminal();
    let (email, platforms) = match email {
        Some(e) => (e.to_owned(), platforms.to_vec()),
        None if interactive => super::wizard::address_and_platforms(lang, &known)?,
        None => return Err(UsageError(t!(lang, "init-need-email")).into()),
    };
    let email = init::parse_address(&email).map_err(|e| {
        UsageError(match e {
            init::AddressError::NoAt(a) => t!(lang, "init-address-no-at", address = a),
            init::AddressError::Malformed(a) => t!(lang, "init-address-malformed", address = a),
            init::AddressError::DomainWithoutDot(d) => {
                t!(lang, "init-address-no-dot", domain = d)
            }
        })
    })?;
    let mut chosen: Vec<String> = Vec::new();
    for p in &platforms {
        let p = p.trim().to_ascii_lowercase();
        if !known.contains(&p) {
            return Err(UsageError(t!(
                lang,
                "init-unknown-platform",
                problem = config::unknown_platform_in(lang, &p, &known)
            ))
            .into());
        }
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }

    let existing = match &existing_text {
        Some(t) => init::Existing::read(t).map_err(|e| {
            UsageError(t!(
                lang,
                "init-cannot-add",
                path = path.display(),
                error = e
            ))
        })?,
        None => init::Existing::default(),
    };
    let store_path = match &existing_cfg {
        Some(c) => c.store_path(),
        None => Config::parse("", path)?.store_path(),
    };
    let db = known_accounts(&store_path)?;
    let preset = init::preset_for(&email);
    let plan = init::plan(&email, &chosen, preset, &existing, &db);
    if !plan.new_mailbox && plan.accounts.is_empty() {
        println!(
            "{}",
            t!(
                lang,
                "init-nothing-to-add",
                email = &email,
                path = path.display()
            )
        );
        return Ok(());
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut settings = None;
    if plan.new_mailbox {
        let opts = crate::discover::Options::from_env(lang);
        let found = runtime.block_on(crate::discover::discover(&email, &opts));
        for s in &found.skipped {
            println!(
                "{}",
                t!(lang, "init-skipped", source = &s.source, why = &s.why)
            );
        }
        settings = Some(match &found.found {
            Some(f) => {
                let from = f.source.found_from(lang);
                println!(
                    "{}",
                    t!(
                        lang,
                        "init-settings-from",
                        email = &email,
                        from = from.as_str(),
                        host = &f.server.host,
                        port = f.server.port,
                        tls = tls_words(f.server.tls, lang),
                        user = &f.server.user
                    )
                );
                let comment = match f.preset {
                    Some(p) => format!("{} — {}", p.label, p.login_hint),
                    None => format!("Found by `optout init` {from}."),
                };
                init::MailboxSettings::from_found(f, comment)
            }
            None => {
                let s = init::MailboxSettings::guess(
                    &email,
                    "Not found by `optout init`: look up your provider's IMAP server and fix host and port.".into(),
                );
                println!(
                    "{}",
                    t!(
                        lang,
                        "init-not-found",
                        host = &s.server.host,
                        port = s.server.port
                    )
                );
                s
            }
        });
    }
    let mut settings = settings.unwrap_or_else(|| init::MailboxSettings::offline(&email));
    settings.ca_file = ca_file.map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_owned()));

    let text = match &existing_text {
        Some(t) => init::add_to_text(t, &email, &plan, &settings).map_err(|e| {
            UsageError(t!(
                lang,
                "init-cannot-add",
                path = path.display(),
                error = e
            ))
        })?,
        None => init::new_file_text(&email, &plan, &settings),
    };
    // Check what we write before writing it.
    let cfg = Config::parse(&text, path)?;
    cfg.check_platforms(&known)?;

    // Probe the server before writing: connect, TLS, capabilities.
    if plan.new_mailbox {
        if let Some(m) = cfg.mailbox(&plan.mailbox) {
            let probe = runtime.block_on(imap::probe::server_caps(
                m,
                std::time::Duration::from_secs(5),
            ));
            match probe {
                Ok(caps) => println!(
                    "{}",
                    t!(
                        lang,
                        "init-probe-ok",
                        host = &m.host,
                        port = m.port,
                        tls = tls_words(m.tls, lang),
                        caps = caps.relevant().join(" ")
                    )
                ),
                Err(e) => println!(
                    "{}",
                    t!(
                        lang,
                        "init-probe-failed",
                        host = &m.host,
                        port = m.port,
                        error = e.explain(lang).0
                    )
                ),
            }
        }
    }

    match &existing_text {
        Some(_) => init::write_keeping_mode(path, &text)
            .with_context(|| t!(lang, "errors-cannot-write", path = path.display()))?,
        None => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| t!(lang, "errors-cannot-create", path = dir.display()))?;
            }
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
            let mut file = opts
                .open(path)
                .with_context(|| t!(lang, "errors-cannot-create", path = path.display()))?;
            file.write_all(text.as_bytes())?;
        }
    }
    let ids: Vec<&str> = plan.accounts.iter().map(|(id, _)| id.as_str()).collect();
    println!(
        "{}",
        t!(
            lang,
            "init-wrote",
            path = path.display(),
            mailbox = &plan.mailbox,
            ids = ids.join(", ")
        )
    );
    if let Some(p) = preset {
        // In the person's language, as the refused-password remedy says it.
        println!(
            "{}",
            crate::imap::error::login_hint(p.host, &plan.mailbox, lang)
        );
    }
    if let Some(e) = &settings.enable {
        println!("{}", t!(lang, "init-enable", how = e.as_str()));
    }
    let account = ids.first().copied().unwrap_or("ACCOUNT");
    if interactive && plan.new_mailbox {
        return super::wizard::sign_in(&cfg, &plan.mailbox, account, lang);
    }
    println!(
        "{}",
        t!(
            lang,
            "init-next",
            mailbox = &plan.mailbox,
            account = account
        )
    );
    Ok(())
}

/// The accounts the database already has (none when there is no database).
fn known_accounts(store_path: &Path) -> Result<Vec<init::KnownAccount>> {
    if !store_path.exists() {
        return Ok(Vec::new());
    }
    let store = super::database::open_store(store_path)?;
    Ok(store
        .accounts()?
        .into_iter()
        .map(|a| init::KnownAccount {
            id: a.id,
            mailbox: a.mailbox,
            address: a.address,
        })
        .collect())
}

/// What `check` found out about one mailbox.
struct MailboxCheck<'a> {
    m: &'a Mailbox,
    /// The step that failed ("credential" or "login") and why.
    failure: Option<(&'static str, imap::ImapError)>,
    capabilities: Vec<String>,
    relevant_caps: Vec<String>,
    has_idle: bool,
    idle: Vec<WatchedFolder>,
    polled: Vec<WatchedFolder>,
    /// The Authentication-Results of the newest INBOX mails, or why they
    /// could not be looked at (after a successful login).
    authserv: Option<Result<AuthservProbe, String>>,
    /// Config lines worth adding to the mailbox (authserv_id, trust).
    suggestion: Option<String>,
    warnings: Vec<String>,
}

fn login_via(m: &Mailbox) -> &'static str {
    m.secret.key()
}

/// How a connection is secured, in words for `init`'s lines (the config's
/// own value, `implicit`, means nothing to most people).
fn tls_words(t: Tls, lang: Lang) -> String {
    match t {
        Tls::Implicit => t!(lang, "init-tls-implicit"),
        Tls::Starttls => t!(lang, "init-tls-starttls"),
        Tls::None => t!(lang, "init-tls-none"),
    }
}

/// The config's value of `tls`.
fn tls_name(t: Tls) -> &'static str {
    match t {
        Tls::Implicit => "implicit",
        Tls::Starttls => "starttls",
        Tls::None => "none",
    }
}

/// Fetch the credential, log in, list the folders: never changes anything.
fn check_mailbox<'a>(
    runtime: &tokio::runtime::Runtime,
    m: &'a Mailbox,
    lang: Lang,
) -> MailboxCheck<'a> {
    let mut c = MailboxCheck {
        m,
        failure: None,
        capabilities: Vec::new(),
        relevant_caps: Vec::new(),
        has_idle: false,
        idle: Vec::new(),
        polled: Vec::new(),
        authserv: None,
        suggestion: None,
        warnings: Vec::new(),
    };
    if m.trust == Trust::SenderDomain {
        c.warnings.push(t!(lang, "check-warn-sender-domain"));
    }
    // Fetched once (a keyring may prompt), then used for the login.
    let credential = match m.credential() {
        Ok(credential) => credential,
        Err(e) => {
            c.failure = Some((
                "credential",
                imap::ImapError::with_kind(m.name.clone(), e, imap::ImapErrorKind::Credential),
            ));
            return c;
        }
    };
    let mut surveyed = runtime.block_on(imap::survey_with_authserv(m, credential));
    // A built-in OAuth2 token the server refuses: renewed once, as `watch` does.
    if m.secret == SecretSource::OAuth2 && matches!(&surveyed, Err(e) if e.is_login_refused()) {
        crate::secret::oauth2::forget(m);
        if let Ok(credential) = m.credential() {
            surveyed = runtime.block_on(imap::survey_with_authserv(m, credential));
        }
    }
    match surveyed {
        Ok((folders, caps, probe)) => {
            c.capabilities = caps.0.clone();
            c.relevant_caps = caps.relevant().into_iter().map(str::to_owned).collect();
            c.has_idle = caps.has("IDLE");
            let plan = imap::plan(folders, m.connections, c.has_idle);
            if !plan.idle.iter().chain(&plan.polled).any(|f| f.is_spam) {
                c.warnings.push(t!(lang, "check-warn-no-spam-folder"));
            }
            c.idle = plan.idle;
            c.polled = plan.polled;
            match probe {
                Ok(p) => {
                    let (suggestion, warnings) = authserv_advice(m, &p);
                    c.suggestion = suggestion;
                    c.warnings.extend(warnings);
                    c.authserv = Some(Ok(p));
                }
                Err(e) => {
                    c.warnings.push(t!(
                        lang,
                        "check-warn-no-authserv-probe",
                        detail = &e.message
                    ));
                    c.authserv = Some(Err(e.message));
                }
            }
        }
        Err(e) => c.failure = Some(("login", e)),
    }
    c
}

/// What to tell about a mailbox's authserv-id, from the newest INBOX
/// mails: config lines to add, and warnings. "Most" is more than half of
/// the mails looked at.
fn authserv_advice(m: &Mailbox, p: &AuthservProbe) -> (Option<String>, Vec<String>) {
    let n = p.mails;
    let mut warnings = Vec::new();
    if n == 0 {
        return (None, warnings);
    }
    let most = |k: usize| k * 2 > n;
    // The id topmost on most mails, if it is one a config can name.
    let usual = p
        .topmost
        .first()
        .filter(|(id, k)| most(*k) && config::authserv_id(id).is_ok())
        .map(|(id, _)| id.as_str());
    let without = n - p.with_header;
    match (m.trust, m.authserv_id.as_deref()) {
        (Trust::SenderDomain, _) => {
            let suggestion = usual
                .map(|id| format!("trust = \"authentication-results\"\nauthserv_id = \"{id}\""));
            (suggestion, warnings)
        }
        (Trust::AuthenticationResults, None) => {
            if let Some(id) = usual {
                return (Some(format!("authserv_id = \"{id}\"")), warnings);
            }
            if most(without) {
                warnings.push(format!(
                    "{without} of the {n} newest INBOX mails carry no Authentication-Results header: with trust = \"authentication-results\" a header the sender wrote could be believed; set authserv_id to your receiving server's id, or ask your provider whether it adds Authentication-Results"
                ));
            } else if p.topmost.len() > 1 {
                let ids: Vec<&str> = p.topmost.iter().map(|(id, _)| id.as_str()).collect();
                warnings.push(format!(
                    "the topmost Authentication-Results of the {n} newest INBOX mails come from different servers ({}): set authserv_id to your receiving server's id, so that headers a sender wrote are ignored",
                    ids.join(", ")
                ));
            }
            (None, warnings)
        }
        (Trust::AuthenticationResults, Some(id)) => {
            let with = p.with_configured.unwrap_or(0);
            if !most(with) {
                let found = if p.topmost.is_empty() {
                    "none carries any".to_owned()
                } else {
                    let ids: Vec<String> = p
                        .topmost
                        .iter()
                        .map(|(id, k)| format!("{id} ({k})"))
                        .collect();
                    format!("topmost: {}", ids.join(", "))
                };
                warnings.push(format!(
                    "authserv_id = \"{id}\", but only {with} of the {n} newest INBOX mails carry an Authentication-Results header from it ({found}); if it is a typo, every provider mail will be reported as suspicious"
                ));
                let suggestion = usual
                    .filter(|u| !crate::classify::trust::is_from_authserv(u, id))
                    .map(|u| format!("authserv_id = \"{u}\""));
                return (suggestion, warnings);
            }
            (None, warnings)
        }
    }
}

fn print_human(c: &MailboxCheck, lang: Lang) {
    let m = c.m;
    let how = match &m.secret {
        SecretSource::Password(_) => t!(lang, "check-via-password"),
        SecretSource::PasswordCmd(_) => "password_cmd".to_owned(),
        SecretSource::PasswordEnv(_) => "password_env".to_owned(),
        SecretSource::OAuth2TokenCmd(_) => "oauth2_token_cmd (OAuth2)".to_owned(),
        SecretSource::Keyring => t!(lang, "login-via-keyring"),
        SecretSource::OAuth2 => t!(lang, "login-via-oauth2"),
    };
    println!(
        "{}",
        t!(
            lang,
            "check-mailbox",
            name = &m.name,
            user = &m.user,
            host = &m.host,
            port = m.port,
            tls = tls_name(m.tls),
            how = how
        )
    );
    let ok = t!(lang, "check-ok");
    let failed = t!(lang, "check-failed");
    let explain = |e: &imap::ImapError| {
        let (cause, remedy) = e.explain(lang);
        println!("    {cause}");
        if let Some(r) = remedy {
            println!("    {}: {r}", t!(lang, "check-what-to-do"));
        }
        if let imap::ImapErrorKind::Tls {
            problem: imap::TlsProblem::Untrusted { sha256: Some(fp) },
            ..
        } = &e.kind
        {
            println!(
                "    {}",
                t!(lang, "check-cert-fingerprint", fingerprint = fp)
            );
            println!("    {}", imap::cert_line(fp));
        }
    };
    match &c.failure {
        Some(("credential", e)) => {
            println!("  {}: {failed}", t!(lang, "check-credential"));
            explain(e);
        }
        Some((_, e)) => {
            println!("  {}: {ok}", t!(lang, "check-credential"));
            println!("  {}: {failed}", t!(lang, "check-login"));
            explain(e);
        }
        None => {
            println!("  {}: {ok}", t!(lang, "check-credential"));
            println!("  {}: {ok}", t!(lang, "check-login"));
            if let Some(fp) = &m.cert_sha256 {
                println!("  {}", t!(lang, "check-cert-pinned", fingerprint = fp));
            }
            println!(
                "  {}: {}",
                t!(lang, "check-capabilities"),
                c.relevant_caps.join(" ")
            );
            let every = humantime::format_duration(m.poll_interval).to_string();
            if !c.has_idle {
                println!("  {}", t!(lang, "check-no-idle", every = &every));
            }
            let spam = |f: &WatchedFolder| {
                if f.is_spam {
                    format!(" ({})", t!(lang, "check-spam"))
                } else {
                    String::new()
                }
            };
            for f in &c.idle {
                println!(
                    "  {}",
                    t!(
                        lang,
                        "check-folder-idle",
                        folder = format!("{}{}", f.name, spam(f))
                    )
                );
            }
            for f in &c.polled {
                println!(
                    "  {}",
                    t!(
                        lang,
                        "check-folder-polled",
                        folder = format!("{}{}", f.name, spam(f)),
                        every = &every,
                        budget = m.connections
                    )
                );
            }
            if let Some(Ok(p)) = &c.authserv {
                print_authserv(m, p, lang);
            }
            if let Some(s) = &c.suggestion {
                println!(
                    "  {}",
                    t!(lang, "check-suggestion", lines = s.replace('\n', ", "))
                );
            }
        }
    }
    for w in &c.warnings {
        println!("  {}: {w}", t!(lang, "check-warning"));
    }
}

fn print_authserv(m: &Mailbox, p: &AuthservProbe, lang: Lang) {
    if p.mails == 0 {
        println!("  {}", t!(lang, "check-authserv-empty"));
        return;
    }
    let ids: Vec<String> = p
        .topmost
        .iter()
        .map(|(id, k)| format!("{id} ({k})"))
        .collect();
    println!(
        "  {}",
        t!(
            lang,
            "check-authserv",
            with = p.with_header,
            mails = p.mails,
            topmost = ids.join(", ")
        )
    );
    if let (Some(id), Some(k)) = (&m.authserv_id, p.with_configured) {
        println!(
            "  {}",
            t!(
                lang,
                "check-authserv-configured",
                id = id,
                with = k,
                mails = p.mails
            )
        );
    }
}

fn authserv_json(c: &MailboxCheck) -> Value {
    let configured = c.m.authserv_id.as_deref();
    match &c.authserv {
        None => Value::Null,
        Some(Err(e)) => json!({"configured": configured, "error": e}),
        Some(Ok(p)) => json!({
            "configured": configured,
            "mails": p.mails,
            "with_header": p.with_header,
            "topmost": p.topmost.iter().map(|(id, k)| json!({"id": id, "mails": k})).collect::<Vec<_>>(),
            "with_configured": p.with_configured,
            "error": Value::Null,
        }),
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
        "error": c.failure.as_ref().map(|(_, e)| &e.message),
        "remedy": c.failure.as_ref().and_then(|(_, e)| e.explain(Lang::En).1),
        "cert_sha256": c.failure.as_ref().and_then(|(_, e)| match &e.kind {
            imap::ImapErrorKind::Tls { problem: imap::TlsProblem::Untrusted { sha256 }, .. } => sha256.clone(),
            _ => None,
        }),
        "capabilities": c.capabilities,
        "idle": c.has_idle,
        "connections": m.connections,
        "poll_interval_secs": m.poll_interval.as_secs(),
        "folders": folders,
        "trust": match m.trust {
            Trust::AuthenticationResults => "authentication-results",
            Trust::SenderDomain => "sender-domain",
        },
        "authserv": authserv_json(c),
        "suggestion": c.suggestion,
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
    let lang = cfg.alerts.lang();
    // The store: a damaged or unreadable database is a failure, not ok.
    let store = super::database::open_store(&cfg.store_path()).map_err(anyhow::Error::from);
    let mut failed = Vec::new();
    if !json_out {
        println!("{}", t!(lang, "check-config", path = cfg.path.display()));
        match &store {
            Ok(_) => println!(
                "{}",
                t!(lang, "check-store", path = cfg.store_path().display())
            ),
            Err(e) => {
                println!(
                    "{}",
                    t!(
                        lang,
                        "check-store-failed",
                        path = cfg.store_path().display()
                    )
                );
                println!("    {}", crate::cli::explain_error(e, lang));
            }
        }
        let from = match &cfg.rules.dir {
            Some(dir) => t!(lang, "check-rules-builtin-and", dir = dir.display()),
            None => t!(lang, "check-rules-builtin"),
        };
        println!(
            "{}",
            t!(
                lang,
                "check-rules",
                providers = rules.providers().join(", "),
                from = from,
                platforms = rules.platforms().join(", ")
            )
        );
    }
    let mut mailboxes = Vec::new();
    for m in &cfg.mailboxes {
        let c = check_mailbox(&runtime, m, lang);
        if c.failure.is_some() {
            failed.push(m.name.clone());
        }
        // The spam folder the server has, named in the file (once), so the
        // person sees which one is watched.
        let spam = c.idle.iter().chain(&c.polled).find(|f| f.is_spam);
        if let (None, None, Some(spam)) = (&m.folders, &c.failure, spam) {
            match init::write_spam_folder(&cfg.path, &m.name, &spam.name) {
                Ok(true) if !json_out => println!(
                    "{}",
                    t!(
                        cfg.alerts.lang(),
                        "init-spam-written",
                        folder = &spam.name,
                        path = cfg.path.display()
                    )
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(
                    "cannot write the spam folder into {}: {e}",
                    cfg.path.display()
                ),
            }
        }
        if json_out {
            mailboxes.push(to_json(&c));
        } else {
            print_human(&c, lang);
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
            "store_error": store.as_ref().err().map(crate::cli::one_line),
            "ok": failed.is_empty() && store.is_ok(),
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
            let to = a
                .address
                .as_deref()
                .map(|x| format!(" ({})", t!(lang, "check-account-to", address = x)))
                .unwrap_or_default();
            println!(
                "{}",
                t!(
                    lang,
                    "check-account",
                    id = &a.id,
                    platform = &a.platform,
                    mailbox = &a.mailbox,
                    to = to
                )
            );
        }
        for w in &cfg.warnings {
            println!("{}: {w}", t!(lang, "check-warning"));
        }
    }
    if let Err(e) = store {
        return Err(e.context(t!(
            lang,
            "check-failed-store",
            path = cfg.store_path().display()
        )));
    }
    if !failed.is_empty() {
        anyhow::bail!(t!(
            lang,
            "check-failed-mailboxes",
            names = failed.join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox(extra: &str) -> Mailbox {
        let text = format!(
            "[[mailbox]]\nname = \"m\"\nhost = \"imap.example.org\"\nuser = \"u\"\npassword_env = \"X\"\n{extra}\n"
        );
        Config::parse(&text, Path::new("c.toml"))
            .unwrap()
            .mailboxes
            .remove(0)
    }

    fn probe(mails: &[&[&str]], m: &Mailbox) -> AuthservProbe {
        let mails: Vec<Vec<String>> = mails
            .iter()
            .map(|h| h.iter().map(|s| s.to_string()).collect())
            .collect();
        AuthservProbe::tally(&mails, m.authserv_id.as_deref())
    }

    const A: &[&str] = &["mx.a.example; spf=pass"];
    const B: &[&str] = &["mx.b.example; spf=pass"];
    const NONE: &[&str] = &[];

    #[test]
    fn authserv_advice_suggests_the_usual_id_and_warns_otherwise() {
        let m = mailbox("");
        let (s, w) = authserv_advice(&m, &probe(&[A, A, B], &m));
        assert_eq!(s.as_deref(), Some("authserv_id = \"mx.a.example\""));
        assert!(w.is_empty());
        // Half is not most: ids vary.
        let (s, w) = authserv_advice(&m, &probe(&[A, B], &m));
        assert_eq!(s, None);
        assert!(
            w[0].contains("different servers (mx.a.example, mx.b.example)"),
            "{w:?}"
        );
        // Most carry none.
        let (s, w) = authserv_advice(&m, &probe(&[A, NONE, NONE], &m));
        assert_eq!(s, None);
        assert!(w[0].contains("2 of the 3 newest"), "{w:?}");
        // Nothing to look at: nothing to say.
        assert_eq!(authserv_advice(&m, &probe(&[], &m)), (None, vec![]));
        // sender-domain: the safer setting is suggested, no warning.
        let m = mailbox("trust = \"sender-domain\"");
        let (s, w) = authserv_advice(&m, &probe(&[A, A, NONE], &m));
        assert_eq!(
            s.as_deref(),
            Some("trust = \"authentication-results\"\nauthserv_id = \"mx.a.example\"")
        );
        assert!(w.is_empty());
        // Configured: a parent id covers its subdomains; a typo is warned about.
        let m = mailbox("authserv_id = \"a.example\"");
        assert_eq!(authserv_advice(&m, &probe(&[A, A, B], &m)), (None, vec![]));
        let m = mailbox("authserv_id = \"mx.a.exmaple\"");
        let (s, w) = authserv_advice(&m, &probe(&[A, A, B], &m));
        assert_eq!(s.as_deref(), Some("authserv_id = \"mx.a.example\""));
        assert!(w[0].contains("only 0 of the 3"), "{w:?}");
    }
}
