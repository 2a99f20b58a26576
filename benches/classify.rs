//! Throughput of parse + classify, in mails per second on one core, beside
//! bare `mailparse::parse_mail` on the same input (the floor).
//!
//! Run: cargo bench --bench classify

use optout::classify::Classifier;
use optout::config::Trust;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// ~20 KB mails as newsletters and notifications are: multipart/alternative
/// with a quoted-printable text part and a large HTML part; one in four is
/// HTML-only, one in four is a Meta mail.
fn synthetic(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            let meta = i % 4 == 0;
            let html_only = i % 4 == 1;
            let from = if meta {
                "Meta <noreply@support.facebook.com>"
            } else {
                "Shop Newsletter <news@shop.example>"
            };
            let mut para = String::new();
            while para.len() < 9_000 {
                para.push_str(&format!(
                    "Angebot Nr. {i}: Unsere neuen Produkte f=C3=BCr den Sommer, nur 19,99 =E2=82=AC bis 30.06.2025. Bestellnummer {:08}.\r\n",
                    i * 7919 % 100_000_000
                ));
            }
            if meta {
                para.push_str("Wir haben deinen Antrag gepr=C3=BCft und erkennen deinen Einspruch an.\r\n");
            }
            let mut html = String::from("<html><head><style>p{color:red}</style></head><body><table>");
            while html.len() < 9_000 {
                html.push_str("<tr><td style=\"padding:4px\"><p>Unsere neuen Produkte f&uuml;r den Sommer &ndash; <a href=\"https://shop.example/p\">jetzt ansehen</a></p></td></tr>");
            }
            html.push_str("</table></body></html>");
            let text_part = if html_only {
                String::new()
            } else {
                format!("--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{para}\r\n")
            };
            format!(
                "Authentication-Results: mx.example; dkim=pass header.d=support.facebook.com\r\n\
Received: from a by b; Tue, 10 Jun 2025 08:15:00 +0000\r\n\
From: {from}\r\nTo: max@gmx.de\r\nSubject: =?UTF-8?Q?Neu_f=C3=BCr_dich_{i}?=\r\n\
Date: Tue, 10 Jun 2025 08:15:00 +0000\r\nMessage-ID: <{i}@x>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=b\r\n\r\n{text_part}\
--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b--\r\n"
            )
            .into_bytes()
        })
        .collect()
}

/// Mails per second of each variant over `mails`: the variants take turns
/// in short rounds and each reports its median round, so a noisy neighbour
/// (this runs on shared VMs) slows all of them alike instead of one.
/// One way of handling a mail, to be timed.
type Variant<'a> = &'a mut dyn FnMut(&[u8]);

fn rates(mails: &[Vec<u8>], rounds: usize, variants: &mut [Variant]) -> Vec<f64> {
    let mut samples = vec![Vec::with_capacity(rounds); variants.len()];
    for f in variants.iter_mut() {
        for m in mails {
            f(m); // warm up
        }
    }
    for _ in 0..rounds {
        for (f, s) in variants.iter_mut().zip(&mut samples) {
            let start = Instant::now();
            let mut n = 0usize;
            while start.elapsed() < Duration::from_millis(40) {
                for m in mails {
                    f(m);
                }
                n += mails.len();
            }
            s.push(n as f64 / start.elapsed().as_secs_f64());
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort_by(f64::total_cmp);
            s[s.len() / 2]
        })
        .collect()
}

fn main() {
    let classifier = Classifier::builtin();
    // For an instruction profile (repeatable on a busy machine):
    // CLASSIFY_PROFILE=20 valgrind --tool=callgrind target/release/deps/classify-HASH
    if let Some(n) = std::env::var("CLASSIFY_PROFILE")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        let mails = corpus();
        for _ in 0..n {
            for m in &mails {
                if let Ok(p) = optout::mail::parse(black_box(m)) {
                    black_box(classifier.classify(&p, Trust::AuthenticationResults));
                }
            }
        }
        return;
    }
    println!("optout classification throughput (one core; cargo bench --bench classify)");
    println!("median of 40 interleaved rounds of 40 ms each");
    for (name, mails) in [
        ("fixture corpus", corpus()),
        ("synthetic ~20 KB", synthetic(64)),
    ] {
        let avg = mails.iter().map(Vec::len).sum::<usize>() / mails.len();
        let r = rates(
            &mails,
            40,
            &mut [
                &mut |m| {
                    black_box(mailparse::parse_mail(black_box(m)).ok());
                },
                &mut |m| {
                    black_box(optout::mail::parse(black_box(m)).ok());
                },
                &mut |m| {
                    if let Ok(p) = optout::mail::parse(black_box(m)) {
                        black_box(classifier.classify(&p, Trust::AuthenticationResults));
                    }
                },
            ],
        );
        let (floor, parse_only, full) = (r[0], r[1], r[2]);
        println!(
            "{name:>17}: {} mails, avg {avg} bytes\n\
             {:>19}mailparse::parse_mail  {floor:>10.0} mails/s\n\
             {:>19}optout mail::parse     {parse_only:>10.0} mails/s\n\
             {:>19}parse + classify       {full:>10.0} mails/s  ({:.2}x the floor's time)",
            mails.len(),
            "",
            "",
            "",
            floor / full
        );
    }
}
