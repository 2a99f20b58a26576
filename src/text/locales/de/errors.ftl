# Fehler: ein Satz zur Ursache, einer dazu, was zu tun ist (src/imap/error.rs,
# die Datenbank, die Befehlszeile).

errors-credential = Das Passwort für das Postfach „{ $mailbox }“ ist nicht zu bekommen: { $detail }.
errors-credential-remedy = Führ den Passwort-Befehl von Hand aus (oder prüf die Variable), oder speichere das Passwort mit `optout login { $mailbox }`.
errors-dns = Der Server { $host } ist nicht zu finden.
errors-dns-remedy = Prüf den Namen (host im [[mailbox]] „{ $mailbox }“) oder deine Internetverbindung.
errors-connect = Keine Verbindung zu { $host }:{ $port } ({ $detail }).
errors-connect-remedy = Prüf host und port in der Konfiguration und ob eine Firewall oder ein VPN die Verbindung sperrt; optout versucht es von selbst wieder.
errors-connect-refused = der Server weist sie ab
errors-connect-timed-out = keine Antwort
errors-connect-unreachable = das Netz dorthin ist nicht erreichbar
errors-plaintext = optout schickt dein Passwort nicht unverschlüsselt an { $host }.
errors-plaintext-remedy = Nimm tls = "implicit" (Port 993) oder tls = "starttls" (Port 143); tls = "none" ist nur für Server auf diesem Rechner.
errors-tls-plain-port = { $host } hat auf Port { $port } nicht mit TLS geantwortet (tls = "implicit").
errors-tls-plain-port-remedy = Port { $port } spricht unverschlüsseltes IMAP: nimm tls = "starttls" oder Port 993.
errors-tls-untrusted = Dem Zertifikat von { $host } wird nicht vertraut ({ $detail }).
errors-tls-untrusted-remedy = Ist das dein eigener Server und vertraust du genau diesem Zertifikat, trag in sein [[mailbox]] ein: { $line }
errors-tls-untrusted-remedy-ca = Ist das dein eigener Server, lass ca_file auf sein CA-Zertifikat zeigen oder pinne das Zertifikat mit cert_sha256 (`optout check` zeigt den Fingerabdruck).
errors-tls-ca-file = ca_file ist nicht zu gebrauchen: { $detail }.
errors-tls-ca-file-remedy = Lass ca_file auf eine PEM-Datei mit dem CA-Zertifikat zeigen.
errors-tls-other = Die verschlüsselte Verbindung zu { $host } ist gescheitert ({ $detail }).
errors-tls-other-remedy = Prüf host, port und tls in der Konfiguration; optout versucht es von selbst wieder.
errors-login-refused = Der Server hat das Passwort für { $user } abgelehnt (Postfach „{ $mailbox }“).
errors-login-hint-gmx = Bei { $provider } muss IMAP in den Einstellungen des Web-Postfachs eingeschaltet sein (E-Mail → Einstellungen → POP3/IMAP Abruf); prüf danach das Passwort.
errors-login-hint-gmail = Gmail braucht ein App-Passwort (dafür muss die Bestätigung in zwei Schritten in deinem Google-Konto an sein) oder OAuth2: `optout login { $mailbox }`.
errors-login-hint-outlook = Outlook nimmt über IMAP keine Passwörter mehr an: melde dich mit `optout login { $mailbox }` an.
errors-login-hint-t-online = T-Online braucht das eigene E-Mail-Passwort (im Kundencenter festlegen), nicht dein Login-Passwort.
errors-login-hint-other = Prüf Benutzername und Passwort (`optout login { $mailbox }` speichert ein neues) und ob IMAP für dein Konto eingeschaltet ist.
errors-protocol = Postfach „{ $mailbox }“: { $detail }.
errors-cannot-login-alert-summary = optout kann sich nicht bei { $mailbox } anmelden
errors-database = Die Datenbank { $path } lässt sich nicht öffnen: { $detail }.
errors-database-not-writable = Die Datenbank { $path } ist nicht beschreibbar (Eigentümer: { $owner }).
errors-database-not-writable-remedy = Starte optout als dieser Benutzer oder korrigiere die Rechte der Datei und ihres Ordners.
errors-database-corrupt = Die Datenbank { $path } ist beschädigt oder keine optout-Datenbank.
errors-database-corrupt-remedy = Schieb sie beiseite (nie löschen: sie enthält deine Nachweis-Mails), z. B. `mv { $path } { $path }.kaputt`; optout legt dann eine neue an, und der nächste Abgleich findet die Mails wieder.
errors-database-newer = Die Datenbank { $path } wurde von einem neueren optout geschrieben (Schema-Version { $version }; dieses optout kennt bis { $known }).
errors-database-newer-remedy = Nimm dieses neuere optout (an der Datei wurde nichts geändert).
errors-unknown-account = unbekanntes Konto „{ $id }“; bekannt sind: { $known }
errors-no-accounts = unbekanntes Konto „{ $id }“: { $path } legt kein [[account]] an
errors-already-running = für { $db } läuft schon ein `optout watch` (es hält { $lock }{ $pid }); beende es zuerst (ein Wächter pro Datenbank)
errors-cannot-create = { $path } lässt sich nicht anlegen
errors-cannot-write = { $path } lässt sich nicht schreiben
errors-cannot-read = { $path } lässt sich nicht lesen

errors-account-elsewhere = Das Konto { $id } wird in der Datenbank für { $known } verfolgt (Postfach „{ $mailbox }“), aber die Konfiguration gibt ihm jetzt die Adresse { $address }: Aus zwei Widersprüchen würde einer.
errors-account-elsewhere-remedy = Gib der neuen Adresse ein eigenes Konto in der Konfiguration (`optout init --email { $address }` wählt einen freien Namen), oder trage die alte Adresse wieder ein.
