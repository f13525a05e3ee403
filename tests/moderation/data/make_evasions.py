#!/usr/bin/env python3
"""Writes evasions.tsv: phrase, technique, evaded text (with \\uXXXX escapes
for invisible characters). Run from this folder; the output is committed, so
the test needs no Python. Deterministic (fixed seed)."""
import random

rng = random.Random(20240611)

# (phrase as listed, the plain word or words it should catch)
TARGETS = [
    ("fuck*", "fuck"), ("fuck*", "fucking"), ("shit*", "shit"), ("cunt*", "cunt"), ("twat*", "twat"),
    ("wank*", "wanker"), ("bastard", "bastard"), ("bitch*", "bitch"), ("asshole*", "asshole"),
    ("arsehole*", "arsehole"), ("dickhead*", "dickhead"), ("cock", "cock"), ("prick", "prick"),
    ("pussy", "pussy"), ("slut*", "slut"), ("whore*", "whore"), ("nigger*", "nigger"), ("faggot*", "faggot"),
    ("retard*", "retard"), ("paki", "paki"), ("kike", "kike"), ("spic", "spic"), ("chink", "chink"),
    ("tosser", "tosser"), ("bollocks", "bollocks"), ("knobhead", "knobhead"), ("bellend", "bellend"),
    ("motherfucker*", "motherfucker"), ("cocksucker*", "cocksucker"), ("scumbag*", "scumbag"),
    ("kill yourself", "kill yourself"), ("gas the jews", "gas the jews"), ("heil hitler", "heil hitler"),
    ("son of a bitch", "son of a bitch"), ("piss off", "piss off"), ("jizz*", "jizz"), ("dildo", "dildo"),
    ("tranny", "tranny"), ("spastic", "spastic"), ("wetback*", "wetback"), ("gyppo", "gyppo"),
    ("dyke", "dyke"), ("shithead*", "shithead"), ("bullshit*", "bullshit"), ("fucking idiot", "fucking idiot"),
    ("stupid cunt", "stupid cunt"), ("fat pig", "fat pig"), ("you muppet", "you muppet"),
]

LEET = {"a": "4@", "e": "3", "i": "1!|", "l": "1|", "o": "0", "s": "5$", "t": "7+", "b": "8", "g": "9"}
CYRILLIC = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "s": "ѕ",
            "j": "ј", "h": "һ", "k": "к", "d": "ԁ", "n": "п"}
GREEK = {"o": "ο", "a": "α", "i": "ι", "u": "υ", "v": "ν", "k": "κ", "p": "ρ", "t": "τ", "n": "η", "y": "γ"}
GREEK_CAPS = {"A": "Α", "B": "Β", "E": "Ε", "H": "Η", "I": "Ι", "K": "Κ", "M": "Μ", "N": "Ν", "O": "Ο",
              "P": "Ρ", "T": "Τ", "X": "Χ", "Y": "Υ", "Z": "Ζ"}
ACCENTED = {"a": "àáâäãå", "e": "èéêë", "i": "ìíîï", "o": "òóôöõø", "u": "ùúûü", "c": "ç", "n": "ñ",
            "s": "śšş", "y": "ýÿ", "z": "žź", "g": "ğ", "k": "ķ", "l": "ł", "r": "ř", "t": "ţ", "d": "đ"}
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0336", "\u0332", "\u0303", "\u030a", "\u0327"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u034f", "\u180e", "\ufe0f",
             "\U000e0020"]
SEPARATORS = [".", " ", "-", "_", " . ", "*", "/", "~", ",", "'", ":", "  "]
SUPERSCRIPT = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
SMALL_CAPS = dict(zip("abcdefghijklmnoprstuwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴡʏᴢ"))


def math_alphabet(base, exceptions=None):
    table = {}
    for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz"):
        table[ch] = (exceptions or {}).get(ch, chr(base + 26 + i))
    return table


MATH = {
    "math_bold": math_alphabet(0x1D400),
    "math_italic": math_alphabet(0x1D434, {"h": "\u210e"}),
    "math_bold_italic": math_alphabet(0x1D468),
    "math_script": math_alphabet(0x1D49C, {"e": "\u212f", "g": "\u210a", "o": "\u2134"}),
    "math_bold_script": math_alphabet(0x1D4D0),
    "math_fraktur": math_alphabet(0x1D504),
    "math_double_struck": math_alphabet(0x1D538),
    "math_sans_bold": math_alphabet(0x1D5D4),
    "math_monospace": math_alphabet(0x1D670),
}
FULLWIDTH = {ch: chr(0xFF41 + i) for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz")}
CIRCLED = {ch: chr(0x24D0 + i) for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz")}
NEGATIVE_SQUARED = {ch: chr(0x1F170 + i) for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz")}
REGIONAL = {ch: chr(0x1F1E6 + i) for i, ch in enumerate("abcdefghijklmnopqrstuvwxyz")}
CONTEXTS = ["{}", "you {}", "what a {}!", "{} off mate", "honestly, {}.", "\"{}\"", "({})", "{}!!!",
            "the author is a {} and should resign", "{}?"]


def per_letter(word, table, share=1.0):
    out = []
    for ch in word:
        options = table.get(ch)
        if options and rng.random() < share:
            out.append(rng.choice(options) if len(options) > 1 else options)
        else:
            out.append(ch)
    return "".join(out)


def leet(word):
    out = per_letter(word, LEET, 0.8)
    if out == word:
        out = per_letter(word, LEET, 1.0)
    return out


def stretch(word):
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    i = rng.choice(letters)
    return word[:i] + word[i] * rng.randint(3, 7) + word[i + 1:]


def separate(word):
    sep = rng.choice(SEPARATORS)
    return " ".join(sep.join(part) for part in word.split(" ")) if " " not in sep else "   ".join(
        sep.join(part) for part in word.split(" "))


def invisible(word):
    mark = rng.choice(INVISIBLE)
    return "".join(ch + (mark if ch != " " and rng.random() < 0.7 else "") for ch in word[:-1]) + word[-1]


def mixed_case(word):
    return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in word)


def combining(word):
    mark = rng.choice(COMBINING)
    return "".join(ch + (mark if ch != " " else "") for ch in word)


def zalgo(word):
    return "".join(ch + "".join(rng.choice(COMBINING) for _ in range(rng.randint(1, 3))) if ch != " " else ch
                   for ch in word)


def greek_caps(word):
    return per_letter(word.upper(), GREEK_CAPS, 1.0)


TECHNIQUES = {
    "case": mixed_case,
    "leet": leet,
    "stretched": stretch,
    "separators": separate,
    "invisible": invisible,
    "fullwidth": lambda w: per_letter(w, FULLWIDTH),
    "math": lambda w: per_letter(w, MATH[rng.choice(sorted(MATH))]),
    "enclosed": lambda w: per_letter(w, rng.choice([CIRCLED, NEGATIVE_SQUARED, REGIONAL])),
    "superscript": lambda w: per_letter(w, SUPERSCRIPT),
    "small_caps": lambda w: per_letter(w, SMALL_CAPS),
    "cyrillic": lambda w: per_letter(w, CYRILLIC) if any(c in CYRILLIC for c in w) else per_letter(w, GREEK),
    "greek": lambda w: per_letter(w, GREEK) if any(c in GREEK for c in w) else greek_caps(w),
    "greek_capitals": greek_caps,
    "diacritics": lambda w: per_letter(w, ACCENTED, 0.7),
    "combining_marks": combining,
    "zalgo": zalgo,
    "leet_separators": lambda w: separate(leet(w)),
    "confusables_stretched": lambda w: stretch(per_letter(w, CYRILLIC)),
    "leet_invisible": lambda w: invisible(leet(w)),
    "case_stretched_leet": lambda w: mixed_case(stretch(leet(w))),
}


def escape(text):
    out = []
    for ch in text:
        code = ord(ch)
        if ch in INVISIBLE or 0x300 <= code < 0x370 or ch == "\t":
            out.append("\\u%04X" % code if code <= 0xFFFF else "\\U%08X" % code)
        else:
            out.append(ch)
    return "".join(out)


rows = []
for technique, apply in TECHNIQUES.items():
    for phrase, word in rng.sample(TARGETS, 18):
        evaded = apply(word)
        if evaded == word and technique != "case":
            evaded = apply(word)
        rows.append((phrase, technique, rng.choice(CONTEXTS).format(evaded)))

with open("evasions.tsv", "w", encoding="utf-8") as out:
    out.write("# phrase\ttechnique\tevaded text (\\uXXXX escapes: invisible characters and combining marks)\n")
    out.write("# Generated by make_evasions.py; see word_list_eval_test.cpp.\n")
    for row in rows:
        out.write("\t".join([row[0], row[1], escape(row[2])]) + "\n")
print(len(rows), "cases")
