"""The newsroom-day benchmark's pure parts: the readers' paths, wrk's figures, the verdicts.
No load is generated and nothing is timed here."""

import json
import random
from collections import Counter

import pytest

from bench.newsroom_day import (
    SHARES,
    build_paths,
    combine,
    desk_figures,
    parse_wrk,
    ratios,
    results_lines,
    verdicts,
    write_paths,
    zipf_sample,
)

ARTICLES = [f"/news/article-{rank}/" for rank in range(1, 2001)]  # newest first
SECTIONS = [f"/section/{name}/" for name in ("politics", "world", "business")]
TAGS = [f"/tag/topic-{rank}/" for rank in range(1, 101)]  # most used first


@pytest.fixture(scope="module")
def paths():
    return build_paths(ARTICLES, SECTIONS, TAGS, count=50_000, seed=1)


def test_the_mix_is_four_fifths_articles_and_the_rest_fronts(paths):
    kinds = Counter(
        "article" if path in ARTICLES else "home" if path == "/" else path.split("/")[1]
        for path in paths
    )

    assert len(paths) == 50_000
    for kind, share in SHARES.items():
        assert kinds[kind] / len(paths) == pytest.approx(share, abs=0.01), kind


def test_articles_follow_a_zipf_law_over_recency(paths):
    reads = Counter(path for path in paths if path in ARTICLES)
    newest, second, tenth = (reads[ARTICLES[rank]] for rank in (0, 1, 9))

    # Rank r is read in proportion to 1 / r ** 1.05: the newest about twice the second
    # and eleven times the tenth.
    assert newest / second == pytest.approx(2**1.05, rel=0.15)
    assert newest / tenth == pytest.approx(10**1.05, rel=0.2)
    # The long tail is read too: old articles appear, and most paths are distinct.
    assert any(reads[path] for path in ARTICLES[1000:])


def test_the_share_of_the_head_matches_the_law():
    rng = random.Random(3)
    items = list(range(1, 1001))

    drawn = Counter(zipf_sample(rng, items, 100_000, exponent=1.05))

    harmonic = sum(1 / rank**1.05 for rank in items)
    assert drawn[1] / 100_000 == pytest.approx(1 / harmonic, rel=0.05)
    assert set(drawn) <= set(items)


def test_tag_fronts_favour_the_most_used_tags(paths):
    tag_reads = Counter(path for path in paths if path.startswith("/tag/"))

    assert tag_reads[TAGS[0]] > tag_reads[TAGS[9]] > tag_reads[TAGS[99]]


def test_the_same_seed_gives_the_same_readers_and_another_seed_others():
    first = build_paths(ARTICLES, SECTIONS, TAGS, count=500, seed=7)

    assert build_paths(ARTICLES, SECTIONS, TAGS, count=500, seed=7) == first
    assert build_paths(ARTICLES, SECTIONS, TAGS, count=500, seed=8) != first


def test_the_path_list_is_one_path_a_line(tmp_path):
    file = tmp_path / "readers.paths"

    write_paths(["/", "/section/world/", "/news/a/"], file)

    assert file.read_text() == "/\n/section/world/\n/news/a/\n"


def wrk_output(counts, errors=None, statuses=None, requests=1000):
    data = {
        "requests": requests,
        "duration_us": 10_000_000,
        "bytes": requests * 9000,
        "errors": {
            "connect": 0,
            "read": 0,
            "write": 0,
            "status": 0,
            "timeout": 0,
            **(errors or {}),
        },
        "latency_us": {"p50": 1500, "p90": 9000, "p99": 42000, "max": 90000, "mean": 2500.0},
        "counts": {
            "edge_hit": 0,
            "edge_grace": 0,
            "edge_miss": 0,
            "app_hit": 0,
            "app_renewed": 0,
            "app_stale": 0,
            "app_miss": 0,
            "app_none": 0,
            "not_ok": 0,
            "wrapped": 0,
            **counts,
        },
        "statuses": statuses or {},
    }
    return f"Running 10s test @ http://127.0.0.1:8000/\nNEWSDAY-JSON {json.dumps(data)}\n"


def test_figures_through_varnish_count_its_hits_and_grace_hits():
    figures = parse_wrk(
        wrk_output({"edge_hit": 700, "edge_grace": 100, "edge_miss": 200, "app_miss": 200})
    )

    assert figures["requests_per_second"] == 100.0
    assert figures["hit_ratio"] == 0.8
    assert (figures["p50_ms"], figures["p99_ms"]) == (1.5, 42.0)
    assert figures["errors"] == 0
    assert figures["bytes_per_response"] == 9000


def test_figures_straight_at_the_app_count_page_cache_hits_and_stale_copies():
    figures = parse_wrk(wrk_output({"app_hit": 550, "app_stale": 50, "app_miss": 400}))

    assert figures["hit_ratio"] == 0.6


def test_pages_that_only_took_new_sidebars_count_as_hits_and_on_their_own():
    figures = parse_wrk(wrk_output({"app_hit": 500, "app_renewed": 100, "app_miss": 400}))

    assert (figures["hit_ratio"], figures["renewed_ratio"]) == (0.6, 0.1)


def test_every_answer_but_200_and_every_socket_error_is_an_error():
    figures = parse_wrk(
        wrk_output(
            {"edge_hit": 990, "edge_miss": 10, "not_ok": 4},
            errors={"status": 3, "timeout": 2},
            statuses={"503": 3, "301": 1},
        )
    )

    # wrk's "status" errors (400 and above) are among the four answers that were not 200.
    assert figures["errors"] == 6
    assert figures["error_detail"]["not_200"] == {"503": 3, "301": 1}


def test_output_without_figures_is_refused():
    with pytest.raises(ValueError, match="no figures"):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_ceiling_runs_combine_into_one_figure():
    runs = [
        {"requests": 1000, "seconds": 10.0, "p50_ms": 2.0, "p99_ms": 9.0, "errors": 0},
        {"requests": 3000, "seconds": 10.0, "p50_ms": 1.0, "p99_ms": 30.0, "errors": 1},
        {"requests": 2000, "seconds": 10.0, "p50_ms": 1.5, "p99_ms": 12.0, "errors": 0},
    ]

    combined = combine(runs)

    assert combined["requests_per_second"] == 200.0
    assert (combined["p50_ms"], combined["p99_ms"], combined["errors"]) == (1.5, 30.0, 1)


def run_figures(requests_per_second, errors=0, hit_ratio=0.5):
    return {
        "requests_per_second": requests_per_second,
        "hit_ratio": hit_ratio,
        "p50_ms": 5.0,
        "p99_ms": 50.0,
        "errors": errors,
        "desk": desk_figures([]),
        "load_average_before": 1.0,
        "load_average_after": 1.2,
    }


def ceiling_figures(requests_per_second):
    return {"requests_per_second": requests_per_second, "p50_ms": 1.0, "p99_ms": 5.0, "errors": 0}


def report(app_none, app_10s, varnish_page, nginx, errors=0):
    runs = {
        "varnish/none": run_figures(3000),
        "app/none": run_figures(app_none),
        "app/10s": run_figures(app_10s, errors=errors),
    }
    ceilings = {
        "app_constant": ceiling_figures(1000),
        "varnish_page": ceiling_figures(varnish_page),
        "nginx_static": ceiling_figures(nginx),
    }
    return {"runs": runs, "ceilings": ceilings}


def test_the_targets_are_met_when_every_share_is_reached():
    found = verdicts(report(app_none=300, app_10s=250, varnish_page=12_000, nginx=20_000))

    assert [verdict["met"] for verdict in found] == [True, True, True, True]
    assert [verdict["value"] for verdict in found] == [0.25, 0.833, 0.6, 0]


def test_each_missed_target_is_reported_as_missed():
    found = verdicts(report(app_none=300, app_10s=150, varnish_page=8_000, nginx=20_000, errors=3))

    assert [verdict["met"] for verdict in found] == [False, False, False, False]


def test_the_results_table_names_each_run_and_ratio():
    measured = report(app_none=300, app_10s=250, varnish_page=12_000, nginx=20_000)
    measured["runs"]["app/10s"]["desk"] = desk_figures(
        [
            {"action": "publish", "seconds": 0.2},
            {"action": "edit", "seconds": 0.05},
            {"action": "publish", "seconds": 0.3},
        ]
    )
    measured.update(
        finished="2026-12-02 18:55 UTC",
        command="make bench",
        options={"connections": 16, "duration": 60, "warmup": 20, "workers": 2},
        paths={"count": 600_000, "distinct": 52_000},
        machine="2 CPUs (test)",
        static_bytes=9000,
        ratios=ratios(measured["runs"], measured["ceilings"]),
        verdicts=verdicts(measured),
    )

    text = "\n".join(results_lines(measured))

    assert "| straight at the 2 app servers | a publish or edit every 10 s | 250 | 0.50 |" in text
    assert "| 2 + 1 |" in text
    assert "| app, a publish or edit every 10 s / constant page | 0.250 |" in text
    assert "| Varnish, cached page, share of nginx static | ≥ 0.5 | 0.6 | yes |" in text
