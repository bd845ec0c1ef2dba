"""Realistic synthetic records for demos, benchmarks and scale tests.

Deterministic: the same count and seed give the same bytes. A share of records carries the
defects seen in real published tables (domain.md), so validation has work to do.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from generator.model.decimals import divide, format_percent, multiply, quantize_half_up

_DEPARTMENTS = (
    ("edu", "教育局"), ("health", "卫生健康委员会"), ("water", "水利局"), ("agri", "农业农村局"),
    ("energy", "能源安全监测中心"), ("transport", "交通运输局"), ("culture", "文化体育广播电视和旅游局"),
    ("civil", "民政局"), ("env", "生态环境局"), ("finance", "财政局"),
)
_SUBJECTS = ("农村饮水安全", "义务教育薄弱环节改善", "基层医疗卫生服务", "煤矿安全监管", "公路养护",
             "文化惠民演出", "养老服务补贴", "大气污染防治", "高标准农田建设", "政务信息化运维",
             "防汛抗旱", "公共图书馆免费开放", "残疾人康复救助", "生活垃圾分类", "节能监察")
_KINDS = ("专项经费", "工作经费", "补助资金", "运维经费", "建设项目")
_QUANTITY = (("完成{s}任务", "次"), ("覆盖{s}对象", "人次"), ("开展{s}检查", "次"),
             ("编制{s}报告", "份"), ("建设{s}点位", "个"))
_QUALITY = ("{s}验收合格率", "{s}问题整改率", "{s}达标率")


def synth_records(count: int, seed: int = 0, year: int = 2023) -> list[dict[str, Any]]:
    """Return `count` records as plain data in field order (for generator.importers.emit.emit_record)."""
    rng = random.Random(seed)
    records = [_record(rng, index, year) for index in range(count)]
    # A department prints each title once a year, as real ones do: a repeated title becomes
    # another batch, so a recurring project is one record a year and the site's series stay
    # as short as the years however many records are made.
    seen: dict[tuple[str, str], int] = {}
    for data in records:
        key = (data["department"], data["title"])
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            data["title"] = f"{data['title']}（第{seen[key]}批）"
    return records


def _record(rng: random.Random, index: int, year: int) -> dict[str, Any]:
    code, department = rng.choice(_DEPARTMENTS)
    subject = rng.choice(_SUBJECTS)
    budget = Decimal(rng.randint(500, 500000)) / Decimal(100)
    executed = min(budget, quantize_half_up(multiply(budget, Decimal(rng.randint(70, 100)) / 100)))
    rate = divide(executed, budget)
    funds_score = quantize_half_up(multiply(Decimal(10), rate))
    indicators = _indicators(rng, subject, budget)
    reported_total = funds_score + sum((i["score"] for i in indicators), Decimal(0))
    if rng.random() < 0.1:  # a declared total that is not the sum (seen in real tables)
        reported_total += Decimal(5)
    return {
        "schema_version": 1,
        "id": f"{year}-{code}-{index:05d}",
        "year": year,
        "title": f"{subject}{rng.choice(_KINDS)}",
        "department": f"示例市{department}",
        "implementer": f"示例市{department}",
        "amount_unit": "万元",
        "funds": {
            "weight": Decimal(10),
            "total": _row(budget, executed),
            "fiscal": _row(budget, executed),
            "carryover": _row(Decimal(0), Decimal(0)),
            "other": _row(Decimal(0), Decimal(0)),
            "reported": {"rate": format_percent(rate), "score": funds_score},
        },
        "goals": {"planned": f"按计划完成{subject}年度任务，提升服务水平。",
                  "achieved": f"已完成{subject}年度任务，服务水平有所提升。"},
        "indicators": indicators,
        "total": {"weight": Decimal(100), "score": reported_total, "grade": None},
        "notes": "",
        "source": {"document": f"{year}年度项目支出绩效自评表（合成示例）", "file": None,
                   "sha256": None, "url": "https://example.invalid/synthetic"},
    }


def _row(budget: Decimal, executed: Decimal) -> dict[str, Decimal]:
    return {"initial": budget, "budget": budget, "executed": executed}


def _indicators(rng: random.Random, subject: str, budget: Decimal) -> list[dict[str, Any]]:
    rows = []
    name, unit = rng.choice(_QUANTITY)
    target = rng.randint(2, 50)
    actual = target if rng.random() < 0.8 else rng.randint(1, target)
    rows.append(_row_of("产出指标", "数量指标", name.format(s=subject), f">={target}{unit}",
                        f"{actual}{unit}", 20, divide(Decimal(actual), Decimal(target))))
    quality = rng.randint(85, 100)
    rows.append(_row_of("产出指标", "质量指标", rng.choice(_QUALITY).format(s=subject), ">=90%",
                        f"{quality}%", 15, min(Decimal(1), divide(Decimal(quality), Decimal(90)))))
    rows.append(_row_of("产出指标", "时效指标", "项目实施时间", "2023年1月-12月", "2023年1月-12月", 5,
                        Decimal(1)))
    rows.append(_row_of("产出指标", "成本指标", "严格按照预算执行（万元）", f"<={budget}万元",
                        f"{budget}万元", 10, Decimal(1)))
    rows.append(_row_of("效益指标", "社会效益指标", f"{subject}服务水平", "提升", "100%", 30,
                        Decimal(rng.choice(("1", "1", "0.9")))))
    rows.append(_row_of("满意度指标", "服务对象满意度指标", "服务对象满意度（%）", ">=90%",
                        f"{rng.randint(88, 99)}%", 10, Decimal(1)))
    return rows


def _row_of(level1: str, level2: str, name: str, target: str, actual: str, weight: int,
            share: Decimal) -> dict[str, Any]:
    score = quantize_half_up(multiply(Decimal(weight), share))
    return {"level1": level1, "level2": level2, "name": name, "target": target, "actual": actual,
            "weight": Decimal(weight), "score": score,
            "deviation": "" if score == weight else "受客观因素影响未完全达成，下一年度加强跟踪管理。"}
