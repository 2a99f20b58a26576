# `optout review`, `unrecognised` provider mails.

review-alert-summary = A mail from { $p } that optout did not understand
review-alert-body = A mail in { $folder } from { $p } speaks of your objection, but optout cannot tell what it says. Run `optout review { $acct }` and say what it is.
review-status-line = { $n ->
    [one] 1 mail from { $p } that optout did not understand — `optout review`
   *[other] { $n } mails from { $p } that optout did not understand — `optout review`
}
review-recorded = { $account }: mail { $seq } recorded as you said; the account is now { $state }.
review-usage = Answer one mail with `optout review ACCOUNT --mail SEQ --as KIND` (KIND: code, receipt, accepted, rejected, not-relevant); without --mail, `optout review` lists the mails.
review-nothing = No mails waiting for review: optout understood every mail from the provider.
review-how = Say what it is: `optout review { $account } --mail { $seq } --as accepted` (or code, receipt, rejected, not-relevant)
review-prompt = What is it? [c]ode, [r]eceipt, [a]ccepted, re[j]ected, [n]ot relevant, [s]kip:
review-prompt-again = Please type c, r, a, j, n or s.
review-mail-header = Mail { $seq } ({ $account }) from { $sender }, { $date }
    Subject: { $subject }
review-classify-cut = stopped reading: the text is longer than optout reads ({ $bytes } bytes); anything after that was not looked at
