#!/usr/bin/env python3
"""Add the Medicare opt-out, Medicare revalidation, OFAC SDN and former-name cases to samples/.

Run after scripts/make_samples.py (which rebuilds the other sample files). It reads the real public files
under /work/shared/data/real/ and is idempotent: running it twice gives the same files.

- medicare_opt_out.csv: the CMS Opt-Out Affidavits header and its 9 real rows (12/15/2022 snapshot), plus
  three planted rows for Harbor Valley providers.
- medicare_revalidation.csv: the CMS Revalidation Due Date list header and its 4 real rows, plus three
  planted rows.
- ofac_sdn.csv, ofac_alt.csv: the first 70 entry lines of the real SDN list and the KAHANE CHAI entity
  line, with exactly their alias lines (byte for byte).
- npidata_pfile_sample.csv: Maria Rhee's real NPPES row gains a former name (PARK, MARIA, type 1).
- leie_slice.csv: one planted row under that former name, with her date of birth.
"""
from pathlib import Path

REAL = Path("/work/shared/data/real")
OUT = Path(__file__).resolve().parent.parent / "samples"

OPT_OUT_PLANTED = [
    # Therrien (HV-1012): opted out 2025-01-01 to 2027-01-01, still enrolled in PECOS -> critical.
    "Michael,Therrien,1023011145,Cardiovascular Disease,01/01/2025,01/01/2027,40 TEMPLE ST,,NEW HAVEN,CT,06510,N,12/15/2022",
    # Cummings (HV-1058): opted out 2026-09-01 to 2028-09-01, no Medicare enrollment -> high.
    "Michael,Cummings,1285630970,Pediatrics,09/01/2026,09/01/2028,55 FRUIT ST,,BOSTON,MA,02114,N,12/15/2022",
    # Cohen (HV-1016): an opt-out that ended 06/30/2024 -> nothing.
    "Robert,Cohen,1033115712,Internal Medicine,06/30/2022,06/30/2024,593 EDDY ST,,PROVIDENCE,RI,02903,Y,12/15/2022",
]

REVALIDATION_PLANTED = [
    # Villegas (HV-1045): due 2026-10-31, no adjusted date -> expired 30 days before as_of.
    "I20140612000101,1255337317,Monica,Villegas,,CT,3,Non-DME Part B,Family Practice,2026-10-31,,,1",
    # Barrow (HV-1030): due 2026-06-30 but adjusted to 2027-01-31 -> expiring in 62 days.
    "I20150903000202,1639175466,Virginia,Barrow,,MA,3,Non-DME Part B,Internal Medicine,2026-06-30,2027-01-31,,1",
    # Piva (HV-1055): due 2028-03-31, adjusted TBD -> nothing.
    "I20160118000303,1750385092,Kenneth,Piva,,RI,3,Non-DME Part B,Family Practice,2028-03-31,TBD,,1",
]

LEIE_FORMER_NAME = (
    '"PARK","MARIA","","","IND- LIC HC SERV PRO","PHYSICIAN","","0000000000","19580426",'
    '"200 ORANGE ST","NEW HAVEN","CT","06510","1128b4","20240815","00000000","00000000",""'
)


def write_lines(path, header, rows, newline="\n"):
    path.write_bytes((newline.join([header, *rows]) + newline).encode("ascii"))


def main():
    opt = (REAL / "medicare-opt-out/opt-out-affidavits-2022-12-15.csv").read_text().splitlines()
    write_lines(OUT / "medicare_opt_out.csv", opt[0], opt[1:] + OPT_OUT_PLANTED)
    reval = (REAL / "medicare-revalidation/revalidation-due-date-list-2023-01.csv").read_text().splitlines()
    write_lines(OUT / "medicare_revalidation.csv", reval[0], reval[1:] + REVALIDATION_PLANTED)

    sdn = (REAL / "ofac-sdn/sdn.csv").read_bytes().split(b"\n")
    keep = sdn[0:70] + [sdn[215]]
    entries = {line.split(b",")[0] for line in keep}
    (OUT / "ofac_sdn.csv").write_bytes(b"\n".join(keep) + b"\n")
    alt = (REAL / "ofac-sdn/alt.csv").read_bytes().split(b"\n")
    aliases = [line for line in alt if line.split(b",")[0] in entries]
    (OUT / "ofac_alt.csv").write_bytes(b"\n".join(aliases) + b"\n")

    nppes_path = OUT / "npidata_pfile_sample.csv"
    lines = nppes_path.read_bytes().split(b"\r\n")
    header = lines[0].decode().strip('"').split('","')
    at = {name: header.index(name) for name in
          ("Provider Other Last Name", "Provider Other First Name", "Provider Other Last Name Type Code")}
    for i, line in enumerate(lines):
        if line.startswith(b'"1518965888",'):
            fields = line.decode().strip('"').split('","')
            fields[at["Provider Other Last Name"]] = "PARK"
            fields[at["Provider Other First Name"]] = "MARIA"
            fields[at["Provider Other Last Name Type Code"]] = "1"
            lines[i] = ('"' + '","'.join(fields) + '"').encode()
    nppes_path.write_bytes(b"\r\n".join(lines))

    leie_path = OUT / "leie_slice.csv"
    leie = leie_path.read_bytes().decode("ascii")
    if LEIE_FORMER_NAME not in leie:
        leie_path.write_bytes((leie + LEIE_FORMER_NAME + "\r\n").encode("ascii"))


if __name__ == "__main__":
    main()
