# `optout classify`: was optout aus einer gespeicherten Mail macht, und warum.

classify-nothing = nichts: keine Widerspruchs-Mail eines Anbieters (keine Anbieter-Regel passt zu Absender und Text)
classify-kind-code = Bestätigungscode
classify-kind-receipt = Eingangsbestätigung (Antrag eingegangen)
classify-kind-accepted = Widerspruch ANERKANNT
classify-kind-rejected = Widerspruch ABGELEHNT
classify-kind-unrecognised = NICHT ERKANNT: vom Anbieter und zum Widerspruch, aber keine Regel entscheidet, was es ist (`optout review` fragt dich)
classify-kind-suspicious = VERDÄCHTIG: Worte des Anbieters, aber der Absender ist nicht nachweislich der Anbieter (Phishing?)
classify-platform = Plattform: { $platform }
classify-code = Code:      { $code }
classify-trusted-yes = vertraut:  ja (darf den Stand des Kontos ändern)
classify-trusted-no = vertraut:  nein (ändert nie einen Stand)
classify-why = warum:     { $reason }
classify-failed-one = { $file } ließ sich nicht einordnen
classify-failed-many = { $n } Dateien ließen sich nicht einordnen: { $files }
