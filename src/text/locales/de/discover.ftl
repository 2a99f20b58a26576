# Suche nach den IMAP-Einstellungen: woher sie kommen, und warum eine Quelle nichts lieferte.

discover-from-preset = aus den eingebauten Einstellungen von optout für { $label }

discover-from-autoconfig = aus der Autoconfig-Datei des Anbieters ({ $url })

discover-from-well-known = aus der .well-known-Autoconfig-Datei des Anbieters ({ $url })

discover-from-ispdb = aus Mozillas ISPDB ({ $url })

discover-from-ispdb-mx = aus Mozillas ISPDB für { $mx }, wo die Mails dieser Domain ankommen ({ $url })

discover-from-srv = aus den SRV-Einträgen von { $domain } ({ $record })

discover-from-probe = durch Ausprobieren von { $host }:{ $port }

discover-source-autoconfig = Autoconfig-Datei des Anbieters ({ $url })

discover-source-well-known = .well-known-Autoconfig-Datei des Anbieters ({ $url })

discover-source-ispdb = Mozillas ISPDB ({ $url })

discover-source-mx = ISPDB für den MX-Server von { $domain }

discover-source-srv = SRV-Einträge von { $domain }

discover-source-probe = imap.{ $domain } und mail.{ $domain }

discover-source-remaining = die übrigen Quellen

discover-why-http-status = der Server antwortete mit HTTP { $status }

discover-why-other-host = sie leitet auf einen anderen Server um ({ $host }), dem optout nicht folgt

discover-why-redirects = zu viele Umleitungen

discover-why-too-large = die Datei ist größer als { $kb } KB

discover-why-timeout = keine Antwort innerhalb von { $secs } s

discover-why-failed = { $error }

discover-why-xml = die Datei ist kein XML ({ $error })

discover-why-not-autoconfig = die Datei ist keine Autoconfig-Datei

discover-why-no-imap = sie nennt keinen IMAP-Server

discover-why-plain-only = sie bietet nur unverschlüsseltes IMAP zu { $host } an, das optout ablehnt

discover-why-dns = die DNS-Abfrage ging schief ({ $error })

discover-why-dns-off = DNS-Abfragen sind abgeschaltet (OPTOUT_DNS_SERVER=off)

discover-why-no-mx = kein MX-Eintrag

discover-why-mx-same = die Mails gehen an { $domain } selbst

discover-why-no-srv = kein SRV-Eintrag

discover-why-srv-no-service = laut SRV-Eintrag gibt es hier kein IMAP

discover-why-nothing-answers = niemand antwortet auf { $hosts }

discover-why-too-slow = keine Antwort innerhalb weniger Sekunden
