# `optout review`, `unrecognised` provider mails.

review-alert-summary = A mail from { $p } that optout did not understand
review-alert-body = A mail in { $folder } from { $p } speaks of your objection, but optout cannot tell what it says. Run `optout review { $acct }` and say what it is.
review-status-line = { $n ->
    [one] 1 mail from { $p } that optout did not understand — `optout review`
   *[other] { $n } mails from { $p } that optout did not understand — `optout review`
}
