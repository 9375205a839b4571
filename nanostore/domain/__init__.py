"""The shop's rules as pure functions of its data: no database, no Telegram, no clock of their
own (the caller passes `now`). Services apply them inside transactions (often also in the
query form a rule offers, so a guarded UPDATE and a screen agree); getters use them to say
what a screen may offer. One rule, one definition: change it here and every screen, service
and guarded UPDATE follows."""
