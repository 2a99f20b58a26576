# `optout letter`: eine Erinnerung an den Anbieter, eine Beschwerde bei der
# Aufsichtsbehörde. Eine Nachricht pro Absatz; deutsche Anführungszeichen.

letter-quote = „{ $text }“
letter-to = An:
letter-salutation = Sehr geehrte Damen und Herren,
letter-closing = Mit freundlichen Grüßen
letter-placeholder-address = [deine E-Mail-Adresse]
letter-placeholder-date = [Datum des Widerspruchs]
letter-placeholder-deadline = [einen Monat danach]
letter-subject-ref = , Ref. { $r }

letter-event-expect-code = Bestätigungscode im Widerspruchsformular angefordert
letter-event-code = Bestätigungscode per Mail erhalten
letter-event-receipt = Eingangsbestätigung des Widerspruchs
letter-event-accepted = Entscheidungs-Mail: Widerspruch anerkannt
letter-event-rejected = Entscheidungs-Mail: Widerspruch abgelehnt
letter-event-suspicious = eine Mail, die sich als Anbieter ausgab (nicht von ihm)
letter-event-mark = vermerkt: { $state }
letter-event-submitted = Widerspruch eingereicht

letter-reminder-accepted = { $provider } hat diesen Widerspruch am { $date } anerkannt; es gibt nichts zu erinnern. Heb die Zusage-Mail als Nachweis auf (`optout evidence`).
letter-reminder-rejected = { $provider } hat diesen Widerspruch am { $date } abgelehnt; eine Erinnerung ändert daran nichts. Für eine Beschwerde: `optout letter KONTO --kind complaint`.
letter-reminder-too-early = die Monatsfrist ist noch nicht abgelaufen: ab { $passes_on } kann eine Erinnerung auf die versäumte Frist verweisen. Hier ist der Brief trotzdem.
letter-no-submission-date = für { $account } ist kein Einreichungsdatum bekannt (keine Eingangsbestätigung, kein `optout mark { $account } submitted`): trag das Datum im Brief selbst ein.

letter-reminder-to-meta = Irland
    (Kontaktformular für Datenschutzanfragen im Hilfebereich)
letter-reminder-to-other = { $p }
    {"["}Anschrift / Datenschutzbeauftragte:r]
letter-reminder-subject = Betreff: Erinnerung – Widerspruch nach Art. 21 DSGVO gegen die Nutzung meiner Daten für KI-Training ({ $p }, { $addr }{ $reference })
letter-reminder-objected = am { $submitted } habe ich für mein { $p }-Konto ({ $addr }) nach Art. 21 DSGVO der Verarbeitung meiner personenbezogenen Daten für die Entwicklung und das Training von KI-Modellen widersprochen.
letter-reminder-reference = Ihre Referenz-/Fallnummer: { $r }.
letter-reminder-limit-passed = Diese Frist ist am { $deadline } abgelaufen; eine Antwort habe ich bis heute ({ $today }) nicht erhalten.
letter-reminder-limit-ahead = Diese Frist endet am { $deadline }; bis heute ({ $today }) habe ich keine Antwort erhalten.
letter-reminder-law = Nach Art. 12 Abs. 3 DSGVO haben Sie mir unverzüglich, spätestens aber innerhalb eines Monats nach Eingang des Antrags, Informationen über die auf meinen Antrag hin ergriffenen Maßnahmen zur Verfügung zu stellen. { $limit }
letter-reminder-demand = Ich fordere Sie auf, mir innerhalb von 14 Tagen schriftlich zu bestätigen, dass meine personenbezogenen Daten nicht (mehr) für das Training von KI-Modellen verarbeitet werden. Andernfalls werde ich Beschwerde bei der zuständigen Datenschutz-Aufsichtsbehörde einlegen (Art. 77 DSGVO).
letter-reminder-history = Bisheriger Verlauf:
letter-reminder-signature = [Name]

letter-complaint-to-meta = Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (HmbBfDI)
    Ludwig-Erhard-Straße 22
    20459 Hamburg
    (Für Meta ist in Deutschland der Hamburgische Beauftragte federführend; du kannst die Beschwerde auch bei der Aufsichtsbehörde deines Bundeslandes einreichen. Federführende Aufsichtsbehörde für Meta in der EU ist die irische Data Protection Commission (DPC), www.dataprotection.ie.)
letter-complaint-to-other = [die Datenschutz-Aufsichtsbehörde deines Bundeslandes]
letter-complaint-subject = Betreff: Beschwerde nach Art. 77 DSGVO – Widerspruch gegen KI-Training nicht beachtet ({ $p })
letter-complaint-lodge = hiermit lege ich nach Art. 77 DSGVO Beschwerde ein gegen { $respondent }.
letter-complaint-respondent-meta = { $provider }, Merrion Road, Dublin 4, D04 X2K5, Irland, als Verantwortliche für { $p }
letter-complaint-respondent-other = { $provider } [Anschrift]
letter-complaint-objected = Am { $submitted } habe ich der Verarbeitung meiner personenbezogenen Daten (Konto { $addr }) für die Entwicklung und das Training von KI-Modellen nach Art. 21 DSGVO widersprochen.
letter-complaint-reference = Referenz-/Fallnummer bei { $provider }: { $r }.
letter-complaint-rejected = { $provider } hat am { $date } geantwortet.
letter-complaint-accepted = { $provider } hat am { $date } geantwortet [beschreibe, warum du dich dennoch beschwerst].
letter-complaint-quote-subject = Der Betreff der Mail: { $subject }.
letter-complaint-quote-sentence = Darin heißt es: { $sentence }
letter-complaint-no-decision-passed = { $provider } hat innerhalb der Monatsfrist des Art. 12 Abs. 3 DSGVO (bis { $deadline }) nicht entschieden; bis heute ({ $today }) liegt keine Antwort vor.
letter-complaint-no-decision = Bis heute ({ $today }) liegt keine Entscheidung vor.
letter-complaint-history = Verlauf (aus meinen Aufzeichnungen):
letter-complaint-request = Ich bitte Sie, den Vorgang zu prüfen und darauf hinzuwirken, dass mein Widerspruch beachtet wird. Kopien der E-Mails füge ich bei.
letter-complaint-signature = [Name, Anschrift]
