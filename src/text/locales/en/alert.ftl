# Desktop notifications (src/alerts/text.rs): a summary and a body per alert.

alert-found-in-spam = Found in your spam folder ({ $folder }).
alert-found-in = Found in { $folder }.
alert-copy-code = Copy code

alert-unexpected-code-summary = Unexpected { $p } security code: { $code }
alert-unexpected-code-body = You did not ask for a code (optout expect-code { $acct }). Someone may be trying to log in to your { $p } account { $acct }. Never pass the code on; if it was not you, change your password. { $found }
alert-code-summary = { $p } code: { $code }
alert-code-body = For your objection ({ $p }, account { $acct }): enter it in the form. { $found }
alert-receipt-summary = { $p } received your objection
alert-receipt-body-overdue = Account { $acct }: the objection was submitted on { $submitted }. { $p } had to answer within one month (GDPR Art. 12(3)), by { $deadline }; that day has passed. Send a reminder: optout letter { $acct } --kind reminder.
alert-receipt-body = Account { $acct }: the objection is submitted. { $p } must answer within one month (GDPR Art. 12(3)), by { $deadline }. optout keeps watching.
alert-accepted-summary = { $p } accepted your objection
alert-accepted-body = Account { $acct }: done. Keep the mail as proof (optout evidence { $acct } --out DIR). { $found }
alert-rejected-summary = { $p } refused your objection
alert-rejected-body = Account { $acct }: { $p } says it cannot take further action. You can complain to the data protection authority (optout letter { $acct } --kind complaint). { $found }
alert-code-overdue-summary = No { $p } code yet
alert-code-overdue-body = Account { $acct }: you asked for a code at { $time }. Check your spam folder; accounts with two-factor login often get no code; try the form again.
alert-reply-overdue-summary = { $days ->
    [one] No answer from { $p } for 1 day
   *[other] No answer from { $p } for { $days } days
}
alert-reply-overdue-body = Account { $acct }: objection submitted on { $submitted }, no decision yet. The legal limit is one month (GDPR Art. 12(3)): { $deadline }.
alert-deadline-passed-summary = { $p } missed the one-month deadline
alert-deadline-passed-body = Account { $acct }: submitted on { $submitted }, no decision by { $deadline } (GDPR Art. 12(3)). Send a reminder: optout letter { $acct } --kind reminder — or complain: optout letter { $acct } --kind complaint.
alert-suspicious-summary = Possible phishing: a mail posing as { $p }
alert-suspicious-body = A mail in { $folder } uses { $p }'s wording but was not sent by { $p }. Do not click its links or enter any code there.{ $detail }
