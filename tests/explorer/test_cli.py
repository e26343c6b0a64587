"""``mcugraph html`` and the explorer build stage: output, exit codes and messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from explorer_fixtures import SPOILERS

from mcugraph.cli import main


@pytest.fixture
def data(write_data) -> Path:
    return write_data(SPOILERS)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_html_writes_the_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "fans" / "explorer.html"
    code, stdout, stderr = run("html", "--data", str(data), "-o", str(out))
    assert code == 0, stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    size = out.stat().st_size
    assert stdout == f"wrote {out} ({size / 1e6:.1f} MB)\n"


def test_html_to_stdout(data: Path) -> None:
    code, stdout, _ = run("html", "--data", str(data), "-o", "-", "--watched-through", "The Movie")
    assert code == 0
    assert stdout.startswith("<!doctype html>")
    assert "spoiler shield: watched through The Movie (release order)" in stdout
    assert "Villain" not in stdout


def test_every_option_together(data: Path) -> None:
    code, stdout, _ = run(
        "html",
        "--data",
        str(data),
        "-o",
        "-",
        "--focus",
        "Hero",
        "--depth",
        "1",
        "--watched-through",
        "show-s1e03",
        "--order",
        "binge",
    )
    assert code == 0
    assert "order &#39;The Binge&#39;" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--order", "bing"],
            "no order is called 'bing'; did you mean 'binge'? (orders: release, in-universe, binge, story)",
        ),
        (
            ["--watched-through", "show-s9"],
            "nothing is called 'show-s9'; did you mean 'work:show-s2', 'work:show-s1', 'work:show'?",
        ),
        (
            ["--watched-through", "show-s1", "--order", "story", "--focus", "twist"],
            "'Twist' is not revealed by The Show 1x03 \"Three\" in the order 'Story Order': "
            "choose an entity seen by then, or leave out --focus",
        ),
        (["--focus", "The Tower of Nothing"], "nothing is called 'The Tower of Nothing'; did you mean 'The Tower'?"),
    ],
)
def test_wrong_calls_exit_2_with_a_message(data: Path, args: list[str], message: str) -> None:
    code, stdout, stderr = run("html", "--data", str(data), "-o", "-", *args)
    assert (code, stdout) == (2, "")
    assert stderr == f"Error: {message}\n"


def test_a_work_outside_the_order(write_data) -> None:
    path = write_data(SPOILERS.replace("items: [show-s1, movie, show-s2]", "items: [movie]"))
    code, _, stderr = run("html", "--data", str(path), "-o", "-", "--order", "binge", "--watched-through", "show-s1")
    assert code == 2
    assert stderr == (
        "Error: 'The Show season 1' is not in the order 'The Binge': choose a film, season or episode it lists "
        "(The Movie)\n"
    )


def test_wrong_calls_exit_2(data: Path) -> None:
    code, _, stderr = run("html", "--data", str(data))
    assert code == 2 and "Missing option '-o' / '--output'" in stderr
    code, _, stderr = run("html", "--data", str(data), "-o", "-", "--depth", "-1")
    assert code == 2 and "Invalid value for '--depth': -1 is not in the range 0<=x<=20." in stderr


def test_bad_data_and_unwritable_output(write_data, tmp_path: Path) -> None:
    code, _, stderr = run("html", "--data", str(tmp_path / "none.yaml"), "-o", "-")
    assert code == 1
    assert stderr == f"Error: no data file at '{tmp_path / 'none.yaml'}': pass --data PATH or set MCUGRAPH_DATA\n"
    good = write_data(SPOILERS)
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    code, _, stderr = run("html", "--data", str(good), "-o", str(blocker / "x.html"))
    assert code == 1
    assert stderr.startswith(f"Error: cannot write {blocker / 'x.html'}: ")
    assert "Traceback" not in stderr


def test_build_writes_index_html(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    code, stdout, stderr = run("build", "--data", str(data), "-o", str(out))
    assert code == 0, stderr
    assert f"wrote {out / 'index.html'}" in stdout
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_help_is_fast_to_import() -> None:
    import subprocess
    import sys

    code = "import sys, mcugraph.cli; print(sorted(m for m in ('jinja2', 'pyvis', 'networkx') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
