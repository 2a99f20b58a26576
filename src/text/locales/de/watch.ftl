# `optout watch`: ein Postfach, das optout nicht beobachten kann, und der Beobachtungsstand in `status`.

watch-no-answer = Der Server des Postfachs „{ $mailbox }“ antwortet nicht mehr: { $detail }.
watch-no-answer-remedy = optout verbindet sich von selbst neu; hält das an, prüfe die Netzwerkverbindung.
