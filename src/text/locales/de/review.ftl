# `optout review`, nicht erkannte Mails des Anbieters.

review-alert-summary = Eine Mail von { $p }, die optout nicht verstanden hat
review-alert-body = Eine Mail in { $folder } von { $p } spricht von deinem Widerspruch, aber optout erkennt nicht, was sie sagt. Führe `optout review { $acct }` aus und sag, was sie ist.
review-status-line = { $n ->
    [one] 1 Mail von { $p }, die optout nicht verstanden hat — `optout review`
   *[other] { $n } Mails von { $p }, die optout nicht verstanden hat — `optout review`
}
