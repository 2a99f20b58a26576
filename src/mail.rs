//! Raw RFC 5322 bytes -> the few things optout needs of a mail.
//!
//! Pure and bounded: whatever the bytes, parsing does a bounded amount of
//! work (capped input size, multipart count, part sizes, text length) and
//! never panics. Only text parts are read: binary parts decode to garbage.

use chrono::{DateTime, Utc};
use mailparse::{MailHeaderMap, ParsedMail as MimePart};

mod qp;

/// Input beyond this is ignored (provider mails are a few dozen KB; a huge
/// attachment must not cost more than a glance).
pub const MAX_RAW: usize = 8 << 20;
/// At most this many `multipart/` containers are parsed: bounds mailparse's
/// recursion depth and its boundary scans (each container rescans its span).
pub const MAX_MULTIPARTS: usize = 32;
/// Of a text part, at most this many encoded bytes are read (a larger
/// part is read up to here, and the mail says so in `text_cut`).
pub const MAX_PART: usize = 1 << 20;
/// The normalised text is cut after this many bytes (`text_cut`).
pub const MAX_TEXT: usize = 1 << 20;
/// Header values kept (Subject, From display name) are cut to this many chars.
const MAX_HEADER_CHARS: usize = 2000;
/// At most this many parts are looked at.
const MAX_PARTS: usize = 256;
/// At most this many Authentication-Results headers are kept (the topmost:
/// the receiving server's come first; a mail has a handful at most).
pub const MAX_AUTH_RESULTS: usize = 16;
/// Each Authentication-Results header is cut to this many chars.
pub const MAX_AUTH_RESULTS_CHARS: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedMail {
    /// Lower-cased sender address, its domain and display name.
    pub from_address: String,
    pub from_domain: String,
    pub from_name: Option<String>,
    /// Recipient addresses (To, Delivered-To, X-Original-To), lower-cased.
    pub recipients: Vec<String>,
    /// RFC 2047 decoded, whitespace folded.
    pub subject: String,
    pub date: Option<DateTime<Utc>>,
    pub message_id: Option<String>,
    /// Every Authentication-Results header, topmost first (the receiving
    /// server adds its own on top; lower ones may be forged by the sender),
    /// at most [`MAX_AUTH_RESULTS`], each whitespace-folded and cut to
    /// [`MAX_AUTH_RESULTS_CHARS`].
    pub authentication_results: Vec<String>,
    /// Normalised body text (text/plain preferred, else HTML as text),
    /// whitespace folded to single spaces.
    pub text: String,
    /// Where `text` came from: "text/plain", "text/html" or "" (none).
    pub text_source: &'static str,
    /// Reading stopped before the end of the text (at [`MAX_PART`] encoded
    /// or [`MAX_TEXT`] normalised bytes): what follows was not looked at.
    pub text_cut: bool,
}

impl ParsedMail {
    /// The topmost Authentication-Results header, if any.
    pub fn topmost_authentication_results(&self) -> Option<&str> {
        self.authentication_results.first().map(String::as_str)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("cannot parse mail: {0}")]
pub struct MailError(String);

/// Parse a mail. Fails only when there is nothing mail-like at all (no
/// header could be read); a mail with broken parts yields what could be read.
pub fn parse(raw: &[u8]) -> Result<ParsedMail, MailError> {
    let raw = bound_input(raw);
    let m = mailparse::parse_mail(raw).map_err(|e| MailError(e.to_string()))?;
    if m.headers.is_empty() {
        return Err(MailError("no mail headers found".into()));
    }
    let h = &m.headers;
    let (from_address, from_name) = h
        .get_first_value("From")
        .map(|v| first_address(&v))
        .unwrap_or_default();
    let from_domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('.').to_owned())
        .unwrap_or_default();
    let mut recipients = Vec::new();
    for name in ["To", "Delivered-To", "X-Original-To"] {
        for v in h.get_all_values(name).into_iter().take(16) {
            if let Ok(list) = mailparse::addrparse(&v) {
                for a in list.iter() {
                    match a {
                        mailparse::MailAddr::Single(s) => push_unique(&mut recipients, &s.addr),
                        mailparse::MailAddr::Group(g) => {
                            for s in &g.addrs {
                                push_unique(&mut recipients, &s.addr)
                            }
                        }
                    }
                }
            }
        }
    }
    let (text, text_source, text_cut) = body_text(&m);
    Ok(ParsedMail {
        from_address,
        from_domain,
        from_name,
        recipients,
        subject: fold_ws(&cut_chars(
            &h.get_first_value("Subject").unwrap_or_default(),
            MAX_HEADER_CHARS,
        )),
        date: h
            .get_first_value("Date")
            .and_then(|d| mailparse::dateparse(&d).ok())
            .and_then(|s| DateTime::from_timestamp(s, 0)),
        message_id: h
            .get_first_value("Message-ID")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        authentication_results: h
            .get_all_headers("Authentication-Results")
            .into_iter()
            .take(MAX_AUTH_RESULTS)
            .map(|v| fold_ws(&cut_chars(&v.get_value(), MAX_AUTH_RESULTS_CHARS)))
            .collect(),
        text,
        text_source,
        text_cut,
    })
}

fn push_unique(list: &mut Vec<String>, addr: &str) {
    let a = addr.trim().to_lowercase();
    if !a.is_empty() && !list.contains(&a) && list.len() < 64 {
        list.push(a);
    }
}

/// The first mailbox of a From header: (lower-cased address, display name).
fn first_address(value: &str) -> (String, Option<String>) {
    let single = match mailparse::addrparse(value) {
        Ok(list) => list.iter().find_map(|a| match a {
            mailparse::MailAddr::Single(s) => Some(s.clone()),
            mailparse::MailAddr::Group(g) => g.addrs.first().cloned(),
        }),
        Err(_) => None,
    };
    match single {
        Some(s) => (
            s.addr.trim().to_lowercase(),
            s.display_name
                .map(|n| fold_ws(&cut_chars(&n, MAX_HEADER_CHARS)))
                .filter(|n| !n.is_empty()),
        ),
        // Unparseable From: keep whatever looks like an address, so that a
        // broken header cannot hide the sender's domain.
        None => {
            let addr = value
                .split(|c: char| c.is_whitespace() || "<>,;\"".contains(c))
                .find(|w| w.contains('@'))
                .unwrap_or_default()
                .to_lowercase();
            (addr, None)
        }
    }
}

/// Cap the input: the total size, and the number of multipart containers
/// (cut before the line that declares one too many).
fn bound_input(raw: &[u8]) -> &[u8] {
    let mut raw = &raw[..raw.len().min(MAX_RAW)];
    let needle = b"multipart/";
    let mut seen = 0;
    let mut i = 0;
    while let Some(pos) = find_ci(&raw[i..], needle) {
        let at = i + pos;
        seen += 1;
        if seen > MAX_MULTIPARTS {
            let line_start = raw[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            raw = &raw[..line_start];
            break;
        }
        i = at + needle.len();
    }
    raw
}

/// Case-insensitive search for an ASCII lower-case needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let upper = first.to_ascii_uppercase();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let rest = &hay[i..];
        let off = rest.iter().position(|&b| b == first || b == upper)?;
        let at = i + off;
        if at + needle.len() > hay.len() {
            return None;
        }
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The text of the first usable text/plain part, else of the first
/// text/html part converted to text. Attachments and binary parts are
/// skipped.
fn body_text(m: &MimePart<'_>) -> (String, &'static str, bool) {
    let mut html: Option<&MimePart<'_>> = None;
    for part in m.parts().take(MAX_PARTS) {
        if !part.subparts.is_empty() || is_attachment(part) {
            continue;
        }
        match part.ctype.mimetype.as_str() {
            "text/plain" => {
                if let Some((t, cut)) = decoded_text(part) {
                    let t = fold_ws(&t);
                    if !t.is_empty() {
                        let cut = cut || t.len() > MAX_TEXT;
                        return (cut_bytes(t, MAX_TEXT), "text/plain", cut);
                    }
                }
            }
            "text/html" if html.is_none() => html = Some(part),
            _ => {}
        }
    }
    if let Some(part) = html {
        if let Some((src, cut)) = decoded_text(part) {
            let t = fold_ws(&html_to_text(&src));
            let cut = cut || t.len() > MAX_TEXT;
            return (cut_bytes(t, MAX_TEXT), "text/html", cut);
        }
    }
    (String::new(), "", false)
}

fn is_attachment(part: &MimePart<'_>) -> bool {
    part.get_content_disposition().disposition == mailparse::DispositionType::Attachment
}

/// A text part's body as a string: transfer encoding undone, then the
/// declared charset; mailparse would decode an unknown or missing charset
/// as ASCII (mangling 8-bit text), so undeclared 8-bit text is read as
/// UTF-8 if valid, else windows-1252 (the superset of ISO-8859-1 that
/// mail programs actually send).
///
/// A part larger than [`MAX_PART`] is read up to there (base64 up to the
/// last whole line), with `true` for "cut".
fn decoded_text(part: &MimePart<'_>) -> Option<(String, bool)> {
    use mailparse::body::Body;
    let prefix = |raw: &[u8]| -> (Vec<u8>, bool) {
        (
            raw[..raw.len().min(MAX_PART)].to_vec(),
            raw.len() > MAX_PART,
        )
    };
    let (bytes, cut) = match part.get_body_encoded() {
        Body::QuotedPrintable(b) => {
            let (raw, cut) = prefix(b.get_raw());
            (qp::decode(&raw), cut)
        }
        Body::Base64(b) if b.get_raw().len() <= MAX_PART => (b.get_decoded().ok()?, false),
        Body::Base64(b) => {
            let raw = &b.get_raw()[..MAX_PART];
            let end = raw.iter().rposition(|&c| c == b'\n').unwrap_or(0);
            let clean: Vec<u8> = raw[..end]
                .iter()
                .copied()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let whole = clean.len() / 4 * 4;
            use base64::Engine as _;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(&clean[..whole])
                .ok()?;
            (decoded, true)
        }
        Body::SevenBit(b) | Body::EightBit(b) => prefix(b.get_raw()),
        Body::Binary(b) => prefix(b.get_raw()),
    };
    Some((decode_charset(&bytes, &part.ctype.charset), cut))
}

/// Decode bytes in the named charset (WHATWG labels: "latin1" and
/// "iso-8859-1" are windows-1252, as browsers and mail clients treat them).
pub fn decode_charset(bytes: &[u8], label: &str) -> String {
    let label = label.trim().trim_matches('"');
    let declared = encoding_rs::Encoding::for_label_no_replacement(label.as_bytes())
        .filter(|e| *e != encoding_rs::UTF_8);
    match declared {
        Some(enc) if !label.eq_ignore_ascii_case("us-ascii") => {
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
        // UTF-8, US-ASCII, missing or unknown: UTF-8 if it is, else 1252.
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// HTML to plain text: entities decoded, tags, comments, styles and
/// scripts dropped. Uses html5ever's tokenizer without building a tree:
/// linear in the input however deep the nesting (html2text's layout was
/// quadratic on deeply nested markup). Block elements and table cells
/// become breaks, inline elements do not (`Best&auml;tigungs<b>code</b>`
/// stays one word).
pub fn html_to_text(html: &str) -> String {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let html = &html[..floor_boundary(html, MAX_PART)];
    let sink = HtmlText::default();
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.out.into_inner()
}

#[derive(Default)]
struct HtmlText {
    out: std::cell::RefCell<String>,
    /// Inside <script>, <style>, <title>…: their text is not shown.
    hidden: std::cell::Cell<bool>,
}

impl html5ever::tokenizer::TokenSink for HtmlText {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        _line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        match token {
            Token::CharacterTokens(t) => {
                let mut out = self.out.borrow_mut();
                if !self.hidden.get() && out.len() < MAX_TEXT * 2 {
                    out.push_str(&t);
                }
            }
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == TagKind::StartTag;
                // Elements whose content the tokenizer must read raw (the
                // tree builder would tell it so; we have none).
                let raw = match name {
                    "script" => Some((RawKind::ScriptData, true)),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        Some((RawKind::Rawtext, name != "xmp"))
                    }
                    "title" | "textarea" => Some((RawKind::Rcdata, name == "title")),
                    _ => None,
                };
                if let Some((kind, hide)) = raw {
                    if start && !tag.self_closing {
                        self.hidden.set(hide);
                        return TokenSinkResult::RawData(kind);
                    }
                    self.hidden.set(false);
                } else if is_block(name) {
                    self.out.borrow_mut().push('\n');
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "br"
            | "tr"
            | "td"
            | "th"
            | "li"
            | "ul"
            | "ol"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "dd"
            | "dt"
            | "dl"
            | "body"
            | "html"
            | "img"
            | "caption"
            | "address"
            | "form"
            | "fieldset"
    )
}

fn floor_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every run of whitespace (incl. non-breaking spaces) to one space,
/// trimmed; zero-width characters and soft hyphens dropped.
pub fn fold_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut pending = false;
    // Visible text is copied in runs; ASCII is decided byte by byte and
    // only non-ASCII is decoded (this runs over every mail's whole text).
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, skip, space) = if b.is_ascii() {
            let ascii_space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
            // Visible, or one plain space between two words: stays in the run.
            if !ascii_space
                || (b == b' ' && run < i && bytes.get(i + 1).is_some_and(u8::is_ascii_graphic))
            {
                i += 1;
                continue;
            }
            (1, false, true)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            let invisible = matches!(
                c,
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
            );
            (c.len_utf8(), invisible, c.is_whitespace())
        };
        if skip || space {
            if run < i {
                if pending {
                    out.push(' ');
                    pending = false;
                }
                out.push_str(&s[run..i]);
            }
            // Invisible: dropped without a break (codes hide behind them).
            if space {
                pending = !out.is_empty();
            }
            run = i + len;
        }
        i += len;
    }
    if run < bytes.len() {
        if pending {
            out.push(' ');
        }
        out.push_str(&s[run..]);
    }
    out
}

fn cut_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

fn cut_bytes(mut s: String, max: usize) -> String {
    s.truncate(floor_boundary(&s, max));
    s
}

#[cfg(test)]
mod tests;
