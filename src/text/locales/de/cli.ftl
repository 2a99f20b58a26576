# `--help`: eine Nachricht pro Befehl (`cli-BEFEHL-about`) und Argument
# (`cli-BEFEHL-arg-NAME`); wie die Ids entstehen: src/cli/help.rs.

cli-heading-usage = Verwendung
cli-heading-commands = Befehle
cli-heading-arguments = Argumente
cli-heading-options = Optionen
cli-default = Standard
cli-env = Umgebungsvariable
cli-possible-values = mögliche Werte
cli-value-command = BEFEHL

cli-about = Behalte deine DSGVO-Widersprüche gegen KI-Training im Blick (Meta: Facebook, Instagram, Threads), indem optout deine Postfächer beobachtet
cli-long-about = optout beobachtet deine Postfächer über IMAP — Posteingang und Spam-Ordner — auf die Mails, die Meta dir schickt, während du dem KI-Training widersprichst (Art. 21 DSGVO): den Bestätigungscode, die Eingangsbestätigung, die Entscheidung. Es merkt sich den Stand jedes Widerspruchs in einer lokalen SQLite-Datenbank, sagt dir auf dem Desktop Bescheid, wenn ein Code ankommt oder eine Antwort überfällig ist, und bewahrt die Zusage-Mail als Nachweis auf.
cli-after-help = Erste Schritte: `optout init --email du@example.org --platform facebook`, danach `optout check`.
    Exit-Codes: 0 ok, 2 falscher Aufruf oder Fehler in der Konfiguration, 1 alles andere.

cli-arg-config = Die Konfigurationsdatei [Standard: ~/.config/optout/config.toml]
cli-arg-verbose = Mehr Log-Ausgabe (-v: debug, -vv: trace); RUST_LOG hat Vorrang
cli-arg-help = Hilfe anzeigen
cli-arg-help-more = Hilfe anzeigen (mehr mit --help)
cli-arg-help-long = Hilfe anzeigen (-h: kurz)
cli-arg-version = Version anzeigen

cli-help-about = Diese Hilfe anzeigen oder die Hilfe zu einem Befehl

cli-watch-about = Postfächer (Posteingang und Spam) beobachten und Bescheid sagen; läuft, bis du es beendest
cli-watch-arg-once = Jeden Ordner einmal abgleichen, auswerten, Bescheid sagen, beenden (für cron)

cli-status-about = Wo jeder Widerspruch steht und was als Nächstes zu tun ist
cli-status-arg-account = Nur dieses Konto (seine Id in der Konfiguration)
cli-status-arg-json = JSON ausgeben (ein Array, ein Objekt pro Konto)

cli-log-about = Der Verlauf: jede erkannte Mail und jeder Befehl von Hand
cli-log-arg-account = Nur dieses Konto (seine Id in der Konfiguration)
cli-log-arg-json = JSON ausgeben (ein Array von Ereignissen, das älteste zuerst)

cli-expect-code-about = „Ich habe gerade einen Code angefordert“: startet die Wartezeit für den Code
cli-expect-code-arg-account = Das Konto, für das du einen Code angefordert hast (seine Id in der Konfiguration)
cli-expect-code-arg-force = Einen Widerspruch wieder öffnen, den der Anbieter schon anerkannt hat

cli-mark-about = Den Stand eines Kontos von Hand korrigieren
cli-mark-arg-account = Das Konto, das du korrigierst (seine Id in der Konfiguration)
cli-mark-arg-state = not_started, awaiting_code, code_received, submitted, accepted oder rejected

cli-evidence-about = Die Nachweis-Mails eines Kontos speichern: .eml-Dateien, die DKIM-Schlüssel, summary.json und report.html (druckbar)
cli-evidence-arg-account = Das Konto, dessen Nachweise du speicherst (seine Id in der Konfiguration)
cli-evidence-arg-out = Der Ordner, in den geschrieben wird (wird angelegt, wenn er fehlt)

cli-init-about = Eine Konfiguration für deine Adresse schreiben, oder sie zu deiner hinzufügen (überschreibt nie: deine Kommentare und Änderungen bleiben)
cli-init-arg-email = Die Adresse, an die Meta schreibt, z. B. max@gmx.de
cli-init-arg-platforms = Eine Plattform, auf der du widersprichst (mehrfach möglich): facebook, instagram, threads
cli-init-arg-ca_file = Ein CA-Zertifikat (PEM), mit dem das Zertifikat deines eigenen Servers signiert ist
cli-init-arg-example = Die Beispiel-Konfiguration ausgeben (config.example.toml, jede Einstellung erklärt) und beenden

cli-check-about = Konfiguration und Anbieter-Regeln prüfen, bei jedem Postfach anmelden und zeigen, was optout wie beobachten wird
cli-check-arg-json = JSON ausgeben (ein Objekt: config, warnings, rules, mailboxes, accounts)

cli-classify-about = Was optout aus Mails (.eml-Dateien) macht, und warum; geht auch ohne Konfiguration
cli-classify-arg-files = Die Mails, die du prüfen willst, so wie dein Mailprogramm sie speichert (.eml)
cli-classify-arg-json = JSON ausgeben (ein Array, ein Objekt pro Datei)
cli-classify-arg-trust = Welche Mails einen Stand ändern dürfen: authentication-results (das Urteil des Servers) oder sender-domain
cli-classify-arg-authserv_id = Nur Authentication-Results-Kopfzeilen dieses Servers (oder einer Subdomain davon) zählen, wie bei `authserv_id` eines Postfachs

cli-letter-about = Eine Erinnerung an den Anbieter oder eine Beschwerde bei der Aufsichtsbehörde ausgeben
cli-letter-arg-account = Das Konto, um das es im Brief geht (seine Id in der Konfiguration)
cli-letter-arg-kind = reminder: an den Anbieter (Art. 12 Abs. 3 DSGVO); complaint: an die Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO)
cli-letter-arg-lang = Die Sprache des Briefs [Standard: [alerts] language, sonst die Locale]

cli-service-about = `optout watch` als Benutzerdienst laufen lassen (systemd unter Linux, launchd unter macOS)
cli-service-install-about = Die Dienstdatei schreiben (überschreibt eine geänderte nur mit --force)
cli-service-install-arg-force = Eine abweichende Dienstdatei ersetzen
cli-service-uninstall-about = Die Dienstdatei entfernen

cli-completions-about = Ein Skript für die Tab-Vervollständigung der Shell ausgeben (bash, zsh oder fish)
cli-completions-arg-shell = Die Shell: bash, zsh oder fish
cli-completions-long-about = Ein Skript für die Tab-Vervollständigung ausgeben. So installierst du es, zum Beispiel:
    bash: optout completions bash > ~/.local/share/bash-completion/completions/optout
    zsh:  optout completions zsh > ~/.zfunc/_optout
    fish: optout completions fish > ~/.config/fish/completions/optout.fish

cli-man-about = Die Handbuchseite (roff) ausgeben, z. B. `optout man | man -l -`
cli-man-arg-out = Stattdessen eine Seite pro Befehl in diesen Ordner schreiben (optout.1, optout-status.1, …)
cli-man-cannot-write = kann die Handbuchseiten nicht nach { $dir } schreiben

cli-review-about = Mails des Anbieters, die optout nicht verstanden hat: sag, was jede ist (fragt im Terminal)
cli-review-arg-account = Das Konto, dessen Mails du ansiehst (alle, wenn keins genannt ist)
cli-review-arg-mail = Die Mail, die du beantwortest (ihre Nummer in der Liste)
cli-review-arg-answer = Was die Mail ist: code, receipt, accepted, rejected oder not-relevant
