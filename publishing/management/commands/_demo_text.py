"""The demo newsroom's text, written by a seeded generator from our own word lists.

This module only writes: it returns `DemoStory` objects (headline, summary, tags, body
blocks, age) and knows nothing of the database, so `load_demo` decides how they are saved.
Every sentence pattern and word list below was written for this demo; the towns, countries,
clubs and people are invented. The same seed always gives the same stories, and no
paragraph appears in two stories (each one is checked against all written so far).
"""

import random
import re
from dataclasses import dataclass, field

from publishing.management.commands import _demo_content as content

# Generated stories, after the hand-written ones in _demo_content.ARTICLES.
GENERATED_STORIES = 260
# Hours between two generated stories: 260 of them reach back about five months.
HOURS_APART = 13.5
BODY_WORDS = (420, 1200)
# Every how-many stories one carries a picture inside its body, and one gets a correction.
FIGURE_EVERY = 4
CORRECTION_EVERY = 37

TOWNS = [
    "Port Alder", "Upper Kell", "Marrow Bay", "Saltmere", "Dunlin Head", "Hollin",
    "Carrick Vale", "Fennick", "Graysford", "Lowmoor", "Eastwick Sound", "Brannock",
]  # fmt: skip
COUNTRIES = ["Estrelia", "Valdoria", "Norrland", "Oskaria", "Vessany", "the Calder Isles"]
FIRST_NAMES = [
    "Agnes", "Bram", "Celia", "Dariusz", "Efua", "Farid", "Greta", "Hamish", "Ilse", "Jovan",
    "Kirsty", "Lionel", "Mirela", "Nuno", "Oona", "Pavel", "Rosalind", "Sefton", "Tamsin",
    "Ugo", "Vera", "Wendell", "Yara", "Zofia",
]  # fmt: skip
LAST_NAMES = [
    "Abernethy", "Baptiste", "Cullen", "Dragomir", "Eriksen", "Fairweather", "Gallo", "Hurst",
    "Ismay", "Jaworski", "Kowal", "Lindqvist", "Mbeki", "Nairn", "Okonjo", "Pellegrini",
    "Quayle", "Rasmussen", "Sorensen", "Thackeray", "Umeh", "Varga", "Whitlock", "Zeller",
]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# Per section: what stories are about (subject, with its tags), who speaks, headline
# patterns, and sentences only that section uses. {subject}, {town}, {person}, {role},
# {number}, {percent}, {month}, {weekday}, {country} and {other_town} are filled in.
SECTIONS = {
    "politics": {
        "subjects": [
            ("the harbour bus lane plan", ["transport", "local government"]),
            ("the new housing plan", ["housing", "local government"]),
            ("the school meals bill", ["schools", "national assembly"]),
            ("the ferry subsidy", ["ferries", "budget"]),
            ("the ward boundary review", ["elections", "local government"]),
            ("the coastal rail budget", ["rail", "budget"]),
            ("the library opening hours", ["libraries", "local government"]),
            ("the pension reform", ["pensions", "national assembly"]),
        ],
        "roles": [
            "councillor",
            "assembly member",
            "deputy mayor",
            "finance minister",
            "opposition spokesperson",
            "committee chair",
        ],
        "headlines": [
            "{town} council votes on {subject}",
            "Assembly committee questions ministers over {subject}",
            "Row over {subject} splits {town} councillors",
            "Ministers promise a decision on {subject} by {month}",
            "{town} residents pack hall to debate {subject}",
            "Opposition demands an audit of {subject}",
        ],
        "sentences": [
            "The vote on {subject} passed by {small} votes, after a debate that ran past midnight.",
            "{person}, a {role} from {town}, said the plan had been rushed and asked for "
            "another round of consultation.",
            "Officials in {town} estimate that {subject} will cost {number} thousand crowns "
            "in its first year.",
            "The {role} told the chamber that {subject} was the fairest option on the table, "
            "if not the cheapest.",
            "A petition against {subject} gathered {number} signatures in {town} "
            "in less than a week.",
            "Members expect to return to {subject} in {month}, when the finance committee "
            "publishes its figures.",
            "Turnout at the last ward meeting in {town} was {percent} per cent, the highest "
            "anyone could remember.",
        ],
    },
    "world": {
        "subjects": [
            ("the border dispute with {country}", ["trade", "diplomacy"]),
            ("the grain trade with {country}", ["farming", "trade"]),
            ("the election in {country}", ["elections", "diplomacy"]),
            ("the fishing treaty with {country}", ["fishing", "trade"]),
            ("the flood recovery in {country}", ["climate", "aid"]),
            ("the new ferry route to {country}", ["ferries", "diplomacy"]),
        ],
        "roles": [
            "foreign minister",
            "trade envoy",
            "ambassador",
            "aid worker",
            "border official",
            "regional governor",
        ],
        "headlines": [
            "Talks stall over {subject}",
            "Neighbours watch anxiously as {subject} enters a new phase",
            "What {subject} means for the coast",
            "{person} to lead the delegation on {subject}",
            "Hauliers warn of delays over {subject}",
        ],
        "sentences": [
            "Diplomats in {country} described the latest round on {subject} as frank, "
            "which usually means nobody agreed.",
            "{person}, the {role}, said the two governments were closer than at any time "
            "since {month}.",
            "Lorry drivers waiting near {town} said they had been told to expect another "
            "{small} days of queues.",
            "Trade between the coast and {country} is worth about {number} million crowns "
            "a year, most of it through {town}.",
            "Observers from {country} will report on {subject} before the end of {month}.",
            "The {role} visited {town} on {weekday} and met fishing crews and farmers.",
        ],
    },
    "business": {
        "subjects": [
            ("the container terminal", ["harbour", "shipping"]),
            ("the shipyard", ["shipyard", "jobs"]),
            ("the cost of the weekly shop", ["prices", "food"]),
            ("the fish market", ["fishing", "prices"]),
            ("the high street", ["town centres", "jobs"]),
            ("the regional energy company", ["energy", "prices"]),
            ("the cost of borrowing", ["interest rates", "prices"]),
        ],
        "roles": [
            "chief executive",
            "union representative",
            "economist",
            "shop owner",
            "harbour master",
            "finance director",
        ],
        "headlines": [
            "{town} firms brace for a hard winter as trouble hits {subject}",
            "Figures show {subject} recovering faster than expected",
            "{person} to lead a review of {subject}",
            "Union warns of cuts linked to {subject}",
            "Shoppers in {town} feel the pinch from {subject}",
            "New figures raise hopes in {town} over {subject}",
        ],
        "sentences": [
            "Turnover linked to {subject} rose by {percent} per cent in the third quarter, "
            "according to figures published on {weekday}.",
            "{person}, a {role} in {town}, said customers were buying less but more often.",
            "About {number} people in {town} depend on {subject} for their wages.",
            "The {role} said the company would not cut jobs before {month}, but would not "
            "promise anything after that.",
            "Prices at the quayside in {town} were {small} per cent lower than a year ago.",
            "Analysts expect {subject} to steady by {month}, if fuel costs stop climbing.",
        ],
    },
    "technology": {
        "subjects": [
            ("the fibre roll-out", ["broadband", "digital services"]),
            ("the council's new app", ["digital services", "local government"]),
            ("phone coverage in the valleys", ["phones", "valleys"]),
            ("the public wifi network", ["wifi", "digital services"]),
            ("the online tax return", ["digital services", "budget"]),
            ("the new ticket machines", ["digital services", "transport"]),
        ],
        "roles": [
            "software engineer",
            "network planner",
            "digital services director",
            "security researcher",
            "shop technician",
            "product manager",
        ],
        "headlines": [
            "{town} gets a first look at {subject}",
            "Delays hit {subject} as engineers run short of parts",
            "A guide to {subject}, and who it leaves out",
            "Security flaw found in {subject}, then fixed within a day",
            "{person} on the lessons of {subject}",
        ],
        "sentences": [
            "Engineers have spent {number} hours on {subject} since the work began in {town}, "
            "about {percent} per cent more than planned.",
            "{person}, a {role}, said the hardest part was not the cables but the paperwork.",
            "Testing of {subject} in {town} found {small} faults, all of them minor.",
            "The {role} promised a plain-language guide to {subject} before {month}.",
            "Users in {town} can report problems with {subject} by phone or at the library.",
            "The team behind {subject} publishes its code and its fault reports every week.",
        ],
    },
    "science": {
        "subjects": [
            ("the seagrass survey", ["the bay", "marine life"]),
            ("the seabird count", ["birds", "environment"]),
            ("the coastal erosion study", ["climate", "the bay"]),
            ("the university's comet search", ["astronomy", "university"]),
            ("the river water tests", ["rivers", "environment"]),
            ("the winter weather record", ["weather", "climate"]),
        ],
        "roles": [
            "marine biologist",
            "research fellow",
            "field ecologist",
            "astronomer",
            "hydrologist",
            "weather forecaster",
        ],
        "headlines": [
            "New findings from {subject} surprise researchers",
            "Volunteers in {town} join {subject}",
            "{subject} points to a changing coastline",
            "{person} explains the numbers behind {subject}",
            "Funding secured for another year of {subject}",
        ],
        "sentences": [
            "Researchers working on {subject} took {number} samples near {town} between "
            "{month} and the end of the season.",
            "{person}, a {role} at the university, said the results were encouraging but "
            "needed another year of data.",
            "The team recorded {percent} per cent more activity than in the last survey.",
            "Volunteers from {town} spent {small} weekends helping with {subject}.",
            "The {role} warned against reading too much into a single season of results.",
            "Data from {subject} will be published in full, with the methods, in {month}.",
        ],
    },
    "sport": {
        "subjects": [
            ("Port Alder Rovers", ["football", "port alder rovers"]),
            ("Valley Athletic", ["football", "valley athletic"]),
            ("the winter swim", ["swimming", "the bay"]),
            ("the coastal cycle race", ["cycling", "port alder"]),
            ("the harbour regatta", ["sailing", "harbour"]),
            ("the schools' athletics league", ["athletics", "schools"]),
        ],
        "roles": ["manager", "captain", "coach", "club secretary", "race organiser", "goalkeeper"],
        "headlines": [
            "A tense afternoon in {town} for {subject}",
            "Rain, wind and a late twist for {subject}",
            "{person} named as the new face of {subject}",
            "Big crowds expected for {subject} this weekend",
            "{subject}: five things we learned this weekend",
        ],
        "sentences": [
            "{subject} drew a crowd of {number} in {town}, the biggest of the season.",
            "{person}, the {role}, said the team had defended well and attacked too rarely.",
            "The decisive moment came {small} minutes from the end, after a long spell of "
            "pressure.",
            "The {role} said fitness would decide the next {small} weeks, not tactics.",
            "Supporters travelling from {town} were delayed by roadworks and missed the "
            "first goal.",
            "Organisers of {subject} said entries were up by {percent} per cent on last year.",
        ],
    },
    "culture": {
        "subjects": [
            ("the harbour festival", ["harbour festival", "music"]),
            ("the town museum", ["museums", "heritage"]),
            ("the new theatre season", ["theatre", "port alder"]),
            ("the valley choirs", ["music", "valleys"]),
            ("the library's book prize", ["books", "libraries"]),
            ("the old cinema", ["film", "heritage"]),
        ],
        "roles": [
            "director",
            "curator",
            "festival organiser",
            "choir leader",
            "novelist",
            "librarian",
        ],
        "headlines": [
            "{subject} opens with a full house in {town}",
            "Behind the curtain at {subject}",
            "{person} on twenty years with {subject}",
            "Review: {subject} is worth the ferry ride",
            "Tickets for {subject} go on sale in {month}",
        ],
        "sentences": [
            "{subject} sold {number} tickets in its first week, most of them in {town}.",
            "{person}, the {role}, said the programme was built around local voices.",
            "The evening ran for {small} hours and nobody seemed to notice the time.",
            "The {role} admitted that the budget was tight and the volunteers were tired.",
            "Visitors from {other_town} made up almost {percent} per cent of the audience.",
            "A smaller version of {subject} will tour the valleys in {month}.",
        ],
    },
    "opinion": {
        "subjects": [
            ("the way we plan our towns", ["local government", "housing"]),
            ("how we pay for buses", ["transport", "budget"]),
            ("the future of the high street", ["town centres", "jobs"]),
            ("what schools are for", ["schools", "valleys"]),
            ("the price of cheap energy", ["energy", "climate"]),
            ("why local news matters", ["media", "local government"]),
        ],
        "roles": ["reader", "neighbour", "councillor", "teacher", "bus driver", "shopkeeper"],
        "headlines": [
            "We are getting {subject} wrong, and it is fixable",
            "A modest proposal about {subject}",
            "Stop blaming {town} for {subject}",
            "What {other_town} can teach us about {subject}",
            "The quiet crisis in {subject}",
        ],
        "sentences": [
            "I have argued about {subject} with friends in {town} for years, and we agree "
            "on more than we admit.",
            "A {role} I spoke to last {month} put it better than any report: nobody asked "
            "the people who live with the result.",
            "We spend about {number} thousand crowns a year on {subject}, and we rarely ask "
            "what we get for it.",
            "The honest answer is that {subject} will cost more before it costs less.",
            "If {other_town} can try something new in {small} months, so can {town}.",
            "My proposal is modest: measure {subject} for two years, publish the numbers, "
            "and let voters decide.",
        ],
    },
}

# Sentences any section can use, so paragraphs mix the particular and the general.
COMMON_SENTENCES = [
    "Nobody in {town} expects a quick answer.",
    "{person} has followed {subject} for {small} years and says this is the most important "
    "moment so far.",
    "The figures are due to be published in {month}, and several groups have asked to see "
    "them first.",
    "Not everyone agrees. A resident of {other_town} said the debate had ignored the people "
    "it affects most.",
    "Local groups in {town} plan a public meeting on {weekday} evening.",
    "The story of {subject} began long before this week, with a short report that few people read.",
    "Critics say the timetable is too tight; supporters say it has slipped too often already.",
    "Those involved describe the mood in {town} as cautious rather than gloomy.",
    "A spokesperson declined to comment on the figures but promised a statement by {weekday}.",
    "The next step is a review in {month}, which will decide how much of the plan survives.",
    "Similar ideas have been tried in {other_town}, with mixed results.",
    "For now, the practical effects in {town} are small, but they will grow.",
]
HEADINGS = {
    "politics": [
        "What happens next",
        "The numbers",
        "Who voted how",
        "The view from the north",
        "The cost",
        "What residents say",
    ],
    "world": [
        "The background",
        "What the neighbours say",
        "On the ground",
        "What comes next",
        "The trade figures",
    ],
    "business": [
        "What it means for prices",
        "The workers' view",
        "Looking ahead",
        "The numbers",
        "The competition",
    ],
    "technology": ["How it works", "Who it helps", "The concerns", "What comes next", "The costs"],
    "science": [
        "How the study was done",
        "Why it matters",
        "What remains unknown",
        "Next steps",
        "The volunteers",
    ],
    "sport": ["How it happened", "The manager's view", "What comes next", "The fans", "The table"],
    "culture": [
        "The programme",
        "Behind the scenes",
        "Tickets and times",
        "The history",
        "The verdict",
    ],
    "opinion": [
        "The case against",
        "What we should do",
        "A fair objection",
        "The choice ahead",
        "Where I stand",
    ],
}
DEKS = [
    "What changed this week, who it affects and what happens next.",
    "The decision matters more in {town} than anywhere else.",
    "{person} explains what is at stake with {subject}.",
    "A closer look at the numbers behind {subject}.",
    "Supporters and critics in {town} agree on one thing: it cannot wait.",
]
OPINION_DEKS = [
    "A view from {town} on {subject}, and what we could do differently.",
    "We can argue about {subject} for another decade, or try something now.",
    "The case for changing course on {subject}, in plain numbers.",
]
FIGURE_CAPTIONS = [
    "A picture from the Newsroom demo library, used here to illustrate {subject}.",
    "File picture: {subject}, as our demo illustrator imagines it.",
    "Demo art for this story about {subject}.",
]
CORRECTIONS = [
    "An earlier version of this story gave the wrong date for the next meeting on {subject}.",
    "This story was corrected to give {person}'s role accurately.",
]

# Who writes what: staff by section, and op-eds by staff and the guest columnists.
REPORTERS = {
    "politics": ["writer", "tobias"],
    "world": ["tobias"],
    "business": ["ines"],
    "technology": ["jonah"],
    "science": ["jonah"],
    "sport": ["callum"],
    "culture": ["priya"],
}
OP_ED_WRITERS = ["hester", "dev", "priya", "ines", "writer", "tobias"]


@dataclass
class DemoStory:
    """One demo article as text: what `load_demo` needs to save it, nothing stored yet."""

    position: int  # 0 is the newest; also the seed of its pictures
    section: str
    kind: str
    author: str  # username from _demo_content.AUTHORS
    title: str
    dek: str
    tags: list[str]
    hours_ago: float
    # ("h2", text), ("p", text), ("quote", text) or ("figure", caption).
    blocks: list[tuple[str, str]] = field(default_factory=list)
    correction: str = ""  # a correction note to record, for a few stories
    body_html: str = ""  # a hand-written body used as it is (the featured op-ed)

    @property
    def word_count(self):
        return sum(len(text.split()) for kind, text in self.blocks if kind != "figure")


class StoryWriter:
    """Writes stories from the word lists; one writer never repeats a paragraph."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.paragraphs = set()
        self.titles = set()

    def fill(self, pattern, slots):
        values = {
            "town": slots["town"],
            "other_town": slots["other_town"],
            "country": slots["country"],
            "subject": slots["subject"],
            "person": slots["person"],
            "role": slots["role"],
            "number": str(self.rng.randint(12, 980)),
            "small": str(self.rng.randint(2, 11)),
            "percent": str(self.rng.randint(3, 64)),
            "month": self.rng.choice(MONTHS),
            "weekday": self.rng.choice(WEEKDAYS),
        }
        text = pattern.format(**values)
        return text[0].upper() + text[1:]

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def slots(self, section, subject):
        town, other_town = self.rng.sample(TOWNS, 2)
        country = self.rng.choice(COUNTRIES)
        return {
            "town": town,
            "other_town": other_town,
            "country": country,
            "subject": subject.format(country=country),
            "person": self.person(),
            "role": self.rng.choice(SECTIONS[section]["roles"]),
            "own_deck": [],
            "common_deck": [],
        }

    def deal(self, deck, sentences):
        """The next sentence pattern from a shuffled deck, so a story rarely repeats one."""
        if not deck:
            deck.extend(self.rng.sample(sentences, len(sentences)))
        return deck.pop()

    def paragraph(self, section, slots):
        """Three to five sentences about the story, never the same paragraph twice."""
        own = SECTIONS[section]["sentences"]
        while True:
            count = self.rng.randint(3, 5)
            chosen = []
            while len(chosen) < count - 1:
                pattern = self.deal(slots["own_deck"], own)
                if pattern not in chosen:
                    chosen.append(pattern)
            common = self.deal(slots["common_deck"], COMMON_SENTENCES)
            chosen.insert(self.rng.randrange(len(chosen) + 1), common)
            # A new voice now and then, so one story quotes more than one person.
            if self.rng.random() < 0.4:
                slots["person"] = self.person()
            text = " ".join(self.fill(sentence, slots) for sentence in chosen)
            if text not in self.paragraphs:
                self.paragraphs.add(text)
                return text

    def blocks(self, section, slots, with_figure):
        """A body of 400 to 1,200 words: paragraphs, a sub-heading every few, a quote."""
        target = self.rng.randint(*BODY_WORDS)
        headings = self.rng.sample(HEADINGS[section], len(HEADINGS[section]))
        blocks, words, since_heading = [], 0, 0
        while True:
            paragraph = self.paragraph(section, slots)
            length = len(paragraph.split())
            # Room is kept for the sub-headings and a pulled quote within the 1,200 words.
            if words + length > BODY_WORDS[1] - 60 or words >= target:
                break
            if since_heading >= self.rng.randint(3, 4) and headings:
                blocks.append(("h2", headings.pop()))
                since_heading = 0
            blocks.append(("p", paragraph))
            words += length + 3  # about a sub-heading's share
            since_heading += 1
            if len(blocks) == 3 and with_figure:
                caption = self.fill(self.rng.choice(FIGURE_CAPTIONS), slots)
                blocks.append(("figure", caption))
        # Pull a quote from the body now and then, as a sub-editor would: the longest
        # sentence of the opening, unless another story already quoted the same words.
        if self.rng.random() < 0.3:
            first = next(text for kind, text in blocks if kind == "p")
            quote = max(re.split(r"(?<=[.!?]) ", first), key=len)
            if quote not in self.paragraphs:
                self.paragraphs.add(quote)
                blocks.insert(min(4, len(blocks)), ("quote", quote))
        return blocks

    def story(self, position, section, kind, author, title, dek, tags, hours_ago, subject):
        slots = self.slots(section, subject)
        story = DemoStory(
            position=position,
            section=section,
            kind=kind,
            author=author,
            title=title,
            dek=dek,
            tags=tags,
            hours_ago=hours_ago,
        )
        story.blocks = self.blocks(section, slots, with_figure=position % FIGURE_EVERY == 2)
        if position % CORRECTION_EVERY == 5:
            story.correction = self.fill(self.rng.choice(CORRECTIONS), slots)
        return story

    def generated(self, position, hours_ago):
        section = content.SECTIONS[position % len(content.SECTIONS)][0]
        details = SECTIONS[section]
        while True:
            subject, tags = self.rng.choice(details["subjects"])
            slots = self.slots(section, subject)
            title = self.fill(self.rng.choice(details["headlines"]), slots)
            if title not in self.titles:
                self.titles.add(title)
                break
        if section == "opinion":
            kind, author = "op_ed", self.rng.choice(OP_ED_WRITERS)
            dek = self.fill(self.rng.choice(OPINION_DEKS), slots)
        else:
            author = self.rng.choice(REPORTERS[section])
            kind = "analysis" if position % 11 == 3 else "news"
            if section == "business" and position % 5 == 2:
                kind = "press_release"
            dek = self.fill(self.rng.choice(DEKS), slots)
        extra = [slots["town"].lower()] if self.rng.random() < 0.3 else []
        return self.story(
            position, section, kind, author, title, dek, tags + extra, hours_ago, slots["subject"]
        )


def subject_for(writer, section, tags):
    """The section's subject sharing most tags with a hand-written headline's tags."""
    subjects = SECTIONS[section]["subjects"]
    best = max(len(set(tags) & set(subject_tags)) for _, subject_tags in subjects)
    matching = [
        name for name, subject_tags in subjects if len(set(tags) & set(subject_tags)) == best
    ]
    return writer.rng.choice(matching)


def published_stories(seed):
    """The public stories, newest first: the hand-written headlines, then generated ones."""
    writer = StoryWriter(seed)
    stories = []
    for position, (section, kind, author, title, dek, tags) in enumerate(content.ARTICLES):
        writer.titles.add(title)
        subject = subject_for(writer, section, tags)
        hours_ago = 1.5 + position * 6.5 + (position * 7 % 60) / 60
        story = writer.story(position, section, kind, author, title, dek, tags, hours_ago, subject)
        if position == 1:
            story.blocks, story.body_html = [], content.FEATURED_OP_ED_BODY.strip()
        stories.append(story)
    start = stories[-1].hours_ago
    for offset in range(1, GENERATED_STORIES + 1):
        stories.append(writer.generated(len(stories), start + offset * HOURS_APART))
    return writer, stories


def unpublished_stories(writer):
    """The scheduled story, those waiting for review and the draft (the admin demo)."""
    stories = []
    for offset, (state, section, kind, author, title, dek, tags) in enumerate(content.UNPUBLISHED):
        subject = subject_for(writer, section, tags)
        story = writer.story(1000 + offset, section, kind, author, title, dek, tags, 0, subject)
        stories.append((state, story))
    return stories
