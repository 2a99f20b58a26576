//! Picking the verification code out of a mail: the code, not a date,
//! time, price, phone number, postcode, year or reference number.
//!
//! Candidates are runs of ASCII digits of an allowed length that stand
//! alone (not part of a longer number, a date, a time, a price or a
//! grouped phone number). Each is scored: in the subject, near a code word
//! ("Code", "Bestätigungscode", "codice", "kod", …) scores up, right after
//! a reference word ("Ref.", "Nr.", "Tel.", "Bestellung", …) or looking
//! like a date scores down. The best positive score wins; no candidate
//! with a positive score means no code.

use regex::Regex;

#[derive(Debug)]
pub struct CodeRules {
    digits: Vec<usize>,
    prefixes: Vec<String>,
    prefixed_digits: Vec<usize>,
    words: Regex,
}

/// Words right before a number that make it a reference, not a code:
/// stems (any ending) and whole words, in the languages optout knows.
/// Word boundaries are ASCII ones (`(?-u:\b)`): a Unicode `\b` makes the
/// regex engine fall back to its slow path on any non-ASCII text, and the
/// words' edges are ASCII letters. What may stand between the word and
/// the number (": ", " #", "-") is cut off first ([`reference_before`]):
/// as `[^\w]{0,6}` in the regex, six copies of the Unicode class made it
/// ~0.9 MB, the largest single allocation of the idle daemon.
const NOT_A_CODE_BEFORE: &str = concat!(
    r"(?i)(?:(?-u:\b)(?:ref|réf|rif|bestell|auftrag|rechnung|invoice|factur|fattur|faktur|telefon|",
    r"téléphone|telefono|teléfono|kunden|customer|aktenzeichen|steuer|postleitzahl|sendung|",
    r"tracking|order|ticket|iban|zamówieni|zamowieni|pedido|ordine|commande|bestelling)\w*",
    r"|(?-u:\b)(?:case|fall|vorgang|tel|phone|fax|mobil|handy|client|cliente|konto|account|bic|blz|az|",
    r"nr|no|n°|nº|nummer|numero|número|numer|id|plz|postcode|zip|cap|datum|date|data|fecha|",
    r"paket|artikel|art|sku|isbn)(?-u:\b))$"
);

const CODE_WORD_REACH: usize = 80;

impl CodeRules {
    pub fn new(
        digits: &[usize],
        prefixes: &[String],
        prefixed_digits: &[usize],
        words: &[String],
    ) -> Result<CodeRules, String> {
        if digits.is_empty() || digits.iter().any(|&d| !(4..=12).contains(&d)) {
            return Err("`digits` must list code lengths between 4 and 12".into());
        }
        if words.is_empty() {
            return Err("`words` must list at least one code word".into());
        }
        let alts: Vec<String> = words.iter().map(|w| regex::escape(w.trim())).collect();
        Ok(CodeRules {
            digits: digits.to_vec(),
            prefixes: prefixes.iter().map(|p| p.trim().to_lowercase()).collect(),
            prefixed_digits: if prefixed_digits.is_empty() {
                digits.to_vec()
            } else {
                prefixed_digits.to_vec()
            },
            words: Regex::new(&format!("(?i)(?:{})", alts.join("|"))).map_err(|e| e.to_string())?,
        })
    }

    /// The code of a code mail, digits only ("FB-56099" gives "56099").
    pub fn find(&self, subject: &str, text: &str) -> Option<String> {
        self.best(subject, text, false)
    }

    /// A code by structure alone, whatever the sentence around it: a
    /// candidate with a code word within reach (in the subject or the
    /// text), not a reference and not a date. What makes a trusted
    /// provider mail a code mail when no phrase matched.
    pub fn find_by_structure(&self, subject: &str, text: &str) -> Option<String> {
        self.best(subject, text, true)
    }

    fn best(&self, subject: &str, text: &str, structural: bool) -> Option<String> {
        let mut best: Option<(i32, String)> = None;
        // A subject about a code ("Here's the code you asked for") and a
        // text with exactly one code-like number far from any code word:
        // that number is the code.
        let subject_names_code = structural && self.words.is_match(subject);
        let mut lone: Vec<String> = Vec::new();
        for (hay, bonus) in [(subject, 50), (text, 0)] {
            // The code words are looked for only once a candidate is found:
            // most mails have no standing-alone number of a code's length.
            let mut words: Option<Vec<(usize, usize)>> = None;
            for (start, end, prefixed) in candidates(hay).take(500) {
                let allowed = if prefixed {
                    &self.prefixed_digits
                } else {
                    &self.digits
                };
                // "918 406" is shown in groups and typed as 918406.
                let joined: String = hay[start..end]
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                if !allowed.contains(&joined.len()) {
                    continue;
                }
                let digits = joined.as_str();
                let mut score = bonus;
                let words = words.get_or_insert_with(|| {
                    self.words
                        .find_iter(hay)
                        .map(|m| (m.start(), m.end()))
                        .take(200)
                        .collect()
                });
                let near = nearest(words, start, end);
                if let Some(d) = near {
                    score += 40 - (d as i32) / 4;
                }
                if structural && (reference_before(hay, start) || looks_like_date(digits)) {
                    continue;
                }
                if structural && near.is_none() {
                    if subject_names_code && bonus == 0 && !lone.iter().any(|l| l == digits) {
                        lone.push(digits.to_owned());
                    }
                    continue;
                }
                if prefixed && self.is_prefix(hay, start) {
                    score += 30;
                }
                if reference_before(hay, start) {
                    score -= 60;
                }
                if looks_like_date(digits) {
                    score -= 15;
                }
                if score > 0 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, digits.to_owned()));
                }
            }
        }
        match (best, lone.as_slice()) {
            (Some((_, c)), _) => Some(c),
            (None, [one]) => Some(one.clone()),
            (None, _) => None,
        }
    }

    fn is_prefix(&self, hay: &str, start: usize) -> bool {
        let before = &hay[..start - 1]; // without the '-'
        let word_start = before
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let word = &before[word_start..];
        !word.is_empty() && self.prefixes.iter().any(|p| p.eq_ignore_ascii_case(word))
    }
}

/// Stand-alone digit runs: (start, end, preceded by "LETTERS-").
fn candidates(hay: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let b = hay.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let mut end = i;
            // Two groups of the same length, 3 or 4 digits, one space
            // apart: one code shown grouped ("918 406", "2560 9134").
            let run = end - start;
            if (3..=4).contains(&run) && b.get(end) == Some(&b' ') {
                let second = b[end + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if second == run
                    && !(start >= 2 && b[start - 1] == b' ' && b[start - 2].is_ascii_digit())
                {
                    end += 1 + second;
                    i = end;
                }
            }
            if let Some(prefixed) = stands_alone(b, start, end) {
                return Some((start, end, prefixed));
            }
        }
        None
    })
}

/// Whether the digits at start..end are a number of their own (Some,
/// with whether a "LETTERS-" prefix precedes), not part of a longer
/// token: 12.03.2025, 12:30, 1.299,00 €, +49 30 123456, 4711-123456, ABC123456.
fn stands_alone(b: &[u8], start: usize, end: usize) -> Option<bool> {
    let prev = start.checked_sub(1).map(|i| b[i]);
    let next = b.get(end).copied();
    let next2 = b.get(end + 1).copied();
    let mut prefixed = false;
    match prev {
        None => {}
        Some(c) if c.is_ascii_alphabetic() || c == b'_' => return None,
        Some(b'-') => {
            // "FB-56099" yes, "4711-123456" no.
            let p2 = start.checked_sub(2).map(|i| b[i]);
            if p2.is_some_and(|c| c.is_ascii_alphabetic()) {
                prefixed = true;
            } else {
                return None;
            }
        }
        Some(b'.' | b',' | b':' | b'/' | b'+' | b'#' | b'$' | b'\\' | b'=' | b'@' | b'&') => {
            return None
        }
        Some(b' ') => {
            // A grouped number: "030 123456", "+49 151 12345678" (a short
            // group before; a long one is a number of its own).
            let group = b[..start - 1]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (1..=4).contains(&group) || (start >= 2 && b[start - 2] == b'+') {
                return None;
            }
        }
        Some(0xA3 | 0xAC) if start >= 2 && matches!(b[start - 2], 0xC2 | 0x82) => return None, // £, €
        _ => {}
    }
    match next {
        None => {}
        Some(c) if c.is_ascii_alphabetic() || c == b'_' || c == b'%' || c == b'@' => return None,
        Some(b'.' | b',' | b':' | b'/' | b'-') if next2.is_some_and(|c| c.is_ascii_digit()) => {
            return None
        }
        Some(b' ') => {
            let group = b[end + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (1..=4).contains(&group) {
                return None;
            }
            let rest = &b[end + 1..b.len().min(end + 6)];
            let rest = String::from_utf8_lossy(rest).to_lowercase();
            if ["€", "eur", "usd", "$", "zł", "pln", "chf", "gbp", "£", "kr"]
                .iter()
                .any(|c| rest.starts_with(c))
            {
                return None;
            }
        }
        Some(0xE2) if b.get(end + 1..end + 3) == Some(&[0x82, 0xAC]) => return None, // €
        _ => {}
    }
    Some(prefixed)
}

/// Distance in bytes from the digits to the nearest code word, if one is
/// within reach.
fn nearest(words: &[(usize, usize)], start: usize, end: usize) -> Option<usize> {
    words
        .iter()
        .filter_map(|&(ws, we)| {
            if we <= start {
                Some(start - we)
            } else if ws >= end {
                Some(ws - end)
            } else {
                None // overlapping: a code word made of digits is no word
            }
        })
        .filter(|&d| d <= CODE_WORD_REACH)
        .min()
}

fn reference_before(hay: &str, start: usize) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(NOT_A_CODE_BEFORE).expect("valid regex"));
    // "FB-56099": look before the prefix.
    let bytes = hay.as_bytes();
    let mut to = start;
    if to >= 2 && bytes[to - 1] == b'-' && bytes[to - 2].is_ascii_alphabetic() {
        to -= 1;
        while to > 0 && bytes[to - 1].is_ascii_alphabetic() {
            to -= 1;
        }
    }
    let mut from = to.saturating_sub(40);
    while !hay.is_char_boundary(from) {
        from += 1;
    }
    // At most six characters that are not word characters between the
    // word and the number (the word itself ends in a word character).
    let before = &hay[from.min(to)..to];
    let word_end = before
        .char_indices()
        .rev()
        .take(7)
        .find(|&(_, c)| is_word_char(c))
        .map(|(i, c)| i + c.len_utf8());
    // None: nothing but separators (or more than six) before the number.
    word_end.is_some_and(|end| re.is_match(&before[..end]))
}

/// A character of the regex class `\w` (Unicode: letters, marks, digits,
/// connector punctuation), as far as the reference words need it.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// yyyymmdd or ddmmyyyy with a plausible year, month and day.
fn looks_like_date(d: &str) -> bool {
    if d.len() != 8 {
        return false;
    }
    let n = |r: std::ops::Range<usize>| d[r].parse::<u32>().unwrap_or(0);
    let ok = |y: u32, m: u32, day: u32| {
        (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
    };
    ok(n(0..4), n(4..6), n(6..8)) || ok(n(4..8), n(2..4), n(0..2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> CodeRules {
        CodeRules::new(
            &[6, 8],
            &["FB".to_string()],
            &[5, 6, 8],
            &[
                "code",
                "kod",
                "codice",
                "código",
                "verif",
                "bestätigung",
                "sicherheits",
            ]
            .map(String::from),
        )
        .unwrap()
    }

    fn code(subject: &str, text: &str) -> Option<String> {
        meta().find(subject, text)
    }

    #[test]
    fn finds_the_code_near_code_words() {
        assert_eq!(
            code("", "Dein Bestätigungscode lautet 482913.").as_deref(),
            Some("482913")
        );
        assert_eq!(
            code("", "Use this code to verify: 48291377").as_deref(),
            Some("48291377")
        );
        assert_eq!(
            code("72351984 ist dein Sicherheitscode", "").as_deref(),
            Some("72351984")
        );
        assert_eq!(
            code("", "Il tuo codice è 918273").as_deref(),
            Some("918273")
        );
        assert_eq!(code("", "Twój kod: 555123").as_deref(), Some("555123"));
        assert_eq!(code("", "Tu código es 102938.").as_deref(), Some("102938"));
    }

    /// A reference word counts with up to six separators between it and
    /// the number, whatever they are; more, or none, and it does not.
    #[test]
    fn reference_words_across_separators() {
        for before in [
            "Bestellnr.: ",
            "Kundennummer ",
            "Réf. : ",
            "Tel. – ",
            "Rechnung #",
            "Zamówienie: ",
        ] {
            assert!(reference_before(before, before.len()), "{before:?}");
        }
        for before in [
            "Dein Code: ",
            "Bestellnr. .......: ",
            "",
            ":: ",
            "Sicherheitscode ",
        ] {
            assert!(!reference_before(before, before.len()), "{before:?}");
        }
        assert_eq!(
            code("", "Bestellnr.: 48213377, dein Code: 918273").as_deref(),
            Some("918273")
        );
    }

    #[test]
    fn a_subject_about_a_code_and_one_number_far_below() {
        let structural = |s: &str, t: &str| meta().find_by_structure(s, t);
        let text = "You asked for it when you filled in the form about your data. \
                    It works once and only for the next few minutes, so go back to the \
                    page you came from and type it in there: 73920155";
        assert_eq!(
            structural("Your code is here", text).as_deref(),
            Some("73920155")
        );
        // Without the subject, the number is too far from any code word.
        assert_eq!(structural("Your request", text), None);
        // Two such numbers: which one? Neither.
        assert_eq!(
            structural("Your code is here", &format!("{text} or 55112233")),
            None
        );
    }

    #[test]
    fn a_code_shown_in_groups_is_one_code() {
        assert_eq!(code("", "Dein Code: 482 913").as_deref(), Some("482913"));
        assert_eq!(
            code("", "Your code is 2560 9134.").as_deref(),
            Some("25609134")
        );
        // A phone number in groups is not a code.
        assert_eq!(code("", "Code questions? Call 030 123 456"), None);
    }

    #[test]
    fn prefix_is_dropped_and_allows_five_digits() {
        assert_eq!(
            code("FB-56099 ist dein Bestätigungscode", "").as_deref(),
            Some("56099")
        );
        assert_eq!(code("", "Dein Code: FB-560991").as_deref(), Some("560991"));
        // Five digits without the prefix are no code.
        assert_eq!(code("", "Dein Code: 56099"), None);
    }

    #[test]
    fn the_code_not_the_other_numbers() {
        let text = "Am 12.03.2025 um 14:30 Uhr hast du einen Code angefordert. \
Bestellung 12345678, Preis 123456 €, Tel. +49 30 123456, PLZ 10115. \
Dein Code: 771234. Ref. 99887766";
        assert_eq!(code("Dein Code", text).as_deref(), Some("771234"));
    }

    #[test]
    fn no_code_in_numbers_alone() {
        for text in [
            "Am 20250314 um 14:30",                        // date
            "Kosten: 1.299,00 € oder 123456 EUR",          // prices
            "Ruf an: +49 151 12345678 oder 030 123456",    // phone numbers
            "Mein Code ist lang: 123456789",               // nine digits
            "Code 12:30:45, Code 2025, Code 10115 Berlin", // time, year, postcode
            "Referenznummer 12345678 für deinen Code",     // reference
            "Ticket #123456 zu deinem Code",               // ticket
            "Bestellnummer: 87654321, Code folgt",         // order
            "Code ABC123456 und 123456XYZ",                // glued to letters
            "Code 4711-123456",                            // hyphenated number
            "Your order 123456 has shipped",               // no code word near
        ] {
            assert_eq!(code("", text), None, "{text}");
        }
    }

    #[test]
    fn far_away_numbers_are_no_code() {
        let text = format!("Dein Code {} Kundennummer 123456", "x ".repeat(60));
        assert_eq!(code("", &text), None);
    }

    #[test]
    fn subject_wins_over_text() {
        assert_eq!(
            code("123456 is your code", "code 654321").as_deref(),
            Some("123456")
        );
    }
}
