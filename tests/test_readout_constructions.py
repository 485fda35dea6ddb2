"""Table-driven tests of the constructions of diplomatic readouts the event coder reads.

Each row is a short readout written for this test (not taken from any gold set) and the events a
reader codes from it under ../shared/eval/READOUTS_GUIDE.md, as (PLOVER type, participant countries)
— actor and recipient together, the way the readout scorer compares them — plus the tuples that must
not appear. Every construction here recurs in the White House and Kremlin readouts of the corpus.
"""

from __future__ import annotations

import pytest

from communique.read.document import Document

E = frozenset
CALL = "President Joe Biden spoke today with Chancellor Olaf Scholz of Germany. "

CASES = [
    # group and pronoun subjects stand for the parties of the reported call or meeting
    ("group_leaders", CALL + "The leaders condemned North Korea's missile launches.",
     {("ACCUSE", E({"USA", "DEU", "PRK"}))}, set()),
    ("group_they", CALL + "They agreed to hold a summit in the autumn.",
     {("AGREE", E({"USA", "DEU"}))}, set()),
    ("group_both_sides", CALL + "Both sides reaffirmed the strength of the transatlantic alliance.",
     {("SUPPORT", E({"USA", "DEU"}))}, set()),
    ("it_was_agreed", CALL + "It was agreed to continue the dialogue on energy security.",
     {("AGREE", E({"USA", "DEU"}))}, set()),
    ("plural_office", "Vice President Kamala Harris met with Vice President Sara Duterte of the Philippines in "
     "Manila. The Vice Presidents discussed maritime security.",
     {("CONSULT", E({"USA", "PHL"}))}, {("CONSULT", E({"USA"}))}),
    ("shared_article", "Vice President Kamala Harris met with Prime Minister Anna Berg of Sweden in Stockholm. "
     "The Vice President and Prime Minister discussed energy.",
     {("CONSULT", E({"USA", "SWE"}))}, {("CONSULT", E({"USA"}))}),
    # counterparts whose title and name the parser breaks up
    ("title_of_country_name", "Vladimir Putin had a telephone conversation with President of the Republic of "
     "Kazakhstan Kassym-Jomart Tokayev.", {("CONSULT", E({"RUS", "KAZ"}))}, {("CONSULT", E({"RUS"}))}),
    # a visit "next week" is announced (an agreement to meet), not one made
    ("visit_next_week", "Mr. Klaveren's visit underscored the Chile-Peru partnership in advance of President "
     "Boluarte's historic official state visit next week to Chile.", {("AGREE", E({"PER", "CHL"}))},
     {("CONSULT", E({"PER", "CHL"}))}),
    # "calling up soldiers" conscripts: no appeal, however near a referendum is named
    ("call_up_is_no_request", "Bolivia is calling up more soldiers, and its government is organizing a "
     "referendum.", set(), {("REQUEST", E({"BOL"}))}),
    # a held noun's named owner does what it intends, not whoever supports the intention
    ("owned_intention", "Chile supported Peru's intention to join NATO.", {("AGREE", E({"PER", "IGO"}))},
     {("AGREE", E({"CHL", "IGO"}))}),
    # a member of an international body is one of its states, not the body
    ("member_of_a_body", "A permanent member of the Security Council invaded its neighbour.", set(),
     {("ASSAULT", E({"UNO"}))}),
    ("long_title_adjective", "On June 15 in Lima, Foreign Minister Klaveren of Chile met with Peruvian National "
     "Security Secretariat Secretary General Ana Quispe and Ecuadorian National Security Office Director Luis Mora "
     "for a trilateral meeting.", {("CONSULT", E({"CHL", "PER", "ECU"}))}, set()),
    ("held_call", "Foreign Minister Klaveren of Chile held a trilateral call with Foreign Minister Gonzalez of Peru "
     "and Foreign Minister Sommerfeld of Ecuador to exchange views on Bolivia.",
     {("CONSULT", E({"CHL", "PER", "ECU"}))}, set()),
    ("name_of_country_purpose", "President Joe Biden spoke today with Prime Minister Fumio Kishida of Japan to "
     "discuss the situation in the Middle East.", {("CONSULT", E({"USA", "JPN"}))}, {("CONSULT", E({"JPN"}))}),
    ("listed_leaders", "President Emmanuel Macron of France, Chancellor Olaf Scholz of Germany, and President "
     "Joe Biden of the United States met today in Paris.", {("CONSULT", E({"USA", "DEU", "FRA"}))},
     {("CONSULT", E({"FRA"}))}),
    ("listed_counterparts_after_to", "Vice President Kamala Harris spoke this morning to President Luis Abinader "
     "of the Dominican Republic, Prime Minister Mia Mottley of Barbados, and President Nayib Bukele of El Salvador.",
     {("CONSULT", E({"USA", "DOM", "BRB", "SLV"}))}, {("CONSULT", E({"USA"}))}),
    ("he_is_the_last_subject", "President Joe Biden met today with Chancellor Olaf Scholz of Germany. He thanked "
     "Chancellor Scholz for his leadership.", {("SUPPORT", E({"USA", "DEU"}))}, {("SUPPORT", E({"DEU"}))}),
    ("sidelines_with", "Secretary Antony Blinken met on the sidelines of the G20 summit with Foreign Minister "
     "Mauro Vieira of Brazil.", {("CONSULT", E({"USA", "BRA"}))},
     {("CONSULT", E({"USA"})), ("CONSULT", E({"IGO", "BRA"}))}),
    ("given_name_must_fit", "The talks were co-chaired by U.S. Deputy Secretary Kurt Campbell and UK Deputy "
     "Foreign Secretary Sir Paul Barrow.", {("CONSULT", E({"USA", "GBR"}))}, {("CONSULT", E({"USA", "GMB"}))}),
    # names: a surname that is a country's name; a known leader named again by surname alone
    ("surname_is_a_country", "Deputy Attorney General Lisa Monaco met today with Foreign Minister Rania Haddad of "
     "Jordan.", {("CONSULT", E({"USA", "JOR"}))}, {("CONSULT", E({"MCO", "JOR"}))}),
    ("known_leader_by_surname", "President Joe Biden spoke today with President Pedro Sanchez of Spain. President "
     "Biden congratulated President Sanchez on his new term.", {("SUPPORT", E({"USA", "ESP"}))}, set()),
    ("king_named_again_without_number", "President Joe Biden spoke today with King Abdullah II of Jordan. "
     "President Biden thanked King Abdullah for his friendship. King Abdullah congratulated President Biden on "
     "his election.", {("SUPPORT", E({"USA", "JOR"}))}, {("SUPPORT", E({"USA"})), ("SUPPORT", E({"JOR"}))}),
    # a name the entity recognizer takes for an organisation, between a title and "of <country>"
    ("title_name_of_country", "Vice President Kamala Harris spoke with President Alejandro Giammattei of Guatemala. "
     "The Vice President thanked President Giammattei for his partnership.", {("SUPPORT", E({"USA", "GTM"}))},
     {("SUPPORT", E({"USA"}))}),
    ("title_name_number_of_country", "President Joe Biden spoke today with King Mswati III of Eswatini. President "
     "Biden thanked King Mswati for his friendship.", {("SUPPORT", E({"USA", "SWZ"}))}, {("SUPPORT", E({"USA"}))}),
    ("new_mexico_is_no_country", "The Vice President met with state legislators from Colorado and New Mexico.",
     set(), {("CONSULT", E({"USA", "MEX"}))}),
    # a group qualified by a leader's name is that leader's side; a city talked about is no side
    ("leader_named_group", "Senior Biden-Harris Administration officials met today with community leaders to "
     "discuss tensions in Jerusalem and the West Bank.", set(), {("CONSULT", E({"USA", "ISR"}))}),
    # what is talked about is never a party
    ("topic_not_party", CALL + "The leaders discussed the importance of a strong NATO.",
     set(), {("CONSULT", E({"USA", "DEU", "IGO"}))}),
    ("topic_with_not_party", CALL + "The leaders also discussed their respective diplomacy with India.",
     {("CONSULT", E({"USA", "DEU"}))}, {("CONSULT", E({"USA", "DEU", "IND"}))}),
    ("region_not_party", CALL + "They agreed to deepen cooperation across the Indo-Pacific region.",
     {("AGREE", E({"USA", "DEU"}))}, {("AGREE", E({"USA", "DEU", "IND"}))}),
    # promises and who they are for
    ("committed_to_working_with", "Secretary Antony Blinken underscored that the United States is committed to "
     "working closely with Indonesia to expand clean energy.", {("AGREE", E({"USA", "IDN"}))},
     {("AGREE", E({"USA"}))}),
    ("commitment_to_assistance", CALL + "The leaders affirmed their commitment to continue providing "
     "humanitarian assistance to Sudan.", {("AGREE", E({"USA", "DEU", "SDN"}))}, set()),
    ("impose_costs", CALL + "They pledged to impose further costs on Russia for its war.",
     {("THREATEN", E({"USA", "DEU", "RUS"}))}, set()),
    ("resolve_to_impose_costs", CALL + "They reiterated their resolve to impose costs on Belarus for its attacks "
     "on Lithuania.", {("THREATEN", E({"USA", "DEU", "BLR"}))},
     {("AGREE", E({"USA", "DEU", "BLR"})), ("THREATEN", E({"USA", "DEU", "BLR", "LTU"}))}),
    # a promise of sanctions is a threat; a sanction reported as decided is the sanction (PLOVER)
    ("pledged_sanctions", "The Foreign Minister of Canada pledged to impose sanctions on Belarus.",
     {("THREATEN", E({"CAN", "BLR"}))}, {("SANCTION", E({"CAN", "BLR"}))}),
    ("resolve_to_sanction", "The Foreign Minister of Canada reiterated Canada's resolve to impose sanctions on "
     "Belarus.", {("THREATEN", E({"CAN", "BLR"}))}, {("SANCTION", E({"CAN", "BLR"}))}),
    ("announced_sanctions", "The government of Canada announced that it would ban imports from Belarus.",
     {("SANCTION", E({"CAN", "BLR"}))}, {("THREATEN", E({"CAN", "BLR"}))}),
    # what a threat threatens is its content, not a second event
    ("threatened_act_absorbed", "The Foreign Minister of Canada threatened to impose sanctions on Belarus.",
     {("THREATEN", E({"CAN", "BLR"}))}, {("SANCTION", E({"CAN", "BLR"}))}),
    ("committed_adjective", "Minister Dalgaard said that Denmark is committed to closely coordinating with Norway "
     "and the European Union in response to Russian provocations.", {("AGREE", E({"DNK", "NOR", "EUR"}))},
     {("SUPPORT", E({"DNK", "NOR", "EUR"})), ("AGREE", E({"DNK", "RUS"}))}),
    # condemnation targets the doer, not whom the condemned act was done to
    ("condemn_possessor", "The Foreign Minister of Canada condemned Iran's attack against Israel.",
     {("ACCUSE", E({"CAN", "IRN"}))}, {("ACCUSE", E({"CAN", "IRN", "ISR"}))}),
    ("concern_about", "The Canadian foreign minister expressed concern about Venezuela's arrests of opposition "
     "leaders.", {("ACCUSE", E({"CAN", "VEN"}))}, set()),
    ("discussed_concerns_about_conduct", CALL + "The leaders discussed their shared concerns about Iran's "
     "missile program.", {("ACCUSE", E({"USA", "DEU", "IRN"}))}, set()),
    ("concern_about_a_situation_is_a_position", CALL + "They expressed concern about the humanitarian situation "
     "in Sudan.", set(), {("ACCUSE", E({"USA", "DEU", "SDN"}))}),
    # support is aimed at somebody; praise of progress is a position
    ("thanked_for_possessor", "Secretary Antony Blinken thanked Minister Dalgaard for South Korea's decision to send "
     "aid to Ukraine.", {("SUPPORT", E({"USA", "KOR"}))}, set()),
    # the deed one is thanked or commended for is the thanked party's own
    ("thanked_for_doing", "Secretary Antony Blinken thanked Norway for providing food aid to Somalia.",
     {("SUPPORT", E({"USA", "NOR"})), ("AID", E({"NOR", "SOM"}))}, {("AID", E({"USA", "SOM"}))}),
    ("thanked_for_owners_work_to", "Secretary Antony Blinken thanked Dr. Amina Okafor for the WHO's tireless work to "
     "deliver vaccines to children in Malawi.", {("AID", E({"UNO", "MWI"}))}, {("AID", E({"USA", "MWI"}))}),
    ("nominal_aid_thanked", "The Prime Minister of Italy thanked Portugal for its contributions to security "
     "assistance in Moldova.", {("AID", E({"PRT", "MDA"}))}, {("AID", E({"ITA", "MDA"}))}),
    ("nominal_aid_possessor", "The Foreign Minister of Canada discussed Qatar's humanitarian aid to Afghanistan.",
     {("AID", E({"QAT", "AFG"}))}, set()),
    ("support_is_a_stance_not_aid", "The Foreign Minister of Canada discussed Qatar's support for Afghanistan.",
     set(), {("AID", E({"QAT", "AFG"}))}),
    ("support_each_other", "Kazakhstan and Uzbekistan firmly support each other on issues of core interests.",
     {("SUPPORT", E({"KAZ", "UZB"}))}, set()),
    ("own_stance_not_target", CALL + "The President underscored his strong support for a peaceful resolution of "
     "the dispute.", set(), {("SUPPORT", E({"USA"}))}),
    ("exchanged_greetings", CALL + "The two leaders exchanged holiday greetings.",
     {("SUPPORT", E({"USA", "DEU"}))}, set()),
    ("welcomed_into_alliance", "The Foreign Minister of Canada welcomed Finland to NATO.",
     {("SUPPORT", E({"CAN", "FIN"}))}, {("CONSULT", E({"CAN", "FIN", "IGO"}))}),
    ("praise_without_target", "The President welcomed progress on clean energy.", set(),
     {("SUPPORT", E({"USA"}))}),
    ("stress_need", "The Danish minister stressed the need for Kenya to hold transparent elections.",
     {("REQUEST", E({"DNK", "KEN"}))}, set()),
    # specific uses and shows of force named by nouns, with their doers; not generic labels
    ("nominal_attack", "The Foreign Minister of Canada condemned Iran's missile attack on Israel.",
     {("ASSAULT", E({"IRN", "ISR"}))}, set()),
    ("nominal_missile_tests", "The Prime Minister of Japan condemned North Korea's ballistic missile tests.",
     {("MOBILIZE", E({"PRK"}))}, set()),
    ("generic_label_no_event", "The Foreign Minister of Canada condemned Russia's war against Ukraine.",
     {("ACCUSE", E({"CAN", "RUS"}))}, {("ASSAULT", E({"RUS", "UKR"}))}),
    # visits and meetings named by nouns; plans kept apart from facts
    ("nominal_visit", CALL + "They discussed the Chancellor's recent visit to India.",
     {("CONSULT", E({"DEU", "IND"}))}, set()),
    ("nominal_state_visit", CALL + "They reviewed the progress made since the Chancellor's State Visit to Japan "
     "last October.",
     {("CONSULT", E({"DEU", "JPN"}))}, set()),
    ("nominal_agreement", CALL + "They discussed the implementation of the German-Polish agreements of 1991.",
     {("AGREE", E({"DEU", "POL"}))}, set()),
    ("upcoming_talks", "Foreign Minister Sergei Lavrov spoke of his upcoming talks with his Turkish counterpart.",
     {("AGREE", E({"RUS", "TUR"}))}, {("CONSULT", E({"RUS", "TUR"}))}),
    ("prepared_to_meet", "The Foreign Minister of Canada said Canada is prepared to hold talks with Brazil.",
     {("AGREE", E({"CAN", "BRA"}))}, {("CONSULT", E({"CAN", "BRA"}))}),
    ("invited_to_visit", "President Joe Biden invited President Gustavo Petro of Colombia to visit Washington "
     "in the autumn.", {("AGREE", E({"USA", "COL"}))}, {("CONSULT", E({"USA", "COL"})), ("AGREE", E({"USA"}))}),
    ("looks_forward_to_welcoming", "President Joe Biden looks forward to welcoming President Yoon Suk Yeol of "
     "the Republic of Korea to the White House next month.", {("AGREE", E({"USA", "KOR"}))},
     {("CONSULT", E({"USA", "KOR"}))}),
]


def _tuples(record: dict) -> set[tuple[str, frozenset]]:
    found = set()
    for event in record["events"]:
        kind = (event.get("plover") or {}).get("type")
        codes = {p["code"] for p in event["actor"] + event["recipient"] if p["code"]}
        if kind and codes and not event["negated"]:
            found.add((kind, frozenset(codes)))
    return found


@pytest.mark.parametrize(("name", "text", "wanted", "unwanted"), CASES, ids=[case[0] for case in CASES])
def test_readout_construction(coder, name, text, wanted, unwanted):
    [record] = coder.code([Document(id=name, text=text, published="2023-06-01", source="whitehouse.gov")])
    got = _tuples(record)
    assert wanted <= got, f"missing {wanted - got}; coded {got}"
    assert not (unwanted & got), f"should not code {unwanted & got}"


def test_invited_visit_is_planned_by_the_invitee(coder):
    text = "President Joe Biden invited President Gustavo Petro of Colombia to visit Washington in the autumn."
    [record] = coder.code([Document(id="invite", text=text, published="2023-06-01", source="whitehouse.gov")])
    [visit] = [e for e in record["events"] if e["evidence"]["trigger"] == "visit"]
    assert visit["plover"]["type"] == "AGREE" and visit["modality"] == "future"
    assert [p["code"] for p in visit["actor"]] == ["COL"] and [p["code"] for p in visit["recipient"]] == ["USA"]


def test_background_date_in_the_lead_is_not_the_documents_date(coder):
    text = ("The Secretary of State attended the Summit of the Americas. The summit was first held in Miami, in "
            "1994, when the leaders met for the first time.")
    [record] = coder.code([Document(id="summit", text=text, published="2023-06-01", source="whitehouse.gov")])
    assert record["event_date"]["value"] == "2023-06-01"
    dates = {e["evidence"]["trigger"]: e["date"]["value"] for e in record["events"]}
    assert dates["attended"] == "2023-06-01" and dates["met"] == "1994"


def test_unknown_official_on_a_government_site_is_that_governments(coder):
    text = "Vice Foreign Minister Lin Qiaoyu met with the Ambassador of Peru to China."
    [record] = coder.code([Document(id="mfa", text=text, published="2024-04-04", source="fmprc.gov.cn")])
    [meeting] = record["events"]
    assert "CHN" in {p["code"] for p in meeting["actor"]}


def test_unplaced_official_of_a_consultation_is_the_other_side(coder):
    """A wire readout (no government publisher) whose own official the knowledge base does not know: the
    groups still stand for both sides, and the consultation's name says who its parties are."""
    text = ("On 4 April, Deputy Foreign Minister Lin Qiaoyu and Russian Deputy Foreign Minister Pavel Orlov "
            "co-chaired the 3rd round of China-Russia consultations on Arctic affairs. The two sides agreed to "
            "maintain close communication.")
    [record] = coder.code([Document(id="wire", text=text, published="2024-04-04", source="a wire service")])
    got = _tuples(record)
    assert {("CONSULT", E({"CHN", "RUS"})), ("AGREE", E({"CHN", "RUS"}))} <= got, got


@pytest.mark.parametrize("text", ["President Biden welcomed Chancellor Scholz's commitment to energy security.",
                                  "After the ceremony the Governor received the certificate from the commission."])
def test_welcoming_or_receiving_a_thing_is_no_visit(coder, text):
    [record] = coder.code([Document(id="w", text=text, published="2023-06-01", source="whitehouse.gov")])
    assert not [e for e in record["events"] if e["rule"].startswith(("consult.welcome", "consult.receive"))]


def test_unqualified_governor_on_a_government_site_is_that_governments(coder):
    text = "The President spoke this morning with Governor Mark Tanner to discuss the wildfires in the state."
    [record] = coder.code([Document(id="gov", text=text, published="2023-06-01", source="whitehouse.gov")])
    [call] = [e for e in record["events"] if e["plover"]["type"] == "CONSULT"]
    assert {p["code"] for p in call["actor"] + call["recipient"] if "Tanner" in p["text"]} == {"USA"}
