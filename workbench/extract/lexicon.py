"""The words attribution reads: verbs of communication, nouns that can speak.

Kept apart from ``attribution`` so that each list, and why it holds what it holds,
reads on its own.
"""

from __future__ import annotations

#: Verbs of communication: their subject is a speaker when they introduce reported
#: content (a clause, a quotation, "of"/"as"/"on" what was said). Verbs of believing,
#: estimating, considering, deciding or acting are not here: "NIDA has estimated that
#: ..." is NIDA's finding, not a quotation of anyone.
REPORTING_VERBS = frozenset(
    (
        "say tell warn insist claim stress add note argue announce state accuse condemn "
        "describe reiterate emphasize emphasise assure explain suggest proclaim respond "
        "comment declare confirm deny admit allege report reply answer "
        "demand urge write acknowledge maintain point underline recall promise "
        "call testify tweet recount concede contend assert reveal disclose complain "
        "criticise criticize vow pledge caution repeat"
    ).split()
)
#: Reporting verbs whose content a frame cut would turn around: "X denies that A" is not A.
NEGATING_VERBS = frozenset("deny dismiss reject refute dispute".split())
#: Dependencies under which a verb does not govern its sentence: "people who have reported
#: using meth" or "the man mentioned that ..." inside "once ..." report nothing the
#: sentence states.
EMBEDDED = frozenset({"relcl", "acl", "pcomp", "pobj", "amod", "csubj", "dobj", "nsubj"})
#: What a verb of communication must govern to report something.
CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp", "dative"})
#: Verbs whose object is what was said: "condemned the statement", "denied the report";
#: for the others an object is no content ("reported a disorder", "added 3 points").
OBJECT_VERBS = frozenset(
    "condemn accuse describe deny demand urge announce confirm reiterate promise criticise "
    "criticize allege admit acknowledge reveal disclose tell call report".split()
)
#: Subordinate clauses that state something of their own ("though Dempsey noted ...");
#: the others date or condition the sentence ("once the man mentioned ...").
CONCESSIVE = frozenset("though although while whereas but".split())
#: Relative, interrogative, demonstrative and object pronouns: never a speaker.
NOT_SPEAKERS = frozenset(
    "who whom whose which that what whoever this these those him them us me her".split()
)
#: Nouns that describe a person by role: "the spokesman said" is the spokesman last named.
ROLE_NOUNS = frozenset(
    (
        "spokesman spokeswoman spokesperson minister secretary general diplomat president "
        "chancellor ambassador envoy official premier director chief commander"
    ).split()
)
#: Common nouns that can speak although they name no one: people and bodies.
_GROUPS_AND_SOURCES = frozenset(
    (
        "people person official officials spokesman spokeswoman spokesperson authorities "
        "police sources source company firm group label ministry department agency "
        "government council committee court study report survey researchers scientists "
        "experts analysts consumers residents witnesses critics lawmakers prosecutors "
        "investigators administration statement team board campaign office party union "
        "organisers organizers statement paper newspaper family friends fans players coach "
        "commission media"
    ).split()
)
#: People by what they are to the story: they can speak, unlike "the country"; one
#: named as an object ("WIRED spoke to one mother") competes for a later "she".
PEOPLE_NOUNS = frozenset(
    (
        "suspect suspects victim victims man woman boy girl child children mother father son "
        "daughter wife husband parent doctor nurse witness neighbour neighbor neighbours "
        "neighbors customer patient judge jury plaintiff attorney attorneys executive "
        "executives ceo sheriff deputy detective staff crew relatives colleague colleagues "
        "members representative representatives senator mayor activists"
    ).split()
)
AGENT_NOUNS = _GROUPS_AND_SOURCES | PEOPLE_NOUNS
#: Bodies and groups among them, which are never one person: "the jury", "the staff".
COLLECTIVE_NOUNS = frozenset("jury staff crew".split())
#: Nouns that give a person's gender, as "Ms" does: "one mother" is a "she".
GENDERED_NOUNS = {
    **dict.fromkeys("woman girl mother daughter wife sister widow grandmother".split(), "f"),
    **dict.fromkeys("man boy father son husband brother widower grandfather".split(), "m"),
}
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "ers", "ors",
                   "ists", "ians", "ants", "ents", "men")  # fmt: skip
#: Descriptions of a body: "the company said" is the body last named.
GROUP_NOUNS = frozenset(
    "company firm group label ministry department agency government council committee "
    "organisation organization office board team party union court administration "
    "commission".split()
)
#: Roles that speak for someone else: "the spokesman" is never the minister last named.
REPRESENTATIVES = frozenset("spokesman spokeswoman spokesperson official aide".split())
#: Prepositions whose phrase after a noun for people says which ones or whose:
#: "officials at the ministry", "scientists from NASA", "a spokeswoman for Jones".
QUALIFIERS = frozenset("in at with from for".split())
