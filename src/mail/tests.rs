use super::*;

fn mail(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut v = headers.replace('\n', "\r\n").into_bytes();
    v.extend_from_slice(b"\r\n");
    v.extend_from_slice(body);
    v
}

#[test]
fn from_subject_recipients_and_topmost_authentication_results() {
    let raw = mail(
        "Authentication-Results: mx.gmx.net; dkim=fail header.d=facebookmail.com\n\
Received: from x by y\n\
Authentication-Results: evil.example; dkim=pass header.d=facebookmail.com\n\
From: =?UTF-8?Q?Facebook_Sicherheit?= <Security@FacebookMail.com>\n\
To: Max <Max@GMX.de>, other@web.de\n\
Delivered-To: max@gmx.de\n\
Subject: =?UTF-8?B?NzIzNTE5ODQgaXN0IGRlaW4gU2ljaGVyaGVpdHNjb2Rl?=\n\
Message-ID: <abc@facebookmail.com>\n\
Date: Tue, 10 Jun 2025 08:15:00 +0000\n",
        b"hello",
    );
    let p = parse(&raw).unwrap();
    assert_eq!(p.from_address, "security@facebookmail.com");
    assert_eq!(p.from_domain, "facebookmail.com");
    assert_eq!(p.from_name.as_deref(), Some("Facebook Sicherheit"));
    assert_eq!(p.recipients, vec!["max@gmx.de", "other@web.de"]);
    assert_eq!(p.subject, "72351984 ist dein Sicherheitscode");
    assert_eq!(
        p.topmost_authentication_results(),
        Some("mx.gmx.net; dkim=fail header.d=facebookmail.com")
    );
    assert_eq!(p.message_id.as_deref(), Some("<abc@facebookmail.com>"));
    assert_eq!(p.date.unwrap().to_rfc3339(), "2025-06-10T08:15:00+00:00");
    assert_eq!(p.text, "hello");
}

#[test]
fn folded_subject_is_unfolded() {
    let raw = mail(
        "From: a@b.de\nSubject: Wir haben deinen Antrag\n\t=?ISO-8859-1?Q?gepr=FCft?=\n",
        b"x",
    );
    let p = parse(&raw).unwrap();
    assert_eq!(p.subject, "Wir haben deinen Antrag gepr\u{fc}ft");
}

#[test]
fn quoted_printable_latin1() {
    let raw = mail(
        "From: a@b.de\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n",
        b"Danke f=FCr deine Nachricht an Meta. Wir werden deine Anfrage so bald wie m=F6g=\r\nlich pr=FCfen.",
    );
    assert_eq!(
        parse(&raw).unwrap().text,
        "Danke f\u{fc}r deine Nachricht an Meta. Wir werden deine Anfrage so bald wie m\u{f6}glich pr\u{fc}fen."
    );
}

#[test]
fn raw_utf8_inside_a_quoted_printable_part_is_kept() {
    // Sloppy senders declare QP and still send 8-bit text; the words must
    // survive (the quoted_printable crate dropped every 8-bit byte).
    let raw = mail(
        "From: a@b.de\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n",
        "Wir haben deinen Antrag gepr\u{fc}ft und erkennen deinen Einspruch an. Stra=C3=9Fe".as_bytes(),
    );
    assert_eq!(
        parse(&raw).unwrap().text,
        "Wir haben deinen Antrag gepr\u{fc}ft und erkennen deinen Einspruch an. Stra\u{df}e"
    );
}

#[test]
fn windows_1252_declared_and_undeclared() {
    // 0x80 is the euro sign and 0x93/0x94 curly quotes in windows-1252, C1
    // controls in ISO-8859-1.
    let body = b"Preis \x80 5, \x93Ma\xdfnahmen\x94";
    let want = "Preis \u{20ac} 5, \u{201c}Ma\u{df}nahmen\u{201d}";
    for ct in [
        "Content-Type: text/plain; charset=windows-1252\n",
        "Content-Type: text/plain; charset=\"cp1252\"\n",
        "Content-Type: text/plain; charset=us-ascii\n",
        "Content-Type: text/plain; charset=x-unknown-thing\n",
        "",
    ] {
        let raw = mail(&format!("From: a@b.de\n{ct}"), body);
        assert_eq!(parse(&raw).unwrap().text, want, "{ct}");
    }
}

#[test]
fn undeclared_utf8_stays_utf8() {
    let raw = mail("From: a@b.de\n", "Maßnahmen für dich".as_bytes());
    assert_eq!(parse(&raw).unwrap().text, "Maßnahmen für dich");
}

#[test]
fn html_only_base64_with_code_in_table_cell() {
    let html = "<html><head><style>td{color:red}</style><script>var x=1;</script></head>\
<body><table><tr><td>Dein Code:</td><td style=\"font-size:24px\">&nbsp;482913&nbsp;</td></tr></table>\
<p>M&ouml;chtest du &amp; mehr?</p></body></html>";
    let b64 = base64_encode(html.as_bytes());
    let raw = mail(
        "From: a@b.de\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n",
        b64.as_bytes(),
    );
    let p = parse(&raw).unwrap();
    assert_eq!(p.text_source, "text/html");
    assert!(p.text.contains("Dein Code:"), "{}", p.text);
    assert!(p.text.contains("482913"), "{}", p.text);
    assert!(p.text.contains("Möchtest du & mehr?"), "{}", p.text);
    assert!(!p.text.contains("color"), "{}", p.text);
    assert!(!p.text.contains("var x"), "{}", p.text);
}

#[test]
fn plain_preferred_over_html_in_nested_multipart_and_attachments_skipped() {
    let raw = mail(
        "From: a@b.de\nContent-Type: multipart/mixed; boundary=\"outer\"\n",
        b"--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n\
--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html version</p>\r\n\
--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain version\r\n--inner--\r\n\
--outer\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nattached\r\n\
--outer\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n--outer--\r\n",
    );
    let p = parse(&raw).unwrap();
    assert_eq!(p.text, "plain version");
    assert_eq!(p.text_source, "text/plain");
}

#[test]
fn binary_only_mail_has_no_text() {
    let raw = mail(
        "From: a@b.de\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n",
        b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
    );
    assert_eq!(parse(&raw).unwrap().text, "");
}

#[test]
fn whitespace_is_folded_and_invisible_characters_dropped() {
    assert_eq!(fold_ws("  a \r\n\t b\u{a0}c  "), "a b c");
    assert_eq!(
        fold_ws("Best\u{e4}tigungs\u{ad}code 12\u{200b}3456"),
        "Bestätigungscode 123456"
    );
}

#[test]
fn deep_nesting_is_bounded() {
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!(
            "--b{i}\r\nContent-Type: multipart/mixed; boundary=b{}\r\n\r\n",
            i + 1
        ));
    }
    body.push_str("--b20000\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
    let raw = mail(
        "From: a@b.de\nContent-Type: multipart/mixed; boundary=b0\n",
        body.as_bytes(),
    );
    // Bounded: the parser stops at its limits (speed is measured in
    // benches/classify.rs, not asserted here).
    let p = parse(&raw).unwrap();
    assert_eq!(p.from_domain, "b.de");
}

#[test]
fn many_headers_and_huge_parts_are_bounded() {
    let mut h = String::from("From: a@b.de\n");
    for i in 0..50_000 {
        h.push_str(&format!("X-Junk-{i}: {}\n", "y".repeat(20)));
    }
    let big = "z ".repeat(MAX_PART);
    let raw = mail(&h, big.as_bytes());
    // Bounded: the parser stops at its limits (speed is measured in
    // benches/classify.rs, not asserted here).
    let p = parse(&raw).unwrap();
    assert!(
        !p.text.is_empty(),
        "an oversized part is read up to the bound"
    );
    assert!(p.text_cut, "and the mail says reading stopped");
}

#[test]
fn deeply_nested_html_does_not_crash() {
    let html = "<div>".repeat(80_000) + "123456" + &"</div>".repeat(80_000);
    assert_eq!(fold_ws(&html_to_text(&html)), "123456");
}

#[test]
fn garbage_is_an_error_or_empty_but_never_a_panic() {
    assert!(parse(b"").is_err());
    let _ = parse(b"\xff\xfe\x00garbage");
    let _ = parse(b"From: <@>\r\n\r\n");
    let _ = parse(b"From: \"unterminated <x@y\r\n\r\n");
}

fn base64_encode(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if out.len() % 78 == 76 {
            out.push_str("\r\n");
        }
    }
    out
}

/// The straightforward definition `fold_ws` is an optimised form of.
fn fold_ws_reference(s: &str) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in s.chars() {
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        ) {
            continue;
        }
        if c.is_whitespace() {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

proptest::proptest! {
    #[test]
    fn fold_ws_matches_its_definition(s in "[a-c \\t\\r\\n\u{a0}\u{200b}\u{ad}\u{2003}äß0-9]{0,40}") {
        proptest::prop_assert_eq!(fold_ws(&s), fold_ws_reference(&s));
    }

    #[test]
    fn fold_ws_matches_its_definition_on_any_text(s in "\\PC{0,60}") {
        proptest::prop_assert_eq!(fold_ws(&s), fold_ws_reference(&s));
    }
}

#[test]
fn every_authentication_results_is_kept_in_order_and_bounded() {
    let raw = mail(
        "Authentication-Results: mx.gmx.net;\n\tdkim=pass header.d=facebookmail.com\n\
Received: from x by y\n\
authentication-results: relay.example; spf=none\n\
Authentication-Results: evil.example; dkim=pass header.d=facebookmail.com\n\
From: a@facebookmail.com\n",
        b"x",
    );
    let p = parse(&raw).unwrap();
    assert_eq!(
        p.authentication_results,
        vec![
            "mx.gmx.net; dkim=pass header.d=facebookmail.com",
            "relay.example; spf=none",
            "evil.example; dkim=pass header.d=facebookmail.com",
        ]
    );
    assert_eq!(
        p.topmost_authentication_results(),
        Some("mx.gmx.net; dkim=pass header.d=facebookmail.com")
    );
    // None at all.
    let p = parse(&mail("From: a@b.de\n", b"x")).unwrap();
    assert!(p.authentication_results.is_empty());
    assert_eq!(p.topmost_authentication_results(), None);
    // Many, and huge: the count and each one's length are capped.
    let mut headers = format!(
        "Authentication-Results: mx0.example; {}\n",
        "x".repeat(3 * MAX_AUTH_RESULTS_CHARS)
    );
    for i in 1..100 {
        headers.push_str(&format!("Authentication-Results: mx{i}.example; none\n"));
    }
    headers.push_str("From: a@b.de\n");
    let p = parse(&mail(&headers, b"x")).unwrap();
    assert_eq!(p.authentication_results.len(), MAX_AUTH_RESULTS);
    assert_eq!(
        p.authentication_results[0].chars().count(),
        MAX_AUTH_RESULTS_CHARS
    );
    assert_eq!(
        p.authentication_results[MAX_AUTH_RESULTS - 1],
        format!("mx{}.example; none", MAX_AUTH_RESULTS - 1)
    );
}
