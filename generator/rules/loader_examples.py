"""A passing and a failing example for each loader and schema code (`LOADER_CODES`).

The semantic rules carry their examples in their docstrings; the loader's codes are raised
inside the reader and the schema walk, so their examples live here, shown by `explain`.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, str]] = {
    "Y001": ("title: 昌吉州煤矿安全综合联网监控系统运维工作经费", 'title: "昌吉州煤矿安全综合联网监控系统运维工作经费'),
    "Y002": ("funds:\n  weight: 10", "funds:\n  weight: 10\n  weight: 5"),
    "Y003": ("fiscal: {initial: 85, budget: 85, executed: 76.83}",
             "fiscal: &f {initial: 85, budget: 85, executed: 76.83}\nother: *f"),
    "Y004": ('target: ">=1次"', "target: !!str >=1次"),
    "Y005": ("以 UTF-8 编码保存的文件", "以 GBK 编码保存的文件"),
    "Y006": ("以“UTF-8（无 BOM）”保存的文件", "以“UTF-8 with BOM”保存的文件"),
    "Y007": ("funds:\n␣␣weight: 10", "funds:\n→weight: 10（→ 为 Tab）"),
    "Y008": ("一张自评表，几千字节", "超过 1 MiB 的文件"),
    "Y009": ("schema_version: 1\nid: 2021-a", "- schema_version: 1\n- id: 2021-a"),
    "Y010": ("schema_version: 1\n…", "（空文件，或只有注释）"),
    "Y011": ("schema_version: 1\n…", "schema_version: 1\n…\n---\nschema_version: 1"),
    "Y012": ("fiscal: {initial: 0, budget: 0, executed: 0}",
             "other:\n  <<: {initial: 0, budget: 0, executed: 0}"),
    "Y013": ("funds:\n  total: {initial: 85, budget: 85, executed: 76.83}", "嵌套超过 12 层的列表或映射"),
    "Y014": ("content/records/2021/2021-a.yaml（存在且可读）", "不存在或无读取权限的文件"),
    "S101": ("title: 昌吉州煤矿安全综合联网监控系统运维工作经费", "（删除了 title: 这一行）"),
    "S102": ("weight: 10", "weight: abc"),
    "S103": ("deviation: \"\"", "devation: \"\"（提示：是否想写“deviation”？）"),
    "S109": ("amount_unit: 万元", "amount_unit: 千元"),
    "S110": ("id: 2021-cj-coal-network-ops", "id: 2021_昌吉煤矿"),
    "S120": ("content/site.yaml 中只有 title、publisher、region、profile 等已知字段", "tittle: 项目支出绩效自评公开"),
    "S121": ("profile: national", "profile: nosuch"),
}
"""Code → (passes, fails), each a YAML fragment or a description of the file."""
