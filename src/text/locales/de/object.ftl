# `optout object`: der Ablauf am Widerspruchsformular des Anbieters, und die
# Code-Zeile von `optout watch` im Terminal.

object-form-title = { $platform }: das Widerspruchsformular
object-form-opened = (im Browser geöffnet)
object-form-not-opened = Der Browser ließ sich nicht öffnen ({ $error }): öffne die Adresse oben selbst.
object-no-form = optout kennt kein Widerspruchsformular für { $platform }: such in der Datenschutzrichtlinie des Anbieters nach „Widerspruch“.
object-address = Diese Adresse trägst du ins Formular ein: { $address }
object-address-unknown = Trag ins Formular die Adresse ein, an die das Postfach „{ $mailbox }“ Mail bekommt.
object-justification-intro = Deine Begründung (für das Feld „Bitte erkläre, wie sich diese Verarbeitung auf dich auswirkt“; du darfst es auch leer lassen):
object-justification-short = Kurz:
object-justification-long = Länger:
object-justification-copied = Der längere Text liegt in deiner Zwischenablage.
object-press-send = Schick jetzt das Formular ab. optout wartet auf den Code – er landet oft im Spam.
object-waiting = warte auf den Code
object-folders-connecting = verbinde…
object-folders-daemon-starting = optout watch hat dieses Postfach noch nicht abgeglichen
object-how-poll = alle { $secs } s
object-via-daemon = über optout watch, PID { $pid }
object-found-in-spam = im Spam-Ordner „{ $folder }“
object-found-in = in „{ $folder }“
object-code-title = Dein { $platform }-Code, { $where }.
object-code-copied = Er liegt in deiner Zwischenablage: füg ihn ins Formular ein.
object-code-line = Code { $code } für { $account } ({ $platform }), { $where }
object-next = Gib den Code im Formular ein und schick es ab. Meta antwortet meist nach Minuten bis Tagen.
object-next-daemon = optout watch läuft und achtet weiter auf die Antwort.
object-next-service = Der Dienst ist eingerichtet: optout achtet auf die Antwort, solange er läuft ({ $hint }).
object-next-install = optout achtet nur auf die Antwort, solange `optout watch` läuft: `optout service install` lässt es im Hintergrund laufen.
object-no-code-yet = Nach { $waited } noch kein Code.
object-advice-spam-checked = { $n ->
    [one] optout hat den Spam-Ordner durchgesehen: { $folders }.
   *[other] optout hat jeden Spam-Ordner durchgesehen: { $folders }.
}
object-advice-no-spam-folder = optout kennt in diesem Postfach keinen Spam-Ordner: schau im Spam-Ordner deines Mailprogramms nach, oder trag ihn in der Konfiguration ein (`folders`).
object-advice-unreachable = optout konnte das Postfach nicht erreichen und deshalb nicht nach dem Code schauen: { $error }
object-advice-two-factor = Konten mit Zwei-Faktor-Anmeldung bekommen oft gar keinen Code.
object-advice-try-again = Schick das Formular noch einmal ab, oder versuch es mit einer anderen deiner Adressen.
object-timed-out = kein Code innerhalb von { $timeout }; der Widerspruch bleibt verfolgt (`optout status { $account }`)
object-interrupted = Abgebrochen. Der Widerspruch wird weiter verfolgt: `optout status { $account }` zeigt, wo er steht.
object-daemon-gone = optout watch läuft nicht mehr: optout beobachtet das Postfach jetzt selbst.
object-watch-code = Code { $code } für { $account } ({ $platform }), { $where }.
object-watch-unexpected-code = Ein Code, den niemand angefordert hat: { $code } für { $account } ({ $platform }), { $where }. Vielleicht versucht jemand, sich anzumelden.

# `optout object --help`
cli-object-about = Der Ablauf am Widerspruchsformular: öffnet es, zeigt die Adresse und eine Begründung, wartet auf den Code und zeigt ihn
cli-object-arg-account = Das Konto, für das du widersprichst (seine Id in der Konfiguration)
cli-object-arg-no_browser = Die Adresse des Formulars nur anzeigen, den Browser nicht öffnen
cli-object-arg-lang = Die Sprache [Standard: [alerts] language, sonst die Systemsprache]
cli-object-arg-timeout = Nach so langer Zeit ohne Code aufgeben (Exit 1), z. B. 30m, 1h
