"""``manage.py bench --pdf``: what a monthly log's PDF costs per page, short and long.

A 2-page and a 20-page monthly service log are laid out through the forms' registry
(``communications.documents.render_document_pages``, the worker's path), in Chinese, on a
throwaway database like the rest of the benchmark. The log is synthetic and never saved:
an unsaved project and client carry it, so only the letterhead is read from the database.
Each length is calibrated to its page count, warmed up once (fonts), then timed; the
report gives seconds per page for each length and their ratio — a long log must not cost
more per page than a short one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from time import perf_counter

from servicebook.clients.models import Client
from servicebook.communications.documents import render_document_pages
from servicebook.communications.models import DocumentKind, LogKind, ServiceLog
from servicebook.core.models import AgencySettings
from servicebook.demo.bench import current_test_database, throwaway_database
from servicebook.demo.bench_data import Out
from servicebook.projects.models import Project

PAGE_COUNTS = (2, 20)
LANGUAGE = "zh-hans"
# Paragraphs of the synthetic work-done section per page, as a first guess.
PARAGRAPHS_PER_PAGE = 32
CALIBRATION_TRIES = 10
# The long log may cost at most this much more per page than the short one.
PER_PAGE_TOLERANCE = 1.25


@dataclass
class PdfMeasurement:
    """One length: the pages asked for and laid out, the content, the median seconds."""

    target_pages: int
    pages: int
    paragraphs: int
    seconds: float

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / self.pages


def synthetic_monthly_log(paragraphs: int) -> ServiceLog:
    """An unsaved monthly log whose work-done section has ``paragraphs`` numbered lines."""
    client = Client(legal_name="长沙基准星河置业有限公司", short_name="基准星河")
    project = Project(code="XM-2026-9999", name="基准星河 全程营销策划", client=client)
    work = "\n\n".join(
        f"{n}. 10月{1 + n % 28}日 完成第{n}项工作：竞品楼盘调研、客户访谈记录整理，"
        "并按客户意见修订营销策划大纲与媒体投放计划。"
        for n in range(1, paragraphs + 1)
    )
    return ServiceLog(
        project=project,
        kind=LogKind.MONTHLY,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        due_on=date(2026, 11, 4),
        progress="本月计划 12 项，完成 10 项（按时 9 项），2 项延期。",
        deliverables="营销策划大纲、竞品分析报告、媒体计划",
        work_done=work,
        client_feedback="客户对策划大纲总体满意，要求补充价格策略。",
        communications="10月13日 电话沟通开盘时间；10月15日 拜访客户确认推广预算。",
        client_requests="客户要求增加一次媒体投放方案比选。",
        awaiting_confirmation="VI 手册第二稿待客户确认。",
        problems="开盘时间未定，影响推广排期。",
        next_plan="完成媒体计划并召开创意会。",
        figures={"planned": 12, "done": 10, "on_time": 9, "open": 2, "overdue": 2},
    )


def laid_out_pages(paragraphs: int) -> int:
    """How many pages the synthetic log of ``paragraphs`` lines takes."""
    log = synthetic_monthly_log(paragraphs)
    return render_document_pages(DocumentKind.MONTHLY_LOG, log, LANGUAGE).pages


def calibrate(target: int) -> tuple[int, int]:
    """The number of lines that fills ``target`` pages (and the pages it really takes):
    a first guess scaled by the pages it took, then halving the interval."""
    low, high = 1, 0  # high 0: no upper bound found yet
    paragraphs = max(1, target * PARAGRAPHS_PER_PAGE - PARAGRAPHS_PER_PAGE // 2)
    pages = laid_out_pages(paragraphs)
    for _ in range(CALIBRATION_TRIES):
        if pages == target:
            break
        if pages < target:
            low = paragraphs + 1
            paragraphs = (low + high) // 2 if high else round(paragraphs * target / pages) + 1
        else:
            high = paragraphs - 1
            paragraphs = (low + high) // 2
        pages = laid_out_pages(max(1, paragraphs))
    return paragraphs, pages


def measure(target: int, runs: int) -> PdfMeasurement:
    """Calibrate, warm up, then the median of ``runs`` layouts of the log."""
    paragraphs, pages = calibrate(target)
    log = synthetic_monthly_log(paragraphs)
    render_document_pages(DocumentKind.MONTHLY_LOG, log, LANGUAGE)  # warm-up
    times = []
    for _ in range(runs):
        started = perf_counter()
        rendered = render_document_pages(DocumentKind.MONTHLY_LOG, log, LANGUAGE)
        times.append(perf_counter() - started)
        pages = rendered.pages
    return PdfMeasurement(target, pages, paragraphs, median(times))


def report(rows: list[PdfMeasurement], out: Out) -> list[str]:
    """Print seconds per page for each length and their ratio; return the problems."""
    out(f"\nMonthly service log PDF ({LANGUAGE}), in-process, median per layout")
    out(f"{'pages':>6} {'lines':>7} {'seconds':>9} {'s/page':>8}")
    for row in rows:
        out(f"{row.pages:>6} {row.paragraphs:>7} {row.seconds:>9.3f} {row.seconds_per_page:>8.4f}")
    for row in rows:
        if row.pages != row.target_pages:
            out(f"  note: asked for {row.target_pages} pages, the closest layout has {row.pages}")
    problems: list[str] = []
    short, long = rows[0], rows[-1]
    ratio = long.seconds_per_page / short.seconds_per_page
    verdict = "OK" if ratio <= PER_PAGE_TOLERANCE else "GROWS"
    out(
        f"per-page cost, {long.pages} vs {short.pages} pages: ×{ratio:.2f} "
        f"(must stay ≤ ×{PER_PAGE_TOLERANCE}) {verdict}"
    )
    if verdict != "OK":
        problems.append(f"the per-page cost grows with length (×{ratio:.2f})")
    return problems


def run_pdf_bench(
    runs: int, *, out: Out, keep: bool = False, use_current_db: bool = False
) -> list[str]:
    """Measure the 2- and 20-page monthly logs on a throwaway database; return problems."""
    database = current_test_database() if use_current_db else throwaway_database(keep=keep, out=out)
    with database:
        AgencySettings.objects.update_or_create(
            pk=1, defaults={"name_zh": "长沙基准营销策划有限公司", "fax": "073100000000"}
        )
        rows = [measure(target, runs) for target in PAGE_COUNTS]
    return report(rows, out)
