# Nachweis: `optout evidence` (report.html) und `optout verify`.

proof-report-title = Nachweis: Widerspruch von { $account } ({ $platform })
proof-report-intro = Dieser Ordner enthält die Mails, die { $platform } zu diesem Widerspruch geschickt hat, genau so, wie der Mailserver sie zugestellt hat, die DKIM-Schlüssel, mit denen sie signiert sind, und eine Übersicht mit einer SHA-256-Prüfsumme jeder Datei. Jede und jeder kann ihn mit „optout verify“ auf diesem Ordner nachprüfen, ohne Netz.
proof-report-exported = Exportiert am { $date } von optout.
proof-report-state = Aktueller Stand: { $state }
proof-report-timeline = Zeitablauf
proof-report-step = Schritt
proof-report-when = Wann
proof-step-code = Bestätigungscode erhalten
proof-step-submitted = Widerspruch abgeschickt
proof-step-receipt = Eingangsbestätigung des Anbieters
proof-step-accepted = Entscheidung: Widerspruch anerkannt
proof-step-rejected = Entscheidung: Widerspruch abgelehnt
proof-step-decision = Entscheidung
proof-step-deadline = Frist für eine Entscheidung (ein Monat, DSGVO Art. 12 Abs. 3)
proof-report-none = —
proof-report-mails = Die Mails
proof-report-file = Datei
proof-report-kind = Art
proof-report-sender = Absender
proof-report-subject = Betreff
proof-report-date = Datum
proof-report-arrived = Beim Mailserver angekommen
proof-report-folder = Ordner
proof-report-sentence = Entscheidender Satz
proof-report-dkim = Signatur (DKIM)
proof-report-sha = SHA-256
proof-dkim-pass = gültig: signiert von { $domain } (Schlüssel { $selector }, gesichert in { $file })
proof-dkim-fail = UNGÜLTIG: { $detail }
proof-dkim-none = keine Signatur des Absenders
proof-dkim-server = hier nicht geprüft; der empfangende Mailserver hat sie bestätigt
proof-dkim-unknown = nicht erfasst (Mail gespeichert, bevor optout Signaturen geprüft hat)
proof-kind-receipt = Eingangsbestätigung
proof-kind-accepted = anerkannt
proof-kind-rejected = abgelehnt
proof-report-proves = Was das beweist: Jede Mail mit gültiger Signatur wurde von der signierenden Domain verschickt und seitdem nicht verändert – sofern der gesicherte Schlüssel der des Anbieters ist. Den Schlüssel hast du selbst gesichert, als die Mail ankam; ein von Dritten gesicherter Schlüssel oder ein vertrauenswürdiger Zeitstempel von summary.json würde mehr beweisen (siehe README, „Evidence“).
proof-evidence-written = { $account }: { $n ->
    [one] 1 Mail
   *[other] { $n } Mails
} mit Schlüsseln, summary.json und report.html nach { $dir } geschrieben
proof-evidence-empty = { $account }: noch keine Nachweis-Mails gespeichert (Eingangsbestätigungen und Entscheidungen werden aufbewahrt, sobald sie ankommen); summary.json und report.html nach { $dir } geschrieben
proof-verify-ok-dkim = ok   { $file }: Prüfsumme und DKIM-Signatur von { $domain } stimmen
proof-verify-ok-hash = ok   { $file }: Prüfsumme stimmt (kein gesicherter Schlüssel: die Signatur lässt sich nicht prüfen)
proof-verify-bad-hash = FEHLER { $file }: die Datei wurde verändert (ihre SHA-256 weicht von summary.json ab)
proof-verify-missing = FEHLER { $file }: die Datei fehlt
proof-verify-no-key = FEHLER { $file }: die Schlüsseldatei { $key } fehlt oder ist unlesbar
proof-verify-bad-dkim = FEHLER { $file }: die DKIM-Signatur stimmt nicht mit { $key }: { $detail }
proof-verify-all-ok = Alle { $n } Mails stimmen.
proof-verify-failed = { $n ->
    [one] 1 Datei stimmt nicht
   *[other] { $n } Dateien stimmen nicht
}: { $files }
proof-verify-no-summary = { $dir } hat keine lesbare summary.json ({ $error }). Gib optout verify einen Ordner, den optout evidence geschrieben hat.

# `optout verify --help` (Ids wie in src/cli/help.rs; hier, bei den anderen Sätzen des Befehls).
cli-verify-about = Einen Nachweis-Ordner ohne Netz nachprüfen: jede Prüfsumme, jede DKIM-Signatur gegen den gesicherten Schlüssel (Exit-Code 1 und was nicht stimmt)
cli-verify-arg-dir = Der Ordner, den `optout evidence` geschrieben hat
