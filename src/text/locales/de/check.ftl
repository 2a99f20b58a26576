# `optout check`: der Bericht.

check-config = Konfiguration: { $path } (ok)
check-store = Datenbank:     { $path } (ok)
check-store-failed = Datenbank:     { $path } (FEHLER)
check-rules-builtin = eingebaut
check-rules-builtin-and = eingebaut und { $dir }
check-rules = Regeln:        { $providers } ({ $from }; ok); Plattformen: { $platforms }
check-mailbox = Postfach { $name }: { $user } bei { $host }:{ $port }, tls = "{ $tls }", Anmeldung über { $how }
check-via-password = Passwort in der Konfigurationsdatei
check-ok = ok
check-failed = FEHLER
check-credential = Zugangsdaten
check-login = Anmeldung
check-what-to-do = was tun
check-cert-fingerprint = das Zertifikat des Servers hat den SHA-256-Fingerabdruck { $fingerprint }; die Zeile, die genau diesem Zertifikat vertraut:
check-cert-pinned = Zertifikat: gepinnt mit cert_sha256 = "{ $fingerprint }"
check-capabilities = Fähigkeiten
check-no-idle = kein IDLE: jeder Ordner wird alle { $every } abgefragt
check-spam = Spam
check-folder-idle = Ordner { $folder }: IDLE (Push)
check-folder-polled = Ordner { $folder }: alle { $every } abgefragt (Verbindungsbudget { $budget })
check-suggestion = Vorschlag: füg diesem [[mailbox]] hinzu: { $lines }
check-warning = Warnung
check-account = Konto { $id }: { $platform } über Postfach { $mailbox }{ $to }
check-account-to = an { $address }
check-failed-mailboxes = Postfach fehlgeschlagen: { $names }
check-failed-store = die Datenbank ist fehlerhaft: { $path }
check-authserv-empty = Authentication-Results: der Posteingang ist leer, nichts zu prüfen
check-authserv = Authentication-Results: in { $with } der { $mails } neuesten Mails im Posteingang; authserv-id der obersten: { $topmost }
check-authserv-configured = authserv_id "{ $id }": in { $with } der { $mails } neuesten Mails im Posteingang
check-warn-sender-domain = trust = "sender-domain": jede Mail mit der Absenderadresse eines Anbieters zählt, auch eine gefälschte; nimm das nur, wenn dein Server keine Authentication-Results-Kopfzeile einfügt
check-warn-no-spam-folder = kein Spam-Ordner gefunden; nenne ihn mit folders = ["INBOX", "…"]
check-warn-no-authserv-probe = die Authentication-Results der neuesten Mails im Posteingang waren nicht zu prüfen: { $detail }
