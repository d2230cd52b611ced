"""Finding names in Russian text and spelling them in English (used by :mod:`..suggest`).

Modules: :mod:`.candidates` (capitalisation/morphology rules → :class:`~.candidates.Mention`),
:mod:`.natasha` (natasha's NER as the detector, when installed), :mod:`.lemma` (dictionary
forms: head-only inflection of multi-word names, surname paradigms), :mod:`.collect` (grouping,
full names and their parts), :mod:`.established` (the shipped list of English forms),
:mod:`.spell` (newsroom-convention transliteration, iuliia schemes), :mod:`.spelling` (choosing
established → model → transliterated).
"""
