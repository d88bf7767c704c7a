"""How plans write what they number and date: Chinese numerals (``numerals``), the labels of
sections and tasks (``labels``), deadlines (``deadlines``) and years moved to another plan year
(``years``).

One implementation of each convention: the importer reads with it, the editor, the copier, the
exports and the reminders write with it, so that what one part writes the others read back.
Pure functions and values only: nothing here touches the database."""
