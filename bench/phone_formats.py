"""The usual ways a Russian number is typed, shared by the measure scripts
(``odoo-bin shell`` reads those from standard input: they load this file by
path, from ``BENCH_ROOT``)."""

FORMATS = [
    lambda d: f"+7 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}",
    lambda d: f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}",
    lambda d: f"7{d}",
    lambda d: f"8{d}",
    lambda d: f"+7 {d[:3]} {d[3:6]} {d[6:8]} {d[8:]}",
    lambda d: d,
    lambda d: f"8-{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}",
]
