"""Independent reference for the rank-bonus example (see examples/refkit.py)."""

import sys
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from refkit import F, half_up, read, write  # noqa: E402

SHARES = {1: Fraction(30, 100), 2: Fraction(20, 100), 3: Fraction(10, 100)}


def main() -> None:
    rows = read(HERE)
    teams: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        teams.setdefault(r["团队"], []).append(r)
    out = {}
    for members in teams.values():
        score = {m["工号"]: F(m["绩效得分"]) for m in members}
        rank = {k: 1 + sum(1 for o in score.values() if o > v) for k, v in score.items()}
        tied = {k: sum(1 for o in rank.values() if o == rank[k]) for k in rank}
        pool = F(members[0]["团队奖金池(元)"])
        share = {k: sum(SHARES.get(p, Fraction(0)) for p in range(rank[k], rank[k] + tied[k])) / tied[k] for k in rank}
        paid = sum(share.values()) * pool
        exact = {k: paid * s / sum(share.values()) * 100 for k, s in share.items()}  # cents
        cents = {k: int(v) for k, v in exact.items()}
        left = int(Fraction(half_up(paid, 2)) * 100) - sum(cents.values())
        keys = [m["工号"] for m in members]
        for k in sorted(keys, key=lambda k: (-(exact[k] - cents[k]), -share[k], keys.index(k)))[:left]:
            cents[k] += 1
        for k in keys:
            out[k] = [k, half_up(score[k], 2), str(rank[k]), f"{cents[k] // 100}.{cents[k] % 100:02d}"]
    write(HERE, ["id", "total", "团队排名", "排名奖金"], [out[r["工号"]] for r in rows])


if __name__ == "__main__":
    main()
