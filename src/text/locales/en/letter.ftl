# `optout letter`: a reminder to the provider, a complaint to the authority.
# One message per paragraph; English letters use English quotes.

letter-quote = “{ $text }”
letter-to = To:
letter-salutation = Dear Sir or Madam,
letter-closing = Yours faithfully,
letter-placeholder-address = [your e-mail address]
letter-placeholder-date = [date of the objection]
letter-placeholder-deadline = [one month after that date]
letter-subject-ref = , ref. { $r }

letter-event-expect-code = verification code requested in the objection form
letter-event-code = verification code received by mail
letter-event-receipt = confirmation of receipt of the objection
letter-event-accepted = decision mail: objection accepted
letter-event-rejected = decision mail: objection refused
letter-event-suspicious = a mail posing as the provider (not from it)
letter-event-mark = noted: { $state }
letter-event-submitted = objection submitted

letter-reminder-accepted = { $provider } accepted this objection on { $date }; there is nothing to remind. Keep the acceptance mail as proof (`optout evidence`).
letter-reminder-rejected = { $provider } refused this objection on { $date }; a reminder does not change that. To complain: `optout letter ACCOUNT --kind complaint`.
letter-reminder-too-early = the one-month deadline has not passed yet: { $passes_on } is the first day a reminder can point to a missed deadline. Here is the letter anyway.
letter-no-submission-date = no submission date is known for { $account } (no receipt mail, no `optout mark { $account } submitted`): fill in the date in the letter.

letter-reminder-to-meta = Ireland
    (privacy contact form in the Help Centre)
letter-reminder-to-other = { $p }
    {"["}address / data protection officer]
letter-reminder-subject = Subject: Reminder – objection under Art. 21 GDPR to the use of my data for AI training ({ $p }, { $addr }{ $reference })
letter-reminder-objected = On { $submitted } I objected, under Art. 21 GDPR, to the processing of the personal data of my { $p } account ({ $addr }) for developing and training AI models.
letter-reminder-reference = Your reference / case number: { $r }.
letter-reminder-limit-passed = That period ended on { $deadline }; as of today ({ $today }) I have had no answer.
letter-reminder-limit-ahead = That period ends on { $deadline }; as of today ({ $today }) I have had no answer.
letter-reminder-law = Under Art. 12(3) GDPR you must provide me with information on the action taken on my request without undue delay and in any event within one month of receipt of the request. { $limit }
letter-reminder-demand = Please confirm in writing within 14 days that my personal data are not (or no longer) processed for training AI models. Otherwise I will lodge a complaint with the competent supervisory authority (Art. 77 GDPR).
letter-reminder-history = History so far:
letter-reminder-signature = [Name]

letter-complaint-to-meta = Data Protection Commission (DPC)
    21 Fitzwilliam Square South
    Dublin 2, D02 RD28
    Ireland
    www.dataprotection.ie
    (The DPC is Meta's lead supervisory authority in the EU. You may also complain to the authority where you live or work (Art. 77(1) GDPR); in Germany the Hamburg commissioner (HmbBfDI) leads for Meta.)
letter-complaint-to-other = [the data protection authority of your country]
letter-complaint-subject = Subject: Complaint under Art. 77 GDPR – objection to AI training not honoured ({ $p })
letter-complaint-lodge = I hereby lodge a complaint under Art. 77 GDPR against { $respondent }.
letter-complaint-respondent-meta = { $provider }, Merrion Road, Dublin 4, D04 X2K5, Ireland, the controller for { $p }
letter-complaint-respondent-other = { $provider } [address]
letter-complaint-objected = On { $submitted } I objected under Art. 21 GDPR to the processing of my personal data (account { $addr }) for developing and training AI models.
letter-complaint-reference = { $provider }'s reference / case number: { $r }.
letter-complaint-rejected = { $provider } answered on { $date }.
letter-complaint-accepted = { $provider } answered on { $date } [describe why you complain nevertheless].
letter-complaint-quote-subject = The subject of its mail: { $subject }.
letter-complaint-quote-sentence = It wrote: { $sentence }
letter-complaint-no-decision-passed = { $provider } did not decide within the one-month period of Art. 12(3) GDPR (which ended on { $deadline }); as of today ({ $today }) there is no answer.
letter-complaint-no-decision = As of today ({ $today }) there is no decision.
letter-complaint-history = History (from my records):
letter-complaint-request = Please examine the matter and see to it that my objection is respected. Copies of the e-mails are attached.
letter-complaint-signature = [Name, address]
