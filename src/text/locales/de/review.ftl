# `optout review`, nicht erkannte Mails des Anbieters.

review-alert-summary = Eine Mail von { $p }, die optout nicht verstanden hat
review-alert-body = Eine Mail in { $folder } von { $p } spricht von deinem Widerspruch, aber optout erkennt nicht, was sie sagt. Führe `optout review { $acct }` aus und sag, was sie ist.
review-status-line = { $n ->
    [one] 1 Mail von { $p }, die optout nicht verstanden hat — `optout review`
   *[other] { $n } Mails von { $p }, die optout nicht verstanden hat — `optout review`
}
review-recorded = { $account }: Mail { $seq } so eingetragen, wie du gesagt hast; das Konto ist jetzt { $state }.
review-usage = Beantworte eine Mail mit `optout review KONTO --mail NR --as ART` (ART: code, receipt, accepted, rejected, not-relevant); ohne --mail zeigt `optout review` die Mails.
review-nothing = Keine Mails warten auf dich: optout hat jede Mail des Anbieters verstanden.
review-how = Sag, was sie ist: `optout review { $account } --mail { $seq } --as accepted` (oder code, receipt, rejected, not-relevant)
review-prompt = Was ist das? [c] Code, [r] Eingangsbestätigung, [a] angenommen, [j] abgelehnt, [n] nicht wichtig, [s] überspringen:
review-prompt-again = Bitte tippe c, r, a, j, n oder s.
review-mail-header = Mail { $seq } ({ $account }) von { $sender }, { $date }
    Betreff: { $subject }
review-classify-cut = nicht zu Ende gelesen: der Text ist länger, als optout liest ({ $bytes } Bytes); was danach kommt, wurde nicht angesehen
