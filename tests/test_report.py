"""The HTML report: self-contained, its counts equal the records', every statement in it, filters that work
in a real browser (headless Chromium), and a screenshot."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import cli
from extractor.report import build_report, default_levels, svg_bars
from extractor.rulefiles import load_yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    rec, docs, page = out / "records.jsonl", out / "documents.jsonl", out / "report.html"
    res = CliRunner().invoke(cli, ["extract", str(SAMPLES), "-o", str(rec), "--documents", str(docs), "-q", "-w", "1"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["report", str(rec), "--documents", str(docs), "-o", str(page)])
    assert res.exit_code == 0, res.output
    records = [json.loads(l) for l in rec.read_text(encoding="utf-8").splitlines()]
    summaries = [json.loads(l) for l in docs.read_text(encoding="utf-8").splitlines()]
    return page, records, summaries


@pytest.mark.parametrize("example", load_yaml("levels.yaml")["examples"], ids=lambda e: str(e["role"])[:40])
def test_levels_yaml_example_gets_its_level(example):
    assert default_levels().of(example["role"]) == example["level"]


def test_the_report_is_self_contained(report):
    page, _, _ = report
    text = page.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text and "@import" not in text
    assert not re.findall(r"(?:src|href)=\"https?://", text)
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"] * text.count("<svg")


def test_every_statement_and_the_totals_are_in_the_page(report):
    page, records, summaries = report
    text = html.unescape(page.read_bytes().decode("utf-8"))  # bytes: keep the documents' CRLF line ends
    for r in records:
        assert r["text"] in text, r["id"]
    data = build_report(records, summaries)
    recs = [r for r in records if r["kind"] == "recommendation"]
    assert data["totals"]["documents"] == len(summaries)
    assert data["totals"]["recommendations"] == len(recs)
    assert data["totals"]["answered"] == sum(1 for r in recs if r["answered_by"])


def test_a_bar_chart_is_inline_svg_with_its_labels_and_counts():
    svg = str(svg_bars([("Biên chế, nhân sự", 12), ("Kinh phí <ngân sách>", 3)]))
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    assert "Kinh phí &lt;ngân sách&gt;" in svg and ">12<" in svg and ">3<" in svg


def _dom(url: str, tmp: Path) -> "lxml.html.HtmlElement":
    from lxml import html as lhtml

    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp}",
                          "--virtual-time-budget=5000", "--dump-dom", url], capture_output=True, timeout=120)
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    return lhtml.fromstring(res.stdout.decode("utf-8"))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_in_a_browser_the_counts_statements_and_filters_work(report, tmp_path):
    page, records, _ = report
    dom = _dom(page.as_uri(), tmp_path / "profile")
    assert dom.getroottree().getroot().get("data-ready") == "1"  # the page's script ran
    recs = sum(1 for r in records if r["kind"] == "recommendation")
    assert dom.get_element_by_id("total-recommendations").text_content().strip() == str(recs)
    rows = dom.xpath("//tr[contains(@class, 'item')]")
    assert len(rows) == len(records) and not [r for r in rows if r.get("hidden") is not None]
    assert {r.get("data-id") for r in rows} == {r["id"] for r in records}
    assert dom.get_element_by_id("shown").text_content() == f"Đang hiện {len(records)} / {len(records)} mục"
    # a filter (set through the address, as a shared link would) hides what does not match
    staffing = sum(1 for r in records if "staffing" in r["topics"])
    dom = _dom(page.as_uri() + "#topic=staffing", tmp_path / "profile2")
    shown = [r for r in dom.xpath("//tr[contains(@class, 'item')]") if r.get("hidden") is None]
    assert len(shown) == staffing and all("staffing" in r.get("data-topics").split() for r in shown)
    dom = _dom(page.as_uri() + "#kind=response&level=" + "tỉnh/thành phố", tmp_path / "profile3")
    shown = [r for r in dom.xpath("//tr[contains(@class, 'item')]") if r.get("hidden") is None]
    assert shown and all(r.get("data-kind") == "response" and r.get("data-level") == "tỉnh/thành phố" for r in shown)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs the Debian package 'chromium')")
def test_in_a_browser_the_report_renders_a_screenshot(report, tmp_path):
    page, _, _ = report
    shot = Path(os.environ.get("REPORT_SCREENSHOT") or tmp_path / "report.png")
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
                          "--window-size=1280,1800", f"--screenshot={shot}", page.as_uri()],
                         capture_output=True, timeout=120)
    assert res.returncode == 0 and shot.is_file() and shot.stat().st_size > 20_000, res.stderr[-1000:]
