#!/usr/bin/env bash
# Run both verifiers over cases/ and print a combined table; then bench case (a) and (k).
set -e
cd "$(dirname "$0")"
MA=ma/target/release/ma-verify; CF=cf/target/release/cf-verify
$MA cases > results_mail_auth.tsv
$CF cases > results_cfdkim.tsv
printf "case\texpected\tdkimpy(1st sig)\tmail-auth\tmail-auth(non-strict)\tcfdkim\n"
paste cases/manifest.tsv results_mail_auth.tsv results_cfdkim.tsv | awk -F'\t' '{print $1"\t"$2"\t"$4"\t"$7"\t"$9"\t"$11}'
N=${N:-1000}
echo "load before bench: $(cat /proc/loadavg)"
for round in 1 2 3; do
  for c in a_relaxed_relaxed k_meta_like_multipart_html; do
    $MA cases bench cases/$c.eml $N
    $CF cases bench cases/$c.eml $N
  done
done
