"""Cut the bundled sample (src/kernfoto/data/sample) from the full open-data files.

Keeps, from every table: the Nederland row, every gemeente row (so gemeenten can be compared
within a region and Nederland can be derived where a table has no Nederland row), and all wijk
and buurt rows of the sample gemeente. Files keep their CBS/RIVM format and table id.

    python scripts/make_sample.py ../shared/data src/kernfoto/data/sample GM1904
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def keep(code: str, gm: str) -> bool:
    code = code.strip()
    digits = gm[2:]
    return code.startswith(("NL", "GM")) or code.startswith(("WK" + digits, "BU" + digits))


def cut(src: Path, dst: Path, gm: str, code_col: str, sep: str = ",") -> int:
    lines = src.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(sep)
    idx = header.index(code_col)
    kept = [lines[0]] + [ln for ln in lines[1:] if keep(ln.split(sep)[idx], gm)]
    dst.write_text("".join(kept), encoding="utf-8")
    return len(kept) - 1


def main(shared: str, out: str, gm: str) -> None:
    s, o = Path(shared), Path(out)
    o.mkdir(parents=True, exist_ok=True)
    for year, group in (("2012", "18plus"), ("2016", "18plus"), ("2020", "18plus"), ("2020", "65plus")):
        src = s / f"rivm-gezondheid/rivm_50090NED_gezondheid_wijk_buurt_{year}_{group}.csv"
        n = cut(src, o / f"rivm_50090NED_gezondheid_{year}_{group}_{gm}.csv", gm, "Codering_3")
        print(src.name, n)
    n = cut(s / "cbs-kwb/kwb_2024_85984NED_gemeente_wijk_8vars.csv", o / f"kwb_2024_85984NED_gemeente_wijk_{gm}.csv", gm, "code")
    print("kwb 2024", n)
    shutil.copy(s / "cbs-kwb/kwb_2022_buurt_GM1904_stichtse_vecht.csv", o / "kwb_2022_buurt_GM1904_stichtse_vecht.csv")
    shutil.copy(s / "cbs-kwb/kwb_2019_gemeenten_14vars.csv", o / "kwb_2019_gemeenten.csv")
    shutil.copy(s / "cbs-kwb/85984NED_2024_DataProperties.json", o / "85984NED_2024_DataProperties.json")


if __name__ == "__main__":
    main(*sys.argv[1:4])
