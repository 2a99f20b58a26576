// Verify every case in ../cases with cfdkim 0.3.0, keys served by an in-memory Lookup (no DNS).
use cfdkim::{dns::Lookup, verify_email_with_resolver, DKIMError};
use futures::future::BoxFuture;
use std::{collections::HashMap, sync::Arc, time::Instant};

struct MapLookup(HashMap<String, String>);
impl Lookup for MapLookup {
    fn lookup_txt<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<String>, DKIMError>> {
        let r = match self.0.get(name.trim_end_matches('.')) {
            Some(v) => Ok(vec![v.clone()]),
            None => Err(DKIMError::NoKeyForSignature),
        };
        Box::pin(futures::future::ready(r))
    }
}

fn load(dir: &str) -> Arc<dyn Lookup> {
    let mut m = HashMap::new();
    for line in std::fs::read_to_string(format!("{dir}/keys.txt")).unwrap().lines() {
        let (name, rec) = line.split_once('\t').unwrap();
        m.insert(name.to_string(), rec.to_string());
    }
    Arc::new(MapLookup(m))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map(|s| s.as_str()).unwrap_or("../cases");
    let resolver = load(dir);
    let logger = slog::Logger::root(slog::Discard, slog::o!());
    if args.get(2).map(|s| s.as_str()) == Some("bench") {
        let file = &args[3];
        let n: usize = args[4].parse().unwrap();
        let raw = std::fs::read(file).unwrap();
        let t = Instant::now();
        let mut passes = 0;
        for _ in 0..n {
            let email = mailparse::parse_mail(&raw).unwrap();
            let r = verify_email_with_resolver(&logger, "facebookmail.com", &email, Arc::clone(&resolver)).await.unwrap();
            if r.summary() == "pass" { passes += 1; }
        }
        let el = t.elapsed();
        println!("cfdkim bench {file}: {n} iterations, {passes} pass, total {:.3} s, {:.1} us/mail",
                 el.as_secs_f64(), el.as_secs_f64() * 1e6 / n as f64);
        return;
    }
    for line in std::fs::read_to_string(format!("{dir}/manifest.tsv")).unwrap().lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, dom) = (cols[0], cols[2]);
        let raw = std::fs::read(format!("{dir}/{name}.eml")).unwrap();
        let (v, d) = match mailparse::parse_mail(&raw) {
            Err(e) => ("parse-error".to_string(), e.to_string()),
            Ok(email) => match verify_email_with_resolver(&logger, dom, &email, Arc::clone(&resolver)).await {
                Err(e) => ("error".to_string(), e.to_string()),
                Ok(r) => {
                    let s = r.summary();
                    let v = if s == "pass" { "pass" } else if s == "neutral" { "none" } else { "fail" };
                    (v.to_string(), r.with_detail())
                }
            },
        };
        println!("{name}\t{v}\t{d}");
    }
}
