use super::*;
use crate::config::{Account, Trust};

fn mail(from: &str, name: Option<&str>, ar: Option<&str>, subject: &str, text: &str) -> ParsedMail {
    ParsedMail {
        from_address: from.to_owned(),
        from_domain: from.rsplit_once('@').unwrap().1.to_owned(),
        from_name: name.map(str::to_owned),
        recipients: vec!["max@gmx.de".into()],
        subject: subject.into(),
        authentication_results: ar.into_iter().map(str::to_owned).collect(),
        text: text.into(),
        ..Default::default()
    }
}

const AR_FB: &str =
    "mx.gmx.net; dkim=pass header.d=facebookmail.com; dmarc=pass header.from=facebookmail.com";
const AR_SUPPORT: &str = "mx.gmx.net; dkim=pass header.d=support.facebook.com";

#[test]
fn builtin_rules_parse_and_cover_the_platforms() {
    let c = Classifier::builtin();
    assert_eq!(c.providers(), vec!["Meta"]);
    assert_eq!(meta_platforms(), ["facebook", "instagram", "threads"]);
}

#[test]
fn trusted_code_with_reason() {
    let c = Classifier::builtin();
    let m = mail(
        "security@facebookmail.com",
        Some("Facebook"),
        Some(AR_FB),
        "FB-56099 ist dein Bestätigungscode",
        "Verwende diesen Code, um deine E-Mail-Adresse zu bestätigen.",
    );
    let o = c.classify(&m, Trust::AuthenticationResults).unwrap();
    assert_eq!(o.kind, ObservationKind::Code);
    assert_eq!(o.code.as_deref(), Some("56099"));
    assert_eq!(o.platform, "facebook");
    assert!(o.trusted);
    assert!(
        o.reason.contains("From facebookmail.com, DKIM pass"),
        "{}",
        o.reason
    );
}

#[test]
fn dkim_fail_is_suspicious_unless_trusting_the_domain() {
    let c = Classifier::builtin();
    let m = mail(
        "noreply@support.facebook.com",
        None,
        Some("mx.gmx.net; dkim=fail header.d=support.facebook.com"),
        "",
        "Wir haben deinen Antrag geprüft und erkennen deinen Einspruch an.",
    );
    let o = c.classify(&m, Trust::AuthenticationResults).unwrap();
    assert_eq!((o.kind, o.trusted), (ObservationKind::Suspicious, false));
    assert!(o.reason.contains("dkim=fail"), "{}", o.reason);
    let o = c.classify(&m, Trust::SenderDomain).unwrap();
    assert_eq!((o.kind, o.trusted), (ObservationKind::Accepted, true));
}

#[test]
fn support_mail_platform_from_text() {
    let c = Classifier::builtin();
    let m = mail(
        "noreply@support.facebook.com",
        None,
        Some(AR_SUPPORT),
        "Deine Anfrage",
        "Danke für deine Nachricht an Meta. Es geht um dein Instagram-Konto.",
    );
    let o = c.classify(&m, Trust::AuthenticationResults).unwrap();
    assert_eq!(
        (o.kind, o.platform.as_str()),
        (ObservationKind::Receipt, "instagram")
    );
}

#[test]
fn rules_errors_name_file_line_and_key() {
    let p = Path::new("/etc/rules/x.toml");
    let e = rules::parse(
        "[provider]\nname = \"X\"\ndomains = [\"x.com\"]\ndefault_platform = \"x\"\nbogus = 1\n",
        p,
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("/etc/rules/x.toml:5: key `bogus`"), "{e}");
    let e = rules::parse(
        "[provider]\nname = \"X\"\ndomains = [\"x.com\"]\ndefault_platform = \"x\"\n[[rule]]\nkind = \"accepted\"\npatterns = [\"(unclosed\"]\n",
        p,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("/etc/rules/x.toml:7: key `rule.patterns`: invalid regex"),
        "{e}"
    );
    let e = rules::parse(
        "[provider]\nname = \"X\"\ndomains = [\"x.com\"]\ndefault_platform = \"x\"\n[[rule]]\nkind = \"maybe\"\nphrases = [\"a\"]\n",
        p,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains(":6: key `rule.kind`: unknown kind \"maybe\""),
        "{e}"
    );
}

#[test]
fn example_rules_and_a_rules_dir_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/examples");
    let c = Classifier::load(Some(&dir)).unwrap();
    assert!(c.providers().len() >= 2, "{:?}", c.providers());
    let bad = tempfile::tempdir().unwrap();
    std::fs::write(bad.path().join("broken.toml"), "[provider\n").unwrap();
    let e = Classifier::load(Some(bad.path()))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("broken.toml:1"), "{e}");
}

fn acct(id: &str, platform: &str, address: Option<&str>) -> Account {
    Account {
        id: id.into(),
        platform: platform.into(),
        mailbox: "m".into(),
        address: address.map(str::to_owned),
    }
}

fn obs(kind: ObservationKind, platform: &str) -> Observation {
    Observation {
        kind,
        platform: platform.into(),
        code: None,
        trusted: kind != ObservationKind::Suspicious,
        reason: String::new(),
    }
}

#[test]
fn routing() {
    let m = mail("a@facebookmail.com", None, None, "", "");
    let fb1 = acct("fb1", "facebook", Some("other@gmx.de"));
    let fb2 = acct("fb2", "facebook", Some("max@gmx.de"));
    let ig = acct("ig", "instagram", None);
    let slack = acct("slack", "slack", None);
    let id = |a: Option<&Account>| a.map(|a| a.id.clone());

    // By recipient address among several of the platform.
    assert_eq!(
        id(route(
            &obs(ObservationKind::Code, "facebook"),
            &m,
            &[&fb1, &fb2, &ig]
        )),
        Some("fb2".into())
    );
    // The only account of the platform.
    assert_eq!(
        id(route(
            &obs(ObservationKind::Code, "instagram"),
            &m,
            &[&fb1, &ig]
        )),
        Some("ig".into())
    );
    // Several, none addressed: ambiguous.
    let m2 = mail("a@facebookmail.com", None, None, "", "");
    let fb3 = acct("fb3", "facebook", Some("x@y.de"));
    assert_eq!(
        id(route(
            &obs(ObservationKind::Code, "facebook"),
            &ParsedMail {
                recipients: vec![],
                ..m2
            },
            &[&fb1, &fb3]
        )),
        None
    );
    // A Threads decision in a mailbox tracking only Instagram: the only Meta account.
    assert_eq!(
        id(route(
            &obs(ObservationKind::Accepted, "threads"),
            &m,
            &[&slack, &ig]
        )),
        Some("ig".into())
    );
    // ... but never a code.
    assert_eq!(
        id(route(
            &obs(ObservationKind::Code, "threads"),
            &m,
            &[&slack, &ig]
        )),
        None
    );
    // Suspicious: the platform's account, else the first account.
    assert_eq!(
        id(route(
            &obs(ObservationKind::Suspicious, "instagram"),
            &m,
            &[&slack, &ig]
        )),
        Some("ig".into())
    );
    assert_eq!(
        id(route(
            &obs(ObservationKind::Suspicious, "threads"),
            &m,
            &[&slack, &fb1]
        )),
        Some("slack".into())
    );
}

fn ars(m: ParsedMail, headers: &[&str]) -> ParsedMail {
    ParsedMail {
        authentication_results: headers.iter().map(|h| h.to_string()).collect(),
        ..m
    }
}

fn code_mail(headers: &[&str]) -> ParsedMail {
    let m = mail(
        "security@facebookmail.com",
        Some("Facebook"),
        None,
        "48213790 ist dein Bestätigungscode",
        "Verwende diesen Code, um deine E-Mail-Adresse zu bestätigen.",
    );
    ars(m, headers)
}

fn pinned(id: &str) -> TrustPolicy<'_> {
    TrustPolicy {
        trust: Trust::AuthenticationResults,
        authserv_id: Some(id),
    }
}

const FORGED: &str =
    "evil.example; dkim=pass header.d=facebookmail.com; dmarc=pass header.from=facebookmail.com";

#[test]
fn a_forged_header_alone_is_believed_unpinned_but_not_with_an_authserv_id() {
    let c = Classifier::builtin();
    let m = code_mail(&[FORGED]);
    // Without authserv_id the topmost header decides, whoever wrote it
    // (the gap authserv_id closes).
    assert!(
        c.classify(&m, Trust::AuthenticationResults)
            .unwrap()
            .trusted
    );
    let o = c.classify(&m, pinned("mx.google.com")).unwrap();
    assert_eq!(
        (o.kind, o.trusted, o.code),
        (ObservationKind::Suspicious, false, None)
    );
    assert!(
        o.reason
            .contains("no Authentication-Results from mx.google.com"),
        "{}",
        o.reason
    );
    assert!(o.reason.contains("evil.example"), "{}", o.reason);
    // No header at all.
    let o = c
        .classify(&code_mail(&[]), pinned("mx.google.com"))
        .unwrap();
    assert_eq!((o.kind, o.trusted), (ObservationKind::Suspicious, false));
    assert!(
        o.reason
            .contains("no Authentication-Results from mx.google.com"),
        "{}",
        o.reason
    );
}

#[test]
fn with_an_authserv_id_the_servers_header_decides_and_forged_ones_are_ignored() {
    let c = Classifier::builtin();
    let server_pass =
        "mx.google.com; dkim=pass header.i=@facebookmail.com header.s=s1; spf=pass; dmarc=pass (p=REJECT) header.from=facebookmail.com";
    let server_fail = "mx.google.com; dkim=fail header.d=facebookmail.com; dmarc=fail header.from=facebookmail.com";
    // The server's header on top, a forged pass below it: the server's fail counts.
    let o = c
        .classify(&code_mail(&[server_fail, FORGED]), pinned("mx.google.com"))
        .unwrap();
    assert_eq!((o.kind, o.trusted), (ObservationKind::Suspicious, false));
    assert!(o.reason.contains("dkim=fail"), "{}", o.reason);
    // A header from another hop above the server's: ignored as well.
    let o = c
        .classify(&code_mail(&[FORGED, server_fail]), pinned("mx.google.com"))
        .unwrap();
    assert!(!o.trusted, "{}", o.reason);
    // The server's pass, whatever lies below.
    let fail_below = "mx.google.com; dkim=fail header.d=facebookmail.com";
    let o = c
        .classify(
            &code_mail(&[server_pass, fail_below]),
            pinned("MX.Google.com"),
        )
        .unwrap();
    assert_eq!(
        (o.kind, o.trusted, o.code.as_deref()),
        (ObservationKind::Code, true, Some("48213790"))
    );
    assert!(
        o.reason.starts_with(
            "From facebookmail.com, DKIM pass for facebookmail.com (mx.google.com); matched"
        ),
        "{}",
        o.reason
    );
    // The id is compared case-insensitively, versions and comments aside.
    let o = c
        .classify(
            &code_mail(&["(via) MX.GOOGLE.COM 1; dkim=pass header.d=facebookmail.com"]),
            pinned("mx.google.com"),
        )
        .unwrap();
    assert!(o.trusted, "{}", o.reason);
    // trust = "sender-domain" never looks at the headers.
    let o = c
        .classify(
            &code_mail(&[FORGED]),
            TrustPolicy {
                trust: Trust::SenderDomain,
                authserv_id: Some("mx.google.com"),
            },
        )
        .unwrap();
    assert!(o.trusted);
}

#[test]
fn a_subdomain_of_the_authserv_id_counts_but_no_parent_or_lookalike() {
    let c = Classifier::builtin();
    let pass = |id: &str| format!("{id}; dkim=pass header.d=facebookmail.com");
    let trusted = |header: &str, id: &str| {
        c.classify(&code_mail(&[header]), pinned(id))
            .unwrap()
            .trusted
    };
    assert!(trusted(&pass("gmx.net"), "gmx.net"));
    assert!(trusted(&pass("mx01.gmx.net"), "gmx.net"));
    assert!(!trusted(&pass("google.com"), "mx.google.com"));
    assert!(!trusted(&pass("evilmx.google.com"), "mx.google.com"));
    assert!(!trusted(&pass("mx.google.com.evil.ru"), "mx.google.com"));
    assert!(!trusted(&pass("mxgoogle.com"), "mx.google.com"));
}

const AR_IG: &str = "mx.gmx.net; dkim=pass header.d=mail.instagram.com";

fn kind_of(
    from: &str,
    ar: &str,
    subject: &str,
    text: &str,
) -> Option<(ObservationKind, Option<String>, String)> {
    static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    let c = C.get_or_init(Classifier::builtin);
    let m = mail(from, None, Some(ar), subject, text);
    c.classify(&m, Trust::AuthenticationResults)
        .map(|o| (o.kind, o.code, o.platform))
}

#[test]
fn codes_by_structure_from_the_issue() {
    for (from, ar, subject, text, code, platform) in [
        (
            "security@facebookmail.com",
            AR_FB,
            "Your address",
            "Type this code into the form to confirm your address: 118833",
            "118833",
            "facebook",
        ),
        (
            "security@facebookmail.com",
            AR_FB,
            "Deine Adresse",
            "Hier ist der Code, mit dem du bestätigst, dass die Adresse dir gehört: 40417755",
            "40417755",
            "facebook",
        ),
        (
            "no-reply@mail.instagram.com",
            AR_IG,
            "905531 – dein Code für Instagram",
            "Gib ihn im Formular ein.",
            "905531",
            "instagram",
        ),
        (
            "security@facebookmail.com",
            AR_FB,
            "Anmeldung",
            "Jemand möchte sich anmelden. Code: 552901",
            "552901",
            "facebook",
        ),
    ] {
        let got = kind_of(from, ar, subject, text);
        assert_eq!(
            got,
            Some((ObservationKind::Code, Some(code.into()), platform.into())),
            "{subject} / {text}"
        );
    }
}

#[test]
fn receipts_and_decisions_by_concept_from_the_issue() {
    for (text, want) in [
        (
            "Your objection reached us and we will look at it soon.",
            ObservationKind::Receipt,
        ),
        (
            "We'll respect your objection from now on.",
            ObservationKind::Accepted,
        ),
        (
            "Nous avons examiné ta demande et acceptons ton objection.",
            ObservationKind::Accepted,
        ),
        (
            "Abbiamo esaminato la tua richiesta e accogliamo la tua obiezione.",
            ObservationKind::Accepted,
        ),
        (
            "Wir haben deinen Antrag geprüft und erkennen deinen Einspruch nicht an.",
            ObservationKind::Rejected,
        ),
        (
            "Nous avons bien reçu ton objection.",
            ObservationKind::Receipt,
        ),
    ] {
        let got = kind_of("noreply@support.facebook.com", AR_SUPPORT, "", text).map(|k| k.0);
        assert_eq!(got, Some(want), "{text}");
    }
}

#[test]
fn moderation_security_and_marketing_never_change_state() {
    for (subject, text) in [
        ("Your appeal", "We reviewed your post again. It still doesn't follow our Community Guidelines, so we can't take further action on it."),
        ("Dein Einspruch", "Wir haben deinen Einspruch zu deinem Beitrag geprüft. Er verstößt gegen unsere Gemeinschaftsstandards; wir erkennen deinen Einspruch nicht an."),
        ("Dein Einspruch", "Dein Konto wurde wiederhergestellt. Wir haben deinen Einspruch anerkannt."),
        ("Kontosperre", "Wir haben deinen Einspruch gegen die Kontosperre abgelehnt."),
        ("New login", "We noticed a new login. Code 123456 was not needed. Your objection is unaffected."),
        ("Dein Passwort wurde geändert", "Passwort geändert. Widerspruch? Sichere dein Konto."),
        ("Boost your reach", "Boost your page today and accept our offer. Objection handling for sellers."),
    ] {
        let got = kind_of("noreply@support.facebook.com", AR_SUPPORT, subject, text);
        assert_eq!(got, None, "{subject} / {text}");
    }
}

#[test]
fn posts_exclude_only_a_mail_that_does_not_name_ai() {
    // An acceptance speaks of posts too: what will no longer train AI.
    let got = kind_of(
        "noreply@facebookmail.com",
        AR_FB,
        "Your objection",
        "We reviewed your objection and will honour it: your posts and photos will no longer be used to develop AI at Meta.",
    );
    assert_eq!(got.map(|k| k.0), Some(ObservationKind::Accepted));
    // A moderation mail about a post: nothing, though it says Einspruch.
    let got = kind_of(
        "noreply@support.facebook.com",
        AR_SUPPORT,
        "Dein Einspruch",
        "Wir haben uns deinen Beitrag noch einmal angesehen und deinen Einspruch abgelehnt.",
    );
    assert_eq!(got, None);
}

#[test]
fn a_trusted_mail_about_the_objection_that_no_rule_decides_is_unrecognised() {
    let got = kind_of(
        "noreply@support.facebook.com",
        AR_SUPPORT,
        "About your objection",
        "There is an update on your objection. Open the Privacy Center to see it.",
    );
    assert_eq!(got.map(|k| k.0), Some(ObservationKind::Unrecognised));
    // Not about the objection at all (a notification): nothing.
    let got = kind_of(
        "notification@facebookmail.com",
        AR_FB,
        "Anna started following you",
        "See her profile.",
    );
    assert_eq!(got, None);
    // The same words, not from Meta and not posing as Meta: nothing.
    let got = kind_of(
        "news@shop.example",
        "mx.gmx.net; dkim=pass header.d=shop.example",
        "About your objection",
        "There is an update on your objection.",
    );
    assert_eq!(got, None);
    // From Meta but not authenticated: not a warning either (no wording).
    let got = kind_of(
        "noreply@support.facebook.com",
        "mx.gmx.net; dkim=fail header.d=support.facebook.com",
        "About your objection",
        "There is an update on your objection.",
    );
    assert_eq!(got, None);
}
