"""Made-up newsroom text: headlines, summaries, bodies, names and tags.

Nothing here is copied from anywhere: words are drawn from small hand-written lists with
a long-tail (Zipf-like) weighting, so full-text search sees common and rare words the way
it would in a real archive.
"""

import itertools
import random


def word_list(text):
    return text.split()


NOUNS = word_list(
    """
council budget harbour port minister election vote school hospital court police river
bridge railway station market farmer company bank union strike parliament mayor city
village coast island forest energy wind solar grid water price tax rent housing street
museum theatre festival library team match league coach player stadium season final
scientist study climate storm flood drought harvest fishery factory worker wage pension
airport road tunnel ferry canal museum gallery orchestra novel film director actor
senator governor committee report inquiry lawsuit judge verdict trial witness border
refugee embassy treaty summit army navy ceasefire talks sanction export import tariff
startup investor share profit loss merger inflation interest currency debt deficit
teacher student university campus research laboratory vaccine clinic nurse doctor
patient virus disease diet tourism hotel restaurant chef recipe wine bakery neighbour
district quarter square park garden tree bird whale wolf glacier mountain valley lake
"""
)

ADJECTIVES = word_list(
    """
new old local national regional northern southern eastern western central rural urban
public private small large young senior former interim record early late annual
quiet long short rising falling green digital historic modern coastal industrial
independent joint final rare open closed disputed surprise narrow broad sudden slow
"""
)

VERBS = word_list(
    """
approves rejects delays opens closes announces warns plans cuts raises wins loses
signs questions defends reviews launches builds expands blocks backs challenges
reports confirms denies proposes doubles halves extends ends welcomes criticises
"""
)

FUNCTION_WORDS = word_list(
    """
the the the the of of of and and and to to in in a a on for with at by from that
as after before over under into about against between during while since
"""
)

DAYS = word_list("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

FIRST_NAMES = word_list(
    """
Ada Bruno Clara Dmitri Elena Farid Greta Hugo Ines Jonas Kaia Lars Maren Nils Olga
Pavel Quinn Rosa Sami Tove Ulla Vera Wim Xenia Yusuf Zora Amir Berit Cyril Dora Emil
Frida Goran Hedda Ivan Jana Kasper Lina Milo Nora Oskar Petra Rune Sigrid Timo Una
"""
)

LAST_NAMES = word_list(
    """
Aalto Berg Castell Dahl Eriksen Falk Garnier Holm Ivarsson Jansen Kowal Lund Moreau
Nyberg Ostrov Pirelli Quist Rasku Strand Tamm Ulvik Varga Wendt Ylva Zeller Almqvist
Brandt Corvin Delacroix Engel Fiala Grund Hallberg Iversen Juhl Krall Lindqvist
"""
)


PLACE_STARTS = word_list(
    """
Var Ost Hel Brin Kal Mor Tes Lun Sval Dren Ask Bel Cor Dal Eid Fal Gran Hov Isk Jor
Kvi Lod Mal Nor Orm Pel Rav Sol Tor Ulf Vel Yst Aren Bor Fen Gil Hal Lin Mar Sten
"""
)
PLACE_ENDS = word_list(
    """
holm by vik stad berg mark dal havn ness ford lund sund torp vold heim rup strand
borg ager ey
"""
)


def zipf_weights(count, exponent=1.07, offset=0):
    """Weights of a long-tail (Zipf-Mandelbrot) distribution: the first items common, the
    last rare; ``offset`` flattens the head."""
    return [1 / ((rank + offset) ** exponent) for rank in range(1, count + 1)]


class TextGenerator:
    """Deterministic (seeded) source of invented headlines, paragraphs, names and tags."""

    def __init__(self, seed=8, paragraph_pool=4000):
        self.random = random.Random(seed)
        self.words = NOUNS + ADJECTIVES + VERBS
        self.random.shuffle(self.words)
        self.word_weights = list(itertools.accumulate(zipf_weights(len(self.words), 0.9)))
        # Invented place names: the long tail of rare words a real archive has, so a search
        # for a place finds a few hundred articles rather than half the archive.
        self.places = [start + end for start in PLACE_STARTS for end in PLACE_ENDS]
        self.random.shuffle(self.places)
        self.place_weights = list(
            itertools.accumulate(zipf_weights(len(self.places), 1.0, offset=20))
        )
        self.paragraphs = [self._paragraph() for _ in range(paragraph_pool)]

    def _words(self, count):
        content = self.random.choices(self.words, cum_weights=self.word_weights, k=count)
        function = self.random.choices(FUNCTION_WORDS, k=count // 2)
        mixed = content + function
        self.random.shuffle(mixed)
        return mixed

    def place(self):
        return self.random.choices(self.places, cum_weights=self.place_weights)[0]

    def sentence(self, low=9, high=20):
        words = self._words(self.random.randint(low, high) * 2 // 3)
        if self.random.random() < 0.3:
            words.insert(self.random.randint(1, len(words)), f"in {self.place()}")
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def _paragraph(self):
        sentences = [self.sentence() for _ in range(self.random.randint(4, 7))]
        return " ".join(sentences)

    def headline(self):
        return " ".join(
            [
                f"{self.random.choice(ADJECTIVES).capitalize()} {self.random.choice(NOUNS)}",
                self.random.choice(VERBS),
                self.random.choice(ADJECTIVES),
                self.random.choice(NOUNS),
                self.random.choice(["plan", "deal", "report", "rules", "vote", "project"]),
                "in",
                self.place(),
            ]
        )

    def dek(self):
        return f"{self.sentence(14, 24)} {self.sentence(10, 18)}"

    def body(self, words=800):
        """About ``words`` words of HTML: pooled paragraphs with a few sub-headings."""
        parts = []
        total = 0
        heading_every = self.random.randint(3, 4)
        while total < words:
            if parts and len(parts) % heading_every == 0:
                heading = " ".join(self._words(4))
                heading = heading[0].upper() + heading[1:]
                parts.append(f"<h2>{heading}</h2>")
            paragraph = self.random.choice(self.paragraphs)
            total += paragraph.count(" ") + 1
            parts.append(f"<p>{paragraph}</p>")
        return "".join(parts)

    def person(self, index):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        return first, last

    def tag_names(self, count):
        """``count`` distinct topic names such as “Coastal ferry” or “Harbour strike”."""
        qualifiers = sorted(set(ADJECTIVES + NOUNS))
        topics = sorted(set(NOUNS))
        names = [topic.capitalize() for topic in topics]
        pairs = [(qualifier, topic) for qualifier in qualifiers for topic in topics]
        self.random.shuffle(pairs)
        for qualifier, topic in pairs:
            if len(names) >= count:
                break
            if qualifier != topic:
                names.append(f"{qualifier.capitalize()} {topic}")
        return names[:count]
