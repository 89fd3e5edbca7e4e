#!/usr/bin/env python3
"""Build samples/ for credrecon: "Harbor Valley Medical Group" (CT / MA / RI), as_of 2026-11-30.

Run by hand (deterministic, fixed seed):

    python3 -m venv /tmp/samplesvenv && /tmp/samplesvenv/bin/pip install openpyxl xlwt
    /tmp/samplesvenv/bin/python scripts/make_samples.py

It reads the real public files under /work/shared/data/real/ (NPPES 2018 CT/MA/RI practitioners, the
OIG LEIE slice, the Connecticut Medicaid exclusion list, the NUCC taxonomy and the CMS specialty
crosswalk), writes every file of samples/ (which are self-contained), then re-reads what it wrote with an
independent checker that applies the rules of SPEC.md section 4, and asserts that the findings it gets are
exactly the planted ones listed in samples/README.md.
"""
import calendar
import csv
import datetime as dt
import io
import random
import re
import sys
import unicodedata
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

REAL = Path("/work/shared/data/real")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "samples"
AS_OF = dt.date(2026, 11, 30)
ORG = "Harbor Valley Medical Group"
GROUP_TIN = "06-1587342"
SEED = 20261130
rng = random.Random(SEED)

D = dt.date


# ----------------------------------------------------------------------------------------------- helpers
def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    return D(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_end(y, m):
    return D(y, m, calendar.monthrange(y, m)[1])


def rdate(a, b):
    return a + dt.timedelta(days=rng.randint(0, (b - a).days))


def mdy(d):
    return d.strftime("%m/%d/%Y") if d else ""


def luhn_ok(npi):
    if not re.fullmatch(r"\d{10}", npi):
        return False
    s = "80840" + npi
    total = 0
    for i, ch in enumerate(reversed(s)):
        k = int(ch)
        if i % 2 == 1:
            k *= 2
            if k > 9:
                k -= 9
        total += k
    return total % 10 == 0


def dea_number(prefix, last):
    digits = [rng.randint(0, 9) for _ in range(6)]
    chk = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
    return prefix + last[0].upper() + "".join(map(str, digits)) + str(chk)


def committee_date(y, m):
    """The credentialing committee meets on the second Wednesday of the month."""
    weds = [d for d in calendar.Calendar().itermonthdates(y, m) if d.month == m and d.weekday() == 2]
    return weds[1]


def title_case(s):
    s = s.strip().rstrip(".")
    if not s:
        return ""
    return "-".join(p[:1].upper() + p[1:].lower() for p in s.split("-"))


def save_xlsx(wb, path):
    """Save a workbook byte-for-byte reproducibly (fixed document dates and zip entry times)."""
    import zipfile
    wb.properties.creator = "Harbor Valley credentialing database"
    wb.properties.created = dt.datetime(2026, 11, 28, 8, 0, 0)
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2026-11-28T08:00:00Z\2", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 28, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    Path(path).write_bytes(out.getvalue())


# ----------------------------------------------------------------------------------------------- real data
def read_nppes():
    path = REAL / "davinci-plan-net-sample-data/sample-nppes-practitioner_20181204-data.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    assert len(header) == 329
    return header, [dict(zip(header, r)) for r in data]


NPPES_HEADER_2018, NPPES_ROWS = read_nppes()
NPPES_BY_NPI = {r["NPI"]: r for r in NPPES_ROWS}


def nppes_licenses(r):
    out = []
    for i in range(1, 16):
        n, s = r[f"Provider License Number_{i}"], r[f"Provider License Number State Code_{i}"]
        if n:
            out.append((n, s, r[f"Healthcare Provider Taxonomy Code_{i}"], r[f"Healthcare Provider Primary Taxonomy Switch_{i}"]))
    return out


def primary_taxonomy(r):
    for i in range(1, 16):
        if r[f"Healthcare Provider Primary Taxonomy Switch_{i}"] == "Y":
            return r[f"Healthcare Provider Taxonomy Code_{i}"]
    return r["Healthcare Provider Taxonomy Code_1"]


def read_nucc():
    out = {}
    with open(REAL / "nucc-taxonomy/nucc_taxonomy_251.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[r["Code"]] = r
    return out


NUCC = read_nucc()


def specialty_name(tax):
    disp = NUCC[tax]["Display Name"]
    disp = re.sub(r" Physician$", "", disp)
    return disp


def read_crosswalk():
    out = {}
    with open(REAL / "cms-medicare-taxonomy-crosswalk/Medicare_Provider_Taxonomies.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for r in rows[1:566]:  # the last 5 rows were added by the repository author (see SOURCES.md)
        code, desc, tax = r[0].strip(), r[1].strip(), r[2].strip()
        if tax and tax not in out:
            out[tax] = (code, desc)
    return out


CROSSWALK = read_crosswalk()


def medicare_type(tax):
    code, desc = CROSSWALK.get(tax) or CROSSWALK.get(tax[:4] + "00000X") or ("11", "Physician/Internal Medicine")
    desc = re.sub(r"^Physician/", "", desc)
    return "14-" + code, ("PRACTITIONER - " + desc).upper()


# ----------------------------------------------------------------------------------------------- the providers
# (npi, key, planted / near-miss note). Everything not mentioned in OVERRIDES is generated clean.
CHOSEN = """
1023011145 1285633800 1740285097 1104823897 1821090119 1568460186 1831197896 1700881554 1851395651 1184620064
1154326833 1992701932 1841297603 1144227125 1174526784 1922004290 1831196161 1255334207 1740283779 1255337317
1477556504 1700888021 1518965888 1023015898 1124024013 1245238260 1942203690 1902808124 1609872571 1275530701
1538161732 1285630970 1558368480 1437153061 1588662985 1649273970 1295732279 1154329134 1912903030 1427055953
1013919125 1952305997 1821092776 1982608956 1750385092 1194727149 1871596247 1659377307 1093712226 1083610836
1518962034 1710983366 1285637678 1033115712 1609873843 1679570923 1437155181 1639175466 1396742649 1740282706
""".split()
assert len(CHOSEN) == 60 and len(set(CHOSEN)) == 60

# license groups on the roster: list of (number as written on the roster, state); default = NPPES primary
LICENSES = {
    "1821090119": [("050835", "CT"), ("79521", "MA")],       # GRYGIER (NPPES deactivated 2006, reactivated)
    "1831197896": [("036405", "CT"), ("229645", "MA")],      # FLYNN: MA board says Inactive
    "1841297603": [("035976", "CT"), ("298417", "MA")],      # STEINBERG: new MA licence, not in NPPES
    "1124024013": [("035987", "CT"), ("78156", "MA")],       # KATZ
    "1245238260": [("77533", "MA"), ("035126", "CT")],       # MANGION: CT licence absent from the CT board file
    "1942203690": [("238390", "MA"), ("49070", "CT")],       # ROSENZWEIG: CT board has 049070
    "1710983366": [("DO326", "RI")],                          # FOREMAN: NPPES has DO-326
    "1437155181": [("226807", "MA"), ("MD10762", "RI")],     # AKHUND
    "1639175466": [("246312", "MA"), ("MD11191", "RI")],     # BARROW
    "1396742649": [("PA739", "MA"), ("PA00207", "RI")],      # IDDINGS
    "1740282706": [("APRN01353", "RI"), ("202627", "MA")],   # HAMPTON
    "1093712226": [("DO00435", "RI")],                        # KEIGWIN
}

DEGREE = {  # roster degree column (credentialing database value)
    "1174526784": "APRN", "1922004290": "APRN", "1477556504": "APRN", "1194727149": "NP", "1609873843": "NP",
    "1740282706": "NP", "1700888021": "PA-C", "1871596247": "PA-C", "1396742649": "PA-C", "1518962034": "PA-C",
    "1679570923": "PA", "1912903030": "DO", "1659377307": "DO", "1093712226": "DO", "1710983366": "DO",
    "1255337317": "DO", "1750385092": "DO",
}

BOARD_NAMES = {
    "207R": "ABIM - Internal Medicine", "207RC": "ABIM - Cardiovascular Disease", "207RE": "ABIM - Endocrinology, Diabetes & Metabolism",
"207Q": "ABFM - Family Medicine", "2080": "ABP - Pediatrics",
    "207V": "ABOG - Obstetrics & Gynecology", "207N": "ABD - Dermatology", "2084": "ABPN - Psychiatry",
    "2081": "ABPMR - Physical Medicine & Rehabilitation", "2088": "ABU - Urology",
}


def board_name(tax, degree, npi):
    if degree == "DO":
        return {"207Q": "AOBFP - Family Medicine", "207R": "AOBIM - Internal Medicine"}.get(tax[:4], "AOA")
    for k in sorted(BOARD_NAMES, key=len, reverse=True):
        if tax.startswith(k):
            return BOARD_NAMES[k]
    raise KeyError(tax)


def lic_expiration(state, dob, degree, idx):
    """CT: annual, last day of the birth month; MA: every 2 years on the birthday; RI: biennial."""
    if state == "CT":
        assert 3 <= dob.month <= 11
        return month_end(2027, dob.month)
    if state == "MA":
        y = 2027 if (idx % 2 == 0 and (dob.month, dob.day) > (3, 1)) else 2028
        return D(y, dob.month, dob.day)
    if state == "RI":
        return D(2028, 6, 30) if degree in ("MD", "DO") else D(2028, 3, 1)
    raise ValueError(state)


def build_providers():
    provs = []
    group_cert = 100
    for idx, npi in enumerate(CHOSEN):
        r = NPPES_BY_NPI[npi]
        tax = primary_taxonomy(r)
        degree = DEGREE.get(npi, "MD")
        lics = LICENSES.get(npi)
        if lics is None:
            allk = nppes_licenses(r)
            prim = [l for l in allk if l[3] == "Y"] or allk
            lics = [(prim[0][0], prim[0][1])]
        states = {s for _, s in lics}
        start = D(rng.randint(2008, 2026), rng.randint(1, 12), 1)
        if start > D(2026, 6, 1):
            start = D(2026, 6, 1)
        yob = rng.randint(1958, min(1990, start.year - (31 if degree in ("MD", "DO") else 27)))
        month = rng.randint(3, 11) if "CT" in states else rng.randint(1, 12)
        dob = D(yob, month, rng.randint(1, 28))
        if start >= D(2024, 6, 1):
            c = committee_date(start.year, start.month)
            lc = c if (start - c).days >= 10 and c < start else committee_date(*((start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)))
        else:
            y, m = rng.choice([(y, m) for y in (2024, 2025, 2026) for m in range(1, 13) if D(2024, 4, 1) <= D(y, m, 1) <= D(2026, 11, 1)])
            lc = committee_date(y, m)
        nxt = add_months(lc, 36) if rng.random() < 0.8 else None
        p = {
            "npi": npi, "npi_cell": int(npi) if rng.random() < 0.6 else npi,
            "last": title_case(r["Provider Last Name (Legal Name)"]), "first": title_case(r["Provider First Name"]),
            "middle": title_case(r["Provider Middle Name"]), "suffix": title_case(r["Provider Name Suffix Text"]) + ("." if r["Provider Name Suffix Text"] else ""),
            "degree": degree, "taxonomy": tax, "specialty": specialty_name(tax), "dob": dob, "tax_id": GROUP_TIN,
            "status": "Active", "start": start, "term": None, "lc": lc, "next": nxt,
            "caqh_id": rng.randint(10000000, 16999999), "caqh": rdate(D(2026, 9, 8), D(2026, 11, 24)),
            "lics": [], "dea": None, "board": None, "mal": None, "gender": r["Provider Gender Code"],
            "nppes_last": r["Provider Last Name (Legal Name)"], "nppes_first": r["Provider First Name"],
            "nppes_middle": r["Provider Middle Name"].rstrip("."),
        }
        for j, (num, st) in enumerate(lics):
            lo = D(dob.year + 27, 7, 1)
            hi = min(D(dob.year + 40, 6, 30), start, D(2026, 6, 30))
            issued = rdate(lo, hi) if hi > lo else hi
            p["lics"].append({
                "num": num, "state": st, "issued": issued if j == 0 else None,
                "exp": lic_expiration(st, dob, degree, idx + j), "psv": lc - dt.timedelta(days=rng.randint(5, 95)),
            })
        if degree in ("MD", "DO") or rng.random() < 0.5:
            prefix = rng.choice("BF") if degree in ("MD", "DO") else "M"
            p["dea"] = {"num": dea_number(prefix, p["last"]), "exp": month_end(rng.randint(2027, 2029), rng.randint(1, 12)),
                        "psv": lc - dt.timedelta(days=rng.randint(5, 95))}
            if p["dea"]["exp"] <= D(2027, 3, 31):
                p["dea"]["exp"] = month_end(2028, p["dea"]["exp"].month)
        if degree in ("MD", "DO"):
            p["board"] = {"name": board_name(tax, degree, npi), "exp": D(rng.randint(2027, 2035), 12, 31),
                          "psv": lc - dt.timedelta(days=rng.randint(5, 95))}
        if rng.random() < 0.8:
            group_cert += rng.randint(1, 9)
            p["mal"] = {"num": f"CMIC-HV-26-{group_cert:04d}", "exp": D(2027, 7, 1)}
        else:
            p["mal"] = {"num": f"PRA-{rng.randint(100000, 999999)}", "exp": rdate(D(2027, 4, 1), D(2027, 12, 31))}
        p["aetna_eff"] = start if rng.random() < 0.5 else start - dt.timedelta(days=rng.randint(1, 45))
        p["bcbs_eff"] = start if rng.random() < 0.5 else start - dt.timedelta(days=rng.randint(1, 45))
        p["aetna_id"] = f"AET{rng.randint(1000000, 9999999)}"
        provs.append(p)
    return {p["npi"]: p for p in provs}


P = build_providers()


def prov(npi):
    return P[npi]


# ---------------------------------------------------------------------------------- planted problems / near misses
# T1 ROBBINS: terminated, Last Credentialed typed as an impossible date, still PAR with Aetna
p = prov("1144227125"); p.update(status="Terminated", term=D(2026, 6, 30), lc="06/31/2024", next=None)
# T2 LAMONT: terminated long ago with expired credentials (must raise nothing)
p = prov("1154329134"); p.update(status="Terminated", term=D(2025, 12, 31), start=D(2012, 9, 1), lc=D(2023, 5, 10), next=D(2026, 5, 10), caqh=D(2025, 9, 15))
p["dea"]["exp"] = D(2026, 3, 31)
# T3 TRAFFORD, T4 TIERNEY: terminated
p = prov("1518962034"); p.update(status="Terminated", term=D(2026, 3, 15))
p = prov("1174526784"); p.update(status="Terminated", term=D(2026, 9, 30))
# U1 KERSTEN: status LOA (not a recognised value)
prov("1912903030")["status"] = "LOA"
# D1 MORGAN: new APRN, NPI not entered yet, licence PSV date not entered
p = prov("1922004290"); p.update(npi_cell=None, start=D(2026, 9, 8), lc=D(2026, 8, 12)); p["next"] = add_months(p["lc"], 36)
p["lics"][0]["psv"] = None
if p["dea"]:
    p["dea"]["psv"] = p["lc"] - dt.timedelta(days=20)
# D2 QUERNER: two digits transposed in the roster NPI
p = prov("1275530701"); p["npi_cell"] = "1275537001"
assert not luhn_ok(p["npi_cell"])
# N2 TIMBERLAKE: NPPES deactivated; recredentialing overdue
p = prov("1437153061"); p.update(lc=D(2023, 10, 11), next=D(2026, 10, 11), start=D(2009, 5, 1))
for c in p["lics"] + [p["dea"], p["board"]]:
    c["psv"] = p["lc"] - dt.timedelta(days=rng.randint(20, 90))
# N3 KEIGWIN goes by his middle name
prov("1093712226").update(first="Scott", middle="")
# N4 STEINBERG: malpractice expiring in 76 days (individual policy)
prov("1841297603")["mal"] = {"num": "PRA-418822", "exp": D(2027, 2, 14)}
# B1 MANGION: PSV of the MA licence 150 days before a 2025-09-15 decision (120-day window)
p = prov("1245238260"); p.update(lc=D(2025, 9, 15), next=D(2028, 9, 15))
p["lics"][0]["psv"] = D(2025, 4, 18)
for c in p["lics"][1:] + [p["dea"], p["board"]]:
    c["psv"] = D(2025, 8, 20)
# B3 GOLDEN: board certification ends 2026-12-31
prov("1609872571")["board"]["exp"] = D(2026, 12, 31)
# B4 GOLUB: new hire (BCBS pending); roster kept the old CT expiration date
p = prov("1851395651"); p.update(dob=D(p["dob"].year, 10, p["dob"].day), start=D(2026, 10, 5), lc=D(2026, 9, 9))
p["next"] = add_months(p["lc"], 36)
p["lics"][0].update(exp=D(2026, 10, 31), psv=D(2026, 8, 18))
p["dea"]["psv"], p["board"]["psv"] = D(2026, 8, 18), D(2026, 8, 19)
p["aetna_eff"] = D(2026, 10, 1)
# B5 ROSENZWEIG: Aetna effective 45 days after the start date
p = prov("1942203690"); p.update(start=D(2025, 3, 3)); p["aetna_eff"] = D(2025, 4, 17); p["bcbs_eff"] = D(2025, 3, 1)
# B6 BEAUDOIN: malpractice expires in 46 days
prov("1902808124")["mal"] = {"num": "PRA-230941", "exp": D(2027, 1, 15)}
# E1 SELTZER: CAQH attested 2026-08-22 -> due 2026-12-20 (20 days)
prov("1184620064")["caqh"] = D(2026, 8, 22)
# E2 HONOR: DEA expired 2026-10-31
prov("1831196161")["dea"]["exp"] = D(2026, 10, 31)
# E3 SABRA: DEA PSV date never entered
prov("1538161732")["dea"]["psv"] = None
# E4 CUMMINGS: new pediatrician, Medicare pending, not yet board certified
p = prov("1285630970"); p.update(start=D(2026, 8, 3), lc=D(2026, 7, 8), board=None)
p["next"] = add_months(p["lc"], 36)
for c in p["lics"] + [p["dea"]]:
    c["psv"] = D(2026, 6, 22)
p["aetna_eff"] = p["bcbs_eff"] = D(2026, 8, 1)
# E5 DAINIAK: CAQH attested 2026-07-10 -> lapsed 2026-11-07
prov("1154326833")["caqh"] = D(2026, 7, 10)
# E9 LUDWIG: DEA expires in 14 days
prov("1558368480")["dea"]["exp"] = D(2026, 12, 14)
# N1/X7 LAFAZIA: credentialed 2024-02-29, no Next Recredential -> due 2027-02-28 (90 days); PSV 150 days before (180-day window)
p = prov("1659377307"); p.update(lc=D(2024, 2, 29), next=None)
p["lics"][0]["psv"] = D(2023, 10, 2)
for c in [p["dea"], p["board"]]:
    c["psv"] = D(2023, 12, 5)
# near misses
prov("1740285097")["last"] = "Zalka-Brennan"           # hyphenated married name (NPPES / CT board: ZALKA)
prov("1104823897")["first"] = "José"                   # accent (NPPES: JOSE)
prov("1952305997")["status"] = "On Leave"              # On Leave = active
prov("1821092776")["term"] = D(2026, 12, 31)           # active, leaving 12/31/2026
p = prov("1033115712"); p.update(lc=D(2024, 3, 1), next=None)   # due 2027-03-01 = 91 days -> not reported
for c in p["lics"] + [p["dea"], p["board"]]:
    c["psv"] = D(2024, 1, 10)
prov("1255334207")["caqh"] = D(2026, 9, 2)              # CAQH due 2026-12-31 = 31 days -> outside the 30-day window
p = prov("1740283779"); p["lics"][0]["psv"] = p["lc"]   # PSV on the decision day itself
# the duplicate row of ANGUS (second location)
DUP_NPI = "1700881554"

for p in P.values():  # payer effective dates never after the (possibly overridden) start date, except where planted
    if p["npi"] != "1942203690":
        p["aetna_eff"] = min(p["aetna_eff"], p["start"])
    p["bcbs_eff"] = min(p["bcbs_eff"], p["start"])

# ----------------------------------------------------------------------------------------------- provider ids
order = sorted(P.values(), key=lambda p: (p["start"], p["npi"]))
for i, p in enumerate(order):
    p["pid"] = f"HV-{1001 + i}"
dup = dict(P[DUP_NPI])
dup.update(pid="HV-1061", middle="", start=D(2025, 1, 6), npi_cell=DUP_NPI)
dup["lics"] = [dict(l) for l in P[DUP_NPI]["lics"]]
ROSTER_ROWS = sorted(list(P.values()) + [dup], key=lambda p: (p["last"].upper(), p["first"].upper(), p["pid"]))

# ----------------------------------------------------------------------------------------------- writers
OUT.mkdir(exist_ok=True)
ROW = {}  # (source, key) -> row number

ROSTER_COLS = ["Provider ID", "NPI", "Last Name", "First Name", "Middle Name", "Suffix", "Degree", "Specialty", "Taxonomy",
               "DOB", "Tax ID", "Status", "Start Date", "Term Date", "Last Credentialed", "Next Recredential", "CAQH ID",
               "CAQH Attested", "License #", "License State", "License Issued", "License Exp", "License PSV Date",
               "License 2 #", "License 2 State", "License 2 Exp", "License 2 PSV Date", "DEA #", "DEA Exp", "DEA PSV Date",
               "Board Certification", "Board Cert Exp", "Board PSV Date", "Malpractice Policy #", "Malpractice Exp"]


def lic_cell(num):
    # purely numeric licence numbers without a leading zero were typed as numbers in Excel
    return int(num) if re.fullmatch(r"[1-9]\d*", num) and rng.random() < 0.5 else num


def write_roster():
    wb = Workbook()
    ws = wb.active
    ws.title = "Providers"
    ws["A1"] = f"{ORG} \u2014 Provider Roster"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Exported 11/28/2026 from the credentialing database"
    ws["A2"].font = Font(italic=True)
    for j, h in enumerate(ROSTER_COLS, 1):
        c = ws.cell(row=4, column=j, value=h)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4E78")
        c.alignment = Alignment(wrap_text=True, vertical="center")
    datefmt = "mm/dd/yyyy"
    for i, p in enumerate(ROSTER_ROWS):
        r = 5 + i
        ROW[("roster", p["pid"])] = r
        l1 = p["lics"][0] if p["lics"] else {}
        l2 = p["lics"][1] if len(p["lics"]) > 1 else {}
        dea, board, mal = p["dea"] or {}, p["board"] or {}, p["mal"] or {}
        vals = [p["pid"], p["npi_cell"], p["last"], p["first"], p["middle"] or None, p["suffix"] or None, p["degree"],
                p["specialty"], p["taxonomy"], p["dob"], p["tax_id"], p["status"], p["start"], p["term"], p["lc"], p["next"],
                p["caqh_id"], p["caqh"],
                lic_cell(l1["num"]) if l1 else None, l1.get("state"), l1.get("issued"), l1.get("exp"), l1.get("psv"),
                lic_cell(l2["num"]) if l2 else None, l2.get("state"), l2.get("exp"), l2.get("psv"),
                dea.get("num"), dea.get("exp"), dea.get("psv"),
                board.get("name"), board.get("exp"), board.get("psv"), mal.get("num"), mal.get("exp")]
        for j, v in enumerate(vals, 1):
            c = ws.cell(row=r, column=j, value=v if v != "" else None)
            if isinstance(v, dt.date):
                c.number_format = datefmt
            elif isinstance(v, int) and ROSTER_COLS[j - 1] in ("NPI", "CAQH ID", "License #", "License 2 #"):
                c.number_format = "0"
    widths = {"Provider ID": 10, "NPI": 12, "Specialty": 30, "Board Certification": 34, "Malpractice Policy #": 18}
    for j, h in enumerate(ROSTER_COLS, 1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(h, max(11, min(16, len(h) + 2)))
    ws.freeze_panes = "D5"
    ws.auto_filter.ref = f"A4:{get_column_letter(len(ROSTER_COLS))}{4 + len(ROSTER_ROWS)}"
    save_xlsx(wb, OUT / "roster.xlsx")


# ---- payers
AETNA_EXTRA = [  # (npi, status, eff, term, note)  -- not on the roster
    ("1497751168", "PAR", D(2023, 2, 1), None, "PLANTED: active with Aetna under our TIN, not on the roster"),
    ("1568467132", "Termed", D(2016, 7, 1), D(2024, 12, 31), "near miss: not active"),
]
BCBS_EXTRA = [("1710989025", "Terminated", D(2014, 4, 1), D(2025, 6, 30))]


def write_aetna():
    header = ["Rendering NPI", "Provider Last Name", "Provider First Name", "Payer Provider ID", "TIN", "Specialty", "State",
              "Participation Status", "Effective Date", "Term Date", "Comments"]
    rows = []
    for p in P.values():
        if p["npi"] == "1922004290":  # D1 MORGAN: no NPI, not enrolled yet
            continue
        last, first = p["last"], p["first"]
        spec = p["specialty"]
        status = "PAR" if rng.random() < 0.6 else "Participating"
        term = None
        comment = ""
        if p["npi"] == "1285633800":
            first = "Rob"
        if p["npi"] == "1295732279":
            last = "Fernandez"
        if p["npi"] == "1740285097":
            last = "Zalka-Brennan"
        if p["npi"] == "1104823897":
            first = "Jose"
        if p["npi"] == "1538161732":  # E3: names swapped
            last, first = p["first"], p["last"]
        if p["npi"] == "1831196161":  # E2: specialty
            spec = "Family Medicine"
        if p["npi"] == "1558368480":  # E9
            status, term, comment = "Termed", D(2026, 8, 31), "Termed - recredentialing file incomplete"
        if p["status"] == "Terminated" and p["npi"] != "1144227125":
            status, term = "Termed", p["term"]
        if p["npi"] == "1942203690":
            comment = "Effective date per Aetna welcome letter\nretro request denied"
        rows.append([p["npi"], last, first, p["aetna_id"], GROUP_TIN.replace("-", ""), spec.upper() if rng.random() < 0.5 else spec,
                     p["lics"][0]["state"], status, mdy(p["aetna_eff"]), mdy(term), comment])
    for npi, status, eff, term, _ in AETNA_EXTRA:
        r = NPPES_BY_NPI[npi]
        rows.append([npi, title_case(r["Provider Last Name (Legal Name)"]), title_case(r["Provider First Name"]),
                     f"AET{rng.randint(1000000, 9999999)}", GROUP_TIN.replace("-", ""), specialty_name(primary_taxonomy(r)),
                     r["Provider Business Practice Location Address State Name"], status, mdy(eff), mdy(term), ""])
    rows.sort(key=lambda r: (r[1].upper(), r[2].upper()))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    line = 2
    for r in rows:
        ROW[("aetna", r[0])] = line
        w.writerow(r)
        line += 1 + r[-1].count("\n")
    (OUT / "aetna_enrollment.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")


def ascii_upper(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).upper()


def write_bcbs():
    wb = Workbook()
    ws = wb.active
    ws.title = "Network Roster"
    ws["A1"] = f"Anthem Blue Cross and Blue Shield \u2014 Connecticut Network Roster \u2014 {ORG} \u2014 run date 11/16/2026"
    ws["A1"].font = Font(bold=True)
    header = ["Payer", "Line of Business", "Individual NPI", "Provider Name", "Network Status", "Eff Date", "Term Date", "Tax ID"]
    for j, h in enumerate(header, 1):
        ws.cell(row=2, column=j, value=h).font = Font(bold=True)
    rows = []
    for p in P.values():
        if "CT" not in {l["state"] for l in p["lics"]} or p["npi"] in ("1922004290", "1154326833"):
            continue
        name = f"{ascii_upper(p['last'])}, {ascii_upper(p['first'])}" + (f" {p['middle'][0].upper()}" if p["middle"] else "")
        status, eff, term, tin = "In Network", p["bcbs_eff"], None, GROUP_TIN
        if p["status"] == "Terminated":
            status, term = "Terminated", p["term"]
        if p["npi"] == "1851395651":
            status, eff = "Pending", None
        if p["npi"] == "1184620064":
            tin = "04-3321876"
        rows.append([p["npi"], name, status, eff, term, tin])
    for npi, status, eff, term in BCBS_EXTRA:
        r = NPPES_BY_NPI[npi]
        rows.append([npi, f"{r['Provider Last Name (Legal Name)']}, {r['Provider First Name']} {r['Provider Middle Name'][:1]}".strip(),
                     status, eff, term, GROUP_TIN])
    rows.sort(key=lambda r: r[1])
    for i, (npi, name, status, eff, term, tin) in enumerate(rows):
        rr = 3 + i
        ROW[("bcbs", npi)] = rr
        vals = ["Anthem BCBS CT", "Commercial; Medicare Advantage", int(npi) if i % 3 else npi, name, status, eff, term, tin]
        for j, v in enumerate(vals, 1):
            c = ws.cell(row=rr, column=j, value=v)
            if isinstance(v, dt.date):
                c.number_format = "m/d/yyyy"
            if j == 3 and isinstance(v, int):
                c.number_format = "0"
    for j, wdt in enumerate([16, 30, 14, 30, 15, 11, 11, 12], 1):
        ws.column_dimensions[get_column_letter(j)].width = wdt
    save_xlsx(wb, OUT / "bcbs_roster.xlsx")


PECOS_OTHERS = []


def write_pecos():
    header = "NPI,PECOS_ASCT_CNTL_ID,ENRLMT_ID,PROVIDER_TYPE_CD,PROVIDER_TYPE_DESC,STATE_CD,FIRST_NAME,MDL_NAME,LAST_NAME,ORG_NAME,GNDR_SW".split(",")
    rows = []
    skip = {"1922004290", "1285630970", "1154329134", "1518962034"}  # D1, E4 (missing), T2, T3
    for p in P.values():
        if p["npi"] in skip:
            continue
        states = [l["state"] for l in p["lics"]]
        if p["npi"] not in ("1821090119", "1437155181", "1639175466"):
            states = states[:1]
        first = p["nppes_first"]
        mid = p["nppes_middle"]
        if p["npi"] == "1093712226":  # KEIGWIN: legal name W SCOTT
            first, mid = "W", "SCOTT"
        last = p["nppes_last"]
        rows.append((p["npi"], p["taxonomy"], first, mid, last, p["gender"], states, p["start"]))
    pool = [r for r in NPPES_ROWS if r["NPI"] not in P and r["Provider Credential Text"].replace(".", "").replace(" ", "")[:2] in ("MD", "DO", "NP", "PA")
            and r["Provider Business Practice Location Address State Name"] in ("CT", "MA", "RI")]
    for r in rng.sample(pool, 40):
        PECOS_OTHERS.append(r["NPI"])
        rows.append((r["NPI"], primary_taxonomy(r), r["Provider First Name"], r["Provider Middle Name"].rstrip("."),
                     r["Provider Last Name (Legal Name)"], r["Provider Gender Code"],
                     [r["Provider Business Practice Location Address State Name"]], D(rng.randint(2005, 2022), rng.randint(1, 12), 1)))
    out = []
    for npi, tax, first, mid, last, g, states, start in rows:
        pac = str(rng.randint(1000000000, 9999999999))
        for st in states:
            enrl = start - dt.timedelta(days=rng.randint(30, 200))
            cd, desc = medicare_type(tax)
            out.append([npi, pac, f"I{enrl:%Y%m%d}{rng.randint(0, 999999):06d}", cd, desc, st, first, mid, last, "", g])
    out.sort(key=lambda r: (r[5], r[8], r[6], r[0]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for i, r in enumerate(out):
        ROW.setdefault(("medicare", r[0]), 2 + i)
        w.writerow(r)
    (OUT / "medicare_ppef.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")


# ---- boards
def roster_license_rows(state):
    """(provider, licence) for every roster licence in `state` (one per distinct provider)."""
    out = []
    for p in P.values():
        for l in p["lics"]:
            if l["state"] == state:
                out.append((p, l))
    return out


def norm_lic(s):
    return re.sub(r"[^A-Z0-9]", "", s.upper())


def loose_lic(s):
    return norm_lic(s).lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ").lstrip("0")


def other_licensees(state, n, kinds):
    taken_strict = {norm_lic(l["num"]) for p in P.values() for l in p["lics"] if l["state"] == state}
    taken_loose = {loose_lic(l["num"]) for p in P.values() for l in p["lics"] if l["state"] == state}
    if state == "CT":
        taken_strict.add("049070"); taken_loose.add("49070")
    pool = []
    for r in NPPES_ROWS:
        if r["NPI"] in P:
            continue
        cred = r["Provider Credential Text"].upper().replace(".", "").replace(" ", "")
        kind = None
        for k, pats in kinds.items():
            if any(re.search(pt, cred) for pt in pats):
                kind = k
                break
        if not kind:
            continue
        for num, st, _, _ in nppes_licenses(r):
            if st == state:
                if norm_lic(num) in taken_strict or loose_lic(num) in taken_loose:
                    continue
                taken_strict.add(norm_lic(num)); taken_loose.add(loose_lic(num))
                pool.append((r, num, kind))
                break
    return rng.sample(pool, n)


CT_CRED = {"MD": ("1", "PHYSICIAN/SURGEON"), "DO": ("1", "PHYSICIAN/SURGEON"), "APRN": ("35", "ADVANCED PRACTICE REGISTERED NURSE"),
           "PA": ("27", "PHYSICIAN ASSISTANT")}


def write_ct_board():
    header = ["CredentialId", "Name", "Type", "FullCredentialCode", "CredentialType", "CredentialNumber", "Credential", "Status",
              "StatusReason", "Active", "IssueDate", "EffectiveDate", "ExpirationDate", "City", "RecordRefreshedOn"]
    recs = []
    for p, l in roster_license_rows("CT"):
        if p["npi"] == "1245238260":  # B1: MANGION's CT licence is not in the board file
            continue
        num = "049070" if l["num"] == "49070" else l["num"]
        exp = D(2027, 10, 31) if p["npi"] == "1851395651" else l["exp"]
        first = p["first"].upper() if p["npi"] == "1104823897" else p["nppes_first"]
        name = " ".join(x for x in [first, p["nppes_middle"][:1], p["nppes_last"]] if x)
        if p["suffix"]:
            name += " " + p["suffix"].upper().rstrip(".")
        kind = {"MD": "MD", "DO": "DO", "APRN": "APRN", "NP": "APRN"}.get(p["degree"], "PA")
        issued = l["issued"] or D(2015, 6, 1)
        r = NPPES_BY_NPI[p["npi"]]
        recs.append([name, kind, num, "ACTIVE", "", "1", issued, exp, r["Provider Business Practice Location Address City Name"]])
    for r, num, kind in other_licensees("CT", 50, {"MD": [r"^MD", r"^MD,", r"MEDICALDOCTOR"], "DO": [r"^DO$"], "APRN": [r"APRN", r"^NP"], "PA": [r"^PA"]}):
        dob_m = rng.randint(1, 12)
        status, reason, active = "ACTIVE", "", "1"
        exp = month_end(2027, dob_m)
        u = rng.random()
        if u < 0.12:
            status, reason, active, exp = "INACTIVE", "LAPSED DUE TO NON-RENEWAL", "0", month_end(rng.randint(2019, 2025), dob_m)
        elif u < 0.16:
            status, reason, active, exp = "INACTIVE", "RETIRED", "0", month_end(rng.randint(2016, 2024), dob_m)
        name = " ".join(x for x in [r["Provider First Name"], r["Provider Middle Name"][:1], r["Provider Last Name (Legal Name)"]] if x)
        num = num.zfill(6) if num.isdigit() else num
        recs.append([name, kind, num, status, reason, active, D(rng.randint(1985, 2016), rng.randint(1, 12), rng.randint(1, 28)), exp,
                     r["Provider Business Practice Location Address City Name"]])
    recs.sort(key=lambda r: r[0])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    cid = 0
    for i, (name, kind, num, status, reason, active, issued, exp, city) in enumerate(recs):
        ctype, cred = CT_CRED[kind]
        cid += rng.randint(40, 4000)
        ROW[("ct_board", num)] = 2 + i
        w.writerow([str(1203000 + cid), name, "INDIVIDUAL", f"{ctype}.{num}", ctype, num, cred, status, reason, active,
                    mdy(issued), mdy(issued), mdy(exp), city, "11/27/2026"])
    (OUT / "ct_board_licenses.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


MA_TYPE = {"MD": "Physician", "DO": "Physician", "NP": "Nurse Practitioner", "APRN": "Nurse Practitioner", "PA-C": "Physician Assistant",
           "PA": "Physician Assistant", "DMD": "Dentist", "PT": "Physical Therapist"}


def write_ma_board():
    header = ["License Number", "Last Name", "First Name", "License Type", "Status", "Issue Date", "Expiration Date", "Discipline"]
    recs = []
    for p, l in roster_license_rows("MA"):
        last = p["last"] if p["npi"] != "1740285097" else p["nppes_last"].title()
        first = p["first"]
        status, disc = "Active", "N"
        if p["npi"] == "1295732279":
            last = "Kerr-Fern\u00e1ndez"
        if p["npi"] == "1902808124":
            first = "Steven"
        if p["npi"] == "1831197896":
            status = "Inactive"
        if p["npi"] == "1609872571":
            disc = "Y"
        issued = l["issued"] or D(2016, 3, 1)
        if p["npi"] == "1841297603":
            issued = D(2026, 5, 20)
        recs.append([l["num"], last, first, MA_TYPE[p["degree"]], status, issued, l["exp"], disc])
    kinds = {"MD": [r"^MD", r"^MD,"], "DO": [r"^DO$"], "NP": [r"^NP", r"FNP", r"^ANP"], "PA": [r"^PA"]}
    others = other_licensees("MA", 48, kinds)
    for npi, kind in (("1982607305", "DMD"), ("1184621617", "PT")):  # Raúl García, René Psichos (accented)
        r = NPPES_BY_NPI[npi]
        others.append((r, nppes_licenses(r)[0][0], kind))
    for r, num, kind in others:
        last, first = r["Provider Last Name (Legal Name)"].title(), r["Provider First Name"].title()
        if r["NPI"] == "1982607305":
            last, first = "Garc\u00eda", "Ra\u00fal"
        if r["NPI"] == "1184621617":
            first = "Ren\u00e9"
        u = rng.random()
        status, disc = "Active", "N"
        dob = D(rng.randint(1950, 1990), rng.randint(1, 12), rng.randint(1, 28))
        exp = D(rng.choice([2027, 2028]), dob.month, dob.day)
        if u < 0.10:
            status, exp = "Expired", D(rng.randint(2018, 2025), dob.month, dob.day)
        elif u < 0.14:
            status, exp = "Inactive", D(rng.randint(2020, 2025), dob.month, dob.day)
        elif u < 0.16:
            status, disc, exp = "Revoked", "Y", D(rng.randint(2015, 2024), dob.month, dob.day)
        recs.append([num, last, first, MA_TYPE.get(kind, "Physician"), status,
                     D(rng.randint(1985, 2016), rng.randint(1, 12), rng.randint(1, 28)), exp, disc])
    recs.sort(key=lambda r: (r[1].upper(), r[2].upper()))
    lines = ["|".join(header)]
    for i, r in enumerate(recs):
        ROW[("ma_board", r[0])] = 2 + i
        lines.append("|".join([r[0], r[1], r[2], r[3], r[4], r[5].strftime("%m%d%Y"), r[6].strftime("%m%d%Y"), r[7]]))
    (OUT / "ma_board_export.txt").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# ---- NPPES
NPPES_OTHERS = []


def write_nppes():
    header = ["Provider Sex Code" if h == "Provider Gender Code" else h for h in NPPES_HEADER_2018]
    i = header.index("Healthcare Provider Taxonomy Group_15")
    header.insert(i + 1, "Certification Date")
    assert len(header) == 330
    npis = [n for n in P if n != "1659377307"]  # N1 LAFAZIA: not in this NPPES extract
    pool = [r["NPI"] for r in NPPES_ROWS if r["NPI"] not in P]
    extra = set(rng.sample(pool, 96)) | {n for n, *_ in AETNA_EXTRA} | {n for n, *_ in BCBS_EXTRA}
    NPPES_OTHERS.extend(sorted(extra))
    out = []
    for npi in sorted(set(npis) | extra):
        r = dict(NPPES_BY_NPI[npi])
        r["Provider Sex Code"] = r.pop("Provider Gender Code")
        r["Certification Date"] = mdy(rdate(D(2024, 1, 10), D(2026, 10, 30))) if rng.random() < 0.7 else ""
        if npi == "1437153061":  # N2 TIMBERLAKE
            r["NPI Deactivation Date"] = "08/14/2026"
            r["Last Update Date"] = "08/14/2026"
        out.append([r[h] for h in header])
    with open(OUT / "npidata_pfile_sample.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(header)
        for k, row in enumerate(out):
            ROW[("nppes", row[0])] = 2 + k
            w.writerow(row)


# ---- LEIE
def leie_line(vals):
    return ",".join('"' + v + '"' for v in vals)


def planted_leie():
    z, f, lu, mg, bl = (prov(n) for n in ("1588662985", "1992701932", "1568460186", "1649273970", "1013919125"))
    return [
        ["ZASLOW", "MICHAEL", "C", "", "MEDICAL PRACTICE, MD", "INTERNAL MEDICINE", "", "1588662985", f"{z['dob']:%Y%m%d}",
         "12 CHURCH STREET", "WINCHESTER", "MA", "01890", "1128b4", "20260918", "00000000", "00000000", ""],
        ["FISCHER", "MICHAEL", "B", "", "MEDICAL PRACTICE, MD", "INTERNAL MEDICINE", "", "0000000000", f"{f['dob']:%Y%m%d}",
         "2150 OCEAN PKWY, APT 4C", "BROOKLYN", "NY", "11223", "1128a1", "20190320", "00000000", "00000000", ""],
        ["LU", "STEVEN", "", "", "IND- LIC HC SERV PRO", "NURSE/NURSES AIDE", "", "0000000000", "19870612",
         "45 GOSHEN ROAD", "WATERFORD", "CT", "06385", "1128a1", "20210818", "00000000", "00000000", ""],
        ["MIGDOW", "JEFFREY", "A", "", "MEDICAL PRACTICE, MD", "FAMILY PRACTICE", "", "1649273970", f"{mg['dob']:%Y%m%d}",
         "16 CHURCH STREET", "LENOX", "MA", "01240", "1128b14", "20220315", "20250601", "00000000", ""],
        ["BLOOM", "STEVEN", "", "", "IND- LIC HC SERV PRO", "PHARMACIST", "", "0000000000", "",
         "8800 NW 36TH ST", "DORAL", "FL", "33178", "1128a1", "20180920", "00000000", "00000000", ""],
    ]


def write_leie():
    raw = (REAL / "oig-leie/UPDATED.csv").read_bytes().decode("ascii")
    lines = raw.split("\r\n")
    header, data = lines[0], [l for l in lines[1:] if l]
    parsed = [next(csv.reader([l])) for l in data]
    biz = [i for i, r in enumerate(parsed) if not r[0]]
    ind = [i for i, r in enumerate(parsed) if r[0]]
    keep = set(biz[::6]) | set(ind[::2])
    # real rows that would collide with a roster name are dropped (none are expected; checked below)
    roster_names = {(norm_join(p["last"]), norm_join(p["first"])) for p in P.values()}
    kept = [(parsed[i], data[i]) for i in sorted(keep)]
    for r, _ in kept:
        assert (norm_join(r[0]), norm_join(r[1])) not in roster_names
    rows = [(r, t, False) for r, t in kept]
    for pr in planted_leie():  # the file is ordered by LASTNAME, businesses (no LASTNAME) first
        pos = next((i for i, (r, _, _) in enumerate(rows) if r[0] and (r[0], r[1]) > (pr[0], pr[1])), len(rows))
        rows.insert(pos, (pr, leie_line(pr), True))
    out = [header]
    for k, (r, text, planted) in enumerate(rows):
        if planted:
            ROW[("oig_leie", r[0])] = 2 + k
        out.append(text)
    (OUT / "leie_slice.csv").write_bytes(("\r\n".join(out) + "\r\n").encode("ascii"))
    return len(kept)


# ---- CT Medicaid exclusions
def write_ct_exclusions():
    wb = load_workbook(REAL / "state-medicaid-exclusions/Connecticut.xlsx")
    ws = wb.active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    fmt = ws.cell(row=2, column=5).number_format
    keep = [r for i, r in enumerate(rows) if not (r[0] or "").startswith("Zamani") or i % 4 == 0]
    keep = [r for i, r in enumerate(keep) if i % 5 != 3]
    planted = [
        ["Roth, Monique", None, "LPC", ", Greenwich, CT, 06830", dt.datetime(2024, 11, 20), "Indefinite", "Exclusion"],
        ["Flynn, Kelly", None, "PCA", ", Bristol, CT, 06010", dt.datetime(2025, 5, 14), "Indefinite", "Exclusion"],
    ]
    allrows = list(keep)
    for pr in planted:  # keep the list's own order, insert by name
        pos = next((i for i, r in enumerate(allrows) if (r[0] or "").upper() > pr[0].upper()), len(allrows))
        allrows.insert(pos, pr)
    ws.delete_rows(2, ws.max_row)
    for i, r in enumerate(allrows):
        rr = 2 + i
        if r[0] in ("Roth, Monique", "Flynn, Kelly"):
            ROW[("ct_medicaid", r[0])] = rr
        for j, v in enumerate(r, 1):
            c = ws.cell(row=rr, column=j, value=v)
            if j == 5 and v is not None:
                c.number_format = fmt
    save_xlsx(wb, OUT / "ct_medicaid_exclusions.xlsx")
    return len(keep)


# ----------------------------------------------------------------------------------------------- name rules (SPEC 3.3)
TITLE_TOKENS = {"JR", "SR", "II", "III", "IV", "MD", "DO", "PHD", "NP", "PA", "RN", "DR", "MR", "MRS", "MS"}


def name_tokens(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).upper()
    toks = re.sub(r"[^A-Z]", " ", s).split()
    kept = [t for t in toks if t not in TITLE_TOKENS]
    return kept if kept else toks


def norm_join(s):
    return " ".join(name_tokens(s))


def last_match(src, ros, trunc=0, raw_src=None):
    a, b = name_tokens(src), name_tokens(ros)
    if not a or not b:
        return False
    if a == b or set(a) <= set(b) or set(b) <= set(a):
        return True
    if trunc and raw_src is not None and len(raw_src.strip()) == trunc and " ".join(b).startswith(" ".join(a)):
        return True
    return False


def first_match(src, ros, trunc=0, raw_src=None):
    a, b = norm_join(src), norm_join(ros)
    if not a or not b:
        return False
    if a == b:
        return True
    s, l = sorted([a, b], key=len)
    if len(s) == 1 and l.startswith(s):
        return True
    if len(s) >= 3 and l.startswith(s):
        return True
    if trunc and raw_src is not None and len(raw_src.strip()) == trunc and b.startswith(a):
        return True
    return False


def split_full(s, order="first_last"):
    s = s or ""
    if "," in s:
        last, rest = s.split(",", 1)
        t = name_tokens(rest)
        return norm_join(last), (t[0] if t else ""), " ".join(t[1:])
    t = name_tokens(s)
    if not t:
        return "", "", ""
    if order == "last_first":
        return t[0], (t[1] if len(t) > 1 else ""), " ".join(t[2:])
    return (t[-1] if len(t) > 1 else ""), t[0], " ".join(t[1:-1])


# ----------------------------------------------------------------------------------------------- independent checker
NONE_DATES = {"", "00000000", "N/A", "NULL", "NONE"}


class BadDate(Exception):
    pass


def parse_date(v, fmt=None):
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)):
        return D(1899, 12, 30) + dt.timedelta(days=int(v))
    s = str(v).strip()
    if s.upper() in NONE_DATES:
        return None
    fmts = [fmt] if fmt else ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y%m%d", "%Y-%m-%d %H:%M:%S"]
    for f in fmts:
        try:
            return dt.datetime.strptime(s, f).date()
        except ValueError:
            pass
    raise BadDate(s)


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_csv_records(path, encoding="utf-8-sig", delimiter=","):
    text = Path(path).read_bytes().decode(encoding)
    rdr = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, prev = [], 0
    for rec in rdr:
        out.append((prev + 1, rec))
        prev = rdr.line_num
    header = out[0][1]
    return [(line, dict(zip(header, rec))) for line, rec in out[1:]]


def read_sheet(path, sheet, header_row):
    ws = load_workbook(path)[sheet] if sheet else load_workbook(path).active
    header = [cell_text(c.value) for c in ws[header_row]]
    out = []
    for r in range(header_row + 1, ws.max_row + 1):
        vals = [c.value for c in ws[r]]
        if all(v is None for v in vals):
            continue
        out.append((r, dict(zip(header, vals))))
    return out


ROSTER_STATUS = {"ACTIVE": "active", "A": "active", "CURRENT": "active", "ON LEAVE": "active",
                 "TERMINATED": "terminated", "TERMED": "terminated", "INACTIVE": "terminated", "T": "terminated", "RESIGNED": "terminated"}
ENR_STATUS = {"ACTIVE": "active", "PARTICIPATING": "active", "PAR": "active", "IN NETWORK": "active", "APPROVED": "active",
              "EFFECTIVE": "active", "PENDING": "pending", "IN PROCESS": "pending", "SUBMITTED": "pending", "APPLIED": "pending",
              "TERMINATED": "terminated", "TERMED": "terminated", "INACTIVE": "terminated", "CLOSED": "terminated",
              "DENIED": "denied", "REJECTED": "denied"}
BOARD_ACTIVE = {"ACTIVE", "CURRENT", "CLEAR", "CURRENT/ACTIVE", "PROBATION"}
BOARD_INACTIVE = {"EXPIRED", "INACTIVE", "LAPSED", "DELINQUENT", "SUSPENDED", "REVOKED", "SURRENDERED", "DECEASED", "CANCELLED", "RETIRED"}
SEV = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def check():
    """Apply SPEC section 4 to the files in samples/ and return (findings, cleared_by_dob)."""
    F = []
    cleared = 0

    def add(code, sev, pid="", npi="", ctype="", state="", payer="", field="", source="", row="", **extra):
        F.append(dict(code=code, severity=sev, provider_id=pid, npi=npi, credential_type=ctype, state=state, payer=payer,
                      field=field, source=source, source_row=row, **extra))

    # ---- roster
    roster = []
    groups = [("state_license", "License #", "License State", "License Exp", "License PSV Date"),
              ("state_license", "License 2 #", "License 2 State", "License 2 Exp", "License 2 PSV Date"),
              ("dea", "DEA #", None, "DEA Exp", "DEA PSV Date"),
              ("board_certification", "Board Certification", None, "Board Cert Exp", "Board PSV Date"),
              ("malpractice", "Malpractice Policy #", None, "Malpractice Exp", None)]
    date_fields = {"DOB": "dob", "Start Date": "start_date", "Term Date": "termination_date", "Last Credentialed": "last_credentialed_date",
                   "Next Recredential": "next_recredential_date", "CAQH Attested": "caqh_attestation_date", "License Issued": "issue_date",
                   "License Exp": "expiration_date", "License PSV Date": "verified_date", "License 2 Exp": "expiration_date",
                   "License 2 PSV Date": "verified_date", "DEA Exp": "expiration_date", "DEA PSV Date": "verified_date",
                   "Board Cert Exp": "expiration_date", "Board PSV Date": "verified_date", "Malpractice Exp": "expiration_date"}
    for row, rec in read_sheet(OUT / "roster.xlsx", "Providers", 4):
        x = {"row": row, "pid": cell_text(rec["Provider ID"]), "npi": re.sub(r"[\s-]", "", cell_text(rec["NPI"])),
             "last": cell_text(rec["Last Name"]), "first": cell_text(rec["First Name"]), "degree": cell_text(rec["Degree"]),
             "specialty": cell_text(rec["Specialty"]), "tax_id": cell_text(rec["Tax ID"]), "status_raw": cell_text(rec["Status"])}
        dates = {}
        for h in date_fields:
            try:
                dates[h] = parse_date(rec[h])
            except BadDate as e:
                dates[h] = None
                add("INVALID_DATE", "medium", x["pid"], x["npi"], field=date_fields[h], source="roster", row=row, raw=str(e))
        x["dates"] = dates
        st = ROSTER_STATUS.get(x["status_raw"].upper())
        if st is None:
            add("UNRECOGNIZED_VALUE", "medium", x["pid"], x["npi"], field="status", source="roster", row=row)
        x["status"] = st
        creds = []
        for ctype, num, sth, exph, psvh in groups:
            n = cell_text(rec[num])
            if not n and dates[exph] is None:
                continue
            creds.append({"type": ctype, "num": n, "state": cell_text(rec[sth]) if sth else "", "exp": dates[exph],
                          "psv": dates[psvh] if psvh else None, "has_psv_col": psvh is not None})
        x["creds"] = creds
        if not x["npi"]:
            add("NPI_MISSING", "high", x["pid"], "", field="npi", source="roster", row=row)
            x["valid"] = False
        elif not luhn_ok(x["npi"]):
            add("NPI_INVALID", "high", x["pid"], x["npi"], field="npi", source="roster", row=row)
            x["valid"] = False
        else:
            x["valid"] = True
        roster.append(x)
    seen = {}
    for x in roster:
        if x["npi"]:
            seen.setdefault(x["npi"], []).append(x)
    for npi, xs in seen.items():
        if len(xs) > 1:
            add("DUPLICATE_PROVIDER", "medium", xs[0]["pid"], npi, field="npi", source="roster", row=xs[0]["row"])
    roster_npis = {x["npi"] for x in roster if x["npi"]}

    def checked(x):
        t = x["dates"]["Term Date"]
        return x["status"] == "active" and not (t and t <= AS_OF)

    # ---- NPPES
    nppes = {}
    for line, r in read_csv_records(OUT / "npidata_pfile_sample.csv"):
        lic = {(norm_lic(r[f"Provider License Number_{i}"]), r[f"Provider License Number State Code_{i}"])
               for i in range(1, 16) if r[f"Provider License Number_{i}"]}
        nppes[r["NPI"]] = dict(line=line, last=r["Provider Last Name (Legal Name)"], first=r["Provider First Name"],
                               deact=parse_date(r["NPI Deactivation Date"]), react=parse_date(r["NPI Reactivation Date"]), lic=lic)
        assert len(r) == 330

    # ---- boards
    boards = {"CT": [], "MA": []}
    for line, r in read_csv_records(OUT / "ct_board_licenses.csv", "utf-8-sig"):
        last, first, _ = split_full(r["Name"])
        boards["CT"].append(dict(src="ct_board", line=line, num=r["CredentialNumber"], last=last, first=first, status=r["Status"],
                                 disc="", exp=parse_date(r["ExpirationDate"])))
        parse_date(r["IssueDate"])
    for line, r in read_csv_records(OUT / "ma_board_export.txt", "cp1252", "|"):
        boards["MA"].append(dict(src="ma_board", line=line, num=r["License Number"], last=r["Last Name"], first=r["First Name"],
                                 status=r["Status"], disc=r["Discipline"], exp=parse_date(r["Expiration Date"], "%m%d%Y")))
        parse_date(r["Issue Date"], "%m%d%Y")
    for recs in boards.values():
        for b in recs:
            assert b["status"].upper() in BOARD_ACTIVE | BOARD_INACTIVE, b

    # ---- enrollment sources
    enroll = {}  # source -> list of rows
    rows = []
    for line, r in read_csv_records(OUT / "aetna_enrollment.csv"):
        rows.append(dict(line=line, npi=r["Rendering NPI"], payer="Aetna", last=r["Provider Last Name"], first=r["Provider First Name"],
                         tin=r["TIN"], spec=r["Specialty"], status=r["Participation Status"], eff=parse_date(r["Effective Date"]),
                         term=parse_date(r["Term Date"])))
    enroll["aetna"] = dict(rows=rows, scope="organization", states=None)
    rows = []
    for line, r in read_sheet(OUT / "bcbs_roster.xlsx", "Network Roster", 2):
        last, first, _ = split_full(cell_text(r["Provider Name"]))
        rows.append(dict(line=line, npi=cell_text(r["Individual NPI"]), payer=cell_text(r["Payer"]), last=last, first=first,
                         tin=cell_text(r["Tax ID"]), spec="", status=cell_text(r["Network Status"]), eff=parse_date(r["Eff Date"]),
                         term=parse_date(r["Term Date"])))
    enroll["bcbs"] = dict(rows=rows, scope="organization", states={"CT"})
    rows = []
    for line, r in read_csv_records(OUT / "medicare_ppef.csv", "latin-1"):
        rows.append(dict(line=line, npi=r["NPI"], payer="Medicare", last=r["LAST_NAME"], first=r["FIRST_NAME"], tin="", spec="",
                         status="Active", eff=None, term=None))
    enroll["medicare"] = dict(rows=rows, scope="national", states=None)
    for src in enroll.values():
        for e in src["rows"]:
            assert e["status"].upper() in ENR_STATUS, e
            e["st"] = ENR_STATUS[e["status"].upper()]
            e["active"] = e["st"] == "active" and (e["eff"] is None or e["eff"] <= AS_OF) and (e["term"] is None or e["term"] > AS_OF)

    # ---- exclusions
    excl = {"oig_leie": [], "ct_medicaid": []}
    for line, r in read_csv_records(OUT / "leie_slice.csv", "ascii"):
        excl["oig_leie"].append(dict(line=line, last=r["LASTNAME"], first=r["FIRSTNAME"], raw_last=r["LASTNAME"], raw_first=r["FIRSTNAME"],
                                     npi="" if r["NPI"] in ("", "0000000000") else r["NPI"], dob=parse_date(r["DOB"], "%Y%m%d") if r["DOB"] else None,
                                     state=r["STATE"], excl=parse_date(r["EXCLDATE"], "%Y%m%d"), rein=parse_date(r["REINDATE"], "%Y%m%d"), trunc=True))
        parse_date(r["WAIVERDATE"], "%Y%m%d")
    for line, r in read_sheet(OUT / "ct_medicaid_exclusions.xlsx", None, 1):
        last, first, _ = split_full(cell_text(r["Name"]))
        excl["ct_medicaid"].append(dict(line=line, last=last, first=first, raw_last=None, raw_first=None, npi="", dob=None, state="CT",
                                        excl=parse_date(r["Effective Date"]), rein=None, trunc=False))
        # the same person under the other reading of "FIRST MIDDLE" ("Mary Ann" as one first name) must not match either
        rest = cell_text(r["Name"]).split(",", 1)[1] if "," in cell_text(r["Name"]) else ""
        excl["ct_medicaid"][-1]["first_alt"] = norm_join(rest)

    # ---- per-provider rules
    for x in roster:
        if x["status"] == "terminated":
            for sname, src in enroll.items():
                if src["scope"] != "organization":
                    continue
                act = [e for e in src["rows"] if e["npi"] == x["npi"] and e["active"]]
                if x["valid"] and act:
                    add("ENROLLED_AFTER_TERMINATION", "high", x["pid"], x["npi"], payer=act[0]["payer"], source=sname, row=act[0]["line"])
        if not checked(x):
            continue
        pid, npi = x["pid"], x["npi"] if x["npi"] else ""
        lic_creds = [c for c in x["creds"] if c["type"] == "state_license"]
        states = {c["state"] for c in lic_creds if c["state"]}
        if x["valid"]:
            n = nppes.get(npi)
            if n is None:
                add("NPI_NOT_FOUND", "high", pid, npi, source="nppes", row="")
            else:
                if n["deact"] and n["deact"] <= AS_OF and not (n["react"] and n["react"] > n["deact"] and n["react"] <= AS_OF):
                    add("NPI_DEACTIVATED", "critical", pid, npi, source="nppes", row=n["line"])
                if not (last_match(n["last"], x["last"]) and first_match(n["first"], x["first"])):
                    add("NAME_MISMATCH", "medium", pid, npi, source="nppes", row=n["line"])
                for c in lic_creds:
                    if (norm_lic(c["num"]), c["state"]) not in n["lic"]:
                        add("NPPES_LICENSE_MISSING", "low", pid, npi, "state_license", c["state"], source="nppes", row=n["line"], number=c["num"])
        # boards
        name_done = set()
        for c in lic_creds:
            c["eff_exp"] = c["exp"]
            c["exp_src"] = ("roster", x["row"])
            if c["state"] not in boards:
                continue
            recs = boards[c["state"]]
            hit = [b for b in recs if norm_lic(b["num"]) == norm_lic(c["num"])]
            srcname = "ct_board" if c["state"] == "CT" else "ma_board"
            if not hit:
                hit = [b for b in recs if loose_lic(b["num"]) == loose_lic(c["num"]) and loose_lic(c["num"])]
                if hit:
                    add("LICENSE_NUMBER_MISMATCH", "low", pid, npi, "state_license", c["state"], source=srcname, row=hit[0]["line"], number=c["num"])
            if not hit:
                add("LICENSE_NOT_FOUND", "high", pid, npi, "state_license", c["state"], source=srcname, row="", number=c["num"])
                continue
            b = hit[0]
            stv = b["status"].upper()
            if stv not in BOARD_ACTIVE:
                add("LICENSE_NOT_ACTIVE", "critical", pid, npi, "state_license", c["state"], source=srcname, row=b["line"], number=c["num"])
            if stv == "PROBATION" or (b["disc"].strip() and b["disc"].strip().upper() not in ("N", "NO", "NONE", "0")):
                add("LICENSE_DISCIPLINE", "high", pid, npi, "state_license", c["state"], source=srcname, row=b["line"], number=c["num"])
            if b["exp"] and c["exp"] and b["exp"] != c["exp"]:
                add("LICENSE_EXPIRATION_MISMATCH", "medium", pid, npi, "state_license", c["state"], source=srcname, row=b["line"], number=c["num"])
            if b["exp"]:
                c["eff_exp"] = b["exp"]
                c["exp_src"] = (srcname, b["line"])
            if srcname not in name_done and not (last_match(b["last"], x["last"]) and first_match(b["first"], x["first"])):
                name_done.add(srcname)
                add("NAME_MISMATCH", "medium", pid, npi, source=srcname, row=b["line"])
        # expirations
        def expiry(ctype, due, src, row, state="", number=""):
            if due is None:
                return
            days = (due - AS_OF).days
            window = 30 if ctype == "caqh_attestation" else 90
            if due < AS_OF:
                add("CREDENTIAL_EXPIRED", "high" if ctype in ("board_certification", "caqh_attestation") else "critical", pid, npi, ctype, state,
                    source=src, row=row, due_date=due, days_left=days, number=number)
            elif days <= window:
                add("CREDENTIAL_EXPIRING", "high" if days <= 30 else "medium", pid, npi, ctype, state, source=src, row=row,
                    due_date=due, days_left=days, number=number)
        for c in x["creds"]:
            if c["type"] == "state_license":
                expiry(c["type"], c["eff_exp"], c["exp_src"][0], c["exp_src"][1], c["state"], c["num"])
            else:
                expiry(c["type"], c["exp"], "roster", x["row"], number=c["num"])
        ca = x["dates"]["CAQH Attested"]
        if ca:
            expiry("caqh_attestation", ca + dt.timedelta(days=120), "roster", x["row"])
        lc = x["dates"]["Last Credentialed"]
        due = x["dates"]["Next Recredential"] or (add_months(lc, 36) if lc else None)
        expiry("recredentialing", due, "roster", x["row"])
        req = ["state_license", "dea", "board_certification", "malpractice"] if x["degree"] in ("MD", "DO") else ["state_license", "malpractice"]
        have = {c["type"] for c in x["creds"]}
        for t in req:
            if t not in have:
                add("CREDENTIAL_MISSING", "high", pid, npi, t, source="roster", row=x["row"])
        # PSV
        if lc:
            window = 180 if lc < D(2025, 7, 1) else 120
            for c in x["creds"]:
                if c["type"] not in ("state_license", "dea", "board_certification"):
                    continue
                if c["psv"] is None:
                    add("PSV_MISSING", "medium", pid, npi, c["type"], c["state"], source="roster", row=x["row"], number=c["num"])
                elif c["psv"] > lc or (lc - c["psv"]).days > window:
                    add("PSV_STALE", "high", pid, npi, c["type"], c["state"], source="roster", row=x["row"], number=c["num"])
        # enrollment
        if x["valid"]:
            for sname, src in enroll.items():
                mine = [e for e in src["rows"] if e["npi"] == npi]
                expected = src["states"] is None or bool(states & src["states"])
                payer = {"aetna": "Aetna", "bcbs": "Anthem BCBS CT", "medicare": "Medicare"}[sname]
                if not mine:
                    if expected:
                        add("ENROLLMENT_MISSING", "high", pid, npi, payer=payer, source=sname, row="")
                    continue
                act = [e for e in mine if e["active"]]
                if not act:
                    latest = max(mine, key=lambda e: (e["eff"] or D(1900, 1, 1), e["line"]))
                    add("ENROLLMENT_NOT_ACTIVE", "high", pid, npi, payer=payer, source=sname, row=latest["line"])
                start = x["dates"]["Start Date"]
                for e in act:
                    if start and e["eff"] and e["eff"] > start:
                        add("ENROLLMENT_EFFECTIVE_GAP", "medium", pid, npi, payer=payer, source=sname, row=e["line"], gap_days=(e["eff"] - start).days)
                for e in mine:
                    if e["tin"] and x["tax_id"] and re.sub(r"\D", "", e["tin"]) != re.sub(r"\D", "", x["tax_id"]):
                        add("ENROLLMENT_FIELD_MISMATCH", "low", pid, npi, payer=payer, field="tax_id", source=sname, row=e["line"])
                    if e["spec"] and x["specialty"] and norm_join(e["spec"]) != norm_join(x["specialty"]):
                        add("ENROLLMENT_FIELD_MISMATCH", "low", pid, npi, payer=payer, field="specialty", source=sname, row=e["line"])
                bad = [e for e in mine if not (last_match(e["last"], x["last"]) and first_match(e["first"], x["first"]))]
                if bad:
                    add("NAME_MISMATCH", "medium", pid, npi, payer=payer, source=sname, row=bad[0]["line"])
        # exclusions
        dob = x["dates"]["DOB"]
        for sname, rows_ in excl.items():
            best = None
            for e in rows_:
                if not ((e["excl"] is None or e["excl"] <= AS_OF) and (e["rein"] is None or e["rein"] > AS_OF)):
                    continue
                tier = None
                if x["valid"] and e["npi"] and e["npi"] == npi:
                    tier = 2
                elif e["last"] and e["first"]:
                    tl = 20 if e["trunc"] else 0
                    tf = 15 if e["trunc"] else 0
                    fm = first_match(e["first"], x["first"], tf, e["raw_first"]) or (e.get("first_alt") and first_match(e["first_alt"], x["first"]))
                    if last_match(e["last"], x["last"], tl, e["raw_last"]) and fm:
                        if dob and e["dob"]:
                            if dob == e["dob"]:
                                tier = 2
                            else:
                                cleared += 1
                        elif not e["state"] or not states or e["state"] in states:
                            tier = 1
                if tier and (best is None or tier > best[0]):
                    best = (tier, e)
            if best:
                add("EXCLUSION_MATCH" if best[0] == 2 else "EXCLUSION_POSSIBLE_MATCH", "critical" if best[0] == 2 else "high",
                    pid, npi, source=sname, row=best[1]["line"])
    # ENROLLED_NOT_ON_ROSTER
    for sname, src in enroll.items():
        if src["scope"] != "organization":
            continue
        for e in src["rows"]:
            if e["active"] and e["npi"] not in roster_npis:
                add("ENROLLED_NOT_ON_ROSTER", "medium", "", e["npi"], payer=e["payer"], source=sname, row=e["line"])
    return F, cleared


# ----------------------------------------------------------------------------------------------- expected list
def expected():
    E = []

    def pidof(npi, second=False):
        for x in ROSTER_ROWS:
            if x["npi"] == npi and (not second or x["pid"] == "HV-1061"):
                return x["pid"]

    def rr(npi):
        return ROW[("roster", pidof(npi))]

    def add(code, sev, npi, reason, ctype="", state="", payer="", field="", source="roster", row=None, number="", due="", extra=""):
        pid = (pidof(npi) or "") if npi else ""
        shown_npi = npi
        if npi == "1922004290":
            shown_npi = ""
        if npi == "1275530701" and code == "NPI_INVALID":
            shown_npi = "1275537001"
        E.append(dict(code=code, severity=sev, provider_id=pid, npi=shown_npi, credential_type=ctype, state=state, payer=payer, field=field,
                      source=source, source_row=row if row is not None else (rr(npi) if source == "roster" else ""), reason=reason,
                      number=number, due=due, extra=extra))

    N = {k: v for k, v in [("ROBBINS", "1144227125"), ("KERSTEN", "1912903030"), ("MORGAN", "1922004290"), ("QUERNER", "1275530701"),
                           ("ANGUS", "1700881554"), ("LAFAZIA", "1659377307"), ("TIMBERLAKE", "1437153061"), ("KEIGWIN", "1093712226"),
                           ("STEINBERG", "1841297603"), ("MANGION", "1245238260"), ("FLYNN", "1831197896"), ("GOLDEN", "1609872571"),
                           ("GOLUB", "1851395651"), ("ROSENZWEIG", "1942203690"), ("BEAUDOIN", "1902808124"), ("SELTZER", "1184620064"),
                           ("HONOR", "1831196161"), ("SABRA", "1538161732"), ("CUMMINGS", "1285630970"), ("DAINIAK", "1154326833"),
                           ("LUDWIG", "1558368480"), ("ZASLOW", "1588662985"), ("FISCHER", "1992701932")]}
    # data quality
    add("NPI_MISSING", "high", N["MORGAN"], "New APRN (start 09/08/2026); NPI cell left blank. NPI-joined rules (NPPES, enrollment, NPI exclusion tier) skip her.", field="npi")
    add("NPI_INVALID", "high", N["QUERNER"], "Roster NPI 1275537001 has two digits transposed (real NPI 1275530701); fails the Luhn check.", field="npi")
    add("DUPLICATE_PROVIDER", "medium", N["ANGUS"], f"NPI 1700881554 is on two roster rows ({pidof(N['ANGUS'])} row {rr(N['ANGUS'])} and HV-1061 row {ROW[('roster', 'HV-1061')]}, second site added 01/06/2025); cites the first row.", field="npi")
    add("INVALID_DATE", "medium", N["ROBBINS"], "Last Credentialed is the text `06/31/2024` (June has 30 days). Terminated provider: data-quality rules still apply.", field="last_credentialed_date")
    add("UNRECOGNIZED_VALUE", "medium", N["KERSTEN"], "Status `LOA` is not a roster status value; the provider is treated as not active (no other rule checks her).", field="status")
    # NPPES
    add("NPI_NOT_FOUND", "high", N["LAFAZIA"], "Valid NPI 1659377307 is not in the NPPES extract.", source="nppes", row="")
    add("NPI_DEACTIVATED", "critical", N["TIMBERLAKE"], "NPPES NPI Deactivation Date 08/14/2026, no reactivation.", source="nppes", row=ROW[("nppes", N["TIMBERLAKE"])])
    add("NAME_MISMATCH", "medium", N["KEIGWIN"], "Roster first name `Scott`; NPPES first name `W. SCOTT` (not equal, not an initial, not a prefix).", source="nppes", row=ROW[("nppes", N["KEIGWIN"])])
    add("NAME_MISMATCH", "medium", N["KEIGWIN"], "PECOS FIRST_NAME `W` vs roster `Scott`.", payer="Medicare", source="medicare", row=ROW[("medicare", N["KEIGWIN"])])
    add("NPPES_LICENSE_MISSING", "low", N["STEINBERG"], "MA licence 298417 (issued 05/20/2026) is not among his NPPES licences (NPPES lists only CT 035976).", "state_license", "MA", source="nppes", row=ROW[("nppes", N["STEINBERG"])], number="298417")
    # boards
    add("LICENSE_NOT_FOUND", "high", N["MANGION"], "CT licence 035126 (License 2) has no record in the CT board file.", "state_license", "CT", source="ct_board", row="", number="035126")
    add("LICENSE_NOT_ACTIVE", "critical", N["FLYNN"], "MA board status `Inactive` for licence 229645 (License 2).", "state_license", "MA", source="ma_board", row=ROW[("ma_board", "229645")], number="229645")
    add("LICENSE_DISCIPLINE", "high", N["GOLDEN"], "MA board Discipline = `Y` for licence 81828 (status Active).", "state_license", "MA", source="ma_board", row=ROW[("ma_board", "81828")], number="81828")
    add("LICENSE_EXPIRATION_MISMATCH", "medium", N["GOLUB"], "Roster License Exp 10/31/2026, CT board 10/31/2027 (renewed; roster not updated). The board date is used, so no CREDENTIAL_EXPIRED.", "state_license", "CT", source="ct_board", row=ROW[("ct_board", "041848")], number="041848")
    add("LICENSE_NUMBER_MISMATCH", "low", N["ROSENZWEIG"], "Roster/NPPES CT licence `49070`; CT board `049070` (found by the loose key).", "state_license", "CT", source="ct_board", row=ROW[("ct_board", "049070")], number="49070")
    add("NAME_MISMATCH", "medium", N["BEAUDOIN"], "MA board first name `Steven`; roster and NPPES `Stephen`.", source="ma_board", row=ROW[("ma_board", "70450")])
    # enrollment
    add("ENROLLMENT_FIELD_MISMATCH", "low", N["SELTZER"], "BCBS Tax ID 04-3321876 vs roster 06-1587342.", payer="Anthem BCBS CT", field="tax_id", source="bcbs", row=ROW[("bcbs", N["SELTZER"])])
    add("ENROLLMENT_FIELD_MISMATCH", "low", N["HONOR"], "Aetna specialty `Family Medicine` vs roster `Internal Medicine`.", payer="Aetna", field="specialty", source="aetna", row=ROW[("aetna", N["HONOR"])])
    add("NAME_MISMATCH", "medium", N["SABRA"], "Aetna has first and last names swapped (Last `Philip`, First `Sabra`).", payer="Aetna", source="aetna", row=ROW[("aetna", N["SABRA"])])
    add("ENROLLMENT_MISSING", "high", N["CUMMINGS"], "No PECOS (Medicare) row for this active provider (new hire, Medicare application pending).", payer="Medicare", source="medicare", row="")
    add("ENROLLMENT_MISSING", "high", N["DAINIAK"], "Holds a CT licence, BCBS (states = [CT]) has no row for her.", payer="Anthem BCBS CT", source="bcbs", row="")
    add("ENROLLMENT_NOT_ACTIVE", "high", N["GOLUB"], "Only BCBS row is `Pending` (no Eff Date).", payer="Anthem BCBS CT", source="bcbs", row=ROW[("bcbs", N["GOLUB"])])
    add("ENROLLMENT_NOT_ACTIVE", "high", N["LUDWIG"], "Only Aetna row is `Termed`, Term Date 08/31/2026.", payer="Aetna", source="aetna", row=ROW[("aetna", N["LUDWIG"])])
    add("ENROLLMENT_EFFECTIVE_GAP", "medium", N["ROSENZWEIG"], "Aetna Effective Date 04/17/2025, roster Start Date 03/03/2025 (gap_days = 45).", payer="Aetna", source="aetna", row=ROW[("aetna", N["ROSENZWEIG"])], extra="gap_days 45")
    add("ENROLLED_NOT_ON_ROSTER", "medium", "", "Aetna PAR row for NPI 1497751168 (Catherine Holmes), who is on no roster row.", payer="Aetna", source="aetna", row=ROW[("aetna", "1497751168")])
    E[-1]["npi"] = "1497751168"
    add("ENROLLED_NOT_ON_ROSTER", "medium", "", "Aetna PAR row for NPI 1275530701 (Michael Querner): the roster holds his NPI mistyped, so no roster row has this NPI.", payer="Aetna", source="aetna", row=ROW[("aetna", N["QUERNER"])])
    E[-1]["npi"] = N["QUERNER"]; E[-1]["provider_id"] = ""
    add("ENROLLED_AFTER_TERMINATION", "high", N["ROBBINS"], "Terminated 06/30/2026 on the roster; Aetna row still `PAR` with no term date.", payer="Aetna", source="aetna", row=ROW[("aetna", N["ROBBINS"])])
    # expirations
    add("CREDENTIAL_EXPIRED", "critical", N["HONOR"], "DEA Exp 10/31/2026.", "dea", due="2026-10-31", extra="days_left -30", number=prov(N["HONOR"])["dea"]["num"])
    add("CREDENTIAL_EXPIRED", "high", N["DAINIAK"], "CAQH Attested 07/10/2026 + 120 days = 11/07/2026.", "caqh_attestation", due="2026-11-07", extra="days_left -23")
    add("CREDENTIAL_EXPIRED", "critical", N["TIMBERLAKE"], "Next Recredential 10/11/2026 has passed.", "recredentialing", due="2026-10-11", extra="days_left -50")
    add("CREDENTIAL_EXPIRING", "high", N["LUDWIG"], "DEA Exp 12/14/2026 (bucket 0-30).", "dea", due="2026-12-14", extra="days_left 14", number=prov(N["LUDWIG"])["dea"]["num"])
    add("CREDENTIAL_EXPIRING", "high", N["SELTZER"], "CAQH Attested 08/22/2026 + 120 = 12/20/2026 (0-30; caqh window 30 days).", "caqh_attestation", due="2026-12-20", extra="days_left 20")
    add("CREDENTIAL_EXPIRING", "medium", N["GOLDEN"], "Board Cert Exp 12/31/2026 (bucket 31-60).", "board_certification", due="2026-12-31", extra="days_left 31", number=prov(N["GOLDEN"])["board"]["name"])
    add("CREDENTIAL_EXPIRING", "medium", N["BEAUDOIN"], "Malpractice Exp 01/15/2027 (bucket 31-60).", "malpractice", due="2027-01-15", extra="days_left 46", number="PRA-230941")
    add("CREDENTIAL_EXPIRING", "medium", N["STEINBERG"], "Malpractice Exp 02/14/2027 (bucket 61-90).", "malpractice", due="2027-02-14", extra="days_left 76", number="PRA-418822")
    add("CREDENTIAL_EXPIRING", "medium", N["LAFAZIA"], "Last Credentialed 02/29/2024, no Next Recredential: + 36 months clamps to 02/28/2027 (bucket 61-90).", "recredentialing", due="2027-02-28", extra="days_left 90")
    add("CREDENTIAL_MISSING", "high", N["CUMMINGS"], "MD without a Board Certification group (new graduate, board eligible).", "board_certification")
    # compliance
    add("PSV_STALE", "high", N["MANGION"], "License PSV Date 04/18/2025 is 150 days before Last Credentialed 09/15/2025 (window 120 days from 07/01/2025).", "state_license", "MA", number="77533")
    add("PSV_MISSING", "medium", N["MORGAN"], "License PSV Date blank; Last Credentialed 08/12/2026.", "state_license", "CT", number="002343")
    add("PSV_MISSING", "medium", N["SABRA"], "DEA PSV Date blank; Last Credentialed present.", "dea", number=prov(N["SABRA"])["dea"]["num"])
    # exclusions
    add("EXCLUSION_MATCH", "critical", N["ZASLOW"], "LEIE row with his NPI 1588662985, EXCLDATE 20260918, 1128b4.", source="oig_leie", row=ROW[("oig_leie", "ZASLOW")])
    add("EXCLUSION_MATCH", "critical", N["FISCHER"], "LEIE row FISCHER, MICHAEL (no NPI, NY, 2019) with the same date of birth.", source="oig_leie", row=ROW[("oig_leie", "FISCHER")])
    add("EXCLUSION_POSSIBLE_MATCH", "high", N["FLYNN"], "CT Medicaid list `Flynn, Kelly` (PCA, 05/14/2025): same name, no DOB on the list, list state CT is one of her licence states (CT, MA).", source="ct_medicaid", row=ROW[("ct_medicaid", "Flynn, Kelly")])
    return E


def key(f):
    return (f["code"], f["severity"], f["provider_id"], f["npi"], f["credential_type"], f["state"], f["payer"], f["field"], f["source"], str(f["source_row"]))


# ----------------------------------------------------------------------------------------------- config + README
CONFIG = f'''# credrecon configuration for the "{ORG}" sample (see README.md for the expected findings)
organization = "{ORG}"
as_of = "2026-11-30"
out_dir = "reports"

[policy]
expiring_within_days = 90
recredential_cycle_months = 36
psv_window = "ncqa"
caqh_attestation_days = 120
caqh_expiring_within_days = 30
required_credentials = {{ default = ["state_license", "malpractice"], MD = ["state_license", "dea", "board_certification", "malpractice"], DO = ["state_license", "dea", "board_certification", "malpractice"] }}

# ---------------------------------------------------------------- roster (credentialing database export)
[[sources]]
name = "roster"
kind = "roster"
path = "roster.xlsx"
sheet = "Providers"

[sources.columns]
taxonomy_code = "Taxonomy"
termination_date = "Term Date"
last_credentialed_date = "Last Credentialed"
next_recredential_date = "Next Recredential"
caqh_attestation_date = "CAQH Attested"

[[sources.credentials]]
type = "state_license"
number = "License #"
state = "License State"
issue_date = "License Issued"
expiration_date = "License Exp"
verified_date = "License PSV Date"

[[sources.credentials]]
type = "state_license"
number = "License 2 #"
state = "License 2 State"
expiration_date = "License 2 Exp"
verified_date = "License 2 PSV Date"

[[sources.credentials]]
type = "dea"
number = "DEA #"
expiration_date = "DEA Exp"
verified_date = "DEA PSV Date"

[[sources.credentials]]
type = "board_certification"
number = "Board Certification"
expiration_date = "Board Cert Exp"
verified_date = "Board PSV Date"

[[sources.credentials]]
type = "malpractice"
number = "Malpractice Policy #"
expiration_date = "Malpractice Exp"

# ---------------------------------------------------------------- payers
[[sources]]
name = "aetna"
kind = "enrollment"
path = "aetna_enrollment.csv"
payer = "Aetna"
required = true

[sources.columns]
npi = "Rendering NPI"
payer_provider_id = "Payer Provider ID"
status = "Participation Status"

[[sources]]
name = "bcbs"
kind = "enrollment"
path = "bcbs_roster.xlsx"
sheet = "Network Roster"
required = true
states = ["CT"]                     # Anthem BCBS Connecticut: only providers holding a CT licence are expected

[sources.columns]
full_name = "Provider Name"
status = "Network Status"
effective_date = "Eff Date"

[[sources]]
name = "medicare"
kind = "enrollment"
path = "medicare_ppef.csv"
profile = "pecos_ppef"
payer = "Medicare"
scope = "national"                  # every enrolled provider in CT/MA/RI: no ENROLLED_NOT_ON_ROSTER
required = true

# ---------------------------------------------------------------- state licence boards (no RI file)
[[sources]]
name = "ct_board"
kind = "license_board"
path = "ct_board_licenses.csv"
state = "CT"

[sources.columns]
license_number = "CredentialNumber"
full_name = "Name"
license_type = "Credential"
status = "Status"
issue_date = "IssueDate"
expiration_date = "ExpirationDate"

[[sources]]
name = "ma_board"
kind = "license_board"
path = "ma_board_export.txt"
state = "MA"
delimiter = "|"
encoding = "windows-1252"
date_format = "%m%d%Y"

# ---------------------------------------------------------------- public reference files
[[sources]]
name = "nppes"
kind = "nppes"
path = "npidata_pfile_sample.csv"
profile = "nppes"

[[sources]]
name = "oig_leie"
kind = "exclusions"
path = "leie_slice.csv"
profile = "leie"

[[sources]]
name = "ct_medicaid"
kind = "exclusions"
path = "ct_medicaid_exclusions.xlsx"
state = "CT"

[sources.columns]
full_name = "Name"
business_name = "Business"
exclusion_date = "Effective Date"
exclusion_type = "Administrative Action"
'''


def md_escape(s):
    return str(s).replace("|", "\\|")


def write_readme(E, counts, leie_real, ct_real, cleared):
    sev_order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    E = sorted(E, key=lambda f: (sev_order[f["severity"]], f["provider_id"] or "~", f["code"], f["source"], f["npi"]))
    by_code = {}
    for f in E:
        by_code[f["code"]] = by_code.get(f["code"], 0) + 1
    lines = []
    w = lines.append
    w(f"# Sample data: {ORG}\n")
    w("A small, realistic credentialing set for `credrecon`: a New England medical group with **60 providers** licensed in "
      "Connecticut, Massachusetts and Rhode Island, evaluated at **`as_of = 2026-11-30`**. Run it with\n")
    w("```\ncredrecon run samples/credrecon.toml\n```\n")
    w("Everything here was produced by `scripts/make_samples.py` (deterministic, seed 20261130). Provider names, NPIs, licence numbers, "
      "taxonomies and genders are **real** public NPPES records (the 2018 CT/MA/RI practitioner extract in "
      "`/work/shared/data/real/davinci-plan-net-sample-data/`); dates of birth, roster dates, DEA numbers (valid check digit), "
      "board and malpractice details, CAQH data and payer data are invented. The LEIE and Connecticut Medicaid rows are real rows of the "
      "public lists plus a few planted rows. The sample files are self-contained.\n")
    w("## The organization\n")
    deg = {}
    for p in P.values():
        k = {"APRN": "NP/APRN", "NP": "NP/APRN", "PA-C": "PA", "PA": "PA"}.get(p["degree"], p["degree"])
        deg[k] = deg.get(k, 0) + 1
    st = {s_: sum(1 for p in P.values() if s_ in {l["state"] for l in p["lics"]}) for s_ in ("CT", "MA", "RI")}
    two = sum(1 for p in P.values() if len(p["lics"]) > 1)
    w(f"- **{ORG}**, group TIN `06-1587342`; 60 providers ({deg['MD']} MD, {deg['DO']} DO, {deg['NP/APRN']} NP/APRN, {deg['PA']} PA): "
      f"{st['CT']} with a CT licence, {st['MA']} with a MA licence, {st['RI']} with a RI licence; {two} hold a second-state licence (`License 2 #`).")
    w("- 4 are terminated (HV rows with Status `Terminated` and a Term Date before as_of), 1 has an unrecognised status (`LOA`); "
      "one provider appears twice (two Provider IDs, same NPI) so the roster has **61 data rows** (spreadsheet rows 5-65).")
    aff = {f["provider_id"] for f in E if f["provider_id"]}
    term = [p for p in P.values() if p["status"] == "Terminated"]
    clean_active = [p for p in P.values() if p["pid"] not in aff and p["status"] != "Terminated"]
    w(f"- {len(aff)} providers have findings; the other {60 - len(aff)} raise nothing ({len(clean_active)} active or on-leave providers "
      f"completely clean, several of them carrying a near miss, plus {len([p for p in term if p['pid'] not in aff])} terminated providers).")
    w("- Payers: Aetna (all providers), Anthem BCBS Connecticut (only providers with a CT licence: `states = [\"CT\"]`), Medicare (CMS PECOS public file, national scope).")
    w("- Boards: a CT file (data.ct.gov layout) and a MA file; **RI has no board file**, so RI licences are never LICENSE_NOT_FOUND.\n")
    w("## Files\n")
    w("| file | source name | kind / layout | rows |")
    w("|---|---|---|---|")
    files = [
        ("roster.xlsx", "roster", "roster; sheet `Providers`, 2 title rows + blank row, header on row 4; real Excel dates; NPIs partly stored as numbers; wide credential groups (licence, licence 2, DEA, board, malpractice)", "61"),
        ("aetna_enrollment.csv", "aetna", "enrollment, UTF-8, comma, LF, `MM/DD/YYYY`; no payer column (config `payer = \"Aetna\"`); `Rendering NPI` mapped in `[sources.columns]`; statuses `PAR` / `Participating` / `Termed`; a `Comments` cell on the ROSENZWEIG record spans two lines, so later records start one line further down", str(counts["aetna"])),
        ("bcbs_roster.xlsx", "bcbs", "enrollment; sheet `Network Roster`, title row 1, header row 2; `Payer` column (`Anthem BCBS CT`); `Provider Name` = `LAST, FIRST M`; statuses `In Network` / `Pending` / `Terminated`; Excel dates; NPI partly numeric", str(counts["bcbs"])),
        ("medicare_ppef.csv", "medicare", "enrollment, profile `pecos_ppef` (CMS PPEF 11-column layout), scope national; roster providers enrolled in Medicare (3 of them with one row per state) plus 40 other real CT/MA/RI practitioners", str(counts["medicare"])),
        ("ct_board_licenses.csv", "ct_board", "license_board, data.ct.gov \"State Licenses and Credentials\" columns (`Name` = `FIRST M LAST`, `CredentialNumber`, `Status` ACTIVE/INACTIVE, `MM/DD/YYYY`), UTF-8 **with BOM**; includes `JOSÉ REYES` (UTF-8)", str(counts["ct_board"])),
        ("ma_board_export.txt", "ma_board", "license_board, pipe-delimited, **windows-1252** (`Kerr-Fernández`, `García, Raúl`, `René` as cp1252 bytes), CRLF, `MMDDYYYY` dates, `Discipline` Y/N", str(counts["ma_board"])),
        ("npidata_pfile_sample.csv", "nppes", "NPPES V2 full width: the 329 headers of the 2018 file with `Provider Gender Code` renamed `Provider Sex Code` and `Certification Date` appended after `Healthcare Provider Taxonomy Group_15` = 330 columns; all fields quoted; CRLF; roster rows (except LAFAZIA) + ~100 other practitioners", str(counts["nppes"])),
        ("leie_slice.csv", "oig_leie", f"exclusions, profile `leie`: exact layout of OIG `UPDATED.csv` (unquoted header, all fields quoted, CRLF, `0000000000` / `00000000`); {leie_real} real rows (kept verbatim, original order) + 5 planted rows in name order", str(counts["oig_leie"])),
        ("ct_medicaid_exclusions.xlsx", "ct_medicaid", f"exclusions, the real Connecticut DSS list layout (sheet `Sheet1`, header row 1: `Name, Business, Specialty, Address, Effective Date, Period, Administrative Action`); {ct_real} real rows + 2 planted; config `state = \"CT\"`", str(counts["ct_medicaid"])),
        ("credrecon.toml", "", "the configuration", ""),
    ]
    for f_, s, d_, n in files:
        w(f"| `{f_}` | {s} | {md_escape(d_)} | {n} |")
    w("")
    w("## Expected findings\n")
    w(f"The run must produce **exactly these {len(E)} findings** - every planted one and nothing else; every provider not listed "
      "here must raise nothing. `source_row` is the spreadsheet row in a workbook and the line where the record starts in a text "
      "file; `-` = the record is absent from the cited source (see *Readings* below). Credential numbers, due dates and days left "
      "are given where relevant.\n")
    w("| # | code | severity | provider_id | npi | credential / state / number | payer | field | source | source_row | details |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for i, f in enumerate(E, 1):
        cred = " / ".join(x for x in [f["credential_type"], f["state"], f["number"]] if x)
        det = f["reason"]
        if f["due"] and f["code"] == "CREDENTIAL_EXPIRED":
            det += f" due_date {f['due']} ({-int(f['extra'].split()[-1])} days before as_of)."
        elif f["due"]:
            det += f" due_date {f['due']}, {f['extra']}."
        elif f["extra"]:
            pass
        w(f"| {i} | `{f['code']}` | {f['severity']} | {f['provider_id'] or '-'} | {f['npi'] or '-'} | {md_escape(cred) or '-'} | "
          f"{f['payer'] or '-'} | {f['field'] or '-'} | {f['source']} | {f['source_row'] if f['source_row'] != '' else '-'} | {md_escape(det)} |")
    w("")
    w("### Counts by code\n")
    w("| code | count |")
    w("|---|---|")
    for c in sorted(by_code):
        w(f"| `{c}` | {by_code[c]} |")
    sev = {}
    for f in E:
        sev[f["severity"]] = sev.get(f["severity"], 0) + 1
    w(f"\nBy severity: critical {sev.get('critical', 0)}, high {sev.get('high', 0)}, medium {sev.get('medium', 0)}, low {sev.get('low', 0)}. "
      f"`manifest.json` must report **{cleared}** exclusion name match cleared by date of birth (LU / LEIE).\n")
    w("## Near misses (must NOT raise a finding)\n")
    nm = [
        ("LU, Steven (CT)", "LEIE row `LU, STEVEN` (CT, no NPI) with a **different date of birth** (19870612): name match cleared by DOB (counted in the manifest, not reported)."),
        ("MIGDOW, Jeffrey (MA)", "LEIE row with his NPI and DOB, EXCLDATE 20220315, **REINDATE 20250601** (before as_of): not in force."),
        ("BLOOM, Steven (MA)", "LEIE row `BLOOM, STEVEN`, no DOB, state **FL**: possible-match tier needs the same state (his only licence state is MA)."),
        ("ROTH, Monique (MA)", "CT Medicaid list `Roth, Monique`: the list's state is CT, her licences are MA only, no DOB on the list -> no possible match."),
        ("PERAINO, Robert (CT)", "Aetna first name `Rob`: `ROB` is a 3-letter prefix of `ROBERT`."),
        ("ZALKA-BRENNAN, Alicia (CT)", "Roster has the hyphenated married name; NPPES, PECOS and the CT board have `ZALKA` (words of one are all in the other)."),
        ("KERR-FERNANDEZ, Jane (MA)", "Aetna last name `Fernandez` (one half of the hyphenated name); MA board `Kerr-Fernández` in cp1252 (accent removed before comparing)."),
        ("REYES, José (CT)", "Roster `José` (accent), NPPES / Aetna / BCBS `JOSE`, CT board `JOSÉ REYES` (UTF-8)."),
        ("FOREMAN, Douglas (RI)", "Roster licence `DO326`, NPPES `DO-326`: licence numbers compare on letters and digits only (the `12-345` vs `12345` case)."),
        ("KEIGWIN (RI)", "NPPES lists licence `DO00435` twice, once as `DO 00435`: the roster `DO00435` is found (his only findings are the two name mismatches)."),
        ("GRYGIER, David (CT+MA)", "NPPES Deactivation Date 03/20/2006 with Reactivation Date 03/29/2006 (real record): not deactivated."),
        ("TIMBERLAKE, Robert Jr.", "Suffix `Jr.` on the roster / `JR.` in NPPES: suffix tokens are dropped (his findings are the deactivation and the overdue recredentialing only)."),
        ("GOLUB, Robert (CT)", "Roster License Exp 10/31/2026 is in the past, but the CT board date 10/31/2027 is the one the expiration rules use: LICENSE_EXPIRATION_MISMATCH only, **no CREDENTIAL_EXPIRED**."),
        ("LAFAZIA, Frank (RI)", "License PSV Date 150 days before Last Credentialed 02/29/2024: the decision is before 2025-07-01, window 180 days -> not stale."),
        ("COHEN, Robert (RI)", "Last Credentialed 03/01/2024, no Next Recredential: due 03/01/2027 = 91 days -> outside the 90-day window."),
        ("SOUCIER, Richard (CT)", "CAQH Attested 09/02/2026 -> due 12/31/2026 = 31 days: outside the 30-day caqh window (would fire with the 90-day window)."),
        ("JAVIER, Emmanuel (CT)", "License PSV Date equal to Last Credentialed: on or before the decision -> not stale."),
        ("RIORDAN, Catherine (MA)", "Status `On Leave` = active; checked like everyone and clean."),
        ("GIORGETTI, Michael (MA)", "Status Active with a future Term Date 12/31/2026: still checked (and clean); not a terminated provider."),
        ("LAMONT, Jeffrey (MA, terminated 12/31/2025)", "DEA expired 03/31/2026, CAQH and recredentialing overdue, not in PECOS, Aetna `Termed`: terminated providers are skipped by all non-data-quality rules."),
        ("ROBBINS / TIERNEY (terminated)", "Still listed in the PECOS file: PECOS is national scope, so no ENROLLED_AFTER_TERMINATION from it (see Readings). Their BCBS rows are `Terminated`."),
        ("NPs / PAs without DEA or board", "CAPLAN, QUINN-COSTA, KRAMERS, MORGAN, ... have no DEA and no board certification: not required for their degree (default = state_license + malpractice)."),
        ("MA- and RI-only providers", "Not in the BCBS file: BCBS has `states = [\"CT\"]`."),
        ("MORGAN (no NPI), QUERNER (invalid NPI)", "No ENROLLMENT_MISSING / NPI_NOT_FOUND for them: NPI-joined rules skip a provider without a valid NPI."),
        ("Extra PECOS rows", "40 PECOS rows of practitioners not on the roster: national scope, no ENROLLED_NOT_ON_ROSTER."),
        ("Aetna WOOL, Robert / BCBS DODENHOFF, Robert", "Not on the roster but `Termed` / `Terminated`: only active rows raise ENROLLED_NOT_ON_ROSTER."),
        ("TIN format", "Roster `06-1587342`, Aetna `061587342`: tax ids compare on digits only."),
        ("Specialty case", "Aetna writes some specialties upper-case (`INTERNAL MEDICINE`): specialties compare normalized like names."),
        ("NPI cells", "About 60 % of roster NPIs (and 2/3 of BCBS NPIs) are numeric Excel cells: they read as 10-digit text."),
        ("Real exclusion rows", "The real LEIE and CT rows were checked by the generator against every roster name with the SPEC 3.3 rules (LEIE truncation included; for CT names both `FIRST` and `FIRST MIDDLE` readings): none match."),
    ]
    for who, why in nm:
        w(f"- **{who}** - {why}")
    w("")
    w("## Readings of SPEC used here (the implementation must agree)\n")
    readings = [
        "**Absence findings have no source row.** NPI_NOT_FOUND cites `nppes`, LICENSE_NOT_FOUND the board source of that state, ENROLLMENT_MISSING the enrollment source - each with an empty `source_row`. CREDENTIAL_MISSING, PSV_* and the roster-based expirations cite the roster row.",
        "**DUPLICATE_PROVIDER** carries the provider_id and row of the **first** roster row with that NPI (the other rows go in `detail`). Both ANGUS rows are active and otherwise clean.",
        "**ENROLLED_AFTER_TERMINATION** and ENROLLED_NOT_ON_ROSTER are raised only from `organization`-scope sources: a national file (PECOS) shows an enrollment with Medicare, not with this group, so terminated providers still in PECOS (ROBBINS, TIERNEY) raise nothing.",
        "**A provider whose status is not recognised** (`LOA`) gets UNRECOGNIZED_VALUE, is treated as not active, and is not a terminated provider either: no other rule fires for KERSTEN (her Aetna row is PAR).",
        "**Licence expirations with a board record** use the board date (GOLUB). All planted licence-related expirations are therefore avoided; every planted expiration finding cites the roster.",
        "**Board file `State` column**: the CT export deliberately omits data.ct.gov's address `State` column (it is the licensee's mailing state, not the board's); the board state comes from `state = \"CT\"`. `CredentialNumber` keeps CT's 6-digit zero-padded form in this sample (the live dataset strips leading zeros, which would make every CT licence a LICENSE_NUMBER_MISMATCH).",
        "**Name comparison of first names** uses the whole normalized first-name value: NPPES `W. SCOTT` vs roster `Scott` is a mismatch (not equal, not an initial, not a prefix); the last-name *words* rule is not applied to first names.",
        "**NPPES licence comparison** (NPPES_LICENSE_MISSING) uses the same upper-case letters-and-digits key as the boards, without the loose key; ROSENZWEIG's roster `49070` equals his NPPES `49070`, so only the board raises LICENSE_NUMBER_MISMATCH.",
        "**ENROLLMENT_EFFECTIVE_GAP** is evaluated on active rows; the sample has no inactive row whose effective date is after the start date, so both readings agree.",
        "**CT Medicaid list**: `Effective Date` is the exclusion date (mapped in the config); `Period` (`5 years`, `Indefinite`) is not a date and is ignored, so every row with an effective date on or before as_of is in force. Rows whose Name is `,` are entities with no person name and never match (the list has no NPI column).",
        "**Deactivated NPPES record** (TIMBERLAKE) keeps its name and licences in this sample (the live file blanks them); the name and licence checks therefore pass and only NPI_DEACTIVATED fires.",
        "**Findings cited from an enrollment source carry that source's payer** in `payer` (NAME_MISMATCH from `aetna` / `medicare` included); ENROLLED_NOT_ON_ROSTER has an empty provider_id and the payer row's NPI.",
        "**Severities**: CREDENTIAL_EXPIRED is critical for state_license / dea / malpractice / recredentialing and high for board_certification / caqh_attestation; CREDENTIAL_EXPIRING is high at days_left <= 30 (31 is medium). For board_certification the credential `number` is the board text (`ABIM - Internal Medicine`).",
        "**INVALID_DATE** uses the canonical field name (`last_credentialed_date`) in `field`; the raw value `06/31/2024` goes in `roster_value`.",
        "**Manifest**: exclusion name matches cleared by date of birth = 1.",
    ]
    for r_ in readings:
        w(f"- {r_}")
    w("")
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------------------------- main
def main():
    write_roster()
    write_aetna()
    write_bcbs()
    write_pecos()
    write_ct_board()
    write_ma_board()
    write_nppes()
    leie_real = write_leie()
    ct_real = write_ct_exclusions()
    (OUT / "credrecon.toml").write_text(CONFIG, encoding="utf-8")

    found, cleared = check()
    E = expected()
    got = {key(f) for f in found}
    want = {key(f) for f in E}
    ok = True
    if len(found) != len(got):
        print("duplicate findings from the checker", file=sys.stderr)
        ok = False
    for k in sorted(got - want):
        print("UNEXPECTED", k, file=sys.stderr)
        ok = False
    for k in sorted(want - got):
        print("MISSING   ", k, file=sys.stderr)
        ok = False
    assert cleared == 1, cleared
    # due dates / gap days of the checker agree with the table
    for f in found:
        for e in E:
            if key(e) == key(f) and "due_date" in f:
                assert e["due"] == f["due_date"].isoformat(), (e, f)
                assert e["extra"] == f"days_left {f['days_left']}", (e, f)
            if key(e) == key(f) and "gap_days" in f:
                assert e["extra"] == f"gap_days {f['gap_days']}", (e, f)
    codes = {f["code"] for f in found}
    all_codes = {"NPI_MISSING", "NPI_INVALID", "DUPLICATE_PROVIDER", "INVALID_DATE", "UNRECOGNIZED_VALUE", "NPI_NOT_FOUND",
                 "NPI_DEACTIVATED", "NAME_MISMATCH", "NPPES_LICENSE_MISSING", "LICENSE_NOT_FOUND", "LICENSE_NOT_ACTIVE",
                 "LICENSE_DISCIPLINE", "LICENSE_EXPIRATION_MISMATCH", "LICENSE_NUMBER_MISMATCH", "ENROLLMENT_FIELD_MISMATCH",
                 "CREDENTIAL_EXPIRED", "CREDENTIAL_EXPIRING", "CREDENTIAL_MISSING", "ENROLLMENT_MISSING", "ENROLLMENT_NOT_ACTIVE",
                 "ENROLLMENT_EFFECTIVE_GAP", "ENROLLED_NOT_ON_ROSTER", "ENROLLED_AFTER_TERMINATION", "EXCLUSION_MATCH",
                 "EXCLUSION_POSSIBLE_MATCH", "PSV_STALE", "PSV_MISSING"}
    assert codes == all_codes, all_codes - codes
    if not ok:
        sys.exit(1)
    counts = {
        "aetna": len(read_csv_records(OUT / "aetna_enrollment.csv")),
        "bcbs": len(read_sheet(OUT / "bcbs_roster.xlsx", "Network Roster", 2)),
        "medicare": len(read_csv_records(OUT / "medicare_ppef.csv")),
        "ct_board": len(read_csv_records(OUT / "ct_board_licenses.csv")),
        "ma_board": len(read_csv_records(OUT / "ma_board_export.txt", "cp1252", "|")),
        "nppes": len(read_csv_records(OUT / "npidata_pfile_sample.csv")),
        "oig_leie": len(read_csv_records(OUT / "leie_slice.csv", "ascii")),
        "ct_medicaid": len(read_sheet(OUT / "ct_medicaid_exclusions.xlsx", None, 1)),
    }
    write_readme(E, counts, leie_real, ct_real, cleared)
    affected = {f["provider_id"] for f in E if f["provider_id"]}
    print(f"ok: {len(E)} expected findings, {len(affected)} providers with findings, counts {counts}")


if __name__ == "__main__":
    main()
