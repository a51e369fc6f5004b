"""The demo newsroom: invented sections, authors and stories for `manage.py load_demo`.

Everything here is made up for the demo: the towns, countries, clubs, companies and
people do not exist, and no text is taken from anywhere else.
"""

SECTIONS = [
    ("politics", "Politics", "The national assembly, the town hall and the people who run them."),
    ("world", "World", "News from our neighbours and beyond."),
    ("business", "Business", "Jobs, prices, companies and the harbour economy."),
    ("technology", "Technology", "How the tools we use every day are changing."),
    ("science", "Science", "Research, nature and the world around the bay."),
    ("sport", "Sport", "Results, clubs and the people who make them."),
    ("culture", "Culture", "Books, film, music, stages and galleries."),
    ("opinion", "Opinion", "Independent writers argue their case. Their views are their own."),
]

# username, display name, slug, bio, twitter handle, portrait colours
AUTHORS = [
    (
        "writer",
        "Maren Holt",
        "maren-holt",
        "Maren covers the national assembly and the town hall. Before that she spent "
        "eight years on the harbour beat and still knows every crane driver by name.",
        "marenholt_demo",
        ("#7a1b1b", "#e8c9a8"),
    ),
    (
        "tobias",
        "Tobias Ekwueme",
        "tobias-ekwueme",
        "Tobias writes about our neighbours across the strait and the wider region. "
        "He has reported from eleven countries and speaks four of their languages.",
        "tobias_demo",
        ("#0b4f8a", "#bcd7ee"),
    ),
    (
        "ines",
        "Ines Carvalho",
        "ines-carvalho",
        "Ines follows money: wages, prices, the port and the small firms that keep "
        "the coast working. She trained as an accountant and has not forgiven spreadsheets.",
        "",
        ("#2f5d3a", "#cfe3c8"),
    ),
    (
        "jonah",
        "Jonah Whitcombe",
        "jonah-whitcombe",
        "Jonah reports on technology and science, from fibre cables to comets. "
        "He builds radios in his spare time, mostly unsuccessfully.",
        "jonahw_demo",
        ("#4b3b8f", "#d8d0f2"),
    ),
    (
        "priya",
        "Priya Raman",
        "priya-raman",
        "Priya is our culture editor. She reviews books and theatre and writes about "
        "the people who keep the region's galleries, stages and archives alive.",
        "",
        ("#8a4b0b", "#f2dcc0"),
    ),
    (
        "callum",
        "Callum Reyes",
        "callum-reyes",
        "Callum covers sport, from the harbour derby to the winter swim. He played "
        "second-division football for three seasons and prefers not to discuss it.",
        "callumr_demo",
        ("#1f5f66", "#c2e4e6"),
    ),
    (
        "hester",
        "Hester Lindqvist",
        "hester-lindqvist",
        "Hester is a guest columnist. She ran the Saltmere ferry company for twelve years "
        "and now chairs a housing co-operative that is always one meeting from agreement.",
        "",
        ("#5c2a4d", "#efd3e4"),
    ),
    (
        "dev",
        "Dev Okonjo",
        "dev-okonjo",
        "Dev is a guest columnist and a secondary-school teacher in Upper Kell. He writes "
        "about schools, young people and why the last bus leaves too early.",
        "devokonjo_demo",
        ("#3a4a12", "#e1e9c4"),
    ),
]

# Articles: section, kind, author username, title, summary, tags. Listed newest first.
ARTICLES = [
    (
        "politics",
        "news",
        "writer",
        "Assembly passes coastal rail bill after all-night sitting",
        "The line linking Port Alder to the northern valleys wins by four votes; construction "
        "could begin next spring.",
        ["rail", "transport", "national assembly"],
    ),
    (
        "opinion",
        "op_ed",
        "priya",
        "The coastal rail link is worth every cent, if we build it honestly",
        "A railway is a promise to the next fifty years. We should make it one we can keep.",
        ["rail", "transport", "budget"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Port Alder Rovers snatch late winner in the harbour derby",
        "A header three minutes into stoppage time settles a scrappy, rain-soaked match.",
        ["football", "port alder rovers"],
    ),
    (
        "business",
        "news",
        "ines",
        "Harbour cranes back in service as port volumes recover",
        "Two of the three container cranes idle since the summer are working again.",
        ["harbour", "jobs", "shipping"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Estrelian farmers block border crossing over grain prices",
        "Tractors have closed the main road into Estrelia for a third day; lorries queue for "
        "kilometres.",
        ["estrelia", "farming", "trade"],
    ),
    (
        "science",
        "news",
        "jonah",
        "Seagrass meadows are returning to the bay, survey finds",
        "Divers mapped twice as much seagrass as five years ago, and the fish are following.",
        ["the bay", "marine life", "environment"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Harbour festival announces its biggest programme yet",
        "Forty concerts, a floating stage and the return of the lantern parade.",
        ["harbour festival", "music"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "City switches on free public wifi along the waterfront",
        "The network covers three kilometres of quay and needs no sign-up.",
        ["wifi", "port alder", "digital services"],
    ),
    (
        "politics",
        "analysis",
        "writer",
        "Why the budget fight is really about the pension fund",
        "Behind the arguments over ferries and roads sits a quieter question: who pays for "
        "the fund's shortfall.",
        ["budget", "pensions", "national assembly"],
    ),
    (
        "opinion",
        "op_ed",
        "ines",
        "Local news is infrastructure. Fund it like infrastructure.",
        "When the last reporter leaves a town hall, nobody notices until the bills arrive.",
        ["media", "local government"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Kessen Republic and Norrland sign fishing accord after decade of talks",
        "The deal shares out cod quotas and sets up a joint patrol in the northern waters.",
        ["fishing", "kessen republic", "norrland", "trade"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Rowing club takes three golds at the national regatta",
        "Alder Bay Rowing Club's best showing in twenty years, led by a crew of students.",
        ["rowing", "the bay"],
    ),
    (
        "business",
        "news",
        "ines",
        "Regional bank raises savings rates for the first time in three years",
        "Savers get a little more; borrowers are told to expect the same soon.",
        ["banking", "interest rates"],
    ),
    (
        "technology",
        "press_release",
        "jonah",
        "Northlight Software releases open data tools for councils",
        "A free toolkit to publish spending, planning and transport data in common formats.",
        ["open data", "local government", "digital services"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Opposition names new leader in surprise ballot",
        "The backbench favourite wins on the second round after the front-runner withdraws.",
        ["national assembly", "elections"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Old cinema reopens after ten-year restoration",
        "The Lyric's velvet seats and painted ceiling are back, along with a new projector.",
        ["film", "port alder", "heritage"],
    ),
    (
        "science",
        "news",
        "jonah",
        "University telescope spots a comet that will pass in March",
        "It should be visible with binoculars for about two weeks, clouds permitting.",
        ["astronomy", "university"],
    ),
    (
        "opinion",
        "op_ed",
        "callum",
        "Our town centres need fewer car parks and more benches",
        "People do not linger where there is nowhere to sit. Shops notice.",
        ["port alder", "transport", "town centres"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Flooding forces evacuation of river towns in southern Valdoria",
        "Three days of rain have pushed the Arle over its banks in six places.",
        ["valdoria", "floods", "weather"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Marathon route changes to avoid the bridge works",
        "The course now loops round the old town twice; runners are promised it is still flat.",
        ["running", "port alder"],
    ),
    (
        "business",
        "press_release",
        "ines",
        "Alder Cooperative Dairy opens its new cheese cellar to visitors",
        "Guided tours start next month, with tastings of the cellar's first aged wheels.",
        ["farming", "food"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Port Alder council delays vote on harbour parking fees",
        "Traders asked for more time to study the plan; the council gave them six weeks.",
        ["port alder", "local government", "harbour"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "Schools pilot a ban on phones during lessons",
        "Twelve secondary schools will collect phones at the door until the end of term.",
        ["schools", "phones"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Folk archive puts 2,000 recordings online",
        "Songs, stories and fiddle tunes recorded in kitchens and pubs since the 1950s.",
        ["music", "heritage", "archives"],
    ),
    (
        "opinion",
        "op_ed",
        "jonah",
        "Stop treating libraries as a luxury",
        "A library is the one place in town where nobody asks you to buy anything.",
        ["libraries", "local government", "budget"],
    ),
    (
        "world",
        "analysis",
        "tobias",
        "Three questions about the new trade corridor through the Sund strait",
        "Who pays for the dredging, who gets the tolls, and what happens to the ferries.",
        ["trade", "shipping", "sund strait"],
    ),
    (
        "science",
        "news",
        "priya",
        "Volunteers count record number of puffins on the outer islands",
        "More than 4,000 burrows were occupied this summer, up by a fifth.",
        ["birds", "marine life", "environment"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Teenage climber becomes youngest to finish the north face route",
        "Sixteen-year-old Lina Brask spent nine hours on the wall above the fjord.",
        ["climbing"],
    ),
    (
        "business",
        "news",
        "ines",
        "Shipyard wins order for four electric ferries",
        "The contract secures about 300 jobs at the yard for the next three years.",
        ["shipping", "jobs", "ferries", "harbour"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Voter registration opens early for the spring by-election",
        "Residents of the north ward can register online or at the library from Monday.",
        ["elections", "local government"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "Fibre rollout reaches the last valley villages",
        "Broadband that arrived in the city a decade ago finally reaches Upper Kell.",
        ["broadband", "valleys", "digital services"],
    ),
    (
        "opinion",
        "op_ed",
        "tobias",
        "Why I changed my mind about the harbour wind farm",
        "I argued against the turbines for three years. Then I went out to see them.",
        ["energy", "harbour", "environment"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Theatre company takes its puppet show on a village tour",
        "Twenty-two village halls in six weeks, with a van, three actors and a paper whale.",
        ["theatre", "valleys"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Aid convoys reach mountain villages cut off by landslides",
        "Lorries carrying food and fuel got through after engineers cleared the pass road.",
        ["valdoria", "weather"],
    ),
    (
        "science",
        "news",
        "jonah",
        "Drought-tolerant barley shows promise in field trials",
        "Two seasons of tests on dry southern fields gave yields close to normal.",
        ["farming", "university", "climate"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Cup draw pairs holders with second-division Valley Athletic",
        "The part-timers from Upper Kell will host the champions in their 2,000-seat ground.",
        ["football", "valleys"],
    ),
    (
        "business",
        "analysis",
        "ines",
        "What the housing slowdown means for small builders",
        "Fewer sales, dearer materials and a long wait for planning decisions.",
        ["housing", "jobs", "interest rates"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Mayor's office publishes two years of meeting diaries",
        "The release lists more than 900 meetings, with names of the organisations present.",
        ["port alder", "transparency", "local government"],
    ),
    (
        "opinion",
        "op_ed",
        "writer",
        "The four-day school week deserves a proper trial",
        "Other regions are trying it. We should measure it carefully before we decide.",
        ["schools", "budget"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "Hospital trial uses software to shorten waiting lists",
        "A scheduling tool filled cancelled appointments within hours instead of days.",
        ["health", "digital services"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Museum returns carved boat to the island it came from",
        "The twelve-metre boat left Skarra in 1911; islanders carried it ashore on Saturday.",
        ["heritage", "museums"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Island nation of Maru votes to move its capital inland",
        "Rising seas and repeated storm damage pushed the decision through parliament.",
        ["maru", "climate"],
    ),
    (
        "science",
        "news",
        "priya",
        "New marine lab opens at the old lighthouse station",
        "Students will study currents, plankton and seals from the keeper's cottage.",
        ["marine life", "university", "the bay"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Women's handball team qualifies for the continental finals",
        "A seven-goal win in the last qualifier sends the team to its first finals since 2009.",
        ["handball"],
    ),
    (
        "business",
        "news",
        "ines",
        "Bakery chain closes six stores as flour costs bite",
        "Korn & Co. will keep its twelve busiest shops and its central bakery.",
        ["food", "jobs", "prices"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Ministers agree to review ferry subsidies for island towns",
        "Islanders say fares have doubled in five years; the review reports in the summer.",
        ["ferries", "budget", "islands"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "Researchers warn of scam texts posing as parcel services",
        "The messages ask for a small redelivery fee and steal card details.",
        ["security", "phones"],
    ),
    (
        "opinion",
        "op_ed",
        "callum",
        "Let teenagers vote in council elections",
        "Sixteen-year-olds work, pay tax and catch the bus. They should choose who runs it.",
        ["elections", "local government", "schools"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Young painters fill the empty shop fronts on Quay Street",
        "Eleven vacant shops have become studios and galleries for the winter.",
        ["art", "port alder", "town centres"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Regional summit ends with pledge on shared power grid",
        "Five governments agree to connect their networks by the end of the decade.",
        ["energy", "trade", "norrland"],
    ),
    (
        "science",
        "analysis",
        "jonah",
        "Why the autumn storms are arriving later, explained",
        "Warmer seas keep the summer pattern in place for longer. Here is what that means.",
        ["weather", "climate"],
    ),
    (
        "sport",
        "news",
        "callum",
        "New cycling track opens on the old railway line",
        "Eighteen kilometres of smooth, flat path from the harbour to the first valley village.",
        ["cycling", "valleys", "transport"],
    ),
    (
        "business",
        "news",
        "ines",
        "Start-up fund for coastal towns doubles in size",
        "Small firms outside the city can now apply for grants of up to 40,000.",
        ["jobs", "start-ups"],
    ),
    (
        "politics",
        "news",
        "writer",
        "Committee hearing on water rates ends without a report",
        "Members could not agree whether the utility's price rise was justified.",
        ["utilities", "national assembly", "prices"],
    ),
    (
        "culture",
        "news",
        "priya",
        "Review: a quiet, brilliant novel about a lighthouse keeper's daughter",
        "Hanne Lio's second book is slow, patient and hard to put down.",
        ["books", "reviews"],
    ),
    (
        "world",
        "news",
        "tobias",
        "Election observers praise calm vote in Orlanda",
        "Turnout was the highest in twenty years; results are expected on Tuesday.",
        ["orlanda", "elections"],
    ),
    (
        "science",
        "news",
        "priya",
        "Soil scientists map carbon in the valley's peat bogs",
        "The bogs hold more carbon than all the region's forests, the map suggests.",
        ["climate", "valleys", "environment"],
    ),
    (
        "sport",
        "news",
        "callum",
        "Swimmers brave icy water for the winter harbour race",
        "Three hundred swimmers, one kilometre, five degrees.",
        ["swimming", "harbour"],
    ),
    (
        "business",
        "news",
        "ines",
        "Fuel prices ease ahead of the holiday weekend",
        "Pump prices fell for the third week running, though diesel remains dear.",
        ["prices", "transport"],
    ),
    (
        "technology",
        "news",
        "jonah",
        "Library app update brings audiobooks to older phones",
        "A lighter version of the app works on phones up to eight years old.",
        ["libraries", "phones", "digital services"],
    ),
]

# Not public: a scheduled story, two waiting for review and a draft (the admin demo).
UNPUBLISHED = [
    (
        "scheduled",
        "politics",
        "news",
        "writer",
        "Budget statement due on Thursday: what to expect",
        "Ferries, pensions and the rail link will dominate the finance minister's speech.",
        ["budget", "national assembly"],
    ),
    (
        "submitted",
        "culture",
        "news",
        "priya",
        "Choir from Upper Kell wins the national final",
        "Thirty-two singers from a village of 900 people.",
        ["music", "valleys"],
    ),
    (
        "submitted",
        "opinion",
        "op_ed",
        "jonah",
        "Give every village a repair café",
        "Fixing things together is cheaper, greener and more fun than throwing them away.",
        ["environment", "valleys"],
    ),
    (
        "draft",
        "sport",
        "news",
        "callum",
        "Rovers sign goalkeeper from Valley Athletic",
        "The fee is undisclosed; the keeper is 19.",
        ["football", "port alder rovers"],
    ),
]

# Editor's picks for Top News, by title: position 1, 2.
EDITORS_PICKS = [
    "Assembly passes coastal rail bill after all-night sitting",
    "Shipyard wins order for four electric ferries",
]

FEATURED_OP_ED_BODY = """
<p>Every big project in this region has the same life story. It is announced with a
drawing, argued over for a decade, approved by a handful of votes, and then blamed for
everything that goes wrong for the next twenty years. The coastal rail link, approved by the
assembly this week, is about to begin that story. We can still give it a better ending.</p>

<p>I have ridden the bus from Port Alder to Upper Kell more times than I can count. It takes
two hours and ten minutes on a good day, longer when the pass road is icy, and it stops
running before most evening shifts end. For the nurse who works nights at the harbour
hospital, or the student who wants to live at home, that timetable is not an inconvenience.
It is a wall.</p>

<h2>What the railway is really for</h2>

<p>The case for the line is not speed for its own sake. It is the simple fact that a town
an hour from the city is a commuter town, and a town two hours away is a town people leave.
The valleys have lost a fifth of their young people in fifteen years. A train every half
hour will not reverse that alone, but nothing else on the table even tries.</p>

<blockquote><p>A railway is a promise to the next fifty years. We should make it one we can
keep.</p></blockquote>

<p>Supporters should be honest that this is expensive. The latest estimate is higher than
the first, and it will probably rise again. The finance committee's warning about delays is
right: the most expensive railway is the one that is started, stopped and started again.</p>

<h2>Three things to get right</h2>

<p>First, publish everything. Every contract, every change to the budget and every missed
milestone should be <a href="https://example.org/rail-link-register">on a public register</a>
that anyone can read, updated monthly. Projects that hide their numbers lose the public's
trust the first time something slips, and something always slips.</p>

<p>Second, build the stations where people live, not where land is cheap. A station in a
field two kilometres from the village square is a car park with a platform.</p>

<p>Third, keep the buses. The rail link will take years to build, and the people of the
valleys need to get to work in the meantime. Cutting the bus service to pay for the railway
would be the surest way to turn supporters into opponents.</p>

<h2>The choice ahead</h2>

<p>The assembly has made its decision, narrowly. The question now is not whether to build
the line, but whether we build it in a way that makes the next big project easier to
argue for. Honest numbers, sensible stations and a bus in the meantime: that is not too much
to ask for the largest investment this region will make in a generation.</p>
"""
