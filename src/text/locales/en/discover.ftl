# Discovery: where IMAP settings came from, and why a source gave nothing.

discover-from-preset = from optout's built-in settings for { $label }

discover-from-autoconfig = from the provider's own autoconfig file ({ $url })

discover-from-well-known = from the provider's .well-known autoconfig file ({ $url })

discover-from-ispdb = from Mozilla's ISPDB ({ $url })

discover-from-ispdb-mx = from Mozilla's ISPDB for { $mx }, which receives this domain's mail ({ $url })

discover-from-srv = from the SRV records of { $domain } ({ $record })

discover-from-probe = by trying { $host }:{ $port }

discover-source-autoconfig = provider's autoconfig file ({ $url })

discover-source-well-known = provider's .well-known autoconfig file ({ $url })

discover-source-ispdb = Mozilla's ISPDB ({ $url })

discover-source-mx = ISPDB for the MX host of { $domain }

discover-source-srv = SRV records of { $domain }

discover-source-probe = imap.{ $domain } and mail.{ $domain }

discover-source-remaining = the remaining sources

discover-why-http-status = the server answered HTTP { $status }

discover-why-other-host = it redirected to another host ({ $host }), which optout does not follow

discover-why-redirects = too many redirects

discover-why-too-large = the file is larger than { $kb } KB

discover-why-timeout = no answer within { $secs } s

discover-why-failed = { $error }

discover-why-xml = the file is not XML ({ $error })

discover-why-not-autoconfig = the file is not an autoconfig file

discover-why-no-imap = it names no IMAP server

discover-why-plain-only = it offers only unencrypted IMAP to { $host }, which optout refuses

discover-why-dns = the DNS lookup failed ({ $error })

discover-why-dns-off = DNS lookups are switched off (OPTOUT_DNS_SERVER=off)

discover-why-no-mx = no MX record

discover-why-mx-same = the mail goes to { $domain } itself

discover-why-no-srv = no SRV record

discover-why-srv-no-service = the SRV record says there is no IMAP service

discover-why-nothing-answers = nothing answers on { $hosts }

discover-why-too-slow = no answer within a few seconds
